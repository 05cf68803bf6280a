"""« Claire et lisible », measured: a French readability report, and placeholder text.

The score is Kandel & Moles' adaptation to French of Flesch's reading ease:

    L = 207 − 1,015 × (mots / phrases) − 73,6 × (syllabes / mots)

(L. Kandel et A. Moles, « Application de l'indice de Flesch à la langue française »,
Cahiers Études de Radio-Télévision, n° 19, 1958, p. 253-274). The same constants are those
`textstat` 0.7.13 uses for French (207, 1.015, 73.6); it is not used here because it pulls
in nltk and counts syllables with a hyphenation dictionary, one word at a time. Higher is
easier, on Flesch's scale: under 30 very difficult, 30 to 50 difficult, 50 to 60 fairly
difficult, 60 to 70 standard, above 70 easy.

Syllables are written syllables, counted as groups of vowels (« qu » and « gu » before
e or i count as consonants), less a final mute « e » or « es » after a consonant in words
of two groups or more: « association » 4, « bénévoles » 3, « guide » 1, « année » 2. The
counts come from a few regular-expression passes over the whole text (no loop over
words in Python): linear and fast at 5,000 resources.

Placeholder text (« À compléter », « Lorem ipsum », « TODO », « FIXME », « XXX ») and empty
sections are errors; the other findings are warnings, above thresholds kept in
essaim/settings.py and documented in docs/contribuer.md.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from essaim.memory import collector_paused
from essaim.messages import say
from essaim.settings import (
    CLARITY_MAX_SENTENCE_WORDS,
    CLARITY_MAX_SUMMARY_WORDS,
    CLARITY_MIN_SCORE,
    CLARITY_MIN_WORDS,
)

_LETTERS = "a-zA-ZàâäéèêëîïôöùûüÿçœæÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇŒÆ"
_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
_CONSONANTS = "bcdfghjklmnpqrstvwxzç"
_WORD = re.compile(rf"[{_LETTERS}]+(?:['’-][{_LETTERS}]+)*")
_VOWEL_GROUP = re.compile(rf"[{_VOWELS}]+")
# A mute final e (or es) after a consonant…
_MUTE_E = re.compile(rf"(?<=[{_CONSONANTS}])es?\b")
# …except in a word whose only vowel it is (« le », « les », « que »).
_MUTE_ONLY = re.compile(rf"\b[{_CONSONANTS}]+es?\b")
# Patterns in this module are linear in the text (tests/test_linear.py): a run is only
# tried from its first character, and no scan crosses the next opening bracket or line.
# A pattern that starts with a character class is searched fast (a tight loop over the
# text until one of its characters); the look-behind that keeps a run from being tried
# again at each of its characters comes right after that first character.
_SENTENCE_END = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*(?=\s|$)")

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"(#{1,6})\s+")
_LIST_STARTS = "-*+>0123456789"
_LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_URL = re.compile(r"<?(?:https?|mailto):[^\s>)]+>?")
_CODE = re.compile(r"`[^`]*`")
_MARKUP = re.compile(r"[*_|#>]+")
_ABBR_DEFINITION = re.compile(r"^\*\[([^\]\n]+)\]:", re.M)

# An acronym: two capitals or more (digits after), as in DLA, CAF, QPV, GE, CRIB 94, a word
# on its own. Capitals: A to Z and À to Ý but « × » (U+00D7, a sign between Ö and Ø).
_CAPITAL = "A-ZÀ-ÖØ-Ý"
# Found in one scan: every run of capitals not preceded by a capital or a digit (then its
# digits); undefined_acronyms keeps those that are a word on their own (\b on both sides)
# and those given before their expansion, « DLA ( ».
_CAPITAL_RUN = re.compile(rf"[{_CAPITAL}](?<![{_CAPITAL}0-9][{_CAPITAL}])[{_CAPITAL}]+[0-9]*")
_WORD_CHARACTER = re.compile(r"\w")
_ROMAN = re.compile(r"^[IVXLC]+$")
_OPENED_ACRONYM = re.compile(rf"\(([{_CAPITAL}]{{2,}})([0-9]*)")
# Undefined acronyms reported for one resource at most (each one is then searched for).
MAX_ACRONYMS_SHOWN = 20

_PLACEHOLDERS = re.compile(
    r"(?i:\b(?:à|a) compl[ée]ter\b|\blorem ipsum\b)|\bTODO\b|\bFIXME\b|\bXXX+\b"
)


@dataclass(frozen=True)
class Clarity:
    """The readability report of one resource."""

    score: float
    words: int
    sentences: int
    syllables: int
    summary_words: int
    undefined_acronyms: tuple[str, ...] = ()
    heading_skips: tuple[str, ...] = field(default=())

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def band(self) -> str:
        """Flesch's reading band, in French."""
        score = self.score
        if score < 30:
            return "très difficile"
        if score < 50:
            return "difficile"
        if score < 60:
            return "assez difficile"
        if score < 70:
            return "standard"
        if score < 80:
            return "assez facile"
        return "facile"


