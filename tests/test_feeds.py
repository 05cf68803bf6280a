"""Atom feeds: valid for a real feed parser, with the expected entries, dates and links."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from essaim import dates, feeds
from essaim.catalog import load_catalog

from .conftest import FIXTURES, TODAY, add_fixture

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
    # all resources, one per type, one per département
    assert len(parsed) == 1 + 9 + len(catalog.territories.departements)
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
    assert paths("territoires/departement-2a.md") == ["flux/tout.xml", "flux/departement-2a.xml"]
    assert paths("ressources/veille-sociale-commune.md") == [
        "flux/tout.xml",
        "flux/type-veille-sociale.xml",
    ]
