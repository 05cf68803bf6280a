"""The schemas, published at stable, versioned addresses (as schema.data.gouv.fr does).

`schemas/ressource.schema.json` stays the source that validates contributors' files. The
published schema describes the published records:

- it is the source schema, plus the two fields added at publication (`identifiant`, `page`,
  marked `readOnly`), an absolute `$id` and its `version` (semantic versioning);
- it is self-contained: the shared territory schema is embedded under `$defs` with its own
  `$id`, so the relative `$ref` of the source resolves inside the file (JSON Schema 2020-12
  bundling) and a reuser needs one file only;
- it lives at `schemas/<nom>/<version>/schema.json` (never changed once published) and at
  `schemas/<nom>/latest/schema.json`, with a valid example beside it (`exemple-valide.json`);
- earlier versions stay online at their address: their source schemas are kept, frozen, in
  `schemas/versions/<version>/` and published the same way.

Changes are listed in `schemas/CHANGELOG.md`; its first version heading must be the schema's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from essaim.catalog.schema import PRODUCER_SCHEMA, RESOURCE_SCHEMA, STRUCTURE_SCHEMA

SCHEMAS_DIR = "schemas"
SOURCES = {
    "ressource": RESOURCE_SCHEMA,
    "producteur": PRODUCER_SCHEMA,
    "structure": STRUCTURE_SCHEMA,
}
SHARED = ("territoire.schema.json",)
CHANGELOG = "CHANGELOG.md"
VERSIONS = "versions"
EXAMPLE = "exemple-valide.json"
LATEST = "latest"
_VERSION_HEADING = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.M)
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def publication_fields(kind: str) -> dict[str, dict[str, Any]]:
    """The two fields every published record has, and no contributor writes."""
    page = {
        "ressource": "fiche de la ressource",
        "producteur": "page du producteur",
        "structure": "fiche de la structure d'appui",
    }[kind]
    return {
        "identifiant": {
            "title": "Identifiant",
            "description": "Identifiant stable : le nom du fichier source, sans extension. Ajouté "
            "à la publication (ne s'écrit pas dans le fichier).",
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "readOnly": True,
            "examples": ["modele-convention-pret-materiel-gratuit"],
        },
        "page": {
            "title": "Page sur le portail",
            "description": f"Adresse de la {page} sur le portail Essaim. Ajoutée à la publication "
            "(ne s'écrit pas dans le fichier).",
            "type": "string",
            "format": "uri",
            "readOnly": True,
            "examples": [
                "https://essaim.example/ressources/modele-convention-pret-materiel-gratuit/"
            ],
        },
    }


def schema_path(kind: str, version: str) -> str:
    return f"{SCHEMAS_DIR}/{kind}/{version}/schema.json"


def published_schema(kind: str, documents: dict[str, dict], site_url: str) -> dict[str, Any]:
    """The published, self-contained form of one source schema."""
    source = documents[SOURCES[kind]]
    version = source["version"]
    schema: dict[str, Any] = {
        "$schema": source["$schema"],
        "$id": site_url + schema_path(kind, version),
        **{k: v for k, v in source.items() if k not in ("$schema", "$id")},
    }
    schema["properties"] = {**publication_fields(kind), **source["properties"]}
    embedded = {
        name.removesuffix(".schema.json"): {
            "$id": name,
            **{k: v for k, v in documents[name].items() if k not in ("$schema", "$id")},
        }
        for name in SHARED
        if name in json.dumps(source)
    }
    if embedded:
        schema["$defs"] = {**source.get("$defs", {}), **embedded}
    return schema


def changelog_versions(text: str) -> list[str]:
    """Versions named by the CHANGELOG's « ## X.Y.Z » headings, newest first."""
    return _VERSION_HEADING.findall(text)


def schema_files(
    folder: Path, documents: dict[str, dict], site_url: str, examples: dict[str, dict]
) -> dict[str, str]:
    """{site path: text}: each schema at its version and at latest, with its valid example."""
    files: dict[str, str] = {}
    for kind in SOURCES:
        schema = published_schema(kind, documents, site_url)
        version = schema["version"]
        if not _SEMVER.match(version):
            raise ValueError(f"{SOURCES[kind]} : version « {version} » (attendu X.Y.Z)")
        text = _json(schema)
        for label in (version, LATEST):
            base = f"{SCHEMAS_DIR}/{kind}/{label}"
            files[f"{base}/schema.json"] = text
            if kind in examples:
                files[f"{base}/{EXAMPLE}"] = _json(examples[kind])
    for old in sorted(p for p in (folder / VERSIONS).glob("*") if p.is_dir()):
        old_documents = {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(old.glob("*.schema.json"))
        }
        for kind, source in SOURCES.items():
            if source in old_documents:
                schema = published_schema(kind, old_documents, site_url)
                path = f"{SCHEMAS_DIR}/{kind}/{schema['version']}/schema.json"
                files.setdefault(path, _json(schema))
    changelog = folder / CHANGELOG
    if changelog.is_file():
        files[f"{SCHEMAS_DIR}/CHANGELOG.txt"] = changelog.read_text(encoding="utf-8")
    return files


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def resolver(schema: dict, documents: dict[str, dict]):
    """A function from a `$ref` of schema to the subschema it names."""

    def resolve(ref: str) -> dict:
        name, _, pointer = ref.partition("#")
        node: Any = documents[name] if name else schema
        for part in filter(None, pointer.split("/")):
            node = node[part]
        return node

    return resolve
