"""The search's synonyms vocabulary: checked like every contributor file, shipped in the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from essaim.catalog.load import load_catalog
from essaim.publish.search_index import search_files
from essaim.words import terms
from tests.cases import copy_case, expectation
from tests.conftest import FIXTURES, ROOT, make_project
from tests.helpers import assert_check_refuses

CASES = sorted((FIXTURES / "synonymes").iterdir())  # each ends with its « attendu » block


def test_every_case_carries_its_expectation():
    assert len(CASES) >= 6  # the cases of the central list they replaced
    for case in CASES:
        assert {"ligne", "champ", "message"} <= set(expectation(case)), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_synonyms_are_reported_with_file_line_and_field(tmp_path: Path, case: Path):
    project = make_project(tmp_path / "projet")
    copy_case(case, project / "vocabularies" / "synonymes.yml")
    assert_check_refuses(project, "vocabularies/synonymes.yml", expectation(case))


def test_the_real_vocabulary_is_valid_and_every_expression_is_searchable():
    catalog = load_catalog(ROOT)
    assert not [p for p in catalog.problems if "synonymes" in p.path]
    written = yaml.safe_load((ROOT / "vocabularies" / "synonymes.yml").read_text(encoding="utf-8"))
    assert [g.key for g in catalog.synonyms] == list(written)
    for group in catalog.synonyms:
        assert len(group.terms) == len(written[group.key]["termes"])
        assert all(group.terms)


def test_the_index_ships_each_expression_as_its_terms():
    catalog = load_catalog(ROOT)
    index = json.loads(search_files(catalog)["recherche/index.json"])
    shipped = index["synonymes"]
    assert len(shipped) == len(catalog.synonyms)
    proces = next(g for g in catalog.synonyms if "PV" in g.expressions)
    assert [terms(e) for e in proces.expressions] in shipped
    assert ["proc", "verbal"] in shipped[catalog.synonyms.index(proces)]
