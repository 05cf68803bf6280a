"""The shortcuts that keep validation fast give the answers of the plain way.

Listing resource files with scandir, finding the end of the front matter without a regular
expression, collecting text values while parsing, one scan of a body for everything worth
a closer look, reading the territory tables without a dict per row: each is checked here
against the straightforward way it replaces.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from essaim.catalog import readability, safety
from essaim.catalog.files import LOOKALIKE_SUFFIXES
from essaim.catalog.load import resource_files
from essaim.catalog.reading import find_closing_line, walk_strings
from essaim.catalog.trials import is_in_trial_folder
from essaim.catalog.yamlsafe import YamlError, parse_yaml
from essaim.settings import RESOURCE_SUFFIXES
from essaim.territories import Territories, csv_dict_rows, csv_rows
from tests.conftest import ROOT

SETTINGS = settings(max_examples=300, deadline=None)


# ---------------------------------------------------------------- listing resource files


def _listed_by_rglob(folder: Path) -> list[Path]:
    """The files the catalogue considers, found the plain way."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            any(part.startswith(".") for part in relative.parts)
            or not path.is_file()
            or path.is_symlink()  # refused by essaim/catalog/files.py, never read
            or is_in_trial_folder(relative)
        ):
            continue
        if path.suffix in RESOURCE_SUFFIXES or path.suffix.lower() in LOOKALIKE_SUFFIXES:
            found.append(path)
    return found


def test_resource_files_are_those_of_a_sorted_rglob(tmp_path: Path):
    folder = tmp_path / "resources"
    for name in (
        "a/x.md",
        "a-b/y.md",  # sorted by parts: a/… before a-b/…
        "a/sous/z.yml",
        "a/fiche.md.essais/rapport.yml",
        "a/fiche.essais/rapport.yml",  # a trial report: not a resource
        "a/.brouillon.md",  # hidden file
        ".cache/cache.md",  # hidden folder
        "b/ancienne.yaml",  # looks like a resource: listed, then refused
        "b/NOTES.MKD",
        "b/notes.txt",
        "b/.md",
        "b/point.",
        "c/dossier.md/dedans.md",  # a folder named like a file
    ):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n---\n", encoding="utf-8")
    (folder / "c" / "lien.md").symlink_to(folder / "a" / "x.md")
    (folder / "c" / "casse.md").symlink_to(folder / "nulle-part.md")
    (folder / "lien-dossier").symlink_to(folder / "a", target_is_directory=True)
    expected = _listed_by_rglob(folder)
    listed = resource_files(folder)
    assert [path for path, _ in listed] == expected
    assert [relative for _, relative in listed] == [
        path.relative_to(folder).as_posix() for path in expected
    ]
    assert "a/x.md" in [relative for _, relative in listed]


def test_no_resource_folder_lists_nothing(tmp_path: Path):
    assert resource_files(tmp_path / "absent") == []


# ---------------------------------------------------------------- end of the front matter

_CLOSING = re.compile(r"^---[ \t]*$", re.M)


_FRONT_MATTER_LINES = st.sampled_from(
    ["---", "--- ", "---\t", "--- \t ", "----", "-- -", " ---", "---a", "---\r", "a: b", ""]
)


@SETTINGS
@given(st.sampled_from(["---", "--- ", "---\t"]), st.lists(_FRONT_MATTER_LINES, max_size=6))
def test_closing_line_is_the_one_the_pattern_finds(first: str, lines: list[str]):
    text = "\n".join([first, *lines])
    first_line = text.split("\n", 1)[0]
    match = _CLOSING.search(text, len(first_line))
    expected = None if match is None else (match.start(), match.end())
    assert find_closing_line(text, len(first_line)) == expected


# ---------------------------------------------------------------- text values while parsing

_SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
    st.sampled_from(["2016", "2016-05", "oui", "no", "~", "12", "1.5", "é", "<b>", "a: b"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
    ),
    max_leaves=20,
)


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=8), _DATA, max_size=5))
def test_texts_collected_while_parsing_are_every_text_value(data: dict):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        parsed = parse_yaml(text)
    except YamlError:
        return  # refused (e.g. too deep): nothing to compare
    walked: list = []
    walk_strings(parsed.data, (), walked)
    assert parsed.texts == walked


# ---------------------------------------------------------------- one scan of a body

_QUIET_LINES = st.sampled_from(
    [
        "",
        "Un paragraphe ordinaire, avec des accents : été, à, ç.",
        "## Un titre de niveau 2",
        "- un élément de liste",
        "[un lien](https://exemple.fr) et [une fiche](autre-fiche.md)",
        "Note : rien à signaler ; 50 % des cas.",
        "```",
        "code # pas un titre",
    ]
)
_FINDINGS = [
    ("<script>alert(1)</script>", "rule.html"),
    ("Un &eacute; codé", "rule.entity"),
    ("Un {{ gabarit }}", "rule.template"),
    ("[clic](javascript:alert(1))", "rule.url_scheme"),
    ("Voir DATA:text/html,x", "rule.url_scheme"),
    ("[x](ftp://exemple.fr)", "rule.url_scheme"),
    ("Un caractère \x07 de contrôle", "rule.control_char"),
    ("Du texte {: onclick=x }", "rule.html"),
]


@SETTINGS
@given(
    st.lists(_QUIET_LINES, max_size=12),
    st.sampled_from(_FINDINGS),
    st.integers(min_value=0, max_value=12),
)
def test_a_finding_is_seen_whatever_surrounds_it(lines: list[str], finding, where: int):
    line, rule = finding
    where = min(where, len(lines))
    body = "\n".join([*lines[:where], line, *lines[where:]])
    found = list(safety.body_findings(body))
    assert (where, rule) in [(index, found_rule) for index, found_rule, _ in found]


@SETTINGS
@given(st.lists(_QUIET_LINES, max_size=12))
def test_quiet_lines_have_no_finding(lines: list[str]):
    assert list(safety.body_findings("\n".join(lines))) == []


@pytest.mark.parametrize(
    ("body", "h1_lines"),
    [
        ("# Titre\ntexte", [0]),
        ("texte\n# Titre", [1]),
        ("texte\n#\tTitre", [1]),
        ("## Titre\ntexte", []),
        ("```\n# commentaire\n```", []),  # in a code block
        ("# Titre\n#Collé", [0]),
    ],
)
def test_level_one_titles_are_found_on_their_line(body: str, h1_lines: list[int]):
    found = [index for index, rule, _ in safety.body_findings(body) if rule == "rule.h1"]
    assert found == h1_lines


# ---------------------------------------------------------------- territory tables


def test_territory_tables_read_as_csv_dictreader_reads_them():
    folder = ROOT / "data" / "territoires"
    for name in os.listdir(folder):
        if not name.endswith(".csv"):
            continue
        path = folder / name
        with path.open(encoding="utf-8", newline="") as fh:
            columns = tuple(next(csv.reader(fh)))
        expected = [tuple(row[c] for c in columns) for row in csv_dict_rows(path)]
        assert [tuple(row) for row in csv_rows(path, columns)] == expected


def test_an_unusual_territory_table_is_read_as_before(tmp_path: Path):
    path = tmp_path / "regions.csv"
    # a blank line, an extra column, columns in another order
    path.write_text("nom,code,extra\nGuadeloupe,01,x\n\nMartinique,02,y\n", encoding="utf-8")
    assert csv_rows(path, ("code", "nom")) == [("01", "Guadeloupe"), ("02", "Martinique")]


def test_territories_load_the_shipped_tables():
    territories = Territories.load(ROOT / "data" / "territoires")
    assert territories.departements["94"][0] == "Val-de-Marne"
    assert territories.communes["94080"] == ("Vincennes", "94")


# ---------------------------------------------------------------- readability counts

