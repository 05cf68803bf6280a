"""Smoke test in real headless Chromium (Debian's), driven by Playwright for Python."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from .conftest import ROOT
from .helpers import build_site

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium absent : « make test » l'installe (apt-get)"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("site-navigateur")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _page(browser, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR")
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None
        ),
    )
    return page, outside


def test_home_listing_and_resource_render_with_quality_badges(browser, base_url):
    page, outside = _page(browser)
    page.goto(f"{base_url}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.inner_text().startswith("Des ressources")
    assert page.locator(".essaim-chiffres .essaim-badge").count() == 4

    page.goto(f"{base_url}/types/fiche-experience/")
    cards = page.locator(".essaim-carte")
    assert cards.count() >= 7
    first_badge = cards.first.locator(".essaim-badge")
    assert first_badge.is_visible()

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
    assert outside == [], f"requêtes vers des tiers : {outside}"


def test_resource_page_is_usable_on_a_360px_phone(browser, base_url):
    page, outside = _page(browser, width=360)
    page.goto(f"{base_url}/ressources/reseau-association-services-etang-de-berre/")
    assert page.locator("dl.essaim-fiche").is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"la page déborde de {overflow} px sur un téléphone"
    assert outside == []
