"""Pure functions from a catalogue to page text: {source path: Markdown}.

No MkDocs here: the hook wraps the result as MkDocs files, `essaim pages` writes it to a
folder, and any other generator could take it. Every value that comes from a
contributor is HTML-escaped before it is placed in the generated HTML.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

import yaml

from . import charts, directory, facets, how_to_html, labels
from .catalog import Catalog
from .model import Resource, Territory
from .office import generated_downloads
from .safety import file_href, web_href
from .suggest import fold

RESOURCES_DIR = "ressources"
SEARCH_SRC = "catalogue/index.md"
# Resources shown on the catalogue page before any search (and without JavaScript).
RECENT_COUNT = 20
STATS_SRC = "statistiques/index.md"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MARKERS = ("chiffres", "recentes", "entrees", "territoires")
# <!-- essaim:champs --> and <!-- essaim:champsproducteurs -->: the export columns (docs/donnees.md).
FIELD_MARKERS = {
    "champs": "ressource",
    "champsproducteurs": "producteur",
    "champsstructures": "structure",
}


@dataclass(frozen=True)
class SiteInfo:
    """What the pages need beyond the catalogue, given by the caller (the hook, the CLI).

    edit_base: start of the address of GitHub's editor for a file of the repository
    (repo_url + edit_uri, without the docs folder); empty for no « Proposer une
    modification » link. changes: {file path relative to the project: ISO day of its last
    commit}, from essaim.history (empty outside a Git work tree or in a shallow clone).
    """

    edit_base: str = ""
    changes: Mapping[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- public entry points


def render_site(
    catalog: Catalog, memo: dict[str, str] | None = None, site: SiteInfo | None = None
) -> dict[str, str]:
    """Every generated page of the portal, keyed by its source path.

    memo, when given, keeps resource pages between calls, keyed by everything a resource
    page is made from: `make serve` passes one, so an edit re-renders one page, not all.
    """
    from . import dashboard, quality, quality_html
    from .related import related_resources

    site = site or SiteInfo()
    _CARDS.clear()  # cards are cached by resource identity within one call only
    pages: dict[str, str] = {}
    related = related_resources(quality.listed(catalog))
    for resource in catalog.resources:
        nearby = related.get(resource.slug, [])
        if memo is None:
            text = render_resource_page(resource, catalog, site, nearby)
        else:
            key = _resource_page_key(resource, catalog, site, nearby)
            text = memo.get(key)
            if text is None:
                text = memo[key] = render_resource_page(resource, catalog, site, nearby)
        pages[resource_src(resource.slug)] = text
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
    pages.update(directory.render_directory_pages(catalog, _href, territory_src))
    quality_html.add_trials_here(pages, catalog)
    _CARDS.clear()
    return dict(sorted(pages.items()))


def _resource_page_key(
    resource: Resource, catalog: Catalog, site: SiteInfo, nearby: list[Resource]
) -> str:
    """Everything render_resource_page reads: the resource (its file's data and text, where
    it lies, and its quality with the trial reports beside it), its producer, the labels of
    its themes and publics, the title of its successor, and the day (quality depends on it).

    The file's data stands for every field made from it: much cheaper to print than the
    resource itself, which this runs for at each preview rebuild.
    """
    successor = catalog.resource(resource.superseded_by) if resource.superseded_by else None
    inputs = (
        resource.slug,
        resource.path,
        resource.raw,
        resource.body,
        resource.quality,
        catalog.producers.get(resource.producer),
        [catalog.themes.get(t) for t in resource.themes],
        [catalog.publics.get(p) for p in resource.publics],
        successor.title if successor else None,
        how_to_html.page_inputs(resource, catalog.resource),
        catalog.today,
        str(catalog.root),
        site.edit_base,
        site.changes.get(resource.path, ""),
        [(r.slug, r.title, r.summary, r.type, r.quality.level) for r in nearby],
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def most_recent(
    resources: Iterable[Resource], changes: Mapping[str, str] | None = None
) -> list[Resource]:
    """Most recently published or updated first (the same order everywhere: home, catalogue, feeds).

    With `changes` (the day each file last changed in Git), the resources added to or
    changed on the portal lately come first, then the dates written in the files decide.
    """
    changes = changes or {}
    return sorted(
        resources,
        key=lambda r: (changes.get(r.path, ""), r.last_changed, r.slug),
        reverse=True,
    )


def resource_src(slug: str) -> str:
    return f"{RESOURCES_DIR}/{slug}.md"


def render_marker(name: str, catalog: Catalog, page_src: str, site: SiteInfo | None = None) -> str:
    """The block that replaces <!-- essaim:NAME --> in a hand-written page."""
    from .quality import listed

    catalog = listed(catalog)
    site = site or SiteInfo()
    if name == "chiffres":
        return _figures_block(catalog, page_src)
    if name == "entrees":
        return _needs_block(catalog, page_src)
    if name == "territoires":
        return _places_block(catalog, page_src)
    if name == "recentes":
        recent = most_recent(catalog.resources, site.changes)[:6]
        return _cards(recent, catalog, page_src, dated=site.changes)
    if name in FIELD_MARKERS:
        from .export import field_table

        return field_table(catalog.root, FIELD_MARKERS[name])
    return ""


def render_resource_page(
    resource: Resource,
    catalog: Catalog,
    site: SiteInfo | None = None,
    nearby: Iterable[Resource] = (),
) -> str:
    from . import quality_html

    site = site or SiteInfo()
    src = resource_src(resource.slug)
    level = resource.quality.level
    parts = [
        _front_matter(
            resource.title,
            resource.summary,
            essaim_ressource=resource.slug,
            **quality_html.front_matter(resource),
        ),
        _breadcrumb(resource, src),
        f'<h1 class="essaim-titre">{escape(resource.title)}</h1>',
        quality_html.banners(resource, catalog, src),
        f'<p class="essaim-resume">{escape(resource.summary)}</p>',
        _actions(resource, site),
        _resource_card(resource, catalog, src),
        _evidence_block(resource, catalog, src, level),
        how_to_html.how_to_block(resource),
        resource.body.strip(),
    ]
    if resource.links:
        items = "".join(
            f'<li><a href="{web_href(link.url)}">{escape(link.title)}</a></li>'
            for link in resource.links
        )
        parts.append(f'<div class="essaim-liens"><h2>Liens utiles</h2><ul>{items}</ul></div>')
    nearby = list(nearby)
    similar = _cards(nearby, catalog, src, compact=True) if nearby else ""
    parts.append(
        how_to_html.related_block(resource, catalog.resource, src, _href, resource_src, similar)
    )
    return "\n\n".join(p for p in parts if p) + "\n"


def _breadcrumb(resource: Resource, src: str) -> str:
    """Where the page sits (home › its type), and a « retour aux résultats » link that
    assets/essaim.js shows, pointing at the search the visitor came from."""
    kind = labels.TYPES[resource.type]
    return (
        '<nav class="essaim-ariane" aria-label="Fil d\'Ariane">'
        f'<a class="essaim-retour" href="{_href(src, SEARCH_SRC)}" hidden>Retour aux résultats</a>'
        f'<ol><li><a href="{_href(src, "index.md")}">Accueil</a></li>'
        f'<li><a href="{_href(src, f"types/{resource.type}.md")}">{escape(kind.plural)}</a></li>'
        "</ol></nav>"
    )


# Short names of the files a page offers, by extension.
_FORMATS = {
    "pdf": "PDF",
    "odt": "OpenDocument texte",
    "ods": "OpenDocument tableur",
    "odp": "OpenDocument présentation",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "csv": "CSV",
    "txt": "Texte",
    "md": "Markdown",
    "png": "Image PNG",
    "jpg": "Image JPEG",
    "jpeg": "Image JPEG",
    "svg": "Image SVG",
    "zip": "Archive ZIP",
}


def _actions(resource: Resource, site: SiteInfo) -> str:
    """Download buttons (format, and size when the file exists already), the date the
    sheet last changed and the link to propose a change."""
    buttons = []
    for attachment in resource.attachments:
        path = Path(resource.source).parent / attachment.file
        size = path.stat().st_size if path.is_file() else None
        buttons.append(_download(attachment.file, attachment.title, size))
    for file, _title in generated_downloads(resource):
        ext = file.rsplit(".", 1)[-1]
        button, what = labels.DOWNLOAD_BUTTONS[ext]
        buttons.append(_download(file, button, None, what))
    if resource.url:
        # A reference or a watch note points to the text it presents: the first way out.
        what = "Lire le texte présenté" if resource.type.startswith("veille") else "Consulter"
        buttons.insert(
            0,
            f'<a class="md-button essaim-telecharger essaim-telecharger--source" href="{web_href(resource.url)}">'
            f'<span class="essaim-telecharger__titre">{what}</span>'
            f'<span class="essaim-telecharger__format">{escape(_host(resource.url))}</span></a>',
        )
    meta = []
    changed = site.changes.get(resource.path, "")
    if changed:
        meta.append(f"Fiche mise à jour le {escape(french_date(changed))}")
    if site.edit_base:
        meta.append(
            f'<a class="essaim-modifier" href="{escape(site.edit_base + quote(resource.path))}">'
            "Proposer une modification</a>"
        )
    block = ""
    if buttons:
        heading = "Télécharger" if len(buttons) > bool(resource.url) else "Accéder à la ressource"
        block += (
            '<div class="essaim-telechargements" role="group" aria-labelledby="essaim-telecharger">'
            f'<span id="essaim-telecharger" class="essaim-telechargements__titre">{heading}</span>'
            f"{''.join(buttons)}</div>"
        )
    if meta:
        block += f'<p class="essaim-fiche-meta">{" · ".join(meta)}</p>'
    return block


def _host(url: str) -> str:
    """« https://www.example.org/a/b » → « www.example.org »."""
    return url.split("://", 1)[-1].split("/", 1)[0]


