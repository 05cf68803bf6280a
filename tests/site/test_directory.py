"""« Qui peut vous aider »: the pages, the map and the open data say what structures/ says."""

from __future__ import annotations

import csv
import json
import re
from html import escape
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from essaim.publish import outputs
from essaim.pages import directory
from essaim.publish import open_data
from essaim.catalog.load import load_catalog
from essaim.publish.schemas import resolver
from essaim.pages.site import render_site
from essaim.urls import territory_src
from essaim.catalog.schema import Schemas, format_checker

from tests.conftest import FIXTURES, ROOT, TODAY

SITE_URL = "https://essaim.example/"


def _files() -> dict[str, dict]:
    """The registry read straight from its YAML files, without Essaim's loader."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "structures").glob("*.yml"))
    }


def _departements_covered(data: dict) -> set[str]:
    """Départements a structure helps in, from the territory CSV files alone."""
    folder = ROOT / "data" / "territoires"
    with (folder / "departements.csv").open(encoding="utf-8") as handle:
        deps = {row["code"]: row["region"] for row in csv.DictReader(handle)}
    with (folder / "communes.csv").open(encoding="utf-8") as handle:
        communes = {row["code"]: row["departement"] for row in csv.DictReader(handle)}
    scale, codes = data["territoire"]["echelle"], data["territoire"].get("codes", [])
    if scale == "region":
        return {d for d, region in deps.items() if region in codes}
    return {deps_code for c in codes for deps_code in ([c] if c in deps else [communes[c]])}


@pytest.fixture(scope="module")
def site():
    catalog = load_catalog(ROOT, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    return catalog, render_site(catalog), outputs.published_files(catalog, SITE_URL, False)


def test_every_structure_has_its_page_and_is_listed(site):
    catalog, pages, _ = site
    files = _files()
    assert sorted(catalog.structures) == sorted(files)
    index = pages[directory.DIRECTORY_SRC]
    for slug, data in files.items():
        page = pages[directory.structure_src(slug)]
        assert f"<h1>{escape(data['nom'])}" in page
        assert escape(data["source"]) in page
        assert f'href="{slug}/"' in index, slug
    assert f"{len(files)} structures recensées" in index


def test_map_and_territory_pages_count_the_structures_of_the_files(site):
    catalog, pages, _ = site
    expected: dict[str, set[str]] = {}
    for slug, data in _files().items():
        for dep in _departements_covered(data):
            expected.setdefault(dep, set()).add(slug)
    index = pages[directory.DIRECTORY_SRC]
    # The map's label of each département, and its table row, give the same count.
    for code, (name, _) in catalog.territories.departements.items():
        count = len(expected.get(code, ()))
        unit = "structure" if count <= 1 else "structures"
        if code not in catalog.territories.departements or len(code) == 3:
            continue  # overseas: named beside the map, checked below for Guyane
        assert f"{escape(name)} ({code}) : {count} {unit}" in index, code
        section = pages[territory_src("departement", code)].split(f'id="{directory.SECTION_ID}"')[1]
        section = section.split('<h2 id="ressources">')[0]
        listed = set(re.findall(r'href="\.\./\.\./annuaire/([a-z0-9-]+)/"', section))
        assert listed == expected.get(code, set()), code
    assert "Guyane (973)&nbsp;: 1 structure" in index


def test_open_data_holds_the_files_fields(site):
    _, _, published = site
    records = json.loads(published[open_data.STRUCTURES_JSON])
    files = _files()
    assert [r["identifiant"] for r in records] == sorted(files)
    for record in records:
        data = files[record["identifiant"]]
        assert {k: v for k, v in record.items() if k not in ("identifiant", "page")} == data
        assert record["page"] == f"{SITE_URL}annuaire/{record['identifiant']}/"
    schema = json.loads(published["schemas/structure/latest/schema.json"])
    validator = Draft202012Validator(schema, format_checker=format_checker)
    assert [e.message for r in records for e in validator.iter_errors(r)] == []
    documents = Schemas(ROOT / "schemas").documents
    columns = open_data.columns_of(schema, resolver(schema, documents))
    assert open_data.read_csv(published[open_data.STRUCTURES_CSV], columns) == records


def test_hostile_text_is_escaped_in_pages_and_neutralised_in_csv(project: Path):
    (project / "structures").mkdir()
    text = (FIXTURES / "structures" / "valid" / "maison-exemple.yml").read_text("utf-8")
    text = text.replace(
        "nom: Maison des associations d'Exempleville",
        'nom: \'=HYPERLINK("https://x.example") & "MDA"\'',
    )
    (project / "structures" / "piege.yml").write_text(text, "utf-8")
    catalog = load_catalog(project, today=TODAY)
    assert [p.format_text() for p in catalog.errors] == []
    pages = render_site(catalog)
    page = pages[directory.structure_src("piege")]
    assert "&amp; &quot;MDA&quot;" in page and '& "MDA"' not in page.split("---", 2)[2]
    published = outputs.published_files(catalog, SITE_URL, with_office=False)
    rows = list(csv.reader(published[open_data.STRUCTURES_CSV].splitlines()))
    name = rows[1][rows[0].index("nom")]
    assert name.startswith("'=HYPERLINK")
