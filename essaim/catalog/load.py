"""Load everything once: vocabularies, territories, producers, resources, and every problem.

Loading is deterministic (sorted paths) and never stops at the first error: the result
holds the valid resources and the complete list of problems, so a contributor sees all
of them in one run and a preview build can still render the valid resources.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import pickle
import re
from collections.abc import Collection, Iterator
from itertools import islice
from pathlib import Path

from essaim.catalog import (
    files,
    links,
    quality,
    readability,
    rules,
    safety,
    structures,
    trials,
)
from essaim.catalog.check_cache import CheckCache, content_digest
from essaim.catalog.known_terms import FILE_NAME as KNOWN_TERMS_FILE
from essaim.catalog.known_terms import load_known_terms
from essaim.catalog.reading import (
    Document,
    normalized,
    parse_document,
    read_capped,
    read_document,
    text_problems,
)
from essaim.catalog.schema import Schemas, field_name, validate
from essaim.catalog.synonyms import FILE_NAME as SYNONYMS_FILE
from essaim.catalog.synonyms import load_synonyms
from essaim.catalog.yamlsafe import Parsed, YamlError, parse_yaml
from essaim.memory import collector_paused
from essaim.messages import say, suggestion_hint
from essaim.model import (
    Catalog,
    Facilitator,
    Producer,
    Resource,
    Structure,
    Term,
    link_back,
)
from essaim.parallel import may_fork
from essaim.problems import Problem, Severity
from essaim.settings import (
    MAX_PROBLEMS_PER_CHECK,
    PARALLEL_CHECK_MIN_FILES,
    RESOURCE_SUFFIXES,
    SLUG_PATTERN,
    TODAY_ENV,
    TRIALS_SUFFIX,
    ProjectPaths,
)
from essaim.territories import Territories
from essaim.text import closest

_SLUG = re.compile(SLUG_PATTERN)
# The share of a cold reading's files the second process checks (_check_ahead_on_two_cores).
_CHILD_SHARE = 0.45


def today_from_env() -> datetime.date:
    """The build date: ESSAIM_DATE=AAAA-MM-JJ when set (tests, reproducible builds)."""
    value = os.environ.get(TODAY_ENV)
    return datetime.date.fromisoformat(value) if value else datetime.date.today()


def load_catalog(
    root: Path,
    today: datetime.date | None = None,
    only: Collection[Path] | None = None,
    cache: CheckCache | None = None,
) -> Catalog:
    """Read and check every input under root.

    With only (absolute resource paths), the other resource files are listed (their names
    count for duplicate identifiers and links between resources) but neither read nor
    checked: the fast check of the files changed in a pull request. With cache (`essaim
    check`), the per-file checks of an unchanged resource file are those of the previous
    run (essaim/catalog/check_cache.py).
    """
    with collector_paused():
        return _load(root, today, only, cache)


def _load(
    root: Path,
    today: datetime.date | None,
    only: Collection[Path] | None,
    cache: CheckCache | None = None,
) -> Catalog:
    paths = ProjectPaths(root)
    catalog = Catalog(root=root, today=today or today_from_env())
    schemas = _schemas(paths.schemas, _fingerprint(paths.schemas))
    catalog.territories = _territories(paths.territories, _fingerprint(paths.territories))
    catalog.themes = _load_vocabulary(paths.vocabularies / "themes.yml", root, catalog.problems)
    catalog.publics = _load_vocabulary(paths.vocabularies / "publics.yml", root, catalog.problems)
    synonyms_file = paths.vocabularies / SYNONYMS_FILE
    catalog.synonyms, found = load_synonyms(synonyms_file, _display(synonyms_file, root), schemas)
    catalog.problems += found
    known_file = paths.vocabularies / KNOWN_TERMS_FILE
    catalog.known_terms, found = load_known_terms(known_file, _display(known_file, root), schemas)
    catalog.problems += found
    catalog.producers = _load_producers(paths, schemas, catalog)
    catalog.structures = _load_structures(paths, schemas, catalog)
    catalog.facilitators = _load_facilitators(paths, schemas, catalog)
    _load_resources(paths, schemas, catalog, only, cache)
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


def forget_cached_checks() -> None:
    """Forget every file check and reference data kept between loads: the next load runs as
    a fresh `essaim check` would (the benchmark times it so)."""
    _FILE_CHECKS.clear()
    _schemas.cache_clear()
    _territories.cache_clear()


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
        parsed = parse_yaml(normalized(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(display, 1, "", say("file.read", detail=str(exc))))
        return {}
    except YamlError as exc:
        problems.append(Problem(display, exc.line, exc.field, exc.message))
        return {}
    found = list(text_problems(parsed, display))  # HTML, scripts: as in a resource
    problems += found
    terms: dict[str, Term] = {}
    for key, value in (parsed.data or {}).items() if not found else ():
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


def _load_registry(
    folder: Path, validator, catalog: Catalog, build
) -> Iterator[tuple[object, Parsed]]:
    """Each valid entry of a registry folder (one .yml file an entry: producers,
    structures, facilitators) with its parsed metadata; every problem of the others goes to
    catalog.problems, with file, line and field. Entries are built by build(slug, display,
    data) and then checked against the territories."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*")):
        display = _display(path, catalog.root)
        skipped = _registry_skip(path, display, folder.name)
        if skipped is not None:
            catalog.problems.extend(skipped)
            continue
        found = _check_name(path, display, suffixes=(".yml",))
        doc, problems = (None, []) if found else read_document(path, display)
        problems = found + problems
        if doc:
            refused = validate(validator, doc.meta, display)
            problems += refused + list(text_problems(doc.meta, display, refused))
        if doc and not problems:
            entry = build(doc.slug, display, doc.meta.data)
            problems += [
                Problem(display, doc.meta.line_of(where), _field(where), message)
                for where, message in rules.check_territory(
                    ("territoire",), entry.territory, catalog.territories
                )
            ]
            if not problems:
                yield entry, doc.meta
        catalog.problems.extend(problems)