def _download(file: str, title: str, size: int | None, what: str = "") -> str:
    ext = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    details = [what or _FORMATS.get(ext, ext.upper()), f".{ext}" if ext else ""]
    if size is not None:
        details.append(_size(size))
    return (
        f'<a class="md-button essaim-telecharger" href="{file_href(file)}" download>'
        f'<span class="essaim-telecharger__titre">{escape(title)}</span>'
        f'<span class="essaim-telecharger__format">{escape(" · ".join(d for d in details if d))}</span></a>'
    )


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} octets"
    if n < 1_000_000:
        return f"{round(n / 1000)} Ko"
    return f"{n / 1_000_000:.1f} Mo".replace(".", ",")


def render_all_resources_page(catalog: Catalog) -> str:
    src = f"{RESOURCES_DIR}/index.md"
    by_letter: dict[str, list[Resource]] = defaultdict(list)
    for resource in _by_title(catalog.resources):
        letter = fold(resource.title)[:1].upper()
        by_letter[letter if letter.isalpha() else "#"].append(resource)
    blocks = [
        _front_matter(
            "Toutes les ressources", "Liste complète des ressources du portail, de A à Z."
        ),
        "# Toutes les ressources",
        f"<p>{len(catalog.resources)} ressources, de A à Z. Vous pouvez aussi les parcourir "
        f'<a href="{_href(src, "types/index.md")}">par type</a>, '
        f'<a href="{_href(src, "territoires/index.md")}">par territoire</a>, '
        f'<a href="{_href(src, "niveaux/index.md")}">par niveau de qualité</a> ou '
        f'<a href="{_href(src, "themes/index.md")}">par thème</a>.</p>',
    ]
    for letter, resources in by_letter.items():
        items = "".join(
            f'<li><a href="{_href(src, resource_src(r.slug))}">{escape(r.title)}</a> '
            f"{_badge(r.quality.level)} "
            f'<span class="essaim-discret">{escape(labels.TYPES[r.type].label)}</span></li>'
            for r in resources
        )
        blocks.append(f'<h2 id="lettre-{fold(letter) or "autres"}">{escape(letter)}</h2>')
        blocks.append(f'<ul class="essaim-liste">{items}</ul>')
    return "\n\n".join(blocks) + "\n"


def render_type_pages(catalog: Catalog) -> dict[str, str]:
    from .feeds import type_feed_path

    groups = _group(catalog.resources, lambda r: [r.type])
    entries = [
        (f"types/{key}.md", label.plural, label.description, groups.get(key, []))
        for key, label in labels.TYPES.items()
    ]
    return _listing_family(
        catalog,
        index_src="types/index.md",
        title="Par type de ressource",
        intro="Guides, modèles, fiches d'expérience, études, veille : choisissez un type.",
        entries=entries,
        feeds={f"types/{key}.md": type_feed_path(key) for key in labels.TYPES},
    )


