"""Quality over time: the site shows the level the evidence supports on the build date.

The fixture set tests/fixtures/qualite/ (see its LISEZMOI.txt) is a small catalogue with a
resource ready for promotion, expired and soon-due checks, a superseded legal watch note
still linked, and an archived resource; « today » is fixed (TODAY, 15 January 2026).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from essaim.catalog import quality
from essaim.catalog.load import load_catalog
from essaim.catalog.safety import sanitize_html
from essaim.model import LEVEL_CHECKED, LEVEL_EVERYWHERE, LEVEL_LOCAL, LEVEL_UNRATED, Check
from essaim.pages import facets
from essaim.pages.site import render_site
from essaim.publish import outputs
from tests.conftest import FIXTURES, TODAY, add_fixture, make_project

QUALITY = FIXTURES / "qualite"


def copy_quality_set(project: Path) -> Path:
    shutil.copytree(
        QUALITY,
        project / "resources",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("LISEZMOI.txt"),
    )
    return project


@pytest.fixture(scope="module")
def quality_project(tmp_path_factory) -> Path:
    return copy_quality_set(make_project(tmp_path_factory.mktemp("qualite") / "projet"))


@pytest.fixture(scope="module")
def catalog(quality_project: Path):
    return load_catalog(quality_project, today=TODAY)


@pytest.fixture(scope="module")
def pages(catalog) -> dict[str, str]:
    return render_site(catalog)


def _resource(catalog, slug):
    resource = catalog.resource(slug)
    assert resource is not None, slug
    return resource


# ---------------------------------------------------------------- levels and evidence


@pytest.mark.parametrize(
    "claimed, trials, departements, valid_checks, shown",
    [
        (LEVEL_LOCAL, 1, 1, 0, LEVEL_LOCAL),
        (LEVEL_LOCAL, 0, 0, 0, LEVEL_UNRATED),
        (LEVEL_EVERYWHERE, 3, 3, 0, LEVEL_EVERYWHERE),
        (LEVEL_EVERYWHERE, 2, 2, 0, LEVEL_LOCAL),
        (LEVEL_CHECKED, 0, 0, 1, LEVEL_CHECKED),
        (LEVEL_CHECKED, 1, 1, 0, LEVEL_LOCAL),
        (LEVEL_CHECKED, 4, 3, 0, LEVEL_EVERYWHERE),
        (LEVEL_CHECKED, 0, 0, 0, LEVEL_UNRATED),
        (LEVEL_UNRATED, 5, 3, 1, LEVEL_UNRATED),
    ],
)
def test_the_level_shown_never_exceeds_the_evidence(
    claimed, trials, departements, valid_checks, shown
):
    supported = quality.supported_levels(trials, departements, valid_checks)
    assert quality.shown_level(claimed, supported) == shown


@pytest.mark.parametrize(
    "shown, trials, departements, promotion",
    [
        (LEVEL_UNRATED, 1, 1, LEVEL_LOCAL),
        (LEVEL_UNRATED, 3, 3, LEVEL_EVERYWHERE),
        (LEVEL_LOCAL, 2, 2, ""),
        (LEVEL_LOCAL, 3, 3, LEVEL_EVERYWHERE),
        (LEVEL_EVERYWHERE, 9, 9, ""),
        (LEVEL_CHECKED, 9, 9, ""),
    ],
)
def test_promotion_is_flagged_when_trials_support_more(shown, trials, departements, promotion):
    supported = quality.supported_levels(trials, departements, 0)
    assert quality.promotion_level(shown, supported) == promotion


def test_the_fixture_set_loads_with_warnings_only(catalog):
    assert [p.format_text() for p in catalog.errors] == []
    assert len(catalog.resources) == 9
    levels = {r.slug: (r.quality.claimed, r.quality.level) for r in catalog.resources}
    assert levels["statuts-type"] == (LEVEL_CHECKED, LEVEL_LOCAL)
    assert levels["tableau-benevolat"] == (LEVEL_CHECKED, LEVEL_CHECKED)
    assert levels["convention-pret-salle"] == (LEVEL_LOCAL, LEVEL_LOCAL)


# ---------------------------------------------------------------- review dates


def _avocat(project: Path, today: datetime.date):
    add_fixture(project, FIXTURES / "valid" / "verifiee-par-un-avocat.md")
    return load_catalog(project, today=today)


def test_a_check_counts_until_its_review_by_date(project: Path):
    """a_revoir_avant: "2027-03-10" — still valid that day, to renew the day after."""
    before = _avocat(project, datetime.date(2027, 3, 10))
    [resource] = before.resources
    assert resource.quality.level == LEVEL_CHECKED
    assert not quality.renewal_banner(resource)
    assert [p.severity for p in before.problems] == ["avertissement"]  # due today

    after = load_catalog(project, today=datetime.date(2027, 3, 11))
    [resource] = after.resources
    assert resource.quality.level == LEVEL_UNRATED  # no trial to fall back on
    assert resource.quality.claimed == LEVEL_CHECKED
    assert resource.standing.fallen_back and quality.renewal_banner(resource)
    assert resource.quality.checks, "nothing is deleted"
    [warning] = after.problems
    assert warning.severity == "avertissement" and after.errors == []
    assert "à renouveler depuis le 10 mars 2027" in warning.message
    page = render_site(after)["ressources/verifiee-par-un-avocat.md"]
    assert "Vérification à renouveler" in page
    assert 'class="essaim-etat essaim-etat--expiree">À renouveler depuis le 10 mars 2027' in page
    assert 'essaim-badge--non-evaluee">Non évaluée' in page


def test_default_review_dates_two_years_one_for_legal_watch(project: Path):
    for name in ("verifiee-sans-date-de-revision.md", "veille-juridique-verifiee.md"):
        add_fixture(project, FIXTURES / "valid" / name)
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    general = _resource(catalog, "verifiee-sans-date-de-revision").standing.checks[0]
    legal = _resource(catalog, "veille-juridique-verifiee").standing.checks[0]
    assert (general.review_by, general.deadline) == ("2027-06-01", datetime.date(2027, 6, 1))
    assert (legal.review_by, legal.deadline) == ("2026-06", datetime.date(2026, 6, 30))
    assert quality.years_later("2024-02-29", 2) == "2026-02-28"
    assert quality.review_by(Check("avocat", "x", "2024", "y"), "guide") == "2026"


def test_checks_due_within_sixty_days_are_warned_not_failed(quality_project: Path):
    env = {**os.environ, "ESSAIM_DATE": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-m", "essaim.cli", "check"],
        cwd=quality_project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "resources/outils/tableau-benevolat.md:21: avertissement : "
        "qualite.verifications[0].a_revoir_avant : vérification par un expert-comptable du 20 "
        "janvier 2025 à renouveler avant le 20 février 2026 (dans 36 jour(s))"
    ) in result.stdout
    assert "note-association-employeur.md:18: avertissement" in result.stdout
    assert "0 erreur(s), 3 avertissement(s) dans 3 fichier(s)." in result.stderr
    github = subprocess.run(
        [sys.executable, "-m", "essaim.cli", "check", "--format", "github"],
        cwd=quality_project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert github.returncode == 0
    assert github.stdout.count("::warning file=") == 3
    # 61 days ahead: not announced yet
    early = load_catalog(quality_project, today=datetime.date(2025, 12, 21))
    assert "resources/outils/tableau-benevolat.md" not in {p.path for p in early.problems}


# ---------------------------------------------------------------- pages


def test_expired_check_shows_a_banner_and_the_fallen_back_level(pages):
    page = pages["ressources/statuts-type.md"]
    banner = re.search(
        r'<div class="admonition warning essaim-bandeau essaim-bandeau--renouveler">.*?</div>', page
    )
    assert banner, page[:2000]
    assert (
        "La relecture par un avocat (Cabinet partenaire de la maison des associations) du 10 janvier 2024 devait être renouvelée avant le 10 janvier 2026."
        in banner.group()
    )
    fiche = page[page.index('<dl class="essaim-fiche">') :]
    assert fiche.index("essaim-badge--inspiration-locale") < fiche.index(
        "Vérification à renouveler"
    )
    assert "La fiche revendique le niveau « Vérifiée par un professionnel »" in page


def test_promotion_is_flagged_on_the_page_and_the_level_stays(pages):
    page = pages["ressources/convention-pret-salle.md"]
    assert 'essaim-badge--inspiration-locale">Inspiration locale' in page
    assert 'essaim-marque--promotion">Prête pour promotion</span>' in page
    assert "Ses essais justifient le niveau « Testée partout »" in page
    assert "Essayée 3 fois, dans 3 départements (Bouches-du-Rhône, Gironde, Val-de-Marne)." in page
    assert "Prête pour promotion" not in pages["ressources/tableau-benevolat.md"]


def test_resource_page_lists_and_maps_its_trials(pages):
    page = pages["ressources/convention-pret-salle.md"]
    assert "<h3>Essais (3)</h3>" in page
    # most recent first (« 2025 » may be as late as December); reports are marked as such
    order = [
        page.index(s)
        for s in (
            "Fédération des centres sociaux de Gironde",
            "Maison des associations de Vitrolles",
            "Maison des associations de Créteil",
        )
    ]
    assert order == sorted(order)
    assert page.count("(retour d'essai)") == 2
    svg = re.search(r'<svg class="essaim-carte-essais".*?</svg>', page).group()
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', svg)
    assert links == [
        ("../../territoires/departement-13/", "Bouches-du-Rhône (13) : 1 essai"),
        ("../../territoires/departement-33/", "Gironde (33) : 1 essai"),
        ("../../territoires/departement-94/", "Val-de-Marne (94) : 1 essai"),
    ]
    assert svg.count("<path") > 90, "the whole country is drawn, only tried départements link"
    assert len(svg) < 40_000
    assert (
        "https://github.com/essaim-portail/essaim/issues/new?template=signaler-un-essai.yml"
        "&amp;ressource=convention-pret-salle&amp;title=%5BEssai%5D%20Convention" in page
    )


def test_cards_say_where_a_resource_was_tried(pages):
    listing = pages["types/modele-document.md"]
    card = re.search(
        r'<article class="essaim-carte">(?:(?!</article>).)*convention-pret-salle.*?</article>',
        listing,
    ).group()
    assert '<p class="essaim-carte__essais">Essayée dans 3 départements</p>' in card
    single = re.search(
        r'<article class="essaim-carte">(?:(?!</article>).)*statuts-type.*?</article>', listing
    ).group()
    assert "Essayée dans 1 département<" in single
    untried = re.search(
        r'<article class="essaim-carte">(?:(?!</article>).)*guide-subventions.*?</article>',
        pages["types/guide.md"],
    ).group()
    assert "Essayée" not in untried


def test_superseded_note_leads_to_its_successor(pages):
    page = pages["ressources/cer-2022.md"]
    banner = re.search(
        r'<div class="admonition warning essaim-bandeau essaim-bandeau--remplacee">.*?</div>', page
    ).group()
    assert (
        '<a href="../cer-2025/">Le contrat d&#x27;engagement républicain, mise à jour</a>, applicable depuis le 1er janvier 2025'
        in banner
    )
    assert "<dt>Applicable depuis</dt><dd>2 janvier 2022</dd>" in page
    assert '<dt>Remplacée par</dt><dd><a href="../cer-2025/">' in page
    assert "essaim-bandeau" not in pages["ressources/cer-2025.md"]
    assert "Remplacée par une note plus récente" in pages["types/veille-juridique.md"]


def test_archived_resource_keeps_its_page_and_leaves_listings(catalog, pages):
    page = pages["ressources/etude-ancienne.md"]
    assert "essaim_archivee: true" in page.split("---")[1]
    assert "Archivée le 1er décembre 2025 : Enquête remplacée par celle de 2014" in page
    assert "Signalez votre essai" not in page
    listings = [
        src for src in pages if not src.startswith(("ressources/etude-ancienne", "comite/"))
    ]
    assert [src for src in listings if "etude-ancienne" in pages[src]] == []
    assert "1 ressource" not in pages["types/etude.md"]
    # facets and feeds forget it; open data keeps it, with its archive field
    options = facets.facet_options(quality.listed(catalog))
    assert {o.value: o.count for o in options["type"]}.get("etude", 0) == 0
    files = outputs.published_files(catalog, "https://essaim.example/")
    feeds = [text for path, text in files.items() if path.startswith("flux/")]
    assert feeds and not any("etude-ancienne" in text for text in feeds)
    records = {r["identifiant"]: r for r in json.loads(files["donnees/ressources.json"])}
    assert records["etude-ancienne"]["archive"]["motif"].startswith("Enquête remplacée")


def test_trials_roll_up_to_departement_and_region_pages(pages):
    def tried_here(src: str) -> list[str]:
        section = pages[src].split('<h2 id="essayees-ici">Essayées ici</h2>')
        return re.findall(r"ressources/([a-z0-9-]+)/", section[1]) if len(section) == 2 else []

    # a trial in the commune of Vitrolles counts for the Bouches-du-Rhône and its région
    assert tried_here("territoires/departement-13.md") == ["convention-pret-salle"]
    assert tried_here("territoires/region-93.md") == ["convention-pret-salle"]
    assert tried_here("territoires/departement-33.md") == ["convention-pret-salle"]
    assert tried_here("territoires/region-75.md") == ["convention-pret-salle"]
    assert tried_here("territoires/departement-69.md") == ["guide-benevoles"]
    assert tried_here("territoires/region-84.md") == ["guide-benevoles"]
    assert tried_here("territoires/departement-94.md") == ["convention-pret-salle", "statuts-type"]
    assert tried_here("territoires/departement-01.md") == []
    assert (
        "Maison des associations de Vitrolles, juin 2025 — Vitrolles (13117)"
        in pages["territoires/departement-13.md"]
    )


def test_the_trial_map_survives_sanitising_and_hostile_svg_does_not(pages):
    page = pages["ressources/convention-pret-salle.md"]
    svg = re.search(r'<figure class="essaim-essais__carte">.*?</figure>', page).group()
    cleaned = sanitize_html(svg)
    assert cleaned.count("<path") == svg.count("<path")
    assert (
        'viewBox="0 0 613 585"' in cleaned and 'href="../../territoires/departement-33/"' in cleaned
    )
    hostile = sanitize_html(
        '<svg viewBox="0 0 1 1" onload="alert(1)"><a href="javascript:alert(2)"><path d="M0 0" '
        'style="fill:url(javascript:x)"/></a><animate attributeName="href" to="javascript:alert(3)"/>'
        '<set attributeName="onclick" to="alert(4)"/><foreignObject><iframe src="x"></iframe>'
        '</foreignObject><use href="data:image/svg+xml,x"/><script>alert(5)</script></svg>'
    )
    for fragment in (
        "onload",
        "javascript:",
        "<animate",
        "<set",
        "foreignobject",
        "<iframe",
        "<use",
        "<script",
        "style=",
    ):
        assert fragment not in hostile.lower(), (fragment, hostile)


def test_real_content_claims_no_check_and_shows_its_claims():
    """No professional check is invented for the seed content; every claim is shown as is."""
    from tests.conftest import ROOT

    catalog = load_catalog(ROOT, today=TODAY)
    assert [r.slug for r in catalog.resources if r.quality.checks] == []
    assert all(r.quality.level == r.quality.claimed for r in catalog.resources)
