"""Links in a resource's text, judged as MkDocs 1.6.1 will judge them in `mkdocs build --strict`.

MkDocs reads every link and image of a page after Python-Markdown has converted it
(mkdocs/structure/pages.py, _RelativePathTreeprocessor.path_to_url) and, with the
`validation` of mkdocs.yml, warns — which stops a strict build — when a relative target is
not a file of the site, when an absolute one starts with « / », and when an anchor
(« #section ») is not an id of the page it points to. Guessing links with patterns would
miss some (reference definitions, footnotes, escapes, angle brackets): the text is
converted here by the same Markdown extensions as the site's, and every `href` and `src`
is judged by the same rules. A relative link may lead to a resource page (autre.md,
optionally #section) or to a file a resource lists in pieces_jointes (<identifiant>/<fichier>).

Python-Markdown takes quadratic time on some texts (thousands of unclosed « [ » or « ( »,
long runs of heading, rule or fence lines without a blank line): markdown_cost_findings
measures that first, in one pass, and such a text is refused before anything converts it.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from essaim.catalog.safety import deceptive_address
from essaim.messages import suggestion_hint
from essaim.text import closest
from essaim.urls import RESOURCES_DIR

# The markdown_extensions of mkdocs.yml (tests/unit/catalog/test_links.py compares them).
SITE_MARKDOWN_EXTENSIONS: dict[str, dict] = {
    "abbr": {},
    "attr_list": {},
    "def_list": {},
    "footnotes": {},
    "tables": {"use_align_attribute": True},
    "toc": {"permalink": True, "permalink_title": "Lien vers cette section"},
    "admonition": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tasklist": {},
}

# Work Python-Markdown may spend on one text, in characters scanned (about six million a
# second): beyond, the text is refused. Ordinary texts stay far below (a link costs its own
# length; a heading, the length of its paragraph).
MAX_BRACKET_WORK = 1_000_000
MAX_BLOCK_WORK = 4_000_000
# Deepest nesting accepted: indentation (in spaces) and list or quote markers on one line;
# lines the block parser splits at, in one paragraph (a definition list of some 700
# entries without a blank line exhausts Python's recursion limit).
MAX_INDENT = 64
MAX_MARKERS = 16
MAX_SPLIT_LINES = 250

_BRACKETS = re.compile(r"[\[\]()\\]")
# What Python-Markdown swaps for a placeholder before it looks for links (backslash
# escapes, code spans), and the length of a placeholder (« \x02klzzwxh:0000\x03 »).
_GROWS = re.compile(r"[\\`]")
PLACEHOLDER = 16
# A blank line (its line break): paragraphs end there.
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
# Lines the block parser splits its paragraph at, then joins the rest again: headings,
# rules and setext underlines, fences, admonitions and details, definitions, abbreviations,
# reference definitions.
_SPLIT_LINE = re.compile(
    r"^ {0,3}(?:#|[-=*_+][-=*_+ \t]*$|`{3}|~{3}|!{3}|\?{3}|:[ \t]|\*\[|\[[^\]\n]*\]:)", re.M
)
# Indentation that may be deeper than MAX_INDENT (a tab counts up to four spaces), and more
# than MAX_MARKERS list or quote markers at the start of one line.
_INDENT_RUN = " " * (MAX_INDENT // 4 + 1)
_DEEP_INDENT = re.compile(f"^[ \\t]{{{MAX_INDENT // 4 + 1},}}", re.M)
_DEEP_MARKERS = re.compile(
    f"^(?:[ \\t]*(?:>|[-*+](?=[ \\t])|\\d{{1,9}}[.)](?=[ \\t]))){{{MAX_MARKERS + 1}}}", re.M
)


def markdown_cost_findings(body: str) -> Iterator[tuple[int, str]]:
    """(line index, what) when converting body would take Python-Markdown more than
    linear time, or exhaust its recursion. Linear itself, and in C for the lines that
    cannot matter: regular expressions find the few lines and brackets worth counting."""
    found = _nesting(body)
    # The work counted below is at most (what may cost) × (the text's length): a text too
    # short for it to reach its budget is not scanned (most texts, in one count in C).
    length = len(body)
    brackets = body.count("[") + body.count("(")
    length += PLACEHOLDER * (body.count("\\") + body.count("`"))
    lines = body.count("\n") + 1
    if found is None and (
        brackets * length > MAX_BRACKET_WORK
        or lines * length > MAX_BLOCK_WORK
        or lines > MAX_SPLIT_LINES
    ):
        blanks = [m.start() for m in _BLANK_LINE.finditer(body)]
        found = _bracket_work(body, blanks) or _block_work(body, blanks)
    if found is not None:
        offset, kind = found
        yield body.count("\n", 0, offset), kind


def _block_end(blanks: list[int], offset: int, length: int) -> int:
    """Where the paragraph holding offset ends: at the next blank line, or the text's end."""
    after = bisect.bisect_right(blanks, offset)
    return blanks[after] if after < len(blanks) else length


