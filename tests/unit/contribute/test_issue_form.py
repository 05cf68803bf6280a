"""Issue form → resource file: each fixture body is one case (tests/fixtures/issues.yml)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from essaim import labels
from essaim.catalog.load import load_catalog
from essaim.contribute.forms import load_form, parse_body
from essaim.contribute.proposal import FORM, convert_issue
from tests.cases import case_text, expectation
from tests.conftest import FIXTURES, ROOT, TODAY, make_project_with_form
from tests.helpers import assert_issue_cli

ISSUES = sorted((FIXTURES / "issues").iterdir())  # each ends with its « attendu » block
FLOOR = 26


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A copy of the project with the real resources and the issue form."""
    return make_project_with_form(tmp_path / "projet", FORM)


def _resource_files(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in (project / "resources").rglob("*.md")}


def test_every_issue_fixture_carries_its_expectation():
    assert len(ISSUES) >= FLOOR  # the cases of the central list they replaced
    for fixture in ISSUES:
        expected = expectation(fixture)
        assert "fichier" in expected or "commentaire" in expected, fixture.name


@pytest.mark.parametrize("fixture", ISSUES, ids=lambda p: p.name)
def test_issue_fixture(site_project: Path, fixture: Path):
    expected = expectation(fixture)
    before = _resource_files(site_project)
    body = case_text(fixture)
    conversion = convert_issue(body, site_project, number=12, today=TODAY)
    created = _resource_files(site_project) - before
    if "fichier" in expected:
        assert conversion.problems == []
        assert conversion.path == expected["fichier"]
        assert created == {expected["fichier"]}
        catalog = load_catalog(site_project, today=TODAY)
        assert [p.format_text() for p in catalog.errors] == []
        [resource] = [r for r in catalog.resources if r.path == expected["fichier"]]
        assert resource.quality.level == expected["niveau"]
        assert "Ferme #12." in conversion.message
    else:
        assert conversion.path is None
        assert created == set(), "a refused proposal must leave no file behind"
        assert any(expected["commentaire"] in p for p in conversion.problems), conversion.problems
        assert conversion.message.startswith("Merci pour cette proposition !")
        # the comment quotes the contributor's text, made inert for GitHub
        for raw in ("<script", "](javascript", "{{ config"):
            assert raw not in conversion.message


def test_yaml_looking_text_stays_text(site_project: Path):
    body = case_text(FIXTURES / "issues" / "yaml-dans-le-resume.md")
    conversion = convert_issue(body, site_project, number=3, today=TODAY)
    text = (site_project / conversion.path).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert front["producteur"] == "cd94-projaide"
    assert front["qualite"]["niveau"] == "inspiration locale"
    assert "producteur: pirate" in front["resume"]
    assert text.startswith("---\n# Proposée dans l'issue #3.\n")


def test_edited_body_with_crlf_and_identifiers(site_project: Path):
    body = case_text(FIXTURES / "issues" / "modifiee-a-la-main.md")
    assert "\r\n" in body
    conversion = convert_issue(body, site_project, today=TODAY)
    catalog = load_catalog(site_project, today=TODAY)
    [resource] = [r for r in catalog.resources if r.path == conversion.path]
    assert resource.themes == ("cooperation", "animation-territoriale")
    assert resource.type == "fiche-experience"
    # a Markdown heading that is not a question of the form belongs to the text
    assert "### Étapes" in resource.body


def test_same_title_twice_gets_a_new_identifier(site_project: Path):
    body = case_text(FIXTURES / "issues" / "modele-avec-essai.md")
    first = convert_issue(body, site_project, today=TODAY)
    second = convert_issue(body, site_project, today=TODAY)
    assert second.path == first.path.replace(".md", "-2.md")


def test_form_answers_are_read_by_label(site_project: Path):
    fields = load_form(site_project, FORM)
    body = "### Titre de la ressource\n\nUn titre\n\n### Résumé\n\n_No response_\n"
    answers, problems = parse_body(body, fields)
    assert answers["titre"] == "Un titre"
    assert answers["resume"] == ""
    assert any("« Type de ressource » est absente" in str(p) for p in problems)


def test_form_choices_match_the_schema_lists_and_vocabularies():
    fields = {f.id: f for f in load_form(ROOT, FORM)}

    def vocabulary(name: str) -> list[str]:
        data = yaml.safe_load((ROOT / "vocabularies" / name).read_text(encoding="utf-8"))
        return [term["libelle"] for term in data.values()]

    assert list(fields["type"].options) == [t.label for t in labels.TYPES.values()]
    assert list(fields["echelle"].options) == list(labels.SCALES.values())
    assert list(fields["licence"].options) == list(labels.LICENCES.values())
    assert list(fields["verification_role"].options) == list(labels.ROLES.values())
    assert list(fields["themes"].options) == vocabulary("themes.yml"), (
        "ajoutez le nouveau thème à .github/ISSUE_TEMPLATE/proposer-une-ressource.yml"
    )
    assert list(fields["publics"].options) == vocabulary("publics.yml")


def test_cli_writes_the_file_or_the_comment(site_project: Path, tmp_path: Path):
    assert_issue_cli(
        site_project,
        tmp_path / "message.md",
        FIXTURES / "issues",
        "reference-nationale.md",
        "script-dans-le-texte.md",
        expectation(FIXTURES / "issues" / "reference-nationale.md")["fichier"],
    )


def test_decomposed_accents_are_written_composed(site_project: Path):
    """A proposal typed with decomposed accents is written as a file would be read (NFC)."""
    body = case_text(FIXTURES / "issues" / "accents-decomposes.md")
    assert not unicodedata.is_normalized("NFC", body)
    conversion = convert_issue(body, site_project, number=4, today=TODAY)
    text = (site_project / conversion.path).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert "Modèle de convention" in text
