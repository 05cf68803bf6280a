"""Hostile text in a real browser: Chromium shows it as text, runs none of it, and the page
stays accessible at desktop and phone widths.

The hostile case (tags in title, summary, territory, producer and trial report) is built
with the check's pre-filters switched off, as in tests/site/test_hostile_output.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, make_project
from tests.helpers import axe_violations, build_without_prefilters, serve_directory
from tests.site.test_hostile import install_case

CASE = FIXTURES / "hostile" / "sortie-metadonnees" / "balise-non-fermee-partout"
PAGES = {
    "fiche": ("ressources/balise-non-fermee-partout/", "Réunion <img src=x onerror=alert(1)"),
    "producteur": (
        "producteurs/producteur-balise-non-fermee/",
        "Maison <img src=x onerror=alert(5) (MDA<svg/onload=alert(6))",
    ),
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sortie-navigateur")
    project = make_project(tmp / "projet")
    install_case(project, CASE)
    site = tmp / "site"
    build_without_prefilters(project, site)
    with serve_directory(site) as url:
        yield url


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 360])
def test_hostile_text_reads_as_text_and_runs_nothing(
    open_page, hostile_url, name, width, tmp_path: Path
):
    path, heading = PAGES[name]
    page = open_page(width=width)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + "/" + path)
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().strip() == heading
    assert page.title().startswith(heading.split(" (")[0])
    # what a script would have made: an image, an SVG with an event, a dialog
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("[onerror], [onload]").count() == 0
    page.mouse.move(10, 10)
    page.wait_for_timeout(200)
    assert dialogs == []
    # the text fits the phone's width
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    serious = axe_violations(page)
    assert serious == []
