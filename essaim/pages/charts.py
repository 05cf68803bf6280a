"""Static SVG drawn at build time: the map of France by département and simple bar charts.

No tile server, no script, no request to anyone: plain SVG inlined in the page, each
figure followed by a table with the same numbers (its text alternative).
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from pathlib import Path

from essaim.text import escape_html as escape

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


# Île-de-France, drawn again larger beside the map: Paris and its inner ring are specks
# at the scale of France.
ILE_DE_FRANCE = ("75", "77", "78", "91", "92", "93", "94", "95")


def france_map(
    shapes: dict,
    counts: dict[str, int],
    names: dict[str, str],
    href,
    title: str,
    after: str,
    unit: tuple[str, str] = ("ressource", "ressources"),
) -> str:
    """Choropleth of départements, with an Île-de-France inset, the overseas départements
    named beside it and a legend, all in HTML text except the outlines.

    Only départements with resources are links (the list that follows the map offers each
    of them again as a large target); href(code) gives a département page's link, and
    `after` is the id the « passer la carte » link jumps to.
    """
    bounds = class_breaks(list(counts.values()))
    outlines = shapes["departements"]

    def shape(code: str, d: str) -> str:
        n = counts.get(code, 0)
        label = f"{names.get(code, code)} ({code}) : {_plural(n, unit)}"
        path = (
            f'<path d="{escape(d)}" fill="{colour(n, bounds)}" stroke="#fff" '
            f'stroke-width="0.6" vector-effect="non-scaling-stroke"><title>{escape(label)}</title></path>'
        )
        return f'<a href="{href(code)}" aria-label="{escape(label)}">{path}</a>' if n else path

    x0, y0, x1, y1 = _bbox(outlines[c] for c in ILE_DE_FRANCE if c in outlines)
    pad = 2
    inset_box = f"{x0 - pad:.0f} {y0 - pad:.0f} {x1 - x0 + 2 * pad:.0f} {y1 - y0 + 2 * pad:.0f}"
    frame = (
        f'<rect x="{x0 - pad:.0f}" y="{y0 - pad:.0f}" width="{x1 - x0 + 2 * pad:.0f}" '
        f'height="{y1 - y0 + 2 * pad:.0f}" fill="none" stroke="#37474f" stroke-width="1.2" '
        'stroke-dasharray="3 2"/>'
    )
    # France is drawn small: its outlines lose the points nobody sees (a third of the
    # weight); the enlarged Île-de-France keeps every point.
    france = "".join(shape(code, _light_outline(d)) for code, d in outlines.items())
    inset = "".join(shape(code, outlines[code]) for code in ILE_DE_FRANCE if code in outlines)
    overseas = []
    for code, name in OVERSEAS:
        n = counts.get(code, 0)
        swatch = f'<span class="essaim-pastille" style="background:{colour(n, bounds)}"></span>'
        text = f"{swatch}{escape(name)} ({code})&nbsp;: {_plural(n, unit)}"
        overseas.append(f'<li><a href="{href(code)}">{text}</a></li>' if n else f"<li>{text}</li>")
    return (
        f'<p><a class="essaim-passer" href="#{after}">Passer la carte</a></p>'
        f'<div class="essaim-carte-bloc">'
        f'<svg class="essaim-carte-france" viewBox="{shapes.get("viewBox", "0 0 613 585")}" '
        f'role="group" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{france}{frame}</svg>"
        '<div class="essaim-carte-cotes">'
        '<p class="essaim-carte-titre">Île-de-France</p>'
        f'<svg class="essaim-carte-idf" viewBox="{inset_box}" role="group" '
        f'aria-label="{escape(title)} : Île-de-France agrandie" xmlns="http://www.w3.org/2000/svg">'
        f"<title>Île-de-France agrandie</title>{inset}</svg>"
        '<p class="essaim-carte-titre">Outre-mer</p>'
        f'<ul class="essaim-outremer">{"".join(overseas)}</ul>'
        f"{_legend(bounds, unit[1])}</div></div>"
    )


@cache
def _light_outline(d: str) -> str:
    return _simplify_path(d, 0.5)


def bar_chart(rows: list[tuple[str, int]]) -> str:
    """Horizontal bars in HTML, one per (label, value): the text stays at body size at any
    width, where an SVG's text shrinks with the figure. The table that follows the chart
    gives screen readers the same figures, so the bars are hidden from them."""
    biggest = max((v for _, v in rows), default=0) or 1
    items = "".join(
        f'<div class="essaim-barre"><span class="essaim-barre__nom">{escape(label)}</span>'
        f'<span class="essaim-barre__valeur"><span class="essaim-barre__trait" '
        f'style="width:{100 * value / biggest:.1f}%"></span>{value}</span></div>'
        for label, value in rows
    )
    return f'<div class="essaim-barres" aria-hidden="true">{items}</div>'


def _legend(bounds: list[int], unit: str = "ressources") -> str:
    entries = [("0", PALETTE[0])]
    low = 1
    for index, bound in enumerate(bounds):
        text = str(bound) if bound == low else f"{low} à {bound}"
        entries.append((text, PALETTE[min(index + 1, len(PALETTE) - 1)]))
        low = bound + 1
    items = "".join(
        f'<li><span class="essaim-pastille" style="background:{fill}"></span>{escape(text)}</li>'
        for text, fill in entries
    )
    return (
        f'<p class="essaim-carte-titre">{escape(unit.capitalize())} par département</p>'
        f'<ul class="essaim-legende">{items}</ul>'
    )


def _bbox(paths) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for d in paths:
        for ring in _rings(d):
            xs += [x for x, _ in ring]
            ys += [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _plural(n: int, unit: tuple[str, str] = ("ressource", "ressources")) -> str:
    return f"{n} {unit[0]}" if n <= 1 else f"{n} {unit[1]}"


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
    a hundred); the list of trials beside the map says the same in words. Overseas
    départements that were tried are named in a line of text under the map.
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
    tried_overseas = [
        f'<a href="{href(code)}">{escape(name)} ({code})</a>'
        for code, name in OVERSEAS
        if counts.get(code, 0)
    ]
    overseas = (
        f'<p class="essaim-essais__outremer">Outre-mer : {", ".join(tried_overseas)}</p>'
        if tried_overseas
        else ""
    )
    return (
        f'<svg class="essaim-carte-essais" viewBox="0 0 613 585" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>{overseas}"
    )


def _trials(n: int) -> str:
    return f"{n} essai" if n <= 1 else f"{n} essais"


_PATH_TOKEN = re.compile(r"[mMzZlL]|-?\d*\.?\d+(?:e-?\d+)?")


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """The closed rings of an outline written with m, l and z (relative or absolute)."""
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
    return rings


def _simplify_path(d: str, tolerance: float) -> str:
    """Relative « m x,y dx,dy … z » outlines → simplified, integer, relative outlines."""
    out = []
    for points in _rings(d):
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
