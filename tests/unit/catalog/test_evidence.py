"""How trials add up to « testée partout »: one département per trial, one per organisation.

The hostile corpus (tests/fixtures/hostile/preuves/) plays whole cases through `essaim
check`; here the counting itself is compared with a brute-force search on random trials.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essaim.catalog import quality
from essaim.model import Trial
from essaim.territories import Territories, Territory
from tests.conftest import ROOT

DEPARTEMENTS = ["13", "33", "94", "75", "69"]
ORGANISATIONS = ["MDA Créteil", "mda creteil", "DLA 13", "Centre social", "Fédération"]


@pytest.fixture(scope="module")
def territories() -> Territories:
    return Territories.load(ROOT / "data" / "territoires")


def _trial(structure: str, codes: list[str]) -> Trial:
    return Trial(Territory("departement", tuple(codes)), "2025", structure)


def _brute_force(trials: list[Trial], territories: Territories) -> int:
    """The largest set of (trial, département) pairs with distinct trials, distinct
    organisations and distinct départements, by trying every choice."""
    options = [
        [
            (quality.organisation_key(t.structure), d)
            for d in territories.departements_of(t.territory)
        ]
        + [None]
        for t in trials
    ]
    best = 0
    for choice in itertools.product(*options):
        picked = [c for c in choice if c]
        orgs = {o for o, _ in picked}
        deps = {d for _, d in picked}
        if len(orgs) == len(deps) == len(picked):
            best = max(best, len(picked))
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ORGANISATIONS),
            st.lists(st.sampled_from(DEPARTEMENTS), min_size=1, max_size=3, unique=True),
        ),
        max_size=6,
    )
)
def test_counting_finds_the_largest_fair_pairing(territories, raw):
    trials = [_trial(org, codes) for org, codes in raw]
    expected = _brute_force(trials, territories)
    counted = quality.counted_departements(trials, territories, enough=len(DEPARTEMENTS))
    assert len(counted) == expected
    # each counted département belongs to a different organisation that tried it there
    assert len(set(counted.values())) == len(counted)
    for departement, organisation in counted.items():
        assert any(
            quality.organisation_key(t.structure) == organisation
            and departement in territories.departements_of(t.territory)
            for t in trials
        )
    capped = quality.counted_departements(trials, territories)
    assert len(capped) == min(expected, 3)


def test_a_pairing_that_a_first_come_count_would_miss(territories):
    trials = [
        _trial("Association des deux rives", ["13", "94"]),
        _trial("Bouches-du-Rhône Bénévolat", ["13"]),
        _trial("Gironde Bénévolat", ["33"]),
    ]
    assert quality.counted_departements(trials, territories) == {
        "13": "bouchesdurhonebenevolat",
        "33": "girondebenevolat",
        "94": "associationdesdeuxrives",
    }


@pytest.mark.parametrize(
    "a,b",
    [
        ("MDA Créteil", "mda creteil"),
        ("M.D.A. de Créteil", "MDA-de-CRÉTEIL"),
        ("Maison des associations", "Maison  des  associations."),
        ("Ｆédération", "Fédération"),
    ],
)
def test_names_written_differently_are_one_organisation(a, b):
    assert quality.organisation_key(a) == quality.organisation_key(b)


def test_many_trials_of_one_organisation_are_counted_in_linear_time(territories):
    import time

    trials = [_trial("Une seule fédération", [d]) for d in DEPARTEMENTS] * 2000
    trials += [_trial(f"Structure {n}", ["13"]) for n in range(5000)]
    started = time.perf_counter()
    counted = quality.counted_departements(trials, territories)
    assert time.perf_counter() - started < 1.0
    assert len(counted) == 2


def test_the_resource_page_says_how_many_departements_count(tmp_path):
    """Three départements tried by one organisation: the page says only one counts."""
    import shutil

    from essaim.catalog.load import load_catalog
    from essaim.pages.resource import render_resource_page
    from tests.conftest import FIXTURES, TODAY, make_project

    project = make_project(tmp_path / "projet")
    case = FIXTURES / "hostile" / "preuves" / "meme-structure-trois-departements"
    target = project / "resources" / "cas"
    shutil.copytree(case, target)
    source = target / "meme-structure-trois-departements.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("testée partout", "inspiration locale"),
        encoding="utf-8",
    )
    catalog = load_catalog(project, today=TODAY)
    [resource] = catalog.resources
    assert resource.standing.departements == ("13", "33", "94")
    assert len(resource.standing.counted) == 1 and resource.standing.promotion == ""
    summary = render_resource_page(resource, catalog)  # « Sur quoi repose ce niveau »
    assert "Essayée 3 fois, dans 3 départements" in summary
    assert "1 département seulement compte : il en faut 3" in summary


def test_the_organisation_key_keeps_exactly_the_letters_and_digits_of_every_character():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    decomposed = unicodedata.normalize("NFKD", every).casefold()
    assert quality.organisation_key(every) == "".join(c for c in decomposed if c.isalnum())
