"""The header's search in Chromium (overrides/partials/essaim-recherche-entete.html): the
portal's name stays whole on a phone, one search field per page, and the magnifier works
with the keyboard (issues 15 and 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

RESOURCE = "/ressources/modele-budget-previsionnel-projet/"
# The pages with a search field of their own, and the id of that field.
OWN_FIELD = {"/": "essaim-accueil-q", "/catalogue/": "essaim-q"}


def _visible_search_fields(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('input[type=search]')]
             .filter(f => f.getClientRects().length && getComputedStyle(f).visibility === 'visible')
             .length"""
    )


@pytest.mark.parametrize("width", [320, 360, 414, 768, 1280])
def test_header_keeps_the_portal_name_whole_and_offers_search(open_page, base_url, width):
    page = open_page(width=width)
    page.goto(base_url + RESOURCE)
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert name.inner_text().strip() == "Essaim"
    assert page.evaluate("el => el.scrollWidth <= el.clientWidth", name.element_handle()), (
        "site name cut by an ellipsis"
    )
    field = page.locator("#essaim-entete-q")
    loupe = page.locator(".essaim-entete-loupe")
    if width >= 720:
        assert field.is_visible() and not loupe.is_visible()
        return
    assert loupe.is_visible() and not field.is_visible()
    box = loupe.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8
    assert loupe.get_attribute("aria-label") == "Rechercher une ressource"
    assert page.get_by_role("button", name="Rechercher une ressource").count() == 1


@pytest.mark.parametrize("width", [320, 360])
def test_phone_magnifier_opens_the_field_and_escape_gives_the_focus_back(
    open_page, base_url, width
):
    page = open_page(width=width)
    page.goto(base_url + RESOURCE)
    loupe = page.locator(".essaim-entete-loupe")
    for _ in range(10):  # reach it with the keyboard, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('essaim-entete-loupe')"):
            break
    else:
        pytest.fail("magnifier not reachable with Tab")
    outline = page.evaluate(
        "[getComputedStyle(document.activeElement).outlineStyle,"
        " parseFloat(getComputedStyle(document.activeElement).outlineWidth)]"
    )
    assert outline[0] != "none" and outline[1] >= 2  # focus visible (WCAG 2.4.7)
    assert loupe.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    field = page.locator("#essaim-entete-q")
    assert field.is_visible()
    assert page.evaluate("document.activeElement.id") == "essaim-entete-q"
    assert loupe.get_attribute("aria-expanded") == "true"
    box = field.bounding_box()
    assert box["width"] >= width / 2  # the opened field takes the header's width
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )
    page.keyboard.press("Escape")
    assert not field.is_visible()
    assert loupe.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('essaim-entete-loupe')")
    page.keyboard.press(" ")  # a button opens on Space too
    assert field.is_visible()
    page.get_by_role("button", name="Fermer la recherche").click()
    assert not field.is_visible()


@pytest.mark.parametrize("path", list(OWN_FIELD))
@pytest.mark.parametrize("width", [1280, 360])
def test_home_and_catalogue_show_one_search_field(open_page, base_url, path, width):
    page = open_page(width=width)
    page.goto(base_url + path)
    assert _visible_search_fields(page) == 1
    assert page.locator("#essaim-entete-q").count() == 0
    loupe = page.locator(".essaim-entete-loupe")
    assert loupe.is_visible()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    loupe.click()
    assert page.evaluate("document.activeElement.id") == OWN_FIELD[path]
    assert page.locator(f"#{OWN_FIELD[path]}").is_visible()


def test_without_script_the_magnifier_is_a_link_to_the_catalogue(real_site: Path):
    html = (real_site / RESOURCE.strip("/") / "index.html").read_text(encoding="utf-8")
    assert (
        '<a class="md-header__button md-icon essaim-entete-loupe" href="../../catalogue/"' in html
    )
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'essaim-entete-loupe--page" href="#essaim-accueil-q"' in home
    assert 'id="essaim-accueil-q"' in home and "essaim-entete-q" not in home
