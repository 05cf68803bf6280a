"""Zip archives with fixed dates and order, so that the same document gives the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
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
    """A zip of (name, bytes) in that order, with fixed dates and permissions."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            # zlib's default level: level 9 took three times longer for 1 % smaller files.
            target.writestr(info, content, compresslevel=6 if info.compress_type else None)
    return output.getvalue()


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