def render_level_pages(catalog: Catalog) -> dict[str, str]:
    groups = _group(catalog.resources, lambda r: [r.quality.level])
    entries = [
        (
            f"niveaux/{labels.LEVEL_SLUGS[key]}.md",
            label.plural,
            label.description,
            groups.get(key, []),
        )
        for key, label in labels.LEVELS.items()
    ]
    pages = _listing_family(
        catalog,
        index_src="niveaux/index.md",
        title="Par niveau de qualité",
        intro="Chaque ressource affiche les preuves de son niveau : où elle a été essayée, "
        "par qui elle a été vérifiée. Le détail des critères du comité éditorial est expliqué "
        "dans [Les niveaux de qualité](../qualite.md).",
        entries=entries,
    )
    return pages


def render_theme_pages(catalog: Catalog) -> dict[str, str]:
    groups = _group(catalog.resources, lambda r: list(r.themes))
    entries = [
        (f"themes/{term.id}.md", term.label, term.description, groups.get(term.id, []))
        for term in sorted(catalog.themes.values(), key=lambda t: fold(t.label))
    ]
    return _listing_family(
        catalog,
        index_src="themes/index.md",
        title="Par thème",
        intro="Les thèmes viennent d'un vocabulaire commun tenu par le comité éditorial.",
        entries=entries,
    )


def render_family_pages(catalog: Catalog) -> dict[str, str]:
    """The three families of pooled means (seed 000): an index and one listing per family."""
    groups = _group(catalog.resources, lambda r: list(r.families))
    entries = [
        (family_src(key), label, labels.FAMILY_DESCRIPTIONS[key], groups.get(key, []))
        for key, label in labels.FAMILIES.items()
    ]
    return _listing_family(
        catalog,
        index_src="familles/index.md",
        title="Par moyens mutualisés",
        intro="Ce que des associations mettent en commun se range en trois familles : des "
        "personnes, des moyens matériels, de l'argent. Une ressource peut relever de plusieurs "
        "familles, ou d'aucune quand elle ne porte pas sur la mise en commun de moyens.",
        entries=entries,
    )


def family_src(key: str) -> str:
    return f"familles/{key}.md"


def render_producer_pages(catalog: Catalog) -> dict[str, str]:
    groups = _group(catalog.resources, lambda r: [r.producer])
    pages: dict[str, str] = {}
    index_src = "producteurs/index.md"
    sections = []
    for circle, circle_label in labels.CIRCLES.items():
        members = sorted(
            (p for p in catalog.producers.values() if p.circle == circle),
            key=lambda p: fold(p.name),
        )
        if not members:
            continue
        items = "".join(
            f'<li><a href="{_href(index_src, f"producteurs/{p.slug}.md")}">{escape(p.name)}</a> '
            f'<span class="essaim-compte">{_count(len(groups.get(p.slug, [])))}</span></li>'
            for p in members
        )
        sections.append(
            f'<h2>{escape(circle_label.plural)}</h2>\n\n<ul class="essaim-liste">{items}</ul>'
        )
    pages[index_src] = (
        "\n\n".join(
            [
                _front_matter(
                    "Producteurs", "Les organisations qui produisent les ressources, par cercle."
                ),
                "# Producteurs",
                "<p>Les organisations qui produisent ou tiennent à jour les ressources, rangées selon "
                "les cercles de producteurs de l'appui à la vie associative.</p>",
                *sections,
            ]
        )
        + "\n"
    )
    for producer in catalog.producers.values():
        src = f"producteurs/{producer.slug}.md"
        facts = [
            ("Cercle", escape(labels.CIRCLES[producer.circle].label)),
            ("Nature", escape(labels.NATURES[producer.nature])),
            ("Territoire", _territory_links(producer.territory, catalog, src)),
        ]
        if producer.site:
            facts.append(
                ("Site", f'<a href="{web_href(producer.site)}">{escape(producer.site)}</a>')
            )
        name = producer.name + (f" ({producer.acronym})" if producer.acronym else "")
        pages[src] = (
            "\n\n".join(
                [
                    _front_matter(producer.name, producer.description or producer.name),
                    f"<h1>{escape(name)}</h1>",
                    f"<p>{escape(producer.description)}</p>" if producer.description else "",
                    _definition_list(facts),
                    "<h2>Ses ressources</h2>",
                    _cards(groups.get(producer.slug, []), catalog, src),
                ]
            )
            + "\n"
        )
    return pages


