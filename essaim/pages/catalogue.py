"""The catalogue page: full-text search form and facet filters (state in the URL)."""

from __future__ import annotations

import json
from collections import defaultdict

from essaim.model import Catalog
from essaim.pages import facets
from essaim.pages.cards import render_cards
from essaim.pages.html import front_matter
from essaim.pages.listings import most_recent
from essaim.settings import PROPOSAL_FORM, REPOSITORY_URL
from essaim.text import escape_html as escape
from essaim.urls import RESOURCES_DIR, relative_href

SEARCH_SRC = "catalogue/index.md"
# Resources shown on the catalogue page before any search (and without JavaScript).
RECENT_COUNT = 20


# ---------------------------------------------------------------- search, map, statistics


def proposal_form_url() -> str:
    """The « Proposer une ressource » issue form (no Git needed)."""
    return f"{REPOSITORY_URL}/issues/new?template={PROPOSAL_FORM}"


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
        opened = " open" if facet.opened else ""
        groups.append(
            f'<details class="essaim-facette" data-facette="{facet.key}"{opened}>'
            f"<summary>{escape(facet.label)}</summary>"
            f'<fieldset><legend class="essaim-invisible">{escape(facet.label)}</legend>{body}</fieldset></details>'
        )
    # Below the results, not above: the script hides this paragraph, and a paragraph that
    # vanishes above the results moves the whole page up on a phone (layout shift).
    fallback = (
        f'<p class="essaim-sans-js">La recherche et les filtres demandent JavaScript. Sans lui, '
        f'parcourez les ressources <a href="{relative_href(src, "types/index.md")}">par type</a>, '
        f'<a href="{relative_href(src, "territoires/index.md")}">par territoire</a>, '
        f'<a href="{relative_href(src, "niveaux/index.md")}">par niveau de qualité</a>, '
        f'<a href="{relative_href(src, "themes/index.md")}">par thème</a>, '
        f'<a href="{relative_href(src, "familles/index.md")}">par moyens mutualisés</a> ou '
        f'<a href="{relative_href(src, f"{RESOURCES_DIR}/index.md")}">de A à Z</a>.</p>'
    )
    described = json.dumps(facets.page_description(), ensure_ascii=False, separators=(",", ":"))
    form = (
        '<form id="essaim-catalogue" class="essaim-catalogue" role="search" action="./" method="get" '
        f'data-facettes="{escape(described)}">'
        '<div class="essaim-requete"><label for="essaim-q">Rechercher</label>'
        '<input id="essaim-q" type="search" name="q" autocomplete="off" '
        'placeholder="Par exemple : convention, bénévoles, budget">'
        '<label for="essaim-tri">Trier par</label>'
        '<select id="essaim-tri" name="tri"><option value="">pertinence</option>'
        '<option value="date">date, plus récentes d\'abord</option></select>'
        '<button type="submit" class="md-button">Rechercher</button></div>'
        f'<details class="essaim-facettes" open><summary>Filtres</summary>{"".join(groups)}'
        '<button type="reset" class="essaim-effacer">Effacer les filtres</button>'
        # on a phone, the way back to the results stays in view while filters are chosen
        '<div class="essaim-voir-zone"><button type="button" id="essaim-voir" class="md-button md-button--primary">'
        "Voir les résultats</button></div></details></form>"
    )
    recent = most_recent(catalog.resources)[:RECENT_COUNT]
    results = (
        '<div class="essaim-zone-resultats"><h2 class="essaim-invisible">Résultats</h2>'
        '<div id="essaim-puces" class="essaim-puces" aria-label="Filtres actifs" role="group" hidden></div>'
        '<p id="essaim-statut" class="essaim-statut" role="status" aria-live="polite">'
        f"Les {len(recent)} ressources les plus récentes. Tapez un mot ou choisissez un filtre.</p>"
        '<div id="essaim-explications" class="essaim-explications" aria-live="polite"></div>'
        '<p id="essaim-proposer" class="essaim-proposer" hidden>Rien ne répond à votre besoin ? '
        f'<a href="{escape(proposal_form_url())}">Proposer une ressource</a> (un formulaire '
        f'simple, sans Git) ou lire <a href="{relative_href(src, "contribuer.md")}">comment '
        "contribuer</a>.</p>"
        # structures of the directory a query asks for (« qui peut m'aider à Créteil »)
        '<section id="essaim-structures" class="essaim-structures" '
        'aria-labelledby="essaim-structures-titre" hidden>'
        '<h3 id="essaim-structures-titre" class="essaim-structures__titre">'
        "Structures qui peuvent vous aider</h3>"
        '<div class="essaim-cartes"></div>'
        f'<p class="essaim-structures__plus"><a href="{relative_href(src, "annuaire/index.md")}">'
        "Toutes les structures : annuaire « Qui peut vous aider »</a></p></section>"
        f'<div id="essaim-resultats">{render_cards(recent, catalog, src)}</div>'
        '<button id="essaim-plus" type="button" class="md-button" hidden>Afficher plus de résultats</button></div>'
    )
    return (
        "\n\n".join(
            [
                front_matter(
                    "Rechercher dans le catalogue",
                    f"Recherche plein texte et filtres combinés : {_facet_names()}.",
                    hide=["navigation"],
                    # the page's own field: the header offers no second one
                    essaim_recherche="essaim-q",
                ),
                "# Rechercher dans le catalogue",
                f'<div class="essaim-recherche">{form}{results}</div>',
                fallback,
            ]
        )
        + "\n"
    )


def _facet_names() -> str:
    """« type de ressource, niveau de qualité, territoire… »: one name a group of facets."""
    names: dict[str, str] = {}
    for facet in facets.FACETS:
        names.setdefault(facet.group or facet.key, facet.label[0].lower() + facet.label[1:])
    return ", ".join(names.values())


def _territory_fieldset(options: dict[str, list[facets.Option]]) -> str:
    """Régions, their départements nested, and national resources first: ticked values add
    up (« Val-de-Marne » and the national ones is what applies in the Val-de-Marne)."""
    by_region: dict[str, list[facets.Option]] = defaultdict(list)
    for option in options["departement"]:
        by_region[option.parent].append(option)
    parts = [
        '<p class="essaim-aide">Les territoires cochés s\'additionnent : un département et '
        "les ressources nationales, deux départements, une région…</p>"
    ]
    for region in options["region"]:
        if region.value == facets.NATIONAL:
            national = _checkbox(
                "region",
                region,
                label="Inclure les ressources nationales",
                chip="Ressources nationales",
            )
            parts.append(f'<div class="essaim-groupe essaim-national">{national}</div>')
            continue
        children = "".join(_checkbox("departement", d) for d in by_region.get(region.value, []))
        nested = f'<div class="essaim-sous-options">{children}</div>' if children else ""
        parts.append(f'<div class="essaim-groupe">{_checkbox("region", region)}{nested}</div>')
    return "".join(parts)


def _checkbox(key: str, option: facets.Option, label: str = "", chip: str = "") -> str:
    ident = f"f-{key}-{option.value}"
    chip_attribute = f' data-puce="{escape(chip)}"' if chip else ""
    return (
        f'<label class="essaim-option" for="{escape(ident)}">'
        f'<input type="checkbox" id="{escape(ident)}" name="{key}" value="{escape(option.value)}"{chip_attribute}>'
        f" {escape(label or option.label)} "
        f'<span class="essaim-nb" data-nb="{escape(option.value)}">{option.count}</span></label>'
    )
