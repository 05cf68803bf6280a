"""The four writers of the editable copies of document templates (.odt, .docx, .ods, .xlsx).

Reviewers review text, never binaries: every `modele-document` resource is turned into an
OpenDocument text (.odt) and a Word file (.docx); a template marked `tableur: true` is also
turned into spreadsheets (.ods, .xlsx), one sheet per table.

- The Markdown is read by Python-Markdown, the parser that renders the site, so a file says
  what the page says. It becomes a small neutral model (headings, paragraphs, lists, tables
  of formatted runs), then each writer maps that model to its format: odfdo (ODF),
  python-docx (DOCX), openpyxl (XLSX).
- Output is deterministic: same resource, same bytes. Document metadata and archive dates
  come from the resource's own dates (never the clock), and every archive is rewritten with
  fixed entry dates and permissions.
- Heavy libraries are imported only when a file is built, so `essaim check` stays fast.
- Contributor text is data, never code, in every file: links keep only the http, https and
  mailto schemes (`safe_href`; anything else stays as plain text, images give their
  alternative text), characters no XML can hold are dropped or replaced (`xml_text`), and
  every spreadsheet cell made from text is a string cell. The only formulas are the sums the
  generator writes itself from the layout of an amount table (`Total`): a bold heading row
  adds up the rows under it, a « Total » row adds up the headings above it, and a template
  may link totals across sheets (CROSS_TOTALS, by caption and label).
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from essaim import labels
from essaim.publish.formulas import looks_like_formula
from essaim.publish.office.archive import normalize_archive, write_archive
from essaim.publish.office.document import (
    GENERATOR,
    Heading,
    ListBlock,
    Paragraph,
    Ref,
    Run,
    Runs,
    Sheet,
    SheetCell,
    TableBlock,
    Template,
    Total,
    xml_text,
)
from essaim.publish.office.markdown import plain_text

# A spreadsheet cell made only of these characters is a blank to fill in (« ……… € »).
_PLACEHOLDER = re.compile(r"^[.…_\s]*€?[.…_\s]*$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\'\x00-\x1f\x7f-\x9f]")
MAX_SHEET_NAME = 31  # Excel's limit, kept for OpenDocument too
# Excel refuses a sheet with this name.
RESERVED_SHEET_NAMES = ("history",)
# Little words a shortened sheet name does not end with (« Contributions volontaires en »).
_TRAILING_WORDS = frozenset(
    [
        "à",
        "au",
        "aux",
        "avec",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sans",
        "sur",
        "un",
        "une",
    ]
)
MAX_COLUMN_CHARS = 60


def build(template: Template, ext: str) -> bytes:
    """One generated file, as bytes."""
    return _BUILDERS[ext](template)


# Sums that span sheets, for the templates that need them. Sheets are found by the heading
# their table sat under, rows by how their label starts; what is not found is left blank.
CROSS_TOTALS: dict[str, tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...]] = {
    "modele-budget-previsionnel-projet": (
        (
            ("Récapitulatif", "Total des charges"),
            (("Charges", "Total des charges"), ("Contributions volontaires", "Total 86")),
        ),
        (
            ("Récapitulatif", "Total des produits"),
            (("Produits", "Total des produits"), ("Contributions volontaires", "Total 87")),
        ),
    ),
}


def sheets_of(template: Template) -> tuple[Sheet, ...]:
    """A « Lisez-moi » sheet with the text around the tables, then one sheet per table."""
    used: set[str] = {labels.SPREADSHEET_README.casefold()}
    notes: list[tuple[SheetCell, ...]] = [(SheetCell(template.title, bold=True),)]
    tables: list[Sheet] = []
    for block in template.blocks:
        if isinstance(block, TableBlock):
            rows = ([block.header] if block.header else []) + list(block.rows)
            name = sheet_name(block.caption or f"Tableau {len(tables) + 1}", used)
            cells = [tuple(_sheet_cell(c) for c in row) for row in rows]
            if block.header:
                cells[0] = tuple(replace(c, bold=True) for c in cells[0])
            cells = _with_totals(name, cells)
            tables.append(Sheet(name, tuple(cells), bool(block.header), block.caption))
            notes.append((SheetCell(f"→ voir la feuille « {name} »"),))
        elif isinstance(block, Heading):
            notes.append((SheetCell(plain_text(block.runs), bold=True),))
        elif isinstance(block, Paragraph):
            notes.append((SheetCell(plain_text(block.runs)),))
        elif isinstance(block, ListBlock):
            notes.extend((SheetCell(f"• {text}"),) for text in _list_texts(block))
    notes.append((SheetCell(template.credit),))
    readme = Sheet(labels.SPREADSHEET_README, tuple(notes), header=False)
    return (readme, *_cross_totals(template.slug, tables))


def _with_totals(sheet: str, rows: list[tuple[SheetCell, ...]]) -> list[tuple[SheetCell, ...]]:
    """An amount table with its sums: in each column of blank amounts, a bold row adds up
    the plain rows under it (when there are some), and a row labelled « Total… » adds up
    what comes above it since the previous total (the bold rows, or every row if none is
    bold). The label of an amount is the cell on its left."""
    grid = [list(row) for row in rows]

    def set_total(y: int, x: int, parts: list[int]) -> None:
        if parts:
            grid[y][x] = replace(grid[y][x], total=Total(tuple(Ref(sheet, p, x) for p in parts)))

    columns = sorted({x for row in grid for x, cell in enumerate(row) if cell.money and x > 0})
    for x in columns:
        heads: dict[int, list[int]] = {}  # bold rows since the last total, and rows under each
        plain: list[int] = []  # plain rows since the last total, under no bold row
        for y, row in enumerate(grid):
            if x >= len(row) or not row[x].money:
                continue
            label = row[x - 1]
            if _plain_label(label.text).startswith("total"):
                for head, under in heads.items():
                    set_total(head, x, under)
                set_total(y, x, list(heads) or plain)
                heads, plain = {}, []
            elif label.bold or row[x].bold:
                heads[y] = []
            elif heads:
                heads[next(reversed(heads))].append(y)
            else:
                plain.append(y)
        for head, under in heads.items():
            set_total(head, x, under)
    return [tuple(row) for row in grid]


def _cross_totals(slug: str, tables: list[Sheet]) -> list[Sheet]:
    """Totals that add up cells of other sheets (CROSS_TOTALS), found by caption and label."""

    def find(caption: str, label: str) -> tuple[int, int, int] | None:
        for index, sheet in enumerate(tables):
            if not _plain_label(sheet.caption).startswith(_plain_label(caption)):
                continue
            for y, row in enumerate(sheet.rows):
                for x, cell in enumerate(row[1:], start=1):
                    if cell.money and _plain_label(row[x - 1].text).startswith(_plain_label(label)):
                        return index, y, x
        return None

    for target, parts in CROSS_TOTALS.get(slug, ()):
        where = find(*target)
        found = [find(*part) for part in parts]
        if where is None or None in found:
            continue
        refs = tuple(Ref(tables[i].name, y, x) for i, y, x in found if i is not None)
        index, y, x = where
        rows = [list(row) for row in tables[index].rows]
        rows[y][x] = replace(rows[y][x], total=Total(refs))
        tables[index] = replace(tables[index], rows=tuple(tuple(r) for r in rows))
    return tables


def _plain_label(text: str) -> str:
    return " ".join(text.casefold().split())


def _sheet_cell(runs: Runs) -> SheetCell:
    text = plain_text(runs)
    bold = bool(runs) and all(r.bold for r in runs)
    if text and _PLACEHOLDER.match(text):
        return SheetCell("", bold, money="€" in text)
    return SheetCell(text, bold)


def sheet_name(wanted: str, used: set[str]) -> str:
    """A sheet name from a heading: no forbidden character, at most MAX_SHEET_NAME
    characters cut between words (never after a little word), unique in the workbook."""
    cleaned = " ".join(_SHEET_FORBIDDEN.sub(" ", xml_text(wanted)).split())
    base = _shorten(cleaned, MAX_SHEET_NAME) or "Feuille"
    if base.casefold() in RESERVED_SHEET_NAMES:
        base = f"{base} (feuille)"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = _shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix, n + 1
    used.add(name.casefold())
    return name


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words: list[str] = []
    for word in text.split(" "):
        if len(" ".join([*words, word])) > limit:
            break
        words.append(word)
    while len(words) > 1 and words[-1].casefold().rstrip("'’") in _TRAILING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;.–-") if words else text[:limit].rstrip()


def _list_texts(block: ListBlock, depth: int = 0) -> Iterator[str]:
    for item in block.items:
        yield "  " * depth + plain_text(item.runs)
        if item.children:
            yield from _list_texts(item.children, depth + 1)


def _column_widths(sheet: Sheet) -> list[int]:
    widths: dict[int, int] = {}
    for row in sheet.rows if sheet.header or len(sheet.rows[0]) > 1 else sheet.rows[:1]:
        for index, cell in enumerate(row):
            widths[index] = max(widths.get(index, 8), min(len(cell.text) + 2, MAX_COLUMN_CHARS))
    if not sheet.header and all(len(row) == 1 for row in sheet.rows):
        widths = {0: MAX_COLUMN_CHARS * 2}
    return [widths[i] for i in sorted(widths)]


# ---------------------------------------------------------------- writers


def _build_odt(template: Template) -> bytes:
    from odfdo import Cell, Header, LineBreak, Link, List, ListItem, Span, Table
    from odfdo import Paragraph as OdfParagraph

    doc = _odt_base().clone
    _odf_metadata(doc, template)
    body = doc.body

    def paragraph(runs: Runs, style: str | None = "EssaimCorps"):
        return fill(OdfParagraph(style=style), runs)

    def fill(element, runs: Runs):
        for run in runs:
            if run.text == "\n":
                element.append(LineBreak())
                continue
            span_style = {
                (True, False): "EssaimG",
                (False, True): "EssaimI",
                (True, True): "EssaimGI",
            }.get((run.bold, run.italic))
            piece = Span(run.text, style=span_style) if span_style else run.text
            if run.href:
                link = Link(run.href)
                link.append(piece)
                element.append(link)
            else:
                element.append(piece)
        return element

    def odf_list(block: ListBlock):
        element = List(style="EssaimNumeros" if block.ordered else "EssaimPuces")
        for item in block.items:
            li = ListItem()
            li.append(paragraph(item.runs))
            if item.children:
                li.append(odf_list(item.children))
            element.append(li)
        return element

    body.append(Header(1, template.title, style="Heading_20_1"))
    for index, block in enumerate(template.blocks):
        if isinstance(block, Heading):
            level = min(block.level, 10)
            body.append(fill(Header(level, style=f"Heading_20_{level}"), block.runs))
        elif isinstance(block, Paragraph):
            body.append(paragraph(block.runs, "EssaimCitation" if block.quote else "EssaimCorps"))
        elif isinstance(block, ListBlock):
            body.append(odf_list(block))
        elif isinstance(block, TableBlock):
            rows = ([block.header] if block.header else []) + list(block.rows)
            width = max((len(r) for r in rows), default=1)
            table = Table(
                f"Tableau{index + 1}", width=width, height=len(rows), style="EssaimTableau"
            )
            for y, row in enumerate(rows):
                for x in range(width):
                    runs = row[x] if x < len(row) else ()
                    if y == 0 and block.header:
                        runs = tuple(replace(r, bold=True) for r in runs)
                    cell = Cell(style="EssaimCellule")
                    cell.append(paragraph(runs, None))
                    table.set_cell((x, y), cell)
            body.append(table)
    body.append(paragraph((Run(template.credit),), "EssaimSource"))
    return _save_odf(doc, template)


@functools.cache
def _odt_base():
    """odfdo's empty text document with Essaim's styles, saved once per process.

    Each template starts from a clone of it: parsing and styling odfdo's template for
    every file cost a quarter of an .odt (same bytes, a test compares them).
    """
    from odfdo import Document

    doc = Document("text")
    _odf_unnumbered_headings(doc)
    doc.body.clear()
    _odf_styles(doc, _ODT_STYLES + _ODT_LISTS)
    buffer = io.BytesIO()
    doc.save(buffer)
    return Document(io.BytesIO(buffer.getvalue()))


def _odf_unnumbered_headings(doc) -> None:
    """odfdo's default template numbers headings « 1.1.1. »; a template to fill in does not."""
    for level in doc.get_part("styles.xml").get_elements("//text:outline-level-style"):
        for name in ("style:num-suffix", "loext:num-list-format", "text:display-levels"):
            if level.get_attribute(name) is not None:
                level.del_attribute(name)
        level.set_attribute("style:num-format", "")


