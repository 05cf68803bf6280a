"""« Signaler un essai » issue → trial-report file: one fixture body per case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from essaim.catalog.load import load_catalog
from essaim.contribute.forms import load_form
from essaim.contribute.trial_report import FORM, convert_trial_issue, find_resource
from tests.cases import case_text, expectation
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture, make_project_with_form
from tests.helpers import assert_issue_cli

ISSUES = sorted((FIXTURES / "issues-essai").iterdir())  # each ends with its « attendu » block
FLOOR = 17


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A copy of the project with the real resources and the trial form."""
    return make_project_with_form(tmp_path / "projet", FORM)


def _reports(project: Path) -> set[str]:
    return {
        p.relative_to(project).as_posix()
        for p in (project / "resources").rglob("*.essais/*")
        if p.is_file()
    }


def test_every_trial_issue_fixture_carries_its_expectation():
    assert len(ISSUES) >= FLOOR  # the cases of the central list they replaced
    for fixture in ISSUES:
        expected = expectation(fixture)
        assert "fichier" in expected or "commentaire" in expected, fixture.name


@pytest.mark.parametrize("fixture", ISSUES, ids=lambda p: p.name)
def test_trial_issue_fixture(site_project: Path, fixture: Path):
    expected = expectation(fixture)
    before = _reports(site_project)
    conversion = convert_trial_issue(case_text(fixture), site_project, number=12, today=TODAY)
    created = _reports(site_project) - before
    if "fichier" in expected:
        assert conversion.problems == []
        assert conversion.path == expected["fichier"]
        assert created == {expected["fichier"]}
        catalog = load_catalog(site_project, today=TODAY)
        assert [p.format_text() for p in catalog.errors] == []
        reported = [
            t for r in catalog.resources for t in r.quality.trials if t.report == conversion.path
        ]
        assert len(reported) == 1, "the report joins the evidence of its resource"
        text = (site_project / conversion.path).read_text(encoding="utf-8")
        assert text.startswith(
            "# yaml-language-server: $schema=../../../schemas/essai.schema.json\n"
            "# Signalé dans l'issue #12.\n"
        )
        assert "Ferme #12." in conversion.message
    else:
        assert conversion.path is None
        assert created == set(), "a refused report must leave no file behind"
        assert not any(p.name.endswith(".essais") for p in (site_project / "resources").rglob("*"))
        assert any(expected["commentaire"] in p for p in conversion.problems), conversion.problems
        assert conversion.message.startswith("Merci pour ce retour d'essai !")
        for raw in ("<script", "{{ config"):
            assert raw not in conversion.message


def test_yaml_looking_answers_stay_text(site_project: Path):
    body = case_text(FIXTURES / "issues-essai" / "yaml-dans-le-resultat.md")
    conversion = convert_trial_issue(body, site_project, today=TODAY)
    data = yaml.safe_load((site_project / conversion.path).read_text(encoding="utf-8"))
    assert set(data) == {"territoire", "date", "structure", "resultat"}
    assert data["resultat"].startswith("niveau: testée partout essais: []")


def test_the_pull_request_announces_a_promotion(site_project: Path):
    """The template was never tried: with this report it becomes ready for promotion."""
    body = case_text(FIXTURES / "issues-essai" / "commune-vitrolles.md")
    conversion = convert_trial_issue(body, site_project, number=3, today=TODAY)
    assert "Vitrolles \\(13117\\), juin 2025" in conversion.message
    assert "la fiche est prête pour promotion" in conversion.message
    assert "justifient « Inspiration locale »" in conversion.message
    catalog = load_catalog(site_project, today=TODAY)
    resource = catalog.resource("modele-convention-pret-materiel-gratuit")
    assert resource.quality.level == "non évaluée"  # the level itself is the committee's call
    assert resource.standing.promotion == "inspiration locale"


def test_another_trial_with_the_same_name_gets_a_new_file_name(site_project: Path):
    """Same organisation and date, another commune and another result: another trial."""
    body = case_text(FIXTURES / "issues-essai" / "commune-vitrolles.md")
    first = convert_trial_issue(body, site_project, today=TODAY)
    other = body.replace("13117", "13001").replace("en six mois", "en quatre mois")
    second = convert_trial_issue(other, site_project, today=TODAY)
    assert second.path == first.path.replace(".yml", "-2.yml")
    assert [p.format_text() for p in load_catalog(site_project, today=TODAY).errors] == []


@pytest.mark.parametrize(
    "change",
    [
        ("", ""),  # the same issue accepted twice
        ("Maison des associations de Vitrolles", "Maison des associations de Vitrolles Sud"),
        ("Maison des associations de Vitrolles", "Centre social"),
    ],
    ids=["meme-issue", "nom-apres", "nom-avant"],
)
def test_a_repeated_trial_is_refused_whatever_its_file_name(site_project: Path, change):
    """The repeated report is flagged on the first file in name order, which may be the one
    already there: the proposal is refused all the same, naming the file it repeats, and
    the project stays valid."""
    body = case_text(FIXTURES / "issues-essai" / "commune-vitrolles.md")
    first = convert_trial_issue(body, site_project, today=TODAY)
    again = convert_trial_issue(body.replace(*change), site_project, today=TODAY)
    assert again.path is None
    assert any(f"répète {first.path}" in p for p in again.problems), again.problems
    assert _reports(site_project) == {first.path}
    assert [p.format_text() for p in load_catalog(site_project, today=TODAY).errors] == []


def test_a_resource_is_found_by_address_or_former_identifier(project: Path):
    add_fixture(project, FIXTURES / "valid" / "ressource-renommee.md")
    add_fixture(project, FIXTURES / "valid" / "archivee.md")
    catalog = load_catalog(project, today=TODAY)
    resource = catalog.resources[1]
    assert resource.slug == "ressource-renommee"
    former = resource.former_slugs[0]
    for answer in (
        "ressource-renommee",
        "ressource-renommee.md",
        "https://essaim.example/ressources/ressource-renommee/",
        f"https://essaim.example/ressources/{former}/",
        former,
    ):
        found, message = find_resource(answer, catalog)
        assert (found.slug if found else None, message) == ("ressource-renommee", ""), answer
    found, message = find_resource("archivee", catalog)
    assert found is None and "est archivée" in message


def test_trial_form_labels_match_the_trial_schema():
    fields = {f.id: f for f in load_form(ROOT, FORM)}
    assert fields["resultat"].required and fields["date"].required
    assert not fields["adaptation"].required
    scales = fields["echelle"].options
    assert "National" not in scales and "Commune" in scales


def test_cli_writes_the_report_or_the_comment(site_project: Path, tmp_path: Path):
    assert_issue_cli(
        site_project,
        tmp_path / "message.md",
        FIXTURES / "issues-essai",
        "adresse-de-la-page.md",
        "script-dans-le-resultat.md",
        expectation(FIXTURES / "issues-essai" / "adresse-de-la-page.md")["fichier"],
        options=("--formulaire", "essai"),
    )


def test_a_legal_watch_proposal_carries_its_applicable_date(site_project: Path):
    from essaim.contribute.proposal import FORM as PROPOSAL_FORM
    from essaim.contribute.proposal import convert_issue

    shutil.copy(ROOT / PROPOSAL_FORM, site_project / PROPOSAL_FORM)
    body = case_text(FIXTURES / "issues" / "veille-juridique.md")
    conversion = convert_issue(body, site_project, today=TODAY)
    assert conversion.problems == []
    text = (site_project / conversion.path).read_text(encoding="utf-8")
    assert "applicable_depuis: '2022-01-02'" in text
