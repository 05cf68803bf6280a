"""Territory pages (national, regions, departements) and the map of France block."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from essaim import labels
from essaim.model import Catalog, Resource
from essaim.pages import charts, directory
from essaim.pages.cards import render_cards
from essaim.pages.catalogue import SEARCH_SRC
from essaim.pages.html import (
    TRIED_HERE_SLOT,
    by_title,
    count_label,
    front_matter,
    group_by,
    scrollable,
    subscribe_link,
)
from essaim.pages.listings import most_recent
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import (
    WATCH_TYPES,
    departement_feed_path,
    relative_href,
    territory_src,
    url_of,
    watch_feed_path,
)


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
    for code, name in sorted(terr.regions.items(), key=lambda item: match_key(item[1])):
        deps = sorted(
            (d for d, (_, reg) in terr.departements.items() if reg == code),
            key=lambda d: match_key(terr.departements[d][0]),
        )
        region_link = f'<a href="{relative_href(index_src, territory_src("region", code))}">{escape(name)}</a>'
        dep_links = [
            (d, f'<a href="{relative_href(index_src, territory_src("departement", d))}">'
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
            f'<span class="essaim-compte">{count_label(len(by_region[code]))}</span>'
            f"<br><small>{', '.join(busy)}{rest_text}</small></li>"
        )
    pages[index_src] = (
        "\n\n".join(
            [
                front_matter("Par territoire", "Les ressources par région et par département."),
                "# Par territoire",
                "<p>Une ressource née dans une commune ou un bassin de vie apparaît aussi sur la page "
                "de son département et de sa région. Les ressources nationales, valables partout, sont "
                f'regroupées à part : <a href="{relative_href(index_src, territory_src("national", ""))}">'
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
                helpers_by_region.get(code, []), catalog, src, f"en région {name}"
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
                helpers_by_dep.get(code, []),
                catalog,
                src,
                f"dans le département {name}",
            ),
            facet=("departement", code),
            tried_here=len(tried_dep.get(code, ())),
            feed=departement_feed_path(code),
            national=national,
            watch=watch("departement", code),
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
            f'<a href="{relative_href(src, SEARCH_SRC)}{query}">Chercher et filtrer ces ressources</a>'
        )
    if facet and national and not is_national:
        # the catalogue adds up ticked territories: this one and the national resources
        union = escape(f"?{facet[0]}={facet[1]}&region=national")
        shortcuts.append(
            f'<a href="{relative_href(src, SEARCH_SRC)}{union}">Tout ce qui s\'applique ici, '
            f"ressources nationales comprises</a> ({count_label(len(resources) + len(national))})"
        )
    if related and children_title == "Région":
        rsrc, name, n = related[0]
        shortcuts.append(
            f'Région : <a href="{relative_href(src, rsrc)}">{escape(name)}</a> ({count_label(n)})'
        )
    elif related:
        shortcuts.append(f'<a href="#departements">{children_title}</a>')
    if tried_here:
        shortcuts.append(f'<a href="#essayees-ici">Essayées ici</a> ({count_label(tried_here)})')
    if helpers:
        shortcuts.append('<a href="#qui-peut-vous-aider">Qui peut vous aider</a>')
    if not is_national:
        shortcuts.append(
            f'<a href="{relative_href(src, territory_src("national", ""))}">Ressources nationales</a> '
            f"({count_label(len(national))}), valables partout"
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
            f'<li><a href="{relative_href(src, rsrc)}">{escape(name)}</a> <span class="essaim-compte">{count_label(n)}</span></li>'
            for rsrc, name, n in busy
        )
        rest = ", ".join(
            f'<a href="{relative_href(src, rsrc)}">{escape(name)}</a>' for rsrc, name in quiet
        )
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
            f'Votre réseau en a une ? <a href="{relative_href(src, "contribuer.md")}">Proposez-la au '
            "comité éditorial</a>.</p>"
        )
        if national and not is_national:
            body += (
                "\n\n<h2>Valables partout : les ressources nationales les plus récentes</h2>\n\n"
                + render_cards(most_recent(national)[:6], catalog, src, compact=True)
                + f'\n\n<p><a href="{relative_href(src, territory_src("national", ""))}">Toutes les '
                f"ressources nationales ({len(national)})</a></p>"
            )
    return (
        "\n\n".join(
            p
            for p in [
                front_matter(title, description),
                f"<h1>{escape(title)}</h1>",
                f"<p>{escape(description)} {count_label(len(resources))}.</p>",
                quick,
                body,
                TRIED_HERE_SLOT if tried_here else "",
                helpers,
                related_block,
            ]
            if p
        )
        + "\n"
    )


def _by_type(resources: Iterable[Resource], catalog: Catalog, src: str) -> str:
    """Resources grouped by type (in the order of the schema), each group with its count."""
    groups = group_by(resources, lambda r: [r.type])
    parts = []
    for key, label in labels.TYPES.items():
        found = groups.get(key)
        if not found:
            continue
        parts.append(
            f'<h2 id="type-{key}">{escape(label.plural)} '
            f'<span class="essaim-compte">({len(found)})</span></h2>'
        )
        parts.append(render_cards(by_title(found), catalog, src, compact=True))
    return "\n\n".join(parts)


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
        lambda code: relative_href(src, territory_src("departement", code)),
        "Carte des départements colorés selon le nombre de ressources",
        after="essaim-liste-departements",
    )
    ranked = sorted(names.items(), key=lambda item: (-counts.get(item[0], 0), match_key(item[1])))
    with_resources = [(code, name) for code, name in ranked if counts.get(code, 0)]
    items = "".join(
        f'<li><a href="{relative_href(src, territory_src("departement", code))}">{escape(name)} ({escape(code)})</a> '
        f'<span class="essaim-compte">{count_label(counts[code])}</span></li>'
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
        f'<tr><td><a href="{relative_href(src, territory_src("departement", code))}">{escape(name)}</a></td>'
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
