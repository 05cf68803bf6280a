"""The catalogue's facets: one table (FACETS) read by the form, the index and the script."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.catalog.safety import sanitize_page_html
from essaim.pages import facets
from essaim.pages.catalogue import render_search_page
from essaim.publish.search_index import place_names
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture

SCRIPT = ROOT / "docs" / "assets" / "catalogue.js"


def _described(page: str) -> list[dict[str, str]]:
    # the page goes through the portal's allowlist before it is written: the attribute stays
    [value] = re.findall(r'data-facettes="([^"]*)"', sanitize_page_html(page))
    return json.loads(html.unescape(value))


def test_the_page_describes_every_facet_of_the_table(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    catalog = load_catalog(project, today=TODAY)
    described = _described(render_search_page(catalog))
    assert [f["cle"] for f in described] == [f.key for f in facets.FACETS]
    assert [f["libelle"] for f in described] == [f.label for f in facets.FACETS]
    groups = {f["cle"]: f["groupe"] for f in described}
    assert groups["region"] == groups["departement"] != groups["type"]
    # the page's description names every filter, from the same table
    [description] = re.findall(r"^description: (.*)$", render_search_page(catalog), re.M)
    said = html.unescape(description).lower()
    for facet in facets.FACETS:
        assert (facet.group or facet.label.lower()) in said, facet.key


def test_every_kind_of_place_of_the_index_has_its_facet(project: Path):
    catalog = load_catalog(project, today=TODAY)
    kinds = {value.split(":", 1)[0] for value in place_names(catalog).values()}
    places = {f.place: f for f in facets.FACETS if f.place}
    assert kinds == set(places)
    assert all(f.place_words for f in places.values())


def test_the_script_names_no_facet():
    script = SCRIPT.read_text(encoding="utf-8")
    for facet in facets.FACETS:
        assert f'"{facet.key}"' not in script and f"'{facet.key}'" not in script, facet.key


def test_the_national_option_keeps_its_chip_label_through_the_allowlist(project: Path):
    """The script names the chip of « Inclure les ressources nationales » from data-puce:
    the page's allowlist must not strip it."""
    add_fixture(project, FIXTURES / "valid" / "reference-externe.yml")  # a national resource
    catalog = load_catalog(project, today=TODAY)
    page = sanitize_page_html(render_search_page(catalog))
    assert 'data-puce="Ressources nationales"' in page
