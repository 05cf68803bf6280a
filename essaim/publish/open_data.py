"""Open data: every resource and producer as JSON and CSV records.

- A record holds the metadata of one file, with field names exactly as in the schema, plus
  two fields added at publication: `identifiant` (the file name) and `page` (the address of
  its page on the portal). Schema defaults are written out; empty values are left out.
- JSON: a list of records, keys in schema order (`donnees/ressources.json`).
- CSV (RFC 4180, UTF-8, comma, one row per record): the columns are derived from the schema.
  A field inside an object gets a dotted column (`territoire.echelle`); a list of texts is
  joined with SEPARATOR; a list of objects (essais, liens…) is written as JSON text. The CSV
  reads back to the very same records (`read_csv`).
- The CSV is opened in spreadsheets, which run a cell that starts like a formula
  (`=HYPERLINK(…)`, `@SUM(…)`, DDE `=cmd|…`). Every text cell that a spreadsheet could read
  as a formula is neutralised (`neutralised`, the OWASP rule, also behind leading blanks,
  quotes and invisible characters) by a leading apostrophe; every field is quoted, so a
  spreadsheet that splits on another separator (« ; ») cannot start a cell inside a text.
  The apostrophe is reversible: `read_csv` gives back the exact text. The JSON is never
  changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from essaim.catalog.schema import Schemas
from essaim.catalog.trials import with_reports
from essaim.model import Catalog, Producer, Resource, Structure
from essaim.pages.html import scrollable
from essaim.publish.formulas import neutralised, restored
from essaim.publish.schemas import published_schema, resolver
from essaim.settings import ProjectPaths
from essaim.territories import Territory
from essaim.urls import url_of

SEPARATOR = " | "
DATA_DIR = "donnees"
RESOURCES_JSON = f"{DATA_DIR}/ressources.json"
RESOURCES_CSV = f"{DATA_DIR}/ressources.csv"
PRODUCERS_JSON = f"{DATA_DIR}/producteurs.json"
PRODUCERS_CSV = f"{DATA_DIR}/producteurs.csv"
STRUCTURES_JSON = f"{DATA_DIR}/structures.json"
STRUCTURES_CSV = f"{DATA_DIR}/structures.csv"

Resolve = Callable[[str], dict]


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, where its value sits in a record, how it is written."""

    name: str
    path: tuple[str, ...]
    kind: str  # "text", "list", "json", "boolean" or "number"
    title: str = ""
    description: str = ""


# ---------------------------------------------------------------- records


def resource_record(resource: Resource, page: str, schema: dict) -> dict[str, Any]:
    """The published record of one resource (schema = the published resource schema).

    Its trial reports (<slug>.essais/) are part of its evidence: they join qualite.essais.
    """
    data = with_reports(resource.raw, resource)
    return record({"identifiant": resource.slug, "page": page, **data}, schema)


def producer_record(producer: Producer, page: str, schema: dict) -> dict[str, Any]:
    data = {
        "identifiant": producer.slug,
        "page": page,
        "nom": producer.name,
        "sigle": producer.acronym,
        "cercle": producer.circle,
        "nature": producer.nature,
        "territoire": territory_data(producer.territory),
        "site": producer.site,
        "description": producer.description,
        "contributions_obligatoires": [
            {"type": e.type, "nombre": e.count, "annee": e.year, "objet": e.subject}
            for e in producer.expected
        ],
    }
    return record(data, schema)


def structure_record(structure: Structure, page: str, schema: dict) -> dict[str, Any]:
    data = {
        "identifiant": structure.slug,
        "page": page,
        "nom": structure.name,
        "sigle": structure.acronym,
        "type": structure.kind,
        "territoire": territory_data(structure.territory),
        "guidasso": list(structure.guidasso),
        "aides": list(structure.helps),
        "description": structure.description,
        "site": structure.site,
        "courriel": structure.email,
        "adresse": structure.address,
        "producteur": structure.producer,
        "source": structure.source,
    }
    return record(data, schema)


def record(data: dict[str, Any], schema: dict) -> dict[str, Any]:
    """Metadata as published: schema defaults written out, schema order, no empty value."""
    return _ordered(_with_defaults(data, schema), schema)


def territory_data(territory: Territory) -> dict[str, Any]:
    return {"echelle": territory.scale, "codes": list(territory.codes), "nom": territory.name}


def _with_defaults(data: dict[str, Any], schema: dict) -> dict[str, Any]:
    defaults = {
        name: sub["default"] for name, sub in schema["properties"].items() if "default" in sub
    }
    return {**defaults, **data}


def _ordered(data: Any, schema: dict | None) -> Any:
    """Keys in schema order, then any other in file order; empty values left out."""
    if isinstance(data, dict):
        known = list((schema or {}).get("properties", {}))
        keys = [k for k in known if k in data] + [k for k in data if k not in known]
        result = {}
        for key in keys:
            sub = (schema or {}).get("properties", {}).get(key)
            value = _ordered(data[key], sub)
            if value not in ("", [], {}, None):
                result[key] = value
        return result
    if isinstance(data, list):
        items = (schema or {}).get("items")
        return [_ordered(item, items if isinstance(items, dict) else None) for item in data]
    return data


# ---------------------------------------------------------------- JSON