def _odf_metadata(doc, template: Template) -> None:
    meta = doc.meta
    when = template.when.replace(tzinfo=None)
    meta.set_title(template.title)
    meta.set_description(template.summary)
    meta.set_subject(template.summary)
    meta.set_keywords(", ".join(template.keywords))
    meta.set_language(_language_tag(template.language))
    meta.set_initial_creator(template.author)
    meta.set_creator(template.author)
    meta.set_creation_date(when)
    meta.set_modification_date(when)
    meta.set_editing_cycles(1)
    meta.set_generator(GENERATOR)


def _save_odf(doc, template: Template) -> bytes:
    buffer = io.BytesIO()
    with _stored_entries():
        doc.save(buffer)
    return normalize_archive(buffer.getvalue(), template.when, drop=("Thumbnails/",))


@contextlib.contextmanager
def _stored_entries():
    """odfdo writes its archive stored, not compressed, for the time of a save.

    normalize_archive reads every entry back and writes the archive again, compressed,
    with fixed dates: compressing the entries first (odfdo's zip) and inflating them again
    cost an eighth of an .odt, for the same bytes in the end (normalize_archive writes the
    contents, whatever the archive it read them from). odfdo 3.27 names the compression of
    its archive through this module constant only (odfdo/container.py, _save_zip); the
    version is pinned in constraints.txt.
    """
    from odfdo import container

    kept = container.ZIP_DEFLATED
    container.ZIP_DEFLATED = zipfile.ZIP_STORED
    try:
        yield
    finally:
        container.ZIP_DEFLATED = kept


