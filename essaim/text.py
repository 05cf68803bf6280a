"""Near-miss suggestions: « tritoire » → « territoire », « testee partout » → « testée partout »."""

from __future__ import annotations

import difflib
import functools
import html
import unicodedata


@functools.lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """The form two names are compared and sorted in: lowercase, without accents, hyphens and
    underscores as spaces (search terms use essaim.words.fold, which differs)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().replace("-", " ").replace("_", " ").strip()


def closest(value: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """The choice closest to value, or None when nothing is close enough."""
    if not isinstance(value, str) or not choices:
        return None
    folded = {match_key(choice): choice for choice in choices}
    key = match_key(value)
    if key in folded and folded[key] != value:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match and folded[match[0]] != value else None


# A line break in a contributor's value, written into a generated HTML line, would cut that
# line in two: the hook hands generated lines that stand alone to the page as they are
# (essaim/hook/htmlblocks.py), and what follows a blank line would be read as Markdown (a
# link MkDocs warns about, a heading, a list). As character references, breaks keep their
# meaning (white space in HTML) and the line stays whole.


def escape_html(value: str, quote: bool = True) -> str:
    """html.escape, with line breaks as character references (see above). Searched for
    before being replaced: most values hold none, and this runs some 80,000 times per
    page rendering of a large catalogue (str.translate looked up every character)."""
    escaped = html.escape(value, quote)
    if "\n" in escaped or "\r" in escaped:
        escaped = escaped.replace("\r", "&#13;").replace("\n", "&#10;")
    return escaped
