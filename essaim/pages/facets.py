"""Facets of the catalogue: which filter values each resource carries, and their labels.

The same values are written into the search index (essaim/publish/search_index.py) and into
the catalogue's form, so a filter in the URL (?type=guide&departement=94)
reads the same everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from essaim import labels
from essaim.model import Catalog, Resource
from essaim.text import match_key

NATIONAL = "national"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    parent: str = ""  # for a département: its région


@dataclass(frozen=True)
class Facet:
    """One filter of the catalogue, whole: its key in the URL and the index, its French name,
    the values a resource carries, the label of a value, and the order of its options."""

    key: str
    label: str
    values: Callable[[Resource, Catalog], list[str]]
    option_label: Callable[[str, Catalog], str]
    # Display order of the values (an enumeration of the schema); None: by label.
    order: Callable[[], list[str]] | None = None
    opened: bool = False  # unfolded on the catalogue page
    # For a value nested under another facet's value (a département under its région).
    parent: Callable[[str, Catalog], str] | None = None
    first: str = ""  # a value shown before the others (« National »)
    # Facets of one group add up (a resource passes when it holds any ticked value of any
    # of them); the groups are combined with AND. Empty: the facet is a group of its own.
    group: str = ""
    # The kind of place ("r", "d") the search index writes for a place name of this facet's
    # scale (publish/search_index.place_names), so the page says which filter a place is.
    place: str = ""
    place_words: str = ""  # how the catalogue names such a place: « de la région »


def _regions(resource: Resource, catalog: Catalog) -> list[str]:
    if resource.territory.scale == "national":
        return [NATIONAL]
    return sorted(catalog.territories.regions_of(resource.territory))


def _departements(resource: Resource, catalog: Catalog) -> list[str]:
    if resource.territory.scale == "national":
        return []
    return sorted(catalog.territories.departements_of(resource.territory))


def _level_of_slug(slug: str) -> str:
    return {s: level for level, s in labels.LEVEL_SLUGS.items()}[slug]


# Adding a facet is adding one entry here: the catalogue's form (pages/catalogue.py), the
# search index (publish/search_index.py) and the page's script (which reads the form) follow.
FACETS = (
    Facet(
        "type",
        "Type de ressource",
        lambda r, c: [r.type],
        lambda v, c: labels.TYPES[v].label,
        order=lambda: list(labels.TYPES),
        opened=True,
    ),
    Facet(
        "niveau",
        "Niveau de qualité",
        lambda r, c: [labels.LEVEL_SLUGS[r.quality.level]],
        lambda v, c: labels.LEVELS[_level_of_slug(v)].label,
        order=lambda: list(labels.LEVEL_SLUGS.values()),
        opened=True,
    ),
    Facet(
        "region",
        "Territoire",
        _regions,
        lambda v, c: "National" if v == NATIONAL else c.territories.regions.get(v, v),
        first=NATIONAL,
        group="territoire",
        place="r",
        place_words="de la région",
    ),
    Facet(
        "departement",
        "Département",
        _departements,
        lambda v, c: f"{c.territories.departements.get(v, (v,))[0]} ({v})",
        parent=lambda v, c: c.territories.departements.get(v, ("", ""))[1],
        group="territoire",
        place="d",
        place_words="du département",
    ),
    Facet(
        "cercle",
        "Cercle du producteur",
        lambda r, c: [c.producers[r.producer].circle],
        lambda v, c: labels.CIRCLES[v].label,
        order=lambda: list(labels.CIRCLES),
    ),
    Facet(
        "contribution",
        "Nature de la contribution",
        lambda r, c: [r.contribution],
        lambda v, c: labels.CONTRIBUTIONS[v],
        order=lambda: list(labels.CONTRIBUTIONS),
    ),
    Facet(
        "famille",
        "Moyens mutualisés",
        lambda r, c: list(r.families),
        lambda v, c: labels.FAMILIES[v],
        order=lambda: list(labels.FAMILIES),
    ),
    Facet("theme", "Thème", lambda r, c: list(r.themes), lambda v, c: c.themes[v].label),
    Facet("public", "Public", lambda r, c: list(r.publics), lambda v, c: c.publics[v].label),
)


def page_description() -> list[dict[str, str]]:
    """What the catalogue's script needs to know of each facet, in FACETS order: its key,
    its French name, its group (facets that add up) and the kind of place it filters.
    Written into the page (data-facettes), so docs/assets/catalogue.js lists no facet."""
    return [
        {
            "cle": f.key,
            "libelle": f.label,
            "groupe": f.group or f.key,
            "lieu": f.place,
            "lieu_texte": f.place_words,
        }
        for f in FACETS
    ]


def resource_facets(resource: Resource, catalog: Catalog) -> dict[str, list[str]]:
    """Filter values of one resource; territories roll up from commune to département and région."""
    return {facet.key: facet.values(resource, catalog) for facet in FACETS}


def facet_options(catalog: Catalog) -> dict[str, list[Option]]:
    """Every value present in the catalogue, with its label and count, in display order."""
    counts: dict[str, Counter] = {facet.key: Counter() for facet in FACETS}
    for resource in catalog.resources:
        for key, values in resource_facets(resource, catalog).items():
            counts[key].update(values)
    return {facet.key: _options(facet, counts[facet.key], catalog) for facet in FACETS}


def _options(facet: Facet, counts: Counter, catalog: Catalog) -> list[Option]:
    options = [
        Option(value, facet.option_label(value, catalog), n, _parent(facet, value, catalog))
        for value, n in counts.items()
    ]
    if facet.order is not None:
        order = facet.order()
        return sorted(
            options, key=lambda o: order.index(o.value) if o.value in order else len(order)
        )
    options.sort(key=lambda o: match_key(o.label))
    if facet.first:
        options.sort(key=lambda o: o.value != facet.first)
    return options


def _parent(facet: Facet, value: str, catalog: Catalog) -> str:
    return facet.parent(value, catalog) if facet.parent else ""