def _registry_skip(path: Path, display: str, folder: str) -> list[Problem] | None:
    """Problems of a registry item that is not read (an empty list: skipped in silence, a
    system file such as .DS_Store), or None for an entry to read. Nothing that looks like an
    entry is ignored without a word: a symbolic link, a hidden entry, a subfolder."""
    name = path.name
    if path.is_symlink():
        return [Problem(display, 1, "", say("file.symlink"))]
    if name.startswith("."):
        looks_like_entry = path.is_dir() or files.looks_like_resource(name)
        return [Problem(display, 1, "", say("file.hidden"))] if looks_like_entry else []
    if path.is_dir():
        return [Problem(display, 1, "", say("file.subfolder", name=name, folder=f"{folder}/"))]
    return None


def _load_producers(paths: ProjectPaths, schemas: Schemas, catalog: Catalog) -> dict[str, Producer]:
    return {
        producer.slug: producer
        for producer, _ in _load_registry(
            paths.producers, schemas.producer, catalog, Producer.from_data
        )
    }


def _load_structures(
    paths: ProjectPaths, schemas: Schemas, catalog: Catalog
) -> dict[str, Structure]:
    """The directory « Qui peut vous aider »: a structure with an error is left out."""
    loaded = list(_load_registry(paths.structures, schemas.structure, catalog, Structure.from_data))
    meta = {structure.slug: parsed for structure, parsed in loaded}
    refused: set[str] = set()

    def problem(structure: Structure, where: tuple, message: str, severity=Severity.ERROR):
        line = meta[structure.slug].line_of(where)
        catalog.problems.append(Problem(structure.path, line, _field(where), message, severity))
        if severity is Severity.ERROR:
            refused.add(structure.slug)

    for structure, _ in loaded:
        for where, message in structures.check_structure(structure, catalog.producers):
            problem(structure, where, message)
        for where, message in structures.email_warnings(structure):
            problem(structure, where, message, Severity.WARNING)
    for structure, where, message in structures.duplicates(s for s, _ in loaded):
        problem(structure, where, message)
    return {s.slug: s for s, _ in loaded if s.slug not in refused}


