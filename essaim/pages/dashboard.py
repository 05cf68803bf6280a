"""The committee dashboard: what needs a decision, computed at each build.

`comite/tableau-de-bord/` lists, on the build date:

- resources ready for promotion (their trials support a higher level than they claim);
- professional checks to renew within REVIEW_NOTICE_DAYS, and those already expired;
- superseded legal watch notes that other resources still link to;
- resources whose last trial is older than STALE_TRIAL_YEARS (and, folded, those never
  tried and published before that);
- archived resources, which no listing shows any more.

The site is rebuilt at every merge and every Monday (.github/workflows/publier.yml), so the
page stays current without anyone running anything. Every change of level stays a human
decision, made by a reviewed pull request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from essaim import labels
from essaim.catalog import quality, readability, safety
from essaim.dates import french_date
from essaim.model import Catalog, CheckStatus, Expectation, Resource
from essaim.pages.html import badge, front_matter, scrollable
from essaim.settings import (
    CLARITY_MAX_SENTENCE_WORDS,
    CLARITY_MAX_SUMMARY_WORDS,
    CLARITY_MIN_SCORE,
    REVIEW_NOTICE_DAYS,
    STALE_TRIAL_YEARS,
    TESTED_EVERYWHERE_MIN_DEPARTEMENTS,
)
from essaim.text import escape_html as escape
from essaim.urls import relative_href, resource_src

DASHBOARD_SRC = "comite/tableau-de-bord.md"


@dataclass
class Superseded:
    """A superseded legal watch note, and the resources that still link to it."""

    note: Resource
    successor: str
    linked_from: list[Resource]


@dataclass
class Dashboard:
    today: datetime.date
    ready: list[Resource] = field(default_factory=list)
    renewals: list[tuple[Resource, CheckStatus]] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    stale: list[Resource] = field(default_factory=list)
    never_tried: list[Resource] = field(default_factory=list)
    archived: list[Resource] = field(default_factory=list)
    # « Claire et lisible »: resources whose report passes a threshold, and those the
    # committee has read and recorded.
    unclear: list[Resource] = field(default_factory=list)
    reviewed_clear: list[Resource] = field(default_factory=list)


def build_dashboard(catalog: Catalog) -> Dashboard:
    """What the committee has to look at, on the build date."""
    today = catalog.today
    known = catalog.known_terms
    live = quality.listed(catalog).resources
    board = Dashboard(today)
    board.ready = sorted(
        (r for r in live if r.standing.promotion),
        key=lambda r: (-len(r.standing.departements), r.slug),
    )
    board.renewals = sorted(
        ((r, s) for r in live for s in quality.to_renew(r)),
        key=lambda pair: (pair[1].deadline, pair[0].slug),
    )
    board.superseded = superseded_still_linked(catalog)
    board.stale = sorted(
        (r for r in live if quality.is_stale(r, today)),
        key=lambda r: (quality.last_day(r.standing.last_trial), r.slug),
    )
    board.never_tried = sorted(
        (r for r in live if quality.never_tried(r, today)), key=lambda r: r.slug
    )
    board.unclear = sorted(
        (r for r in live if readability.needs_attention(readability.of(r, known))),
        key=lambda r: (readability.of(r, known).score, r.slug),
    )
    board.reviewed_clear = [r for r in live if r.quality.clarity_review]
    board.archived = sorted(
        (r for r in catalog.resources if r.archive),
        key=lambda r: (r.archive.date, r.slug),
        reverse=True,
    )
    return board


def superseded_still_linked(catalog: Catalog) -> list[Superseded]:
    """Superseded notes that other resources link to ([texte](note.md) in their text).

    A link from the note's own successor is expected (« remplace la note … ») and not
    counted.
    """
    notes = {r.slug: r for r in catalog.resources if r.superseded_by}
    linked: dict[str, dict[str, Resource]] = {}
    for resource in catalog.resources:
        for _, target in safety.internal_link_targets(resource.body):
            note = notes.get(target)
            if note and resource.slug not in (note.slug, note.superseded_by):
                linked.setdefault(target, {})[resource.slug] = resource
    return [
        Superseded(
            notes[slug], notes[slug].superseded_by, sorted(by.values(), key=lambda r: r.slug)
        )
        for slug, by in sorted(linked.items())
    ]


def render_dashboard(catalog: Catalog) -> dict[str, str]:
    """{source path: page} of the dashboard."""
    board = build_dashboard(catalog)
    src = DASHBOARD_SRC
    today = french_date(board.today.isoformat())
    sections = [
        (
            "promotion",
            "Prêtes pour promotion",
            board.ready,
            f"Leurs essais justifient un niveau plus haut que celui qu'elles affichent (« testée "
            f"partout » dès {TESTED_EVERYWHERE_MIN_DEPARTEMENTS} départements). Relisez les "
            "essais, puis changez le niveau dans le fichier par une demande de fusion.",
            [_ready_item(r, catalog, src) for r in board.ready],
        ),
        (
            "verifications",
            "Vérifications à renouveler",
            board.renewals,
            f"Échues, ou à renouveler dans les {REVIEW_NOTICE_DAYS} jours. Une fois la date "
            "passée, la fiche affiche « Vérification à renouveler » et le niveau que ses autres "
            "preuves justifient. Ajoutez la nouvelle relecture (rôle, structure, date, portée).",
            [_renewal_item(r, s, src) for r, s in board.renewals],
        ),
        (
            "veille-remplacee",
            "Veille juridique remplacée encore citée",
            board.superseded,
            "Ces notes ont été remplacées, mais d'autres fiches y renvoient encore : faites "
            "pointer leurs liens vers la note la plus récente.",
            [_superseded_item(s, catalog, src) for s in board.superseded],
        ),
        (
            "sans-essai",
            f"Sans essai depuis {STALE_TRIAL_YEARS} ans",
            board.stale,
            f"Leur dernier essai date de plus de {STALE_TRIAL_YEARS} ans : un appel aux réseaux peut relancer "
            "les retours d'essai, ou la note de la fiche peut le signaler.",
            [_stale_item(r, src) for r in board.stale],
        ),
        (
            "lisibilite",
            "Lisibilité à revoir",
            board.unclear,
            "Le rapport de lisibilité d'essaim check dépasse un seuil (indice de Kandel et "
            f"Moles sous {CLARITY_MIN_SCORE}, plus de {CLARITY_MAX_SENTENCE_WORDS} mots par "
            f"phrase, résumé de plus de {CLARITY_MAX_SUMMARY_WORDS} mots, sigle non développé, "
            "titre qui saute un niveau). Relisez : une fois la ressource jugée claire et "
            "lisible, inscrivez-le dans qualite.lisibilite (qui, quand). "
            f"{len(board.reviewed_clear)} ressource(s) déjà relue(s) claire(s) et lisible(s) ; "
            f"indice médian : {_median_score(catalog)}.",
            [_clarity_item(r, src, catalog.known_terms) for r in board.unclear],
        ),
        (
            "archivees",
            "Ressources archivées",
            board.archived,
            "Elles ne figurent plus dans les listes ni dans la recherche ; leur page reste en "
            "ligne avec un bandeau.",
            [_archived_item(r, src) for r in board.archived],
        ),
    ]
    summary = "".join(
        f'<li><a href="#{anchor}">{escape(title)}</a> '
        f'<span class="essaim-tableau__nombre">{len(items)}</span></li>'
        for anchor, title, items, _, _ in sections
    )
    blocks = [
        front_matter(
            "Tableau de bord du comité",
            "Ce qui attend une décision du comité éditorial : promotions, vérifications à "
            "renouveler, veille remplacée, essais anciens, lisibilité, archives.",
        ),
        "<h1>Tableau de bord du comité éditorial</h1>",
        f"<p>État au {escape(today)}, calculé à chaque publication du site et chaque lundi. "
        "Ce tableau signale ; chaque changement de niveau reste une décision du comité, prise "
        "par une demande de fusion relue. La démarche est décrite dans "
        f'<a href="{relative_href(src, "comite.md")}">la charte du comité</a>.</p>',
        f'<ul class="essaim-tableau">{summary}'
        '<li><a href="#contributions">Engagements de contribution</a> '
        f'<span class="essaim-tableau__nombre">{len(deliveries(catalog)[0])}</span></li></ul>',
    ]
    for anchor, title, items, intro, rows in sections:
        blocks.append(f'<h2 id="{anchor}">{escape(title)} ({len(items)})</h2>')
        blocks.append(f"<p>{escape(intro)}</p>")
        blocks.append(_list(rows))
        if anchor == "sans-essai" and board.never_tried:
            never = "".join(_never_item(r, src) for r in board.never_tried)
            blocks.append(
                f'<details class="essaim-jamais"><summary>Jamais essayées, publiées il y a plus '
                f"de {STALE_TRIAL_YEARS} ans ({len(board.never_tried)})</summary>"
                f'<ul class="essaim-liste essaim-suivi">{never}</ul></details>'
            )
    blocks.append(contributions_block(catalog, src))
    return {src: "\n\n".join(blocks) + "\n"}


@dataclass
class Delivery:
    """One mandatory contribution a network committed to, and what arrived."""

    producer: str
    expectation: Expectation
    arrived: list[Resource]


def deliveries(catalog: Catalog) -> tuple[list[Delivery], list[Resource]]:
    """Each producer's expectations with the resources that meet them (same producer,
    contribution: obligatoire, same type, published in the year), and the mandatory
    contributions that meet none."""
    live = quality.listed(catalog).resources
    mandatory = [r for r in live if r.contribution == "obligatoire"]
    found: list[Delivery] = []
    matched: set[str] = set()
    for slug, producer in sorted(catalog.producers.items()):
        for expectation in producer.expected:
            arrived = [
                r
                for r in mandatory
                if r.producer == slug
                and r.type == expectation.type
                and r.published[:4] == expectation.year
            ]
            matched.update(r.slug for r in arrived)
            found.append(Delivery(slug, expectation, arrived))
    return found, [r for r in mandatory if r.slug not in matched]


def contributions_block(catalog: Catalog, src: str) -> str:
    """« Contributions par réseau »: what each network committed to share, what arrived,
    and the voluntary contributions."""
    found, unmatched = deliveries(catalog)
    live = quality.listed(catalog).resources
    head = '<h2 id="contributions">Contributions par réseau</h2>'
    intro = (
        "<p>Les contributions <strong>obligatoires</strong> sont celles qu'un réseau s'est "
        "engagé à partager : chaque engagement s'inscrit dans le fichier du producteur "
        "(<code>contributions_obligatoires</code> : type, nombre, année, objet). Une ressource "
        "arrive pour un engagement quand elle porte <code>contribution: obligatoire</code>, le "
        "même producteur et le même type, et qu'elle est publiée dans l'année.</p>"
    )
    parts = [head, intro]
    if found:
        rows = "".join(
            f"<tr><td>{escape(catalog.producers[d.producer].name)}</td>"
            f"<td>{escape(d.expectation.subject)}</td>"
            f"<td>{escape(labels.TYPES[d.expectation.type].label)}</td>"
            f"<td>{escape(d.expectation.year)}</td>"
            f'<td class="essaim-nombre">{d.expectation.count}</td>'
            f'<td class="essaim-nombre">{len(d.arrived)}</td>'
            f"<td>{_links(d.arrived, src)}</td></tr>"
            for d in found
        )
        parts.append(
            scrollable(
                "Contributions obligatoires attendues et arrivées",
                '<table class="essaim-table"><caption>Contributions obligatoires : attendues '
                'et arrivées</caption><thead><tr><th scope="col">Réseau</th>'
                '<th scope="col">Engagement</th><th scope="col">Type</th>'
                '<th scope="col">Année</th><th scope="col" class="essaim-nombre">Attendues</th>'
                '<th scope="col" class="essaim-nombre">Arrivées</th>'
                f'<th scope="col">Ressources</th></tr></thead><tbody>{rows}</tbody></table>',
            )
        )
    else:
        parts.append(
            '<p class="essaim-vide">Aucun réseau n\'a encore inscrit de contribution '
            "obligatoire.</p>"
        )
    if unmatched:
        parts.append(
            "<p>Contributions marquées obligatoires sans engagement correspondant "
            f"({len(unmatched)}) : {_links(unmatched, src)}.</p>"
        )
    voluntary: dict[str, int] = {}
    for resource in live:
        if resource.contribution == "volontaire":
            voluntary[resource.producer] = voluntary.get(resource.producer, 0) + 1
    rows = "".join(
        f"<tr><td>{escape(catalog.producers[slug].name)}</td>"
        f'<td class="essaim-nombre">{count}</td></tr>'
        for slug, count in sorted(
            voluntary.items(), key=lambda item: (-item[1], catalog.producers[item[0]].name)
        )
    )
    parts.append(
        "<details><summary>Contributions volontaires par réseau "
        f"({sum(voluntary.values())})</summary>"
        + scrollable(
            "Contributions volontaires par réseau",
            '<table class="essaim-table"><caption>Contributions volontaires par réseau'
            '</caption><thead><tr><th scope="col">Réseau</th>'
            '<th scope="col" class="essaim-nombre">Ressources</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>",
        )
        + "</details>"
    )
    return "\n\n".join(parts)


def _links(resources: list[Resource], src: str) -> str:
    return (
        ", ".join(
            f'<a href="{relative_href(src, resource_src(r.slug))}">{escape(r.title)}</a>'
            for r in resources
        )
        or "—"
    )


# ---------------------------------------------------------------- items


def _list(rows: list[str]) -> str:
    if not rows:
        return '<p class="essaim-vide">Rien à signaler.</p>'
    return f'<ul class="essaim-liste essaim-suivi">{"".join(rows)}</ul>'


def _item(resource: Resource, src: str, detail: str) -> str:
    return (
        f'<li><a href="{relative_href(src, resource_src(resource.slug))}">{escape(resource.title)}</a> '
        f"{badge(resource.quality.level)}<br><small>{detail} "
        f'<span class="essaim-discret">Fichier : <code>{escape(resource.path)}</code></span>'
        "</small></li>"
    )


def _ready_item(resource: Resource, catalog: Catalog, src: str) -> str:
    terr = catalog.territories
    deps = resource.standing.departements
    names = ", ".join(terr.departements[d][0] for d in deps)
    trials = len(resource.quality.trials)
    where = f"{trials} essai{'s' if trials > 1 else ''}"
    if deps:
        where += f" dans {len(deps)} département{'s' if len(deps) > 1 else ''} ({names})"
    target = labels.LEVELS[resource.standing.promotion].label
    return _item(
        resource,
        src,
        f"{escape(where)} : peut passer « {escape(target)} ».",
    )


def _renewal_item(resource: Resource, status: CheckStatus, src: str) -> str:
    check = status.check
    day = escape(french_date(status.deadline.isoformat()))
    if status.expired:
        state = f'<span class="essaim-etat essaim-etat--expiree">Échue depuis le {day}</span>'
    else:
        state = (
            f'<span class="essaim-etat essaim-etat--bientot">À renouveler avant le {day} '
            f"(dans {status.days_left} jour{'s' if status.days_left > 1 else ''})</span>"
        )
    return _item(
        resource,
        src,
        f"{state} {escape(labels.ROLES[check.role])} ({escape(check.checker)}), relue le "
        f"{escape(french_date(check.date))} : {escape(check.scope)}.",
    )


def _superseded_item(entry: Superseded, catalog: Catalog, src: str) -> str:
    successor = catalog.resource(entry.successor)
    name = successor.title if successor else entry.successor
    links = ", ".join(
        f'<a href="{relative_href(src, resource_src(r.slug))}">{escape(r.title)}</a>'
        for r in entry.linked_from
    )
    return _item(
        entry.note,
        src,
        f'Remplacée par <a href="{relative_href(src, resource_src(entry.successor))}">{escape(name)}</a>. '
        f"Encore citée par : {links}.",
    )


def _stale_item(resource: Resource, src: str) -> str:
    return _item(
        resource,
        src,
        f"Dernier essai : {escape(french_date(resource.standing.last_trial))}.",
    )


def _never_item(resource: Resource, src: str) -> str:
    return (
        f'<li><a href="{relative_href(src, resource_src(resource.slug))}">{escape(resource.title)}</a> '
        f'<span class="essaim-discret">publiée en {escape(resource.published[:4])}</span></li>'
    )


def _clarity_item(resource: Resource, src: str, known: frozenset[str]) -> str:
    detail = escape(readability.describe(readability.of(resource, known)))
    review = resource.quality.clarity_review
    if review:
        detail += (
            f" — relue claire et lisible par {escape(review.reader)} "
            f"({escape(french_date(review.date))})"
        )
    return _item(resource, src, detail)


def _median_score(catalog: Catalog) -> str:
    known = catalog.known_terms
    scores = sorted(readability.of(r, known).score for r in quality.listed(catalog).resources)
    if not scores:
        return "—"
    middle = len(scores) // 2
    value = scores[middle] if len(scores) % 2 else (scores[middle - 1] + scores[middle]) / 2
    return f"{value:.1f}".replace(".", ",")


def _archived_item(resource: Resource, src: str) -> str:
    archive = resource.archive
    return _item(
        resource,
        src,
        f"Archivée le {escape(french_date(archive.date))} : {escape(archive.reason)}",
    )
