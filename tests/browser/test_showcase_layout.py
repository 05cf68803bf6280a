"""The portal in Chromium on a phone and a desktop: no sideways scrolling on any kind of
page, readable chart and map text, map links large enough to tap or doubled by a list."""

from __future__ import annotations

from pathlib import Path

import pytest

# One page of each kind the portal has (generated or hand-written).
KINDS = {
    "accueil": "/",
    "catalogue": "/catalogue/?q=association",
    "étude": "/ressources/objets-transactionnels-declencheurs-cooperation/",
    "fiche expérience": "/ressources/reseau-association-services-etang-de-berre/",
    "fiche idée": "/ressources/forum-ouvert-cooperation-associations/",
    "guide": "/ressources/avoir-envie-cooperer-freins/",
    "modèle de document": "/ressources/modele-budget-previsionnel-projet/",
    "outil": "/ressources/groupement-employeurs-associatif-premiers-pas/",
    "référence externe": "/ressources/association1901-conseils-reussir-mutualisation/",
    "veille sociale": "/ressources/guide-inter-associatif-proximite-qpv-article/",
    "département": "/territoires/departement-94/",
    "département sans ressource": "/territoires/departement-01/",
    "région": "/territoires/region-11/",
    "ressources nationales": "/territoires/national/",
    "carte des territoires": "/territoires/",
    "statistiques": "/statistiques/",
    "tableau de bord": "/comite/tableau-de-bord/",
    "données ouvertes": "/donnees/",
    "liste par type": "/types/modele-document/",
    "liste par thème": "/themes/benevolat/",
    "liste par niveau": "/niveaux/inspiration-locale/",
    "producteur": "/producteurs/animafac/",
    "producteurs": "/producteurs/",
    "de A à Z": "/ressources/",
    "annuaire": "/annuaire/",
    "niveaux de qualité": "/qualite/",
    "contribuer": "/contribuer/",
    "comité": "/comite/",
    "à propos": "/a-propos/",
}


def test_every_kind_of_page_exists_in_the_built_site(real_site: Path):
    for name, path in KINDS.items():
        target = real_site / path.split("?")[0].strip("/") / "index.html"
        assert target.is_file(), name


@pytest.mark.parametrize("width", [360, 1280])
def test_no_page_scrolls_sideways(open_page, base_url, width):
    page = open_page(width=width)
    overflowing = {}
    for name, path in KINDS.items():
        page.goto(base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            overflowing[name] = overflow
    assert overflowing == {}, f"pages qui débordent à {width} px : {overflowing}"


_SMALLEST_TEXT = """
(selector) => {
  let smallest = Infinity, where = '';
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const element = node.parentElement;
      if (element.closest('title')) continue;  // tooltips of SVG shapes are not drawn
      if (!element.checkVisibility()) continue;  // in a folded <details>
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      // rendered size: the font size times the scale of any SVG it is drawn in
      let size = parseFloat(getComputedStyle(element).fontSize);
      const svg = element.closest('svg');
      if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
        size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      }
      if (size < smallest) { smallest = size; where = node.textContent.trim().slice(0, 40); }
    }
  }
  return [smallest, where];
}
"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    "path,selector",
    [
        ("/statistiques/", ".essaim-figure, .essaim-table"),
        ("/territoires/", ".essaim-figure--carte"),
        (
            "/ressources/solidages-21-cooperations-intergenerationnelles-bassins-de-vie/",
            ".essaim-essais",
        ),
    ],
)
def test_chart_and_map_text_is_at_least_12px(open_page, base_url, width, path, selector):
    page = open_page(width=width)
    page.goto(base_url + path)
    assert page.locator(selector).count() >= 1
    smallest, where = page.evaluate(_SMALLEST_TEXT, selector)
    assert smallest >= 12, f"« {where} » rendu à {smallest:.1f} px"


_TARGETS = """
() => {
  const links = [...document.querySelectorAll('.essaim-carte-france a, .essaim-carte-idf a')];
  const listed = new Map();
  for (const a of document.querySelectorAll('ul.essaim-cibles a, .essaim-outremer a')) {
    const box = a.getBoundingClientRect();
    const href = a.href;
    const best = listed.get(href) || 0;
    listed.set(href, Math.max(best, Math.min(box.width, box.height)));
  }
  const shapes = new Map();
  for (const a of links) {
    const box = a.getBoundingClientRect();
    const href = new URL(a.getAttribute('href'), location.href).href;  // SVG: not a string
    shapes.set(href, Math.max(shapes.get(href) || 0, Math.min(box.width, box.height)));
  }
  return [...shapes].map(([href, size]) => [href, size, listed.get(href) || 0]);
}
"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/territoires/", "/statistiques/"])
def test_each_map_link_is_a_24px_target_or_has_one_in_the_list(open_page, base_url, width, path):
    """WCAG 2.5.8: a département too small to tap on the map is offered again, below it,
    as a link at least 24 × 24 px; the Île-de-France inset makes the smallest ones tappable."""
    page = open_page(width=width)
    page.goto(base_url + path)
    targets = page.evaluate(_TARGETS)
    assert targets, "the map links the départements that have resources"
    for href, on_map, in_list in targets:
        assert on_map >= 24 or in_list >= 24, (href, on_map, in_list)
    # the inset: Val-de-Marne, a speck on the map of France, is a real target there
    inset = page.locator(".essaim-carte-idf a[href*='departement-94']").bounding_box()
    assert min(inset["width"], inset["height"]) >= 24, inset


def test_map_skip_link_jumps_past_the_map_links(open_page, base_url):
    page = open_page()
    page.goto(base_url + "/territoires/")
    skip = page.locator("a.essaim-passer")
    skip.focus()
    assert skip.is_visible(), "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('ul.essaim-cibles') !== null")
    assert focused, "the next tab stop is in the list of départements, not on the map"


def test_trial_map_leaves_the_trial_list_room(open_page, base_url):
    page = open_page(width=1280)
    page.goto(
        base_url + "/ressources/solidages-21-cooperations-intergenerationnelles-bassins-de-vie/"
    )
    listing = page.locator(".essaim-essais__liste").bounding_box()
    figure = page.locator(".essaim-essais__carte").bounding_box()
    assert listing["width"] >= 1.5 * figure["width"], (listing, figure)
    assert figure["width"] <= 300


@pytest.mark.parametrize("width", [360, 1280])
def test_catalogue_results_stay_where_they_were_painted_before_the_script(
    open_page, browser, base_url, width
):
    """The style sheet lays the catalogue out as the script will leave it (folded filters
    on a phone): a first paint before the script ran shifts nothing (CLS, issue 16)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    try:
        before = context.new_page()
        before.goto(base_url + "/catalogue/")
        painted = before.locator(".essaim-zone-resultats").bounding_box()["y"]
    finally:
        context.close()
    page = open_page(width=width)
    page.goto(base_url + "/catalogue/")
    page.wait_for_function("document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'")
    assert page.locator(".essaim-zone-resultats").bounding_box()["y"] == painted
