"""Validate parsed metadata against the JSON Schemas in schemas/, with French messages.

The schema is the contract: structural rules live there, and this module only turns
jsonschema's findings into messages a facilitator can act on (file, line, field, what is
expected, a suggestion for near misses).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from essaim.catalog.safety import deceptive_address
from essaim.catalog.yamlsafe import Parsed
from essaim.messages import say, suggestion_hint
from essaim.problems import Problem
from essaim.text import closest

RESOURCE_SCHEMA = "ressource.schema.json"
PRODUCER_SCHEMA = "producteur.schema.json"
TRIAL_SCHEMA = "essai.schema.json"
STRUCTURE_SCHEMA = "structure.schema.json"
FACILITATOR_SCHEMA = "animateur.schema.json"
SYNONYMS_SCHEMA = "synonymes.schema.json"
KNOWN_TERMS_SCHEMA = "sigles.schema.json"
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZÀ-Ý])")
# ASCII digits only, on the whole value (re's \d takes « ٢٠١٦ » and « ２０１６ », and $ a
# final newline): fullmatch, never match with $.
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


# Every web-address field of the schemas (resource url and liens, producer and structure
# sites) starts its pattern with this: its refusal gets a message naming what is accepted.
_WEB_ADDRESS = "^https?://"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}:")
_BARE_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?")


def web_address_message(value: str) -> str:
    """Why a web address is refused, naming the accepted schemes (https://, http://)."""
    deceptive = deceptive_address(value)
    if deceptive is not None:  # the same message as in a text (safety.text_findings)
        return say("rule.url_userinfo", snippet=deceptive)
    scheme = _SCHEME.match(value)
    if scheme and not value.lower().startswith(("http://", "https://")):
        return say("schema.url_scheme", value=value, scheme=scheme.group())
    if not scheme and _BARE_HOST.fullmatch(value):
        shown = value if len(value) <= 80 else value[:79] + "…"  # as say() shortens value
        return say("schema.url_bare", value=value, fixed=f"https://{shown}")
    return say("schema.url", value=value)


@functools.lru_cache(maxsize=256)
def _whole_value(pattern: str) -> re.Pattern:
    """A schema pattern as JSON Schema means it: « $ » ends the value (in Python it may
    also stop before a final newline, which would let « fr\\n » pass for « fr »)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern: str, instance, schema):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _whole_value(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _explaining_engine() -> SimpleNamespace:
    """The reference `jsonschema` package, imported only when a document is not valid (a
    tenth of a second that a check of a valid catalogue no longer spends): the explaining
    validator, with JSON Schema's own reading of patterns (as jsonschema-rs has), and the
    format checker of our formats."""
    from jsonschema import Draft202012Validator, FormatChecker, validators
    from referencing import Registry, Resource

    checker = FormatChecker()
    checker.checks("date-partielle")(is_partial_date)
    return SimpleNamespace(
        validator=validators.extend(Draft202012Validator, {"pattern": _pattern}),
        format_checker=checker,
        registry=Registry,
        resource=Resource,
    )


def __getattr__(name: str) -> Any:
    """format_checker, built on first use (see _explaining_engine)."""
    if name == "format_checker":
        return _explaining_engine().format_checker
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_partial_date(value: object) -> bool:
    """AAAA, AAAA-MM or AAAA-MM-JJ naming a day, month or year that exists."""
    if not isinstance(value, str):
        return True
    return _is_partial_date_text(value)


@functools.lru_cache(maxsize=4096)
def _is_partial_date_text(value: str) -> bool:
    # Cached: the same dates come back in many files.
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


class Schemas:
    """The project's schemas, loaded once, with a validator per document kind.

    Two engines: jsonschema-rs (compiled, about 200 times faster) answers "valid or not"
    for every document; the reference `jsonschema` package then explains, in detail, only
    the documents that are not valid. Both read the same schema files; a test checks
    they agree on every fixture.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.documents: dict[str, dict] = {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.schema.json"))
        }

    @cached_property
    def registry(self):
        """The schemas for the explaining validator's references between them."""
        engine = _explaining_engine()
        return engine.registry().with_resources(
            (name, engine.resource.from_contents(doc)) for name, doc in self.documents.items()
        )

    @cached_property
    def resource(self) -> Validator:
        return self._validator(RESOURCE_SCHEMA)

    @cached_property
    def producer(self) -> Validator:
        return self._validator(PRODUCER_SCHEMA)

    @cached_property
    def trial(self) -> Validator:
        return self._validator(TRIAL_SCHEMA)

    @cached_property
    def structure(self) -> Validator:
        return self._validator(STRUCTURE_SCHEMA)

    @cached_property
    def facilitator(self) -> Validator:
        return self._validator(FACILITATOR_SCHEMA)

    @cached_property
    def synonyms(self) -> Validator:
        return self._validator(SYNONYMS_SCHEMA)

    @cached_property
    def known_terms(self) -> Validator:
        return self._validator(KNOWN_TERMS_SCHEMA)

    def _validator(self, name: str) -> Validator:
        def detailed() -> Draft202012Validator:
            engine = _explaining_engine()
            return engine.validator(
                self.documents[name], registry=self.registry, format_checker=engine.format_checker
            )

        fast = jsonschema_rs.Draft202012Validator(
            self.documents[name],
            retriever=lambda uri: self.documents[uri.rsplit("/", 1)[-1]],
            formats={"date-partielle": is_partial_date},
            validate_formats=True,
            base_uri=f"file:///schemas/{name}",
        )
        return Validator(fast, detailed)


class Validator:
    """A fast yes/no check, and the detailed validator used to explain a no."""

    def __init__(self, fast, detailed: Callable[[], Draft202012Validator]):
        self.fast = fast
        self._detailed = detailed

    @cached_property
    def detailed(self) -> Draft202012Validator:
        return self._detailed()

    def is_valid(self, instance: Any) -> bool:
        return self.fast.is_valid(instance)


def validate(validator: Validator, parsed: Parsed, display: str) -> list[Problem]:
    """Every schema problem of one document, once each, in French."""
    if validator.is_valid(parsed.data):
        return []
    problems: set[Problem] = set()
    for error in validator.detailed.iter_errors(parsed.data):
        for path, message in _explain(error, validator.detailed, parsed.data):
            problems.add(Problem(display, parsed.line_of(path), field_name(path), message))
    if not problems:  # the engines disagree: never let the file through unexplained
        problems.add(Problem(display, 1, "", say("schema.other", detail="schéma")))
    return sorted(problems)


def field_name(path: tuple) -> str:
    """('qualite', 'essais', 0, 'date') -> 'qualite.essais[0].date'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(error: ValidationError, validator, root: Any) -> list[tuple[tuple, str]]:
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if "propertyNames" in error.relative_schema_path and isinstance(instance, str):
        path = (*path, instance)  # a bad key: name it, at its own line
    if kind == "required":
        return [
            (
                (*path, name),
                say("schema.required", expected=_expected(_schema_for(validator, (*path, name)))),
            )
            for name in error.validator_value
            if isinstance(instance, dict) and name not in instance
        ]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        return [
            (
                (*path, key),
                say(
                    "schema.unknown",
                    key=key,
                    hint=suggestion_hint(closest(key, allowed)),
                    choices=", ".join(allowed),
                ),
            )
            for key in extra
        ]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        value = str(instance)
        hint = suggestion_hint(closest(value, choices))
        return [(path, say("schema.enum", value=value, hint=hint, choices=", ".join(choices)))]
    if kind == "type":
        return [(path, _type_message(instance, error.validator_value))]
    if kind in ("minLength", "maxLength"):
        key = "schema.min_length" if kind == "minLength" else "schema.max_length"
        return [(path, say(key, length=len(instance), limit=error.validator_value))]
    if kind in ("minItems", "maxItems"):
        key = "schema.min_items" if kind == "minItems" else "schema.max_items"
        return [(path, say(key, count=len(instance), limit=error.validator_value))]
    if kind == "uniqueItems":
        return [(path, say("schema.unique"))]
    if kind == "format":
        return [(path, say("schema.date", value=str(instance)))]
    if kind == "pattern":
        if str(error.validator_value).startswith(_WEB_ADDRESS):
            return [(path, web_address_message(str(instance)))]
        # a key's pattern (propertyNames) is explained by its own schema, not its parent's
        own = schema if schema.get("title") else _schema_for(validator, path)
        expected = _expected(own)
        return [(path, say("schema.pattern", value=str(instance), expected=expected))]
    if kind is None:
        # jsonschema reports a `false` property schema at the parent object: find the key
        parent = _instance_at(root, path)
        keys = [k for k, v in parent.items() if v is instance] if isinstance(parent, dict) else []
        path = (*path, keys[0]) if keys else path
        return [(path, say("schema.forbidden", expected=_forbidden_reason(path)))]
    return [(path, say("schema.other", detail=error.message))]


def _schema_for(validator, path: tuple) -> dict:
    """The schema that describes the value at an instance path (following $ref)."""
    node: Any = _resolve(validator.schema, validator)
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {}) if isinstance(node, dict) else {}
        else:
            node = node.get("properties", {}).get(part, {}) if isinstance(node, dict) else {}
        node = _resolve(node, validator)
    return node if isinstance(node, dict) else {}


def _instance_at(root: Any, path: tuple) -> Any:
    for part in path:
        try:
            root = root[part]
        except (KeyError, IndexError, TypeError):
            return None
    return root


def _resolve(node: Any, validator) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        try:
            resolved = validator._resolver.lookup(node["$ref"]).contents
        except Exception:
            return node
        return {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _expected(schema: dict) -> str:
    title = schema.get("title", "")
    description = schema.get("description", "")
    first = _SENTENCE_END.split(description)[0].rstrip(".") if description else ""
    if title and first:
        return f"{title} : {first}"
    return title or first or "voir le schéma"


def _type_message(instance: Any, expected: str | list) -> str:
    names = {
        "string": "un texte",
        "array": "une liste (lignes commençant par « - »)",
        "object": "des champs « nom: valeur »",
        "integer": "un nombre entier",
        "number": "un nombre",
        "boolean": "oui/non (true/false)",
        "null": "une valeur vide",
    }
    wanted = expected if isinstance(expected, list) else [expected]
    found = _found_name(instance)
    hint = ""
    if "string" in wanted and isinstance(instance, (int, float, bool)):
        hint = " ; mettez la valeur entre guillemets"
    return say(
        "schema.type",
        found=found,
        expected=" ou ".join(names.get(w, w) for w in wanted),
        hint=hint,
    )


def _found_name(instance: Any) -> str:
    if isinstance(instance, bool):
        return f"valeur oui/non « {str(instance).lower()} »"
    if isinstance(instance, (int, float)):
        return f"nombre « {instance} »"
    if instance is None:
        return "valeur vide"
    if isinstance(instance, list):
        return "liste"
    if isinstance(instance, dict):
        return "ensemble de champs"
    return f"texte « {instance} »"


def _forbidden_reason(path: tuple) -> str:
    if path and path[-1] == "codes":
        return "pas de codes géographiques pour l'échelle nationale"
    return "retirez ce champ"


def length_limits(folder: Path, document: str, pointer: str) -> tuple[int, int]:
    """(minLength, maxLength) of one text field, read from the schema itself, so that a
    limit written in the schema is the only copy (`essaim nouvelle` asks with it).

    pointer: JSON pointer inside document, through `$ref`s to other documents of folder,
    such as "/properties/territoire/properties/nom".
    """
    node = _schema_node(folder, document, pointer)
    return node.get("minLength", 0), node["maxLength"]


def count_limits(folder: Path, document: str, pointer: str) -> tuple[int, int]:
    """(minItems, maxItems) of one list field (themes: 1 to 6), read like length_limits."""
    node = _schema_node(folder, document, pointer)
    return node["minItems"], node["maxItems"]


@functools.cache
def _schema_node(folder: Path, document: str, pointer: str) -> dict:
    documents = Schemas(folder).documents
    node = documents[document]
    for part in filter(None, pointer.split("/")):
        node = node[part]
        if "$ref" in node and part != "$defs":
            name, _, inner = node["$ref"].partition("#")
            node = documents[name] if name else documents[document]
            for step in filter(None, inner.split("/")):
                node = node[step]
    return node
