"""The directory of support structures and the facilitators: one fixture a case."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from essaim.catalog.load import load_catalog
from essaim.catalog.structures import looks_personal
from essaim.problems import Severity
from tests.cases import copy_case, expectation
from tests.conftest import FIXTURES, ROOT, TODAY
from tests.helpers import expected_problem

REGISTRIES = {
    # fixture folder: (project folder, valid neighbour)
    "structures": ("structures", "maison-exemple.yml"),
    "animateurs": ("animateurs", "animation-exemple.yml"),
}


def _cases(kind: str) -> list[Path]:
    folders = ("invalid", "avertissement")
    return sorted(
        path
        for folder in folders
        if (FIXTURES / kind / folder).is_dir()
        for path in (FIXTURES / kind / folder).iterdir()
    )


def _load(project: Path, kind: str, *cases: Path):
    folder, valid = REGISTRIES[kind]
    target = project / folder
    target.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / kind / "valid" / valid, target)
    for case in cases:
        copy_case(case, target)
    return load_catalog(project, today=TODAY)


@pytest.mark.parametrize(
    "kind,case",
    [(kind, case) for kind in REGISTRIES for case in _cases(kind)],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_registry_case_reports_its_message(project: Path, kind: str, case: Path):
    expected = expectation(case)
    catalog = _load(project, kind, case)
    folder, valid = REGISTRIES[kind]
    problem = expected_problem(catalog.problems, f"{folder}/{case.name}", expected)
    entries = catalog.structures if kind == "structures" else catalog.facilitators
    if expected.get("gravite") == "avertissement":
        assert problem.severity is Severity.WARNING
        assert case.stem in entries, "a warning never drops an entry"
    else:
        assert problem.severity is Severity.ERROR
        assert case.stem not in entries, "an entry with an error is never published"
    assert Path(valid).stem in entries, "one broken file does not cost another entry"


@pytest.mark.parametrize("kind, floor", [("structures", 12), ("animateurs", 4)])
def test_every_registry_case_carries_its_expectation(kind: str, floor: int):
    cases = _cases(kind)
    assert len(cases) >= floor  # the cases of the central lists they replaced
    for case in cases:
        assert {"ligne", "champ", "message"} <= set(expectation(case)), case.name


def test_valid_fixtures_load_with_their_fields(project: Path):
    catalog = _load(project, "structures")
    _load(project, "animateurs")
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    structure = catalog.structures["maison-exemple"]
    assert structure.guidasso == ("orientation", "information")
    assert structure.territory.codes == ("13055",)
    assert catalog.facilitators["animation-exemple"].github == "animation-exemple"


@pytest.mark.parametrize(
    "address,personal",
    [
        ("contact@mda.fr", False),
        ("accueil.mda@ville.fr", False),
        ("vie-associative@ville.fr", False),
        ("reseauiae94@gmail.com", False),
        ("jeanne.exemple@ville.fr", True),
        ("j-martin@asso.fr", True),
    ],
)
def test_personal_looking_addresses(address: str, personal: bool):
    assert looks_personal(address) is personal


def test_real_registries_are_valid_and_sourced():
    catalog = load_catalog(ROOT, today=TODAY)
    problems = [
        p.format_text()
        for p in catalog.problems
        if p.path.startswith(("structures/", "animateurs/"))
    ]
    assert problems == []
    assert len(catalog.structures) == len(list((ROOT / "structures").glob("*.yml")))
    for structure in catalog.structures.values():
        assert structure.source
        first = (ROOT / structure.path).read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/structure.schema.json"


@pytest.mark.parametrize(
    "example,kind",
    [("exemple-structure.yml", "structures"), ("exemple-animateur.yml", "animateurs")],
)
def test_annotated_examples_are_valid(project: Path, example: str, kind: str):
    target = project / kind
    target.mkdir()
    text = (ROOT / "schemas" / example).read_text(encoding="utf-8")
    (target / example).write_text(text.replace("$schema=", "$schema=../schemas/", 1), "utf-8")
    catalog = load_catalog(project, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    entries = catalog.structures if kind == "structures" else catalog.facilitators
    assert list(entries) == [Path(example).stem]


def test_guidasso_labels_have_a_class_of_their_own(project: Path):
    """The directory's Guid'Asso labels and the resource pages' evidence marks (« Prête
    pour promotion ») are two things: one style sheet rule for each, never shared."""
    from essaim.pages.directory import render_directory_pages

    _load(project, "structures")
    catalog = load_catalog(project, today=TODAY)
    page = render_directory_pages(catalog)["annuaire/maison-exemple.md"]
    assert '<span class="essaim-label-guidasso">Guid&#x27;Asso – Orientation</span>' in page
    assert "essaim-marque" not in page
    css = (ROOT / "docs" / "assets" / "essaim.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s for s in re.findall(r"([^{}]+)\{", css) if "essaim-marque" in s]
    assert selectors and all("guidasso" not in s for s in selectors)
    assert ".md-typeset .essaim-label-guidasso" in css
