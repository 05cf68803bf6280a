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
