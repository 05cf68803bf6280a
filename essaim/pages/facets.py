"""Facets of the catalogue: which filter values each resource carries, and their labels.

The same values are written into the search index (essaim/publish/search_index.py) and into
the catalogue's form, so a filter in the URL (?type=guide&departement=94)
reads the same everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from essaim import labels
from essaim.model import Catalog, Resource
from essaim.text import match_key

NATIONAL = "national"


@dataclass(frozen=True)
class Facet:
    key: str
    label: str


FACETS = (
    Facet("type", "Type de ressource"),
    Facet("niveau", "Niveau de qualité"),
    Facet("region", "Territoire"),
    Facet("departement", "Département"),
    Facet("cercle", "Cercle du producteur"),
    Facet("contribution", "Nature de la contribution"),
    Facet("famille", "Moyens mutualisés"),
    Facet("theme", "Thème"),
    Facet("public", "Public"),
)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    parent: str = ""  # for a département: its région


def resource_facets(resource: Resource, catalog: Catalog) -> dict[str, list[str]]:
    """Filter values of one resource; territories roll up from commune to département and région."""
    terr = catalog.territories
    if resource.territory.scale == "national":
        regions, departements = [NATIONAL], []
    else:
        departements = sorted(terr.departements_of(resource.territory))
        regions = sorted(terr.regions_of(resource.territory))
    producer = catalog.producers[resource.producer]
    return {
        "type": [resource.type],
        "niveau": [labels.LEVEL_SLUGS[resource.quality.level]],
        "region": regions,
        "departement": departements,
        "cercle": [producer.circle],
        "contribution": [resource.contribution],
        "famille": list(resource.families),
        "theme": list(resource.themes),
        "public": list(resource.publics),
    }


def facet_options(catalog: Catalog) -> dict[str, list[Option]]:
    """Every value present in the catalogue, with its label and count, in display order."""
    counts: dict[str, Counter] = {facet.key: Counter() for facet in FACETS}
    for resource in catalog.resources:
        for key, values in resource_facets(resource, catalog).items():
            counts[key].update(values)
    terr = catalog.territories
    level_by_slug = {slug: level for level, slug in labels.LEVEL_SLUGS.items()}

    def ordered(key: str, label_of, order=None) -> list[Option]:
        options = [Option(value, label_of(value), n) for value, n in counts[key].items()]
        if order is not None:
            return sorted(
                options, key=lambda o: order.index(o.value) if o.value in order else len(order)
            )
        return sorted(options, key=lambda o: match_key(o.label))

    regions = ordered("region", lambda v: "National" if v == NATIONAL else terr.regions.get(v, v))
    regions.sort(key=lambda o: (o.value != NATIONAL, match_key(o.label)))
    departements = [
        Option(o.value, o.label, o.count, terr.departements.get(o.value, ("", ""))[1])
        for o in ordered("departement", lambda v: f"{terr.departements.get(v, (v,))[0]} ({v})")
    ]
    return {
        "type": ordered("type", lambda v: labels.TYPES[v].label, list(labels.TYPES)),
        "niveau": ordered(
            "niveau",
            lambda v: labels.LEVELS[level_by_slug[v]].label,
            list(labels.LEVEL_SLUGS.values()),
        ),
        "region": regions,
        "departement": departements,
        "cercle": ordered("cercle", lambda v: labels.CIRCLES[v].label, list(labels.CIRCLES)),
        "contribution": ordered(
            "contribution", lambda v: labels.CONTRIBUTIONS[v], list(labels.CONTRIBUTIONS)
        ),
        "famille": ordered("famille", lambda v: labels.FAMILIES[v], list(labels.FAMILIES)),
        "theme": ordered("theme", lambda v: catalog.themes[v].label),
        "public": ordered("public", lambda v: catalog.publics[v].label),
    }