def render_territory_pages(catalog: Catalog) -> dict[str, str]:
    terr = catalog.territories
    national = [r for r in catalog.resources if r.territory.scale == "national"]
    by_dep: dict[str, list[Resource]] = defaultdict(list)
    by_region: dict[str, list[Resource]] = defaultdict(list)
    for resource in catalog.resources:
        for dep in terr.departements_of(resource.territory):
            by_dep[dep].append(resource)
        for region in terr.regions_of(resource.territory):
            by_region[region].append(resource)
    helpers_by_dep = directory.by_departement(catalog)
    helpers_by_region = directory.by_region(catalog)
    pages: dict[str, str] = {}
    index_src = "territoires/index.md"
    rows, quiet = [], []
    for code, name in sorted(terr.regions.items(), key=lambda item: fold(item[1])):
        deps = sorted(
            (d for d, (_, reg) in terr.departements.items() if reg == code),
            key=lambda d: fold(terr.departements[d][0]),
        )
        region_link = (
            f'<a href="{_href(index_src, territory_src("region", code))}">{escape(name)}</a>'
        )
        dep_links = [
            (d, f'<a href="{_href(index_src, territory_src("departement", d))}">'
             f"{escape(terr.departements[d][0])}</a>")
            for d in deps
        ]  # fmt: skip
        if not by_region.get(code):
            quiet.append(f"<li>{region_link} : {', '.join(link for _, link in dep_links)}</li>")
            continue
        busy = [f"{link} ({len(by_dep[d])})" for d, link in dep_links if by_dep.get(d)]
        rest = len(dep_links) - len(busy)
        rest_text = (
            f" ; {rest} autre{'s' if rest > 1 else ''} sans ressource propre" if rest else ""
        )
        rows.append(
            f"<li><strong>{region_link}</strong> "
            f'<span class="essaim-compte">{_count(len(by_region[code]))}</span>'
            f"<br><small>{', '.join(busy)}{rest_text}</small></li>"
        )
    pages[index_src] = (
        "\n\n".join(
            [
                _front_matter("Par territoire", "Les ressources par région et par département."),
                "# Par territoire",
                "<p>Une ressource née dans une commune ou un bassin de vie apparaît aussi sur la page "
                "de son département et de sa région. Les ressources nationales, valables partout, sont "
                f'regroupées à part : <a href="{_href(index_src, territory_src("national", ""))}">'
                f"ressources nationales</a> ({len(national)}).</p>",
                render_map_block(catalog, index_src),
                "<h2>Régions qui ont des ressources</h2>",
                f'<ul class="essaim-liste essaim-territoires essaim-cibles">{"".join(rows)}</ul>',
                f'<details class="essaim-tableau"><summary>Les {len(quiet)} autres régions, '
                "sans ressource propre pour l'instant</summary>"
                f'<ul class="essaim-liste essaim-territoires essaim-cibles">{"".join(quiet)}</ul></details>',
            ]
        )
        + "\n"
    )
    from .feeds import WATCH_TYPES, departement_feed_path, watch_feed_path

    def watch(scale: str, code: str) -> list[tuple[str, str]]:
        return [(labels.TYPES[k].label, watch_feed_path(k, scale, code)) for k in WATCH_TYPES]

    tried_dep: dict[str, set[str]] = defaultdict(set)
    tried_region: dict[str, set[str]] = defaultdict(set)
    for resource in catalog.resources:
        for trial in resource.quality.trials:
            for dep in terr.departements_of(trial.territory):
                tried_dep[dep].add(resource.slug)
            for region in terr.regions_of(trial.territory):
                tried_region[region].add(resource.slug)
    pages[territory_src("national", "")] = _territory_page(
        territory_src("national", ""),
        "Ressources nationales",
        "Ressources conçues pour tout le territoire national.",
        national,
        [],
        catalog,
        facet=("region", "national"),
    )
    for code, name in terr.regions.items():
        src = territory_src("region", code)
        deps = [d for d, (_, reg) in terr.departements.items() if reg == code]
        children = [
            (territory_src("departement", d), terr.departements[d][0], len(by_dep.get(d, [])))
            for d in sorted(deps)
        ]
        pages[src] = _territory_page(
            src,
            name,
            f"Ressources de la région {name} et de ses départements.",
            by_region.get(code, []),
            children,
            catalog,
            helpers=directory.structures_section(
                helpers_by_region.get(code, []), catalog, src, _href, f"en région {name}"
            ),
            facet=("region", code),
            tried_here=len(tried_region.get(code, ())),
            national=national,
            watch=watch("region", code),
        )
    for code, (name, region) in terr.departements.items():
        src = territory_src("departement", code)
        parent = [
            (
                territory_src("region", region),
                terr.regions.get(region, region),
                len(by_region.get(region, [])),
            )
        ]
        pages[src] = _territory_page(
            src,
            f"{name} ({code})",
            f"Ressources du département {name} ({code}), de ses communes et bassins de vie.",
            by_dep.get(code, []),
            parent,
            catalog,
            children_title="Région",
            helpers=directory.structures_section(
                helpers_by_dep.get(code, []), catalog, src, _href, f"dans le département {name}"
            ),
            facet=("departement", code),
            tried_here=len(tried_dep.get(code, ())),
            feed=departement_feed_path(code),
            national=national,
            watch=watch("departement", code),
        )
    return pages


def territory_src(scale: str, code: str) -> str:
    if scale == "national":
        return "territoires/national.md"
    return f"territoires/{scale}-{code.lower()}.md"


# ---------------------------------------------------------------- building blocks


def _listing_family(
    catalog: Catalog, index_src: str, title: str, intro: str, entries, feeds=None
) -> dict[str, str]:
    """An index page with counts, and one listing page per entry."""
    pages: dict[str, str] = {}
    items = "".join(
        f'<li><a href="{_href(index_src, src)}">{escape(label)}</a> '
        f'<span class="essaim-compte">{_count(len(resources))}</span>'
        f"<br><small>{escape(description)}</small></li>"
        for src, label, description, resources in entries
    )
    pages[index_src] = (
        "\n\n".join(
            [
                _front_matter(title, intro),
                f"# {title}",
                intro,
                f'<ul class="essaim-liste">{items}</ul>',
            ]
        )
        + "\n"
    )
    for src, label, description, resources in entries:
        pages[src] = (
            "\n\n".join(
                [
                    _front_matter(label, description or label),
                    f"<h1>{escape(label)}</h1>",
                    f"<p>{escape(description)}</p>" if description else "",
                    f'<p class="essaim-discret">{_count(len(resources))}'
                    + (f" · {subscribe_link(src, feeds[src])}" if feeds and src in feeds else "")
                    + "</p>",
                    _cards(_by_title(resources), catalog, src),
                ]
            )
            + "\n"
        )
    return pages


