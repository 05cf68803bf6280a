"""The neutral document model the office writers share (runs, blocks, sheets, totals, a
template), and what any text or link must be to enter an office file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from essaim import dates

GENERATOR = "Essaim"
# The only link schemes written into an office file: anything else opens a program or a
# share (ms-msdt:, smb:, file:, javascript:…) and stays as plain text.
SAFE_SCHEMES = ("http", "https", "mailto")
# What no XML 1.0 document can hold: C0 controls but tab and line ends (dropped), U+FFFE,
# U+FFFF and lone surrogates (replaced by U+FFFD, so that the loss shows).
_XML_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_INVALID = re.compile("[\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """The text with every character an XML file cannot hold dropped or replaced."""
    return _XML_INVALID.sub("\ufffd", _XML_CONTROLS.sub("", text))


def safe_href(href: str) -> str:
    """The link target if its scheme is http, https (with a host) or mailto, else ""."""
    if not href or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in href):
        return ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and href[len(scheme) :].startswith("://") and parts.hostname:
        return href
    if scheme == "mailto" and len(href) > len("mailto:"):
        return href
    return ""


# ---------------------------------------------------------------- the neutral model


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Runs


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    quote: bool = False


@dataclass(frozen=True)
class Item:
    runs: Runs
    children: ListBlock | None = None


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[Item, ...]


@dataclass(frozen=True)
class TableBlock:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    caption: str = ""


Block = Heading | Paragraph | ListBlock | TableBlock


@dataclass(frozen=True)
class Template:
    """Everything a writer needs: text, and the metadata the file carries."""

    slug: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    author: str
    licence: str
    source_url: str
    keywords: tuple[str, ...]
    language: str
    date: str  # partial date of the last change: fixes every timestamp in the file

    @property
    def when(self) -> datetime:
        return dates.start_of(self.date)

    @property
    def credit(self) -> str:
        return f"Modèle issu du portail Essaim : {self.source_url} — licence : {self.licence}."


# ---------------------------------------------------------------- spreadsheets: shared layout


@dataclass(frozen=True)
class Ref:
    """A cell of the workbook: its sheet's name, row and column (from 0)."""

    sheet: str
    row: int
    column: int


@dataclass(frozen=True)
class Total:
    """A sum written by the generator, never taken from the template's text."""

    cells: tuple[Ref, ...]


@dataclass(frozen=True)
class SheetCell:
    text: str
    bold: bool = False
    money: bool = False  # a blank amount to fill in, shown in euros
    total: Total | None = None  # an amount the generator computes


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[SheetCell, ...], ...]
    header: bool  # first row is a header row (bold, frozen)
    caption: str = ""  # the heading the table sat under
