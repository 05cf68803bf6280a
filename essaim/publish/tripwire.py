"""The last wall: read back every file a build wrote and find active content in it.

Contributor text is escaped where it is written and rendered Markdown is sanitised (nh3);
this scan is the third wall, for what the first two would have missed. It reads each
published HTML page, SVG image, XML file (feeds, sitemap) and JSON file with a real parser
(libxml2 through lxml: linear time, no backtracking pattern) and reports:

- a <script> that is not one of the theme's and the portal's own (exact file paths, and
  hashes of the inline scripts Material writes);
- an event attribute (on…), a javascript:, vbscript:, data: or other non-web URL in any
  attribute that holds one, srcdoc, formaction;
- <iframe>, <object>, <embed>, <base>, <meta http-equiv> (except the redirect pages' own
  refresh to a relative address), <form> (except the portal's search forms), and the
  elements whose content a browser parses differently from libxml2 (<noscript>, <style>,
  <template>, MathML, SVG animation and foreignObject);
- a script tag in the raw bytes that the parser did not see as one (parser differential);
- in XML: processing instructions (xml-stylesheet), entity declarations, scripts and event
  attributes, and Atom/RSS text marked as HTML that holds any of the above.

Pure: paths and bytes in, findings out; the MkDocs hook decides what to do with them.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml"})
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".xsl", ".xslt"})
SVG_SUFFIXES = frozenset({".svg"})
JSON_SUFFIXES = frozenset({".json"})
SCANNED_SUFFIXES = HTML_SUFFIXES | XML_SUFFIXES | SVG_SUFFIXES | JSON_SUFFIXES
# The inline scripts Material 9.8.1 writes in every page with this portal's settings
# (base.html: the scope and storage helpers; content tabs' anchor script). A theme upgrade
# or a new theme feature that adds one makes the build say so: add its hash here after
# reading it.
THEME_INLINE_SCRIPTS = frozenset(
    {
        "7eb3684fdacd2881f67b9428983273a29d8774d8bc82622af9b65a8ec1032a90",
        "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",
    }
)

# URL schemes a published address may use; a relative address has none.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements that run code, load another document, change every link of the page, or whose
# content libxml2 and browsers do not parse the same way (mutation XSS).
FORBIDDEN_ELEMENTS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
        "noscript", "noembed", "noframes", "xmp", "plaintext", "template", "style",
        "math", "foreignobject", "animate", "animatemotion", "animatetransform", "set",
        "handler", "listener", "import",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data",
        "codebase", "cite", "longdesc", "ping", "lowsrc", "dynsrc", "manifest", "icon",
        "archive", "classid", "usemap", "srcset", "imagesrcset", "profile", "itemtype",
    }
)  # fmt: skip
# Material writes its inline scripts with the page's relative root in them
# (`new URL("../..",location)`): that literal is set aside before hashing.
_RELATIVE_ROOT = re.compile(r'new URL\("(?:/|\.|\.\.(?:/\.\.)*)",location\)')
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these anywhere in a URL, and C0 controls and spaces at both ends.
_URL_DROPPED = str.maketrans("", "", "\t\n\r")
_URL_TRIM = "".join(chr(c) for c in range(0x21))
_RAW_SCRIPT = re.compile(rb"<script[\s/>]", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(.*)$", re.IGNORECASE | re.DOTALL)
# Atom and RSS elements whose text a feed reader may render as HTML.
_FEED_HTML_TYPES = frozenset({"html", "xhtml", "text/html"})
_RSS_HTML_ELEMENTS = frozenset({"description", "encoded"})


@dataclass(frozen=True)
class Allowlist:
    """What the theme and the portal put in pages themselves."""

    # Site paths of the scripts pages may load (theme bundle, extra_javascript).
    script_paths: frozenset[str] = frozenset()
    # SHA-256 of each inline script the theme writes, relative root set aside.
    inline_scripts: frozenset[str] = frozenset()
    # Site paths a form may send to (the catalogue's search), with method GET.
    form_actions: frozenset[str] = frozenset()
    # Path of the site's root on its server ("/essaim/" for a GitHub project site): an
    # address starting with it is a site path.
    root: str = "/"


@dataclass(frozen=True)
class Finding:
    path: str  # site path of the file, e.g. ressources/x/index.html
    what: str  # what was found, in French
    snippet: str = ""
    # A piece of the contributor's text the finding holds (an attribute value, a tag), to
    # find which source file it came from when the page is made from many.
    needle: str = ""


@dataclass
class _Page:
    path: str
    allow: Allowlist
    findings: list[Finding] = field(default_factory=list)

    def add(self, what: str, snippet: str = "", needle: str = "") -> None:
        self.findings.append(Finding(self.path, what, _shorten(snippet), needle))


# ---------------------------------------------------------------- public entry points


def scan_site(site: Path, allow: Allowlist, paths: Iterable[str] | None = None) -> list[Finding]:
    """Findings in every scanned file of a built site (or in the given site paths)."""
    if paths is None:
        paths = site_files(site)
    findings: list[Finding] = []
    for path in sorted(paths):
        if Path(path).suffix.lower() in SCANNED_SUFFIXES:
            findings += scan_file(path, (site / path).read_bytes(), allow)
    return findings


def site_files(site: Path) -> list[str]:
    """Site path of every file under site."""
    return [path for path, _ in _walk(site)]


def changed_files(site: Path, seen: dict[str, tuple[int, int]]) -> list[str]:
    """Files written since seen was last updated (seen is updated): for `make serve`, where
    each rebuild writes a few pages only."""
    changed = []
    for path, entry in _walk(site):
        info = entry.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        if seen.get(path) != stamp:
            seen[path] = stamp
            changed.append(path)
    return changed


def _walk(site: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """(site path, directory entry) of every file under site: one scandir per folder, no
    stat of each file (a site of 5,000 resources holds some 9,000 files); symbolic links
    to folders are not followed, as Path.rglob does not."""
    folders = [(os.fspath(site), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry


def scan_file(path: str, data: bytes, allow: Allowlist) -> list[Finding]:
    """Findings in one file, chosen by its suffix (path is its site path)."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return scan_html(path, data, allow)
    if suffix in SVG_SUFFIXES or suffix in XML_SUFFIXES:
        return scan_xml(path, data)
    if suffix in JSON_SUFFIXES:
        return scan_json(path, data)
    return []


