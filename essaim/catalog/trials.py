"""Trial reports: one small YAML file per trial, beside the resource it concerns.

A facilitator records that a resource was tried on a territory without touching the
resource file: `resources/<folder>/<slug>.essais/<name>.yml` (schema
`schemas/essai.schema.json`, annotated example `schemas/exemple-essai.yml`). The folder
names the resource, as a file name names a resource; the file name is free.

Reports are read with the same strict loader as resources (size, encoding, YAML without
aliases or tags, line numbers), validated by their schema and by the same text and
territory rules, and every problem names the file, the line and the field. A valid report
joins the trials of its resource (`attach`), where it counts as evidence like a trial
written in the resource itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from essaim.catalog import rules
from essaim.catalog.reading import read_document, text_problems
from essaim.catalog.schema import Schemas, field_name, validate
from essaim.catalog.yamlsafe import Parsed
from essaim.messages import say, suggestion_hint
from essaim.model import Resource, Trial
from essaim.problems import Problem
from essaim.settings import RESOURCE_SUFFIXES, TRIALS_SUFFIX
from essaim.territories import Territories, Territory
from essaim.text import closest

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/essai.schema.json"


@dataclass
class Report:
    """One valid trial report, and where it came from."""

    trial: Trial
    display: str
    parsed: Parsed


@dataclass
class Reports:
    """Every valid report, by the .essais folder it sits in, and the files read."""

    by_folder: dict[Path, list[Report]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def of(self, resource: Resource) -> list[Report]:
        return self.by_folder.get(trial_folder(resource.source), [])


def trial_folder(source: Path) -> Path:
    """resources/modeles/x.md → resources/modeles/x.essais"""
    return source.with_name(source.stem + TRIALS_SUFFIX)


def is_in_trial_folder(relative: Path) -> bool:
    """True for a path (relative to resources/) inside a <slug>.essais folder."""
    return any(part.endswith(TRIALS_SUFFIX) for part in relative.parts[:-1])


def trial_folders(resources: Path) -> list[Path]:
    """Every <slug>.essais folder under resources/, in a stable order."""
    return sorted(
        path
        for path in resources.rglob("*" + TRIALS_SUFFIX)
        if path.is_dir()
        and not path.is_symlink()  # refused by essaim/catalog/files.py, never read
        and not any(part.startswith(".") for part in path.relative_to(resources).parts)
        and not is_in_trial_folder(path.relative_to(resources))
    )


def load_reports(
    resources: Path,
    root: Path,
    schemas: Schemas,
    territories: Territories,
    today: datetime.date,
    slug_files: dict[str, str],
    former_owners: dict[str, tuple[str, ...]],
    problems: list[Problem],
) -> Reports:
    """Read and check every trial report; problems are appended, valid reports returned.

    slug_files: identifier → file of every resource found (valid or not), so that a
    folder is paired with its resource even when that resource has problems of its own.
    """
    reports = Reports()
    for folder in trial_folders(resources):
        slug = folder.name[: -len(TRIALS_SUFFIX)]
        owner = _owner_problem(folder, slug, root, slug_files, former_owners)
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_symlink():
                continue  # a symbolic link is refused by essaim/catalog/files.py
            display = _display(path, root)
            reports.files.append(display)
            found = _name_problems(path, display, folder, root)
            if not found and owner:
                found = [Problem(display, 1, "", owner)]
            if found:
                problems.extend(found)
                continue
            report, found = read_report(path, display, schemas, territories, today)
            problems.extend(found)
            if report is not None:
                reports.by_folder.setdefault(folder, []).append(report)
    return reports


def read_report(
    path: Path, display: str, schemas: Schemas, territories: Territories, today: datetime.date
) -> tuple[Report | None, list[Problem]]:
    """One trial report checked on its own: schema, safe text, territory, date."""
    doc, problems = read_document(path, display)
    if doc is None:
        return None, problems
    problems += validate(schemas.trial, doc.meta, display)
    problems += list(text_problems(doc.meta, display))
    if problems:
        return None, problems
    data = doc.meta.data
    trial = Trial(
        territory=Territory.from_data(data["territoire"]),
        date=data["date"],
        structure=data["structure"],
        adaptation=data.get("adaptation", ""),
        outcome=data.get("resultat", ""),
        report=display,
    )
    findings = list(_trial_findings(trial, territories, today))
    problems = [
        Problem(display, doc.meta.line_of(where), field_name(where), message)
        for where, message in findings
    ]
    if problems:
        return None, problems
    return Report(trial, display, doc.meta), []


def attach(resource: Resource, reports: Reports) -> list[Problem]:
    """Add the resource's valid reports to its trials. A report that repeats a trial —
    written in the resource, or in another report (same organisation, territory and date,
    or the same result word for word) — is refused, naming the other file: the same trial
    twice would count twice."""
    import dataclasses

    from essaim.catalog.quality import same_trial

    own = list(resource.quality.trials)
    added: list[Trial] = []
    problems: list[Problem] = []
    # key -> (file, index in qualite.essais or -1 for a report file)
    seen: dict[tuple, tuple[str, int]] = {}
    for index, trial in enumerate(own):
        for key, _ in same_trial(trial):
            seen.setdefault(key, (resource.path, index))
    for report in reports.of(resource):
        keys = list(same_trial(report.trial))
        twin = next(((seen[key], why) for key, why in keys if key in seen), None)
        if twin is not None:
            (other, index), why = twin
            message = (
                say("trial.duplicate", other=other, index=index)
                if index >= 0
                else say("trial.duplicate_report", other=other, why=say(why))
            )
            problems.append(Problem(report.display, 1, "", message))
            continue
        for key, _ in keys:
            seen.setdefault(key, (report.display, -1))
        added.append(report.trial)
    if added:
        resource.quality = dataclasses.replace(resource.quality, trials=(*own, *added))
    return problems


def with_reports(data: dict[str, Any], resource: Resource) -> dict[str, Any]:
    """The resource's metadata with its trial reports added to qualite.essais (open data)."""
    reported = [t for t in resource.quality.trials if t.report]
    if not reported:
        return data
    quality = dict(data["qualite"])
    quality["essais"] = [*quality.get("essais", []), *(trial_data(t) for t in reported)]
    return {**data, "qualite": quality}


