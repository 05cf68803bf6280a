"""The shortcuts that keep page rendering fast give the answers of the plain way: escaping
a contributor's value (line breaks searched for before being replaced), and putting the
generated blocks back into a converted page (one pass instead of a replace per block)."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from essaim.hook import htmlblocks
from essaim.text import escape_html

SETTINGS = settings(max_examples=300, deadline=None)
_BREAKS = str.maketrans({"\n": "&#10;", "\r": "&#13;"})
_TEXT = st.text(alphabet=st.sampled_from("ab<>&\"' \n\r\té\u2028"), max_size=40)


@SETTINGS
@given(_TEXT, st.booleans())
def test_escaping_is_html_escape_with_line_breaks_as_references(text: str, quote: bool):
    assert escape_html(text, quote) == html.escape(text, quote).translate(_BREAKS)


def _restored_block_by_block(page: str, blocks: dict[str, str]) -> str:
    for token, block in blocks.items():
        page = page.replace(f"<p>{token}</p>", block, 1)
    return page


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["<h2>Titre</h2>", "<p>Texte</p>", "\n", "<p>ESSAIMBLOC</p>"]), max_size=8
    ),
    st.lists(st.text(alphabet="<>/divpul é\n", max_size=20), max_size=12),
    st.data(),
)
def test_blocks_come_back_as_a_replace_per_block_puts_them(around, blocks, data):
    nonce = htmlblocks.new_nonce()
    tokens = {f"ESSAIMBLOC{nonce}N{i}": block for i, block in enumerate(blocks)}
    # The converter's output: each token as a paragraph, in order, among other HTML; some
    # tokens may be missing (never in practice), one may be met twice (never either).
    parts = list(around)
    for token in tokens:
        if data.draw(st.booleans(), label="kept"):
            parts.insert(data.draw(st.integers(0, len(parts)), label="at"), f"<p>{token}</p>")
    if tokens and data.draw(st.booleans(), label="twice"):
        parts.append(f"<p>{next(iter(tokens))}</p>")
    page = "".join(parts)
    assert htmlblocks.restore(page, tokens) == _restored_block_by_block(page, tokens)
