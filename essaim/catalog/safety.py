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

# A tag opening or closing (<b>, </div>, <img src=x>, <!-- -->), but not an autolink
# such as <https://exemple.fr> or <contact@exemple.fr>, which Markdown turns into links.
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?/?\s*>|<!--|<!\[CDATA\[|<\?")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>|<[^\s<>@]+@[^\s<>@]+>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|\$\{")
_BAD_SCHEME = re.compile(r"(?<![A-Za-z0-9])(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_MD_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_H1 = re.compile(r"^#(?!#)\s")
# Markdown attribute lists ({: onclick="…" }) could add attributes to the generated HTML.
_ATTR_LIST = re.compile(r"\{:?\s*[^{}\n]*=[^{}\n]*\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_NEWLINE = re.compile("\n")
_FENCE_ANYWHERE = re.compile(r"^\s*(```|~~~)", re.M)
# What any body rule could be about; lines without any of it need no closer look. Kept as
# one character class (the trigger characters, and those of "](", "# " at the start of a
# line and "scheme:"), sorted out in Python: one big case-insensitive alternation was ten
# times slower.
_TRIGGER_ANY = re.compile(r"[<&{$:\]#\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# A word that may be a script scheme (checked case-insensitively on the few matches). Like
# _BAD_SCHEME, it also takes the look-alikes Python folds to ASCII letters (« ſ », « K »).
_TRIGGER_SCHEME = re.compile(r"([jvdf][a-z]{3,9})\s*:", re.IGNORECASE)
# A metadata value without any of these characters cannot hold a finding.
_TEXT_TRIGGER = re.compile(r"[<&{$:\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SCHEME_WORDS = ("javascript", "vbscript", "data", "file")


def any_text_trigger(values: Iterable[str]) -> bool:
    """Whether any of these metadata values may hold a finding (one scan for them all:
    the newline that joins them is not a trigger)."""
    return _TEXT_TRIGGER.search("\n".join(values)) is not None


def text_findings(value: str) -> Iterator[tuple[str, str]]:
    """(rule, snippet) for every unsafe thing in a metadata text value."""
    if _TEXT_TRIGGER.search(value):
        yield from _common_findings(value)


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
        attributes = _ATTR_LIST.search(line)
        if attributes:
            yield index, "rule.html", attributes.group()
        for match in _MD_LINK_TARGET.finditer(line):
            target = match.group(1)
            if _BAD_SCHEME.match(target):
                continue  # already reported by _common_findings
            if ":" in target.split("/")[0] and not target.lower().startswith(
                ("http:", "https:", "mailto:")
            ):
                yield index, "rule.url_scheme", target


def _trigger_offsets(body: str) -> list[int]:
    """Where a body rule could apply: every character it could be about, "](", lines that
    start with a single "#" (when the body has a level-1 title), and script schemes.

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
            if body.startswith("(", index + 1):
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
    control = _CONTROL.search(value)
    if control:
        yield "rule.control_char", f"U+{ord(control.group()):04X}"
    without_autolinks = _AUTOLINK.sub("", value)
    tag = _TAG.search(without_autolinks)
    if tag:
        yield "rule.html", tag.group()
    entity = _ENTITY.search(value)
    if entity:
        yield "rule.entity", entity.group()
    template = _TEMPLATE.search(value)
    if template:
        yield "rule.template", value[template.start() : template.start() + 20]
    scheme = _BAD_SCHEME.search(value)
    if scheme:
        yield "rule.url_scheme", value[scheme.start() : scheme.start() + 30]


def internal_link_targets(body: str) -> Iterator[tuple[int, str]]:
    """(line index, slug) of every relative Markdown link to another resource (slug.md)."""
    if "](" not in body:
        return
    for index, line in enumerate(body.split("\n")):
        for match in _MD_LINK_TARGET.finditer(line):
            target = match.group(1).split("#")[0]
            if target.endswith(".md") and "://" not in target:
                yield index, target.rsplit("/", 1)[-1][:-3]


# What a rendered resource page may contain. Everything else is removed.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "mark", "nav", "ol", "p", "pre",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
    # the small map of trials drawn by render.py (essaim/charts.py, trial_map): shapes and
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
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


# What any page of the portal may contain once rendered: the resource allowlist above, plus
# what the portal's own generated HTML and hand-written pages use (search form, facets,
# figures, HTML bar charts, maps). Every page goes through it, whatever wrote it: the
# second wall behind escaping at each output (essaim/tripwire.py is the third).
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
    "form": {"action", "method"},
    "input": {"type", "name", "value", "placeholder", "autocomplete", "checked", "for"},
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
# The HTML bar charts and colour swatches (essaim/charts.py) set these two, nothing else.
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
    return _PAGE_CLEANER.clean(html)


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
