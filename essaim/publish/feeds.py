"""Atom feeds (RFC 4287) of new and updated resources.

- `flux/tout.xml`: every resource; `flux/type-<type>.xml`: one per resource type (legal
  watch `veille-juridique`, social watch `veille-sociale`…); `flux/departement-<code>.xml`:
  one per département, with the resources of its communes, EPCIs and bassins de vie.
- `flux/veille-juridique-departement-<code>.xml`, `flux/veille-sociale-region-<code>.xml`…:
  the legal and the social watch of each département and each région. A national note is in
  every territory's watch feed; a local one in the feeds of the territories it covers.
- Dates come from the metadata only (`date_mise_a_jour`, else `date_publication`); a partial
  date stands for its first day at midnight UTC. A feed's `updated` is its newest entry's, so
  a rebuild with nothing new gives the same bytes and feed readers see nothing new.
- Identifiers are stable URNs (UUID version 5 of a fixed name), independent of the address
  where the site is deployed. A renamed resource keeps the identifier of its oldest name
  (the first of `anciens_identifiants`), so readers do not see it twice.
- Entries link to the resource page; the newest FEED_MAX_ENTRIES are kept.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from essaim import dates, labels
from essaim.catalog.quality import listed
from essaim.model import Catalog, Resource
from essaim.pages.listings import most_recent
from essaim.urls import (
    FEEDS_DIR,
    WATCH_TYPES,
    departement_feed_path,
    resource_src,
    territory_src,
    type_feed_path,
    url_of,
    watch_feed_path,
)

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_MAX_ENTRIES = 50
# Fixed namespace for the feed and entry identifiers: never change it.
ID_NAMESPACE = uuid.UUID("6f1b7c52-3d0e-5b8e-9f64-2a9c1d4e7b10")


@dataclass(frozen=True)
class Feed:
    path: str  # site path, e.g. flux/tout.xml
    title: str
    subtitle: str
    page_src: str  # the listing page the feed mirrors
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Alternate:
    """A <link rel="alternate"> for a page's <head>."""

    title: str
    path: str


# ---------------------------------------------------------------- which feeds


def all_feeds(catalog: Catalog) -> list[Feed]:
    catalog = listed(catalog)  # an archived resource leaves the feeds
    feeds = [
        Feed(
            f"{FEEDS_DIR}/tout.xml",
            f"{labels.FEED_SITE} — {labels.FEED_ALL}",
            labels.FEED_ALL_SUBTITLE,
            "ressources/index.md",
            tuple(catalog.resources),
        )
    ]
    for key, label in labels.TYPES.items():
        feeds.append(
            Feed(
                type_feed_path(key),
                f"{labels.FEED_SITE} — {label.plural}",
                labels.FEED_TYPE_SUBTITLE.format(label=label.plural),
                f"types/{key}.md",
                tuple(r for r in catalog.resources if r.type == key),
            )
        )
    terr = catalog.territories
    feeds += watch_feeds(catalog)
    # Each resource placed once in the départements it covers (catalogue order kept).
    by_dep: dict[str, list[Resource]] = {}
    for resource in catalog.resources:
        for dep in terr.departements_of(resource.territory):
            by_dep.setdefault(dep, []).append(resource)
    for code, (name, _region) in sorted(terr.departements.items()):
        feeds.append(
            Feed(
                departement_feed_path(code),
                f"{labels.FEED_SITE} — " + labels.FEED_DEPARTEMENT.format(name=name, code=code),
                labels.FEED_DEPARTEMENT_SUBTITLE.format(name=name, code=code),
                territory_src("departement", code),
                tuple(by_dep.get(code, ())),
            )
        )
    return feeds


