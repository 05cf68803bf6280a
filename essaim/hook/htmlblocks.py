"""Keep generated HTML out of the Markdown converter.

The pages Essaim generates are mostly HTML (cards, fact lists, maps) written by
essaim/pages with every contributor value already escaped. Python-Markdown feeds raw HTML
through Python's slow html.parser; at 5,000 resources that was a third of the build. So
the hook swaps each such block for an opaque token line before conversion, and swaps
the HTML back afterwards. Only whole lines that the pages write, standing alone between
blank lines, are swapped; a resource's own Markdown text is never touched.
"""

from __future__ import annotations

import re
import secrets

from essaim.catalog.safety import sanitize_html, sanitize_page_html

_BLOCK = re.compile(
    r"^<(?:div|p|dl|ul|ol|h[1-6]|figure|details|table|article|form|section|nav)[\s>]"
)


def new_nonce() -> str:
    """A per-build secret part of the tokens, so no text can forge one."""
    return secrets.token_hex(8)


def extract(
    markdown: str, nonce: str, skip: tuple[int, int] | None = None
) -> tuple[str, dict[str, str]]:
    """Markdown with HTML block lines replaced by tokens, except in the characters
    skip=(start, end): a resource's own text, which always goes through the converter."""
    lines = markdown.split("\n")
    blocks: dict[str, str] = {}
    first, last = (
        (markdown.count("\n", 0, skip[0]), markdown.count("\n", 0, skip[1]))
        if skip
        else (len(lines), -1)
    )
    for index in range(len(lines)):
        if first <= index <= last:
            continue
        line = lines[index]
        if not _BLOCK.match(line):
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 == len(lines) or not lines[index + 1].strip()
        )
        if alone:
            token = f"ESSAIMBLOC{nonce}N{len(blocks)}"
            blocks[token] = line
            lines[index] = token
    return "\n".join(lines), blocks


def restore(html: str, blocks: dict[str, str]) -> str:
    """Put each block back where the converter left its token (as a paragraph): the first
    such paragraph of each token, in one pass over the page (a replace per block read a
    large page once per block)."""
    pending = dict(blocks)
    return _TOKEN_PARAGRAPH.sub(lambda m: pending.pop(m.group(1), m.group(0)), html)


_TOKEN_PARAGRAPH = re.compile(r"<p>(ESSAIMBLOC[0-9a-f]+N[0-9]+)</p>")


def own_text_span(markdown: str, own_text: str) -> tuple[int, int] | None:
    """Where a resource's own text lies in its page's Markdown (the skip of extract)."""
    body = own_text.strip()
    if not body:
        return None
    start = markdown.find(body)
    return (start, start + len(body)) if start >= 0 else (0, len(markdown))


def finish_page(html: str, blocks: dict[str, str] | None, resource_page: bool) -> str:
    """The converted page with its generated blocks back, sanitised: a resource's own text
    with the narrow allowlist first, then the whole page with the portal's own."""
    if resource_page:
        html = sanitize_html(html)
    html = restore(html, blocks) if blocks else html
    return sanitize_page_html(html)