def _nesting(body: str) -> tuple[int, str] | None:
    """Python-Markdown reads each level of nesting (indentation, list and quote markers)
    by calling itself once more: a few hundred levels exhaust Python's recursion limit
    and the build stops with a traceback (and deep indentation is read in cubic time)."""
    if "\t" in body or _INDENT_RUN in body:
        for match in _DEEP_INDENT.finditer(body):
            blank = match.group()
            if len(blank.expandtabs(4)) > MAX_INDENT:
                return match.start(), "nesting"
    match = _DEEP_MARKERS.search(body)
    return (match.start(), "nesting") if match else None


def _bracket_work(body: str, blanks: list[int]) -> tuple[int, str] | None:
    """Each « [ » and « ( » makes the link pattern scan to its closing bracket, or to the
    end of its paragraph when there is none (escaped brackets are not read). The scan runs
    over the text as Python-Markdown holds it by then: each backslash escape and code span
    already swapped for a placeholder of some twenty characters, counted so."""
    grown = [m.start() for m in _GROWS.finditer(body)]

    def at(offset: int) -> int:
        return offset + PLACEHOLDER * bisect.bisect_left(grown, offset)

    work = 0
    opened: dict[str, list[int]] = {"[": [], "(": []}
    pairs = {"]": "[", ")": "("}
    block_end = -1
    skip = -1
    length = len(body)
    for match in _BRACKETS.finditer(body):
        offset = match.start()
        if offset == skip:
            continue
        if offset > block_end:  # a new paragraph: what stayed open was read to its end
            end = at(block_end)
            work += sum(end - at(start) for stack in opened.values() for start in stack)
            if work > MAX_BRACKET_WORK:
                break
            opened = {"[": [], "(": []}
            block_end = _block_end(blanks, offset, length)
        char = match.group()
        if char == "\\":
            skip = offset + 1
        elif char in opened:
            opened[char].append(offset)
        elif opened[pairs[char]]:
            work += at(offset) - at(opened[pairs[char]].pop())
            if work > MAX_BRACKET_WORK:
                break
    else:
        end = at(block_end)
        work += sum(end - at(start) for stack in opened.values() for start in stack)
    if work <= MAX_BRACKET_WORK:
        return None
    still = [start for stack in opened.values() for start in stack]
    return (min(still) if still else offset), "bracket"


def _block_work(body: str, blanks: list[int]) -> tuple[int, str] | None:
    """Each such line makes the block parser split its paragraph there and join the rest
    again: it costs the length of what follows it in the paragraph."""
    work = 0
    count = 0
    first = -1  # the first such line of the current paragraph
    block_end = -1
    length = len(body)
    for match in _SPLIT_LINE.finditer(body):
        offset = match.start()
        if offset > block_end:
            first, count = offset, 0
            block_end = _block_end(blanks, offset, length)
        count += 1
        work += block_end - offset
        if count > MAX_SPLIT_LINES or work > MAX_BLOCK_WORK:
            return first, "block"
    return None


# ---------------------------------------------------------------- links as MkDocs reads them


@dataclass
class Rendered:
    """What the site's converter makes of a text: link targets (tag, target, and whether it
    is an image) and the ids a link may point at."""

    targets: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


# A web address whose host holds a square bracket: Python's urlsplit, which MkDocs calls on
# every link, raises an error on it (« Invalid IPv6 URL ») and the build stops.
_BRACKET_HOST = re.compile(r"://[^/?#\s)>]*[\[\]]")
# A colon or slash, then a host part holding « @ » (a web address that names another site
# than it seems: see safety.deceptive_address): the text is read to judge each target.
_MAYBE_USERINFO = re.compile(r"[:/\\][^/\\?#\s]*@")


def needs_reading(body: str) -> bool:
    """Whether body may hold a link MkDocs judges (anything but a plain web or mail
    address): a link or image « ](…) », a reference definition « ]: », a footnote, a web
    address MkDocs cannot read."""
    if "[^" in body or _BRACKET_HOST.search(body):
        return True
    if "@" in body and _MAYBE_USERINFO.search(body):
        return True
    for token in ("](", "]:"):
        at = body.find(token)
        while at >= 0:
            rest = body[at + 2 : at + 12].lstrip(" <").lower()
            if not rest.startswith(("https://", "http://", "mailto:")):
                return True
            at = body.find(token, at + 2)
    return False


def render(body: str) -> Rendered:
    with _LOCK:
        md = _converter()
        md.reset()
        collector = md.essaim_collector
        collector.found = Rendered()
        md.convert(body)
        return collector.found


_LOCK = threading.Lock()
_CONVERTER: list[markdown.Markdown] = []


def _converter() -> markdown.Markdown:
    if not _CONVERTER:
        collector = _Collector()
        md = markdown.Markdown(
            extensions=[*SITE_MARKDOWN_EXTENSIONS, _Collect(collector)],
            extension_configs={k: v for k, v in SITE_MARKDOWN_EXTENSIONS.items() if v},
        )
        md.essaim_collector = collector
        _CONVERTER.append(md)
    return _CONVERTER[0]