def _territory_page(
    src,
    title,
    description,
    resources,
    related,
    catalog,
    children_title="Départements",
    helpers="",
    facet=None,
    tried_here=0,
    feed="",
    national=(),
    watch=(),
) -> str:
    """A territory's page: what to find there at a glance (links to the région or the
    départements, « Essayées ici », the helpers, the national resources, the catalogue
    filtered on the territory, its feed), then its resources grouped by type."""
    is_national = src.endswith("national.md")
    shortcuts = []
    if facet and resources:
        query = escape(f"?{facet[0]}={facet[1]}")
        shortcuts.append(
            f'<a href="{_href(src, SEARCH_SRC)}{query}">Chercher et filtrer ces ressources</a>'
        )
    if related and children_title == "Région":
        rsrc, name, n = related[0]
        shortcuts.append(f'Région : <a href="{_href(src, rsrc)}">{escape(name)}</a> ({_count(n)})')
    elif related:
        shortcuts.append(f'<a href="#departements">{children_title}</a>')
    if tried_here:
        shortcuts.append(f'<a href="#essayees-ici">Essayées ici</a> ({_count(tried_here)})')
    if helpers:
        shortcuts.append('<a href="#qui-peut-vous-aider">Qui peut vous aider</a>')
    if not is_national:
        shortcuts.append(
            f'<a href="{_href(src, territory_src("national", ""))}">Ressources nationales</a> '
            f"({_count(len(national))}), valables partout"
        )
    if feed:
        shortcuts.append(subscribe_link(src, feed))
    depth = len([part for part in url_of(src).split("/") if part])
    for kind_label, path in watch:
        shortcuts.append(
            f'<a class="essaim-abonner" href="{"../" * depth}{escape(path)}" '
            f'type="application/atom+xml">{escape(kind_label)} de ce territoire (flux Atom)</a>'
        )
    quick = (
        '<nav class="essaim-raccourcis" aria-label="Sur cette page">'
        f"<ul>{''.join(f'<li>{item}</li>' for item in shortcuts)}</ul></nav>"
    )
    related_block = ""
    if related and children_title != "Région":
        busy = [(rsrc, name, n) for rsrc, name, n in related if n]
        quiet = [(rsrc, name) for rsrc, name, n in related if not n]
        items = "".join(
            f'<li><a href="{_href(src, rsrc)}">{escape(name)}</a> <span class="essaim-compte">{_count(n)}</span></li>'
            for rsrc, name, n in busy
        )
        rest = ", ".join(f'<a href="{_href(src, rsrc)}">{escape(name)}</a>' for rsrc, name in quiet)
        related_block = f'<h2 id="departements">{children_title}</h2>\n\n' + (
            f'<ul class="essaim-liste essaim-colonnes essaim-cibles">{items}</ul>' if items else ""
        )
        if rest:
            related_block += (
                f'\n\n<p class="essaim-discret">Sans ressource propre pour l\'instant : {rest}.</p>'
            )
    if resources:
        body = _by_type(resources, catalog, src)
    else:
        body = (
            '<p class="essaim-vide">Aucune ressource propre à ce territoire pour l\'instant. '
            f'Votre réseau en a une ? <a href="{_href(src, "contribuer.md")}">Proposez-la au '
            "comité éditorial</a>.</p>"
        )
        if national and not is_national:
            body += (
                "\n\n<h2>Valables partout : les ressources nationales les plus récentes</h2>\n\n"
                + _cards(most_recent(national)[:6], catalog, src, compact=True)
                + f'\n\n<p><a href="{_href(src, territory_src("national", ""))}">Toutes les '
                f"ressources nationales ({len(national)})</a></p>"
            )
    return (
        "\n\n".join(
            p
            for p in [
                _front_matter(title, description),
                f"<h1>{escape(title)}</h1>",
                f"<p>{escape(description)} {_count(len(resources))}.</p>",
                quick,
                body,
                _TRIED_HERE_SLOT if tried_here else "",
                helpers,
                related_block,
            ]
            if p
        )
        + "\n"
    )


# Where quality_html.add_trials_here puts « Essayées ici » on a territory page.
_TRIED_HERE_SLOT = "<!-- essaim:essayees-ici -->"


def _by_type(resources: Iterable[Resource], catalog: Catalog, src: str) -> str:
    """Resources grouped by type (in the order of the schema), each group with its count."""
    groups = _group(resources, lambda r: [r.type])
    parts = []
    for key, label in labels.TYPES.items():
        found = groups.get(key)
        if not found:
            continue
        parts.append(
            f'<h2 id="type-{key}">{escape(label.plural)} '
            f'<span class="essaim-compte">({len(found)})</span></h2>'
        )
        parts.append(_cards(_by_title(found), catalog, src, compact=True))
    return "\n\n".join(parts)


def subscribe_link(src: str, feed_path: str) -> str:
    """« S'abonner » to an Atom feed, from the page src."""
    depth = len([part for part in url_of(src).split("/") if part])
    return (
        f'<a class="essaim-abonner" href="{"../" * depth}{escape(feed_path)}" '
        'type="application/atom+xml">S\'abonner (flux Atom)</a>'
    )


def _cards(
    resources: Iterable[Resource],
    catalog: Catalog,
    page_src: str,
    compact: bool = False,
    dated: Mapping[str, str] | None = None,
) -> str:
    """Cards of resources; compact ones (« Ressources liées ») leave out the summary; dated
    ones say when the file last changed on the portal (the home's « récentes »)."""
    from . import quality_html

    cards = []
    for r in resources:
        href = _href(page_src, resource_src(r.slug))
        # A resource appears on eight listing pages or so, all at the same depth: its card
        # is written once per render_site call (the cache is emptied there).
        cache_key = (id(r), href, compact)
        card = None if dated else _CARDS.get(cache_key)
        if card is None:
            territory = escape(catalog.territories.label(r.territory))
            when = (dated or {}).get(r.path, "")
            card = (
                '<article class="essaim-carte">'
                f'<h3 class="essaim-carte__titre"><a href="{href}">{escape(r.title)}</a></h3>'
                f'<p class="essaim-carte__meta">{escape(labels.TYPES[r.type].label)} · {territory}</p>'
                + ("" if compact else f'<p class="essaim-carte__resume">{escape(r.summary)}</p>')
                + f"<p>{_badge(r.quality.level)}</p>"
                + ("" if compact else quality_html.card_line(r))
                + (
                    f'<p class="essaim-carte__date">Fiche mise à jour le {escape(french_date(when))}</p>'
                    if when
                    else ""
                )
                + "</article>"
            )
            if not dated:
                _CARDS[cache_key] = card
        cards.append(card)
    if not cards:
        return (
            '<p class="essaim-vide">Aucune ressource pour l\'instant. Votre réseau en a une ? '
            f'<a href="{_href(page_src, "contribuer.md")}">Proposez-la au comité éditorial</a>.</p>'
        )
    return f'<div class="essaim-cartes{" essaim-cartes--compactes" if compact else ""}">{"".join(cards)}</div>'


_CARDS: dict[tuple[int, str, bool], str] = {}


