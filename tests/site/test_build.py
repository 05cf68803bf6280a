"""The real MkDocs build: real content, strict mode, one page per resource, nothing unsafe."""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.load import load_catalog

from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture, make_project
from tests.helpers import build_site, unsafe_html


def test_real_content_builds_strict_with_one_page_per_resource(real_site: Path):
    files = sorted(
        p
        for p in (ROOT / "resources").rglob("*")
        if p.suffix in (".md", ".yml")
        and p.is_file()
        and not any(part.endswith(".essais") for part in p.parts)  # trial reports
    )
    assert len(files) >= 60, "the portal ships at least 60 real resources"
    pages = sorted(p.parent.name for p in (real_site / "ressources").glob("*/index.html"))
    former = sorted(
        old for r in load_catalog(ROOT, today=TODAY).resources for old in r.former_slugs
    )
    assert former, "a merged resource keeps its former address"
    assert pages == sorted([p.stem for p in files] + former)


def test_real_content_is_valid_and_covers_the_seeds():
    catalog = load_catalog(ROOT, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    types = {r.type for r in catalog.resources}
    assert {
        "modele-document",
        "fiche-experience",
        "fiche-idee",
        "guide",
        "etude",
        "reference-externe",
    } <= types
    levels = {r.quality.level for r in catalog.resources}
    assert {"inspiration locale", "non évaluée"} <= levels
    territories = {
        code for r in catalog.resources for code in catalog.territories.departements_of(r.territory)
    }
    assert {"94", "13"} <= territories


def test_real_site_has_listing_pages_and_no_unsafe_html(real_site: Path):
    for page in (
        "index.html",
        "ressources/index.html",
        "types/modele-document/index.html",
        "niveaux/inspiration-locale/index.html",
        "themes/cooperation/index.html",
        "producteurs/cd94-projaide/index.html",
        "territoires/departement-94/index.html",
        "territoires/region-93/index.html",
        "territoires/national/index.html",
        "qualite/index.html",
    ):
        assert (real_site / page).is_file(), page
    assert unsafe_html(real_site) == []


def test_pages_load_nothing_from_third_parties(real_site: Path):
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page


def test_commune_resource_rolls_up_to_departement_and_region(real_site: Path):
    catalog = load_catalog(ROOT, today=TODAY)
    commune = next(
        r
        for r in catalog.resources
        if r.territory.scale == "commune" and r.territory.codes[0].startswith("94")
    )
    departement = (real_site / "territoires/departement-94/index.html").read_text(encoding="utf-8")
    region = (real_site / "territoires/region-11/index.html").read_text(encoding="utf-8")
    link = f"ressources/{commune.slug}/"
    assert link in departement and link in region


def test_invalid_resource_stops_the_build_with_the_french_message(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    add_fixture(project, FIXTURES / "invalid" / "territoire-inconnu.md")
    result = build_site(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "resources/cas/territoire-inconnu.md:12: territoire.codes[0] : « 96 »" in output
    assert "publication refusée" in output
    assert "Traceback" not in output


HOSTILE = """---
titre: Ressource piégée
resume: Un résumé normal pour une ressource qui contient des pièges dans son texte.
type: outil
themes: [cooperation]
publics: [benevoles]
producteur: rnma
territoire: {echelle: national}
qualite: {niveau: non évaluée, note: Ressource de test sans aucune preuve.}
licence: etalab-2.0
date_publication: "2020"
---

<script>alert("essaim-xss")</script>

<img src=x onerror="alert('essaim-onerror')">

[Cliquez](javascript:alert('piege-javascript'))

{{ cycler.__init__.__globals__.os.getcwd() }}
"""


def test_planted_script_onerror_javascript_and_jinja_never_reach_the_site(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    (project / "resources" / "cas" / "piegee.md").write_text(HOSTILE, encoding="utf-8")

    refused = build_site(project, tmp_path / "refus")
    assert refused.returncode != 0
    for fragment in ("HTML non accepté", "seuls les liens https://", "accolades de gabarit"):
        assert fragment in refused.stdout + refused.stderr

    site = tmp_path / "apercu"
    preview = build_site(project, site, preview=True)
    assert preview.returncode == 0, preview.stderr
    assert (site / "ressources/minimal/index.html").is_file(), "valid resources are still published"
    assert not (site / "ressources/piegee").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
    )
    for marker in ("essaim-xss", "essaim-onerror", "piege-javascript", "__globals__", str(project)):
        assert marker not in everything
    assert unsafe_html(site) == []
