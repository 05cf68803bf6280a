"""Where pages live: source paths of generated pages, their directory URLs, relative links."""

from __future__ import annotations

import functools
from html import escape

RESOURCES_DIR = "ressources"


def resource_src(slug: str) -> str:
    return f"{RESOURCES_DIR}/{slug}.md"


def territory_src(scale: str, code: str) -> str:
    if scale == "national":
        return "territoires/national.md"
    return f"territoires/{scale}-{code.lower()}.md"


def url_of(src: str) -> str:
    """Directory URL of a page source (use_directory_urls)."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


@functools.lru_cache(maxsize=65536)
def relative_href(from_src: str, to_src: str) -> str:
    """Relative link between two pages' directory URLs (called ~40 times per resource)."""
    start = [part for part in url_of(from_src).split("/") if part]
    target = [part for part in url_of(to_src).split("/") if part]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    relative = "/".join([".."] * (len(start) - common) + target[common:])
    return escape(relative + "/" if relative else "./")


FEEDS_DIR = "flux"


def type_feed_path(resource_type: str) -> str:
    return f"{FEEDS_DIR}/type-{resource_type}.xml"


def departement_feed_path(code: str) -> str:
    return f"{FEEDS_DIR}/departement-{code.lower()}.xml"


# The types whose feeds exist per département and per région.
WATCH_TYPES = ("veille-juridique", "veille-sociale")


def watch_feed_path(kind: str, scale: str, code: str) -> str:
    """flux/veille-juridique-departement-94.xml, flux/veille-sociale-region-11.xml…"""
    return f"{FEEDS_DIR}/{kind}-{scale}-{code.lower()}.xml"
