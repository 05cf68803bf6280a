"""`essaim check --depuis REF`: the changed files, the rules between files, the PR summary."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cases import copy_case
from tests.conftest import FIXTURES, make_project
from tests.helpers import git, run_essaim

BUDGET = "resources/modeles/modele-budget-previsionnel-projet.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The project with its real resources, committed on a branch « main »."""
    project = make_project(tmp_path / "projet", with_content=True)
    git(project, "init", "--quiet", "--initial-branch", "main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "base")
    return project


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_essaim(project, "check", *args)


def _add(project: Path, fixture: str, target: str) -> None:
    destination = project / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    copy_case(FIXTURES / fixture, destination)  # without its « attendu » block


def test_nothing_changed(repo: Path):
    result = _check(repo, "--depuis", "main")
    assert result.returncode == 0
    assert "Aucune ressource, aucun producteur ni vocabulaire modifié depuis main" in result.stderr


def test_pull_request_summary_for_a_fixture_change(repo: Path, tmp_path: Path):
    _add(repo, "valid/minimal.md", "resources/modeles/minimal.md")
    _add(repo, "invalid/type-inconnu.md", "resources/modeles/type-inconnu.md")
    budget = repo / BUDGET
    budget.write_text(
        budget.read_text(encoding="utf-8").replace(
            "titre: Modèle de budget prévisionnel d'un projet associatif",
            "titre: Budget prévisionnel [voir](https://pirate.example) @comite",
        ),
        encoding="utf-8",
    )
    summary = tmp_path / "bilan.md"
    result = _check(repo, "--depuis", "main", "--format", "github", "--bilan", str(summary))
    assert result.returncode == 1
    # annotations: only the broken file, on its line
    annotations = result.stdout.splitlines()
    assert annotations
    assert all(
        line.startswith("::error file=resources/modeles/type-inconnu.md,line=4,")
        for line in annotations
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Essaim : vérification des ressources")
    assert "Vérification rapide : 3 ressource\\(s\\)" in text
    assert "### ❌ 1 erreur(s) à corriger" in text
    assert "| ❌ | resources/modeles/type\\-inconnu\\.md | 4 | type |" in text
    # a card preview for the new and the modified resource, none for the broken one
    assert "#### Modèle de compte rendu de réunion (nouvelle)" in text
    assert "(modifiée)" in text
    assert "Aperçu indisponible tant que les erreurs ci-dessus ne sont pas corrigées." in text
    assert "> Modèle de document · Val\\-de\\-Marne \\(94\\)" in text
    # contributor text cannot add a link or notify anyone
    assert "](https://pirate.example)" not in text
    assert "\\[voir\\]\\(https://pirate\\.example\\)" in text
    assert "@\u2060comite" in text


def test_only_changed_files_are_read(repo: Path):
    # main already holds a broken resource: the fast check of a valid addition ignores it
    _add(repo, "invalid/theme-inconnu.md", "resources/cas/theme-inconnu.md")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "casse")
    git(repo, "switch", "--quiet", "--create", "proposition")
    _add(repo, "valid/minimal.md", "resources/modeles/minimal.md")
    fast = _check(repo, "--depuis", "main")
    assert fast.returncode == 0, fast.stdout + fast.stderr
    assert "1 ressource(s) nouvelle(s) ou modifiée(s) valides." in fast.stdout
    assert _check(repo).returncode == 1


def test_rules_between_files_still_apply(repo: Path):
    # same identifier as an existing resource, in another folder
    _add(repo, "valid/minimal.md", "resources/guides/modele-budget-previsionnel-projet.md")
    result = _check(repo, "--depuis", "main")
    assert result.returncode == 1
    assert "identifiant « modele-budget-previsionnel-projet » déjà utilisé" in result.stdout


def test_removed_producer_checks_everything(repo: Path):
    (repo / "producers" / "cd94-projaide.yml").unlink()
    result = _check(repo, "--depuis", "main")
    assert result.returncode == 1
    assert "Vérification complète" in result.stderr
    assert f"{BUDGET}:" in result.stdout
    assert "producteur « cd94-projaide » inconnu" in result.stdout


def test_removed_resource_checks_everything(repo: Path):
    (repo / BUDGET).unlink()
    result = _check(repo, "--depuis", "main")
    assert "Vérification complète" in result.stderr


def test_unknown_reference_is_a_usage_error(repo: Path):
    result = _check(repo, "--depuis", "origine/principale")
    assert result.returncode == 2
    assert "comparaison avec « origine/principale » impossible" in result.stderr
    assert "Traceback" not in result.stderr


def test_paths_and_depuis_do_not_mix(repo: Path):
    result = _check(repo, "--depuis", "main", "resources/modeles")
    assert result.returncode == 2
    assert "ne se combinent pas" in result.stderr