# ---------------------------------------------------------------- measures


def kandel_moles(words: int, sentences: int, syllables: int) -> float:
    """Kandel & Moles' reading ease (see the module's docstring)."""
    if not words or not sentences:
        return 0.0
    return 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words)


# Texts are measured as bytes of Latin-1 (one byte a character) mapped to letter classes
# by bytes.translate: every count is then a pass in C. The letters of _LETTERS outside
# Latin-1 (œ, Œ, Ÿ) and the curly apostrophe get four bytes of their own (those of four
# unused control characters), each translated as the letter it stands for (œ as « e »,
# same vowel group; ’ as '); any other character outside Latin-1 is encoded as « ? », a
# space in every table. One charmap encoding does it all.
_STAND_INS = {"œ": "e", "’": "'", "Œ": "E", "Ÿ": "Y"}
_FIRST_STAND_IN = 0x80
_CHARMAP = codecs.charmap_build(
    "".join(
        list(_STAND_INS)[code - _FIRST_STAND_IN]
        if _FIRST_STAND_IN <= code < _FIRST_STAND_IN + len(_STAND_INS)
        else chr(code)
        for code in range(256)
    )
)


def _encode(text: str) -> bytes:
    """The text as one byte a character (see _CHARMAP)."""
    return codecs.charmap_encode(text, "replace", _CHARMAP)[0]


def _byte_table(classes: dict[str, str]) -> bytes:
    """A bytes.translate table of _encode's bytes: each listed letter to its class, the
    rest to a space."""
    table = bytearray(b" " * 256)
    for letters, cls in classes.items():
        for letter in letters:
            table[ord(letter)] = ord(cls)
    for offset, letter in enumerate(_STAND_INS.values()):
        table[_FIRST_STAND_IN + offset] = table[ord(letter)]
    return bytes(table)


_LATIN1_VOWELS = "aiouyàâäéèêëîïôöùûüÿæ"
# Vowels (e included) become « a »: a vowel group is a run of a's.
_GROUPS = _byte_table({_LATIN1_VOWELS + "e": "a"})
# A plain « e », an « s », the other consonants and the other vowels, apart.
_LETTER_CLASSES = _byte_table(
    {_LATIN1_VOWELS: "a", "e": "e", "s": "s", _CONSONANTS.replace("s", ""): "c"}
)
# Words whose only vowel is a final e or es (« le », « les », « que ») keep that syllable:
# a word of consonants then e or es, between spaces (the space before is part of the
# match, a literal searched fast; the one after is not, it may start the next word).
_ONLY_MUTE = re.compile(rb" [cs]+es?(?= )")
# « gu » before e or i is a consonant (« guide », « guêpe »), as « qu » everywhere.
_GU = re.compile("gu(?=[eiéèê])")


# Letters become « w », the joiners of a word (apostrophes, hyphen) « - »: a word is a run of
# w's joined by single hyphens, as _WORD reads it.
_WORD_CLASSES = _byte_table(
    {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        "àâäéèêëîïôöùûüÿçæÀÂÄÉÈÊËÎÏÔÖÙÛÜÇÆ": "w",
        "'-": "-",
    }
)


def count_words(text: str) -> int:
    """How many words _WORD finds (w+(?:-w+)* on the classes), counted as the w's that
    start one: after a space, after a hyphen that does not follow a w, or first."""
    classes = _encode(text).translate(_WORD_CLASSES)
    return (
        classes.count(b" w")
        + classes.count(b" -w")
        + classes.count(b"--w")
        + classes.startswith(b"w")
        + classes.startswith(b"-w")
    )


def count_syllables(text: str) -> int:
    """Written syllables: vowel groups, less a final mute e or es after a consonant in
    words of two groups or more (see the module's docstring). The text is mapped to letter
    classes by bytes.translate, so every count is a C-level pass."""
    raw = _encode(_GU.sub("g", text.lower().replace("qu", "k")))
    vowels = raw.translate(_GROUPS)
    groups = vowels.count(b" a") + vowels.startswith(b"a")
    classes = b" " + raw.translate(_LETTER_CLASSES) + b" "
    mute = sum(classes.count(end) for end in (b"ce ", b"se ", b"ces ", b"ses "))
    mute -= len(_ONLY_MUTE.findall(classes))
    return max(groups - mute, 0)


