"""Essaim's search index (essaim/publish/search_index.py): what it holds, and its French analysis."""

from __future__ import annotations

import json

import pytest

from essaim import words
from essaim.catalog.load import load_catalog
from essaim.pages.facets import FACETS, resource_facets
from essaim.pages.listings import most_recent
from essaim.publish import search_index
from tests.conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT, today=TODAY)


@pytest.fixture(scope="module")
def files(catalog):
    return search_index.search_files(catalog)


def _index(files) -> dict:
    return json.loads(files["recherche/index.json"])


def _postings(files) -> dict[str, list[tuple[int, int]]]:
    """Every term with its (resource number, weight) pairs, decoded from the word files."""
    found = {}
    for first, name in _index(files)["mots"]:
        chunk = json.loads(files[f"recherche/{name}"])
        assert min(chunk) == first
        for term, flat in chunk.items():
            number, pairs = 0, []
            for delta, weight in zip(flat[::2], flat[1::2], strict=True):
                number += delta
                pairs.append((number, weight))
            found[term] = pairs
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bénévoles retraités", ["benevol", "retrait"]),
        ("benevole retraite", ["benevol", "retrait"]),
        ("conventions", ["convention"]),
        ("mobilité", ["mobilit"]),
        ("mobilite", ["mobilit"]),
        ("locaux", ["local"]),
        ("local", ["local"]),
        ("associées", ["associ"]),
        ("l'association de la Œuvre", ["association", "oeuvr"]),
        ("loi 1901", ["loi", "1901"]),
        ("Les jeux", ["jeu"]),
    ],
)
def test_french_analysis_folds_accents_plurals_and_stop_words(text, expected):
    assert words.terms(text) == expected


def test_every_live_resource_is_numbered_from_the_most_recent(catalog, files):
    live = [r for r in most_recent(catalog.resources) if r.archive is None]
    index = _index(files)
    assert index["ressources"] == len(live)
    per_file = index["fiches_par_fichier"]
    cards = [card for name in index["fiches"] for card in json.loads(files[f"recherche/{name}"])]
    assert [card[0] for card in cards] == [r.slug for r in live]
    assert all(len(json.loads(files[f"recherche/{n}"])) <= per_file for n in index["fiches"])


def test_facet_columns_match_the_data_files(catalog, files):
    index = _index(files)
    live = [r for r in most_recent(catalog.resources) if r.archive is None]
    for facet in FACETS:
        values = index["facettes"][facet.key]
        column = index["valeurs"][facet.key]
        for number, resource in enumerate(live):
            stored = column[number]
            stored = [stored] if isinstance(stored, int) else stored
            expected = resource_facets(resource, catalog)[facet.key]
            assert sorted(values[v] for v in stored) == sorted(expected), (facet.key, resource.slug)


def test_a_word_finds_the_resources_that_contain_it_and_title_counts_more(catalog, files):
    postings = _postings(files)
    live = [r for r in most_recent(catalog.resources) if r.archive is None]
    slug = "modele-convention-cooperation-associations"
    number = next(i for i, r in enumerate(live) if r.slug == slug)
    weights = dict(postings["cooperation"])
    assert number in weights
    in_body_only = [
        i
        for i, r in enumerate(live)
        if "cooperation" in words.terms(r.body)
        and "cooperation" not in words.terms(r.title + " " + r.summary)
    ]
    assert in_body_only, "some resource speaks of cooperation in its body only"
    assert all(weights[i] < weights[number] for i in in_body_only)
    # every resource holding the word in its text is listed, and no other
    holding = {
        i
        for i, r in enumerate(live)
        if "cooperation" in words.terms(" ".join((r.title, r.summary, r.body)))
    }
    assert holding <= set(weights)


def test_words_of_link_targets_are_not_indexed(catalog, files):
    postings = _postings(files)
    assert "https" not in postings and "www" not in postings


def test_the_index_is_the_same_twice_and_names_files_by_content(catalog, files):
    again = search_index.search_files(load_catalog(ROOT, today=TODAY))
    assert again == files
    for path, text in files.items():
        if path != "recherche/index.json":
            assert search_index.content_digest(text) in path


def test_word_files_stay_small(files):
    sizes = [len(text) for path, text in files.items() if "/mots-" in path]
    assert max(sizes) <= search_index.CHUNK_CHARS * 2


