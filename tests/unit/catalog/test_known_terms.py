"""Words in capitals the committee lists as not to expand (vocabularies/sigles.yml)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from essaim.catalog import readability
from essaim.catalog.load import load_catalog
from tests.cases import copy_case, expectation
from tests.conftest import FIXTURES, ROOT, make_project
from tests.helpers import assert_check_refuses, run_essaim

CASES = sorted((FIXTURES / "sigles").iterdir())  # each ends with its « attendu » block

BODY = """---
titre: La Fondation SNCF et le DLA soutiennent les coopérations
resume: Deux soutiens possibles pour un projet porté par plusieurs associations d'un territoire.
type: guide
themes:
  - cooperation
publics:
  - dirigeants-associatifs
producteur: cd94-projaide
territoire:
  echelle: departement
  codes: ["94"]
qualite:
  niveau: non évaluée
  note: Aucun essai rapporté pour l'instant.
licence: etalab-2.0
date_publication: "2024-03"
---

## Qui solliciter

La Fondation SNCF finance des projets communs. Le DLA conseille les associations employeuses.
"""


def run_check(project: Path) -> subprocess.CompletedProcess:
    return run_essaim(project, "check")


def test_every_case_carries_its_expectation():
    assert len(CASES) >= 6
    for case in CASES:
        assert {"ligne", "champ", "message"} <= set(expectation(case)), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_file_is_reported_with_file_line_and_field(tmp_path: Path, case: Path):
    project = make_project(tmp_path / "projet")
    copy_case(case, project / "vocabularies" / "sigles.yml")
    assert_check_refuses(project, "vocabularies/sigles.yml", expectation(case))


def test_a_listed_name_is_not_reported_but_a_real_acronym_still_is(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    (project / "resources" / "guides").mkdir()
    (project / "resources" / "guides" / "soutiens.md").write_text(BODY, encoding="utf-8")
    output = run_check(project).stdout
    assert "sigle « DLA »" in output
    assert "sigle « SNCF »" not in output  # listed in the real vocabularies/sigles.yml
    (project / "vocabularies" / "sigles.yml").unlink()
    assert "sigle « SNCF »" in run_check(project).stdout


def test_an_invalid_file_hides_no_warning(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    (project / "resources" / "guides").mkdir()
    (project / "resources" / "guides" / "soutiens.md").write_text(BODY, encoding="utf-8")
    copy_case(FIXTURES / "sigles" / "nature-inconnue.yml", project / "vocabularies" / "sigles.yml")
    output = run_check(project).stdout
    assert "sigle « SNCF »" in output
    assert load_catalog(project).known_terms == frozenset()


def test_the_real_vocabulary_is_valid_short_and_holds_no_acronym_of_the_synonyms():
    catalog = load_catalog(ROOT)
    assert not [p for p in catalog.problems if "sigles" in p.path]
    written = yaml.safe_load((ROOT / "vocabularies" / "sigles.yml").read_text(encoding="utf-8"))
    assert catalog.known_terms == frozenset(written)
    assert len(written) <= 30  # a short list the committee can read in one sitting
    # The search's synonyms name real acronyms (GE, CVA, QPV…): resources must expand them.
    synonym_words = {term for group in catalog.synonyms for term in group.expressions}
    assert not catalog.known_terms & synonym_words


def test_the_detector_skips_known_words_only():
    text = "La SNCF et la RATP ; le DLA (dispositif local d'accompagnement) ; la CAF."
    assert readability.undefined_acronyms(text) == ("SNCF", "RATP", "CAF")
    known = frozenset({"SNCF", "RATP"})
    assert readability.undefined_acronyms(text, known) == ("CAF",)