def watch_feeds(catalog: Catalog) -> list[Feed]:
    """Legal and social watch of every département and région (catalog already listed).

    Each watch note is placed once in the territories it covers (national: all of them),
    so the cost grows with the notes plus the territories, not their product.
    """
    terr = catalog.territories
    feeds = []
    for kind in WATCH_TYPES:
        label = labels.TYPES[kind].label
        notes = [r for r in catalog.resources if r.type == kind]
        national = tuple(r for r in notes if r.territory.scale == "national")
        by_dep: dict[str, list[Resource]] = {}
        by_region: dict[str, list[Resource]] = {}
        for note in notes:
            if note.territory.scale == "national":
                continue
            for dep in terr.departements_of(note.territory):
                by_dep.setdefault(dep, []).append(note)
            for region in terr.regions_of(note.territory):
                by_region.setdefault(region, []).append(note)
        for code, (name, _region) in sorted(terr.departements.items()):
            feeds.append(
                Feed(
                    watch_feed_path(kind, "departement", code),
                    f"{labels.FEED_SITE} — "
                    + labels.FEED_WATCH_DEPARTEMENT.format(kind=label, name=name, code=code),
                    labels.FEED_WATCH_SUBTITLE.format(
                        kind=label, where=f"dans le département {name} ({code})"
                    ),
                    territory_src("departement", code),
                    national + tuple(by_dep.get(code, ())),
                )
            )
        for code, name in sorted(terr.regions.items()):
            feeds.append(
                Feed(
                    watch_feed_path(kind, "region", code),
                    f"{labels.FEED_SITE} — "
                    + labels.FEED_WATCH_REGION.format(kind=label, name=name),
                    labels.FEED_WATCH_SUBTITLE.format(kind=label, where=f"en région {name}"),
                    territory_src("region", code),
                    national + tuple(by_region.get(code, ())),
                )
            )
    return feeds


def watch_alternates(page_src: str, catalog: Catalog) -> list[Alternate]:
    """The two watch feeds of a département or région page (none for other pages)."""
    terr = catalog.territories
    for scale in ("departement", "region"):
        prefix = f"territoires/{scale}-"
        if not page_src.startswith(prefix):
            continue
        code = page_src.removeprefix(prefix).removesuffix(".md").upper()
        if scale == "departement" and code in terr.departements:
            name = terr.departements[code][0]
            titles = {
                kind: labels.FEED_WATCH_DEPARTEMENT.format(
                    kind=labels.TYPES[kind].label, name=name, code=code
                )
                for kind in WATCH_TYPES
            }
        elif scale == "region" and code in terr.regions:
            titles = {
                kind: labels.FEED_WATCH_REGION.format(
                    kind=labels.TYPES[kind].label, name=terr.regions[code]
                )
                for kind in WATCH_TYPES
            }
        else:
            return []
        return [
            Alternate(f"{labels.FEED_SITE} — {titles[kind]}", watch_feed_path(kind, scale, code))
            for kind in WATCH_TYPES
        ]
    return []


def page_alternates(page_src: str, catalog: Catalog) -> list[Alternate]:
    """The feeds a page advertises: all resources, plus the page's own feed if it has one."""
    found = [Alternate(f"{labels.FEED_SITE} — {labels.FEED_ALL}", f"{FEEDS_DIR}/tout.xml")]
    for key, label in labels.TYPES.items():
        if page_src == f"types/{key}.md":
            found.append(Alternate(f"{labels.FEED_SITE} — {label.plural}", type_feed_path(key)))
    if page_src.startswith("territoires/departement-"):
        code = page_src.removeprefix("territoires/departement-").removesuffix(".md").upper()
        name = catalog.territories.departements.get(code, ("", ""))[0]
        if name:
            title = labels.FEED_DEPARTEMENT.format(name=name, code=code)
            found.append(Alternate(f"{labels.FEED_SITE} — {title}", departement_feed_path(code)))
    found += watch_alternates(page_src, catalog)
    resource = catalog.resource(page_src.removeprefix("ressources/").removesuffix(".md"))
    if resource and page_src == resource_src(resource.slug):
        label = labels.TYPES[resource.type].plural
        found.append(Alternate(f"{labels.FEED_SITE} — {label}", type_feed_path(resource.type)))
    return found


# ---------------------------------------------------------------- Atom


