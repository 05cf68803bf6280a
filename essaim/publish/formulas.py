"""Text a spreadsheet would run: the OWASP CSV-injection rule, shared by the CSV export and
the generated spreadsheets.

A spreadsheet takes a cell for a formula when it starts with = + - @, a tab or a carriage
return (`=HYPERLINK(…)` sends data away, `=cmd|…` runs a program through DDE), also behind
blanks, quotes or invisible characters that an import may drop. `neutralised` puts an
apostrophe first (the spreadsheets' own « this is text » mark); `restored` takes it away.
"""

from __future__ import annotations

import unicodedata

# A cell starting with one of these is read as a formula (OWASP CSV injection: = + - @, tab,
# carriage return), or as its full-width twin, which some spreadsheets fold to ASCII.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# What may stand before it and still be dropped or skipped by an import (blanks, quotes,
# invisible format characters).
_QUOTES = frozenset("'\"\u2018\u2019\u201c\u201d\u00ab\u00bb")
TEXT_PREFIX = "'"


def neutralised(text: str) -> str:
    """A text cell a spreadsheet shows as text: an apostrophe first if it could start a formula.

    A text already starting with an apostrophe gets one more, so that `restored` is exact.
    """
    if text.startswith(TEXT_PREFIX) or looks_like_formula(text):
        return TEXT_PREFIX + text
    return text


def restored(cell: str) -> str:
    """The text a neutralised cell was written from."""
    return cell[len(TEXT_PREFIX) :] if cell.startswith(TEXT_PREFIX) else cell


def looks_like_formula(text: str) -> bool:
    for char in text:
        if char in FORMULA_STARTS:
            return True
        if not (char.isspace() or char in _QUOTES or unicodedata.category(char) in ("Cc", "Cf")):
            return False
    return False
