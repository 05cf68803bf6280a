"""The catalogue in real Chromium: French search, combined facets, state in the URL."""

from __future__ import annotations

from collections import Counter

import pytest

from essaim import words
from essaim.catalog.load import load_catalog
from essaim.pages.facets import FACETS, resource_facets
from tests.conftest import ROOT, TODAY
from tests.helpers import CATALOGUE_READY, card_slugs, open_catalogue


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


def _expected(catalog, chosen: dict[str, list[str]]) -> list[str]:
    """Slugs matching every chosen facet (any of its values), computed from the data files."""
    found = []
    for resource in catalog.resources:
        values = resource_facets(resource, catalog)
        if all(set(values[key]) & set(wanted) for key, wanted in chosen.items()):
            found.append(resource.slug)
    return sorted(found)


def _all_results(page) -> list[str]:
    while page.locator("#essaim-plus").is_visible():
        before = page.locator("#essaim-resultats .essaim-carte").count()
        page.click("#essaim-plus")
        page.wait_for_function(
            f"document.querySelectorAll('#essaim-resultats .essaim-carte').length > {before}"
        )
    return sorted(card_slugs(page))


def _wait_ready(page):
    page.wait_for_function(CATALOGUE_READY, timeout=10000)


def test_query_without_accents_finds_accented_words(open_page, base_url, catalog):
    page = open_page()
    open_catalogue(page, base_url, {"q": "benevoles retraites"})
    results = _all_results(page)
    assert "idee-benevoles-retraites-et-jeunes" in results
    title = catalog.resource("idee-benevoles-retraites-et-jeunes").title
    assert "bénévoles" in title and "retraités" in title


def test_plural_finds_singular(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "conventions"})
    results = _all_results(page)
    assert "modele-convention-cooperation-associations" in results


def test_combined_filters_match_the_data_files_and_counts(open_page, base_url, catalog):
    chosen = {
        "type": ["modele-document", "fiche-experience"],
        "departement": ["94"],
        "niveau": ["inspiration-locale", "non-evaluee"],
    }
    expected = _expected(catalog, chosen)
    assert 0 < len(expected) < len(catalog.resources)
    page = open_page()
    open_catalogue(page, base_url)
    for key, values in chosen.items():
        for value in values:
            if key == "departement":
                page.click("[data-facette=region] summary")
            elif not page.locator(f"[data-facette={key}]").get_attribute("open") is not None:
                page.click(f"[data-facette={key}] summary")
            page.check(f"#f-{key}-{value}")
            _wait_ready(page)
    assert _all_results(page) == expected
    # each type option counts the resources it would give with the other filters kept
    for value in ("modele-document", "fiche-experience", "guide"):
        with_value = _expected(catalog, {**chosen, "type": [value]})
        shown = page.locator(f"#f-type-{value} ~ .essaim-nb").inner_text()
        assert int(shown) == len(with_value), value


def test_url_restores_state_and_back_forward_work(open_page, base_url, catalog):
    params = {"q": "convention", "niveau": ["non-evaluee"], "tri": "date"}
    page = open_page()
    open_catalogue(page, base_url, params)
    assert page.input_value("#essaim-q") == "convention"
    assert page.is_checked("#f-niveau-non-evaluee")
    assert page.input_value("#essaim-tri") == "date"
    first = _all_results(page)
    assert first and all(catalog.resource(slug).quality.level == "non évaluée" for slug in first)

    page.check("#f-type-modele-document")
    page.wait_for_function("location.search.includes('type=modele-document')")
    _wait_ready(page)
    narrowed = _all_results(page)
    assert set(narrowed) <= set(first)

    page.go_back()
    page.wait_for_function("!location.search.includes('type=modele-document')")
    _wait_ready(page)
    assert not page.is_checked("#f-type-modele-document")
    assert _all_results(page) == first

    page.go_forward()
    page.wait_for_function("location.search.includes('type=modele-document')")
    _wait_ready(page)
    assert page.is_checked("#f-type-modele-document")


def test_catalogue_is_usable_on_a_360px_phone(open_page, base_url):
    page = open_page(width=360)
    open_catalogue(page, base_url, {"q": "association"})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"la page déborde de {overflow} px"
    assert page.locator("#essaim-q").is_visible()
    assert page.locator("#essaim-resultats .essaim-carte").first.is_visible()
    assert page.outside == []
    # the results follow the search box: the filters are folded on a phone
    assert page.locator("details.essaim-facettes[open], details.essaim-facette[open]").count() == 0
    first = page.locator("#essaim-resultats .essaim-carte").first.bounding_box()
    assert first["y"] < 600, f"first result {first['y']:.0f} px down the page"
    # …unless one of their values is chosen
    open_catalogue(page, base_url, {"q": "association", "niveau": ["non-evaluee"]})
    assert page.locator("details.essaim-facettes[open]").count() == 1
    assert page.locator("details.essaim-facette[open]").count() == 1


