"""Contributor content is untrusted: find what could inject code, and sanitise HTML output.

Two layers. Validation refuses raw HTML, HTML entities, template braces and script URLs
with a message naming the line, so the contributor learns what to change. Rendering then
passes every resource page through an allowlist sanitiser (nh3), so that even a rule we
forgot cannot put a script on the site.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from html import escape
from urllib.parse import quote

import nh3

# Every pattern below is linear in the length of what it scans: no two unbounded
# quantifiers can match the same characters, and no scan starting at one trigger runs past
# the next one (tests/test_linear.py feeds each trigger character 200,000 times).

# Characters no output can hold (noncharacters, lone surrogates: XML, office files) or that
# hide what a text says (C0/C1 controls, bidirectional overrides and isolates, Unicode line
# separators, which also break line numbering). Tab and newline are ordinary text.
_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
# The characters of the Basic Multilingual Plane (a class of them is searched fast); the
# noncharacters of the other planes are looked for only in a text that has such characters.
FORBIDDEN_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
)
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}{_NONCHARACTERS}]")
_FORBIDDEN_BMP = re.compile(f"[{FORBIDDEN_CHARS}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # one range: searched fast
# The start of an HTML tag, comment, declaration or processing instruction, closed or not
# (an unclosed <img src=x onerror=… is as dangerous as a closed one). Autolinks such as
# <https://exemple.fr> or <contact@exemple.fr>, which Markdown turns into links, are kept.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>|<[^\s<>@]+@[^\s<>@]+>")
# Numeric character references with or without their ";" (browsers read both), named ones
# with it (without, Markdown escapes the "&").
_ENTITY = re.compile(r"&#[0-9xX]|&[A-Za-z][A-Za-z0-9]{0,31};")
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|\$\{")
_BAD_SCHEME = re.compile(
    r"(?<![A-Za-z0-9])(?:javascript|vbscript|livescript|data|file)[ \t]*:", re.IGNORECASE
)
_H1 = re.compile(r"^#(?!#)\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NEWLINE = re.compile("\n")
_FENCE_ANYWHERE = re.compile(r"^\s*(```|~~~)", re.M)
# What any body rule could be about; lines without any of it need no closer look. Kept as
# one character class (the trigger characters, and those of "](", "]:", "# " at the start
# of a line and "scheme:"), sorted out in Python: one big case-insensitive alternation was
# ten times slower.
_TRIGGER_ANY = re.compile(f"[<&{{$:\\]#{FORBIDDEN_CHARS}]")
# A word that may be a script scheme (checked case-insensitively on the few matches). Like
# _BAD_SCHEME, it also takes the look-alikes Python folds to ASCII letters (« ſ », « K »).
_TRIGGER_SCHEME = re.compile(r"([jvdfl][a-z]{3,9})[ \t]*:", re.IGNORECASE)
# A metadata value without any of these characters cannot hold a finding.
_TEXT_TRIGGER = re.compile(f"[<&{{$:{FORBIDDEN_CHARS}]")
_SCHEME_WORDS = ("javascript", "vbscript", "livescript", "data", "file")
# A link destination's scheme, once blanks, controls and Markdown escapes are removed (as a
# browser ignores tabs and newlines inside a URL): only these lead anywhere safe.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
# A web address with a name before « @ » in its host part (https://banque.fr@autre.example/):
# the browser goes to what follows « @ », the reader believes what precedes it. Anchored,
# one character class up to the first « / ? # »: linear.
_USERINFO = re.compile(r"https?://[^/?#\s]*@", re.IGNORECASE)
_HOST_REST = re.compile(r"[^/?#\s]*")
# The same anywhere in a text (a link, an image, an autolink, a reference definition, or an
# address a reader may copy): « // » (or « \\ », which browsers read alike) then a host part
# holding « @ », up to what ends an address in Markdown. One scan from each « // »,
# stopping at the next « / »: linear.
_USERINFO_IN_TEXT = re.compile(r"(?:https?:)?[/\\]{2}[^/\\?#\s<>()\[\]\"'`]*@", re.IGNORECASE)
_HOST_REST_IN_TEXT = re.compile(r"[^/\\?#\s<>()\[\]\"'`]*")
# A link target as a browser reads it: blanks and controls around it dropped, tabs and
# line breaks inside it dropped, then a web scheme (or none, for « //hôte ») and the run of
# slashes or backslashes that may follow it; the host part ends at « / \\ ? # ».
_AUTHORITY_START = re.compile(r"(https?:)?([/\\]*)", re.IGNORECASE)
_AUTHORITY = re.compile(r"[^/\\?#]*")
_URL_NOISE = re.compile(f"[\\s\\\\{FORBIDDEN_CHARS}]+")
# A reference-style link definition: « [nom]: adresse » at the start of a line.
_REFERENCE = re.compile(r" {0,3}\[[^\]\n]{1,999}\]:")

CHARACTER_KINDS = (
    ("\u2028\u2029", "séparateur de ligne Unicode invisible"),
    (
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        "caractère invisible qui inverse le sens d'écriture",
    ),
)


def character_kind(char: str) -> str:
    """What a forbidden character is, in French."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "caractère de contrôle invisible"
    if 0xD800 <= code <= 0xDFFF:
        return "moitié isolée d'une paire de substitution UTF-16 (caractère illisible)"
    for chars, kind in CHARACTER_KINDS:
        if char in chars:
            return kind
    return "non-caractère Unicode, illisible par les formats publiés"


