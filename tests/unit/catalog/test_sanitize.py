"""Defence in depth: even content that slipped past validation is sanitised at render time."""

from __future__ import annotations

import markdown

from essaim.catalog.safety import sanitize_html


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
    from essaim.catalog.safety import sanitize_page_html

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


def test_addresses_are_written_as_web_links_and_file_names_as_relative_paths():
    """The first wall for addresses: whatever validation let through, a contributor's
    address is a web or mail link or no link at all, and a file name never reads as a
    scheme."""
    from essaim.catalog.safety import file_href, web_href

    assert web_href("https://exemple.fr/?a=1&b=2") == "https://exemple.fr/?a=1&amp;b=2"
    assert web_href("mailto:contact@exemple.fr") == "mailto:contact@exemple.fr"
    for hostile in (
        "javascript:alert(1)",
        " JaVa\tScRiPt:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,x",
        "ms-msdt:/id",
        "//pirate.example/",
        'https://x" onmouseover="alert(1)'.replace("https", "javascript"),
    ):
        assert web_href(hostile) == "#", hostile
    assert web_href('https://x.fr/" onclick="alert(1)') == (
        "https://x.fr/&quot; onclick=&quot;alert(1)"
    )
    assert file_href("javascript:alert(1)?.pdf") == "./javascript%3Aalert%281%29%3F.pdf"
    assert file_href('a" onclick="b.pdf') == "./a%22%20onclick%3D%22b.pdf"
