"""What a downloaded file could run, read back from the files themselves.

Shared by the download tests and the hostile corpus: the open-data CSV (cells a
spreadsheet takes for a formula), spreadsheets (formula cells other than the generator's
sums), documents (links other than http, https and mailto, field codes).
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
import zipfile
from pathlib import Path

# What a spreadsheet reads as the start of a formula, written here independently of
# essaim/publish/formulas.py: the OWASP list and the full-width forms.
FORMULA_CHARS = set("=+-@\t\r\n＝＋－＠")
SAFE_LINK = re.compile(r"(?:https?://[^\s/?#]+|mailto:\S+)", re.I)
# A formula the generator writes: a SUM of cell references, nothing else.
GENERATED_XLSX = re.compile(r"=SUM\((?:(?:'[^']+'!)?[A-Z]+\d+(?::[A-Z]+\d+)?,?)+\)")
GENERATED_ODS = re.compile(r"of:=SUM\((?:\[(?:\$'[^']+')?\.[A-Z]+\d+(?::\.[A-Z]+\d+)?\];?)+\)")


def spreadsheet_runs(cell: str) -> bool:
    """True when a spreadsheet could take the cell for a formula."""
    if cell.startswith("'"):
        return False
    for char in cell:
        if char in FORMULA_CHARS:
            return True
        if not (char.isspace() or char in "'\"‘’“”«»" or unicodedata.category(char) in "CcCf"):
            return False
    return False


def xlsx_cells(data: bytes) -> list[tuple[str, str, object, str]]:
    """(sheet, coordinate, value, openpyxl data type) of every cell written."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [
        (ws.title, c.coordinate, c.value, c.data_type)
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]


def ods_cells(data: bytes) -> list[tuple[str, str, str, str | None]]:
    """(sheet, value type, text, formula) of every cell of an .ods, read by odfdo."""
    from odfdo import Document

    doc = Document(io.BytesIO(data))
    return [
        (table.name, cell.type or "", cell.text_content, cell.formula)
        for table in doc.body.get_tables()
        for row in table.traverse()
        for cell in row.traverse()
    ]


def docx_links(data: bytes) -> list[str]:
    """External link targets of a .docx; a field code (which can hide a link) fails."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        document = archive.read("word/document.xml").decode()
    targets = re.findall(r'TargetMode="External"[^>]*Target="([^"]*)"', rels)
    targets += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
    if "<w:instrText" in document or "<w:fldSimple" in document:
        targets.append("(code de champ)")
    return [html.unescape(t) for t in targets]


def odt_links(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("content.xml").decode()
    return [html.unescape(t) for t in re.findall(r'xlink:href="([^"]*)"', xml)]


def active_downloads(site: Path) -> list[str]:
    """Everything a downloaded file of a built site could run, as « file: what »."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".csv" and relative.startswith("donnees/"):
            for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
                found += [f"{relative}: {c[:60]!r}" for c in row if spreadsheet_runs(c)]
        elif suffix == ".xlsx":
            found += [
                f"{relative}: {sheet}!{coordinate} {value!r}"
                for sheet, coordinate, value, kind in xlsx_cells(path.read_bytes())
                if kind == "f" and not GENERATED_XLSX.fullmatch(str(value))
            ]
        elif suffix == ".ods":
            found += [
                f"{relative}: {sheet} {formula!r}"
                for sheet, _, _, formula in ods_cells(path.read_bytes())
                if formula and not GENERATED_ODS.fullmatch(formula)
            ]
        elif suffix == ".docx":
            found += [
                f"{relative}: {t!r}"
                for t in docx_links(path.read_bytes())
                if not SAFE_LINK.match(t)
            ]
        elif suffix == ".odt":
            found += [
                f"{relative}: {t!r}" for t in odt_links(path.read_bytes()) if not SAFE_LINK.match(t)
            ]
    return found
