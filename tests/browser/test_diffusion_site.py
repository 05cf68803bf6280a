"""The published files in a real MkDocs build: reproducible, advertised, downloadable, printable."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURES, ROOT, add_fixture, make_project
from tests.helpers import build_site, unsafe_html

PUBLISHED = ("donnees/", "flux/", "schemas/")
OFFICE = (".odt", ".docx", ".ods", ".xlsx")
PRINTED = "modele-convention-pret-materiel-gratuit"
PRINT_TO_PDF = """
import json, sys
from playwright.sync_api import sync_playwright
chromium, args, url, pdf = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, args=args)
    page = browser.new_page(locale="fr-FR")
    page.goto(url)
    page.pdf(path=pdf, format="A4", prefer_css_page_size=True)
    browser.close()
"""


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    """The real portal, built once per session (tests/conftest.py)."""
    return real_site


@pytest.fixture(scope="module")
def renamed_project(tmp_path_factory) -> Path:
    """A small project: a renamed resource, a spreadsheet template (and the guide it names) and a
    legal watch item."""
    project = make_project(tmp_path_factory.mktemp("projet") / "projet")
    for name in ("ressource-renommee.md", "veille-juridique-dates-partielles.md", "minimal.md"):
        add_fixture(project, FIXTURES / "valid" / name)
    add_fixture(project, ROOT / "resources/modeles/modele-budget-previsionnel-projet.md")
    # the budget names the guide it comes from (liees): the guide comes along
    add_fixture(project, ROOT / "resources/guides/guide-cooperation-associations-val-de-marne.md")
    return project


def _published(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and (p.relative_to(site).as_posix().startswith(PUBLISHED) or p.suffix in OFFICE)
    }


def test_building_twice_gives_byte_identical_exports_feeds_schemas_and_office_files(
    renamed_project: Path, tmp_path: Path
):
    first, second = tmp_path / "premier", tmp_path / "second"
    for target in (first, second):
        result = build_site(renamed_project, target)
        assert result.returncode == 0, result.stdout + result.stderr
    files = _published(first)
    assert {
        "donnees/ressources.json",
        "donnees/ressources.csv",
        "donnees/producteurs.json",
        "flux/tout.xml",
        "flux/type-veille-juridique.xml",
        "schemas/ressource/1.0.0/schema.json",
        "ressources/modele-budget-previsionnel-projet/modele-budget-previsionnel-projet.xlsx",
        "ressources/minimal/minimal.odt",
    } <= set(files)
    assert files == _published(second)
    redirect = first / "ressources/convention-pret-materiel/index.html"
    assert 'url=../ressource-renommee/"' in redirect.read_text(encoding="utf-8")


def test_every_page_advertises_the_atom_feeds_in_its_head(site: Path):
    pages = list(site.rglob("index.html"))
    assert len(pages) > 200
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        if 'http-equiv="refresh"' in head:
            continue  # a former address (anciens_identifiants): a bare redirect page
        assert re.search(
            r'<link rel="alternate feed" type="application/atom\+xml" title="Essaim — Toutes les '
            r'ressources" href="(?:\.\./)*flux/tout\.xml">',
            head,
        ), page
    legal = (site / "types/veille-juridique/index.html").read_text(encoding="utf-8")
    assert 'href="../../flux/type-veille-juridique.xml"' in legal
    departement = (site / "territoires/departement-94/index.html").read_text(encoding="utf-8")
    assert 'href="../../flux/departement-94.xml"' in departement
    assert unsafe_html(site) == []


def test_template_pages_offer_their_generated_files(site: Path):
    slug = "modele-budget-previsionnel-projet"
    html = (site / f"ressources/{slug}/index.html").read_text(encoding="utf-8")
    for ext in OFFICE:
        assert f'href="./{slug}{ext}" download=""' in html, ext
        assert (site / f"ressources/{slug}/{slug}{ext}").stat().st_size > 5000
    guide = (site / "ressources/guide-cooperation-associations-val-de-marne/index.html").read_text(
        encoding="utf-8"
    )
    assert ".odt" not in guide


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium absent : « make test » l'installe"
)
@pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext absent : « make test » installe poppler-utils",
)
def test_a_resource_prints_on_a_few_a4_pages_with_card_level_and_link_addresses(
    base_url: str, tmp_path: Path
):
    pdf = tmp_path / "fiche.pdf"
    url = f"{base_url}/ressources/{PRINTED}/"
    # In its own process: the session may already drive a browser with Playwright's sync API.
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            PRINT_TO_PDF,
            CHROMIUM,
            json.dumps(CHROMIUM_ARGS),
            url,
            str(pdf),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.returncode == 0, printed.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info
    assert 1 <= pages <= 5, f"{pages} pages"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    (tmp_path / "fiche.txt").write_text(text, encoding="utf-8")
    assert "Modèle de convention de mise à disposition gratuite de matériel" in flat
    assert "Non évaluée" in flat  # the quality level, from the metadata card
    assert "Sur quoi repose ce niveau" in flat  # the evidence
    # a link prints its address after its text
    assert "(http://projaide.valdemarne.fr/)" in flat.replace(" ", "")
    # the sheet says where and when it came from
    origin = f"Essaim—http://127.0.0.1:8000/ressources/{PRINTED}/—versiondu15janvier2026"
    assert origin in flat.replace(" ", "")
    for screen_only in ("Aller au contenu", "Rechercher", "Made with"):
        assert screen_only not in flat, screen_only