def _build_docx(template: Template) -> bytes:
    from docx.enum.text import WD_BREAK

    base = _DocxBase.fresh(_language_tag(template.language))
    doc = base.doc
    props = doc.core_properties
    props.title = _clip(template.title)
    props.subject = _clip(template.summary)
    props.author = _clip(template.author)
    props.last_modified_by = GENERATOR
    props.keywords = _clip(", ".join(template.keywords))
    props.comments = _clip(template.credit)
    props.language = _language_tag(template.language)
    props.created = template.when
    props.modified = template.when
    props.last_printed = template.when
    props.revision = 1

    def fill(paragraph, runs: Runs) -> None:
        for run in runs:
            if run.text == "\n":
                paragraph.add_run().add_break(WD_BREAK.LINE)
            elif run.href:
                docx_hyperlink(paragraph, run)
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None

    style_ids: dict[str, str] = {}

    def styled(name: str | None):
        # python-docx resolves a style name by scanning every style of the document for
        # each paragraph; resolving each name once per document is 30 times faster.
        paragraph = doc.add_paragraph()
        if name:
            if name not in style_ids:
                style_ids[name] = doc.styles[name].style_id
            paragraph._p.style = style_ids[name]
        return paragraph

    def add_list(block: ListBlock, depth: int = 0) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        if depth:
            style += f" {min(depth + 1, 3)}"
        for item in block.items:
            fill(styled(style), item.runs)
            if item.children:
                add_list(item.children, depth + 1)

    styled("Heading 1").add_run(template.title)
    for block in template.blocks:
        if isinstance(block, Heading):
            fill(styled(f"Heading {min(block.level, 9)}"), block.runs)
        elif isinstance(block, Paragraph):
            fill(styled("Quote" if block.quote else None), block.runs)
        elif isinstance(block, ListBlock):
            add_list(block)
        elif isinstance(block, TableBlock):
            rows = ([block.header] if block.header else []) + list(block.rows)
            width = max((len(r) for r in rows), default=1)
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            # table.cell() rebuilds the whole cell grid at each call: take it once.
            cells = table._cells
            for y, row in enumerate(rows):
                for x in range(width):
                    runs = row[x] if x < len(row) else ()
                    if y == 0 and block.header:
                        runs = tuple(replace(r, bold=True) for r in runs)
                    fill(cells[y * width + x].paragraphs[0], runs)
            if block.header:
                _docx_repeat_header(table.rows[0])
            doc.add_paragraph()
    credit = doc.add_paragraph()
    credit.add_run(template.credit).italic = True
    return base.save(template.when)