def render_feed(
    feed: Feed, catalog: Catalog, site_url: str, cache: dict[str, str] | None = None
) -> str:
    """The Atom text of one feed. cache, when given, keeps each entry's XML by resource: a
    resource is in many feeds (all, its type, its département, the watch of every territory)
    and its entry is the same in each, so it is written once."""
    entries = most_recent(feed.resources)
    entries = entries[:FEED_MAX_ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "fr"})
    _text(root, "id", _urn(f"flux:{feed.path}"))
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    # A feed with no entry still needs an « updated »: the day of the build (ESSAIM_DATE in
    # tests, so that two builds of the same day give the same bytes).
    default = catalog.today.isoformat()
    newest = max((r.last_changed for r in entries), key=dates.start_of, default=default)
    _text(root, "updated", dates.rfc3339(newest))
    ET.SubElement(
        root, "link", {"rel": "self", "type": "application/atom+xml", "href": site_url + feed.path}
    )
    ET.SubElement(
        root,
        "link",
        {"rel": "alternate", "type": "text/html", "href": site_url + url_of(feed.page_src)},
    )
    author = ET.SubElement(root, "author")
    _text(author, "name", labels.FEED_SITE)
    _text(author, "uri", site_url)
    _text(root, "generator", labels.FEED_SITE)
    ET.indent(root)
    head = ET.tostring(root, encoding="unicode").removesuffix("</feed>")
    cache = {} if cache is None else cache
    body = "".join(_entry_text(resource, catalog, site_url, cache) for resource in entries)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head}{body}</feed>\n'


def feed_files(catalog: Catalog, site_url: str) -> dict[str, str]:
    """{site path: Atom text} of every feed."""
    cache: dict[str, str] = {}
    return {feed.path: render_feed(feed, catalog, site_url, cache) for feed in all_feeds(catalog)}


def _entry_text(resource: Resource, catalog: Catalog, site_url: str, cache: dict) -> str:
    """One <entry>, indented as a child of <feed> (two spaces, then four inside)."""
    text = cache.get(resource.slug)
    if text is None:
        entry = _entry(resource, catalog, site_url)
        ET.indent(entry, level=1)
        entry.tail = "\n"
        text = cache[resource.slug] = "  " + ET.tostring(entry, encoding="unicode")
    return text


def entry_id(resource: Resource) -> str:
    """Stable across renames: the oldest identifier of the resource names its entry."""
    oldest = resource.former_slugs[0] if resource.former_slugs else resource.slug
    return _urn(f"ressource:{oldest}")


def _entry(resource: Resource, catalog: Catalog, site_url: str) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", entry_id(resource))
    _text(entry, "title", resource.title)
    _text(entry, "published", dates.rfc3339(resource.published))
    _text(entry, "updated", dates.rfc3339(resource.last_changed))
    ET.SubElement(
        entry,
        "link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": site_url + url_of(resource_src(resource.slug)),
        },
    )
    producer = catalog.producers.get(resource.producer)
    author = ET.SubElement(entry, "author")
    _text(author, "name", producer.name if producer else resource.producer)
    for term, label in _categories(resource, catalog):
        ET.SubElement(entry, "category", {"term": term, "label": xml_text(label)})
    level = labels.LEVELS[resource.quality.level].label
    territory = catalog.territories.label(resource.territory)
    _text(
        entry,
        "summary",
        f"{resource.summary} — {labels.TYPES[resource.type].label} · {territory} · {level}.",
    )
    return entry


def _categories(resource: Resource, catalog: Catalog) -> Iterable[tuple[str, str]]:
    yield resource.type, labels.TYPES[resource.type].label
    for theme in resource.themes:
        term = catalog.themes.get(theme)
        yield theme, term.label if term else theme


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = xml_text(text)
    return element


# What XML 1.0 cannot hold (C0 controls but tab and newlines, U+FFFE/U+FFFF, lone
# surrogates): ElementTree would write it and every feed reader would reject the feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Contributor text as a feed can hold it (validation refuses such characters; this
    keeps a feed readable even if a rule forgot one)."""
    return _NOT_XML.sub("\ufffd", text)


def _urn(name: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, name).urn