def forbidden_characters(text: str) -> Iterator[re.Match]:
    return _FORBIDDEN.finditer(text)


# The UTF-8 bytes of every forbidden character, and the carriage return (which reading
# drops before a newline): once the bytes of plain text are deleted (printable ASCII, tab,
# newline), these are searched in what remains, a few percent of a French text. Each
# multi-byte pattern starts at a lead byte and stays within its own character.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"
_FORBIDDEN_UTF8 = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f\xf0-\xf4]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]"
)


def may_hold_forbidden_character(raw: bytes) -> bool:
    """False when the UTF-8 bytes raw cannot hold a forbidden character (see
    has_forbidden_character, which decides when this says True): a pass in C over the
    bytes, then a search of the few that are not plain ASCII."""
    return _FORBIDDEN_UTF8.search(raw.translate(None, _PLAIN_ASCII)) is not None


def has_forbidden_character(text: str) -> bool:
    if _FORBIDDEN_BMP.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and _FORBIDDEN.search(text) is not None


def replace_forbidden(text: str, stand_in: str) -> str:
    return _FORBIDDEN.sub(stand_in, text)


def any_text_trigger(values: Iterable[str]) -> bool:
    """Whether any of these metadata values may hold a finding (one scan for them all:
    the newline that joins them is not a trigger)."""
    joined = "\n".join(values)
    return _TEXT_TRIGGER.search(joined) is not None or _ASTRAL.search(joined) is not None


def text_findings(value: str) -> Iterator[tuple[str, str]]:
    """(rule, snippet) for every unsafe thing in a metadata text value."""
    if _TEXT_TRIGGER.search(value) or _ASTRAL.search(value):
        yield from _common_findings(value)
        userinfo = _USERINFO.match(value)
        if userinfo:
            end = userinfo.end() + len(_HOST_REST.match(value, userinfo.end()).group())
            yield "rule.url_userinfo", value[:end]  # shortened by say()


def deceptive_address(url: str) -> str | None:
    """The start of url up to its host, when a browser would read a name before « @ » in
    it (https://banque.fr@autre.example/, //a@b, https:\\\\a@b), else None."""
    cleaned = url.strip("".join(chr(c) for c in range(0x21))).translate(_ADDRESS_DROPPED)
    start = _AUTHORITY_START.match(cleaned)
    if start.group(1) is None and len(start.group(2)) < 2:
        return None  # a path, or another scheme
    end = start.end() + len(_AUTHORITY.match(cleaned, start.end()).group())
    return cleaned[:end] if "@" in cleaned[start.end() : end] else None


