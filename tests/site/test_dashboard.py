"""The committee dashboard, computed at build time for a known catalogue and date."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from essaim.catalog.load import load_catalog
from essaim.pages.dashboard import DASHBOARD_SRC, build_dashboard, render_dashboard

from tests.conftest import ROOT, TODAY, make_project
from tests.unit.catalog.test_quality import copy_quality_set


@pytest.fixture(scope="module")
def quality_catalog(tmp_path_factory):
    project = copy_quality_set(make_project(tmp_path_factory.mktemp("tableau") / "projet"))
    return load_catalog(project, today=TODAY)


def _slugs(resources) -> list[str]:
    return [r.slug for r in resources]


def test_dashboard_lists_what_needs_a_decision(quality_catalog):
    board = build_dashboard(quality_catalog)
    assert [(r.slug, r.standing.promotion) for r in board.ready] == [
        ("convention-pret-salle", "testée partout"),
        ("guide-benevoles", "inspiration locale"),
    ]
    # overdue first, then by date: 10 January (expired), 1 February, 20 February 2026
    assert [(r.slug, s.expired, s.days_left) for r, s in board.renewals] == [
        ("statuts-type", True, -5),
        ("note-association-employeur", False, 17),
        ("tableau-benevolat", False, 36),
    ]
    # cer-2025 links to the note it replaces: expected, not listed
    [superseded] = board.superseded
    assert (superseded.note.slug, superseded.successor) == ("cer-2022", "cer-2025")
    assert _slugs(superseded.linked_from) == ["guide-subventions"]
    assert _slugs(board.stale) == ["statuts-type"]  # last trial 2016
    # never tried and published before 15 January 2024 (the archived study is left out)
    assert _slugs(board.never_tried) == ["cer-2022", "guide-subventions"]
    assert _slugs(board.archived) == ["etude-ancienne"]


def test_dashboard_moves_with_the_date(quality_catalog):
    project = quality_catalog.root
    autumn = build_dashboard(load_catalog(project, today=datetime.date(2025, 10, 1)))
    assert autumn.renewals == []  # nothing within sixty days yet
    spring = build_dashboard(load_catalog(project, today=datetime.date(2026, 3, 1)))
    assert [(r.slug, s.expired) for r, s in spring.renewals] == [
        ("statuts-type", True),
        ("note-association-employeur", True),
        ("tableau-benevolat", True),
    ]


def test_dashboard_page_shows_each_section_with_its_count(quality_catalog):
    [(src, page)] = render_dashboard(quality_catalog).items()
    assert src == DASHBOARD_SRC == "comite/tableau-de-bord.md"
    assert "État au 15 janvier 2026" in page
    for anchor, title, count in (
        ("promotion", "Prêtes pour promotion", 2),
        ("verifications", "Vérifications à renouveler", 3),
        ("veille-remplacee", "Veille juridique remplacée encore citée", 1),
        ("sans-essai", "Sans essai depuis 2 ans", 1),
        ("archivees", "Ressources archivées", 1),
    ):
        assert f'<h2 id="{anchor}">{title} ({count})</h2>' in page
        assert (
            f'<li><a href="#{anchor}">{title}</a> <span class="essaim-tableau__nombre">{count}</span>'
            in page
        )
    assert "peut passer « Testée partout »" in page
    assert "Échue depuis le 10 janvier 2026" in page
    assert "À renouveler avant le 1er février 2026 (dans 17 jours)" in page
    assert 'Encore citée par : <a href="../../ressources/guide-subventions/">' in page
    assert "Jamais essayées, publiées il y a plus de 2 ans (2)" in page
    assert "<code>resources/modeles/convention-pret-salle.md</code>" in page
    links = re.findall(r'href="\.\./\.\./ressources/([a-z0-9-]+)/"', page)
    assert "etude-ancienne" in links  # archived resources are reachable from here


def test_real_dashboard_invents_nothing():
    catalog = load_catalog(ROOT, today=TODAY)
    board = build_dashboard(catalog)
    assert board.ready == [] and board.renewals == [] and board.superseded == []
    assert board.archived == []
    # the seed trials date from 2002 to 2019: every resource with trials has only old ones
    tried = {r.slug for r in catalog.resources if r.quality.trials}
    assert len(tried) >= 5
    assert {r.slug for r in board.stale} == tried


def test_real_site_has_the_dashboard_linked_from_the_committee_page(real_site: Path):
    page = real_site / "comite" / "tableau-de-bord" / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Tableau de bord du comité éditorial" in html
    charter = (real_site / "comite" / "index.html").read_text(encoding="utf-8")
    assert 'href="tableau-de-bord/"' in charter
