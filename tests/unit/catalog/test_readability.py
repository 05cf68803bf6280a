"""« Claire et lisible »: the readability report, its warnings, and the real content."""

from __future__ import annotations

from pathlib import Path

import pytest

from essaim.catalog import readability
from essaim.catalog.load import load_catalog
from essaim.problems import Severity
from essaim.settings import CLARITY_MIN_SCORE
from tests.cases import expectation
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture
from tests.helpers import expected_problem

CASES = sorted((FIXTURES / "clarte").iterdir())  # each ends with its « attendu » block


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: p.name)
def test_clarity_case_warns_and_still_publishes(project: Path, fixture: Path):
    add_fixture(project, fixture)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == [], "the report is essaim check's, not the loader's"
    warnings = readability.clarity_problems(catalog.resources)
    problem = expected_problem(warnings, f"resources/cas/{fixture.name}", expectation(fixture))
    assert problem.severity is Severity.WARNING
    assert [r.slug for r in catalog.resources] == [fixture.stem]


def test_every_clarity_case_carries_its_expectation():
    assert len(CASES) >= 5  # the cases of the central list they replaced
    for fixture in CASES:
        assert {"ligne", "champ", "message"} <= set(expectation(fixture)), fixture.name


def test_kandel_moles_formula():
    # 207 − 1,015 × 10 − 73,6 × 1,5 = 86,45
    assert readability.kandel_moles(words=100, sentences=10, syllables=150) == pytest.approx(86.45)
    assert readability.kandel_moles(0, 0, 0) == 0.0


@pytest.mark.parametrize(
    "word,syllables",
    [
        ("association", 4),
        ("bénévoles", 3),
        ("guide", 1),
        ("année", 2),
        ("publique", 2),
        ("le", 1),
        ("que", 1),
        ("une", 1),
        ("coopération", 4),
        ("territoire", 3),
    ],
)
def test_written_syllables(word: str, syllables: int):
    assert readability.count_syllables(word) == syllables


def test_prose_joins_wrapped_lines_and_drops_code_links_and_headings():
    body = (
        "## Titre\n\nUne phrase coupée\nsur deux lignes.\n\n- un point\n- [un lien](https://x.example)\n\n"
        "```\ncode ignoré\n```\n\n| A | B |\n|---|---|\n| cellule | autre |\n"
    )
    blocks = readability.prose(body)
    assert blocks == [
        "Une phrase coupée sur deux lignes.",
        "un point",
        "un lien",
        "A",
        "B",
        "cellule",
        "autre",
    ]
    assert readability.count_sentences(blocks) == 7


def test_acronyms_defined_in_parentheses_or_abbreviation_lines_are_not_reported():
    text = "Le dispositif local d'accompagnement (DLA) aide. Le DLA aussi.\nLa CAF (caisse) paie.\n*[QPV]: quartier prioritaire\nUn QPV. Une ESS. Chapitre IV."
    assert readability.undefined_acronyms(text) == ("ESS",)


def test_real_content_has_no_placeholder_and_every_resource_is_measured():
    catalog = load_catalog(ROOT, today=TODAY)
    assert catalog.errors == []
    reports = [readability.of(r) for r in catalog.resources]
    scores = sorted(report.score for report in reports)
    warnings = readability.clarity_problems(catalog.resources)
    low = [p for p in warnings if "indice de Kandel et Moles" in p.message]
    # every resource under the threshold (and long enough to be scored) is warned about
    assert len(low) == sum(1 for c in reports if c.words >= 50 and c.score < CLARITY_MIN_SCORE)
    assert scores[0] < scores[-1]


def test_committee_clarity_review_is_shown_with_the_evidence(project: Path):
    from essaim.pages.resource import render_resource_page

    add_fixture(project, FIXTURES / "valid" / "tous-les-champs.md")
    catalog = load_catalog(project, today=TODAY)
    [resource] = catalog.resources
    page = render_resource_page(resource, catalog)
    evidence = page.split("Sur quoi repose ce niveau", 1)[1]
    assert "<h3>Claire et lisible</h3>" in evidence
    assert (
        "Relue et jugée claire et lisible pour le comité éditorial par "
        "Comité éditorial &amp; membre du RNMA, en février 2025." in evidence
    )
    assert "Sigles développés après la relecture." in evidence


def test_pull_request_summary_shows_the_report(project: Path):
    from essaim.contribute.summary import render_summary

    add_fixture(project, FIXTURES / "clarte" / "sigle-non-developpe.md")
    catalog = load_catalog(project, today=TODAY)
    changed = [("A", "resources/cas/sigle-non-developpe.md")]
    warnings = readability.clarity_problems(catalog.resources, only={changed[0][1]})
    summary = render_summary(catalog, warnings, changed, "Vérification.")
    assert "sigle « DLA » jamais développé" in summary
    clarity = readability.of(catalog.resources[0])
    assert f"lisibilité {clarity.score:.1f}".replace(".", ",") in summary
    assert "sigles non développés : DLA" in summary
    assert "pas encore relue « claire et lisible » par le comité" in summary


def test_essaim_check_prints_the_report_warnings_and_exits_0(project: Path):
    import os
    import subprocess
    import sys

    add_fixture(project, FIXTURES / "clarte" / "sigle-non-developpe.md")
    result = subprocess.run(
        [sys.executable, "-m", "essaim.cli", "check"],
        cwd=project,
        env={**os.environ, "ESSAIM_DATE": TODAY.isoformat()},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "resources/cas/sigle-non-developpe.md:23: avertissement : texte : sigle « DLA » jamais "
        "développé" in result.stdout
    )


def test_empty_section_found_with_or_without_fenced_code():
    body = "## Un\n\ntexte\n\n## Deux\n\n## Trois\n\nfin\n"
    fenced = "## Un\n\n```\n## pas un titre\n```\n\n## Deux\n\n## Trois\n\nfin\n"
    assert [f[2] for f in readability.placeholder_findings(body)] == ["Deux"]
    assert [f[2] for f in readability.placeholder_findings(fenced)] == ["Deux"]
    assert [(i, lvl) for i, lvl, _ in readability.headings(body)] == [(0, 2), (4, 2), (6, 2)]


def test_the_multiplication_sign_is_not_a_capital():
    """« × » sits between À and Ý in Unicode but is a sign: it separates two acronyms."""
    assert readability.undefined_acronyms("Le partenariat CAF×DLA 3×QPV") == ("CAF", "DLA", "QPV")


def test_an_acronym_is_placed_where_it_first_stands_alone():
    body = "Le CAFÉ ouvre.\nLa CAF2 paie.\nLa CAF aide.\n"
    clarity = readability.report("Titre", "Résumé sans sigle.", body)
    assert clarity.undefined_acronyms == ("CAFÉ", "CAF2", "CAF")
    placed = [(key, line) for key, line, _ in readability.findings(clarity, "Titre", "", body)]
    assert placed == [("texte", 0), ("texte", 1), ("texte", 2)]
