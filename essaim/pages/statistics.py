"""The statistics page and the figures block of the home page."""

from __future__ import annotations

from essaim import labels
from essaim.model import Catalog
from essaim.pages import charts
from essaim.pages.html import badge, count_label, front_matter, group_by, scrollable
from essaim.pages.territories import render_map_block
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import relative_href

STATS_SRC = "statistiques/index.md"


def figures_block(catalog: Catalog, src: str) -> str:
    """The portal in figures, and the quality levels explained in one glance."""
    groups = group_by(catalog.resources, lambda r: [r.quality.level])
    levels = "".join(
        f'<li><a href="{relative_href(src, f"niveaux/{labels.LEVEL_SLUGS[key]}.md")}">{badge(key)}'
        f' <span class="essaim-niveau__nombre">{count_label(len(groups.get(key, [])))}</span></a>'
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
        f'que valent ses preuves (<a href="{relative_href(src, "qualite.md")}">les niveaux de qualité</a>) :</p>'
        f'<ul class="essaim-niveaux">{levels}</ul></div>'
    )


def render_statistics_page(catalog: Catalog) -> str:
    src = STATS_SRC
    resources = catalog.resources
    by_type = group_by(resources, lambda r: [r.type])
    by_level = group_by(resources, lambda r: [r.quality.level])
    by_circle = group_by(resources, lambda r: [catalog.producers[r.producer].circle])
    by_region = group_by(
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
    years = group_by(resources, lambda r: [r.published[:4]])
    cumulative, total = [], 0
    for year in sorted(years):
        total += len(years[year])
        cumulative.append((year, total))
    sections = [
        front_matter(
            "Statistiques",
            "Les ressources du portail par type, niveau de qualité, territoire et cercle de producteurs.",
            hide=["navigation"],
        ),
        "# Statistiques",
        f"<p>{count_label(len(resources))} publiées, de {len(catalog.producers)} producteurs. "
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
                key=lambda row: (-row[1], match_key(row[0])),
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
