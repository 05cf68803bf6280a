"""Validation takes linear time: the worst inputs of the file size limit are judged fast.

Each case is one long line (the file size limit, 200 KB) made of a character or a short
sequence that some check looks for, in the body and in every kind of metadata field of a
resource, of a trial report and of a producer. A check that backtracks (a regular
expression trying every start against every end) takes tens of seconds on such a line.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from essaim.catalog import readability
from essaim.catalog.load import load_catalog
from essaim.settings import MAX_FILE_BYTES
from tests.conftest import FIXTURES, TODAY, add_fixture
from tests.site.test_hostile import light_project, reference_data_loaded  # noqa: F401

SECONDS = 1.0
# Room for the rest of the file within the size limit.
LENGTH = MAX_FILE_BYTES - 2_000

# One character, or a short sequence, repeated: every trigger of a check.
TRIGGERS = [
    "<", "<a", "<a ", "<a\t", "</", "<!", "<!--", "<?", "<![CDATA[", ">", "&", "&#", "&#x",
    "&a", "&a;", "{", "{{", "{%", "{#", "{:", "{=", "=", "}", "${", "$", "[", "]", "(", ")",
    "](", "[](", "](<", "]:", "[a]:", "`", "```", "~", "*", "_", ":", "/", "//", "\\", "#",
    "# ", "-", "|", "!", "'", '"', " ", "\t", "@", "<a@", "a@", "<http://", "http://",
    "//a@", "https://a@", ":a@", "\\\\a@",
    "javascript", "javascript ", "javascript\t", "data", "j", "é", "e\u0301", "1", "٢",
]  # fmt: skip
# A sequence that opens something, then a long run of what could continue it.
OPEN_THEN_RUN = [
    ("<a", " "), ("<a ", "b"), ("<a", "="), ("{", "="), ("{:", "a="), ("{", " ="), ("<", "a"),
    ("](", " "), ("](", "a"), ("[a]:", " "), ("&#", "1"), ("&#x", "a"), ("&", "a"),
    ("<!--", "-"), ("javascript", " "), ("<https://", "a"), ("<", "a@"), ("`", "a"),
    ("[", "a"), ("(", "a"), ("[", "["), ("(", "("), ("https://", "a@"), ("//", "@"),
]  # fmt: skip
NESTED = [("[" * 50_000) + "a" + ("]" * 50_000), "[a](" + "(" * 60_000 + ")" * 60_000]
# Runs over many lines, and texts whose every word is a different acronym or heading.
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACRONYMS = " ".join(a + b + c for a in _CAPITALS for b in _CAPITALS for c in _CAPITALS)
MULTILINE = ["*[a\n", "# a\n", "#\n", "[a]:\n", "](\n", "<a\n", "```\n", "- a\n", "| a |\n"]
SPECIAL = [
    ("sigles tous différents", ACRONYMS),
    ("points puis une lettre", "." * LENGTH + "x"),
    ("titre de dièses puis une lettre", "# " + "#" * LENGTH + "x"),
]


def _runs() -> list[tuple[str, str]]:
    runs = [(repr(t), (t * (LENGTH // len(t) + 1))[:LENGTH]) for t in TRIGGERS]
    runs += [(f"{a!r} puis {b!r}", (a + b * LENGTH)[:LENGTH]) for a, b in OPEN_THEN_RUN]
    runs += [(f"({a!r}{b!r})*", ((a + b) * LENGTH)[:LENGTH]) for a, b in OPEN_THEN_RUN]
    runs += [(f"imbrication {i}", text[:LENGTH]) for i, text in enumerate(NESTED)]
    runs += [(f"lignes {t!r}", (t * (LENGTH // len(t) + 1))[:LENGTH]) for t in MULTILINE]
    runs += [(label, text[:LENGTH]) for label, text in SPECIAL]
    return runs


RUNS = _runs()
MINIMAL = (FIXTURES / "valid" / "minimal.md").read_text(encoding="utf-8")
REPORT = (FIXTURES / "essais" / "valid" / "commune.yml").read_text(encoding="utf-8")
PRODUCER = (FIXTURES.parent.parent / "producers" / "cd94-projaide.yml").read_text(encoding="utf-8")
# Where a long value goes: (file kind, text to replace in the file).
FIELDS = {
    "titre": ("ressource", "Modèle de compte rendu de réunion"),
    "resume": ("ressource", "Une trame simple pour garder trace"),
    "type": ("ressource", "modele-document"),
    "themes": ("ressource", "gouvernance"),
    "producteur": ("ressource", "cd94-projaide"),
    "territoire.codes": ("ressource", '"94"]\nqualite'),
    "qualite.niveau": ("ressource", "inspiration locale"),
    "qualite.essais.structure": ("ressource", "Ateliers Proj'aide"),
    "date_publication": ("ressource", '"2016-10-18"'),
    "licence": ("ressource", "etalab-2.0"),
    "nom de champ": ("ressource", "licence"),
    "essai.structure": ("essai", None),
    "essai.date": ("essai", None),
    "producteur.nom": ("producteur", None),
}
FREE_TEXT = {"titre", "resume", "qualite.essais.structure", "essai.structure", "producteur.nom"}


def _quoted(run: str) -> str:
    """run as a YAML double-quoted value (one line of about the same length)."""
    return json.dumps(run, ensure_ascii=False)


def _judge(project: Path) -> float:
    """Processor time of one validation (the test machine may be shared)."""
    started = time.process_time()
    load_catalog(project, today=TODAY)
    return time.process_time() - started


@pytest.fixture
def site(tmp_path: Path) -> Path:
    project = light_project(tmp_path / "projet")
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    return project


@pytest.mark.parametrize(("label", "run"), RUNS, ids=[label for label, _ in RUNS])
def test_a_long_body_line_is_judged_quickly(site: Path, label: str, run: str):
    (site / "resources" / "cas" / "minimal.md").write_text(MINIMAL + run + "\n", encoding="utf-8")
    seconds = _judge(site)
    assert seconds < SECONDS, f"{label} : {seconds:.2f} s"


# The readability report of `essaim check` (essaim/catalog/readability.py) is computed
# after loading: each run as a body, and runs of capitals (acronyms) with what may follow.
CAPITAL_RUNS = [
    ("capitales puis une minuscule", "A" * LENGTH + "a"),
    ("capitales et signes ×", ("A×" * LENGTH)[:LENGTH] + "Aa"),
    ("sigles avant parenthèse", ("AB (" * LENGTH)[:LENGTH]),
    ("parenthèse puis sigle", ("(AB" * LENGTH)[:LENGTH]),
]


@pytest.mark.parametrize(
    ("label", "run"), RUNS + CAPITAL_RUNS, ids=[label for label, _ in RUNS + CAPITAL_RUNS]
)
def test_the_readability_report_of_a_long_line_is_quick(label: str, run: str):
    started = time.process_time()
    clarity = readability.report("Titre", "Résumé.", run)
    list(readability.findings(clarity, "Titre", "Résumé.", run))
    seconds = time.process_time() - started
    assert seconds < SECONDS, f"{label} : {seconds:.2f} s"


@pytest.mark.parametrize("field", FIELDS)
def test_a_long_metadata_value_is_judged_quickly(site: Path, field: str):
    kind, anchor = FIELDS[field]
    slowest = (0.0, "")
    # Free text gets every run; names, codes and dates every trigger character.
    runs = RUNS if field in FREE_TEXT else RUNS[: len(TRIGGERS)]
    for label, run in runs:
        value = _quoted(run[: LENGTH - 2_000])
        if kind == "ressource":
            text = MINIMAL.replace(anchor, value, 1)
            if field == "territoire.codes":
                text = MINIMAL.replace(anchor, value + "]\nqualite", 1)
            if field == "nom de champ":
                text = MINIMAL.replace("licence:", value + ":", 1)
            target = site / "resources" / "cas" / "minimal.md"
        elif kind == "essai":
            key = field.split(".")[1]
            lines = [
                f"{key}: {value}" if line.startswith(f"{key}:") else line
                for line in REPORT.splitlines()
            ]
            text = "\n".join(lines) + "\n"
            target = site / "resources" / "cas" / "minimal.essais" / "essai.yml"
            target.parent.mkdir(exist_ok=True)
        else:
            lines = [
                f"nom: {value}" if line.startswith("nom:") else line
                for line in PRODUCER.splitlines()
            ]
            text = "\n".join(lines) + "\n"
            producers = site / "producers"
            if producers.is_symlink():
                producers.unlink()
                producers.mkdir()
            target = producers / "cd94-projaide.yml"
        target.write_text(text, encoding="utf-8")
        seconds = _judge(site)
        slowest = max(slowest, (seconds, label))
    assert slowest[0] < SECONDS, f"{field} : {slowest[1]} en {slowest[0]:.2f} s"
