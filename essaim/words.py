"""French words as the search sees them: folded (lowercase, no accents or ligatures), stop
words dropped, lightly stemmed. The search index (essaim/publish/search_index.py) and the
check of the synonyms vocabulary (essaim/catalog/synonyms.py) use it; docs/assets/recherche.js
applies the very same rules in the browser (a test compares them in Chromium).
"""

from __future__ import annotations

import re
import unicodedata

# Words too common to help a search, removed from resources and from queries alike.
STOP_WORDS = frozenset({
    "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle",
    "elles", "en", "est", "et", "etre", "eux", "il", "ils", "je", "la", "le", "les", "leur",
    "leurs", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne", "nos", "notre",
    "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses",
    "si", "son", "sont", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
    "votre", "vous",
})  # fmt: skip

_COMBINING = re.compile("[\u0300-\u036f]")
WORD_TOKEN = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lowercase, without accents or ligatures (the browser does exactly the same)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _COMBINING.sub("", decomposed).replace("œ", "oe").replace("æ", "ae")


def stem(word: str) -> str:
    """A light French stemmer: plurals and feminine endings (« locaux » → « local »)."""
    if word.isdigit():
        return word
    if len(word) > 5 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
        word = word[:-1]
    while len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def term(word: str) -> str:
    """The indexed term of a folded word; "" for a stop word or a single character."""
    return "" if len(word) < 2 or word in STOP_WORDS else stem(word)


def terms(text: str) -> list[str]:
    """The terms of a text, in order, as the index stores them."""
    return [t for t in map(term, WORD_TOKEN.findall(fold(text))) if t]
