"""The `essaim` command as a facilitator and a CI job use it."""

from __future__ import annotations

import json
from pathlib import Path

from essaim.cli.main import main
from tests.conftest import FIXTURES, add_fixture
from tests.helpers import run_essaim


def test_check_valid_project_exits_0(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    result = run_essaim(project, "check")
    assert result.returncode == 0
    assert "1 ressource(s)" in result.stdout


def test_check_reports_all_problems_in_french_and_exits_1(project: Path):
    add_fixture(project, FIXTURES / "invalid" / "champ-inconnu.md")
    add_fixture(project, FIXTURES / "invalid" / "bombe-alias.md")
    result = run_essaim(project, "check")
    assert result.returncode == 1
    assert (
        "resources/cas/champ-inconnu.md:10: tritoire : champ inconnu « tritoire »" in result.stdout
    )
    assert "resources/cas/bombe-alias.md:2: ancre ou alias YAML" in result.stdout
    assert "dans 2 fichier(s)" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_check_github_format_prints_annotations(project: Path):
    add_fixture(project, FIXTURES / "invalid" / "type-inconnu.md")
    result = run_essaim(project, "check", "--format", "github")
    assert result.returncode == 1
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith(
        "::error file=resources/cas/type-inconnu.md,line=4,title=Essaim %3A type::"
    )
    assert "vouliez-vous dire « modele-document »" in line


def test_check_json_format_is_machine_readable(project: Path):
    add_fixture(project, FIXTURES / "invalid" / "producteur-inconnu.md")
    result = run_essaim(project, "check", "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert problem["path"] == "resources/cas/producteur-inconnu.md"
    assert problem["line"] == 9 and problem["field"] == "producteur"
    assert problem["severity"] == "erreur"


def test_check_limited_to_given_paths(project: Path):
    add_fixture(project, FIXTURES / "valid" / "minimal.md", folder="bon")
    add_fixture(project, FIXTURES / "invalid" / "type-inconnu.md", folder="mauvais")
    assert run_essaim(project, "check", "resources/bon").returncode == 0
    assert run_essaim(project, "check", "resources/mauvais").returncode == 1


def test_usage_errors_exit_2_without_traceback(project: Path):
    for args in (("check", "--format", "xml"), ("inconnue",), ("check", "resources/absent")):
        result = run_essaim(project, *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert "erreur" in result.stderr or "introuvable" in result.stderr


def test_pages_command_writes_generated_pages_without_mkdocs(
    project: Path, tmp_path: Path, monkeypatch
):
    add_fixture(project, FIXTURES / "valid" / "minimal.md")
    monkeypatch.chdir(project)
    monkeypatch.setenv("ESSAIM_DATE", "2026-01-15")
    out = tmp_path / "pages"
    assert main(["pages", str(out)]) == 0
    page = (out / "ressources" / "minimal.md").read_text(encoding="utf-8")
    assert "Modèle de compte rendu de réunion" in page
    assert "essaim-badge--inspiration-locale" in page
    assert (out / "territoires" / "departement-94.md").is_file()