def test_every_facet_of_the_form_exists_in_the_search_index(catalog):
    counts = Counter(
        key
        for r in catalog.resources
        for key, values in resource_facets(r, catalog).items()
        if values
    )
    assert {facet.key for facet in FACETS} == set(counts)


def test_opening_the_catalogue_downloads_no_search_index(open_page, base_url):
    page = open_page()
    index_requests = []
    page.on("request", lambda r: index_requests.append(r.url) if "/recherche/" in r.url else None)
    open_catalogue(page, base_url)
    assert page.locator("#essaim-resultats .essaim-carte").count() == 20, (
        "the most recent resources"
    )
    assert index_requests == []
    page.fill("#essaim-q", "convention")
    page.wait_for_function(
        "Number(document.getElementById('essaim-catalogue').dataset.recherches) >= 1"
    )
    assert index_requests, "typing loads the index"


def test_browser_and_builder_analyse_words_identically(open_page, base_url, catalog):
    """recherche.js's fold/stem must give the terms essaim/publish/search_index.py stored."""

    texts = [" ".join((r.title, r.summary, r.body)) for r in catalog.resources]
    texts += ["Œuvres ÉLÈVES locaux jeux naïfs façades ﬁnancement 1901 l'été Noël², coopérations"]
    page = open_page()
    page.goto(f"{base_url}/catalogue/")
    in_browser = page.evaluate(
        "([texts, stop]) => texts.map(t => EssaimRecherche.terms(t, new Set(stop)))",
        [texts, sorted(words.STOP_WORDS)],
    )
    assert in_browser == [words.terms(t) for t in texts]


def test_title_matches_rank_first_and_date_sort_is_most_recent_first(open_page, base_url, catalog):
    page = open_page()
    open_catalogue(page, base_url, {"q": "convention de coopération"})
    first = page.eval_on_selector(
        "#essaim-resultats .essaim-carte__titre a", "e => e.getAttribute('href')"
    )
    assert first.rstrip("/").endswith("modele-convention-cooperation-associations")
    open_catalogue(page, base_url, {"q": "association", "tri": "date"})
    shown = [
        h.rstrip("/").rsplit("/", 1)[-1]
        for h in page.eval_on_selector_all(
            "#essaim-resultats .essaim-carte__titre a",
            "els => els.map(e => e.getAttribute('href'))",
        )
    ]
    dates = [catalog.resource(slug).last_changed for slug in shown]
    assert len(shown) == 10 and dates == sorted(dates, reverse=True)


def test_a_word_being_typed_finds_longer_words(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "coopérat"})
    assert "modele-convention-cooperation-associations" in _all_results(page)


def test_words_never_found_together_show_resources_with_some_of_them(open_page, base_url, catalog):

    page = open_page()
    open_catalogue(page, base_url, {"q": "convention xylophone"})
    status = page.inner_text("#essaim-statut")
    assert status.startswith("Aucune ressource ne contient tous ces mots.")
    results = _all_results(page)
    holding = sorted(
        r.slug
        for r in catalog.resources
        if "convention" in words.terms(" ".join((r.title, r.summary, r.body, *r.keywords)))
    )
    assert holding and set(holding) <= set(results)
    open_catalogue(page, base_url, {"q": "xylophone zanzibar"})
    assert page.inner_text("#essaim-statut").startswith("Aucune ressource ne correspond.")


def test_a_typing_slip_finds_the_intended_word_and_says_so(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "convention"})
    intended = _all_results(page)
    assert not page.inner_text("#essaim-statut").startswith("Mots introuvables")
    for slip in ("conventoin", "convension", "convetion"):
        open_catalogue(page, base_url, {"q": slip})
        assert page.inner_text("#essaim-statut").startswith("Mots introuvables remplacés"), slip
        assert _all_results(page) == intended, slip
    # a word far from every indexed word is not replaced by some unrelated one
    open_catalogue(page, base_url, {"q": "xyzzy"})
    assert page.inner_text("#essaim-statut").startswith("Aucune ressource ne correspond.")


def test_search_cards_say_where_a_resource_was_tried_as_listing_cards_do(
    open_page, base_url, catalog
):
    from essaim.pages.evidence import card_spread

    slug = "solidages-21-cooperations-intergenerationnelles-bassins-de-vie"
    spread = card_spread(catalog.resource(slug))
    assert spread.startswith("Essayée dans ")
    page = open_page()
    open_catalogue(page, base_url, {"q": "Solidâges"})
    card = page.locator(f"#essaim-resultats .essaim-carte:has(a[href$='/{slug}/'])")
    assert card.locator(".essaim-carte__essais").inner_text() == spread
