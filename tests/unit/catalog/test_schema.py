"""The schema is the contract and the documentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from essaim import labels
from essaim.catalog.load import load_catalog
from tests.conftest import ROOT, TODAY, add_fixture

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def _properties(schema: dict, where: str = ""):
    """Every (name, subschema) declared under properties, at any depth."""
    for name, sub in schema.get("properties", {}).items():
        yield f"{where}{name}", sub
        yield from _properties(sub, f"{where}{name}.")
        if isinstance(sub.get("items"), dict):
            yield from _properties(sub["items"], f"{where}{name}[].")
    for name, sub in schema.get("$defs", {}).items():
        yield from _properties(sub, f"$defs.{name}.")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_french_title_description_and_examples(path: Path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    missing = [
        name
        for name, sub in _properties(schema)
        if not (sub.get("title") and sub.get("description") and sub.get("examples"))
    ]
    assert missing == []


def _enums(schema: dict, name: str) -> list[str]:
    return schema["properties"][name]["enum"]


def test_every_enum_value_has_a_french_label():
    resource = json.loads((ROOT / "schemas/ressource.schema.json").read_text(encoding="utf-8"))
    producer = json.loads((ROOT / "schemas/producteur.schema.json").read_text(encoding="utf-8"))
    territory = json.loads((ROOT / "schemas/territoire.schema.json").read_text(encoding="utf-8"))
    assert set(_enums(resource, "type")) == set(labels.TYPES)
    assert set(_enums(resource, "licence")) == set(labels.LICENCES)
    assert set(resource["properties"]["qualite"]["properties"]["niveau"]["enum"]) == set(
        labels.LEVELS
    )
    assert set(resource["properties"]["famille"]["items"]["enum"]) == set(labels.FAMILIES)
    assert set(resource["$defs"]["verification"]["properties"]["role"]["enum"]) == set(labels.ROLES)
    assert set(_enums(producer, "cercle")) == set(labels.CIRCLES)
    assert set(_enums(producer, "nature")) == set(labels.NATURES)
    assert set(_enums(territory, "echelle")) == set(labels.SCALES)


def test_annotated_example_is_valid_and_points_editors_at_the_schema(project: Path):
    example = ROOT / "schemas" / "exemple-ressource.md"
    assert "# yaml-language-server: $schema=ressource.schema.json" in example.read_text(
        encoding="utf-8"
    )
    add_fixture(project, example)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    assert [r.slug for r in catalog.resources] == ["exemple-ressource"]


def test_every_producer_file_points_editors_at_its_schema():
    for path in (ROOT / "producers").glob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/producteur.schema.json", path


def test_fast_and_detailed_validators_agree_on_every_fixture(tmp_path):
    from essaim.catalog.reading import read_document
    from essaim.catalog.schema import Schemas
    from tests.cases import copy_case
    from tests.conftest import FIXTURES

    schemas = Schemas(ROOT / "schemas")
    compared = 0
    for path in sorted((FIXTURES / "valid").iterdir()) + sorted((FIXTURES / "invalid").iterdir()):
        if path.suffix not in (".md", ".yml"):
            continue
        doc, _ = read_document(copy_case(path, tmp_path), path.name)
        if doc is None:
            continue
        detailed_valid = not any(True for _ in schemas.resource.detailed.iter_errors(doc.meta.data))
        assert schemas.resource.is_valid(doc.meta.data) == detailed_valid, path.name
        compared += 1
    assert compared > 40
