"""Defence in depth: even content that slipped past validation is sanitised at render time."""

from __future__ import annotations

import markdown

from essaim.safety import sanitize_html


def _render(text: str) -> str:
    html = markdown.markdown(text, extensions=["attr_list", "tables", "md_in_html"])
    return sanitize_html(html)


def test_sanitizer_removes_scripts_handlers_and_script_urls():
    html = _render(
        '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
        "[a](javascript:alert(3)) [b](data:text/html,x)\n\n"
        '[c](https://exemple.fr){: onclick="alert(4)" }\n\n<iframe src="https://exemple.fr"></iframe>'
    )
    lowered = html.lower()
    for fragment in ("<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "<img"):
        assert fragment not in lowered, (fragment, html)
    assert 'href="https://exemple.fr"' in html


def test_sanitizer_keeps_the_card_markup():
    card = (
        '<dl class="essaim-fiche"><dt>Niveau</dt><dd><span class="essaim-badge '
        'essaim-badge--inspiration-locale">Inspiration locale</span></dd></dl>'
        '<h2 id="le-projet">Le projet<a class="headerlink" href="#le-projet">¶</a></h2>'
    )
    cleaned = sanitize_html(card)
    assert 'class="essaim-badge essaim-badge--inspiration-locale"' in cleaned
    assert 'id="le-projet"' in cleaned
    assert 'href="#le-projet"' in cleaned


def test_every_page_is_sanitised_too_with_the_portals_own_markup_kept():
    """The second wall for generated pages: a value that missed its escaping is cleaned,
    the search form, facets, figures and HTML bar charts stay as they are."""
    from essaim.safety import sanitize_page_html

    own = (
        '<form id="essaim-catalogue" class="essaim-catalogue" role="search" action="./" '
        'method="get"><input id="essaim-q" type="search" name="q" autocomplete="off">'
        '<select id="essaim-tri" name="tri"><option value="">pertinence</option></select>'
        '<button type="submit" class="md-button">Rechercher</button></form>'
        '<details class="essaim-facette" data-facette="type" open=""><summary>Type</summary>'
        '<span class="essaim-nb" data-nb="guide">3</span></details>'
        '<span class="essaim-barre" style="width:42.0%"></span>'
        '<svg viewBox="0 0 10 10" role="img" aria-label="Carte"><a href="../x/">'
        '<path d="M0 0" fill="#00897b"></path></a></svg>'
    )
    assert sanitize_page_html(own) == own
    missed = (
        '<h3><a href="../x/">Réunion <img src=x onerror=alert(1)</a></h3>'
        '<p>Un <svg/onload=alert(2)> résumé</p><a href="javascript:alert(3)">x</a>'
        '<span style="width:1%;position:fixed;background:url(javascript:alert(4))">y</span>'
        "<script>alert(5)</script><iframe src=x></iframe>"
    )
    cleaned = sanitize_page_html(missed).lower()
    for fragment in ("onerror", "onload", "javascript:", "position", "<script", "<iframe"):
        assert fragment not in cleaned, (fragment, cleaned)
