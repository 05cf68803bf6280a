"""The small HTML kit every page family shares: badges, fact lists, front matter, sorting
and grouping, links to a resource's territory, scrollable tables. Every contributor value
is escaped here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import yaml

from essaim import labels
from essaim.catalog.safety import encodable
from essaim.model import Catalog, Resource
from essaim.territories import Territory
from essaim.text import escape_html as escape
from essaim.text import match_key
from essaim.urls import relative_href, territory_src, url_of

# Where quality_html.add_trials_here puts « Essayées ici » on a territory page.
TRIED_HERE_SLOT = "<!-- essaim:essayees-ici -->"


def subscribe_link(src: str, feed_path: str) -> str:
    """« S'abonner » to an Atom feed, from the page src."""
    depth = len([part for part in url_of(src).split("/") if part])
    return (
        f'<a class="essaim-abonner" href="{"../" * depth}{escape(feed_path)}" '
        'type="application/atom+xml">S\'abonner (flux Atom)</a>'
    )


def territory_links(territory: Territory, catalog: Catalog, src: str) -> str:
    terr = catalog.territories
    if territory.scale == "national":
        return f'<a href="{relative_href(src, territory_src("national", ""))}">National</a>'
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
            ", ".join(f'<a href="{relative_href(src, t)}">{escape(n)}</a>' for t, n in targets)
            + f" <small>({scale})</small>"
        )
    links = ", ".join(f'<a href="{relative_href(src, t)}">{escape(n)}</a>' for t, n in targets)
    return f"{label} <small>({scale.lower()}{' — ' + links if links else ''})</small>"


def badge(level: str, src: str | None = None) -> str:
    slug = labels.LEVEL_SLUGS[level]
    return f'<span class="essaim-badge essaim-badge--{slug}">{escape(labels.LEVELS[level].label)}</span>'


def definition_list(facts: list[tuple[str, str]], css: str = "essaim-faits") -> str:
    rows = "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts if value)
    return f'<dl class="{css}">{rows}</dl>'


def front_matter(title: str, description: str, **extra) -> str:
    # MkDocs themes do not autoescape, and Material prints both values as they are: the title
    # in <title> and in the header, the description in an attribute. Every place where
    # Material escapes page.title itself (navigation, footer) shows the title from mkdocs.yml.
    data = {
        "title": encodable(escape(title, quote=True)),
        "description": encodable(escape(description, quote=True)),
        **extra,
    }
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + text + "---"


# libyaml's emitter when available: the pure-Python one took a tenth of the build.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def group_by(resources: Iterable[Resource], keys) -> dict[str, list[Resource]]:
    groups: dict[str, list[Resource]] = defaultdict(list)
    for resource in resources:
        for key in keys(resource):
            groups[key].append(resource)
    return groups


def by_title(resources: Iterable[Resource]) -> list[Resource]:
    return sorted(resources, key=lambda r: (match_key(r.title), r.slug))


def count_label(n: int) -> str:
    return f"{n} ressource" if n <= 1 else f"{n} ressources"


def scrollable(label: str, table: str) -> str:
    """A table that may scroll sideways on a phone: its wrapper can take the keyboard's focus
    (axe « scrollable-region-focusable ») and says what it holds."""
    return f'<div class="essaim-defile" tabindex="0" role="region" aria-label="{escape(label)}">{table}</div>'
