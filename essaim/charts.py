"""Static SVG drawn at build time: the map of France by département and simple bar charts.

No tile server, no script, no request to anyone: plain SVG inlined in the page, each
figure followed by a table with the same numbers (its text alternative).
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from html import escape
from pathlib import Path

# Sequential palette (light to dark teal); the darkest shades carry white text nowhere,
# so only the contrast between neighbouring shapes matters.
PALETTE = ("#eceff1", "#b2dfdb", "#4db6ac", "#00897b", "#004d40")
OVERSEAS = (
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
)


@cache
def load_map(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def class_breaks(values: list[int]) -> list[int]:
    """Upper bounds of the colour classes above zero (at most four classes)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    bounds = []
    for share in (0.25, 0.5, 0.75):
        bound = positive[min(len(positive) - 1, int(share * len(positive)))]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    if positive[-1] > bounds[-1]:
        bounds.append(positive[-1])
    return bounds


def colour(count: int, bounds: list[int]) -> str:
    if count <= 0:
        return PALETTE[0]
    for index, bound in enumerate(bounds):
        if count <= bound:
            return PALETTE[min(index + 1, len(PALETTE) - 1)]
    return PALETTE[-1]


def france_map(
    shapes: dict,
    counts: dict[str, int],
    names: dict[str, str],
    href,
    title: str,
) -> str:
    """Choropleth of départements; href(code) gives each département page's link."""
    bounds = class_breaks(list(counts.values()))
    parts = []
    for code, path in shapes["departements"].items():
        n = counts.get(code, 0)
        label = f"{names.get(code, code)} ({code}) : {_plural(n)}"
        parts.append(
            f'<a href="{href(code)}" aria-label="{escape(label)}">'
            f'<path d="{escape(path)}" fill="{colour(n, bounds)}" stroke="#fff" stroke-width="0.6">'
            f"<title>{escape(label)}</title></path></a>"
        )
    for index, (code, name) in enumerate(OVERSEAS):
        n = counts.get(code, 0)
        label = f"{name} ({code}) : {_plural(n)}"
        y = 40 + index * 50
        parts.append(
            f'<a href="{href(code)}" aria-label="{escape(label)}">'
            f'<rect x="628" y="{y}" width="36" height="36" rx="4" fill="{colour(n, bounds)}" '
            f'stroke="#607d8b" stroke-width="0.6"><title>{escape(label)}</title></rect>'
            f'<text x="646" y="{y + 48}" font-size="9" text-anchor="middle">{code}</text></a>'
        )
    legend = _legend(bounds)
    return (
        f'<svg class="essaim-carte-france" viewBox="0 0 690 600" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(parts)}{legend}</svg>"
    )


