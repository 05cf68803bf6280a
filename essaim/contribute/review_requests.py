"""Ask the network facilitators of a territory to review a pull request, safely.

Two halves, for GitHub's safe pattern (a `pull_request` run has no write token; a
`workflow_run` run has one but must never run the pull request's code):

1. `plan` runs in the « Vérifier » check (read-only token, the pull request's code): it
   lists the facilitators (animateurs/) whose territory or networks cover the resources
   the pull request adds or changes, and writes them as a small JSON artifact.
2. `validate` runs in the « Relecture par les animateurs » workflow (`workflow_run`, the
   default branch's code and registry): it reads that artifact as untrusted data (size
   cap, strict shape, account and identifier patterns), keeps only accounts that the
   default branch's registry knows, and writes the reviewers and the French comment. The
   workflow then checks that the pull request's head is the commit that was checked before
   it requests the reviews.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from essaim.contribute.changes import ChangeSet
from essaim.model import Catalog, Facilitator, Resource
from essaim.settings import SLUG_PATTERN, TRIALS_SUFFIX
from essaim.territories import Territory

FORMAT = 1
MAX_ARTIFACT_BYTES = 100_000
MAX_REVIEWERS = 15  # GitHub accepts at most 15 requested reviewers on a pull request
MAX_RESOURCES = 200
COMMENT_MARKER = "<!-- essaim:relecture-animateurs -->"
_ACCOUNT = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_SLUG = re.compile(SLUG_PATTERN)


class ArtifactError(ValueError):
    """The artifact is not what the check writes: nothing is requested."""


@dataclass(frozen=True)
class Request:
    account: str
    slugs: tuple[str, ...]


# ---------------------------------------------------------------- who covers what


def _departements(territory: Territory, catalog: Catalog) -> set[str]:
    terr = catalog.territories
    if territory.scale == "region":
        return {d for d, (_, region) in terr.departements.items() if region in territory.codes}
    return terr.departements_of(territory)


def covers(facilitator: Facilitator, resource: Resource, catalog: Catalog) -> bool:
    """A facilitator reviews the resources of the networks they animate, and those of their
    territory: national ones for a national facilitator, those lying in their départements
    (communes and bassins de vie included) or their région otherwise."""
    if resource.producer in facilitator.producers:
        return True
    mine, theirs = facilitator.territory, resource.territory
    if mine.scale == "national" or theirs.scale == "national":
        return mine.scale == theirs.scale == "national"
    if mine.scale == "region" and catalog.territories.regions_of(theirs) & set(mine.codes):
        return True
    return bool(_departements(mine, catalog) & _departements(theirs, catalog))


def touched_slugs(changes: ChangeSet, catalog: Catalog) -> list[str]:
    """Identifiers of the resources a pull request adds or changes, trial reports included
    (a report changes its resource's evidence)."""
    by_path = {r.path: r.slug for r in catalog.resources}
    slugs: set[str] = set()
    for change in changes.changes:
        if change.path in by_path:
            slugs.add(by_path[change.path])
            continue
        parts = change.path.split("/")
        for part in parts[:-1]:
            if part.endswith(TRIALS_SUFFIX):
                slugs.add(part[: -len(TRIALS_SUFFIX)])
    return sorted(s for s in slugs if catalog.resource(s) is not None)


def plan(catalog: Catalog, slugs: list[str], number: int) -> dict[str, Any]:
    """The artifact: the pull request's number and, per facilitator, the resources."""
    requests: dict[str, list[str]] = {}
    for slug in slugs:
        resource = catalog.resource(slug)
        for facilitator in sorted(catalog.facilitators.values(), key=lambda f: f.slug):
            if covers(facilitator, resource, catalog):
                requests.setdefault(facilitator.github, []).append(slug)
    return {
        "format": FORMAT,
        "demande": number,
        "relecteurs": [
            {"github": account, "ressources": sorted(found)}
            for account, found in sorted(requests.items())
        ],
    }


def write_plan(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- the trusted half


def read_artifact(path: Path) -> tuple[int, list[Request]]:
    """The pull request number and the requests of an artifact, or ArtifactError."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArtifactError(f"artefact illisible ({exc.strerror})") from exc
    if size > MAX_ARTIFACT_BYTES:
        raise ArtifactError(f"artefact trop gros ({size} octets)")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactError("artefact qui n'est pas du JSON en UTF-8") from exc
    if not isinstance(data, dict) or set(data) != {"format", "demande", "relecteurs"}:
        raise ArtifactError("artefact de forme inattendue")
    number = data["demande"]
    if data["format"] != FORMAT or type(number) is not int or not 0 < number < 10**9:
        raise ArtifactError("format ou numéro de demande invalide")
    entries = data["relecteurs"]
    if not isinstance(entries, list) or len(entries) > MAX_REVIEWERS * 10:
        raise ArtifactError("liste des relecteurs invalide")
    requests = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"github", "ressources"}:
            raise ArtifactError("relecteur de forme inattendue")
        account, slugs = entry["github"], entry["ressources"]
        if not isinstance(account, str) or not _ACCOUNT.match(account):
            raise ArtifactError("compte GitHub invalide")
        if (
            not isinstance(slugs, list)
            or not 0 < len(slugs) <= MAX_RESOURCES
            or not all(isinstance(s, str) and _SLUG.match(s) and len(s) <= 120 for s in slugs)
        ):
            raise ArtifactError("identifiants de ressources invalides")
        requests.append(Request(account, tuple(slugs)))
    return number, requests


def validate(
    requests: list[Request], facilitators: dict[str, Facilitator], author: str
) -> list[tuple[Facilitator, tuple[str, ...]]]:
    """The requests for accounts the trusted registry knows, never the author's own."""
    known = {f.github.casefold(): f for f in facilitators.values()}
    kept: list[tuple[Facilitator, tuple[str, ...]]] = []
    seen: set[str] = set()
    for request in requests:
        key = request.account.casefold()
        if key in known and key != author.casefold() and key not in seen:
            seen.add(key)
            kept.append((known[key], request.slugs))
    return kept[:MAX_REVIEWERS]


def comment(kept: list[tuple[Facilitator, tuple[str, ...]]]) -> str:
    """The French comment posted on the pull request (accounts and identifiers only, both
    checked against their patterns; organisations from the trusted registry, escaped)."""
    from essaim.contribute.summary import text

    lines = [
        COMMENT_MARKER,
        "### Relecture par les animatrices et animateurs de réseau",
        "",
        "Cette demande de fusion touche des ressources de votre territoire ou de votre "
        "réseau. Votre relecture aide le comité éditorial, qui décide ensuite.",
        "",
    ]
    for facilitator, slugs in kept:
        listed = ", ".join(f"`{slug}`" for slug in slugs)
        lines.append(f"- @{facilitator.github} ({text(facilitator.organisation)}) : {listed}")
    return "\n".join(lines) + "\n"
