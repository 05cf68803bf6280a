"""The directory of support structures in the catalogue's search, in real Chromium: a query
asking for help shows the structures of the place named, as cards of their own kind,
above the resources; a query about documents shows none."""

from __future__ import annotations

import pytest

from essaim.catalog.load import load_catalog
from tests.conftest import ROOT, TODAY
from tests.helpers import card_slugs, open_catalogue


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


def _structures(page) -> list[str]:
    return card_slugs(page, "#essaim-structures")


def test_asking_for_help_in_a_town_shows_the_structures_that_help_there(
    open_page, base_url, catalog
):
    page = open_page()
    open_catalogue(page, base_url, {"q": "qui peut m'aider à Créteil"})
    assert page.locator("#essaim-structures").is_visible()
    shown = _structures(page)
    assert set(shown) == {"dla-94", "crib-94", "projaide-94"}
    # each helps in the Val-de-Marne, where Créteil is, as the data files say
    for slug in shown:
        assert catalog.structures[slug].territory.codes == ("94",)
    cards = page.locator("#essaim-structures .essaim-carte--structure")
    assert cards.count() == 3
    assert cards.first.locator(".essaim-carte__genre").inner_text() == "Structure d'accompagnement"
    assert catalog.structures[shown[0]].name in cards.first.inner_text()
    # the resources are still listed below
    assert page.locator("#essaim-resultats .essaim-carte").count() >= 1
    # the card leads to the structure's page
    cards.first.locator("h4 a").click()
    page.wait_for_load_state()
    assert catalog.structures[shown[0]].name in page.inner_text("h1")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("accompagnement DLA", "dla-94"),
        ("maison des associations à Marseille", "mda-marseille"),
        ("maison des assos amiens", "mda-amiens"),  # a synonym (« assos »)
        ("centre de ressources pour les bénévoles 94", "crib-94"),
    ],
)
def test_a_structure_query_puts_the_right_structure_first(open_page, base_url, query, expected):
    page = open_page()
    open_catalogue(page, base_url, {"q": query})
    assert _structures(page)[0] == expected


def test_many_structures_and_no_place_asks_where_instead_of_listing(open_page, base_url, catalog):
    page = open_page()
    open_catalogue(page, base_url, {"q": "maison des associations"})
    assert _structures(page) == []
    houses = [s for s in catalog.structures.values() if s.kind == "maison-des-associations"]
    hint = page.inner_text("#essaim-structures .essaim-structures__lieu")
    assert hint.startswith(f"{len(houses)} structures de l'annuaire correspondent")


@pytest.mark.parametrize("query", ["convention", "budget prévisionnel", "PV", "Val-de-Marne"])
def test_a_query_about_documents_shows_no_structure(open_page, base_url, query):
    page = open_page()
    open_catalogue(page, base_url, {"q": query})
    assert not page.locator("#essaim-structures").is_visible()


def test_a_ticked_territory_is_where_structures_are_looked_for(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "accompagnement", "departement": "94"})
    assert "dla-94" in _structures(page)
    open_catalogue(page, base_url, {"q": "accompagnement", "departement": "13"})
    assert "dla-94" not in _structures(page)
    # structures have no type: a type filter leaves them out
    open_catalogue(page, base_url, {"q": "accompagnement DLA", "type": "guide"})
    assert not page.locator("#essaim-structures").is_visible()
