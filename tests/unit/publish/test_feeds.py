"""Atom feeds: valid for a real feed parser, with the expected entries, dates and links."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from essaim import dates, urls
from essaim.catalog.load import load_catalog
from essaim.publish import feeds
from tests.conftest import FIXTURES, TODAY, add_fixture

SITE_URL = "https://essaim.example/"
CASES = (
    "minimal.md",
    "veille-juridique-dates-partielles.md",
    "veille-sociale-commune.yml",
    "ressource-renommee.md",
    "bassin-de-vie.md",
)


@pytest.fixture
def catalog(project: Path):
    for name in CASES:
        add_fixture(project, FIXTURES / "valid" / name)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    return catalog


@pytest.fixture
def parsed(catalog) -> dict[str, feedparser.FeedParserDict]:
    return {
        path: feedparser.parse(text) for path, text in feeds.feed_files(catalog, SITE_URL).items()
    }


def test_every_feed_is_well_formed_atom(parsed, catalog):
    # all resources, one per type, one per département; legal and social watch per
    # département and per région
    terr = catalog.territories
    places = len(terr.departements) + len(terr.regions)
    assert len(parsed) == 1 + 9 + len(terr.departements) + 2 * places
    for path, feed in parsed.items():
        assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10", path
        assert feed.feed.id.startswith("urn:uuid:")
        assert feed.feed.title.startswith("Essaim — ")
        assert feed.feed.updated_parsed is not None
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [SITE_URL + path]


def test_all_feed_lists_every_resource_newest_first_linking_to_its_page(parsed, catalog):
    entries = parsed["flux/tout.xml"].entries
    assert len(entries) == len(catalog.resources)
    updated = [e.updated for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        assert entry.link.startswith(SITE_URL + "ressources/") and entry.link.endswith("/")
    assert entries[0].link == SITE_URL + "ressources/veille-juridique-dates-partielles/"


def test_legal_and_social_watch_feeds_hold_their_type_only(parsed):
    legal = parsed["flux/type-veille-juridique.xml"]
    social = parsed["flux/type-veille-sociale.xml"]
    assert [e.title for e in legal.entries] == [
        "Contrat d'engagement républicain des associations subventionnées"
    ]
    assert [e.link for e in social.entries] == [SITE_URL + "ressources/veille-sociale-commune/"]
    assert legal.feed.title == "Essaim — Veille juridique"
    assert [t.term for t in legal.entries[0].tags][:1] == ["veille-juridique"]


def test_partial_dates_become_rfc3339_timestamps(parsed):
    entry = parsed["flux/type-veille-juridique.xml"].entries[0]
    assert entry.published == "2022-01-01T00:00:00Z"
    assert entry.updated == "2025-03-01T00:00:00Z"
    assert parsed["flux/type-veille-juridique.xml"].feed.updated == "2025-03-01T00:00:00Z"
    assert dates.rfc3339("2016-10-18") == "2016-10-18T00:00:00Z"


def test_departement_feeds_include_communes_and_bassins_de_vie(parsed):
    bouches_du_rhone = {e.link.rsplit("/", 2)[1] for e in parsed["flux/departement-13.xml"].entries}
    assert "veille-sociale-commune" in bouches_du_rhone
    val_de_marne = {e.link.rsplit("/", 2)[1] for e in parsed["flux/departement-94.xml"].entries}
    assert {"minimal", "veille-juridique-dates-partielles"} <= val_de_marne
    assert "veille-sociale-commune" not in val_de_marne
    assert parsed["flux/departement-2a.xml"].entries == []


def test_identifiers_are_stable_and_survive_a_rename(catalog):
    first = feeds.feed_files(catalog, SITE_URL)
    moved = feeds.feed_files(catalog, "https://ailleurs.example/essaim/")
    ids = [feedparser.parse(first[p]).feed.id for p in sorted(first)]
    assert ids == [feedparser.parse(moved[p]).feed.id for p in sorted(moved)]
    assert len(set(ids)) == len(ids)
    renamed = catalog.resource("ressource-renommee")
    assert renamed.former_slugs[0] == "convention-pret-materiel"
    entry = next(
        e
        for e in feedparser.parse(first["flux/tout.xml"]).entries
        if e.link.endswith("/ressource-renommee/")
    )
    assert entry.id == feeds.entry_id(renamed)
    assert entry.id != feeds.entry_id(catalog.resource("minimal"))


def test_pages_advertise_the_general_feed_and_their_own(catalog):
    def paths(src):
        return [a.path for a in feeds.page_alternates(src, catalog)]

    assert paths("index.md") == ["flux/tout.xml"]
    assert paths("types/veille-juridique.md") == ["flux/tout.xml", "flux/type-veille-juridique.xml"]
    assert paths("territoires/departement-2a.md") == [
        "flux/tout.xml",
        "flux/departement-2a.xml",
        "flux/veille-juridique-departement-2a.xml",
        "flux/veille-sociale-departement-2a.xml",
    ]
    assert paths("territoires/region-94.md") == [
        "flux/tout.xml",
        "flux/veille-juridique-region-94.xml",
        "flux/veille-sociale-region-94.xml",
    ]
    assert paths("ressources/veille-sociale-commune.md") == [
        "flux/tout.xml",
        "flux/type-veille-sociale.xml",
    ]


WATCH_CASES = (
    "minimal.md",  # not a watch note
    "veille-juridique-dates-partielles.md",  # Val-de-Marne (94)
    "veille-juridique-verifiee.md",  # national
    "veille-sociale-commune.yml",  # Vitrolles (13117): Bouches-du-Rhône, région 93
)


def test_watch_feeds_reach_every_territory_a_note_concerns(project: Path):
    for name in WATCH_CASES:
        add_fixture(project, FIXTURES / "valid" / name)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    files = feeds.feed_files(catalog, SITE_URL)

    def slugs(path):
        entries = feedparser.parse(files[path]).entries
        return sorted(e.link.removeprefix(SITE_URL + "ressources/").strip("/") for e in entries)

    national, local = "veille-juridique-verifiee", "veille-juridique-dates-partielles"
    assert slugs("flux/veille-juridique-departement-94.xml") == sorted([local, national])
    assert slugs("flux/veille-juridique-region-11.xml") == sorted([local, national])
    assert slugs("flux/veille-juridique-departement-13.xml") == [national]
    assert slugs("flux/veille-sociale-departement-13.xml") == ["veille-sociale-commune"]
    assert slugs("flux/veille-sociale-region-93.xml") == ["veille-sociale-commune"]
    assert slugs("flux/veille-sociale-departement-94.xml") == []
    # a national note is in the legal watch of every département and every région
    terr = catalog.territories
    for scale, codes in (("departement", terr.departements), ("region", terr.regions)):
        for code in codes:
            path = urls.watch_feed_path("veille-juridique", scale, code)
            assert national in slugs(path), path
            parsed = feedparser.parse(files[path])
            assert not parsed.bozo and parsed.feed.title.startswith("Essaim — Veille juridique")


def test_real_watch_feeds_agree_with_the_data_files(real_site: Path):
    """Every watch feed of the built site lists the notes its data files put there: the
    national notes of its type, plus the local ones whose territory lies in it."""
    import yaml

    from tests.conftest import ROOT

    catalog = load_catalog(ROOT, today=TODAY)
    terr = catalog.territories
    notes = []
    for path in sorted((ROOT / "resources").rglob("*")):
        if path.suffix not in (".md", ".yml") or ".essais" in str(path.parent):
            continue
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text[4:].split("\n---\n", 1)[0] if path.suffix == ".md" else text)
        if data["type"] in urls.WATCH_TYPES and "archive" not in data:
            notes.append((path.stem, data["type"], data["territoire"]))
    assert sum(1 for _, kind, _ in notes if kind == "veille-juridique") >= 5
    for kind in urls.WATCH_TYPES:
        for scale, codes in (("departement", terr.departements), ("region", terr.regions)):
            for code in codes:
                expected = set()
                for slug, note_kind, territory in notes:
                    if note_kind != kind:
                        continue
                    if territory["echelle"] == "national":
                        expected.add(slug)
                        continue
                    resource = catalog.resource(slug)
                    covered = (
                        terr.departements_of(resource.territory)
                        if scale == "departement"
                        else terr.regions_of(resource.territory)
                    )
                    if code in covered:
                        expected.add(slug)
                path = urls.watch_feed_path(kind, scale, code)
                text = (real_site / path).read_text(encoding="utf-8")
                found = set(
                    re.findall(
                        r'<link rel="alternate" type="text/html" href="[^"]*/ressources/([a-z0-9-]+)/"',
                        text,
                    )
                )
                assert found == expected, path
    page = (real_site / "territoires" / "departement-94" / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    assert 'href="../../flux/veille-juridique-departement-94.xml"' in head
    assert 'href="../../flux/veille-sociale-departement-94.xml"' in head