def bar_chart(rows: list[tuple[str, int]], title: str, width: int = 640) -> str:
    """Horizontal bars, one per (label, value), labelled with their value."""
    label_width, row_height = 230, 26
    biggest = max((v for _, v in rows), default=0) or 1
    bar_space = width - label_width - 50
    height = row_height * len(rows) + 10
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_height
        length = max(1, round(bar_space * value / biggest)) if value else 0
        bars.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13">{escape(_clip(label))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row_height - 8}" fill="{PALETTE[3]}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 17}" font-size="13">{value}</text>'
        )
    return (
        f'<svg class="essaim-graphique" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )


def column_chart(
    rows: list[tuple[str, int]], title: str, width: int = 640, height: int = 220
) -> str:
    """Vertical columns (for a series over time), labelled below and valued above."""
    if not rows:
        return ""
    biggest = max(v for _, v in rows) or 1
    slot = (width - 20) / len(rows)
    bars = []
    for index, (label, value) in enumerate(rows):
        column = round((height - 60) * value / biggest)
        x = 10 + index * slot
        bars.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{height - 30 - column}" width="{slot * 0.7:.1f}" '
            f'height="{column}" fill="{PALETTE[3]}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 34 - column}" font-size="12" text-anchor="middle">{value}</text>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 12}" font-size="12" text-anchor="middle">{escape(label)}</text>'
        )
    return (
        f'<svg class="essaim-graphique" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )


def _legend(bounds: list[int]) -> str:
    entries = [("0", PALETTE[0])]
    low = 1
    for index, bound in enumerate(bounds):
        text = str(bound) if bound == low else f"{low} à {bound}"
        entries.append((text, PALETTE[min(index + 1, len(PALETTE) - 1)]))
        low = bound + 1
    items = []
    for index, (text, fill) in enumerate(entries):
        y = 470 + index * 22
        items.append(
            f'<rect x="20" y="{y}" width="16" height="16" fill="{fill}" stroke="#607d8b" stroke-width="0.6"/>'
            f'<text x="42" y="{y + 13}" font-size="12">{escape(text)}</text>'
        )
    return f'<g class="essaim-legende" aria-hidden="true"><text x="20" y="460" font-size="12">Ressources</text>{"".join(items)}</g>'


def _plural(n: int) -> str:
    return f"{n} ressource" if n <= 1 else f"{n} ressources"


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- small trial map


@cache
def simplified_shapes(path: Path, tolerance: float = 1.0) -> dict[str, str]:
    """The départements' outlines with fewer, rounded points: a map a few times lighter,
    for a small map on every resource page that was tried somewhere."""
    shapes = load_map(path)["departements"]
    return {code: _simplify_path(d, tolerance) for code, d in shapes.items()}


def trial_map(
    shapes: dict[str, str],
    counts: dict[str, int],
    names: dict[str, str],
    href,
    title: str,
) -> str:
    """France with the départements where a resource was tried coloured and linked.

    Only the tried départements are links (a keyboard user tabs through them, not through
    a hundred); the list of trials beside the map says the same in words.
    """
    parts = []
    for code, d in shapes.items():
        n = counts.get(code, 0)
        if n:
            label = f"{names.get(code, code)} ({code}) : {_trials(n)}"
            parts.append(
                f'<a href="{href(code)}" aria-label="{escape(label)}">'
                f'<path d="{d}" fill="{PALETTE[3]}" stroke="#fff" stroke-width="0.8">'
                f"<title>{escape(label)}</title></path></a>"
            )
        else:
            parts.append(f'<path d="{d}" fill="{PALETTE[0]}" stroke="#fff" stroke-width="0.8"/>')
    for index, (code, name) in enumerate(OVERSEAS):
        n = counts.get(code, 0)
        y = 20 + index * 76
        tile = (
            f'<rect x="622" y="{y}" width="44" height="44" rx="5" '
            f'fill="{PALETTE[3] if n else PALETTE[0]}" stroke="#607d8b" stroke-width="0.8"/>'
            f'<text x="644" y="{y + 64}" font-size="18" text-anchor="middle">{code}</text>'
        )
        if n:
            label = f"{name} ({code}) : {_trials(n)}"
            tile = (
                f'<a href="{href(code)}" aria-label="{escape(label)}"><title>{escape(label)}</title>'
                f"{tile}</a>"
            )
        parts.append(tile)
    return (
        f'<svg class="essaim-carte-essais" viewBox="0 0 690 585" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


def _trials(n: int) -> str:
    return f"{n} essai" if n <= 1 else f"{n} essais"


_PATH_TOKEN = re.compile(r"[mMzZlL]|-?\d*\.?\d+(?:e-?\d+)?")


def _simplify_path(d: str, tolerance: float) -> str:
    """Relative « m x,y dx,dy … z » outlines → simplified, integer, relative outlines."""
    rings: list[list[tuple[float, float]]] = []
    tokens = _PATH_TOKEN.findall(d.replace(",", " "))
    x = y = 0.0
    start = (0.0, 0.0)
    ring: list[tuple[float, float]] = []
    command = ""
    numbers: list[float] = []

    def flush_numbers() -> None:
        nonlocal x, y, start, ring
        for i in range(0, len(numbers) - 1, 2):
            dx, dy = numbers[i], numbers[i + 1]
            absolute = command.isupper()
            x, y = (dx, dy) if absolute else (x + dx, y + dy)
            if i == 0 and command in "mM":
                if ring:
                    rings.append(ring)
                ring = [(x, y)]
                start = (x, y)
            else:
                ring.append((x, y))
        numbers.clear()

    for token in tokens:
        if token in "mMlLzZ":
            flush_numbers()
            if token in "zZ":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
            command = token
        else:
            numbers.append(float(token))
    flush_numbers()
    if ring:
        rings.append(ring)
    out = []
    for points in rings:
        kept = _douglas_peucker(points, tolerance)
        rounded = [(round(px), round(py)) for px, py in kept]
        cleaned = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(cleaned) < 3:
            continue
        first = cleaned[0]
        steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(cleaned))
        out.append(f"M{first[0]} {first[1]}l{steps}z")
    return "".join(out)


def _douglas_peucker(
    points: list[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]
