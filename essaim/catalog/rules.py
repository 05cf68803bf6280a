"""Rules that the JSON Schema cannot express: references between files, evidence, dates.

One `check_*` function per rule. Each yields (field path, message) pairs; the catalogue
turns them into Problems with the file and line.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from essaim.catalog import files
from essaim.catalog.quality import counted_departements, organisation_key, same_trial
from essaim.messages import say, suggestion_hint
from essaim.model import (
    LEVEL_CHECKED,
    LEVEL_EVERYWHERE,
    LEVEL_LOCAL,
    LEVEL_UNRATED,
    Resource,
    Trial,
)
from essaim.problems import Problem
from essaim.settings import RESERVED_SLUGS, SLUG_PATTERN, TESTED_EVERYWHERE_MIN_DEPARTEMENTS
from essaim.territories import Territories, Territory
from essaim.text import closest, match_key

Finding = tuple[tuple, str]
SLUG_RE = re.compile(SLUG_PATTERN)

SCALE_LABELS = {
    "region": "de région",
    "departement": "de département",
    "commune": "de commune (code Insee)",
    "intercommunalite": "d'intercommunalité (SIREN)",
    "bassin-de-vie": "de commune ou de département",
}
SCALE_EXPECTED = {
    "region": "deux chiffres, voir data/territoires/regions.csv",
    "departement": "deux ou trois caractères (« 94 », « 2A », « 974 »), voir "
    "data/territoires/departements.csv",
    "commune": "cinq caractères, voir data/territoires/communes.csv",
    "intercommunalite": "neuf chiffres, voir data/territoires/intercommunalites.csv",
    "bassin-de-vie": "codes des communes ou départements couverts",
}


@dataclass
class RuleContext:
    """What the rules may look at besides the resource itself."""

    producers: set[str]
    themes: set[str]
    publics: set[str]
    territories: Territories
    resource_slugs: set[str]
    today: datetime.date
    # identifier -> file, for every resource file found (valid or not)
    slug_files: dict[str, str] = _field(default_factory=dict)
    # former identifier -> files of the resources that list it in anciens_identifiants
    former_owners: dict[str, tuple[str, ...]] = _field(default_factory=dict)


def check_resource(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    """Every cross-file rule for one resource."""
    yield from check_producer(resource, ctx)
    yield from check_vocabularies(resource, ctx)
    yield from check_territory(("territoire",), resource.territory, ctx.territories)
    for index, trial in enumerate(own_trials(resource)):
        path = ("qualite", "essais", index, "territoire")
        if trial.territory.scale == "national":
            yield (*path, "echelle"), say("rule.territory_trial_national")
        yield from check_territory(path, trial.territory, ctx.territories)
    yield from check_repeated_trials(resource)
    yield from check_evidence(resource, ctx.territories)
    yield from check_reviews(resource)
    yield from check_dates(resource, ctx.today)
    yield from check_legal_watch(resource, ctx)
    yield from check_attachments(resource)
    yield from check_former_slugs(resource, ctx)
    yield from check_related(resource, ctx)


def own_trials(resource: Resource) -> list[Trial]:
    """The trials written in the resource file (trial reports are checked on their own)."""
    return [t for t in resource.quality.trials if not t.report]


def check_producer(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.producer not in ctx.producers:
        hint = suggestion_hint(closest(resource.producer, sorted(ctx.producers)))
        yield ("producteur",), say("rule.producer", value=resource.producer, hint=hint)


def check_vocabularies(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    for field, values, known, rule in (
        ("themes", resource.themes, ctx.themes, "rule.theme"),
        ("publics", resource.publics, ctx.publics, "rule.public"),
    ):
        for index, value in enumerate(values):
            if value not in known:
                hint = suggestion_hint(closest(value, sorted(known)))
                yield (field, index), say(rule, value=value, hint=hint)


def check_territory(
    path: tuple, territory: Territory, territories: Territories
) -> Iterator[Finding]:
    for index, code in enumerate(territory.codes):
        if territories.knows(territory.scale, code):
            continue
        other = territories.scales_of(code)
        if other:
            names = ", ".join(f"{territories.name_of(s, code)} ({s})" for s in other)
            hint = f" ; ce code existe à une autre échelle : {names}"
        else:
            table = territories.table(territory.scale) or territories.communes
            suggestion = closest(code, sorted(table), cutoff=0.7)
            hint = (
                suggestion_hint(
                    f"{suggestion} — {territories.name_of(territory.scale, suggestion)}"
                )
                if suggestion
                else ""
            )
        yield (
            (*path, "codes", index),
            say(
                "rule.territory_code",
                code=code,
                scale_label=SCALE_LABELS.get(territory.scale, ""),
                hint=hint,
                expected=SCALE_EXPECTED.get(territory.scale, ""),
            ),
        )


def check_evidence(resource: Resource, territories: Territories) -> Iterator[Finding]:
    """The claimed level must be supported by the evidence given.

    Trials count wherever they are written: in the file or in its trial reports. A check
    still counts here after its review-by date: time lowers the level shown on the site
    (essaim/catalog/quality.py), it does not make the file invalid.
    """
    quality = resource.quality
    if quality.level == LEVEL_LOCAL and not quality.trials:
        yield ("qualite", "niveau"), say("rule.evidence_local", slug=resource.slug)
    elif quality.level == LEVEL_EVERYWHERE:
        counted = counted_departements(quality.trials, territories)
        if len(counted) < TESTED_EVERYWHERE_MIN_DEPARTEMENTS:
            departements = trial_departements(resource, territories)
            organisations = {organisation_key(t.structure) for t in quality.trials}
            yield (
                ("qualite", "niveau"),
                say(
                    "rule.evidence_everywhere",
                    count=len(counted),
                    found=", ".join(counted) or "aucun",
                    tried=len(departements),
                    organisations=len(organisations),
                    needed=TESTED_EVERYWHERE_MIN_DEPARTEMENTS,
                    missing=TESTED_EVERYWHERE_MIN_DEPARTEMENTS - len(counted),
                    slug=resource.slug,
                ),
            )
    elif quality.level == LEVEL_CHECKED and not quality.checks:
        yield ("qualite", "niveau"), say("rule.evidence_checked")
    elif quality.level == LEVEL_UNRATED and (own_trials(resource) or quality.checks):
        # Trial reports may arrive for an unrated resource: that asks for a promotion
        # (committee dashboard), it is not a contradiction in the file.
        yield ("qualite", "niveau"), say("rule.evidence_unrated")


def check_repeated_trials(resource: Resource) -> Iterator[Finding]:
    """The same trial written twice in the file counts once: refused."""
    seen: dict[tuple, int] = {}
    for index, trial in enumerate(own_trials(resource)):
        for key, why in same_trial(trial):
            if key in seen:
                yield (
                    ("qualite", "essais", index),
                    say("trial.duplicate_own", index=seen[key], why=say(why)),
                )
                break
        else:
            for key, _ in same_trial(trial):
                seen[key] = index


def check_reviews(resource: Resource) -> Iterator[Finding]:
    """A review-by date comes after the check it concerns."""
    for index, check in enumerate(resource.quality.checks):
        if check.review_by and earliest_day(check.review_by) <= earliest_day(check.date):
            yield (
                ("qualite", "verifications", index, "a_revoir_avant"),
                say("rule.review_order", review=check.review_by, date=check.date),
            )


def check_legal_watch(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    """applicable_depuis and remplacee_par belong to legal watch; the successor exists."""
    if resource.type != "veille-juridique":
        for key, value in (
            ("applicable_depuis", resource.applicable_from),
            ("remplacee_par", resource.superseded_by),
        ):
            if value:
                yield (key,), say("rule.legal_only", key=key)
        return
    successor = resource.superseded_by
    if successor == resource.slug:
        yield ("remplacee_par",), say("rule.superseded_self", value=successor)
    elif successor and successor not in ctx.resource_slugs:
        hint = suggestion_hint(closest(successor, sorted(ctx.resource_slugs - {resource.slug})))
        yield ("remplacee_par",), say("rule.superseded_unknown", value=successor, hint=hint)


def check_related(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    """liees names other resources that exist; never the resource itself."""
    for index, target in enumerate(resource.related):
        if target == resource.slug:
            yield ("liees", index), say("rule.related_self", value=target)
        elif target not in ctx.resource_slugs:
            others = sorted(ctx.resource_slugs - {resource.slug})
            hint = suggestion_hint(closest(target, others))
            yield ("liees", index), say("rule.related_unknown", value=target, hint=hint)


def trial_departements(resource: Resource, territories: Territories) -> set[str]:
    found: set[str] = set()
    for trial in resource.quality.trials:
        found |= territories.departements_of(trial.territory)
    return found


def check_dates(resource: Resource, today: datetime.date) -> Iterator[Finding]:
    dated: list[tuple[tuple, str]] = [(("date_publication",), resource.published)]
    if resource.updated:
        dated.append((("date_mise_a_jour",), resource.updated))
    dated += [
        (("qualite", "essais", i, "date"), t.date) for i, t in enumerate(own_trials(resource))
    ]
    dated += [
        (("qualite", "verifications", i, "date"), c.date)
        for i, c in enumerate(resource.quality.checks)
    ]
    if resource.archive:
        dated.append((("archive", "date"), resource.archive.date))
    if resource.quality.clarity_review:
        dated.append((("qualite", "lisibilite", "date"), resource.quality.clarity_review.date))
    for path, value in dated:
        if earliest_day(value) > today:
            yield path, say("rule.date_future", value=value, today=today.isoformat())
    if resource.updated and _before(resource.updated, resource.published):
        yield (
            ("date_mise_a_jour",),
            say("rule.date_order", updated=resource.updated, published=resource.published),
        )
    if resource.archive and _before(resource.archive.date, resource.published):
        yield (
            ("archive", "date"),
            say("rule.archive_order", archived=resource.archive.date, published=resource.published),
        )


def _before(value: str, reference: str) -> bool:
    """value is earlier than reference, compared at the precision both give (« 2019 » is
    not before « 2019-02 »)."""
    common = min(len(value), len(reference))
    return value[:common] < reference[:common]


def check_attachments(resource: Resource) -> Iterator[Finding]:
    if not resource.attachments:
        return
    folder = resource.source.parent
    shown = _display_folder(resource.path)
    # Resolved target -> (index, name as written) of its first entry: a file listed twice,
    # even under another spelling (« ./x.pdf », « a//x.pdf »), is refused at its second entry.
    seen: dict[Path, tuple[int, str]] = {}
    for index, attachment in enumerate(resource.attachments):
        path = ("pieces_jointes", index, "fichier")
        target = (folder / attachment.file).resolve()
        escapes = attachment.file.startswith("/") or ".." in Path(attachment.file).parts
        first = seen.setdefault(target, (index, attachment.file))
        if first[0] != index:
            yield (
                path,
                say(
                    "rule.attachment_twice",
                    file=attachment.file,
                    first=first[1],
                    index=first[0],
                ),
            )
        elif escapes or not target.is_relative_to(folder.resolve()):
            yield path, say("rule.attachment_escape", file=attachment.file, folder=shown)
        elif not target.is_file():
            yield path, say("rule.attachment_missing", file=attachment.file, folder=shown)
        else:
            problem = files.attachment_problem(target, attachment.file, resource.slug)
            if problem:
                yield path, problem


def check_former_slugs(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    """A former identifier leads to one resource only: never a live one, never shared."""
    for index, former in enumerate(resource.former_slugs):
        path = ("anciens_identifiants", index)
        if former == resource.slug:
            yield path, say("rule.former_is_current", value=former)
        elif former in ctx.resource_slugs:
            other = ctx.slug_files.get(former, f"{former}.md")
            yield path, say("rule.former_live", value=former, other=other)
        else:
            others = [p for p in ctx.former_owners.get(former, ()) if p != resource.path]
            if others:
                yield path, say("rule.former_shared", value=former, other=", ".join(others))


def former_owners(resources: Iterable[Resource]) -> dict[str, tuple[str, ...]]:
    """Former identifier -> files of the resources that list it."""
    owners: dict[str, list[str]] = {}
    for resource in resources:
        for former in resource.former_slugs:
            owners.setdefault(former, []).append(resource.path)
    return {former: tuple(paths) for former, paths in sorted(owners.items())}


def slug_problems(path: Path, display: str) -> list[Problem]:
    """A file name that is not a valid identifier, with the name to use instead."""
    if path.stem in RESERVED_SLUGS:
        return [Problem(display, 1, "", say("file.reserved", name=path.stem))]
    if SLUG_RE.match(path.stem):
        return []
    suggestion = slug_from_name(path.stem)
    if suggestion and suggestion != path.stem:
        message = say("file.slug_suggest", name=path.name, suggestion=suggestion + path.suffix)
    else:
        message = say("file.slug", name=path.name)
    return [Problem(display, 1, "", message)]


def slug_from_name(name: str) -> str:
    """A valid identifier close to a file name: « Fiche Été_2016 » → « fiche-ete-2016 ».
    Invisible format characters (zero-width space or joiner, soft hyphen) are dropped, not
    taken for a word break: « Mod\u200bèle » → « modele »."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    return re.sub(r"[^a-z0-9]+", "-", match_key(visible)).strip("-")


@functools.lru_cache(maxsize=4096)
def earliest_day(value: str) -> datetime.date:
    # Cached: the same few hundred dates come back in every resource.
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return datetime.date(*parts)


def _display_folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/" if "/" in path else "./"
