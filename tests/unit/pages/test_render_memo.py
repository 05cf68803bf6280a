"""`make serve` keeps resource pages between rebuilds: the memo never serves a stale page."""

from __future__ import annotations

import shutil
from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.pages.site import RenderMemo, render_site
from tests.conftest import FIXTURES, TODAY, add_fixture


def test_memo_gives_the_same_pages_and_follows_edits(project: Path):
    target = add_fixture(project, FIXTURES / "valid" / "minimal.md")
    add_fixture(project, FIXTURES / "valid" / "bassin-de-vie.md")
    memo = RenderMemo()
    catalog = load_catalog(project, today=TODAY)
    assert render_site(catalog, memo) == render_site(catalog)
    assert len(memo.pages) == 2

    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "Modèle de compte rendu", "Modèle modifié de compte rendu"
        ),
        encoding="utf-8",
    )
    edited = load_catalog(project, today=TODAY)
    before = set(memo.pages)
    pages = render_site(edited, memo)
    assert pages == render_site(edited)
    assert "Modèle modifié de compte rendu" in pages["ressources/minimal.md"]
    # The edited page is made again, and so is the one that shows its title among its
    # « Ressources liées »; nothing else.
    assert "Modèle modifié de compte rendu" in pages["ressources/bassin-de-vie.md"]
    assert len(set(memo.pages) - before) == 2, "the edited page and the page that links it"
    assert len(memo.pages) == 2, "the pages no longer made are let go"

    later = load_catalog(project, today=TODAY.replace(year=TODAY.year + 3))
    assert render_site(later, memo) == render_site(later), "the day is part of the key"


def test_memo_follows_a_new_trial_report(project: Path):
    target = add_fixture(project, FIXTURES / "valid" / "minimal.md")
    memo = RenderMemo()
    before = render_site(load_catalog(project, today=TODAY), memo)["ressources/minimal.md"]
    folder = target.parent / "minimal.essais"
    folder.mkdir()
    shutil.copy(FIXTURES / "essais" / "valid" / "commune.yml", folder / "commune.yml")
    catalog = load_catalog(project, today=TODAY)
    assert not catalog.errors
    after = render_site(catalog, memo)
    assert after == render_site(catalog)
    assert after["ressources/minimal.md"] != before


def test_memo_follows_what_suggestions_are_chosen_by(project: Path):
    """« Ressources liées » are kept while themes, places, types, dates and links are the
    same; a change of any of them makes them again."""
    target = add_fixture(project, FIXTURES / "valid" / "minimal.md")
    add_fixture(project, FIXTURES / "valid" / "bassin-de-vie.md")
    memo = RenderMemo()
    first = render_site(load_catalog(project, today=TODAY), memo)
    assert "Modèle de compte rendu" in first["ressources/bassin-de-vie.md"]
    text = target.read_text(encoding="utf-8")
    for old, new in (
        ("  - gouvernance\npublics", "  - financement\npublics"),  # no shared theme left
        ('codes: ["94"]\nqualite', 'codes: ["93"]\nqualite'),  # nor the same département
        ("  - financement\npublics", "  - gouvernance\npublics"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
        target.write_text(text, encoding="utf-8")
        catalog = load_catalog(project, today=TODAY)
        assert not catalog.errors
        assert render_site(catalog, memo) == render_site(catalog)


def test_memo_follows_a_producer_and_a_theme_shared_by_pages(project: Path):
    """What several pages share (their producer, a theme's label) is printed once per
    render into their keys: a change of it still makes every page that shows it again."""
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    add_fixture(project, FIXTURES / "valid" / "bassin-de-vie.md")
    memo = RenderMemo()
    render_site(load_catalog(project, today=TODAY), memo)
    producer = project / "producers" / "cd94-projaide.yml"
    text = producer.read_text(encoding="utf-8")
    old = "nom: Conseil départemental du Val-de-Marne, service Proj'aide"
    assert old in text
    producer.write_text(text.replace(old, "nom: Service Proj'aide renommé", 1), encoding="utf-8")
    catalog = load_catalog(project, today=TODAY)
    assert not catalog.errors
    pages = render_site(catalog, memo)
    assert pages == render_site(catalog)
    for slug in ("minimal", "bassin-de-vie"):
        assert "Service Proj&#x27;aide renommé" in pages[f"ressources/{slug}.md"]
    themes = project / "vocabularies" / "themes.yml"
    text = themes.read_text(encoding="utf-8")
    label = load_catalog(project, today=TODAY).themes["gouvernance"].label
    assert text.count(label) >= 1
    themes.write_text(text.replace(label, "Gouvernance retouchée", 1), encoding="utf-8")
    catalog = load_catalog(project, today=TODAY)
    assert not catalog.errors
    pages = render_site(catalog, memo)
    assert pages == render_site(catalog)
    assert "Gouvernance retouchée" in pages["ressources/minimal.md"]
