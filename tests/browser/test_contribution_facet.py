"""The contribution facet in the catalogue, in Chromium: the address filters, the count
agrees with the data files."""

from __future__ import annotations

from essaim.catalog.load import load_catalog
from essaim.catalog.quality import listed
from tests.conftest import ROOT, TODAY


def test_catalogue_filters_by_contribution_in_the_browser(open_page, base_url):
    catalog = listed(load_catalog(ROOT, today=TODAY))
    expected = sum(1 for r in catalog.resources if r.contribution == "volontaire")
    page = open_page(width=1280)
    page.goto(base_url + "/catalogue/?contribution=volontaire")
    page.wait_for_function("document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'")
    box = page.locator("input[name=contribution][value=volontaire]")
    assert box.is_checked()
    page.wait_for_function(
        "document.getElementById('essaim-statut').textContent.includes('trouvée')"
    )
    assert page.locator("#essaim-statut").inner_text().startswith(f"{expected} ressources trouvées")