# The plain way of each count of essaim/catalog/readability.py: one regular expression
# over the text, or a loop over its words and blocks.
_LETTERS = "a-zA-ZàâäéèêëîïôöùûüÿçœæÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇŒÆ"
_PLAIN_WORD = re.compile(rf"[{_LETTERS}]+(?:['’-][{_LETTERS}]+)*")
_VOWELS = "aiouyàâäéèêëîïôöùûüÿæe"
_CONSONANTS = "bcdfghjklmnpqrstvwxzç"
_PLAIN_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+(?=\s|$)")
# Capitals: A to Z, À to Ý but the sign « × » (U+00D7).
_PLAIN_CAPITALS = "A-ZÀ-ÖØ-Ý"
_PLAIN_ACRONYM = re.compile(rf"\b[{_PLAIN_CAPITALS}]{{2,}}[0-9]*\b")
_PLAIN_BEFORE_PARENTHESIS = re.compile(
    rf"(?<![{_PLAIN_CAPITALS}0-9])([{_PLAIN_CAPITALS}]{{2,}}[0-9]*) \("
)


def _plain_syllables(text: str) -> int:
    """Vowel groups of each word, less one for a final e or es after a consonant when the
    word has another vowel group."""
    text = text.lower().replace("qu", "k")
    for gu, g in (("gue", "ge"), ("gui", "gi"), ("gué", "gé"), ("guè", "gè"), ("guê", "gê")):
        text = text.replace(gu, g)
    text = text.replace("œ", "e")
    total = 0
    for word in re.findall(f"[{_VOWELS}{_CONSONANTS}]+", text):
        groups = len(re.findall(f"[{_VOWELS}]+", word))
        if re.search(f"[{_CONSONANTS}]es?$", word) and not re.fullmatch(
            f"[{_CONSONANTS}]+es?", word
        ):
            groups -= 1
        total += groups
    return total


def _plain_acronyms(text: str) -> tuple[str, ...]:
    defined = set(re.findall(r"^\*\[([^\]\n]+)\]:", text, re.M))
    for letters, digits in re.findall(rf"\(([{_PLAIN_CAPITALS}]{{2,}})([0-9]*)", text):
        defined.update((letters, letters + digits))
    defined.update(_PLAIN_BEFORE_PARENTHESIS.findall(text))
    found: list[str] = []
    for acronym in _PLAIN_ACRONYM.findall(text):
        if (
            acronym not in found
            and acronym not in defined
            and not re.fullmatch("[IVXLC]+", acronym)
            and not re.fullmatch(r"XXX+|TODO|FIXME", acronym)
        ):
            found.append(acronym)
    return tuple(found[: readability.MAX_ACRONYMS_SHOWN])


