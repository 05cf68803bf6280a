"""Trial reports: one file per trial in <slug>.essais/ beside the resource, checked like it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from essaim.catalog.load import load_catalog
from essaim.catalog.schema import Schemas
from essaim.contribute.changes import ADDED, DELETED, Change, ChangeSet
from essaim.publish import outputs
from tests.cases import copy_case, expectation
from tests.conftest import FIXTURES, ROOT, TODAY, add_fixture
from tests.helpers import expected_problem

TRIALS = FIXTURES / "essais"
VALID = sorted((TRIALS / "valid").iterdir())
INVALID = sorted((TRIALS / "invalid").iterdir())
FOLDER = "resources/cas/minimal.essais"


def _with_reports(project: Path, *reports: Path, resource: str = "minimal.md") -> Path:
    """The resource fixture in resources/cas/, its reports in <slug>.essais/ beside it."""
    add_fixture(project, FIXTURES / "valid" / resource)
    folder = project / "resources" / "cas" / (Path(resource).stem + ".essais")
    folder.mkdir(exist_ok=True)
    for report in reports:
        copy_case(report, folder / report.name)
    return folder


@pytest.mark.parametrize("report", VALID, ids=lambda p: p.name)
def test_valid_report_joins_the_evidence_of_its_resource(project: Path, report: Path):
    _with_reports(project, report)
    catalog = load_catalog(project, today=TODAY)
    assert [p.format_text() for p in catalog.problems] == []
    [resource] = catalog.resources
    written, reported = resource.quality.trials
    assert written.report == ""
    assert reported.report == f"{FOLDER}/{report.name}"
    # the report is never mistaken for a resource
    assert catalog.resource_files == ["resources/cas/minimal.md"]


@pytest.mark.parametrize("report", INVALID, ids=lambda p: p.name)
def test_invalid_report_names_file_line_and_field(project: Path, report: Path):
    expected = expectation(report)
    _with_reports(project, report)
    catalog = load_catalog(project, today=TODAY)
    expected_problem(catalog.errors, f"{FOLDER}/{report.name}", expected)
    # the resource itself stays valid, with its own trial only
    [resource] = catalog.resources
    assert len(resource.quality.trials) == 1


def test_every_invalid_report_carries_its_expectation():
    assert len(INVALID) >= 11  # the cases of the central list they replaced
    for report in INVALID:
        assert {"ligne", "champ", "message"} <= set(expectation(report)), report.name


def test_annotated_example_is_a_valid_report(project: Path):
    example = (ROOT / "schemas" / "exemple-essai.yml").read_text(encoding="utf-8")
    assert example.startswith("# yaml-language-server: $schema=essai.schema.json\n")
    folder = _with_reports(project)
    # placed in a report folder, its first line points three folders up
    (folder / "exemple.yml").write_text(
        example.replace("$schema=essai.schema.json", "$schema=../../../schemas/essai.schema.json"),
        encoding="utf-8",
    )
    catalog = load_catalog(project, today=TODAY)
    assert catalog.problems == []
    assert (project / FOLDER / "../../../schemas/essai.schema.json").resolve().is_file()
    schema = Schemas(ROOT / "schemas")
    assert schema.trial.is_valid(yaml.safe_load(example))


def test_folder_of_an_unknown_resource_suggests_the_closest(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    folder = project / "resources" / "cas" / "minmal.essais"
    folder.mkdir()
    shutil.copy(VALID[0], folder / "essai.yml")
    catalog = load_catalog(project, today=TODAY)
    [problem] = catalog.errors
    assert problem.path == "resources/cas/minmal.essais/essai.yml"
    assert "aucune ressource « minmal » dans resources/cas/" in problem.message
    assert "vouliez-vous dire « minimal » ?" in problem.message


def test_folder_away_from_its_resource_says_where_it_is(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md", folder="modeles")
    folder = project / "resources" / "guides" / "minimal.essais"
    folder.mkdir(parents=True)
    shutil.copy(VALID[0], folder / "essai.yml")
    [problem] = load_catalog(project, today=TODAY).errors
    assert "est rangée dans resources/modeles/minimal.md" in problem.message
    assert "déplacez le dossier minimal.essais à côté d'elle" in problem.message


def test_folder_named_after_a_former_identifier_asks_for_the_new_one(project: Path):
    add_fixture(project, FIXTURES / "valid" / "ressource-renommee.md")
    resource = load_catalog(project, today=TODAY).resources[0]
    former = resource.former_slugs[0]
    folder = project / "resources" / "cas" / f"{former}.essais"
    folder.mkdir()
    shutil.copy(VALID[0], folder / "essai.yml")
    [problem] = load_catalog(project, today=TODAY).errors
    assert f"« {former} » est un ancien identifiant de resources/cas/ressource-renommee.md" in (
        problem.message
    )
    assert "renommez le dossier ressource-renommee.essais" in problem.message


def test_subfolders_and_hidden_files_of_a_report_folder(project: Path):
    folder = _with_reports(project)
    (folder / "brouillons").mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    [problem] = load_catalog(project, today=TODAY).errors
    assert problem.path == f"{FOLDER}/brouillons"
    assert "sous-dossier « brouillons » non lu" in problem.message


def test_reports_carry_a_resource_to_tested_everywhere(project: Path):
    """minimal.md claims « inspiration locale » (94); with reports from 13 and 33, its
    trials cover three départements: it is ready for promotion, and once the committee
    changes the level, the reports are what make the claim valid."""
    commune, gironde = TRIALS / "valid" / "commune.yml", TRIALS / "valid" / "sans-adaptation.yml"
    _with_reports(project, commune, gironde)
    catalog = load_catalog(project, today=TODAY)
    [resource] = catalog.resources
    assert resource.standing.departements == ("13", "33", "94")
    assert resource.quality.level == "inspiration locale"
    assert resource.standing.promotion == "testée partout"

    source = project / "resources" / "cas" / "minimal.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "niveau: inspiration locale", "niveau: testée partout"
        ),
        encoding="utf-8",
    )
    [resource] = load_catalog(project, today=TODAY).resources
    assert resource.quality.level == "testée partout"
    assert resource.standing.promotion == ""

    (project / FOLDER / "commune.yml").unlink()
    catalog = load_catalog(project, today=TODAY)
    [problem] = catalog.errors
    assert problem.path == "resources/cas/minimal.md" and problem.field == "qualite.niveau"
    assert "2 département(s) compté(s) (33, 94)" in problem.message
    assert "il manque 1 essai(s) d'autres structures dans d'autres départements" in problem.message
    assert "minimal.essais/" in problem.message


def test_a_report_can_make_an_unrated_resource_ready_without_error(project: Path):
    _with_reports(project, TRIALS / "valid" / "commune.yml", resource="reference-externe.yml")
    catalog = load_catalog(project, today=TODAY)
    assert catalog.errors == []
    [resource] = catalog.resources
    assert resource.quality.level == "non évaluée"
    assert resource.standing.promotion == "inspiration locale"


def test_open_data_lists_the_reports_with_the_trials(project: Path):
    _with_reports(project, TRIALS / "valid" / "commune.yml")
    catalog = load_catalog(project, today=TODAY)
    files = outputs.published_files(catalog, "https://essaim.example/")
    [record] = json.loads(files["donnees/ressources.json"])
    assert [t["structure"] for t in record["qualite"]["essais"]] == [
        "Ateliers Proj'aide",
        "Maison des associations de Vitrolles",
    ]
    assert record["qualite"]["essais"][1]["territoire"] == {
        "echelle": "commune",
        "codes": ["13117"],
    }


def test_a_changed_report_triggers_the_full_check():
    report = "resources/modeles/x.essais/2025-vitrolles.yml"
    added = ChangeSet("main", [Change(ADDED, report)])
    assert added.needs_full_check
    assert added.resources == []
    assert ChangeSet("main", [Change(DELETED, report)]).needs_full_check
    assert not ChangeSet("main", [Change(ADDED, "resources/modeles/x.md")]).needs_full_check


def test_check_command_reports_a_report_file(project: Path):
    folder = _with_reports(project, TRIALS / "invalid" / "date-dans-le-futur.yml")
    result = subprocess.run(
        [sys.executable, "-m", "essaim.cli", "check", str(folder)],
        cwd=project,
        env={"ESSAIM_DATE": TODAY.isoformat(), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{FOLDER}/date-dans-le-futur.yml:4: date : date « 2026-03 »")
    assert "Traceback" not in result.stderr
