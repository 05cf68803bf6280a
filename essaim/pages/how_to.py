"""Mise en action on a resource page: « Comment s'en servir » and « Ressources liées ».

Pure functions from a resource to HTML. Every contributor string is escaped here, where it
is written into the page. The related list shows both directions of a `liees` link: the
resources this one names, then those that name it (model.link_back).
"""

from __future__ import annotations

from collections.abc import Callable

from essaim import labels
from essaim.model import Resource, related_slugs
from essaim.text import escape_html as escape

# (from page, to page) -> relative href, already escaped (render._href)
Href = Callable[[str, str], str]


def how_to_block(resource: Resource) -> str:
    """The « Comment s'en servir » section, or nothing when the file has no mise_en_action."""
    how_to = resource.how_to
    if how_to is None:
        return ""
    steps = "".join(f"<li>{escape(step)}</li>" for step in how_to.steps)
    parts = [
        '<section class="essaim-mise-en-action">',
        '<h2 id="comment-s-en-servir">Comment s\'en servir</h2>',
        f'<ol class="essaim-etapes">{steps}</ol>',
    ]
    facts = []
    if how_to.duration:
        facts.append(f"<dt>Temps nécessaire</dt><dd>{escape(how_to.duration)}</dd>")
    if how_to.who:
        facts.append(f"<dt>Qui est concerné</dt><dd>{escape(', '.join(how_to.who))}</dd>")
    if facts:
        parts.append(f'<dl class="essaim-faits">{"".join(facts)}</dl>')
    parts.append("</section>")
    return "".join(parts)


def related_block(
    resource: Resource,
    find: Callable[[str], Resource | None],
    src: str,
    href: Href,
    to_src,
    similar: str = "",
) -> str:
    """« Ressources liées »: one list item per linked resource that has a page, then
    `similar` (cards of resources on the same themes or territory, essaim/pages/related.py)."""
    items = []
    for slug in related_slugs(resource):
        other = find(slug)
        if other is None:  # left out of a preview (invalid file): no page to link to
            continue
        kind = labels.TYPES[other.type].label
        items.append(
            f'<li><a href="{href(src, to_src(other.slug))}">{escape(other.title)}</a> '
            f'<span class="essaim-discret">{escape(kind)}</span></li>'
        )
    if not items and not similar:
        return ""
    listed = f'<ul class="essaim-liste">{"".join(items)}</ul>' if items else ""
    more = (
        f'<h3 class="essaim-liees__autres">Sur les mêmes thèmes ou le même territoire</h3>{similar}'
        if similar and items
        else similar
    )
    return (
        '<section class="essaim-liees">'
        f'<h2 id="ressources-liees">Ressources liées</h2>{listed}{more}</section>'
    )


def page_inputs(resource: Resource, find: Callable[[str], Resource | None]) -> tuple:
    """What these blocks read beyond the resource itself (for the preview's page memo)."""
    inputs = []
    for slug in related_slugs(resource):
        other = find(slug)
        inputs.append((slug, other.title, other.type) if other else (slug, None, None))
    return tuple(inputs)