class _Collector(Treeprocessor):
    """Runs where MkDocs' own link and anchor readers run (after toc, footnotes)."""

    found: Rendered

    def run(self, root: Element) -> None:
        for element in root.iter():
            anchor = element.get("id")
            if anchor:
                self.found.ids.add(anchor)
            if element.tag == "a":
                name = element.get("name")
                if name:
                    self.found.ids.add(name)
                href = element.get("href")
                if href is not None:
                    self.found.targets.append(href)
            elif element.tag == "img":
                src = element.get("src")
                if src is not None:
                    self.found.targets.append(src)


class _Collect(Extension):
    def __init__(self, collector: _Collector) -> None:
        super().__init__()
        self.collector = collector

    def extendMarkdown(self, md):
        md.treeprocessors.register(self.collector, "essaim-links", -1)


# ---------------------------------------------------------------- judging the targets


@dataclass
class Site:
    """What a resource's text may link to: resource pages (by identifier) and the files
    they list; resource(slug) gives a resource's text and attachments, or None if it
    cannot be read."""

    slugs: set[str]
    resource: Callable[[str], tuple[str, set[str]] | None]
    _ids: dict[str, set[str] | None] = field(default_factory=dict)

    def ids_of(self, slug: str) -> set[str] | None:
        if slug not in self._ids:
            found = self.resource(slug)
            body = found[0] if found else None
            readable = body is not None and not any(markdown_cost_findings(body))
            self._ids[slug] = render(body).ids if readable else None
        return self._ids[slug]

    def attachments_of(self, slug: str) -> set[str]:
        found = self.resource(slug) if slug in self.slugs else None
        return found[1] if found else set()


@dataclass
class Finding:
    """A link MkDocs would warn about: its target, the message key and its values."""

    target: str
    rule: str
    details: dict[str, str]


def link_findings(slug: str, body: str, site: Site) -> Iterator[Finding]:
    """Every link or image of body that `mkdocs build --strict` would warn about."""
    if not needs_reading(body):
        return
    own = render(body)
    site._ids.setdefault(slug, own.ids)
    src = f"{RESOURCES_DIR}/{slug}.md"
    for url in dict.fromkeys(own.targets):
        finding = _judge(url, src, own, site)
        if finding is not None:
            yield finding


def _judge(url: str, src: str, own: Rendered, site: Site) -> Finding | None:
    """The same steps as MkDocs' path_to_url, with the site's files and anchors."""
    try:
        scheme, netloc, path, _query, anchor = urlsplit(url)
    except ValueError:
        return Finding(url, "link.unreadable", {"target": url})
    deceptive = deceptive_address(url)
    if deceptive is not None:
        return Finding(url, "rule.url_userinfo", {"snippet": deceptive})
    if scheme or netloc:
        if scheme.lower() not in ("http", "https", "mailto", ""):
            return Finding(url, "rule.url_scheme", {"snippet": url})
        return None
    if url.startswith(("/", "\\")):
        return Finding(url, "link.absolute", {"target": url})
    if AMP_SUBSTITUTE in url:  # an e-mail address, written by Markdown itself
        return None
    if not path:
        if not anchor or anchor in own.ids:
            return None
        if anchor.startswith("fnref:"):
            return Finding(url, "link.footnote", {"name": anchor[len("fnref:") :]})
        return Finding(url, "link.anchor_here", {"target": url, "hint": _near(anchor, own.ids)})
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path)).lstrip("/"))
    folder, _, name = target.partition("/")
    if folder == RESOURCES_DIR and "/" not in name and name.endswith(".md"):
        other = name[: -len(".md")]
        if other not in site.slugs:
            near = closest(other, sorted(site.slugs))
            hint = suggestion_hint(f"{near}.md" if near else None)
            return Finding(url, "rule.internal_link", {"target": other, "hint": hint})
        if not anchor:
            return None
        ids = site.ids_of(other)
        if ids is not None and anchor in ids:
            return None
        return Finding(
            url,
            "link.anchor_there",
            {"target": url, "other": name, "hint": _near(anchor, ids or set())},
        )
    if folder == RESOURCES_DIR and "/" in name:
        owner, _, file = name.partition("/")
        if file in site.attachments_of(owner):
            return None
    hint = ""
    own_slug = posixpath.basename(src)[: -len(".md")]
    if posixpath.basename(target) in site.attachments_of(own_slug):
        hint = suggestion_hint(f"{own_slug}/{posixpath.basename(target)}")
    return Finding(url, "link.not_found", {"target": url, "hint": hint})


def _near(anchor: str, ids: set[str]) -> str:
    candidates = sorted(i for i in ids if not i.startswith(("fn:", "fnref:")))
    near = closest(anchor, candidates)
    return suggestion_hint(f"#{near}" if near else None)
