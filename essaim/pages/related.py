"""« Ressources liées », the suggested part: resources that share themes and territory
with a resource, after those its `liees` names (or that name it), which
essaim/pages/how_to.py lists first and which are never suggested again here.

Linear in the number of resources: each resource scores only a bounded number of
candidates (the most recent ones of each of its themes and of its département), never the
whole catalogue.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import NamedTuple

from essaim.model import Catalog, Resource, related_slugs

# Candidates taken from each theme and each département of a resource, newest first.
CANDIDATES_PER_KEY = 40
RELATED_COUNT = 4


def related_inputs(catalog: Catalog) -> tuple:
    """Everything related_resources reads, to keep its result while it is unchanged
    (`make serve`): keep it in step with the function below. The reference data is
    compared by identity first (it is parsed once and kept while its files are unchanged)."""
    return (
        catalog.territories,
        tuple(
            (r.slug, r.themes, r.territory, r.type, r.last_changed, related_slugs(r))
            for r in catalog.resources
        ),
    )


def related_resources(catalog: Catalog, count: int = RELATED_COUNT) -> dict[str, list[Resource]]:
    """{slug: resources to suggest, best first} for every resource of the catalogue.

    `catalog` is the listed catalogue (archived resources are never suggested).
    """
    terr = catalog.territories
    newest_first = sorted(catalog.resources, key=lambda r: (r.last_changed, r.slug), reverse=True)
    # Themes and départements as bit sets: a shared theme is a bit of an AND, counted in C.
    theme_bit: dict[str, int] = {}
    dep_bit: dict[str, int] = {}
    by_theme: dict[str, list[_Candidate]] = defaultdict(list)
    by_dep: dict[str, list[_Candidate]] = defaultdict(list)
    candidates: dict[str, _Candidate] = {}
    for rank, resource in enumerate(newest_first):
        deps = terr.departements_of(resource.territory)
        candidate = _Candidate(
            resource.slug,
            _mask(resource.themes, theme_bit),
            _mask(deps, dep_bit),
            resource.type,
            rank,
            resource,
            tuple(deps),
        )
        candidates[resource.slug] = candidate
        for theme in resource.themes:
            if len(by_theme[theme]) < CANDIDATES_PER_KEY:
                by_theme[theme].append(candidate)
        for dep in deps:
            if len(by_dep[dep]) < CANDIDATES_PER_KEY:
                by_dep[dep].append(candidate)
    related: dict[str, list[Resource]] = {}
    for resource in catalog.resources:
        own = candidates[resource.slug]
        # Never suggested again: the resource itself and those its `liees` names or that
        # name it (listed first on its page).
        skipped = {resource.slug, *related_slugs(resource)}
        eligible: list[tuple[int, int, Resource]] = []
        lists = [by_theme[t] for t in resource.themes if t in by_theme]
        lists += [by_dep[d] for d in own.deps if d in by_dep]
        for group in lists:
            for other in group:
                if other.slug in skipped:
                    continue
                skipped.add(other.slug)  # scored once
                score = 2 * (own.themes & other.themes).bit_count()
                score += 3 if own.departements & other.departements else 0
                score += 1 if other.type == own.type else 0
                if score >= 3:
                    eligible.append((-score, other.rank, other.resource))
        # Best score first, then the most recent: ranks are distinct, the order is total.
        related[resource.slug] = [other for _, _, other in heapq.nsmallest(count, eligible)]
    return related


class _Candidate(NamedTuple):
    slug: str
    themes: int  # bit set over the catalogue's themes
    departements: int  # bit set over the départements it covers
    type: str
    rank: int  # 0 for the most recently changed resource
    resource: Resource
    deps: tuple[str, ...]


def _mask(values, bits: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= 1 << bits.setdefault(value, len(bits))
    return mask
