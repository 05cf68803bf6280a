"""Smoke test in real headless Chromium (Debian's), driven by Playwright for Python."""

from __future__ import annotations


def test_home_listing_and_resource_render_with_quality_badges(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.inner_text().startswith("Ce que d'autres associations ont fait")
    assert page.locator(".essaim-chiffres .essaim-badge").count() == 4

    page.goto(f"{base_url}/types/fiche-experience/")
    cards = page.locator(".essaim-carte")
    assert cards.count() >= 7
    assert cards.first.locator(".essaim-badge").is_visible()

    cards.first.locator("a").first.click()
    page.wait_for_url("**/ressources/**")
    badge = page.locator("dl.essaim-fiche .essaim-badge")
    assert badge.is_visible()
    assert badge.inner_text() in {
        "Inspiration locale",
        "Testée partout",
        "Vérifiée par un professionnel",
        "Non évaluée",
    }
    assert page.locator(".essaim-preuves h2").inner_text() == "Sur quoi repose ce niveau"
    assert page.outside == [], f"requêtes vers des tiers : {page.outside}"


def test_resource_page_is_usable_on_a_360px_phone(open_page, base_url):
    page = open_page(width=360)
    page.goto(f"{base_url}/ressources/reseau-association-services-etang-de-berre/")
    assert page.locator("dl.essaim-fiche").is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"la page déborde de {overflow} px sur un téléphone"
    assert page.outside == []
