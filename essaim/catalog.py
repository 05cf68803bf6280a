"""Load everything once: vocabularies, territories, producers, resources, and every problem.

Loading is deterministic (sorted paths) and never stops at the first error: the result
holds the valid resources and the complete list of problems, so a contributor sees all
of them in one run and a preview build can still render the valid resources.
"""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import quality, rules, safety, trials
from .documents import Document, read_document, text_problems
from .messages import say
from .model import Producer, Resource
from .problems import Problem, Severity
from .schema import Schemas, validate
from .settings import MAX_FILE_BYTES, RESOURCE_SUFFIXES, SLUG_PATTERN, TODAY_ENV, ProjectPaths
from .suggest import closest
from .territories import Territories
from .yamlsafe import Parsed, YamlError, parse_yaml

_SLUG = re.compile(SLUG_PATTERN)
# Suffixes that look like a resource but are not read as one: refused, never ignored.
_LOOKALIKE_SUFFIXES = {".yaml", ".markdown", ".mdown", ".mkd"}


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary."""

    id: str
    label: str
    description: str = ""


@dataclass
class Catalog:
    root: Path
    resources: list[Resource] = field(default_factory=list)
    producers: dict[str, Producer] = field(default_factory=dict)
    themes: dict[str, Term] = field(default_factory=dict)
    publics: dict[str, Term] = field(default_factory=dict)
    territories: Territories = field(default_factory=Territories)
    problems: list[Problem] = field(default_factory=list)
    resource_files: list[str] = field(default_factory=list)
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def resource(self, slug: str) -> Resource | None:
        return next((r for r in self.resources if r.slug == slug), None)


def today_from_env() -> datetime.date:
    """The build date: ESSAIM_DATE=AAAA-MM-JJ when set (tests, reproducible builds)."""
    value = os.environ.get(TODAY_ENV)
    return datetime.date.fromisoformat(value) if value else datetime.date.today()


def load_catalog(
    root: Path, today: datetime.date | None = None, only: Collection[Path] | None = None
) -> Catalog:
    """Read and check every input under root.

    With only (absolute resource paths), the other resource files are listed (their names
    count for duplicate identifiers and links between resources) but neither read nor
    checked: the fast check of the files changed in a pull request.
    """
    # Loading allocates many small objects and frees almost none: the cyclic garbage
    # collector would only rescan them, for a third of the time at 5,000 resources.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root, today, only)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, today: datetime.date | None, only: Collection[Path] | None) -> Catalog:
    paths = ProjectPaths(root)
    catalog = Catalog(root=root, today=today or today_from_env())
    schemas = _schemas(paths.schemas, _fingerprint(paths.schemas))
    catalog.territories = _territories(paths.territories, _fingerprint(paths.territories))
    catalog.themes = _load_vocabulary(paths.vocabularies / "themes.yml", root, catalog.problems)
    catalog.publics = _load_vocabulary(paths.vocabularies / "publics.yml", root, catalog.problems)
    catalog.producers = _load_producers(paths, schemas, catalog)
    _load_resources(paths, schemas, catalog, only)
    catalog.problems.sort()
    return catalog


# Schemas and territories are read-only reference data: parsed once per process and
# reused while their files are unchanged (serve rebuilds, tests, benchmarks).
@functools.lru_cache(maxsize=4)
def _schemas(folder: Path, fingerprint: tuple) -> Schemas:
    return Schemas(folder)


@functools.lru_cache(maxsize=4)
def _territories(folder: Path, fingerprint: tuple) -> Territories:
    return Territories.load(folder)


def _fingerprint(folder: Path) -> tuple:
    return tuple(
        sorted(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.iterdir()
            if p.is_file()
        )
    )


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_vocabulary(path: Path, root: Path, problems: list[Problem]) -> dict[str, Term]:
    display = _display(path, root)
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(display, 1, "", say("file.read", detail=str(exc))))
        return {}
    except YamlError as exc:
        problems.append(Problem(display, exc.line, "", exc.message))
        return {}
    terms: dict[str, Term] = {}
    for key, value in (parsed.data or {}).items():
        if (
            not _SLUG.match(key)
            or not isinstance(value, dict)
            or not isinstance(value.get("libelle"), str)
        ):
            problems.append(
                Problem(
                    display,
                    parsed.line_of((key,)),
                    key,
                    say("schema.required", expected="libelle : texte"),
                )
            )
            continue
        terms[key] = Term(key, value["libelle"], str(value.get("description", "")))
    return terms


def _load_producers(paths: ProjectPaths, schemas: Schemas, catalog: Catalog) -> dict[str, Producer]:
    producers: dict[str, Producer] = {}
    for path in sorted(paths.producers.glob("*")):
        if path.name.startswith(".") or path.is_dir():
            continue
        display = _display(path, catalog.root)
        found = _check_name(path, display, suffixes=(".yml",))
        doc, problems = (None, []) if found else read_document(path, display)
        problems = found + problems
        if doc:
            problems += validate(schemas.producer, doc.meta, display)
            problems += list(text_problems(doc.meta, display))
        if doc and not problems:
            producer = Producer.from_data(doc.slug, display, doc.meta.data)
            problems += [
                Problem(display, doc.meta.line_of(where), _field(where), message)
                for where, message in rules.check_territory(
                    ("territoire",), producer.territory, catalog.territories
                )
            ]
            if not problems:
                producers[producer.slug] = producer
        catalog.problems.extend(problems)
    return producers


def _load_resources(
    paths: ProjectPaths, schemas: Schemas, catalog: Catalog, only: Collection[Path] | None = None
) -> None:
    selected = None if only is None else {p.resolve() for p in only}
    candidates: list[tuple[Resource, Parsed]] = []
    seen: dict[str, str] = {}
    for path in _resource_files(paths.resources):
        display = _display(path, catalog.root)
        catalog.resource_files.append(display)
        problems = _check_name(path, display, suffixes=RESOURCE_SUFFIXES)
        if path.stem in seen:
            problems.append(
                Problem(
                    display,
                    1,
                    "",
                    say("rule.duplicate_slug", slug=path.stem, other=seen[path.stem]),
                )
            )
        else:
            seen[path.stem] = display
        if path.suffix not in RESOURCE_SUFFIXES or (
            selected is not None and path.resolve() not in selected
        ):
            catalog.problems.extend(problems)
            continue
        doc, file_problems = _checked_document(path, display, schemas)
        problems += file_problems
        if doc and not problems:
            resource = Resource.from_data(
                doc.slug, display, path, doc.meta.data, doc.body, doc.body_line
            )
            candidates.append((resource, doc.meta))
        catalog.problems.extend(problems)
    ctx = rules.RuleContext(
        producers=set(catalog.producers),
        themes=set(catalog.themes),
        publics=set(catalog.publics),
        territories=catalog.territories,
        resource_slugs=set(seen),
        today=catalog.today,
        slug_files=seen,
        former_owners=rules.former_owners(resource for resource, _ in candidates),
    )
    # Trial reports (<slug>.essais/*.yml) join their resource's evidence before the rules.
    reports = trials.load_reports(
        paths.resources,
        catalog.root,
        schemas,
        catalog.territories,
        catalog.today,
        seen,
        ctx.former_owners,
        catalog.problems,
    )
    for resource, parsed in candidates:
        catalog.problems.extend(trials.attach(resource, reports))
        problems = [
            Problem(resource.path, parsed.line_of(where), _field(where), message)
            for where, message in rules.check_resource(resource, ctx)
        ]
        problems += list(_link_problems(resource, set(seen)))
        if problems:
            catalog.problems.extend(problems)
        else:
            quality.settle(resource, catalog.territories, catalog.today)
            catalog.problems.extend(
                Problem(
                    resource.path,
                    parsed.line_of(where),
                    _field(where),
                    message,
                    Severity.WARNING,
                )
                for where, message in quality.review_findings(resource)
            )
            catalog.resources.append(resource)
    catalog.resources.sort(key=lambda r: r.slug)


# The checks that look at one file only, kept per file while it is unchanged: `make serve`
# then re-reads just the file an edit touched (the rules between files always run again).
_FILE_CHECKS: dict[Path, tuple[tuple, Document | None, list[Problem]]] = {}


def _checked_document(
    path: Path, display: str, schemas: Schemas
) -> tuple[Document | None, list[Problem]]:
    # Keyed by content, not by modification time: an edit within the same clock tick, or a
    # file replaced by another of the same size, is still seen.
    try:
        # A file over the size cap is refused by read_document without being read.
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OSError("trop gros")
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        key = (digest, display, id(schemas))
    except OSError:
        key = None
    cached = _FILE_CHECKS.get(path)
    if key is not None and cached is not None and cached[0] == key:
        return cached[1], list(cached[2])
    doc, problems = read_document(path, display)
    if doc:
        problems += validate(schemas.resource, doc.meta, display)
        problems += list(text_problems(doc.meta, display))
        problems += list(_body_problems(doc))
    if key is not None:
        _FILE_CHECKS[path] = (key, doc, list(problems))
    return doc, problems


def _resource_files(folder: Path) -> Iterator[Path]:
    """Files that are (or look like) resources, in a stable order; attachments are skipped,
    and so are trial reports (<slug>.essais/, read by essaim/trials.py)."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            any(part.startswith(".") for part in relative.parts)
            or not path.is_file()
            or trials.is_in_trial_folder(relative)
        ):
            continue
        if path.suffix in RESOURCE_SUFFIXES or path.suffix.lower() in _LOOKALIKE_SUFFIXES:
            yield path


def _check_name(path: Path, display: str, suffixes: tuple[str, ...]) -> list[Problem]:
    if path.suffix not in suffixes:
        return [Problem(display, 1, "", say("file.suffix", suffix=path.suffix or "(aucune)"))]
    return rules.slug_problems(path, display)


def _body_problems(doc: Document) -> Iterator[Problem]:
    for index, rule, snippet in safety.body_findings(doc.body):
        yield Problem(doc.display, doc.body_line + index, "texte", say(rule, snippet=snippet))


def _link_problems(resource: Resource, slugs: set[str]) -> Iterator[Problem]:
    for index, slug in safety.internal_link_targets(resource.body):
        if slug not in slugs:
            hint = closest(slug, sorted(slugs))
            yield Problem(
                resource.path,
                resource.body_line + index,
                "texte",
                say(
                    "rule.internal_link",
                    target=slug,
                    hint=f" ; vouliez-vous dire « {hint}.md » ?" if hint else "",
                ),
            )


def _field(path: tuple) -> str:
    from .schema import field_name

    return field_name(path)
