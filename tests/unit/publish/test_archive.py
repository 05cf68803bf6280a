"""The office files' zip writer (essaim/publish/office/archive.py) gives the bytes Python's
zipfile gives for the same entries: the shared parts it compresses once per process must not
change a byte of any file."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from essaim.publish.office.archive import write_archive

STYLES = b"<w:styles>" + b"".join(b'<w:style w:styleId="S%d"/>' % i for i in range(20000))
ENTRIES = [
    ("mimetype", b"application/vnd.oasis.opendocument.text"),
    ("Configurations2/", b""),
    ("content.xml", b"<office:document-content>texte</office:document-content>"),
    ("word/styles.xml", STYLES),
    ("vide.xml", b""),
    ("Pièces/notes.txt", "Réunion du comité".encode()),
    ("Thumbnails/thumbnail.png", bytes(range(256)) * 40),
]


def zipfile_archive(entries, when: datetime) -> bytes:
    """What the standard library writes for the same entries, dates and permissions."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=6 if info.compress_type else None)
    return output.getvalue()


@pytest.mark.parametrize(
    "when", [datetime(2026, 11, 29, 10, 31, 7), datetime(1975, 1, 1), datetime(2107, 12, 31)]
)
def test_same_bytes_as_zipfile_first_time_and_from_the_cache(when: datetime):
    expected = zipfile_archive(ENTRIES, when)
    assert write_archive(ENTRIES, when) == expected
    # The shared parts come from the cache the second time, copies of them too.
    again = [(name, bytes(bytearray(content))) for name, content in ENTRIES]
    assert write_archive(again, when) == expected


def test_the_archive_reads_back_whole():
    data = write_archive(ENTRIES, datetime(2026, 1, 15))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == ENTRIES
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("word/styles.xml").compress_size < len(STYLES) // 10


def test_a_changed_shared_part_is_compressed_again():
    when = datetime(2026, 1, 15)
    write_archive(ENTRIES, when)
    changed = [(n, c.replace(b"S1", b"T1") if n == "word/styles.xml" else c) for n, c in ENTRIES]
    assert write_archive(changed, when) == zipfile_archive(changed, when)