def _load_facilitators(
    paths: ProjectPaths, schemas: Schemas, catalog: Catalog
) -> dict[str, Facilitator]:
    """Network facilitators: organisation, GitHub account, territory (and networks)."""
    found: dict[str, Facilitator] = {}
    accounts: dict[str, str] = {}
    for person, parsed in _load_registry(
        paths.facilitators, schemas.facilitator, catalog, Facilitator.from_data
    ):
        problems = [
            Problem(
                person.path,
                parsed.line_of(("producteurs", index)),
                f"producteurs[{index}]",
                say(
                    "rule.producer",
                    value=slug,
                    hint=suggestion_hint(closest(slug, sorted(catalog.producers))),
                ),
            )
            for index, slug in enumerate(person.producers)
            if slug not in catalog.producers
        ]
        account = person.github.casefold()
        if account in accounts:
            problems.append(
                Problem(
                    person.path,
                    parsed.line_of(("github",)),
                    "github",
                    say("facilitator.duplicate", value=person.github, other=accounts[account]),
                )
            )
        accounts.setdefault(account, person.path)
        catalog.problems.extend(problems)
        if not problems:
            found[person.slug] = person
    return found


def _load_resources(
    paths: ProjectPaths,
    schemas: Schemas,
    catalog: Catalog,
    only: Collection[Path] | None = None,
    cache: CheckCache | None = None,
) -> None:
    selected = None if only is None else {p.resolve() for p in only}
    candidates: list[tuple[Resource, Parsed]] = []
    seen: dict[str, str] = {}
    attached: set[Path] = set()
    prefix = _display(paths.resources, catalog.root) + "/"
    found = resource_files(paths.resources)
    # A cold reading of a large catalogue: the files' own checks, made ahead on two
    # processes (by path: digest, document, problems).
    ready: dict[Path, tuple] = {}
    if selected is None and len(found) >= PARALLEL_CHECK_MIN_FILES and may_fork():
        listed = [(path, prefix + relative) for path, relative in found]
        ready = _check_ahead_on_two_cores(listed, schemas, catalog.known_terms, cache)
    for path, relative in found:
        display = prefix + relative
        catalog.resource_files.append(display)
        problems = _check_name(path, display, suffixes=RESOURCE_SUFFIXES)
        stem = path.stem
        if stem in seen:
            problems.append(
                Problem(
                    display,
                    1,
                    "",
                    say("rule.duplicate_slug", slug=stem, other=seen[stem]),
                )
            )
        else:
            seen[stem] = display
        if path.suffix not in RESOURCE_SUFFIXES or (
            selected is not None and path.resolve() not in selected
        ):
            catalog.problems.extend(problems)
            continue
        if path in ready:
            digest, doc, file_problems = ready.pop(path)
            _remember(path, display, schemas, digest, doc, file_problems, cache)
        else:
            doc, file_problems = _checked_document(path, display, schemas, cache)
        problems += file_problems
        if doc is not None:
            attached.update(_attachment_paths(path.parent, doc.meta.data))
        if doc and not problems:
            resource = Resource.from_data(
                doc.slug, display, path, doc.meta.data, doc.body, doc.body_line
            )
            candidates.append((resource, doc.meta))
        catalog.problems.extend(problems)
    if selected is None:
        catalog.problems.extend(files.stray_files(paths.resources, catalog.root, attached))
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
    site = _link_site(candidates, seen, catalog.root, schemas, cache)
    for resource, parsed in candidates:
        if reports.by_folder:
            catalog.problems.extend(trials.attach(resource, reports))
        problems = [
            Problem(resource.path, parsed.line_of(where), _field(where), message)
            for where, message in rules.check_resource(resource, ctx)
        ]
        problems += islice(_link_problems(resource, site), MAX_PROBLEMS_PER_CHECK)
        if problems:
            catalog.problems.extend(problems)
        else:
            quality.apply_shown_level(resource, catalog.territories, catalog.today)
            # Where the title and summary are written: the readability warnings of
            # `essaim check` (readability.clarity_problems) point at them.
            resource.field_lines = {
                "titre": parsed.line_of(("titre",)),
                "resume": parsed.line_of(("resume",)),
            }
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
    link_back(catalog.resources)
    catalog.resources_reordered()


