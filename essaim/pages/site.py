"""Every generated page of the portal (render_site), and the markers of hand-written pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from essaim.catalog import quality
from essaim.catalog.quality import listed
from essaim.model import Catalog, Resource, SiteInfo
from essaim.pages import dashboard, directory, evidence, how_to
from essaim.pages.cards import end_card_round, forget_cards, render_cards
from essaim.pages.catalogue import SEARCH_SRC, render_search_page
from essaim.pages.html import count_label, group_by
from essaim.pages.listings import (
    most_recent,
    render_all_resources_page,
    render_family_pages,
    render_level_pages,
    render_producer_pages,
    render_theme_pages,
    render_type_pages,
)
from essaim.pages.related import related_inputs, related_resources
from essaim.pages.resource import render_resource_page
from essaim.pages.statistics import STATS_SRC, figures_block, render_statistics_page
from essaim.pages.territories import departement_counts, render_territory_pages
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import RESOURCES_DIR, relative_href, resource_src, territory_src

# ---------------------------------------------------------------- public entry points


@dataclass
class RenderMemo:
    """What `make serve` keeps from one render_site call to the next: the resource pages,
    keyed by everything each is made from, and the « Ressources liées » suggestions, kept
    while no resource changed what they are chosen by."""

    pages: dict[str, str] = field(default_factory=dict)
    # id(resource.raw) → (raw, body, digest): a file left unchanged is loaded again as the
    # same objects (essaim/catalog/load.py keeps them), so its text is not read again.
    texts: dict[int, tuple[dict, str, bytes]] = field(default_factory=dict)
    related_inputs: tuple = ()
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)


def render_site(
    catalog: Catalog, memo: RenderMemo | None = None, site: SiteInfo | None = None
) -> dict[str, str]:
    """Every generated page of the portal, keyed by its source path.

    memo, when given, keeps work between calls (RenderMemo): `make serve` passes one, so
    an edit re-renders one page, not all. The pages are the same with or without it.
    """
    site = site or SiteInfo()
    forget_cards(keep_shown=memo is not None)  # cards by identity: within one call only
    pages: dict[str, str] = {}
    related = _related(catalog, memo)
    kept: dict[str, str] = {}
    texts = memo.texts if memo is not None else {}
    kept_texts: dict[int, tuple[dict, str, bytes]] = {}
    shown: dict[tuple[str, str], str] = {}  # what many pages' keys share, printed once
    for resource in catalog.resources:
        nearby = related.get(resource.slug, [])
        if memo is None:
            text = render_resource_page(resource, catalog, site, nearby)
        else:
            digest = _text_digest(resource, texts)
            key = _resource_page_key(resource, catalog, site, nearby, digest, shown)
            kept_texts[id(resource.raw)] = texts[id(resource.raw)]
            text = memo.pages.get(key)
            if text is None:
                text = render_resource_page(resource, catalog, site, nearby)
            kept[key] = text
        pages[resource_src(resource.slug)] = text
    if memo is not None:
        memo.pages, memo.texts = kept, kept_texts  # edited or removed resources are let go
    pages.update(dashboard.render_dashboard(catalog))
    # An archived resource keeps its page (above) but leaves every listing below.
    catalog = quality.listed(catalog)
    pages[f"{RESOURCES_DIR}/index.md"] = render_all_resources_page(catalog)
    pages[SEARCH_SRC] = render_search_page(catalog)
    pages[STATS_SRC] = render_statistics_page(catalog)
    pages.update(render_type_pages(catalog))
    pages.update(render_level_pages(catalog))
    pages.update(render_theme_pages(catalog))
    pages.update(render_family_pages(catalog))
    pages.update(render_producer_pages(catalog))
    pages.update(render_territory_pages(catalog))
    pages.update(directory.render_directory_pages(catalog))
    evidence.add_trials_here(pages, catalog)
    forget_cards(keep_shown=memo is not None)
    if memo is not None:
        end_card_round()
    return dict(sorted(pages.items()))


def _related(catalog: Catalog, memo: RenderMemo | None) -> dict[str, list[Resource]]:
    """related_resources of the listed catalogue; with a memo, computed again only when
    what it chooses by (themes, places, type, dates, links, reference data) changed. The
    memo keeps slugs: the suggestions are this catalogue's resources, with today's titles."""
    listed = quality.listed(catalog)
    if memo is None:
        return related_resources(listed)
    inputs = related_inputs(listed)
    if inputs != memo.related_inputs:
        found = related_resources(listed)
        memo.related = {slug: tuple(r.slug for r in chosen) for slug, chosen in found.items()}
        memo.related_inputs = inputs
    by_slug = {r.slug: r for r in listed.resources}
    return {slug: [by_slug[s] for s in chosen] for slug, chosen in memo.related.items()}


def _text_digest(resource: Resource, texts: dict[int, tuple[dict, str, bytes]]) -> bytes:
    """A digest of the resource's file data and text, kept while they are the same objects."""
    known = texts.get(id(resource.raw))
    if known is not None and known[0] is resource.raw and known[1] is resource.body:
        return known[2]
    digest = hashlib.sha256(repr((resource.raw, resource.body)).encode()).digest()
    texts[id(resource.raw)] = (resource.raw, resource.body, digest)
    return digest


