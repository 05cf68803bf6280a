"""Every fixture file is one case: valid ones load cleanly, invalid ones give their message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from essaim.catalog.load import load_catalog
from tests.cases import expectation
from tests.conftest import FIXTURES, RESOURCE_LIKE, TODAY, add_fixture
from tests.helpers import expected_problem

VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.suffix in RESOURCE_LIKE)
# Each invalid case ends with its own « # --- attendu --- » block (tests/cases.py).
INVALID = sorted((FIXTURES / "invalid").iterdir())


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads_without_problem(project: Path, fixture: Path):
    add_fixture(project, fixture)
    catalog = load_catalog(project, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    assert [r.slug for r in catalog.resources] == [fixture.stem]


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_its_message(project: Path, fixture: Path):
    expected = expectation(fixture)
    add_fixture(project, fixture)
    started = time.perf_counter()
    catalog = load_catalog(project, today=TODAY)
    elapsed = time.perf_counter() - started
    assert catalog.resources == [], "an invalid file must never be published"
    expected_problem(catalog.problems, f"resources/cas/{fixture.name}", expected)
    assert elapsed < 2, "a hostile file must be refused quickly"


def test_every_invalid_fixture_carries_its_expectation():
    assert len(INVALID) >= 72  # the cases of the central list they replaced
    for fixture in INVALID:
        assert {"ligne", "champ", "message"} <= set(expectation(fixture)), fixture.name


def test_all_errors_of_all_files_are_reported_in_one_run(project: Path):
    for name in ("champ-inconnu.md", "type-inconnu.md", "theme-inconnu.md", "date-impossible.md"):
        add_fixture(project, FIXTURES / "invalid" / name)
    catalog = load_catalog(project, today=TODAY)
    assert {p.path.rsplit("/", 1)[1] for p in catalog.errors} == {
        "champ-inconnu.md",
        "type-inconnu.md",
        "theme-inconnu.md",
        "date-impossible.md",
    }


def test_duplicate_slug_across_folders_is_refused(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md", folder="a")
    add_fixture(project, FIXTURES / "valid" / "minimal.md", folder="b")
    catalog = load_catalog(project, today=TODAY)
    [problem] = [p for p in catalog.errors if "déjà utilisé" in p.message]
    assert problem.path == "resources/b/minimal.md"
    assert "resources/a/minimal.md" in problem.message


def test_one_broken_file_does_not_cost_another_resource(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    add_fixture(project, FIXTURES / "invalid" / "syntaxe-yaml.md")
    catalog = load_catalog(project, today=TODAY)
    assert [r.slug for r in catalog.resources] == ["minimal"]
    assert len(catalog.errors) == 1