class _DocxBase:
    """One python-docx document per language, emptied and refilled for each template.

    Opening python-docx's default package and saving every part of it cost two thirds of
    a .docx: here the package is opened once per process, the parts that never change
    (styles, theme, settings, fonts…) are serialised once, and each template writes only
    its body, its links and its properties. The archive is the one normalize_archive
    would give (same entries, order, dates and compression): a test compares both.
    """

    _by_language: ClassVar[dict[str, _DocxBase]] = {}
    VARYING = ("word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml")

    def __init__(self, tag: str):
        from docx import Document

        self.doc = Document()
        _docx_language(self.doc, tag)
        _docx_page(self.doc)
        self.body = list(self.doc.element.body)
        self.rels = set(self.doc.part.rels)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        with zipfile.ZipFile(buffer) as archive:
            self.entries = [
                (info.filename, None if info.filename in self.VARYING else archive.read(info))
                for info in archive.infolist()
            ]
        self.core = next(
            part
            for part in self.doc.part.package.iter_parts()
            if part.partname == "/docProps/core.xml"
        )

    @classmethod
    def fresh(cls, tag: str) -> _DocxBase:
        base = cls._by_language.get(tag)
        if base is None:
            base = cls._by_language[tag] = cls(tag)
        body = base.doc.element.body
        for child in list(body):
            body.remove(child)
        for child in base.body:
            body.append(child)
        for rel in [r for r in base.doc.part.rels if r not in base.rels]:
            del base.doc.part.rels[rel]
        return base

    def save(self, when: datetime) -> bytes:
        varying = {
            "word/document.xml": self.doc.part.blob,
            "word/_rels/document.xml.rels": self.doc.part.rels.xml,
            "docProps/core.xml": self.core.blob,
        }
        return write_archive(
            ((name, data if data is not None else varying[name]) for name, data in self.entries),
            when,
        )


