"""The banners and the dashboard in a real browser: built site, axe-core, phone width."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_project
from tests.helpers import axe_violations, build_site, serve_directory, unsafe_html
from tests.unit.catalog.test_quality import copy_quality_set

PAGES = {
    "vérification à renouveler": "/ressources/statuts-type/",
    "note remplacée": "/ressources/cer-2022/",
    "ressource archivée": "/ressources/etude-ancienne/",
    "prête pour promotion, carte des essais": "/ressources/convention-pret-salle/",
    "tableau de bord": "/comite/tableau-de-bord/",
    "essayées ici": "/territoires/departement-13/",
}


@pytest.fixture(scope="module")
def quality_site(tmp_path_factory) -> Path:
    project = copy_quality_set(make_project(tmp_path_factory.mktemp("qsite") / "projet"))
    site = tmp_path_factory.mktemp("qsite-html")
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    # warnings (checks to renew) are shown, and never stop a strict build
    assert "avertissement : qualite.verifications[0]" in result.stderr + result.stdout
    return site


@pytest.fixture(scope="module")
def quality_url(quality_site: Path):
    with serve_directory(quality_site) as url:
        yield url


def test_archived_page_is_built_but_not_indexed(quality_site: Path):
    archived = (quality_site / "ressources/etude-ancienne/index.html").read_text(encoding="utf-8")
    assert "Ressource archivée" in archived
    live = (quality_site / "ressources/cer-2022/index.html").read_text(encoding="utf-8")
    assert "Note remplacée" in live
    index = json.loads((quality_site / "recherche/index.json").read_text(encoding="utf-8"))
    indexed = [
        card[0]
        for name in index["fiches"]
        for card in json.loads((quality_site / "recherche" / name).read_text(encoding="utf-8"))
    ]
    assert "cer-2022" in indexed and "etude-ancienne" not in indexed
    assert unsafe_html(quality_site) == []


def test_map_and_banners_survive_the_build(quality_site: Path):
    html = (quality_site / "ressources/convention-pret-salle/index.html").read_text(
        encoding="utf-8"
    )
    assert '<svg class="essaim-carte-essais"' in html
    assert html.count('aria-label="Gironde (33) : 1 essai"') == 1
    assert "Prête pour promotion" in html


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 360])
def test_banners_keep_axe_clean_and_fit_a_phone(open_page, quality_url, name, width):
    page = open_page(width=width)
    page.goto(quality_url + PAGES[name])
    serious = axe_violations(page, impacts=("serious", "critical"))
    assert serious == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"la page déborde de {overflow} px"
    assert page.outside == []


def test_a_tried_departement_on_the_map_leads_to_its_page(open_page, quality_url):
    page = open_page()
    page.goto(quality_url + PAGES["prête pour promotion, carte des essais"])
    page.locator('.essaim-carte-essais a[aria-label^="Gironde"]').click()
    page.wait_for_url("**/territoires/departement-33/")
    assert page.locator("#essayees-ici").is_visible()
    assert page.locator(".essaim-essayees a").first.inner_text().startswith("Convention de prêt")
