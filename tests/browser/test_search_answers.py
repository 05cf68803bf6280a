"""Issue « Trouver juste » in real Chromium: synonyms, graded and partial matches, typos,
places, honest answers, territory union, the phone flow, keyboard focus and history."""

from __future__ import annotations

import pytest

from essaim.catalog.load import load_catalog
from essaim.pages.facets import resource_facets
from tests.conftest import ROOT, TODAY
from tests.helpers import CATALOGUE_READY, card_slugs, open_catalogue


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


def _all(page) -> list[str]:
    while page.locator("#essaim-plus").is_visible():
        before = page.locator("#essaim-resultats .essaim-carte").count()
        page.click("#essaim-plus")
        page.wait_for_function(
            f"document.querySelectorAll('#essaim-resultats .essaim-carte').length > {before}"
        )
    return card_slugs(page)


def test_an_abbreviation_finds_its_synonyms_and_the_page_says_which(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "PV"})
    top = card_slugs(page)[:3]
    assert "modele-compte-rendu-reunion-cooperation" in top
    assert "modele-releve-decision-reunion" in top
    said = page.inner_text("#essaim-explications")
    assert "« procès-verbal »" in said and "« compte rendu »" in said and "« PV »" in said


def test_more_words_matched_rank_first_instead_of_all_or_nothing(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "mutualiser un salarié"})
    top = card_slugs(page)[:3]
    assert "modele-convention-mise-a-disposition-salarie" in top
    employers = {
        "groupement-employeurs-associatif-premiers-pas",
        "guide-groupement-employeurs-associations-gouv",
    }
    assert employers & set(top)
    # every word (or a synonym) is matched by the first ones, some by the others
    assert "contiennent tous les mots" in page.inner_text("#essaim-statut")


def test_question_words_are_ignored(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "budget prévisionnel"})
    plain = card_slugs(page)
    open_catalogue(page, base_url, {"q": "comment faire un budget prévisionnel"})
    assert card_slugs(page)[:3] == plain[:3]
    assert plain[0] == "modele-budget-previsionnel-projet"


@pytest.mark.parametrize(
    "slip, intended, expected",
    [
        ("budjet", "budget", "modele-budget-previsionnel-projet"),  # a wrong letter
        ("groupemnt", "groupement", "groupement-employeurs-associatif-premiers-pas"),  # missing
        # in the middle; the word is said as the resources write it, with its accents
        ("evalution", "évaluation", "modele-fiche-evaluation-projet"),
        ("subvension", "subvention", "modele-fiche-presentation-projet-cooperation"),
    ],
)
def test_a_typo_anywhere_in_the_word_is_corrected_and_said(
    open_page, base_url, slip, intended, expected
):
    page = open_page()
    open_catalogue(page, base_url, {"q": slip})
    assert expected in card_slugs(page)[:3]
    said = page.inner_text("#essaim-explications")
    assert f"« {slip} »" in said and f"« {intended} »" in said


@pytest.mark.parametrize(
    "query, departement",
    [("mutualisation Marseille", "13"), ("coopération 94", "94"), ("Val-de-Marne", "94")],
)
def test_a_place_lifts_the_resources_located_there(
    open_page, base_url, catalog, query, departement
):
    page = open_page()
    open_catalogue(page, base_url, {"q": query})
    first = catalog.resource(card_slugs(page)[0])
    assert departement in resource_facets(first, catalog)["departement"]
    name = catalog.territories.departements[departement][0]
    said = page.inner_text("#essaim-explications")
    # the facet of the place and its words come from the page (data-facettes)
    assert f"les ressources du département {name} ({departement}) passent en tête" in said


def test_when_nothing_matches_well_the_page_says_so_and_offers_to_propose(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "assemblée générale"})
    assert "Aucune ressource ne traite vraiment" in page.inner_text("#essaim-statut")
    propose = page.locator("#essaim-proposer")
    assert propose.is_visible()
    assert "proposer-une-ressource" in propose.locator("a").first.get_attribute("href")
    assert page.locator(".essaim-mot-proche").count() >= 1
    # a good answer hides it again
    open_catalogue(page, base_url, {"q": "convention"})
    assert not page.locator("#essaim-proposer").is_visible()


def test_matched_words_are_marked_in_cards_as_text(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "convention local"})
    marks = page.eval_on_selector_all(
        "#essaim-resultats mark", "els => els.map(e => [e.childElementCount, e.textContent])"
    )
    assert marks, "matched words are marked"
    assert all(children == 0 for children, _ in marks)
    assert {text.lower() for _, text in marks} >= {"convention", "local"}


def _expected_union(catalog, regions: list[str], departements: list[str]) -> list[str]:
    found = []
    for resource in catalog.resources:
        values = resource_facets(resource, catalog)
        if set(values["region"]) & set(regions) or set(values["departement"]) & set(departements):
            found.append(resource.slug)
    return sorted(found)