# Pieces of French text and everything the counts treat apart: apostrophes and hyphens,
# « qu » and « gu », œ and the letters outside Latin-1, « × » (between À and Ý, no
# letter), capitals, digits of other scripts, parentheses and abbreviation lines.
_PIECES = st.sampled_from(
    [
        "a", "e", "es", "é", "y", "s", "c", "t", "l", "ç", "œ", "Œ", "Ÿ", "’", "'", "-", "--",
        " ", "  ", "\n", "\t", ".", "…", "!", "?", ":", ";", "...", "qu", "gu", "gue", "gui",
        "guê", "les", "que", "bénévoles", "association", "A", "É", "Ý", "×", "DLA", "CAF",
        "XXX", "TODO", "IV", "94", "٢", "K", "İ", "ß", "_", "(", " (", "(DLA", "DLA (",
        "*[DLA]:", "\n## ", "\n- ", "|", "—", "漢",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@SETTINGS
@given(_TEXTS)
def test_words_are_those_the_word_pattern_finds(text: str):
    assert readability.count_words(text) == len(_PLAIN_WORD.findall(text))


@SETTINGS
@given(_TEXTS)
def test_syllables_are_counted_word_by_word_the_same(text: str):
    assert readability.count_syllables(text) == _plain_syllables(text)


@SETTINGS
@given(st.lists(_TEXTS, max_size=6))
def test_sentences_of_joined_blocks_are_those_of_each_block(blocks: list[str]):
    blocks = [block.replace("\n", " ") for block in blocks]
    plain = sum(
        len(_PLAIN_SENTENCE_END.findall(block))
        + (not block.rstrip().endswith((".", "!", "?", "…", ":", ";")))
        for block in blocks
    )
    assert readability.count_sentences(blocks) == plain


@SETTINGS
@given(_TEXTS)
def test_undefined_acronyms_are_those_the_plain_patterns_find(text: str):
    assert readability.undefined_acronyms(text) == _plain_acronyms(text)


@pytest.mark.parametrize(
    "text",
    [
        "Le DLA accompagne.",
        "Le dispositif local d'accompagnement (DLA) puis le DLA.",
        "DLA (dispositif local d'accompagnement).",
        "Format 21 × 29,7 : A×B et M×a puis ×DLA.",
        "*[CAF]: caisse d'allocations familiales\nLa CAF et la CRIB 94.",
        "XXX TODO IV MMXXVI SIRET",
    ],
)
def test_undefined_acronyms_of_real_sentences(text: str):
    assert readability.undefined_acronyms(text) == _plain_acronyms(text)


def test_real_resources_are_measured_as_the_plain_way_measures_them():
    for path in sorted((ROOT / "resources").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert readability.count_words(text) == len(_PLAIN_WORD.findall(text)), path
        assert readability.count_syllables(text) == _plain_syllables(text), path
        assert readability.undefined_acronyms(text) == _plain_acronyms(text), path


# ---------------------------------------------------------------- forbidden characters

_FORBIDDEN_SAMPLES = [
    "\x00", "\x07", "\x0b", "\r", "\x1b", "\x1f", "\x7f", "\x80", "\x9f", "\u2028", "\u2029",
    "\u202a", "\u202e", "\u2066", "\u2069", "\ufdd0", "\ufdef", "\ufffe", "\uffff",
    "\U0001fffe", "\U0010ffff",
]  # fmt: skip
_ALLOWED_SAMPLES = [
    "a", " ", "\t", "\n", "\r\n", "é", "’", "«\u00a0", "…", "œ", "\u00a0", "\u00ad", "\u2027",
    "\u202f", "\u2065", "\u206a", "\ufdcf", "\ufdf0", "\ufffd", "😀", "\U0001fffd", "漢",
]  # fmt: skip


@SETTINGS
@given(
    st.lists(
        st.sampled_from(_FORBIDDEN_SAMPLES + _ALLOWED_SAMPLES) | st.characters(), max_size=30
    ).map("".join)
)
def test_the_byte_prefilter_never_hides_a_forbidden_character(text: str):
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate: no file holds one (reading refuses it)
    decoded = raw.decode("utf-8").replace("\r\n", "\n")
    if safety.has_forbidden_character(decoded):
        assert safety.may_hold_forbidden_character(raw)


@pytest.mark.parametrize("character", _FORBIDDEN_SAMPLES)
def test_each_forbidden_character_passes_the_byte_prefilter(character: str):
    raw = f"Texte {character} ordinaire".encode()
    assert safety.may_hold_forbidden_character(raw)
    if character != "\r":  # read as a line end before a newline only
        assert safety.has_forbidden_character(raw.decode())


def test_plain_french_text_is_cleared_by_the_byte_prefilter():
    raw = "Une fiche « claire » : l’association, ses bénévoles…\n\ttabulée — œuvre\n".encode()
    assert not safety.may_hold_forbidden_character(raw)
    # Outside the Basic Multilingual Plane (an emoji) and a carriage return, the text
    # itself is searched.
    assert safety.may_hold_forbidden_character("Bravo 😀".encode())
    assert safety.may_hold_forbidden_character(b"ligne\r\n")
