"""Resource cards: the short form of a resource in every listing.

A card is written once per render_site call for each resource and page depth (cached by
the resource's identity), and `make serve` keeps them from one render to the next by
what they show (the title, type, place, summary, level and trials), so that an edit
writes again only the edited resource's cards."""

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
            card = _card(r, catalog, href, compact, (dated or {}).get(r.path, ""))
            if not dated:
                _CARDS[cache_key] = card
        cards.append(card)
    if not cards:
        return (
            '<p class="essaim-vide">Aucune ressource pour l\'instant. Votre réseau en a une ? '
            f'<a href="{relative_href(page_src, "contribuer.md")}">Proposez-la au comité éditorial</a>.</p>'
        )
    return f'<div class="essaim-cartes{" essaim-cartes--compactes" if compact else ""}">{"".join(cards)}</div>'


def _card(r: Resource, catalog: Catalog, href: str, compact: bool, when: str) -> str:
    place = catalog.territories.label(r.territory)
    # Everything the card shows (the labels of types and levels are the code's).
    shown = (
        href,
        compact,
        r.title,
        r.type,
        place,
        r.quality.level,
        None if compact else r.summary,
        None if compact else evidence.card_spread(r),
    )
    card = None if when else _SHOWN.get(shown) or _SHOWN_BEFORE.get(shown)
    if card is None:
        card = (
            '<article class="essaim-carte">'
            f'<h3 class="essaim-carte__titre"><a href="{href}">{escape(r.title)}</a></h3>'
            f'<p class="essaim-carte__meta">{escape(labels.TYPES[r.type].label)} · {escape(place)}</p>'
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
    if not when:
        _SHOWN[shown] = card
    return card


def forget_cards(keep_shown: bool = False) -> None:
    """Empty the cards' cache by identity (render_site does, before and after its pages:
    an identity is only valid while the render's objects live), and the one by what they
    show unless keep_shown (`make serve`)."""
    _CARDS.clear()
    if not keep_shown:
        _SHOWN.clear()
        _SHOWN_BEFORE.clear()


def end_card_round() -> None:
    """The end of a render of `make serve`: its cards are kept for the next one, by what
    they show; those of the render before, not shown again, are let go."""
    global _SHOWN, _SHOWN_BEFORE
    _SHOWN, _SHOWN_BEFORE = {}, _SHOWN


_CARDS: dict[tuple[int, str, bool], str] = {}
# Cards by what they show: those written since the last render ended, those of the render
# before (each card found there is carried over).
_SHOWN: dict[tuple, str] = {}
_SHOWN_BEFORE: dict[tuple, str] = {}