def scan_html(path: str, data: bytes | str, allow: Allowlist) -> list[Finding]:
    page = _Page(path, allow)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not raw.strip():
        return []
    try:
        doc = lxml.etree.fromstring(raw, _HTML_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        page.add("page HTML illisible", str(exc))
        return page.findings
    if doc is None:
        return []
    seen = _check_tree(page, doc)
    if len(_RAW_SCRIPT.findall(raw)) > seen:
        page.add("balise <script> que l'analyseur ne reconnaît pas comme telle")
    return page.findings


def scan_html_fragment(path: str, text: str) -> list[Finding]:
    """Findings in HTML that stands inside another document (a feed's HTML text)."""
    return scan_html(path, f"<div>{text}</div>", Allowlist())


def scan_xml(path: str, data: bytes) -> list[Finding]:
    """An SVG image, an Atom or RSS feed, a sitemap: read as XML, never resolving entities."""
    page = _Page(path, Allowlist())
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        page.add("fichier XML illisible", str(exc))
        return page.findings
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in data or b"<!entity" in data:
        page.add("déclaration DOCTYPE ou ENTITY")
    for node in root.itersiblings(preceding=True):
        if isinstance(node, lxml.etree._ProcessingInstruction):
            page.add("instruction de traitement", f"<?{node.target} {node.text or ''}?>")
    for element in root.iter():
        if isinstance(element, lxml.etree._ProcessingInstruction):
            page.add("instruction de traitement", f"<?{element.target} {element.text or ''}?>")
            continue
        if not isinstance(element.tag, str):
            continue
        name = lxml.etree.QName(element).localname.lower()
        if name == "script" or name in FORBIDDEN_ELEMENTS:
            page.add(f"élément <{name}>", _markup(element), _needle(element))
        for key, value in element.attrib.items():
            attr = lxml.etree.QName(key).localname.lower()
            if attr.startswith("on"):
                page.add(f"attribut d'événement « {attr} »", f'{attr}="{value}"', value)
            elif attr in URL_ATTRIBUTES and not _safe_url(value):
                page.add(f"adresse active dans « {attr} »", value, value)
        if _is_feed_html(element, name) and element.text:
            for finding in scan_html_fragment(path, element.text):
                page.add(
                    f"dans le texte HTML de <{name}> : {finding.what}",
                    finding.snippet,
                    finding.needle,
                )
    return page.findings


def scan_json(path: str, data: bytes) -> list[Finding]:
    """A JSON file holds data, never markup a browser would run: it must parse as JSON."""
    try:
        json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [Finding(path, "fichier JSON illisible", _shorten(str(exc)))]
    return []


def inline_script_hash(text: str) -> str:
    """The hash an inline script is allowed by (its relative root set aside)."""
    normalised = _RELATIVE_ROOT.sub('new URL("",location)', text.strip())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def allowlist_for(
    theme_dirs: Iterable[str], extra_javascript: Iterable[str], site_url: str, forms: Iterable[str]
) -> Allowlist:
    """What a build's own pages may hold: the theme's bundled scripts (assets/javascripts/
    of each theme folder), the site's extra_javascript, Material's inline scripts, and
    the portal's search forms (site paths they send to)."""
    from urllib.parse import urlsplit

    scripts = {str(script) for script in extra_javascript}
    for folder in theme_dirs:
        bundled = Path(folder) / "assets" / "javascripts"
        if bundled.is_dir():
            scripts.update(p.relative_to(folder).as_posix() for p in bundled.rglob("*.js"))
    return Allowlist(
        script_paths=frozenset(scripts),
        inline_scripts=THEME_INLINE_SCRIPTS,
        form_actions=frozenset(forms),
        root=urlsplit(site_url or "/").path or "/",
    )


def describe(finding: Finding, source: str) -> str:
    """The French line a maintainer reads: page, source file, what, where."""
    from essaim.messages import say

    return say(
        "tripwire.finding",
        page=finding.path,
        source=source,
        what=finding.what,
        snippet=finding.snippet,
    )


def locate(needle: str, texts: dict[str, str]) -> list[str]:
    """The source files (of {path: text}) that hold needle, for a page made from many."""
    needle = needle.strip()
    if len(needle) < 3:
        return []
    return sorted(path for path, text in texts.items() if needle in text)


BLOCKED_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Page bloquée — Essaim</title></head>
<body><h1>Page bloquée</h1><p>Cette page contenait du contenu actif (script, attribut
d'événement, adresse javascript:…) : l'aperçu l'a remplacée. Le détail est dans le terminal
de <code>make serve</code> ; <code>make build</code> refuserait de publier le site.</p></body></html>
"""


# ---------------------------------------------------------------- HTML


def _check_tree(page: _Page, doc) -> int:
    """Check every element and attribute of doc; returns the number of <script> elements.

    One walk over the tree (element and attribute names come lowercased from libxml2's
    HTML parser): an element is looked at when its tag is one that can be active, an
    attribute when it is an event attribute or one that holds an address, a style or a
    document and its value may hold a scheme (":", or an entity for one). Plain Python
    over lxml's items() is faster here than an XPath predicate, which builds a string for
    each of the page's ~600 attributes. Elements are reported first, then attributes,
    each in document order."""
    scripts = 0
    attributes = []
    for element in doc.iter():
        tag = element.tag
        if tag in _ELEMENT_SET:
            scripts += tag == "script"
            _check_element(page, element)
        for name, value in element.items():
            if name.startswith("on") or (
                name in _CHECKED_ATTRIBUTES
                and (":" in value or "&" in value or name in _ALWAYS_CHECKED)
            ):
                attributes.append((element, name, value))
    for element, name, value in attributes:
        _check_attribute(page, element, name, value)
    return scripts


_ELEMENT_SET = frozenset({"script", "form", "meta", "link", *FORBIDDEN_ELEMENTS})
_CHECKED_ATTRIBUTES = URL_ATTRIBUTES | {"srcdoc", "formaction", "style"}
# Reported whatever their value.
_ALWAYS_CHECKED = frozenset({"srcdoc", "formaction"})
_HTML_PARSER = lxml.etree.HTMLParser()


def _check_element(page: _Page, element) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "script":
        _check_script(page, element)
    elif tag == "form":
        _check_form(page, element)
    elif tag == "meta":
        _check_meta(page, element)
    elif tag == "link":
        rel = (element.get("rel") or "").lower().split()
        if (
            "import" in rel
            or "modulepreload" in rel
            or ("preload" in rel and element.get("as") == "script")
        ):
            page.add("lien <link> qui charge un script", _markup(element), _needle(element))
    else:
        page.add(f"élément <{tag}>", _markup(element), _needle(element))


def _check_script(page: _Page, element) -> None:
    src = element.get("src")
    if src is not None:
        if _resolve(page.path, src, page.allow.root) not in page.allow.script_paths:
            page.add(
                "script externe hors de la liste autorisée", _markup(element), _needle(element)
            )
        return
    kind = (element.get("type") or "").strip().lower()
    if kind == "application/json" and element.get("id") == "__config":
        return  # Material's configuration: data, never run
    if inline_script_hash(element.text or "") not in page.allow.inline_scripts:
        page.add("script intégré hors de la liste autorisée", _markup(element), _needle(element))


def _check_form(page: _Page, element) -> None:
    action = element.get("action")
    method = (element.get("method") or "get").strip().lower()
    target = _resolve(page.path, action, page.allow.root) if action is not None else None
    if method != "get" or target not in page.allow.form_actions:
        page.add(
            "formulaire hors des formulaires de recherche du portail",
            _markup(element),
            _needle(element),
        )


def _check_meta(page: _Page, element) -> None:
    if element.get("http-equiv") is None:
        return  # charset, viewport, description…: no effect on the browser's behaviour
    equiv = (element.get("http-equiv") or "").strip().lower()
    content = element.get("content") or ""
    refresh = _REFRESH.match(content)
    # The redirect pages of former identifiers forward to a relative address, nothing else.
    if equiv == "refresh" and refresh and not _has_scheme(refresh.group(1).strip("'\" ")):
        return
    page.add("balise <meta http-equiv>", _markup(element), _needle(element))


def _check_attribute(page: _Page, element, name: str, value: str) -> None:
    lowered = name.lower()
    if lowered.startswith("on"):
        page.add(f"attribut d'événement « {lowered} »", f'{name}="{value}"', value)
    elif lowered == "srcdoc":
        page.add("attribut « srcdoc »", value, value)
    elif lowered == "formaction":
        page.add("attribut « formaction »", value, value)
    elif lowered == "style":
        folded = value.lower().translate(_URL_DROPPED)
        if "expression(" in folded or "javascript:" in folded or "behavior:" in folded:
            page.add("style actif", value, value)
    elif lowered in ("srcset", "imagesrcset"):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0] if candidate.strip() else ""
            if url and not _safe_url(url):
                page.add(f"adresse active dans « {lowered} »", value, value)
                break
    elif not _safe_url(value):
        page.add(f"adresse active dans « {lowered} »", value, value)


# ---------------------------------------------------------------- addresses


def _safe_url(value: str) -> bool:
    """A relative address, or an absolute one with a web or mail scheme.

    Conservative where parsers differ: HTML5 entities libxml2 does not know (&colon;,
    &Tab;…) are decoded once more before the scheme is read.
    """
    if "&" in value:
        import html

        value = html.unescape(value)
    return not _has_scheme(value) or _scheme(value) in SAFE_SCHEMES


def _has_scheme(value: str) -> bool:
    return _scheme(value) is not None


def _scheme(value: str) -> str | None:
    cleaned = value.strip(_URL_TRIM).translate(_URL_DROPPED)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _resolve(page_path: str, url: str, root: str = "/") -> str | None:
    """The site path an address of page_path leads to (None for another site)."""
    cleaned = url.strip(_URL_TRIM).translate(_URL_DROPPED)
    if _has_scheme(cleaned) or cleaned.startswith("//"):
        return None
    cleaned = cleaned.split("#", 1)[0].split("?", 1)[0]
    if cleaned.startswith("/"):
        joined = cleaned.removeprefix(root).lstrip("/") if cleaned.startswith(root) else None
        if joined is None:
            return None
    else:
        joined = posixpath.join(posixpath.dirname(page_path), cleaned)
    normal = posixpath.normpath(joined) if joined else "."
    if normal.startswith(".."):
        return None
    if cleaned.endswith("/") or cleaned in ("", "."):
        normal = "" if normal == "." else normal + "/"
    return normal


# ---------------------------------------------------------------- XML


def _is_feed_html(element, name: str) -> bool:
    if (element.get("type") or "").strip().lower() in _FEED_HTML_TYPES:
        return True
    return name in _RSS_HTML_ELEMENTS


def _needle(element) -> str:
    """What of an element most likely came from a source file as it is."""
    for key in ("src", "href", "action", "content", "data"):
        if element.get(key):
            return element.get(key)
    return (element.text or "").strip()


def _markup(element) -> str:
    return lxml.etree.tostring(element, encoding="unicode", with_tail=False)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