@pytest.mark.parametrize(
    "regions, departements",
    [(["national"], ["94"]), ([], ["94", "13"]), (["11"], ["13"])],
)
def test_ticked_territories_add_up_and_counts_follow(
    open_page, base_url, catalog, regions, departements
):
    expected = _expected_union(catalog, regions, departements)
    assert expected
    page = open_page()
    open_catalogue(page, base_url, {"region": regions, "departement": departements})
    assert sorted(_all(page)) == expected
    # each territory option counts what it adds with the other facets' filters (none here)
    for code in ("94", "13"):
        shown = page.text_content(f"label[for='f-departement-{code}'] .essaim-nb")
        assert int(shown) == len(_expected_union(catalog, [], [code]))
    national = page.text_content("label[for='f-region-national'] .essaim-nb")
    assert int(national) == len(_expected_union(catalog, ["national"], []))
    # and with a type ticked, the counts keep the type
    page.check("#f-type-modele-document", force=True)
    page.wait_for_function(CATALOGUE_READY)
    with_type = [
        r.slug
        for r in catalog.resources
        if r.type == "modele-document" and "94" in resource_facets(r, catalog)["departement"]
    ]
    assert int(page.text_content("label[for='f-departement-94'] .essaim-nb")) == len(with_type)


def test_national_option_is_named_plainly(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url)
    assert "Inclure les ressources nationales" in page.text_content(
        "label[for='f-region-national']"
    )
    # chosen, its chip says it shorter (data-puce, kept by the page's allowlist)
    open_catalogue(page, base_url, {"region": "national"})
    assert page.locator(".essaim-puce").first.inner_text().startswith("Ressources nationales")


def test_phone_tick_see_the_count_and_reach_the_results(open_page, base_url, catalog):
    page = open_page(width=360)
    open_catalogue(page, base_url)
    page.click("details.essaim-facettes > summary")
    page.click("details[data-facette='type'] > summary")
    page.check("#f-type-modele-document", force=True)
    page.wait_for_function(CATALOGUE_READY)
    count = sum(1 for r in catalog.resources if r.type == "modele-document")
    see = page.locator("#essaim-voir")
    assert see.inner_text() == f"Voir les {count} résultats"
    box = see.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, "visible without scrolling"
    # the chip of the filter is there, above the results
    assert page.locator(".essaim-puce").first.inner_text().startswith("Modèle de document")
    see.click()
    page.wait_for_timeout(200)
    status = page.locator("#essaim-statut").bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert header["y"] + header["height"] <= status["y"] < 800, "not hidden under the header"
    assert page.evaluate("document.activeElement.id") == "essaim-statut"


def test_a_chip_removes_its_filter(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "convention", "departement": ["94"]})
    chip = page.locator(".essaim-puce", has_text="Val-de-Marne")
    chip.click()
    page.wait_for_function("!location.search.includes('departement=94')")
    page.wait_for_function(CATALOGUE_READY)
    assert not page.is_checked("#f-departement-94")
    assert page.locator(".essaim-puce").count() == 0


@pytest.mark.parametrize("selector", ["#essaim-q", "#f-type-guide", "#essaim-tri"])
def test_focused_controls_show_a_visible_outline(open_page, base_url, selector):
    page = open_page()
    open_catalogue(page, base_url, {"q": "convention"})
    page.focus(selector)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible expects
    style = page.eval_on_selector(
        selector,
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, "
        "document.activeElement === e]; }",
    )
    assert style[2], "the control has the focus"
    assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style


def test_show_more_moves_focus_to_the_first_new_card(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url, {"q": "association"})
    assert page.locator("#essaim-resultats .essaim-carte").count() == 10
    page.focus("#essaim-plus")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelectorAll('#essaim-resultats .essaim-carte').length > 10"
    )
    focused = page.evaluate(
        "[...document.querySelectorAll('#essaim-resultats .essaim-carte')].indexOf("
        "document.activeElement.closest('.essaim-carte'))"
    )
    assert focused == 10


def test_one_history_entry_per_settled_state(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url)
    start = page.evaluate("history.length")
    page.check("#f-type-modele-document", force=True)  # a filter: one entry
    page.wait_for_function("location.search.includes('type=modele-document')")
    page.wait_for_function(CATALOGUE_READY)
    page.type("#essaim-q", "convention", delay=150)  # one typing session: one entry
    page.wait_for_function("location.search.includes('q=convention')")
    page.wait_for_function(CATALOGUE_READY)
    assert page.evaluate("history.length") == start + 2
    page.press("#essaim-q", "Enter")  # submitting what was typed adds nothing
    page.wait_for_function(CATALOGUE_READY)
    assert page.evaluate("history.length") == start + 2
    page.go_back()  # back to the filter chosen before typing
    page.wait_for_function("!location.search.includes('q=')")
    page.wait_for_function(CATALOGUE_READY)
    assert page.is_checked("#f-type-modele-document")
    assert page.input_value("#essaim-q") == ""
    page.go_back()
    page.wait_for_function("!location.search.includes('type=')")
    assert not page.is_checked("#f-type-modele-document")


