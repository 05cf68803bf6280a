"""HTML about quality over time, for the pages essaim/pages writes.

Banners (archived resource, superseded legal watch, check to renew), the evidence block
(trials listed and mapped, checks with their review date, promotion), the line of a card
(« Essayée dans 3 départements »), the legal-watch facts, and the « Essayées ici » section
of territory pages. Every value that comes from a contributor is escaped. Each block is a
single line of HTML, like the other generated blocks of a page.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote, urlencode

from essaim import labels
from essaim.catalog import quality
from essaim.catalog.safety import encodable
from essaim.dates import french_date
from essaim.model import Catalog, CheckStatus, Resource, Trial
from essaim.pages import charts
from essaim.pages.html import TRIED_HERE_SLOT, badge, by_title, territory_links
from essaim.settings import (
    REPOSITORY_URL,
    REVIEW_NOTICE_DAYS,
    TESTED_EVERYWHERE_MIN_DEPARTEMENTS,
    TRIAL_FORM,
)
from essaim.text import escape_html as escape
from essaim.urls import relative_href, resource_src, territory_src

MAP_DATA = ("data", "carte", "departements.json")


# ---------------------------------------------------------------- resource page


def front_matter(resource: Resource) -> dict[str, bool]:
    """Extra front matter: an archived page stays out of the search index."""
    return {"essaim_archivee": True} if resource.archive else {}


def banners(resource: Resource, catalog: Catalog, src: str) -> str:
    """What a visitor must know before using the resource, above everything else."""
    parts = []
    if resource.archive:
        parts.append(
            _banner(
                "archive",
                "Ressource archivée",
                f"<p>Archivée le {escape(french_date(resource.archive.date))} : "
                f"{escape(resource.archive.reason)}</p>"
                "<p>Elle ne figure plus dans les listes ni dans la recherche du portail ; cette "
                "page reste en ligne pour les liens déjà diffusés.</p>",
            )
        )
    if resource.superseded_by:
        successor = catalog.resource(resource.superseded_by)
        name = escape(successor.title) if successor else escape(resource.superseded_by)
        since = (
            f", applicable depuis le {escape(french_date(successor.applicable_from))}"
            if successor and successor.applicable_from
            else ""
        )
        parts.append(
            _banner(
                "remplacee",
                "Note remplacée",
                f'<p>Une note plus récente la remplace : <a href="{relative_href(src, resource_src(resource.superseded_by))}">'
                f"{name}</a>{since}.</p><p>Celle-ci reste en ligne pour mémoire : vérifiez la "
                "nouvelle note avant d'appliquer quoi que ce soit.</p>",
            )
        )
    if quality.renewal_banner(resource):
        latest = max(resource.standing.checks, key=lambda s: s.deadline)
        parts.append(
            _banner(
                "renouveler",
                "Vérification à renouveler",
                f"<p>La relecture par {escape(_role(latest))} ({escape(latest.check.checker)}) "
                f"du {escape(french_date(latest.check.date))} devait être renouvelée avant le "
                f"{escape(_day(latest))}.</p><p>En attendant une nouvelle vérification, la fiche "
                f"affiche le niveau que ses autres preuves justifient : "
                f"{badge(resource.quality.level)}</p>",
            )
        )
    return "".join(parts)


def level_marks(resource: Resource) -> str:
    """Marks beside the level badge of the resource sheet."""
    marks = []
    if resource.standing.promotion:
        marks.append(_mark("promotion", "Prête pour promotion"))
    if quality.renewal_banner(resource):
        marks.append(_mark("renouveler", "Vérification à renouveler"))
    return "".join(f" {mark}" for mark in marks)


def legal_facts(resource: Resource, catalog: Catalog, src: str) -> list[tuple[str, str]]:
    """« Applicable depuis » and « Remplacée par », for a legal watch note."""
    facts = []
    if resource.applicable_from:
        facts.append(("Applicable depuis", escape(french_date(resource.applicable_from))))
    if resource.superseded_by:
        successor = catalog.resource(resource.superseded_by)
        name = successor.title if successor else resource.superseded_by
        facts.append(
            (
                "Remplacée par",
                f'<a href="{relative_href(src, resource_src(resource.superseded_by))}">{escape(name)}</a>',
            )
        )
    return facts


def evidence_block(resource: Resource, catalog: Catalog, src: str) -> str:
    """« Sur quoi repose ce niveau »: the trials (listed and mapped) and the checks."""
    q = resource.quality
    standing = resource.standing
    if not q.trials and not q.checks and not q.note and not q.clarity_review:
        return ""
    parts = ["<h2>Sur quoi repose ce niveau</h2>", f"<p>{_summary(resource, catalog)}</p>"]
    if standing.fallen_back:
        parts.append(
            f'<p class="essaim-discret">La fiche revendique le niveau '
            f"« {escape(labels.LEVELS[q.claimed].label)} » ; le portail affiche celui que "
            "justifient les preuves encore valables.</p>"
        )
    if standing.promotion:
        target = labels.LEVELS[standing.promotion].label
        parts.append(
            f'<p class="essaim-promotion">{_mark("promotion", "Prête pour promotion")} Ses '
            f"essais justifient le niveau « {escape(target)} » : le comité éditorial peut "
            "l'y promouvoir. D'ici sa décision, la fiche garde son niveau actuel.</p>"
        )
    if q.trials:
        parts.append(f"<h3>Essais ({len(q.trials)})</h3>")
        parts.append(_trials_block(resource, catalog, src))
    if q.checks:
        parts.append("<h3>Vérifications</h3>")
        items = "".join(f"<li>{_check_item(status)}</li>" for status in standing.checks)
        parts.append(f'<ul class="essaim-verifications">{items}</ul>')
    if q.clarity_review:
        parts.append("<h3>Claire et lisible</h3>")
        parts.append(f"<p>{clarity_review_text(q.clarity_review)}</p>")
    if q.note:
        parts.append(f"<p>{escape(q.note)}</p>")
    if not resource.archive:
        parts.append(
            '<p class="essaim-signaler">Vous avez utilisé cette ressource sur votre territoire ? '
            f'<a href="{escape(trial_form_url(resource))}">Signalez votre essai</a> : chaque '
            "essai compte pour son niveau de qualité.</p>"
        )
    slug = labels.LEVEL_SLUGS[q.level]
    return f'<div class="essaim-preuves essaim-preuves--{slug}">{"".join(parts)}</div>'


def clarity_review_text(review) -> str:
    """« Relue et jugée claire et lisible par X, en novembre 2026. Remarque. », escaped."""
    text = (
        f"Relue et jugée claire et lisible pour le comité éditorial par "
        f"{escape(review.reader)}, {_on(review.date)} {escape(french_date(review.date))}."
    )
    return text + (f" {escape(review.remark)}" if review.remark else "")


def _on(date: str) -> str:
    return "le" if len(date) == 10 else "en"


def trial_form_url(resource: Resource) -> str:
    """The « Signaler un essai » issue form, with the resource already filled in."""
    query = urlencode(
        {
            "template": TRIAL_FORM,
            "ressource": resource.slug,
            "title": f"[Essai] {encodable(resource.title)}",
        },
        quote_via=quote,
    )
    return f"{REPOSITORY_URL}/issues/new?{query}"


# ---------------------------------------------------------------- cards


def card_line(resource: Resource) -> str:
    """Where a resource was tried (and whether it was superseded), on its card."""
    text = card_spread(resource)
    return f'<p class="essaim-carte__essais">{escape(text)}</p>' if text else ""


def card_spread(resource: Resource) -> str:
    """The text of card_line (also on the search's cards, see essaim/publish/search_index.py)."""
    items = []
    count = len(resource.standing.departements)
    trials = len(resource.quality.trials)
    if count:
        items.append(f"Essayée dans {count} département{'s' if count > 1 else ''}")
    elif trials:
        items.append(f"Essayée sur {trials} territoire{'s' if trials > 1 else ''}")
    if resource.superseded_by:
        items.append("Remplacée par une note plus récente")
    return " · ".join(items)


# ---------------------------------------------------------------- territory pages


def add_trials_here(pages: dict[str, str], catalog: Catalog) -> None:
    """Append « Essayées ici » to each département and région page where trials happened."""
    terr = catalog.territories
    by_dep: dict[str, list[tuple[Resource, Trial]]] = defaultdict(list)
    by_region: dict[str, list[tuple[Resource, Trial]]] = defaultdict(list)
    for resource in catalog.resources:
        for trial in resource.quality.trials:
            for dep in terr.departements_of(trial.territory):
                by_dep[dep].append((resource, trial))
            for region in terr.regions_of(trial.territory):
                by_region[region].append((resource, trial))
    for scale, groups, where in (
        ("departement", by_dep, "ce département"),
        ("region", by_region, "cette région"),
    ):
        for code, found in groups.items():
            src = territory_src(scale, code)
            if src in pages:
                section = _trials_here(found, catalog, src, where)
                if TRIED_HERE_SLOT in pages[src]:
                    pages[src] = pages[src].replace(TRIED_HERE_SLOT, section, 1)
                else:
                    pages[src] = pages[src].rstrip("\n") + "\n\n" + section + "\n"


# ---------------------------------------------------------------- building blocks


def _banner(kind: str, title: str, body: str) -> str:
    return (
        f'<div class="admonition warning essaim-bandeau essaim-bandeau--{kind}">'
        f'<p class="admonition-title">{escape(title)}</p>{body}</div>'
    )


def _mark(kind: str, text: str) -> str:
    return f'<span class="essaim-marque essaim-marque--{kind}">{escape(text)}</span>'


def _summary(resource: Resource, catalog: Catalog) -> str:
    terr = catalog.territories
    standing = resource.standing
    q = resource.quality
    sentences = []
    if q.trials:
        times = "une fois" if len(q.trials) == 1 else f"{len(q.trials)} fois"
        if standing.departements:
            names = ", ".join(
                terr.departements[d][0]
                for d in sorted(standing.departements, key=lambda d: terr.departements[d][0])
            )
            count = len(standing.departements)
            where = f"dans {count} département{'s' if count > 1 else ''} ({names})"
        else:
            names = ", ".join(terr.regions.get(r, r) for r in standing.regions)
            where = f"en région ({names})" if names else "sur un territoire précis"
        sentences.append(f"Essayée {times}, {escape(where)}.")
        needed = TESTED_EVERYWHERE_MIN_DEPARTEMENTS
        if len(standing.departements) >= needed > len(standing.counted):
            counted = len(standing.counted)
            sentences.append(
                f"Pour « testée partout », {counted} département{'s' if counted > 1 else ''} "
                f"seulement compte{'nt' if counted > 1 else ''} : il en faut {needed}, "
                "essayés chacun par une structure différente."
            )
    valid = [s for s in standing.checks if not s.expired]
    if q.checks:
        if valid:
            sentences.append(
                f"Relue par un professionnel : {len(valid)} vérification"
                f"{'s' if len(valid) > 1 else ''} en cours de validité."
            )
        else:
            sentences.append("Relue par un professionnel, mais la vérification est à renouveler.")
    if not sentences:
        sentences.append("Aucun essai ni vérification enregistrés pour l'instant.")
    return " ".join(sentences)


def _trials_block(resource: Resource, catalog: Catalog, src: str) -> str:
    trials = sorted(
        resource.quality.trials,
        key=lambda t: (quality.last_day(t.date), t.structure),
        reverse=True,
    )
    items = "".join(f"<li>{_trial_item(t, catalog, src)}</li>" for t in trials)
    listing = f'<ul class="essaim-essais__liste">{items}</ul>'
    if not resource.standing.departements:
        return f'<div class="essaim-essais">{listing}</div>'
    return f'<div class="essaim-essais">{listing}{_trial_map(resource, catalog, src)}</div>'


def _trial_item(trial: Trial, catalog: Catalog, src: str) -> str:
    text = (
        f"<strong>{territory_links(trial.territory, catalog, src)}</strong>, "
        f"{escape(french_date(trial.date))} — {escape(trial.structure)}."
    )
    if trial.adaptation:
        text += f" Adaptation : {escape(trial.adaptation)}"
        text += "" if trial.adaptation.rstrip().endswith((".", "!", "?")) else "."
    if trial.outcome:
        text += f" Résultat : {escape(trial.outcome)}"
        text += "" if trial.outcome.rstrip().endswith((".", "!", "?")) else "."
    if trial.report:
        text += ' <span class="essaim-discret">(retour d\'essai)</span>'
    return text


def _trial_map(resource: Resource, catalog: Catalog, src: str) -> str:
    terr = catalog.territories
    counts: dict[str, int] = defaultdict(int)
    for trial in resource.quality.trials:
        for dep in terr.departements_of(trial.territory):
            counts[dep] += 1
    path = catalog.root.joinpath(*MAP_DATA)
    shapes = charts.load_map(path)
    svg = charts.trial_map(
        # A small map: 3 units of tolerance (about a pixel at its size) keeps 10 KB of outlines.
        charts.simplified_shapes(path, tolerance=3.0),
        dict(counts),
        {code: name for code, (name, _) in terr.departements.items()},
        lambda code: relative_href(src, territory_src("departement", code)),
        "Carte des départements où la ressource a été essayée",
    )
    return (
        f'<figure class="essaim-essais__carte">{svg}<figcaption>En couleur, les départements '
        f"où elle a été essayée. Fond de carte : {escape(shapes['source'])}, licence "
        f"{escape(shapes['licence'])}.</figcaption></figure>"
    )


def _check_item(status: CheckStatus) -> str:
    check = status.check
    text = (
        f"<strong>{escape(labels.ROLES[check.role])}</strong> ({escape(check.checker)}), "
        f"{escape(french_date(check.date))} : {escape(check.scope)}."
    )
    day = escape(_day(status))
    if status.expired:
        state, label = "expiree", f"À renouveler depuis le {day}"
    elif status.days_left <= REVIEW_NOTICE_DAYS:
        state, label = "bientot", f"À renouveler avant le {day}"
    else:
        state, label = "valable", f"Valable jusqu'au {day}"
    return f'{text} <span class="essaim-etat essaim-etat--{state}">{label}</span>'


def _trials_here(found, catalog: Catalog, src: str, where: str) -> str:
    by_resource: dict[str, list[Trial]] = defaultdict(list)
    resources: dict[str, Resource] = {}
    for resource, trial in found:
        by_resource[resource.slug].append(trial)
        resources[resource.slug] = resource
    items = []
    for resource in by_title(resources.values()):
        trials = sorted(
            by_resource[resource.slug], key=lambda t: quality.last_day(t.date), reverse=True
        )
        details = " ; ".join(
            f"{escape(t.structure)}, {escape(french_date(t.date))}"
            f"{' — ' + escape(catalog.territories.label(t.territory)) if t.territory.scale != 'departement' else ''}"
            for t in trials
        )
        items.append(
            f'<li><a href="{relative_href(src, resource_src(resource.slug))}">{escape(resource.title)}</a> '
            f"{badge(resource.quality.level)}<br><small>{details}</small></li>"
        )
    count = len(items)
    return (
        f'<div class="essaim-essayees-ici"><h2 id="essayees-ici">Essayées ici</h2>'
        f"<p>{count} ressource{'s' if count > 1 else ''} essayée{'s' if count > 1 else ''} "
        f"par des structures de {where}, d'où qu'elle{'s' if count > 1 else ''} vienne"
        f"{'nt' if count > 1 else ''} :</p>"
        f'<ul class="essaim-liste essaim-essayees">{"".join(items)}</ul></div>'
    )


def _role(status: CheckStatus) -> str:
    return quality.ROLE_NAMES.get(status.check.role, "un professionnel")


def _day(status: CheckStatus) -> str:
    return french_date(status.deadline.isoformat())
