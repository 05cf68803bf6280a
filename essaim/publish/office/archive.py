"""Zip archives with fixed dates and order, so that the same document gives the same bytes."""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime

# ---------------------------------------------------------------- deterministic archives


def normalize_archive(data: bytes, when: datetime, drop: tuple[str, ...] = ()) -> bytes:
    """The same archive with fixed entry dates and permissions, so equal input gives equal bytes.

    Entries keep their order (ODF wants `mimetype` first, stored uncompressed); entries under
    a `drop` prefix (a generic thumbnail that would not show this document) are removed
    along with their manifest lines.
    """
    source = zipfile.ZipFile(io.BytesIO(data))

    def entries() -> Iterator[tuple[str, bytes]]:
        for entry in source.infolist():
            if entry.filename.startswith(drop):
                continue
            content = source.read(entry.filename)
            if drop and entry.filename == "META-INF/manifest.xml":
                content = _drop_manifest_entries(content, drop)
            yield entry.filename, content

    return write_archive(entries(), when)


def write_archive(entries: Iterable[tuple[str, bytes]], when: datetime) -> bytes:
    """A zip of (name, bytes) in that order, with fixed dates and permissions.

    The bytes are those Python's zipfile writes for the same entries (ZipInfo with these
    dates, Unix permissions, `mimetype` stored, the rest deflated at zlib's default level 6
    — level 9 took three times longer for 1 % smaller files —, into a seekable file: no
    data descriptor, no zip64), written here so that a part that does not change from one
    file to the next (a .docx's 800 KB of styles, an .odt's styles) is compressed once per
    process instead of once per file: that was half of a .docx. A test compares the bytes
    with zipfile's.
    """
    dt = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    output = bytearray()
    directory = bytearray()
    count = 0
    for name, content in entries:
        encoded = name.encode("ascii") if name.isascii() else name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        stored = name == "mimetype"
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        crc, data = (zlib.crc32(content), content) if stored else _deflated(content)
        mode = (0o40755 if name.endswith("/") else 0o100644) << 16
        offset = len(output)
        output += struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, method, dostime, dosdate, crc,
            len(data), len(content), len(encoded), 0,
        )  # fmt: skip
        output += encoded
        output += data
        directory += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, method, dostime, dosdate,
            crc, len(data), len(content), len(encoded), 0, 0, 0, 0, mode, offset,
        )  # fmt: skip
        directory += encoded
        count += 1
    start = len(output)
    output += directory
    output += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0)
    return bytes(output)


@functools.lru_cache(maxsize=32)
def _deflated(content: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream (zlib level 6, as zipfile writes it) of an entry;
    the parts every file of a format shares stay in the cache."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(content), compressor.compress(content) + compressor.flush()


def _drop_manifest_entries(manifest: bytes, prefixes: tuple[str, ...]) -> bytes:
    text = manifest.decode("utf-8")
    for prefix in prefixes:
        text = re.sub(
            r'\s*<manifest:file-entry[^>]*manifest:full-path="'
            + re.escape(prefix)
            + r'[^"]*"[^>]*/>',
            "",
            text,
        )
    return text.encode("utf-8")