@pytest.mark.parametrize("width", [1280, 360])
def test_header_search_on_every_page_leads_to_the_catalogue(open_page, base_url, width):
    page = open_page(width=width)
    page.goto(f"{base_url}/ressources/modele-budget-previsionnel-projet/")
    field = page.locator(".essaim-entete-recherche input[name=q]")
    if width < 720:
        assert not field.is_visible()  # a phone shows the magnifier, the name stays whole
        page.click(".essaim-entete-loupe")
    assert field.is_visible()
    field.fill("budget")
    field.press("Enter")
    page.wait_for_url("**/catalogue/?q=budget")
    page.wait_for_function(CATALOGUE_READY)
    assert card_slugs(page)[0] == "modele-budget-previsionnel-projet"
    assert page.input_value("#essaim-q") == "budget"


def test_territory_page_leads_to_the_same_union_as_the_catalogue(open_page, base_url, catalog):
    page = open_page()
    page.goto(f"{base_url}/territoires/departement-94/")
    link = page.locator("a", has_text="Tout ce qui s'applique ici")
    expected = _expected_union(catalog, ["national"], ["94"])
    assert f"({len(expected)} ressources)" in link.locator("xpath=..").inner_text()
    link.click()
    page.wait_for_function(CATALOGUE_READY)
    assert page.is_checked("#f-departement-94") and page.is_checked("#f-region-national")
    assert sorted(_all(page)) == expected


@pytest.mark.parametrize(
    "forms",
    [
        ("refacturer", "refacturation", "refacturée"),  # a verb, its noun, its participle
        ("fusionner", "fusion"),
        ("financer", "financement"),
        ("culturelle", "culturel"),  # feminine endings the plural rule does not reach
        ("citoyenne", "citoyen"),
        ("associative", "associatif"),
        ("publique", "public"),
        ("animatrice", "animateur", "animation"),
    ],
)
def test_the_words_of_one_family_share_a_root(open_page, base_url, forms):
    page = open_page()
    open_catalogue(page, base_url)
    roots = page.evaluate(
        "forms => forms.map(w => EssaimRecherche.familyRoot(EssaimRecherche.stem("
        "EssaimRecherche.fold(w))))",
        list(forms),
    )
    assert len(set(roots)) == 1, dict(zip(forms, roots, strict=True))


def test_another_form_of_a_word_finds_the_resources_and_counts_as_a_good_answer(
    open_page, base_url
):
    # the resources write « refacturation » and « refacturée », never « refacturer »
    page = open_page()
    open_catalogue(page, base_url, {"q": "refacturer un salarié"})
    assert card_slugs(page)[0] == "modele-convention-mise-a-disposition-salarie"
    assert "Aucune ressource ne traite vraiment" not in page.inner_text("#essaim-statut")
    assert "refacturer" not in page.inner_text("#essaim-explications")  # nothing corrected
    # the form found is marked in the cards: « culturel » marks « culturelles »
    open_catalogue(page, base_url, {"q": "culturel"})
    marked = page.eval_on_selector_all(
        "#essaim-resultats mark", "els => els.map(e => e.textContent)"
    )
    assert "culturelles" in {text.lower() for text in marked}


def test_a_verb_that_says_little_never_leads(open_page, base_url, catalog):
    # « trouver » is in the title of the guide to finding means; the need is volunteers
    page = open_page()
    open_catalogue(page, base_url, {"q": "comment trouver des bénévoles"})
    top = card_slugs(page)[:3]
    assert "trouver-moyens-projet-cooperation" not in top
    assert all("bénévole" in catalog.resource(slug).title.lower() for slug in top)


def test_two_words_of_one_synonym_group_are_one_need(open_page, base_url):
    page = open_page()
    open_catalogue(page, base_url)
    labels = page.evaluate(
        """async () => {
          const engine = await EssaimRecherche.open(__md_scope);
          const scores = await engine.scores("embaucher un salarié");
          return scores.concepts.map(c => c.label);
        }"""
    )
    assert labels == ["embaucher"]


def test_a_type_named_in_several_words_lifts_that_type(open_page, base_url, catalog):
    page = open_page()
    open_catalogue(page, base_url, {"q": "retours d'expérience val de marne"})
    for slug in card_slugs(page)[:5]:
        resource = catalog.resource(slug)
        assert resource.type == "fiche-experience", slug
        assert "94" in resource_facets(resource, catalog)["departement"], slug


@pytest.mark.parametrize(
    "query, region", [("paca", "93"), ("région sud", "93"), ("fédération idf", "11")]
)
def test_a_short_name_of_a_region_is_that_region(open_page, base_url, catalog, query, region):
    page = open_page()
    open_catalogue(page, base_url, {"q": query})
    first = catalog.resource(card_slugs(page)[0])
    assert region in resource_facets(first, catalog)["region"]
    name = catalog.territories.regions[region]
    assert f"les ressources de la région {name} passent en tête" in page.inner_text(
        "#essaim-explications"
    )


def test_a_synonym_group_answers_every_form_of_its_words(open_page, base_url):
    # the group lists « partager »; « partage » is another form of it
    page = open_page()
    open_catalogue(page, base_url, {"q": "partage de locaux"})
    top = card_slugs(page)[:2]
    assert set(top) == {
        "modele-convention-mise-a-disposition-local-onereux",
        "idee-local-preparation-projets-cooperation",
    }
    assert "« mise à disposition »" in page.inner_text("#essaim-explications")