# The checks that look at one file only, kept per file while it is unchanged: `make serve`
# then re-reads just the file an edit touched (the rules between files always run again).
_FILE_CHECKS: dict[Path, tuple[tuple, Document | None, list[Problem]]] = {}


def _checked_document(
    path: Path, display: str, schemas: Schemas, cache: CheckCache | None = None
) -> tuple[Document | None, list[Problem]]:
    # Keyed by content, not by modification time: an edit within the same clock tick, or a
    # file replaced by another of the same size, is still seen. The bytes read for the key
    # are the ones parsed: each file is opened and read once.
    raw, unread = read_capped(path, display)
    digest = None if raw is None else content_digest(raw)
    key = None if digest is None else (digest, display, id(schemas))
    cached = _FILE_CHECKS.get(path)
    if key is not None and cached is not None and cached[0] == key:
        if cache is not None:
            cache.put(display, digest, cached[1], cached[2])
        return cached[1], list(cached[2])
    if cache is not None and digest is not None and (kept := cache.get(path, display, raw, digest)):
        _FILE_CHECKS[path] = (key, kept[0], list(kept[1]))
        return kept
    doc, problems = (None, [unread]) if raw is None else _file_checks(path, display, raw, schemas)
    if digest is not None:
        _remember(path, display, schemas, digest, doc, problems, cache)
    return doc, problems


def _remember(
    path: Path,
    display: str,
    schemas: Schemas,
    digest: bytes,
    doc: Document | None,
    problems: list[Problem],
    cache: CheckCache | None,
) -> None:
    """Keep a file's own checks for the next reading in this process (`make serve`) and,
    with the check's cache, for the next run."""
    _FILE_CHECKS[path] = ((digest, display, id(schemas)), doc, list(problems))
    if cache is not None:
        cache.put(display, digest, doc, problems)


def _file_checks(
    path: Path, display: str, raw: bytes, schemas: Schemas
) -> tuple[Document | None, list[Problem]]:
    """The checks that look at this one file: parsing, schema, unsafe or placeholder text,
    Markdown cost."""
    doc, problems = parse_document(path, display, raw)
    if doc:
        refused = validate(schemas.resource, doc.meta, display)
        problems += refused + list(text_problems(doc.meta, display, refused))
        # A hostile body can hold a finding on every line: the first ones say enough.
        problems += islice(_body_problems(doc), MAX_PROBLEMS_PER_CHECK)
        problems += _markdown_cost_problems(doc)
        problems += islice(_placeholder_problems(doc), MAX_PROBLEMS_PER_CHECK)
    return doc, problems


def _checked_files(
    files: list[tuple[Path, str]], schemas: Schemas, known: frozenset[str], findings: bool
) -> Iterator[tuple[Path, str, bytes, Document | None, list[Problem], list | None]]:
    """(path, display, digest, document, problems, readability findings) of each file:
    the per-file checks and, with findings, for a file without problem, its readability
    findings. A file that cannot be read is left to the reading in order (its message
    comes from there)."""
    for path, display in files:
        raw, _ = read_capped(path, display)
        if raw is None:
            continue
        doc, problems = _file_checks(path, display, raw, schemas)
        found = None
        if findings and doc is not None and not problems:
            data = doc.meta.data
            found = readability.text_findings(data["titre"], data["resume"], doc.body, known)
        yield path, display, content_digest(raw), doc, problems, found