def _resource_card(resource: Resource, catalog: Catalog, src: str) -> str:
    from . import quality_html

    producer = catalog.producers[resource.producer]
    level = labels.LEVELS[resource.quality.level]
    facts = [
        (
            "Niveau de qualité",
            f"{_badge(resource.quality.level, src)}{quality_html.level_marks(resource)} "
            f"<span>{escape(level.description)}</span>",
        ),
        (
            "Type",
            f'<a href="{_href(src, f"types/{resource.type}.md")}">{escape(labels.TYPES[resource.type].label)}</a>',
        ),
        (
            "Producteur",
            f'<a href="{_href(src, f"producteurs/{producer.slug}.md")}">{escape(producer.name)}</a>',
        ),
        ("Territoire", _territory_links(resource.territory, catalog, src)),
        (
            "Thèmes",
            ", ".join(
                f'<a href="{_href(src, f"themes/{t}.md")}">{escape(catalog.themes[t].label)}</a>'
                for t in resource.themes
            ),
        ),
        ("Publics", escape(", ".join(catalog.publics[p].label for p in resource.publics))),
        (
            "Contribution",
            f'<a href="{_href(src, SEARCH_SRC)}?contribution={escape(resource.contribution)}">'
            f"{escape(labels.CONTRIBUTIONS[resource.contribution])}</a>",
        ),
    ]
    if resource.families:
        facts.append(
            (
                "Moyens mutualisés",
                ", ".join(
                    f'<a href="{_href(src, family_src(f))}">{escape(labels.FAMILIES[f])}</a>'
                    for f in resource.families
                ),
            )
        )
    facts += quality_html.legal_facts(resource, catalog, src)
    facts.append(("Licence", escape(labels.LICENCES[resource.licence])))
    facts.append(("Publication", escape(french_date(resource.published))))
    if resource.updated:
        facts.append(("Mise à jour", escape(french_date(resource.updated))))
    if resource.url:
        facts.append(("Source", f'<a href="{web_href(resource.url)}">{escape(resource.url)}</a>'))
    return _definition_list(facts, css="essaim-fiche")


def _evidence_block(resource: Resource, catalog: Catalog, src: str, level: str) -> str:
    from . import quality_html

    return quality_html.evidence_block(resource, catalog, src)


def _figures_block(catalog: Catalog, src: str) -> str:
    """The portal in figures, and the quality levels explained in one glance."""
    groups = _group(catalog.resources, lambda r: [r.quality.level])
    levels = "".join(
        f'<li><a href="{_href(src, f"niveaux/{labels.LEVEL_SLUGS[key]}.md")}">{_badge(key)}'
        f' <span class="essaim-niveau__nombre">{_count(len(groups.get(key, [])))}</span></a>'
        f'<span class="essaim-niveau__texte">{escape(label.description)}</span></li>'
        for key, label in labels.LEVELS.items()
    )
    territories = {
        d for r in catalog.resources for d in catalog.territories.departements_of(r.territory)
    }
    return (
        '<div class="essaim-chiffres">'
        f"<p><strong>{len(catalog.resources)}</strong> ressources, "
        f"<strong>{len(catalog.producers)}</strong> producteurs, "
        f"<strong>{len(territories)}</strong> départements représentés. Chaque fiche dit ce "
        f'que valent ses preuves (<a href="{_href(src, "qualite.md")}">les niveaux de qualité</a>) :</p>'
        f'<ul class="essaim-niveaux">{levels}</ul></div>'
    )


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
    counts = _group(catalog.resources, lambda r: [r.type])
    tiles = []
    for question, text, kind in NEEDS:
        n = len(counts.get(kind, []))
        if kind == "veille-juridique":
            n += len(counts.get("veille-sociale", []))
        tiles.append(
            f'<li><a href="{_href(src, f"types/{kind}.md")}"><strong>{escape(question)}</strong>'
            f'<span>{escape(text)}</span><span class="essaim-compte">{_count(n)}</span></a></li>'
        )
    return f'<ul class="essaim-entrees">{"".join(tiles)}</ul>'


def _places_block(catalog: Catalog, src: str) -> str:
    """The départements that have resources, national resources, and the map."""
    counts = departement_counts(catalog)
    names = {code: name for code, (name, _) in catalog.territories.departements.items()}
    ranked = sorted(counts, key=lambda code: (-counts[code], fold(names.get(code, code))))
    national = sum(1 for r in catalog.resources if r.territory.scale == "national")
    items = [
        f'<li><a href="{_href(src, territory_src("national", ""))}">Partout en France</a> '
        f'<span class="essaim-compte">{_count(national)}</span></li>'
    ]
    items += [
        f'<li><a href="{_href(src, territory_src("departement", code))}">{escape(names.get(code, code))} '
        f'({escape(code)})</a> <span class="essaim-compte">{_count(counts[code])}</span></li>'
        for code in ranked[:8]
    ]
    return (
        f'<ul class="essaim-lieux essaim-cibles">{"".join(items)}</ul>'
        f'<p><a href="{_href(src, "territoires/index.md")}">Tous les territoires, sur la carte</a></p>'
    )


def _territory_links(territory: Territory, catalog: Catalog, src: str) -> str:
    terr = catalog.territories
    if territory.scale == "national":
        return f'<a href="{_href(src, territory_src("national", ""))}">National</a>'
    label = escape(terr.label(territory))
    targets = []
    if territory.scale == "region":
        targets = [(territory_src("region", c), terr.regions.get(c, c)) for c in territory.codes]
    else:
        targets = [
            (territory_src("departement", d), terr.departements[d][0])
            for d in sorted(terr.departements_of(territory))
        ]
    scale = escape(labels.SCALES[territory.scale])
    if territory.scale in ("region", "departement"):
        return (
            ", ".join(f'<a href="{_href(src, t)}">{escape(n)}</a>' for t, n in targets)
            + f" <small>({scale})</small>"
        )
    links = ", ".join(f'<a href="{_href(src, t)}">{escape(n)}</a>' for t, n in targets)
    return f"{label} <small>({scale.lower()}{' — ' + links if links else ''})</small>"


def _badge(level: str, src: str | None = None) -> str:
    slug = labels.LEVEL_SLUGS[level]
    return f'<span class="essaim-badge essaim-badge--{slug}">{escape(labels.LEVELS[level].label)}</span>'


def _definition_list(facts: list[tuple[str, str]], css: str = "essaim-faits") -> str:
    rows = "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts if value)
    return f'<dl class="{css}">{rows}</dl>'


