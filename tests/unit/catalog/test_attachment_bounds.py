"""Attachments are judged in bounded, linear time: office archives and CSV files.

The worst archive an attacker can attach holds the largest XML text the check inflates
(essaim/catalog/archives.py: MAX_PART), stored without compression (so that no zip-bomb
ratio stops it first), made of one character or sequence that a pattern looks for. The
worst CSV file is the largest one read (settings.MAX_TEXT_ATTACHMENT_BYTES), made of
cells that each need a closer look. Each must be judged in under a second of processor time;
a backtracking pattern takes minutes on such input.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from essaim.catalog import archives, files
from essaim.settings import MAX_ATTACHMENT_BYTES, MAX_TEXT_ATTACHMENT_BYTES

SECONDS = 1.0
SIZE = archives.MAX_PART - 1_000
# What a pattern of archives.py starts on, and what could make it run on.
TRIGGERS = [
    "a", "<", "<f", "<f>", "<f>a(", "<w:instrText>", "<Relationship ", "<Relationship a=",
    ":formula=\"", ":formula='", ":href=\"", ":", "\"", "'", "<!", "<a:b", "|", "a:/", "#$",
    "[1]", "WEBSERVICE", "a.", "(", "=", "<t:a x:href=\"", "<d:image ", "<d:image x:href='a",
]  # fmt: skip
PARTS = {"ooxml": "word/_rels/document.xml.rels", "odf": "content.xml"}


def _archive(part: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(part, text.encode())
    return out.getvalue()


@pytest.mark.parametrize("family", sorted(PARTS))
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_worst_office_part_is_read_in_linear_time(family: str, trigger: str):
    text = (trigger * (SIZE // len(trigger) + 1))[:SIZE]
    for part in (PARTS[family], "xl/worksheets/sheet1.xml"):
        data = _archive(part, text)
        started = time.process_time()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archives.active_content(archive, family)
        seconds = time.process_time() - started
        assert seconds < SECONDS, f"{trigger!r} dans {part} : {seconds:.2f} s"


def test_a_part_larger_than_the_bound_is_refused_without_being_read():
    data = _archive("content.xml", "a" * (archives.MAX_PART + 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "trop volumineux" in archives.active_content(archive, "odf")


def test_a_zip_bomb_is_refused_before_anything_is_inflated():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"\0" * 50_000_000)
    started = time.process_time()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        found = archives.active_content(archive, "odf")
    assert "bombe de décompression" in found
    assert time.process_time() - started < 0.1


def test_ordinary_formulas_and_web_links_stay():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<sheetData><row><c r="B9"><f>SUM(B1:B8)*(1+B10)</f></c></row></sheetData>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="r1" TargetMode="External" Target='
            '"https://www.associations.gouv.fr/" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/hyperlink"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:instrText> TOC \\o "1-3" \\h </w:instrText>'
            '<w:instrText> HYPERLINK \\l "_Toc1" </w:instrText>',
        )
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archives.active_content(archive, "ooxml") is None


# Cells that each send the reader into its closer look: a sign, blanks, quotes.
CSV_CELLS = ["-1", " -", '" ', "\u200b", "a", "'=", "+ 1", "@"]


@pytest.mark.parametrize("cell", CSV_CELLS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_largest_csv_read_is_judged_fast(tmp_path: Path, cell: str, delimiter: str):
    unit = cell + delimiter
    row = unit * 20 + "\n"
    text = (row * (MAX_TEXT_ATTACHMENT_BYTES // len(row.encode()) + 1)).encode()
    text = text[:MAX_TEXT_ATTACHMENT_BYTES].decode("utf-8", "ignore")
    path = tmp_path / "donnees.csv"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    files.attachment_problem(path, "donnees.csv", "fiche")
    seconds = time.process_time() - started
    assert seconds < SECONDS, f"{cell!r} / {delimiter!r} : {seconds:.2f} s"


def test_a_text_attachment_beyond_the_bound_is_refused_unread(tmp_path: Path):
    path = tmp_path / "donnees.csv"
    path.write_bytes(b"a,b\n" * (MAX_TEXT_ATTACHMENT_BYTES // 4 + 1))
    found = files.attachment_problem(path, "donnees.csv", "fiche")
    assert found and "plus de 2 Mo" in found


# What the PDF reading starts on: names, escapes, stream keywords.
PDF_TRIGGERS = [
    "/", "/a#", "#41", "/JSa", "stream\n", "endstream", "streamx", "/J#5", "/URI ", "/URI (",
    "/URI <", "/URI %", "%", "/OpenAction ", "/J#61", "/ObjStm ", "/First /N ", "/N /First ",
    "/FlateDecode ", "stream\nendstream\n", "/ObjStm stream\nendstream\n",
    "/ObjStm /Filter /FlateDecode stream\nx\x9c\x03\x00\x00\x00\x00\x01endstream\n",
    "/First /N /AHx stream\n00endstream ", "stream \r", "(", "<<", "/URI (https://a",
    "/OpenAction %", "/a#41 ", "/J", "/E", "/N ",
]  # fmt: skip


@pytest.mark.parametrize("trigger", PDF_TRIGGERS)
def test_the_largest_pdf_is_read_in_linear_time(trigger: str):
    size = MAX_ATTACHMENT_BYTES - 1_000
    data = b"%PDF-1.7\n" + (trigger.encode() * (size // len(trigger) + 1))[:size]
    started = time.process_time()
    archives.pdf_active_content(data)
    seconds = time.process_time() - started
    assert seconds < SECONDS, f"{trigger!r} : {seconds:.2f} s"


def test_an_attachment_beyond_the_size_bound_is_refused_unread(tmp_path: Path):
    path = tmp_path / "rapport.pdf"
    with path.open("wb") as handle:  # a sparse file: nothing is written but its size
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    found = files.attachment_problem(path, "rapport.pdf", "fiche")
    assert found and "plus que les 20 Mo acceptés" in found
