"""« Qui peut vous aider » : the directory of support structures, as pages and blocks.

- `annuaire/index.md`: a map of France by département (structures counted where they
  help), the same figures as a table, and every structure grouped by région;
- `annuaire/<identifiant>.md`: one page per structure (type, territory, Guid'Asso marks,
  kinds of help, organisational contacts, source);
- a « Qui peut vous aider » section on each département and région page
  (`structures_section`), with the structures whose territory covers it.

Every contributor value is HTML-escaped here; the URLs were checked by the schema
(http(s) only, no quote, no angle bracket) and are escaped again.
"""

from __future__ import annotations

from collections import defaultdict

from essaim.catalog.safety import web_href
from essaim.catalog.structures import GUIDASSO_MARKS, HELP_KINDS, STRUCTURE_TYPES
from essaim.model import Catalog, Structure
from essaim.pages import charts
from essaim.pages.html import front_matter, scrollable
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import relative_href, territory_src

DIRECTORY_DIR = "annuaire"
DIRECTORY_SRC = f"{DIRECTORY_DIR}/index.md"
SECTION_ID = "qui-peut-vous-aider"
TITLE = "Qui peut vous aider"


def structure_src(slug: str) -> str:
    return f"{DIRECTORY_DIR}/{slug}.md"


def _ordered(structures) -> list[Structure]:
    return sorted(structures, key=lambda s: (match_key(s.name), s.slug))


def by_departement(catalog: Catalog) -> dict[str, list[Structure]]:
    """Département code -> structures helping there: a structure of a commune, a bassin de
    vie or a département counts in its département(s); one of a région in each of the
    région's départements."""
    terr = catalog.territories
    found: dict[str, list[Structure]] = defaultdict(list)
    deps_of_region: dict[str, list[str]] = defaultdict(list)
    for dep, (_, region) in terr.departements.items():
        deps_of_region[region].append(dep)
    for structure in _ordered(catalog.structures.values()):
        deps = set(terr.departements_of(structure.territory))
        if structure.territory.scale == "region":
            for region in structure.territory.codes:
                deps.update(deps_of_region.get(region, ()))
        for dep in sorted(deps):
            found[dep].append(structure)
    return dict(found)


def by_region(catalog: Catalog) -> dict[str, list[Structure]]:
    terr = catalog.territories
    found: dict[str, list[Structure]] = defaultdict(list)
    for structure in _ordered(catalog.structures.values()):
        for region in sorted(terr.regions_of(structure.territory)):
            found[region].append(structure)
    return dict(found)


def national(catalog: Catalog) -> list[Structure]:
    return _ordered(s for s in catalog.structures.values() if s.territory.scale == "national")


# ---------------------------------------------------------------- pages


def render_directory_pages(catalog: Catalog) -> dict[str, str]:
    """{source path: page} of the directory."""
    pages = {DIRECTORY_SRC: _index_page(catalog)}
    for structure in catalog.structures.values():
        src = structure_src(structure.slug)
        pages[src] = _structure_page(structure, catalog, src)
    return pages


def _index_page(catalog: Catalog) -> str:
    src = DIRECTORY_SRC
    terr = catalog.territories
    regions = by_region(catalog)
    deps = by_departement(catalog)
    sections = []
    for code, name in sorted(terr.regions.items(), key=lambda item: match_key(item[1])):
        members = regions.get(code, [])
        if not members:
            continue
        region_link = relative_href(src, territory_src("region", code))
        sections.append(
            f'<h3><a href="{region_link}">{escape(name)}</a></h3>\n\n'
            + _cards(members, catalog, src, level=4)
        )
    national_block = ""
    if national(catalog):
        national_block = "<h2>À l'échelle nationale</h2>\n\n" + _cards(
            national(catalog), catalog, src
        )
    count = len(catalog.structures)
    intro = (
        "<p>Les structures qui aident les associations près de chez elles : maisons des "
        "associations, points d'appui Guid'Asso, dispositifs locaux d'accompagnement (DLA), "
        "centres de ressources, fédérations. Seuls les contacts des organisations sont "
        "publiés. Chaque fiche dit d'où viennent ses informations.</p>"
        f'<p class="essaim-discret">{_count(count)} {"recensée" if count <= 1 else "recensées"}. Une structure manque ou une '
        "information a changé ? Proposez un fichier dans <code>structures/</code> (voir "
        f'<a href="{relative_href(src, "contribuer.md")}">Contribuer</a>, « Ajouter une structure »).</p>'
    )
    return (
        "\n\n".join(
            part
            for part in [
                front_matter(TITLE, "L'annuaire des structures qui aident les associations."),
                f"# {TITLE}",
                intro,
                _map_block(catalog, deps, src),
                national_block,
                "<h2>Par région</h2>" if sections else "",
                *sections,
            ]
            if part
        )
        + "\n"
    )


