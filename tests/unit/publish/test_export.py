"""Open data: JSON and CSV exports, and the schema published at a versioned address."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from essaim.catalog.load import load_catalog
from essaim.catalog.schema import Schemas, format_checker
from essaim.publish import open_data, outputs, schemas
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture

SITE_URL = "https://essaim.example/"


@pytest.fixture(scope="module")
def published() -> dict[str, str | bytes]:
    catalog = load_catalog(ROOT, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    return outputs.published_files(catalog, SITE_URL)


def _validator(files, kind: str) -> Draft202012Validator:
    schema = json.loads(files[f"schemas/{kind}/latest/schema.json"])
    Draft202012Validator.check_schema(schema)
    # only the published file: no registry, the territory schema must be embedded
    return Draft202012Validator(schema, format_checker=format_checker)


@pytest.mark.parametrize("kind,name", [("ressource", "ressources"), ("producteur", "producteurs")])
def test_every_exported_record_validates_against_the_published_schema(published, kind, name):
    records = json.loads(published[f"donnees/{name}.json"])
    assert len(records) >= (60 if kind == "ressource" else 25)
    validator = _validator(published, kind)
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], (record["identifiant"], errors)
        assert record["page"].startswith(SITE_URL)


def test_a_record_that_breaks_the_schema_is_caught(published):
    """The validation above can fail: a wrong level or an unknown field is refused."""
    validator = _validator(published, "ressource")
    record = json.loads(published["donnees/ressources.json"])[0]
    assert not validator.is_valid({**record, "qualite": {"niveau": "excellente"}})
    assert not validator.is_valid({**record, "champ_inconnu": "x"})
    assert not validator.is_valid({**record, "identifiant": "Pas Un Identifiant"})


def test_records_keep_the_schema_field_names_and_add_identifier_and_page(published):
    catalog = load_catalog(ROOT, today=TODAY)
    records = {r["identifiant"]: r for r in json.loads(published["donnees/ressources.json"])}
    assert sorted(records) == sorted(r.slug for r in catalog.resources)
    budget = records["modele-budget-previsionnel-projet"]
    assert list(budget)[:4] == ["identifiant", "page", "titre", "resume"]
    assert budget["page"] == SITE_URL + "ressources/modele-budget-previsionnel-projet/"
    assert budget["territoire"] == {"echelle": "departement", "codes": ["94"]}
    assert budget["qualite"]["niveau"] == "non évaluée"
    assert budget["tableur"] is True and budget["langue"] == "fr"
    schema = json.loads((ROOT / "schemas/ressource.schema.json").read_text(encoding="utf-8"))
    allowed = {"identifiant", "page", *schema["properties"]}
    assert set().union(*records.values()) <= allowed


@pytest.mark.parametrize("name", ["ressources", "producteurs"])
def test_csv_reads_back_to_the_same_records(published, name):
    kind = "ressource" if name == "ressources" else "producteur"
    text = published[f"donnees/{name}.csv"]
    documents = Schemas(ROOT / "schemas").documents
    schema = json.loads(published[f"schemas/{kind}/latest/schema.json"])
    columns = open_data.columns_of(schema, schemas.resolver(schema, documents))
    records = json.loads(published[f"donnees/{name}.json"])
    assert open_data.read_csv(text, columns) == records
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["identifiant", "page", "titre" if kind == "ressource" else "nom"]
    assert "\r\n" in text and not text.startswith("\ufeff")


def test_csv_joins_lists_with_the_documented_separator(published):
    rows = published["donnees/ressources.csv"]
    assert "financement | conduite-projet | cooperation" in rows
    assert open_data.SEPARATOR == " | "
    assert "« | »" in (ROOT / "docs/donnees.md").read_text(encoding="utf-8")


def test_a_keyword_with_the_separator_is_refused(project: Path):
    target = add_fixture(project, FIXTURES / "valid" / "minimal.md")
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            'date_publication: "2016-10-18"\n',
            'date_publication: "2016-10-18"\nmots_cles:\n  - prêt | don\n',
        ),
        encoding="utf-8",
    )
    catalog = load_catalog(project, today=TODAY)
    assert [(p.line, p.field) for p in catalog.errors] == [(22, "mots_cles[0]")]


def test_schema_is_published_at_its_version_and_as_latest_with_a_valid_example(published):
    source = json.loads((ROOT / "schemas/ressource.schema.json").read_text(encoding="utf-8"))
    version = source["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    at_version = published[f"schemas/ressource/{version}/schema.json"]
    assert at_version == published["schemas/ressource/latest/schema.json"]
    schema = json.loads(at_version)
    assert schema["$id"] == f"{SITE_URL}schemas/ressource/{version}/schema.json"
    assert schema["version"] == version
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    assert schema["properties"]["identifiant"]["readOnly"] is True
    assert "territoire" in schema["$defs"]
    example = json.loads(published[f"schemas/ressource/{version}/exemple-valide.json"])
    assert _validator(published, "ressource").is_valid(example)
    assert example["identifiant"] == "exemple-ressource"


def test_changelog_names_the_version_of_both_schemas(published):
    changelog = (ROOT / "schemas" / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = schemas.changelog_versions(changelog)
    for name in ("ressource", "producteur"):
        schema = json.loads((ROOT / f"schemas/{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["version"] == versions[0], f"{name} : ajoutez la version au CHANGELOG"
    assert published["schemas/CHANGELOG.txt"] == changelog


def test_documentation_page_lists_every_published_field():
    catalog = load_catalog(ROOT, today=TODAY)
    page = (ROOT / "docs/donnees.md").read_text(encoding="utf-8")
    assert "<!-- essaim:champs -->" in page and "<!-- essaim:champsproducteurs -->" in page
    from essaim.publish.outputs import render_marker

    table = render_marker("champs", catalog, "donnees.md")
    schema = json.loads((ROOT / "schemas/ressource.schema.json").read_text(encoding="utf-8"))
    for name in ["identifiant", "page", *schema["properties"]]:
        assert f"<code>{name}" in table, name
    assert "<code>territoire.echelle</code>" in table
    assert "<code>qualite.niveau</code>" in table
    producers = render_marker("champsproducteurs", catalog, "donnees.md")
    assert "<code>cercle</code>" in producers