def _docx_language(doc, tag: str) -> None:
    """Spelling and hyphenation in the document's language, not the template's (en-US)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


# The page of the .odt (odfdo's text template): A4, 2 cm margins. python-docx's template is
# US Letter with 1 to 1.25 inch margins.
PAGE_CM = (21.0, 29.7)
MARGIN_CM = 2.0


def _docx_page(doc) -> None:
    from docx.shared import Cm

    for section in doc.sections:
        section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))


def docx_hyperlink(paragraph, run: Run) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    element = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", "0563C1"), ("w:u", "single")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        props.append(child)
    if run.bold:
        props.append(OxmlElement("w:b"))
    if run.italic:
        props.append(OxmlElement("w:i"))
    element.append(props)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    element.append(text)
    link.append(element)
    paragraph._p.append(link)


def _docx_repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _build_xlsx(template: Template) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    props = workbook.properties
    props.title = template.title
    props.subject = template.summary
    props.creator = template.author
    props.lastModifiedBy = GENERATOR
    props.keywords = ", ".join(template.keywords)
    props.description = template.credit
    props.language = _language_tag(template.language)
    props.created = template.when.replace(tzinfo=None)
    props.modified = template.when.replace(tzinfo=None)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(name="Calibri", size=11, bold=True)  # openpyxl's default font, in bold
    for sheet in sheets_of(template):
        ws = workbook.create_sheet(sheet.name)
        for y, row in enumerate(sheet.rows, start=1):
            for x, cell in enumerate(row, start=1):
                target = ws.cell(row=y, column=x)
                if cell.total:
                    target.value = "=" + formula(cell.total, sheet.name, "xlsx")
                elif cell.text:
                    # Always a string cell, even for a text that starts with « = »; the
                    # quote prefix keeps it a text when someone edits it in Excel.
                    target.value = cell.text
                    target.data_type = "s"
                    target.quotePrefix = looks_like_formula(cell.text)
                target.alignment = wrap
                if cell.bold:
                    target.font = bold
                if cell.money:
                    target.number_format = '#,##0.00 "€"'
        for index, width in enumerate(_column_widths(sheet), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if sheet.header:
            ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    # openpyxl's save_workbook() stamps the current time as « modified »: write through
    # ExcelWriter directly so the date set above is kept.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalize_archive(buffer.getvalue(), template.when)


def _build_ods(template: Template) -> bytes:
    from odfdo import Cell, Column, Document, Table

    doc = Document("spreadsheet")
    _odf_metadata(doc, template)
    body = doc.body
    body.clear()
    _odf_styles(doc, _ODS_STYLES)
    column_styles: dict[int, str] = {}
    for sheet in sheets_of(template):
        table = Table(sheet.name)
        for width in _column_widths(sheet):
            style = column_styles.get(width)
            if style is None:
                style = f"EssaimColonne{len(column_styles) + 1}"
                column = (
                    f'<style:table-column-properties style:column-width="{width * 0.2:.2f}cm"/>'
                )
                _odf_styles(
                    doc, (_STYLE.format(family="table-column", name=style, extra="", props=column),)
                )
                column_styles[width] = style
            table.append(Column(style=style))
        for y, row in enumerate(sheet.rows):
            for x, cell in enumerate(row):
                if cell.money:
                    style = "EssaimEurosGras" if cell.bold else "EssaimEuros"
                    if cell.total:
                        # blank amounts everywhere: the sum is 0 until someone fills them in
                        of = "of:=" + formula(cell.total, sheet.name, "ods")
                        table.set_cell((x, y), Cell(0, cell_type="float", formula=of, style=style))
                    else:
                        table.set_cell((x, y), Cell(style=style))
                elif cell.text:
                    style = "EssaimGras" if cell.bold else "EssaimTexte"
                    table.set_cell((x, y), Cell(cell.text, cell_type="string", style=style))
                else:
                    style = "EssaimGras" if cell.bold else "EssaimTexte"
                    table.set_cell((x, y), Cell(style=style))
        body.append(table)
    return _save_odf(doc, template)


def formula(total: Total, here: str, kind: str) -> str:
    """A SUM of the cells of a Total, in Excel's (xlsx) or OpenFormula's (ods) notation,
    without the leading « = ». Only sheet names and coordinates go into it."""
    from openpyxl.utils import get_column_letter

    ranges: list[list[Ref]] = []
    for ref in total.cells:
        last = ranges[-1][-1] if ranges else None
        if last and (last.sheet, last.column, last.row + 1) == (ref.sheet, ref.column, ref.row):
            ranges[-1].append(ref)
        else:
            ranges.append([ref])
    parts = []
    for group in ranges:
        first, last = group[0], group[-1]
        start = f"{get_column_letter(first.column + 1)}{first.row + 1}"
        end = f"{get_column_letter(last.column + 1)}{last.row + 1}"
        if kind == "xlsx":
            sheet = "" if first.sheet == here else f"'{first.sheet}'!"
            parts.append(sheet + (start if first is last else f"{start}:{end}"))
        else:
            sheet = "" if first.sheet == here else f"$'{first.sheet}'"
            parts.append(f"[{sheet}.{start}]" if first is last else f"[{sheet}.{start}:.{end}]")
    return f"SUM({(',' if kind == 'xlsx' else ';').join(parts)})"


_STYLE = '<style:style style:family="{family}" style:name="{name}"{extra}>{props}</style:style>'
_BOLD = (
    '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" '
    'style:font-weight-complex="bold"/>'
)
_ITALIC = (
    '<style:text-properties fo:font-style="italic" style:font-style-asian="italic" '
    'style:font-style-complex="italic"/>'
)
_BOLD_ITALIC = _BOLD.replace("/>", _ITALIC[len("<style:text-properties") : -len("/>")] + "/>")
_WRAP_TOP = '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>'
_STANDARD = ' style:parent-style-name="Standard"'
_EUROS = ' style:data-style-name="EssaimFormatEuros"'
# Automatic styles, written as ODF XML: exact, and readable by anyone who knows the format.
_ODT_STYLES = (
    _STYLE.format(
        family="paragraph",
        name="EssaimCorps",
        extra=_STANDARD,
        props='<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>',
    ),
    _STYLE.format(family="text", name="EssaimG", extra="", props=_BOLD),
    _STYLE.format(family="text", name="EssaimI", extra="", props=_ITALIC),
    _STYLE.format(family="text", name="EssaimGI", extra="", props=_BOLD_ITALIC),
    _STYLE.format(
        family="paragraph",
        name="EssaimCitation",
        extra=_STANDARD,
        props='<style:paragraph-properties fo:margin-left="1cm"/>' + _ITALIC,
    ),
    _STYLE.format(
        family="paragraph",
        name="EssaimSource",
        extra=_STANDARD,
        props='<style:paragraph-properties fo:margin-top="0.5cm"/>'
        + _ITALIC.replace("/>", ' fo:font-size="9pt"/>'),
    ),
    _STYLE.format(
        family="table",
        name="EssaimTableau",
        extra="",
        props='<style:table-properties style:width="17cm" table:align="margins"/>',
    ),
    _STYLE.format(
        family="table-cell",
        name="EssaimCellule",
        extra="",
        props='<style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm"/>',
    ),
)


def _list_style(name: str, level_tag: str, attributes: str) -> str:
    levels = "".join(
        f'<text:{level_tag} text:level="{level}" {attributes}>'
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        '<style:list-level-label-alignment text:label-followed-by="listtab" '
        f'text:list-tab-stop-position="{0.635 * level:.3f}cm" fo:text-indent="-0.635cm" '
        f'fo:margin-left="{0.635 * level:.3f}cm"/></style:list-level-properties></text:{level_tag}>'
        for level in range(1, 4)
    )
    return f'<text:list-style style:name="{name}">{levels}</text:list-style>'


_ODT_LISTS = (
    _list_style("EssaimPuces", "list-level-style-bullet", 'text:bullet-char="•"'),
    _list_style(
        "EssaimNumeros", "list-level-style-number", 'style:num-suffix="." style:num-format="1"'
    ),
)
_ODS_STYLES = (
    '<number:currency-style style:name="EssaimFormatEuros" number:language="fr" '
    'number:country="FR"><number:number number:decimal-places="2" '
    'number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>'
    "<number:text> </number:text>"
    '<number:currency-symbol number:language="fr" number:country="FR">€</number:currency-symbol>'
    "</number:currency-style>",
    _STYLE.format(family="table-cell", name="EssaimTexte", extra="", props=_WRAP_TOP),
    _STYLE.format(family="table-cell", name="EssaimGras", extra="", props=_WRAP_TOP + _BOLD),
    _STYLE.format(family="table-cell", name="EssaimEuros", extra=_EUROS, props=_WRAP_TOP),
    _STYLE.format(
        family="table-cell", name="EssaimEurosGras", extra=_EUROS, props=_WRAP_TOP + _BOLD
    ),
)


def _odf_styles(doc, styles: tuple[str, ...]) -> None:
    from odfdo import Element

    for xml in styles:
        doc.insert_style(Element.from_tag(xml), automatic=True)


_BUILDERS = {"odt": _build_odt, "docx": _build_docx, "ods": _build_ods, "xlsx": _build_xlsx}


@functools.lru_cache(maxsize=256)
def cached_build(template: Template, ext: str) -> bytes:
    # `mkdocs serve` rebuilds on every change: unchanged templates are not built again.
    return build(template, ext)


def _clip(text: str, limit: int = 255) -> str:
    """OOXML core properties hold at most 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _language_tag(language: str) -> str:
    return {"fr": "fr-FR", "en": "en-GB", "de": "de-DE", "es": "es-ES", "it": "it-IT"}.get(
        language, language
    )