def _map_block(catalog: Catalog, deps: dict[str, list[Structure]], src: str):
    """The map of structures by département, the départements that have some as a list of
    large links, then the figures in a table (the same layout as the resources' map)."""
    terr = catalog.territories
    counts = {code: len(members) for code, members in deps.items()}
    names = {code: name for code, (name, _) in terr.departements.items()}
    shapes = charts.load_map(catalog.root / "data" / "carte" / "departements.json")

    def link(code: str) -> str:
        return relative_href(src, territory_src("departement", code))

    svg = charts.france_map(
        shapes,
        counts,
        names,
        link,
        "Carte des départements colorés selon le nombre de structures d'appui",
        after="essaim-departements-structures",
        unit=("structure", "structures"),
    )
    ranked = sorted(counts, key=lambda c: (-counts[c], match_key(names.get(c, c))))
    items = "".join(
        f'<li><a href="{link(code)}">{escape(names.get(code, code))} ({escape(code)})</a> '
        f'<span class="essaim-compte">{_count(counts[code])}</span></li>'
        for code in ranked
    )
    listing = (
        '<h2 id="essaim-departements-structures">Départements où une structure est recensée</h2>'
        f'\n\n<ul class="essaim-liste essaim-cibles">{items}</ul>'
    )
    rows = "".join(
        f'<tr><td><a href="{link(code)}">{escape(names.get(code, code))}</a></td>'
        f'<td>{escape(code)}</td><td class="essaim-nombre">{counts[code]}</td></tr>'
        for code in ranked
    )
    table = (
        '<details class="essaim-tableau"><summary>Les mêmes chiffres en tableau</summary>'
        + scrollable(
            "Structures d'appui par département",
            '<table class="essaim-table"><caption>Structures d\'appui par département</caption>'
            '<thead><tr><th scope="col">Département</th><th scope="col">Code</th>'
            '<th scope="col" class="essaim-nombre">Structures</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>",
        )
        + "</details>"
    )
    caption = (
        "Structures d'appui par département (une structure régionale compte dans chacun de ses "
        f"départements). Carte : {escape(shapes['source'])}, licence {escape(shapes['licence'])}."
    )
    return (
        f'<figure class="essaim-figure essaim-figure--carte">{svg}<figcaption>{caption}'
        f"</figcaption></figure>\n\n{listing}\n\n{table}"
    )


def _structure_page(structure: Structure, catalog: Catalog, src: str):
    facts = _facts(structure, catalog, src)
    rows = "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts if value)
    back = (
        f'<p class="essaim-discret"><a href="{relative_href(src, DIRECTORY_SRC)}">{TITLE}</a> : '
        "toutes les structures d'appui.</p>"
    )
    return (
        "\n\n".join(
            part
            for part in [
                front_matter(
                    structure.display_name,
                    structure.description or STRUCTURE_TYPES[structure.kind],
                ),
                f"<h1>{escape(structure.display_name)}</h1>",
                f'<p class="essaim-resume">{escape(structure.description)}</p>'
                if structure.description
                else "",
                f'<dl class="essaim-fiche">{rows}</dl>',
                back,
            ]
            if part
        )
        + "\n"
    )