def body_findings(body: str) -> Iterator[tuple[int, str, str]]:
    """(line index in body, rule, snippet) for every unsafe thing in a Markdown body.

    One pass of a cheap regex finds the lines worth a closer look; most lines of a
    resource have none of the trigger characters, which keeps validation linear and fast.
    """
    offsets = _trigger_offsets(body)
    if not offsets:
        return
    newlines = [m.start() for m in _NEWLINE.finditer(body)]
    candidates = sorted({bisect.bisect_left(newlines, offset) for offset in offsets})
    lines = body.split("\n")
    fences = (
        [i for i, line in enumerate(lines) if _FENCE.match(line)]
        if _FENCE_ANYWHERE.search(body)
        else []
    )
    for index in candidates:
        line = lines[index]
        in_fence = bisect.bisect_left(fences, index) % 2 == 1
        if not in_fence and _H1.match(line):
            yield index, "rule.h1", line.strip()
        for rule, snippet in _common_findings(line):
            yield index, rule, snippet
        attributes = _attribute_list(line)
        if attributes:
            yield index, "rule.html", attributes
        userinfo = _USERINFO_IN_TEXT.search(line) if "@" in line else None
        if userinfo:
            end = userinfo.end() + len(_HOST_REST_IN_TEXT.match(line, userinfo.end()).group())
            yield index, "rule.url_userinfo", line[userinfo.start() : end]
        reported = False
        for target in _link_destinations(line, lines[index + 1] if index + 1 < len(lines) else ""):
            if reported:
                break
            scheme = _SCHEME.match(target)
            if scheme and not scheme.group().lower().startswith(_SAFE_SCHEMES):
                if not _BAD_SCHEME.search(line):  # else already reported above
                    yield index, "rule.url_scheme", target
                reported = True


def _link_destinations(line: str, next_line: str) -> Iterator[str]:
    """Every link destination of a line, as a browser would read its start: blanks,
    controls and backslashes removed. Each scan stops at the next ")" or "](", so that the
    whole line is read once however many links it holds."""
    at = line.find("](")
    while at >= 0:
        start = at + 2
        following = line.find("](", start)
        stop = len(line) if following < 0 else following
        close = line.find(")", start, stop)
        end = stop if close < 0 else close
        destination = line[start:end]
        if close < 0 and following < 0:  # a destination may go on on the next line
            destination += next_line.split(")", 1)[0]
        yield _URL_NOISE.sub("", destination).lstrip("<")
        at = following
    reference = _REFERENCE.match(line)
    if reference:
        rest = line[reference.end() :]
        yield _URL_NOISE.sub("", rest if rest.strip() else next_line).lstrip("<")


def _attribute_list(line: str) -> str | None:
    """A Markdown attribute list with a value ({: onclick="…" }), which could add
    attributes to the generated HTML: one pass over the line."""
    opened = -1
    equals = False
    for match in _BRACES.finditer(line):
        char = match.group()
        if char == "{":
            opened, equals = match.start(), False
        elif char == "=":
            equals = opened >= 0
        elif opened >= 0:  # "}"
            if equals:
                return line[opened : match.end()][:80]
            opened = -1
    return None


_BRACES = re.compile(r"[{}=]")


