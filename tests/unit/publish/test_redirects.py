"""Lasting links: former identifiers get redirect pages and never collide with live ones."""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.publish import redirects
from tests.conftest import FIXTURES, TODAY, add_fixture
from tests.helpers import unsafe_html

RENAMED = FIXTURES / "valid" / "ressource-renommee.md"


def test_a_renamed_resource_gets_a_redirect_page_per_former_identifier(project: Path):
    add_fixture(project, RENAMED)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    pages = redirects.redirect_files(catalog, "https://essaim.example/")
    assert sorted(pages) == [
        "ressources/convention-pret-materiel/index.html",
        "ressources/modele-convention-pret/index.html",
    ]
    page = pages["ressources/convention-pret-materiel/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../ressource-renommee/">' in page
    assert (
        '<link rel="canonical" href="https://essaim.example/ressources/ressource-renommee/">'
        in page
    )
    assert '<a href="../ressource-renommee/">' in page
    assert "<script" not in page


def test_redirect_page_escapes_the_title():
    page = redirects.redirect_page('<script>alert("x")</script>', "../a/", "https://e.example/a/")
    assert "<script" not in page and "&lt;script&gt;" in page


def test_former_identifier_of_a_live_resource_is_refused_with_file_line_and_field(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    target = add_fixture(project, RENAMED)
    target.write_text(
        target.read_text(encoding="utf-8").replace("  - modele-convention-pret\n", "  - minimal\n"),
        encoding="utf-8",
    )
    catalog = load_catalog(project, today=TODAY)
    [problem] = catalog.errors
    assert problem.format_text().startswith(
        "resources/cas/ressource-renommee.md:20: anciens_identifiants[1] : ancien identifiant "
        "« minimal » encore utilisé par resources/cas/minimal.md"
    )
    assert [r.slug for r in catalog.resources] == ["minimal"]


def test_former_identifier_claimed_by_two_resources_is_refused_on_both(project: Path):
    add_fixture(project, RENAMED)
    twin = add_fixture(project, RENAMED, folder="autres")
    twin.rename(twin.with_name("jumelle.md"))
    catalog = load_catalog(project, today=TODAY)
    shared = [p for p in catalog.errors if "déjà déclaré par" in p.message]
    assert {(p.path, p.line, p.field) for p in shared} == {
        ("resources/cas/ressource-renommee.md", 19, "anciens_identifiants[0]"),
        ("resources/cas/ressource-renommee.md", 20, "anciens_identifiants[1]"),
        ("resources/autres/jumelle.md", 19, "anciens_identifiants[0]"),
        ("resources/autres/jumelle.md", 20, "anciens_identifiants[1]"),
    }
    assert catalog.resources == []


def test_redirect_pages_are_safe_html(tmp_path: Path):
    (tmp_path / "ressources" / "ancien").mkdir(parents=True)
    (tmp_path / "ressources" / "ancien" / "index.html").write_text(
        redirects.redirect_page("Titre", "../nouveau/", "https://e.example/ressources/nouveau/"),
        encoding="utf-8",
    )
    assert unsafe_html(tmp_path) == []