def to_json(records: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- CSV


def columns_of(schema: dict, resolve: Resolve) -> list[Column]:
    """The CSV columns of a schema, in its order."""
    return list(_columns(schema, (), resolve))


def _columns(schema: dict, where: tuple[str, ...], resolve: Resolve) -> Iterable[Column]:
    for name, sub in schema.get("properties", {}).items():
        sub = _resolved(sub, resolve)
        path = (*where, name)
        if "properties" in sub and sub.get("type", "object") == "object":
            yield from _columns(sub, path, resolve)
            continue
        if sub.get("type") == "array":
            items = _resolved(sub.get("items", {}), resolve)
            kind = "json" if items.get("type") == "object" or "properties" in items else "list"
        elif sub.get("type") == "boolean":
            kind = "boolean"
        elif sub.get("type") in ("integer", "number"):
            kind = "number"
        else:
            kind = "text"
        yield Column(".".join(path), path, kind, sub.get("title", ""), sub.get("description", ""))


def _resolved(node: dict, resolve: Resolve) -> dict:
    if "$ref" in node:
        return {**resolve(node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def to_csv(records: Iterable[dict[str, Any]], columns: list[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([c.name for c in columns])
    for record in records:
        writer.writerow([_cell(_get(record, c.path), c) for c in columns])
    return out.getvalue()


def read_csv(text: str, columns: list[Column]) -> list[dict[str, Any]]:
    """The records a CSV export was written from."""
    by_name = {c.name: c for c in columns}
    records = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        record: dict[str, Any] = {}
        for name, cell in row.items():
            if cell == "":
                continue
            column = by_name[name]
            _set(record, column.path, _value(restored(cell), column))
        records.append(record)
    return records


def _cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "list":
        texts = [str(v) for v in value]
        if any(SEPARATOR.strip() in t for t in texts):
            # The schema refuses « | » in listed texts; never write an ambiguous cell.
            raise ValueError(f"{column.name}: « | » dans une valeur de liste")
        return neutralised(SEPARATOR.join(texts))
    if column.kind == "json":
        return neutralised(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))
    if column.kind == "boolean":
        return "true" if value else "false"
    if column.kind == "number":
        return str(value)
    return neutralised(str(value))


def _value(cell: str, column: Column) -> Any:
    if column.kind == "list":
        return cell.split(SEPARATOR)
    if column.kind == "json":
        return json.loads(cell)
    if column.kind == "boolean":
        return cell == "true"
    if column.kind == "number":
        return float(cell) if "." in cell else int(cell)
    return cell


def _get(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = record
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _set(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        record = record.setdefault(part, {})
    record[path[-1]] = value


# ---------------------------------------------------------------- the published files


def export_files(
    catalog: Catalog, schemas: dict[str, dict], documents: dict[str, dict], site_url: str
) -> dict[str, str]:
    """{site path: text} of the export files (schemas: the published ones, by kind)."""

    def columns(kind: str) -> list[Column]:
        return columns_of(schemas[kind], resolver(schemas[kind], documents))

    resources = [
        resource_record(r, site_url + url_of(f"ressources/{r.slug}.md"), schemas["ressource"])
        for r in catalog.resources
    ]
    producers = [
        producer_record(p, site_url + url_of(f"producteurs/{p.slug}.md"), schemas["producteur"])
        for p in sorted(catalog.producers.values(), key=lambda p: p.slug)
    ]
    structures = [
        structure_record(s, site_url + url_of(f"annuaire/{s.slug}.md"), schemas["structure"])
        for s in sorted(catalog.structures.values(), key=lambda s: s.slug)
    ]
    return {
        RESOURCES_JSON: to_json(resources),
        RESOURCES_CSV: to_csv(resources, columns("ressource")),
        PRODUCERS_JSON: to_json(producers),
        PRODUCERS_CSV: to_csv(producers, columns("producteur")),
        STRUCTURES_JSON: to_json(structures),
        STRUCTURES_CSV: to_csv(structures, columns("structure")),
    }


# ---------------------------------------------------------------- documentation


KIND_LABELS = {
    "text": "texte",
    "list": "liste, valeurs séparées par « | »",
    "json": "liste d'objets, en JSON",
    "boolean": "true ou false",
    "number": "nombre",
}


def field_table(root: Path, kind: str) -> str:
    """An HTML table of the published fields of one schema, generated from the schema itself."""
    documents = Schemas(ProjectPaths(root).schemas).documents
    schema = published_schema(kind, documents, "")
    rows = "".join(
        f"<tr><td><code>{escape(c.name)}</code></td><td>{escape(c.title)}</td>"
        f"<td>{escape(KIND_LABELS[c.kind])}</td><td>{escape(c.description)}</td></tr>"
        for c in columns_of(schema, resolver(schema, documents))
    )
    caption = {
        "producteur": "Champs des producteurs",
        "structure": "Champs des structures d'appui",
    }.get(kind, "Champs des ressources")
    return scrollable(
        caption,
        f'<table class="essaim-table essaim-champs"><caption>{caption}</caption><thead><tr>'
        '<th scope="col">Champ (colonne CSV)</th><th scope="col">Titre</th>'
        '<th scope="col">Forme dans le CSV</th><th scope="col">Description</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>",
    )