def test_the_word_shown_for_a_term_is_written_as_in_the_resources(files):
    vocabulary = json.loads(files[f"recherche/{_index(files)['vocabulaire']}"])
    shown = dict(zip(vocabulary["termes"], vocabulary["mots"], strict=True))
    # a correction or a close word is said with its accents, as the resources write it
    assert shown["evaluation"] == "évaluation"
    assert shown["benevol"] in {"bénévole", "bénévoles", "bénévolat"}
    assert shown["convention"] == "convention"
    # a word written only without accents, or only as a compound, stays as it is
    assert all(word for word in vocabulary["mots"])


def test_a_word_that_begins_many_place_names_is_not_a_place(catalog):
    places = search_index.place_names(catalog)
    assert places["creteil"] == "d:94:11:c"  # a commune, in the Val-de-Marne
    assert places["94"] == places["val de marne"] == "d:94:11"
    assert places["ile de france"] == "r:11"
    # « Le Saint » is a commune of the Morbihan: « Saint-Nazaire » must not lead there
    assert "saint" not in places and "sainte" not in places


def test_a_name_several_communes_share_is_the_one_the_portal_names(catalog):
    terr = catalog.territories
    named = {
        code
        for item in (*catalog.resources, *catalog.structures.values())
        if item.territory.scale in ("commune", "bassin-de-vie")
        for code in item.territory.codes
    }
    places = search_index.place_names(catalog)
    # Vitrolles is a commune of the Bouches-du-Rhône and of the Hautes-Alpes: the bassin of
    # the étang de Berre names the first
    assert places["vitrolles"] == "d:13:93:c"
    shared: dict[str, set[tuple[str, str]]] = {}
    for code, (name, departement) in terr.communes.items():
        shared.setdefault(search_index.place_key(name), set()).add((code, departement))
    checked = 0
    for key, communes in shared.items():
        departements = {d for _, d in communes}
        if len(departements) < 2 or key in ("saint", "sainte") or len(key) < 4:
            continue
        known = {d for c, d in communes if c in named}
        if len(known) == 1:
            (departement,) = known
            assert places[key].startswith(f"d:{departement}:"), key
            checked += 1
        elif key not in (
            search_index.place_key(n) for n, _ in terr.departements.values()
        ) and key not in (search_index.place_key(n) for n in terr.regions.values()):
            assert key not in places, key  # nothing says which: a word, not a place
    assert checked >= 1


def test_regions_are_also_found_by_their_short_names(catalog):
    places = search_index.place_names(catalog)
    assert places["paca"] == places["region sud"] == places["provence alpes cote d azur"]
    assert places["idf"] == places["ile de france"] == "r:11"
    for code, shorts in search_index.REGION_SHORT_NAMES.items():
        assert code in catalog.territories.regions
        for short in shorts:
            assert places[search_index.place_key(short)] == f"r:{code}"


def test_the_directory_is_in_the_search_with_the_words_of_each_structure(catalog, files):
    directory = json.loads(files[f"recherche/{_index(files)['structures']}"])
    slugs = [card[0] for card in directory["fiches"]]
    assert sorted(slugs) == sorted(catalog.structures)
    at = {slug: i for i, slug in enumerate(slugs)}
    dla = directory["termes"][at["dla-94"]]
    # its acronym and the distinctive words of its type are signals
    assert dla["dla"] == dla["dispositif"] == search_index.STRUCTURE_DISTINCT
    # a word most resources hold is not (« association », in every house's type)
    house = directory["termes"][at["mda-marseille"]]
    assert house["maison"] == search_index.STRUCTURE_DISTINCT  # its type
    assert house["marseill"] == search_index.STRUCTURE_SIGNAL  # its name
    assert house["association"] == search_index.STRUCTURE_NAME
    # where each helps, from its territory; general help (accompaniment) or not
    assert directory["departements"][at["dla-94"]] == ["94"]
    assert directory["departements"][at["mda-marseille"]] == ["13"]
    assert directory["regions"][at["frmjc-ile-de-france"]] == ["11"]
    assert directory["departements"][at["frmjc-ile-de-france"]] == []
    assert directory["generale"][at["dla-94"]] == 1
    assert directory["generale"][at["udaf-94"]] == 0  # networking only
    assert "aider" in directory["mots_aide"]
