"""« Ressources liées », the suggested part: resources that share themes and territory
with a resource, after those its `liees` names (or that name it), which
essaim/pages/how_to.py lists first and which are never suggested again here.

Linear in the number of resources: each resource scores only a bounded number of
candidates (the most recent ones of each of its themes and of its département), never the
whole catalogue.
"""

from __future__ import annotations

from collections import defaultdict

from essaim.model import Catalog, Resource, related_slugs

# Candidates taken from each theme and each département of a resource, newest first.
CANDIDATES_PER_KEY = 40
RELATED_COUNT = 4


def related_resources(catalog: Catalog, count: int = RELATED_COUNT) -> dict[str, list[Resource]]:
    """{slug: resources to suggest, best first} for every resource of the catalogue.

    `catalog` is the listed catalogue (archived resources are never suggested).
    """
    terr = catalog.territories
    newest_first = sorted(catalog.resources, key=lambda r: (r.last_changed, r.slug), reverse=True)
    departements = {r.slug: frozenset(terr.departements_of(r.territory)) for r in newest_first}
    by_key: dict[str, list[Resource]] = defaultdict(list)
    for resource in newest_first:
        for theme in resource.themes:
            if len(by_key[f"t:{theme}"]) < CANDIDATES_PER_KEY:
                by_key[f"t:{theme}"].append(resource)
        for dep in departements[resource.slug]:
            if len(by_key[f"d:{dep}"]) < CANDIDATES_PER_KEY:
                by_key[f"d:{dep}"].append(resource)
    rank = {r.slug: i for i, r in enumerate(newest_first)}
    related: dict[str, list[Resource]] = {}
    for resource in catalog.resources:
        chosen: list[Resource] = []
        seen = {resource.slug, *related_slugs(resource)}
        themes = set(resource.themes)
        deps = departements[resource.slug]
        keys = [f"t:{t}" for t in resource.themes] + [f"d:{d}" for d in deps]
        scores: dict[str, tuple[int, Resource]] = {}
        for key in keys:
            for other in by_key.get(key, ()):
                if other.slug == resource.slug or other.slug in scores:
                    continue
                score = 2 * len(themes.intersection(other.themes))
                score += 3 if deps and deps & departements[other.slug] else 0
                score += 1 if other.type == resource.type else 0
                scores[other.slug] = (score, other)
        ranked = sorted(scores.values(), key=lambda item: (-item[0], rank[item[1].slug]))
        for score, other in ranked:
            if len(chosen) >= count:
                break
            if score >= 3 and other.slug not in seen:
                chosen.append(other)
                seen.add(other.slug)
        related[resource.slug] = chosen
    return related
