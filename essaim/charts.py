"""Static SVG drawn at build time: the map of France by département and simple bar charts.

No tile server, no script, no request to anyone: plain SVG inlined in the page, each
figure followed by a table with the same numbers (its text alternative).
"""

from __future__ import annotations

import json
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