def _facts(structure: Structure, catalog: Catalog, src: str):
    terr = catalog.territories
    territory = structure.territory
    if territory.scale == "national":
        where = escape("National")
    else:
        targets = (
            [(territory_src("region", c), terr.regions.get(c, c)) for c in territory.codes]
            if territory.scale == "region"
            else [
                (territory_src("departement", d), terr.departements[d][0])
                for d in sorted(terr.departements_of(territory))
            ]
        )
        links = ", ".join(
            f'<a href="{relative_href(src, target)}">{escape(name)}</a>' for target, name in targets
        )
        where = escape(terr.label(territory))
        if territory.scale not in ("region", "departement") and links:
            where += f" <small>({links})</small>"
        elif links:
            where = links
    facts = [
        ("Type", escape(STRUCTURE_TYPES[structure.kind])),
        ("Territoire", where),
        ("Guid'Asso", _marks(structure)),
        ("Aides", escape(", ".join(HELP_KINDS[h] for h in structure.helps))),
    ]
    if structure.site:
        site = escape(structure.site)
        facts.append(("Site", f'<a href="{web_href(structure.site)}">{site}</a>'))
    if structure.email:
        email = escape(structure.email)
        facts.append(("Courriel", f'<a href="{web_href("mailto:" + structure.email)}">{email}</a>'))
    if structure.address:
        facts.append(("Adresse", escape(structure.address)))
    producer = catalog.producers.get(structure.producer) if structure.producer else None
    if producer:
        page = relative_href(src, f"producteurs/{producer.slug}.md")
        facts.append(("Ses ressources", f'<a href="{page}">{escape(producer.name)}</a>'))
    facts.append(("Source", escape(structure.source)))
    return facts


def _marks(structure: Structure) -> str:
    """The Guid'Asso labels of a structure (class essaim-label-guidasso: the resource
    pages' « prête pour promotion » marks are another thing, class essaim-marque)."""
    return "".join(
        f'<span class="essaim-label-guidasso">{escape(GUIDASSO_MARKS[mark])}</span> '
        for mark in structure.guidasso
    ).strip()


def _cards(structures: list[Structure], catalog: Catalog, src: str, level: int = 3) -> str:
    cards = []
    for structure in structures:
        meta = [STRUCTURE_TYPES[structure.kind], catalog.territories.label(structure.territory)]
        cards.append(
            f'<article class="essaim-carte essaim-carte--structure">'
            f'<h{level} class="essaim-carte__titre">'
            f'<a href="{relative_href(src, structure_src(structure.slug))}">'
            f"{escape(structure.display_name)}</a></h{level}>"
            f'<p class="essaim-carte__meta">{escape(" · ".join(meta))}</p>'
            + (f"<p>{_marks(structure)}</p>" if structure.guidasso else "")
            + f"<p>{escape(', '.join(HELP_KINDS[h] for h in structure.helps))}</p></article>"
        )
    return f'<div class="essaim-cartes">{"".join(cards)}</div>'


def structures_section(structures: list[Structure], catalog: Catalog, src: str, place: str) -> str:
    """The « Qui peut vous aider » section of a territory page."""
    head = f'<h2 id="{SECTION_ID}">{TITLE}</h2>'
    directory = relative_href(src, DIRECTORY_SRC)
    if not structures:
        return (
            f"{head}\n\n<p>Aucune structure d'appui n'est encore recensée {escape(place)}. "
            f'Voir <a href="{directory}">l\'annuaire</a>, ou proposez-en une.</p>'
        )
    return (
        f"{head}\n\n<p>Les structures qui aident les associations {escape(place)} "
        f'({_count(len(structures))}). Voir aussi <a href="{directory}">l\'annuaire</a>.</p>'
        f"\n\n{_cards(structures, catalog, src)}"
    )


def _count(n: int) -> str:
    return f"{n} structure" if n <= 1 else f"{n} structures"
