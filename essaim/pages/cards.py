"""Resource cards: the short form of a resource in every listing (cached within one render)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from essaim import labels
from essaim.dates import french_date
from essaim.model import Catalog, Resource
from essaim.pages import evidence
from essaim.pages.html import badge
from essaim.text import escape_html as escape
from essaim.urls import relative_href, resource_src


def render_cards(
    resources: Iterable[Resource],
    catalog: Catalog,
    page_src: str,
    compact: bool = False,
    dated: Mapping[str, str] | None = None,
) -> str:
    """Cards of resources; compact ones (« Ressources liées ») leave out the summary; dated
    ones say when the file last changed on the portal (the home's « récentes »)."""
    cards = []
    for r in resources:
        href = relative_href(page_src, resource_src(r.slug))
        # A resource appears on eight listing pages or so, all at the same depth: its card
        # is written once per render_site call (the cache is emptied there).
        cache_key = (id(r), href, compact)
        card = None if dated else _CARDS.get(cache_key)
        if card is None:
            territory = escape(catalog.territories.label(r.territory))
            when = (dated or {}).get(r.path, "")
            card = (
                '<article class="essaim-carte">'
                f'<h3 class="essaim-carte__titre"><a href="{href}">{escape(r.title)}</a></h3>'
                f'<p class="essaim-carte__meta">{escape(labels.TYPES[r.type].label)} · {territory}</p>'
                + ("" if compact else f'<p class="essaim-carte__resume">{escape(r.summary)}</p>')
                + f"<p>{badge(r.quality.level)}</p>"
                + ("" if compact else evidence.card_line(r))
                + (
                    f'<p class="essaim-carte__date">Fiche mise à jour le {escape(french_date(when))}</p>'
                    if when
                    else ""
                )
                + "</article>"
            )
            if not dated:
                _CARDS[cache_key] = card
        cards.append(card)
    if not cards:
        return (
            '<p class="essaim-vide">Aucune ressource pour l\'instant. Votre réseau en a une ? '
            f'<a href="{relative_href(page_src, "contribuer.md")}">Proposez-la au comité éditorial</a>.</p>'
        )
    return f'<div class="essaim-cartes{" essaim-cartes--compactes" if compact else ""}">{"".join(cards)}</div>'


def forget_cards() -> None:
    """Empty the cards' cache (render_site does, before and after its pages)."""
    _CARDS.clear()


_CARDS: dict[tuple[int, str, bool], str] = {}