def _trigger_offsets(body: str) -> list[int]:
    """Where a body rule could apply: every character it could be about, "](" and "]:",
    lines that start with a single "#" (when the body has a level-1 title), and script
    schemes.

    One scan finds them all; the few hits are then sorted out here.
    """
    offsets: list[int] = []
    single_hashes: list[int] = []
    has_h1 = has_colon = False
    for match in _TRIGGER_ANY.finditer(body):
        index = match.start()
        char = body[index]
        if char == ":":
            has_colon = True
        elif char == "]":
            if body.startswith(("(", ":"), index + 1):
                offsets.append(index)
        elif char == "#":
            if index == 0 or body[index - 1] == "\n":
                after = body[index + 1 : index + 2]
                if after != "#":
                    single_hashes.append(index)
                    has_h1 = has_h1 or after.isspace()  # as _H1's \s
        else:
            offsets.append(index)
    if has_h1:
        offsets += single_hashes
    if "@" in body:
        offsets += [m.start() for m in _USERINFO_IN_TEXT.finditer(body)]
    # A script scheme ends with a colon: without one, no need to look for the words.
    if has_colon:
        folded = body.casefold()
        if any(word in folded for word in _SCHEME_WORDS):
            offsets += [
                m.start()
                for m in _TRIGGER_SCHEME.finditer(body)
                if m.group(1).casefold() in _SCHEME_WORDS
            ]
    return offsets


def _common_findings(value: str) -> Iterator[tuple[str, str]]:
    control = _FORBIDDEN_BMP.search(value) or (
        _FORBIDDEN.search(value) if _ASTRAL.search(value) else None
    )
    if control:
        yield "rule.control_char", character_snippet(control.group())
    for match in _TAG_START.finditer(value):
        start = match.start()
        if not _AUTOLINK.match(value, start):
            end = value.find(">", start, start + 40)  # the tag itself, when it is closed
            yield "rule.html", value[start : end + 1] if end >= 0 else value[start : start + 30]
            break
    entity = _ENTITY.search(value)
    if entity:
        yield "rule.entity", value[entity.start() : entity.start() + 12]
    template = _TEMPLATE.search(value)
    if template:
        yield "rule.template", value[template.start() : template.start() + 20]
    scheme = _BAD_SCHEME.search(value)
    if scheme:
        yield "rule.url_scheme", value[scheme.start() : scheme.start() + 30]


def character_snippet(char: str) -> str:
    return f"{character_kind(char)}, U+{ord(char):04X}"


def internal_link_targets(body: str) -> Iterator[tuple[int, str]]:
    """(line index, slug) of every relative Markdown link to another resource (slug.md)."""
    for index, target in internal_links(body):
        yield index, target.split("#")[0].rsplit("/", 1)[-1][:-3]


def internal_links(body: str) -> Iterator[tuple[int, str]]:
    """(line index, destination) of every relative Markdown link to a .md file."""
    if "](" not in body:
        return
    for index, line in enumerate(body.split("\n")):
        if "](" not in line:
            continue
        for target in _link_destinations(line, ""):
            target = target.split('"')[0].split("'")[0].rstrip(">")
            path = target.split("#")[0]
            if path.lower().endswith(".md") and not _SCHEME.match(path) and "//" not in path:
                yield index, target


