"""The three families of pooled means (seed 000): a catalogue facet and listing pages that say
what the data files say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from essaim import labels
from essaim.catalog.load import load_catalog
from essaim.pages.facets import facet_options, resource_facets
from essaim.catalog.quality import listed

from tests.conftest import ROOT, TODAY


def _families_in_files() -> dict[str, set[str]]:
    """famille -> identifiers, read straight from the resource files' front matter."""
    found: dict[str, set[str]] = {key: set() for key in labels.FAMILIES}
    for path in sorted((ROOT / "resources").rglob("*")):
        if path.suffix not in (".md", ".yml") or ".essais" in str(path.parent):
            continue
        text = path.read_text(encoding="utf-8")
        head = text[4:].split("\n---\n", 1)[0] if path.suffix == ".md" else text
        data = yaml.safe_load(head)
        if "archive" in data:
            continue
        for family in data.get("famille", ()):
            found[family].add(path.stem)
    return found


def test_family_facet_and_pages_agree_with_the_data_files(real_site: Path):
    expected = _families_in_files()
    assert all(expected.values()), "each family has resources in the real content"
    catalog = listed(load_catalog(ROOT, today=TODAY))
    for resource in catalog.resources:
        assert sorted(resource_facets(resource, catalog)["famille"]) == sorted(
            k for k, slugs in expected.items() if resource.slug in slugs
        )
    counts = {o.value: o.count for o in facet_options(catalog)["famille"]}
    assert counts == {k: len(v) for k, v in expected.items()}
    for key, slugs in expected.items():
        page = (real_site / "familles" / key / "index.html").read_text(encoding="utf-8")
        listed_slugs = set(re.findall(r'href="\.\./\.\./ressources/([a-z0-9-]+)/"', page))
        assert listed_slugs == slugs, key
        assert labels.FAMILIES[key] in page
    index = (real_site / "familles" / "index.html").read_text(encoding="utf-8")
    for key in labels.FAMILIES:
        assert f'href="{key}/"' in index


def test_catalogue_offers_the_family_filter_and_the_index_carries_it(real_site: Path):
    page = (real_site / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert 'data-facette="famille"' in page
    for key in labels.FAMILIES:
        assert f'name="famille" value="{key}"' in page
    index = json.loads((real_site / "recherche" / "index.json").read_text(encoding="utf-8"))
    assert index["facettes"]["famille"] == sorted(labels.FAMILIES)
    script = (ROOT / "docs" / "assets" / "catalogue.js").read_text(encoding="utf-8")
    # The script keeps no list of facets: it reads them from the form (essaim/pages/facets.py).
    assert "facetsOf(form)" in script and '"famille"' not in script


def test_a_resource_page_links_its_families(real_site: Path):
    page = real_site / "ressources" / "reseau-association-services-etang-de-berre" / "index.html"
    html = page.read_text(encoding="utf-8")
    for key in labels.FAMILIES:
        assert f'href="../../familles/{key}/"' in html
