"""The judged query set (benchmarks/requetes.yml) run through the real recherche.js.

The floors only go up: raise them when the engine improves, never lower them (and never
edit the judgements to pass: a held-out query set is also run against main).
"""

from __future__ import annotations

import pytest

from benchmarks.pertinence import Answer, Query, essaim_answers, load_queries, scores
from tests.conftest import ROOT

SUCCESS_AT_3_FLOOR = 0.98
MRR_AT_10_FLOOR = 0.92


def test_every_judged_resource_exists_and_grades_are_valid():
    slugs = {
        path.stem
        for path in (ROOT / "resources").rglob("*")
        if path.suffix in {".md", ".yml"} and not path.parent.name.endswith(".essais")
    }
    slugs |= {f"annuaire/{path.stem}" for path in (ROOT / "structures").glob("*.yml")}
    queries = load_queries()
    assert len(queries) >= 80
    assert sum(1 for q in queries if q.genre == "structure") >= 10
    for query in queries:
        assert query.no_answer or query.grades, query.text
        for slug, grade in query.grades.items():
            assert slug in slugs, f"« {query.text} » : ressource ou structure inconnue {slug}"
            assert grade in (1, 2), f"« {query.text} » : note {grade}"


def test_metrics_count_the_first_right_answer():
    query = Query("x", "mots", {"a": 2, "b": 1})
    result = scores([query], [Answer(["b", "c", "a"])])
    assert result["success3"] == 1.0 and result["mrr10"] == pytest.approx(1 / 3)
    result = scores([query], [Answer(["b", "c", "d", "a"])])
    assert result["success3"] == 0.0 and result["mrr10"] == pytest.approx(1 / 4)


def test_judged_queries_stay_above_their_floor(open_page, base_url):
    queries = load_queries()
    result = scores(queries, essaim_answers(open_page(), base_url, queries))
    misses = "\n".join(f"« {text} » → {top}" for text, top in result["misses"])
    assert result["success3"] >= SUCCESS_AT_3_FLOOR, misses
    assert result["mrr10"] >= MRR_AT_10_FLOOR, misses