def prose(markdown: str) -> list[str]:
    """The running text of a Markdown body as blocks (paragraphs, list items, table cells):
    no code, no URL, no table rule, no heading (a heading is not a sentence), links reduced
    to their text. Lines of a wrapped paragraph join into one block."""
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    # Each regular expression runs only on a line holding the characters it needs (a
    # substring test in C first): same blocks, a fraction of the time.
    in_fence = False
    for line in markdown.split("\n"):
        if ("`" in line or "~" in line) and _FENCE.match(line):
            in_fence = not in_fence
            close()
            continue
        if (
            in_fence
            or not line.strip()
            or (line[:1] == "#" and _HEADING.match(line))
            or ("--" in line and _TABLE_RULE.match(line))
        ):
            close()
            continue
        if line.startswith("*[") and "]:" in line:
            continue  # an abbreviation definition
        text = line
        if line.lstrip()[:1] in _LIST_STARTS and _LIST_OR_QUOTE.match(line):
            close()
            text = _LIST_OR_QUOTE.sub("", line)
        if "](" in text:
            text = _LINK.sub(r"\1", text)
        if ":" in text:
            text = _URL.sub(" ", text)
        if "`" in text:
            text = _CODE.sub(" ", text)
        if "|" in text:  # a table row: each cell is a block
            close()
            blocks.extend(cell.strip() for cell in text.split("|") if cell.strip())
            continue
        if "*" in text or "_" in text or "#" in text or ">" in text:
            text = _MARKUP.sub(" ", text)
        current.append(text.strip())
    close()
    return [block for block in blocks if _WORD.search(block)]


def count_sentences(blocks: list[str]) -> int:
    """Sentences: ends of sentence, plus each block (paragraph, list item, table cell) that
    holds words but does not end with a punctuation mark."""
    return _count_sentences("\n".join(blocks), blocks)


def _count_sentences(joined: str, blocks: list[str]) -> int:
    """count_sentences, the blocks already joined by newlines: no end of sentence spans two
    blocks (a newline is a blank), so one scan of them all counts the same."""
    count = len(_SENTENCE_END.findall(joined))
    for block in blocks:
        if not block.rstrip().endswith((".", "!", "?", "…", ":", ";")):
            count += 1
    return count


def of(resource, known: frozenset[str] = frozenset()) -> Clarity:
    """The readability report of a resource (computed once per text: see report); known
    holds the words in capitals never to report as undefined (vocabularies/sigles.yml)."""
    return report(resource.title, resource.summary, resource.body, known)


def clarity_problems(
    resources, only=None, known: frozenset[str] = frozenset(), found: dict | None = None
) -> list:
    """The readability warnings of essaim check, for the resources whose file is in only
    (every resource when only is None). Kept out of load_catalog: the report reads the
    whole text several times, and a build or a preview needs it only for the committee
    dashboard and the pull-request summary. found (by resource path) holds the findings
    already known (essaim/catalog/check_cache.py) and receives the ones computed here."""
    with collector_paused():
        return _clarity_problems(resources, only, known, found)


def _clarity_problems(resources, only, known: frozenset[str], found: dict | None) -> list:
    from essaim.problems import Problem, Severity

    problems = []
    for resource in resources:
        if only is not None and resource.path not in only:
            continue
        listed = None if found is None else found.get(resource.path)
        if listed is None:
            listed = text_findings(resource.title, resource.summary, resource.body, known)
            if found is not None:
                found[resource.path] = listed
        for key, index, message in listed:
            if index is not None:
                line = resource.body_line + index
            else:
                lines = resource.field_lines
                line = lines.get(key if key != "texte" else "resume", 1)
            problems.append(Problem(resource.path, line, key, message, Severity.WARNING))
    return problems


def text_findings(
    title: str, summary: str, body: str, known: frozenset[str] = frozenset()
) -> list[tuple[str, int | None, str]]:
    """The findings (see findings) of a resource's texts."""
    return list(findings(report(title, summary, body, known), title, summary, body))


