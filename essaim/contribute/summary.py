"""The French summary of a pull request check, in GitHub-flavoured Markdown.

Written to $GITHUB_STEP_SUMMARY by `essaim check --bilan`: every problem with its file,
line and field, then a preview of the card of each new or changed resource, so that a
reviewer sees what the site will show without building it. Everything quoted from a
contributor's file is escaped: a title cannot add a link, an image or a mention.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from essaim import labels
from essaim.catalog import readability
from essaim.contribute.changes import ADDED
from essaim.dates import french_date
from essaim.model import Catalog, Resource
from essaim.problems import Problem, Severity

# A summary is capped by GitHub (1 MiB per step); beyond these counts, the annotations
# and the full `essaim check` output carry the rest.
MAX_PROBLEM_ROWS = 200
MAX_PREVIEWS = 30

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_LEVEL_ICONS = {
    "testée partout": "🟢",
    "vérifiée par un professionnel": "🔵",
    "inspiration locale": "🟡",
    "non évaluée": "⚪",
}


def render_summary(
    catalog: Catalog,
    problems: list[Problem],
    changed: Iterable[tuple[str, str]],
    scope: str,
) -> str:
    """Markdown for the job summary.

    changed: (status, path) of each new or modified resource file; scope: one French
    sentence saying what was checked.
    """
    changed = list(changed)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = len(problems) - len(errors)
    parts = ["## Essaim : vérification des ressources", "", text(scope), ""]
    if errors:
        parts.append(
            f"### ❌ {len(errors)} erreur(s) à corriger"
            + (f", {warnings} avertissement(s)" if warnings else "")
        )
    elif warnings:
        parts.append(f"### ⚠️ Aucune erreur, {warnings} avertissement(s)")
    else:
        parts.append("### ✅ Aucun problème")
    parts.append("")
    if problems:
        parts += _problem_table(problems)
    parts += _previews(catalog, problems, changed)
    return "\n".join(parts).rstrip() + "\n"


def text(value: str) -> str:
    """Contributor text made inert for GitHub Markdown: no HTML, link, emphasis or mention."""
    value = " ".join(value.split())
    value = html.escape(value, quote=False)
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # A word joiner after « @ » keeps « @équipe » from notifying anyone.
    return value.replace("@", "@\u2060")


def _problem_table(problems: list[Problem]) -> list[str]:
    rows = ["| | Fichier | Ligne | Champ | Problème |", "|---|---|---|---|---|"]
    for problem in sorted(problems)[:MAX_PROBLEM_ROWS]:
        icon = "❌" if problem.severity is Severity.ERROR else "⚠️"
        rows.append(
            f"| {icon} | {text(problem.path)} | {problem.line} | {text(problem.field) or '—'} "
            f"| {text(problem.message)} |"
        )
    if len(problems) > MAX_PROBLEM_ROWS:
        rows.append("")
        rows.append(
            f"… et {len(problems) - MAX_PROBLEM_ROWS} autre(s) : voir les annotations ou "
            "lancer `essaim check`."
        )
    return [*rows, ""]


def _previews(
    catalog: Catalog, problems: list[Problem], changed: list[tuple[str, str]]
) -> list[str]:
    if not changed:
        return []
    by_path = {r.path: r for r in catalog.resources}
    broken = {p.path for p in problems if p.severity is Severity.ERROR}
    parts = ["### Aperçu des fiches nouvelles ou modifiées", ""]
    for status, path in changed[:MAX_PREVIEWS]:
        resource = by_path.get(path)
        tag = "nouvelle" if status == ADDED else "modifiée"
        if resource is None or path in broken:
            parts += [
                f"#### {text(path)} ({tag})",
                "",
                "Aperçu indisponible tant que les erreurs ci-dessus ne sont pas corrigées.",
                "",
            ]
            continue
        parts += _card(resource, catalog, tag)
    if len(changed) > MAX_PREVIEWS:
        parts.append(f"… et {len(changed) - MAX_PREVIEWS} autre(s) fiche(s).")
    return parts


def _card(resource: Resource, catalog: Catalog, tag: str) -> list[str]:
    quality = resource.quality
    level = labels.LEVELS[quality.level].label
    evidence = []
    if quality.trials:
        departements = sorted(
            {d for t in quality.trials for d in catalog.territories.departements_of(t.territory)}
        )
        evidence.append(
            f"{len(quality.trials)} essai(s)"
            + (f" dans {len(departements)} département(s)" if departements else "")
        )
    if quality.checks:
        evidence.append(f"{len(quality.checks)} vérification(s)")
    producer = catalog.producers.get(resource.producer)
    facts = [
        f"**Producteur** : {text(producer.name if producer else resource.producer)}",
        "**Thèmes** : " + text(", ".join(_labels(resource.themes, catalog.themes))),
        "**Publics** : " + text(", ".join(_labels(resource.publics, catalog.publics))),
        f"**Contribution** : {text(resource.contribution)}",
        f"**Licence** : {text(labels.LICENCES[resource.licence])}",
        f"**Publication** : {text(french_date(resource.published))}",
    ]
    lines = [
        f"#### {text(resource.title)} ({tag})",
        "",
        f"> {text(labels.TYPES[resource.type].label)} · "
        f"{text(catalog.territories.label(resource.territory))}",
        ">",
        f"> {text(resource.summary)}",
        ">",
        f"> {_LEVEL_ICONS[quality.level]} **{text(level)}**"
        + (f" — {text(', '.join(evidence))}" if evidence else ""),
    ]
    if quality.note:
        lines.append(f"> *{text(quality.note)}*")
    review = quality.clarity_review
    lines.append(
        f"> 📖 **Clarté** : {text(readability.describe(readability.of(resource, catalog.known_terms)))}"
        + (
            f" — relue claire et lisible par {text(review.reader)} ({text(review.date)})"
            if review
            else " — pas encore relue « claire et lisible » par le comité"
        )
    )
    lines += [">", "> " + " · ".join(facts), "", f"Fichier : {text(resource.path)}", ""]
    return lines


def _labels(ids: Iterable[str], vocabulary: dict) -> list[str]:
    return [vocabulary[i].label if i in vocabulary else i for i in ids]