def _resource_page_key(
    resource: Resource,
    catalog: Catalog,
    site: SiteInfo,
    nearby: list[Resource],
    text: bytes,
    shown: dict[tuple[str, str], str],
) -> str:
    """Everything render_resource_page reads: the resource (its file's data and text, where
    it lies, and its quality with the trial reports beside it), its producer, the labels of
    its themes and publics, the title of its successor, and the day (quality depends on it).

    The file's data stands for every field made from it: much cheaper to print than the
    resource itself, which this runs for at each preview rebuild. What many resources
    share (a producer, a theme, a related resource's card) is printed once per render, in
    shown; the parts are joined by a character that no printed value holds.
    """

    def once(kind: str, name: str, value) -> str:
        printed = shown.get((kind, name))
        if printed is None:
            printed = shown[(kind, name)] = repr(value())
        return printed

    successor = catalog.resource(resource.superseded_by) if resource.superseded_by else None
    parts = [
        repr(
            (
                resource.slug,
                resource.path,
                text,  # the file's data and text (_text_digest)
                resource.quality,
                successor.title if successor else None,
                how_to.page_inputs(resource, catalog.resource),
                catalog.today,
                str(catalog.root),
                site.edit_base,
                site.changes.get(resource.path, ""),
            )
        ),
        once("producteur", resource.producer, lambda: catalog.producers.get(resource.producer)),
        *(once("theme", t, lambda t=t: catalog.themes.get(t)) for t in resource.themes),
        "publics",
        *(once("public", p, lambda p=p: catalog.publics.get(p)) for p in resource.publics),
        "liees",
        *(
            once("liee", r.slug, lambda r=r: (r.slug, r.title, r.summary, r.type, r.quality.level))
            for r in nearby
        ),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def render_marker(name: str, catalog: Catalog, page_src: str, site: SiteInfo | None = None) -> str:
    """The block that replaces <!-- essaim:NAME --> in a hand-written page."""
    catalog = listed(catalog)
    site = site or SiteInfo()
    if name == "chiffres":
        return figures_block(catalog, page_src)
    if name == "entrees":
        return _needs_block(catalog, page_src)
    if name == "territoires":
        return _places_block(catalog, page_src)
    if name == "recentes":
        recent = most_recent(catalog.resources, site.changes)[:6]
        return render_cards(recent, catalog, page_src, dated=site.changes)
    return ""


# Entry points of the home page, by need: (question, what it leads to, resource types).
NEEDS = (
    ("Un document à adapter", "Conventions, comptes rendus, budgets prêts à remplir.", "modele-document"),
    ("Comment d'autres ont fait", "Des coopérations racontées par ceux qui les ont menées.", "fiche-experience"),
    ("Une démarche pas à pas", "Des guides pour se lancer et réussir.", "guide"),
    ("Une idée à essayer", "Des propositions nées en atelier, à tester chez vous.", "fiche-idee"),
    ("Des outils d'animation", "Méthodes et supports pour réunir et faire coopérer.", "outil"),
    ("Suivre l'actualité", "Veille juridique et sociale sur la vie associative.", "veille-juridique"),
)  # fmt: skip


def _needs_block(catalog: Catalog, src: str) -> str:
    """Tiles « par besoin », each with the number of resources it leads to."""
    counts = group_by(catalog.resources, lambda r: [r.type])
    tiles = []
    for question, text, kind in NEEDS:
        n = len(counts.get(kind, []))
        if kind == "veille-juridique":
            n += len(counts.get("veille-sociale", []))
        tiles.append(
            f'<li><a href="{relative_href(src, f"types/{kind}.md")}"><strong>{escape(question)}</strong>'
            f'<span>{escape(text)}</span><span class="essaim-compte">{count_label(n)}</span></a></li>'
        )
    return f'<ul class="essaim-entrees">{"".join(tiles)}</ul>'


def _places_block(catalog: Catalog, src: str) -> str:
    """The départements that have resources, national resources, and the map."""
    counts = departement_counts(catalog)
    names = {code: name for code, (name, _) in catalog.territories.departements.items()}
    ranked = sorted(counts, key=lambda code: (-counts[code], match_key(names.get(code, code))))
    national = sum(1 for r in catalog.resources if r.territory.scale == "national")
    items = [
        f'<li><a href="{relative_href(src, territory_src("national", ""))}">Partout en France</a> '
        f'<span class="essaim-compte">{count_label(national)}</span></li>'
    ]
    items += [
        f'<li><a href="{relative_href(src, territory_src("departement", code))}">{escape(names.get(code, code))} '
        f'({escape(code)})</a> <span class="essaim-compte">{count_label(counts[code])}</span></li>'
        for code in ranked[:8]
    ]
    return (
        f'<ul class="essaim-lieux essaim-cibles">{"".join(items)}</ul>'
        f'<p><a href="{relative_href(src, "territoires/index.md")}">Tous les territoires, sur la carte</a></p>'
    )