@functools.lru_cache(maxsize=16384)
def report(title: str, summary: str, body: str, known: frozenset[str] = frozenset()) -> Clarity:
    # A resource without a body (YAML only) is measured on its summary.
    blocks = prose(body) or [summary]
    measured = "\n".join(blocks)
    words = count_words(measured)
    sentences = _count_sentences(measured, blocks)
    syllables = count_syllables(measured)
    return Clarity(
        score=round(kandel_moles(words, sentences, syllables), 1),
        words=words,
        sentences=sentences,
        syllables=syllables,
        summary_words=count_words(summary),
        undefined_acronyms=undefined_acronyms(f"{title}\n{summary}\n{body}", known),
        heading_skips=tuple(skip for _, skip, _ in heading_skips(body)),
    )


def undefined_acronyms(text: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Acronyms never given with their expansion: « (DLA) » or « (DLA 94) » after it,
    « DLA ( » before it, or a Markdown abbreviation line « *[DLA]: … ». The words of known
    (names written in capitals, listed by the committee) are not acronyms to expand."""
    defined = set(_ABBR_DEFINITION.findall(text)) if "*[" in text else set()
    defined |= known
    # « (DLA » and « DLA ( », found in one pass each (not one search of the text per
    # acronym: a text of thousands of different acronyms would take quadratic time).
    if "(" in text:
        for letters, digits in _OPENED_ACRONYM.findall(text):
            defined.update((letters, letters + digits))
    runs = list(_CAPITAL_RUN.finditer(text))
    defined.update(run.group() for run in runs if text.startswith(" (", run.end()))
    words = [
        run.group()
        for run in runs
        if not (run.start() and _WORD_CHARACTER.match(text, run.start() - 1))
        and not _WORD_CHARACTER.match(text, run.end())
    ]
    candidates: list[str] = []
    seen: set[str] = set()
    for word in words:
        if word in seen or _ROMAN.match(word) or _PLACEHOLDERS.fullmatch(word):
            continue
        seen.add(word)
        candidates.append(word)
    found = [acronym for acronym in candidates if acronym not in defined]
    return tuple(found[:MAX_ACRONYMS_SHOWN])


def heading_skips(body: str) -> Iterator[tuple[int, str, int]]:
    """(line index, heading, level before) of each heading more than one level below the
    one before (the page's title counts as level 1)."""
    previous = 1
    for index, level, title in headings(body):
        if level > previous + 1:
            yield index, f"{'#' * level} {title}", previous
        previous = level


def headings(body: str) -> Iterator[tuple[int, int, str]]:
    """(line index, level, title) of each heading line, outside fenced code."""
    for index, level, title, _, _ in _heading_spans(body):
        yield index, level, title


@functools.lru_cache(maxsize=16384)
def _heading_spans(body: str) -> tuple[tuple[int, int, str, int, int], ...]:
    """Headings with the offsets where their line starts and ends, found once per text:
    the empty sections (validation), the report and its warnings all read them."""
    return tuple(_find_heading_spans(body))


def _find_heading_spans(body: str) -> Iterator[tuple[int, int, str, int, int]]:
    """_heading_spans, one by one. Without fenced code (the usual case), heading lines are
    found with str.find, not a regex on every line."""
    if "```" in body or "~~~" in body:
        offset = 0
        in_fence = False
        for index, line in enumerate(body.split("\n")):
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and (match := _HEADING.match(line)):
                title = _heading_title(line[match.end() :])
                yield index, len(match.group(1)), title, offset, offset + len(line)
            offset += len(line) + 1
        return
    start = 0 if body.startswith("#") else body.find("\n#") + 1
    line_index = body.count("\n", 0, start) if start else 0
    counted_to = start
    while start > 0 or (start == 0 and body.startswith("#")):
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        line = body[start:end]
        hashes = len(line) - len(line.lstrip("#"))
        line_index += body.count("\n", counted_to, start)
        counted_to = start
        if hashes <= 6 and line[hashes : hashes + 1] in (" ", "\t"):
            yield line_index, hashes, _heading_title(line[hashes:].strip()), start, end
        following = body.find("\n#", end)
        if following < 0:
            return
        start = following + 1


def _heading_title(rest: str) -> str:
    """A heading's text without its optional closing hashes (« ## Titre ## »)."""
    return rest.rstrip().rstrip("#").rstrip()


def describe(clarity: Clarity) -> str:
    """The report in one French line (pull-request summary, committee dashboard)."""
    parts = [
        f"lisibilité {_number(clarity.score)} sur 100 ({clarity.band})",
        f"{_number(clarity.words_per_sentence)} mots par phrase",
        f"résumé de {clarity.summary_words} mots",
    ]
    if clarity.undefined_acronyms:
        parts.append("sigles non développés : " + ", ".join(clarity.undefined_acronyms))
    if clarity.heading_skips:
        parts.append(f"{len(clarity.heading_skips)} titre(s) qui sautent un niveau")
    return " · ".join(parts)


def needs_attention(clarity: Clarity) -> bool:
    """Whether the report passes one of the warning thresholds."""
    return next(findings(clarity, "", "", ""), None) is not None or bool(
        clarity.undefined_acronyms or clarity.heading_skips
    )


# ---------------------------------------------------------------- problems


def _may_hold_placeholder(text: str) -> bool:
    """A cheap test (substring searches in C) before the regular expression."""
    return any(
        hint in text
        for hint in ("TODO", "FIXME", "XXX", "ompléter", "ompleter", "OMPL", "orem", "OREM")
    )


def placeholder_findings(body: str) -> Iterator[tuple[int, str, str]]:
    """(line index in body, rule, snippet): placeholder text and empty sections."""
    # The pattern is slow to search (case-insensitive words between \b): it runs only on
    # the lines that hold one of its hints (« compléter » is a common word).
    if _may_hold_placeholder(body):
        for index, line in enumerate(body.split("\n")):
            match = _may_hold_placeholder(line) and _PLACEHOLDERS.search(line)
            if match:
                yield index, "content.placeholder", match.group()
    yield from _empty_sections(body)


def _empty_sections(body: str) -> Iterator[tuple[int, str, str]]:
    headings = _heading_spans(body)
    for position, (index, level, title, _, line_end) in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        end = following[3] if following else len(body)
        has_text = bool(body[line_end:end].strip())
        # A section holding only subsections is not empty.
        if not has_text and not (following and following[1] > level):
            yield index, "content.empty_section", title or "#" * level


def metadata_placeholders(values: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(field, snippet) of placeholder text in the title or summary."""
    for key, value in values.items():
        match = _may_hold_placeholder(value) and _PLACEHOLDERS.search(value)
        if match:
            yield key, match.group()


def findings(
    clarity: Clarity, title: str, summary: str, body: str
) -> Iterator[tuple[str, int | None, str]]:
    """(field, line index in the body or None, message) of every threshold the report
    passes: the field is texte, resume or titre (where an acronym is first seen)."""
    start = _first_line_with_text(body)
    if clarity.words >= CLARITY_MIN_WORDS and clarity.score < CLARITY_MIN_SCORE:
        message = say(
            "clarity.score",
            score=_number(clarity.score),
            band=clarity.band,
            limit=CLARITY_MIN_SCORE,
            mean=_number(clarity.words_per_sentence),
        )
        yield "texte", start, message
    if (
        clarity.words >= CLARITY_MIN_WORDS
        and clarity.words_per_sentence > CLARITY_MAX_SENTENCE_WORDS
    ):
        message = say(
            "clarity.sentences",
            mean=_number(clarity.words_per_sentence),
            limit=CLARITY_MAX_SENTENCE_WORDS,
        )
        yield "texte", start, message
    if clarity.summary_words > CLARITY_MAX_SUMMARY_WORDS:
        message = say(
            "clarity.summary", count=clarity.summary_words, limit=CLARITY_MAX_SUMMARY_WORDS
        )
        yield "resume", None, message
    for acronym in clarity.undefined_acronyms:
        message = say("clarity.acronym", value=acronym)
        if _first_word(title, acronym) is not None:
            yield "titre", None, message
        elif _first_word(summary, acronym) is not None:
            yield "resume", None, message
        else:
            at = _first_word(body, acronym)
            yield "texte", None if at is None else body.count("\n", 0, at), message
    for index, heading, previous in heading_skips(body):
        yield "texte", index, say("clarity.heading_skip", snippet=heading, previous=previous)


def _first_word(text: str, word: str) -> int | None:
    """Where word first stands on its own in text (no word character on either side), or
    None: str.find from one occurrence to the next, linear in the text (a pattern
    compiled from a word as long as the text would not be)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _WORD_CHARACTER.match(text, at - 1)) and not _WORD_CHARACTER.match(
            text, end
        ):
            return at
        at = text.find(word, at + 1)
    return None


def _first_line_with_text(body: str) -> int | None:
    """Index of the first line that is not blank (the line of the first character that is
    not a blank), or None."""
    rest = body.lstrip()
    if not rest:
        return None
    return body.count("\n", 0, len(body) - len(rest))


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