def _front_matter(title: str, description: str, **extra) -> str:
    # MkDocs themes do not autoescape, and Material prints both values as they are: the title
    # in <title> and in the header, the description in an attribute. Every place where
    # Material escapes page.title itself (navigation, footer) shows the title from mkdocs.yml.
    data = {
        "title": escape(title, quote=True),
        "description": escape(description, quote=True),
        **extra,
    }
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + text + "---"


# libyaml's emitter when available: the pure-Python one took a tenth of the build.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _group(resources: Iterable[Resource], keys) -> dict[str, list[Resource]]:
    groups: dict[str, list[Resource]] = defaultdict(list)
    for resource in resources:
        for key in keys(resource):
            groups[key].append(resource)
    return groups


def _by_title(resources: Iterable[Resource]) -> list[Resource]:
    return sorted(resources, key=lambda r: (fold(r.title), r.slug))


def _count(n: int) -> str:
    return f"{n} ressource" if n <= 1 else f"{n} ressources"


def french_date(value: str) -> str:
    """« 2016-10-18 » → « 18 octobre 2016 », « 2016-10 » → « octobre 2016 »."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def url_of(src: str) -> str:
    """Directory URL of a page source (use_directory_urls)."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


@functools.lru_cache(maxsize=65536)
def _href(from_src: str, to_src: str) -> str:
    """Relative link between two pages' directory URLs (called ~40 times per resource)."""
    start = [part for part in url_of(from_src).split("/") if part]
    target = [part for part in url_of(to_src).split("/") if part]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    relative = "/".join([".."] * (len(start) - common) + target[common:])
    return escape(relative + "/" if relative else "./")


# ---------------------------------------------------------------- search, map, statistics


def render_search_page(catalog: Catalog) -> str:
    """The catalogue: full-text search combined with facet filters (state in the URL)."""
    src = SEARCH_SRC
    options = facets.facet_options(catalog)
    groups = []
    for facet in facets.FACETS:
        if facet.key == "departement":
            continue  # nested under their région
        body = (
            _territory_fieldset(options)
            if facet.key == "region"
            else "".join(_checkbox(facet.key, o) for o in options[facet.key])
        )
        opened = " open" if facet.key in ("type", "niveau") else ""
        groups.append(
            f'<details class="essaim-facette" data-facette="{facet.key}"{opened}>'
            f"<summary>{escape(facet.label)}</summary>"
            f'<fieldset><legend class="essaim-invisible">{escape(facet.label)}</legend>{body}</fieldset></details>'
        )
    # Below the results, not above: the script hides this paragraph, and a paragraph that
    # vanishes above the results moves the whole page up on a phone (layout shift).
    fallback = (
        f'<p class="essaim-sans-js">La recherche et les filtres demandent JavaScript. Sans lui, '
        f'parcourez les ressources <a href="{_href(src, "types/index.md")}">par type</a>, '
        f'<a href="{_href(src, "territoires/index.md")}">par territoire</a>, '
        f'<a href="{_href(src, "niveaux/index.md")}">par niveau de qualité</a>, '
        f'<a href="{_href(src, "themes/index.md")}">par thème</a>, '
        f'<a href="{_href(src, "familles/index.md")}">par moyens mutualisés</a> ou '
        f'<a href="{_href(src, f"{RESOURCES_DIR}/index.md")}">de A à Z</a>.</p>'
    )
    form = (
        '<form id="essaim-catalogue" class="essaim-catalogue" role="search" action="./" method="get">'
        '<div class="essaim-requete"><label for="essaim-q">Rechercher</label>'
        '<input id="essaim-q" type="search" name="q" autocomplete="off" '
        'placeholder="Par exemple : convention, bénévoles, budget">'
        '<label for="essaim-tri">Trier par</label>'
        '<select id="essaim-tri" name="tri"><option value="">pertinence</option>'
        '<option value="date">date, plus récentes d\'abord</option></select>'
        '<button type="submit" class="md-button">Rechercher</button></div>'
        f'<details class="essaim-facettes" open><summary>Filtres</summary>{"".join(groups)}'
        '<button type="reset" class="essaim-effacer">Effacer les filtres</button></details></form>'
    )
    recent = most_recent(catalog.resources)[:RECENT_COUNT]
    results = (
        '<div class="essaim-zone-resultats"><h2 class="essaim-invisible">Résultats</h2>'
        '<p id="essaim-statut" class="essaim-statut" role="status" aria-live="polite">'
        f"Les {len(recent)} ressources les plus récentes. Tapez un mot ou choisissez un filtre.</p>"
        f'<div id="essaim-resultats">{_cards(recent, catalog, src)}</div>'
        '<button id="essaim-plus" type="button" class="md-button" hidden>Afficher plus de résultats</button></div>'
    )
    return (
        "\n\n".join(
            [
                _front_matter(
                    "Rechercher dans le catalogue",
                    "Recherche plein texte et filtres combinés : type, territoire, niveau de qualité, "
                    "cercle du producteur, moyens mutualisés, thème, public.",
                    hide=["navigation"],
                ),
                "# Rechercher dans le catalogue",
                f'<div class="essaim-recherche">{form}{results}</div>',
                fallback,
            ]
        )
        + "\n"
    )


def _territory_fieldset(options: dict[str, list[facets.Option]]) -> str:
    by_region: dict[str, list[facets.Option]] = defaultdict(list)
    for option in options["departement"]:
        by_region[option.parent].append(option)
    parts = []
    for region in options["region"]:
        children = "".join(_checkbox("departement", d) for d in by_region.get(region.value, []))
        nested = f'<div class="essaim-sous-options">{children}</div>' if children else ""
        parts.append(f'<div class="essaim-groupe">{_checkbox("region", region)}{nested}</div>')
    return "".join(parts)


def _checkbox(key: str, option: facets.Option) -> str:
    ident = f"f-{key}-{option.value}"
    return (
        f'<label class="essaim-option" for="{escape(ident)}">'
        f'<input type="checkbox" id="{escape(ident)}" name="{key}" value="{escape(option.value)}">'
        f" {escape(option.label)} "
        f'<span class="essaim-nb" data-nb="{escape(option.value)}">{option.count}</span></label>'
    )


def departement_counts(catalog: Catalog) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for resource in catalog.resources:
        for dep in catalog.territories.departements_of(resource.territory):
            counts[dep] += 1
    return dict(counts)