def trial_data(trial: Trial) -> dict[str, Any]:
    """A trial as the schema writes it."""
    territory: dict[str, Any] = {"echelle": trial.territory.scale}
    if trial.territory.codes:
        territory["codes"] = list(trial.territory.codes)
    if trial.territory.name:
        territory["nom"] = trial.territory.name
    data: dict[str, Any] = {
        "territoire": territory,
        "date": trial.date,
        "structure": trial.structure,
    }
    if trial.adaptation:
        data["adaptation"] = trial.adaptation
    if trial.outcome:
        data["resultat"] = trial.outcome
    return data


def report_text(data: dict[str, Any], comment: str = "") -> str:
    """A trial-report file: schema line, optional comment, fields written by yaml.safe_dump."""
    header = SCHEMA_LINE + "\n" + "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
    )
    return header + body


# ---------------------------------------------------------------------------------------


def _owner_problem(
    folder: Path,
    slug: str,
    root: Path,
    slug_files: dict[str, str],
    former_owners: dict[str, tuple[str, ...]],
) -> str:
    """Why the folder has no resource beside it ("" when it has one)."""
    if any(folder.with_name(slug + suffix).is_file() for suffix in RESOURCE_SUFFIXES):
        return ""
    if slug in slug_files:
        return say("trial.elsewhere", slug=slug, other=slug_files[slug])
    owners = former_owners.get(slug, ())
    if owners:
        new = Path(owners[0]).stem
        return say("trial.renamed", slug=slug, other=owners[0], new=new)
    hint = suggestion_hint(closest(slug, sorted(slug_files)))
    return say("trial.orphan", slug=slug, parent=_display(folder.parent, root) + "/", hint=hint)


def _name_problems(path: Path, display: str, folder: Path, root: Path) -> list[Problem]:
    if path.is_dir():
        return [
            Problem(
                display,
                1,
                "",
                say("trial.subfolder", name=path.name, folder=_display(folder, root) + "/"),
            )
        ]
    if path.suffix != ".yml":
        return [Problem(display, 1, "", say("trial.suffix", suffix=path.suffix or "(aucune)"))]
    return rules.slug_problems(path, display)


def _trial_findings(
    trial: Trial, territories: Territories, today: datetime.date
) -> Iterator[tuple[tuple, str]]:
    if trial.territory.scale == "national":
        yield ("territoire", "echelle"), say("rule.territory_trial_national")
    yield from rules.check_territory(("territoire",), trial.territory, territories)
    if rules.earliest_day(trial.date) > today:
        yield ("date",), say("rule.date_future", value=trial.date, today=today.isoformat())


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
