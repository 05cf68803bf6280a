"""Listing pages: every resource, and one page per type, level, theme and producer.

Also the order shared by the home page, the catalogue and the feeds (most_recent).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from essaim import labels
from essaim.catalog.safety import web_href
from essaim.model import Catalog, Resource
from essaim.pages.cards import render_cards
from essaim.pages.html import (
    badge,
    by_title,
    count_label,
    definition_list,
    front_matter,
    group_by,
    scrollable,
    subscribe_link,
    territory_links,
)
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import RESOURCES_DIR, relative_href, resource_src, type_feed_path


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


def render_all_resources_page(catalog: Catalog) -> str:
    src = f"{RESOURCES_DIR}/index.md"
    by_letter: dict[str, list[Resource]] = defaultdict(list)
    for resource in by_title(catalog.resources):
        letter = match_key(resource.title)[:1].upper()
        by_letter[letter if letter.isalpha() else "#"].append(resource)
    blocks = [
        front_matter(
            "Toutes les ressources", "Liste complète des ressources du portail, de A à Z."
        ),
        "# Toutes les ressources",
        f"<p>{len(catalog.resources)} ressources, de A à Z. Vous pouvez aussi les parcourir "
        f'<a href="{relative_href(src, "types/index.md")}">par type</a>, '
        f'<a href="{relative_href(src, "territoires/index.md")}">par territoire</a>, '
        f'<a href="{relative_href(src, "niveaux/index.md")}">par niveau de qualité</a> ou '
        f'<a href="{relative_href(src, "themes/index.md")}">par thème</a>.</p>',
    ]
    for letter, resources in by_letter.items():
        items = "".join(
            f'<li><a href="{relative_href(src, resource_src(r.slug))}">{escape(r.title)}</a> '
            f"{badge(r.quality.level)} "
            f'<span class="essaim-discret">{escape(labels.TYPES[r.type].label)}</span></li>'
            for r in resources
        )
        blocks.append(f'<h2 id="lettre-{match_key(letter) or "autres"}">{escape(letter)}</h2>')
        blocks.append(f'<ul class="essaim-liste">{items}</ul>')
    return "\n\n".join(blocks) + "\n"


def render_type_pages(catalog: Catalog) -> dict[str, str]:
    groups = group_by(catalog.resources, lambda r: [r.type])
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
    groups = group_by(catalog.resources, lambda r: [r.quality.level])
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
    groups = group_by(catalog.resources, lambda r: list(r.themes))
    entries = [
        (f"themes/{term.id}.md", term.label, term.description, groups.get(term.id, []))
        for term in sorted(catalog.themes.values(), key=lambda t: match_key(t.label))
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
    groups = group_by(catalog.resources, lambda r: list(r.families))
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
    groups = group_by(catalog.resources, lambda r: [r.producer])
    pages: dict[str, str] = {}
    index_src = "producteurs/index.md"
    sections = []
    for circle, circle_label in labels.CIRCLES.items():
        members = sorted(
            (p for p in catalog.producers.values() if p.circle == circle),
            key=lambda p: match_key(p.name),
        )
        if not members:
            continue
        items = "".join(
            f'<li><a href="{relative_href(index_src, f"producteurs/{p.slug}.md")}">{escape(p.name)}</a> '
            f'<span class="essaim-compte">{count_label(len(groups.get(p.slug, [])))}</span></li>'
            for p in members
        )
        sections.append(
            f'<h2>{escape(circle_label.plural)}</h2>\n\n<ul class="essaim-liste">{items}</ul>'
        )
    pages[index_src] = (
        "\n\n".join(
            [
                front_matter(
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
            ("Territoire", territory_links(producer.territory, catalog, src)),
        ]
        if producer.site:
            facts.append(
                ("Site", f'<a href="{web_href(producer.site)}">{escape(producer.site)}</a>')
            )
        name = producer.name + (f" ({producer.acronym})" if producer.acronym else "")
        pages[src] = (
            "\n\n".join(
                [
                    front_matter(producer.name, producer.description or producer.name),
                    f"<h1>{escape(name)}</h1>",
                    f"<p>{escape(producer.description)}</p>" if producer.description else "",
                    definition_list(facts),
                    "<h2>Ses ressources</h2>",
                    render_cards(groups.get(producer.slug, []), catalog, src),
                ]
            )
            + "\n"
        )
    return pages


# ---------------------------------------------------------------- building blocks


def _listing_family(
    catalog: Catalog, index_src: str, title: str, intro: str, entries, feeds=None
) -> dict[str, str]:
    """An index page with counts, and one listing page per entry."""
    pages: dict[str, str] = {}
    items = "".join(
        f'<li><a href="{relative_href(index_src, src)}">{escape(label)}</a> '
        f'<span class="essaim-compte">{count_label(len(resources))}</span>'
        f"<br><small>{escape(description)}</small></li>"
        for src, label, description, resources in entries
    )
    pages[index_src] = (
        "\n\n".join(
            [
                front_matter(title, intro),
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
                    front_matter(label, description or label),
                    f"<h1>{escape(label)}</h1>",
                    f"<p>{escape(description)}</p>" if description else "",
                    f'<p class="essaim-discret">{count_label(len(resources))}'
                    + (f" · {subscribe_link(src, feeds[src])}" if feeds and src in feeds else "")
                    + "</p>",
                    # the cards' titles are h3: a heading between them and the h1 (axe)
                    '<h2 class="essaim-invisible">Les ressources</h2>',
                    render_cards(by_title(resources), catalog, src),
                ]
            )
            + "\n"
        )
    return pages


_TEXT_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def scrollable_text_tables(html: str) -> str:
    """Every table written in Markdown (a page's or a resource's text: `<table>` with no
    attribute) in the same focusable wrapper; the theme's own scrolling wrapper, added in
    the browser, then stays still inside it (essaim.css)."""
    if "<table>" not in html:
        return html
    # Each region of a page needs its own name (axe « landmark-unique »): numbered.
    numbers = itertools.count(1)
    return _TEXT_TABLE.sub(lambda m: scrollable(f"Tableau {next(numbers)}", m.group(0)), html)