def _check_ahead_on_two_cores(
    files: list[tuple[Path, str]],
    schemas: Schemas,
    known: frozenset[str],
    cache: CheckCache | None,
) -> dict[Path, tuple]:
    """A cold reading of a large catalogue (files neither the check's cache nor this
    process knows): the checks of each file are independent of the others, so a second
    process (a fork of this one, which has everything loaded) checks a share of the files
    (_CHILD_SHARE) while this one checks the rest. Returned by path (digest, document, problems), for the
    reading in order; with the check's cache, each file's readability findings go to
    cache.clarity. The output is the same bytes: the same checks run, only where changes.
    Any failure of the second process leaves its files to the reading in order."""
    unknown = [
        (p, d)
        for p, d in files
        if p.suffix in RESOURCE_SUFFIXES
        and p not in _FILE_CHECKS
        and (cache is None or not cache.knows(d))
    ]
    if len(unknown) < PARALLEL_CHECK_MIN_FILES:
        return {}
    findings = cache is not None
    # The second process gets a little less than half, spread evenly: it also pickles what
    # it found, which this process unpickles in a fraction of that time.
    mine, theirs = [], []
    for index, item in enumerate(unknown):
        moved = int((index + 1) * _CHILD_SHARE) > int(index * _CHILD_SHARE)
        (theirs if moved else mine).append(item)
    try:
        reader, writer = os.pipe()
        child = os.fork()
    except OSError:
        return {}
    if child == 0:  # pragma: no cover - the forked process (its work is checked by the output)
        code = 1
        try:
            os.close(reader)
            checked = []
            for item in _checked_files(theirs, schemas, known, findings):
                if item[3] is not None:
                    item[3].meta.texts = None  # served the checks just made; not sent
                checked.append(item)
            payload = pickle.dumps(checked, pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    checked = list(_checked_files(mine, schemas, known, findings))
    with os.fdopen(reader, "rb") as incoming:
        payload = incoming.read()
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        # Else its files are checked by the reading in order.
        with contextlib.suppress(Exception):
            checked += pickle.loads(payload)
    ready = {}
    for path, display, digest, doc, problems, found in checked:
        ready[path] = (digest, doc, problems)
        if found is not None:
            cache.clarity[display] = found
    return ready


def resource_files(folder: Path) -> list[tuple[Path, str]]:
    """Files that are (or look like) resources, with their path relative to folder, in a
    stable order (the order of sorted(folder.rglob("*"))); attachments are skipped, and so
    are hidden files and folders and trial reports (<slug>.essais/, read by
    essaim/catalog/trials.py). One scandir per folder: no stat of every file."""
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, ...], Path]] = []
    _scan(os.fspath(folder), (), found)
    found.sort(key=lambda item: item[0])
    return [(path, "/".join(parts)) for parts, path in found]


def _scan(directory: str, parts: tuple[str, ...], found: list) -> None:
    try:
        with os.scandir(directory) as entries:
            listed = list(entries)
    except PermissionError:
        return
    for entry in listed:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if entry.is_symlink():
            continue  # refused by essaim/catalog/files.py, never read
        if is_dir:
            # Like rglob: symbolic links to folders are not followed.
            if not name.endswith(TRIALS_SUFFIX):
                _scan(entry.path, (*parts, name), found)
            continue
        if not files.looks_like_resource(name):
            continue
        path = Path(entry.path)
        try:
            is_file = entry.is_file()
        except OSError:
            is_file = path.is_file()
        if is_file:
            found.append(((*parts, name), path))


def _attachment_paths(folder: Path, data: object) -> Iterator[Path]:
    """Where the attachments a resource lists are (as stray_files compares them)."""
    listed = data.get("pieces_jointes") if isinstance(data, dict) else None
    for item in listed if isinstance(listed, list) else ():
        name = item.get("fichier") if isinstance(item, dict) else None
        if isinstance(name, str) and name:
            yield folder / name