# What a rendered resource page may contain. Everything else is removed.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "mark", "nav", "ol", "p", "pre",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
    # the small map of trials drawn by the pages (essaim/pages/charts.py, trial_map): shapes and
    # text only, no <use>, <foreignObject>, <animate>, <set>, style or event attribute
    "figure", "figcaption", "svg", "g", "path", "rect", "text", "title",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "aria-hidden", "role", "hidden"},
    "a": {"href", "hreflang", "download"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "svg": {"viewBox", "xmlns"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke", "stroke-width"},
    "text": {"x", "y", "font-size", "text-anchor"},
}
_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Keep only an allowlist of tags, attributes and URL schemes."""
    return nh3.clean(
        encodable(html),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


# What any page of the portal may contain once rendered: the resource allowlist above, plus
# what the portal's own generated HTML and hand-written pages use (search form, facets,
# figures, HTML bar charts, maps). Every page goes through it, whatever wrote it: the
# second wall behind escaping at each output (essaim/publish/tripwire.py is the third).
_PAGE_TAGS = _TAGS | {
    "article", "aside", "button", "caption", "col", "colgroup", "fieldset", "form", "header",
    "footer", "img", "input", "kbd", "label", "legend", "main", "option", "q", "s", "samp",
    "select", "tfoot", "time", "u", "var", "circle", "line", "polyline", "polygon", "tspan",
    "ellipse", "desc",
}  # fmt: skip
_SVG_SHAPE = {
    "fill", "stroke", "stroke-width", "stroke-dasharray", "vector-effect", "transform",
    "opacity", "fill-opacity", "stroke-linejoin", "stroke-linecap",
}  # fmt: skip
_PAGE_ATTRIBUTES = {
    "*": _ATTRIBUTES["*"]
    | {
        "tabindex",
        "aria-labelledby",
        "aria-describedby",
        "aria-live",
        "aria-current",
        "aria-expanded",
        "aria-controls",
        "dir",
    },
    "a": {"href", "hreflang", "download", "rel"},
    "td": _ATTRIBUTES["td"],
    "th": _ATTRIBUTES["th"],
    "ol": {"start", "reversed"},
    "img": {"src", "alt", "width", "height", "loading"},
    "details": {"open", "data-facette"},
    "span": {"style", "data-nb"},
    "form": {"action", "method", "data-facettes"},
    "input": {
        "type",
        "name",
        "value",
        "placeholder",
        "autocomplete",
        "checked",
        "for",
        "data-puce",
    },
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    "button": {"type"},
    "time": {"datetime"},
    "svg": {"viewBox", "xmlns", "width", "height", "focusable", "preserveAspectRatio"},
    "g": _SVG_SHAPE,
    "path": {"d"} | _SVG_SHAPE,
    "rect": {"x", "y", "width", "height", "rx", "ry"} | _SVG_SHAPE,
    "circle": {"cx", "cy", "r"} | _SVG_SHAPE,
    "ellipse": {"cx", "cy", "rx", "ry"} | _SVG_SHAPE,
    "line": {"x1", "y1", "x2", "y2"} | _SVG_SHAPE,
    "polyline": {"points"} | _SVG_SHAPE,
    "polygon": {"points"} | _SVG_SHAPE,
    "text": {"x", "y", "dx", "dy", "font-size", "text-anchor", "font-weight"} | _SVG_SHAPE,
    "tspan": {"x", "y", "dx", "dy", "font-size", "text-anchor", "font-weight"},
}
# The HTML bar charts and colour swatches (essaim/pages/charts.py) set these two, nothing else.
_PAGE_STYLES = {"width", "background"}
_PAGE_CLEANER = nh3.Cleaner(
    tags=_PAGE_TAGS,
    attributes=_PAGE_ATTRIBUTES,
    url_schemes=_SCHEMES | {"tel"},
    link_rel=None,
    strip_comments=True,
    filter_style_properties=_PAGE_STYLES,
)


def sanitize_page_html(html: str) -> str:
    """Keep only what a page of the portal may hold (the theme's frame is not in html)."""
    return _PAGE_CLEANER.clean(encodable(html))


def encodable(text: str) -> str:
    """text with any lone surrogate (which no UTF-8 output can hold) replaced by U+FFFD;
    validation refuses them, this keeps a page from crashing the build if one got through."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- addresses written in pages

_WEB_SCHEMES = ("http", "https", "mailto")
_ADDRESS_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_ADDRESS_DROPPED = str.maketrans("", "", "\t\n\r")


def web_href(url: str) -> str:
    """A contributor's address, ready for href="…": escaped, and only when a browser would
    read it as a web or mail address (validation refuses the others; this holds even if a
    rule forgot one). Otherwise "#", a link that goes nowhere."""
    cleaned = url.strip("".join(chr(c) for c in range(0x21))).translate(_ADDRESS_DROPPED)
    scheme = _ADDRESS_SCHEME.match(cleaned)
    if not scheme or scheme.group(1).lower() not in _WEB_SCHEMES:
        return "#"
    return escape(url.strip(), quote=True)


def file_href(name: str) -> str:
    """A file beside the page (attachment, generated template), for href="…": always
    relative (« ./ »), percent-encoded, so that no file name can read as a scheme."""
    return "./" + quote(name, safe="")