def render_map_block(catalog: Catalog, src: str) -> str:
    """Map of France by département, then the départements that have resources as a list
    of large links (the map's equivalent for fingers and keyboards), then every figure in a
    table."""
    terr = catalog.territories
    counts = departement_counts(catalog)
    names = {code: name for code, (name, _) in terr.departements.items()}
    shapes = charts.load_map(catalog.root / "data" / "carte" / "departements.json")
    svg = charts.france_map(
        shapes,
        counts,
        names,
        lambda code: _href(src, territory_src("departement", code)),
        "Carte des départements colorés selon le nombre de ressources",
        after="essaim-liste-departements",
    )
    ranked = sorted(names.items(), key=lambda item: (-counts.get(item[0], 0), fold(item[1])))
    with_resources = [(code, name) for code, name in ranked if counts.get(code, 0)]
    items = "".join(
        f'<li><a href="{_href(src, territory_src("departement", code))}">{escape(name)} ({escape(code)})</a> '
        f'<span class="essaim-compte">{_count(counts[code])}</span></li>'
        for code, name in with_resources
    )
    others = len(names) - len(with_resources)
    others_text = (
        f"Les {others} autres départements et collectivités d'outre-mer n'ont pas encore de "
        "ressource propre ; la page de chacun montre les ressources nationales, valables partout."
    )
    listing = (
        f'<h2 id="essaim-liste-departements">Départements qui ont des ressources</h2>\n\n'
        f'<ul class="essaim-liste essaim-cibles">{items}</ul>\n\n'
        f'<p class="essaim-discret">{others_text}</p>'
    )
    rows = "".join(
        f'<tr><td><a href="{_href(src, territory_src("departement", code))}">{escape(name)}</a></td>'
        f'<td>{escape(code)}</td><td class="essaim-nombre">{counts.get(code, 0)}</td></tr>'
        for code, name in ranked
    )
    table = (
        '<details class="essaim-tableau"><summary>Tous les départements en tableau</summary>'
        + scrollable(
            "Ressources par département",
            '<table class="essaim-table"><caption>Ressources par département</caption>'
            '<thead><tr><th scope="col">Département</th><th scope="col">Code</th>'
            f'<th scope="col" class="essaim-nombre">Ressources</th></tr></thead><tbody>{rows}</tbody></table>',
        )
        + "</details>"
    )
    caption = (
        "Ressources par département (communes et bassins de vie comptés dans leur département). "
        f"Carte : {escape(shapes['source'])}, licence {escape(shapes['licence'])}."
    )
    return (
        f'<figure class="essaim-figure essaim-figure--carte">{svg}<figcaption>{caption}</figcaption></figure>'
        f"\n\n{listing}\n\n{table}"
    )


def scrollable(label: str, table: str) -> str:
    """A table that may scroll sideways on a phone: its wrapper can take the keyboard's focus
    (axe « scrollable-region-focusable ») and says what it holds."""
    return f'<div class="essaim-defile" tabindex="0" role="region" aria-label="{escape(label)}">{table}</div>'


_TEXT_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def scrollable_text_tables(html: str) -> str:
    """Every table written in Markdown (a page's or a resource's text: `<table>` with no
    attribute) in the same focusable wrapper; the theme's own scrolling wrapper, added in
    the browser, then stays still inside it (essaim.css)."""
    if "<table>" not in html:
        return html
    return _TEXT_TABLE.sub(lambda m: scrollable("Tableau", m.group(0)), html)


def render_statistics_page(catalog: Catalog) -> str:
    src = STATS_SRC
    resources = catalog.resources
    by_type = _group(resources, lambda r: [r.type])
    by_level = _group(resources, lambda r: [r.quality.level])
    by_circle = _group(resources, lambda r: [catalog.producers[r.producer].circle])
    by_region = _group(
        resources,
        lambda r: (
            ["National"]
            if r.territory.scale == "national"
            else [
                catalog.territories.regions.get(c, c)
                for c in sorted(catalog.territories.regions_of(r.territory))
            ]
        ),
    )
    years = _group(resources, lambda r: [r.published[:4]])
    cumulative, total = [], 0
    for year in sorted(years):
        total += len(years[year])
        cumulative.append((year, total))
    sections = [
        _front_matter(
            "Statistiques",
            "Les ressources du portail par type, niveau de qualité, territoire et cercle de producteurs.",
            hide=["navigation"],
        ),
        "# Statistiques",
        f"<p>{_count(len(resources))} publiées, de {len(catalog.producers)} producteurs. "
        "Chaque graphique est suivi du tableau de ses chiffres.</p>",
        _chart_section(
            "Par type de ressource",
            [(labels.TYPES[k].label, len(by_type.get(k, []))) for k in labels.TYPES],
        ),
        _chart_section(
            "Par niveau de qualité",
            [(labels.LEVELS[k].label, len(by_level.get(k, []))) for k in labels.LEVELS],
        ),
        _chart_section(
            "Par territoire",
            sorted(
                ((name, len(items)) for name, items in by_region.items()),
                key=lambda row: (-row[1], fold(row[0])),
            ),
            first_column="Territoire",
        ),
        _chart_section(
            "Par cercle de producteurs",
            [(labels.CIRCLES[k].label, len(by_circle.get(k, []))) for k in labels.CIRCLES],
        ),
        _chart_section(
            "Croissance du catalogue",
            cumulative,
            first_column="Année de publication",
            value_column="Ressources publiées (cumul)",
        ),
        "<h2>Carte</h2>",
        render_map_block(catalog, src),
    ]
    return "\n\n".join(sections) + "\n"


def _chart_section(title, rows, first_column="Catégorie", value_column="Ressources") -> str:
    """A chart and the table of its figures, both made from the same rows."""
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td class="essaim-nombre">{value}</td></tr>'
        for label, value in rows
    )
    table = scrollable(
        title,
        f'<table class="essaim-table"><caption>{escape(title)} : les chiffres</caption><thead><tr>'
        f'<th scope="col">{escape(first_column)}</th>'
        f'<th scope="col" class="essaim-nombre">{escape(value_column)}</th></tr></thead>'
        f"<tbody>{body}</tbody></table>",
    )
    return (
        f"<h2>{escape(title)}</h2>\n\n"
        f'<figure class="essaim-figure">{charts.bar_chart(rows)}</figure>\n\n{table}'
    )