def _check_name(path: Path, display: str, suffixes: tuple[str, ...]) -> list[Problem]:
    if path.suffix not in suffixes:
        # a registry entry (producers/, structures/, animateurs/) is .yml only
        key = "file.suffix" if suffixes == RESOURCE_SUFFIXES else "file.registry_suffix"
        return [Problem(display, 1, "", say(key, suffix=path.suffix or "(aucune)"))]
    return rules.slug_problems(path, display)


def _placeholder_problems(doc: Document) -> Iterator[Problem]:
    """« À compléter », « TODO », « Lorem ipsum »… and empty sections: never published."""
    texts = {
        k: doc.meta.data[k] for k in ("titre", "resume") if isinstance(doc.meta.data.get(k), str)
    }
    for key, snippet in readability.metadata_placeholders(texts):
        message = say("content.placeholder", snippet=snippet)
        yield Problem(doc.display, doc.meta.line_of((key,)), key, message)
    for index, rule, snippet in readability.placeholder_findings(doc.body):
        yield Problem(doc.display, doc.body_line + index, "texte", say(rule, snippet=snippet))


def _body_problems(doc: Document) -> Iterator[Problem]:
    for index, rule, snippet in safety.body_findings(doc.body):
        yield Problem(doc.display, doc.body_line + index, "texte", say(rule, snippet=snippet))


def _markdown_cost_problems(doc: Document) -> list[Problem]:
    """A text Python-Markdown would take minutes on (essaim/catalog/links.py)."""
    return [
        Problem(doc.display, doc.body_line + index, "texte", say(f"markdown.{kind}"))
        for index, kind in links.markdown_cost_findings(doc.body)
    ]


def _link_site(
    candidates: list[tuple[Resource, Parsed]],
    seen: dict[str, str],
    root: Path,
    schemas: Schemas,
    cache: CheckCache | None = None,
) -> links.Site:
    """What resources' texts may link to. A resource this run did not read (`--depuis`
    checks only the files that changed) is read when a link points into it."""
    known: dict[str, tuple[str, set[str]] | None] = {
        resource.slug: (resource.body, {a.file for a in resource.attachments})
        for resource, _ in candidates
    }

    def resource(slug: str) -> tuple[str, set[str]] | None:
        if slug not in known:
            doc = None
            if slug in seen:
                doc, problems = _checked_document(root / seen[slug], seen[slug], schemas, cache)
                doc = None if problems else doc
            known[slug] = (
                None
                if doc is None
                else (doc.body, {p.as_posix() for p in _attachment_paths(Path(), doc.meta.data)})
            )
        return known[slug]

    return links.Site(slugs=set(seen), resource=resource)


def _link_problems(resource: Resource, site: links.Site) -> Iterator[Problem]:
    """Links and images MkDocs would warn about (and so stop `mkdocs build --strict`)."""
    body_lines = resource.body.split("\n")
    for finding in links.link_findings(resource.slug, resource.body, site):
        index = _line_of_target(body_lines, finding)
        message = say(finding.rule, **finding.details)
        yield Problem(resource.path, resource.body_line + index, "texte", message)


def _line_of_target(lines: list[str], finding: links.Finding) -> int:
    """The line of the text where the link is written (the first one naming its target)."""
    footnote = finding.rule == "link.footnote"
    wanted = f"[^{finding.details['name']}]:" if footnote else finding.target
    for candidate in (wanted, wanted.replace("%", ""), wanted.split("#")[0] or wanted):
        for index, line in enumerate(lines):
            if candidate in line or candidate in line.replace("\\", ""):
                return index
    for index, line in enumerate(lines):
        if "](" in line or "]:" in line:
            return index
    return 0


def _field(path: tuple) -> str:
    return field_name(path)
