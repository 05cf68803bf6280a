"""Facilitators asked to review: the list written by the check, read back as untrusted data."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from essaim.catalog.load import load_catalog
from essaim.contribute import review_requests as rr
from tests.conftest import FIXTURES, TODAY, add_fixture, make_project
from tests.helpers import git, run_essaim

NATIONAL = """# yaml-language-server: $schema=../schemas/animateur.schema.json
organisation: Réseau national *test* @equipe
github: animation-nationale
territoire:
  echelle: national
"""
REGION_PACA = """organisation: Réseau régional de test
github: animation-paca
territoire:
  echelle: region
  codes: ["93"]
"""


def _facilitators(project: Path) -> Path:
    folder = project / "animateurs"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "animateurs" / "valid" / "animation-exemple.yml", folder)  # 94
    (folder / "animation-nationale.yml").write_text(NATIONAL, encoding="utf-8")
    (folder / "animation-paca.yml").write_text(REGION_PACA, encoding="utf-8")
    return project


def _essaim(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_essaim(project, "relecteurs", *args)


def test_each_resource_goes_to_the_facilitators_of_its_territory(project: Path):
    _facilitators(project)
    add_fixture(project, FIXTURES / "valid" / "minimal.md")  # Val-de-Marne (94)
    add_fixture(project, FIXTURES / "valid" / "reference-externe.yml")  # national
    add_fixture(project, FIXTURES / "valid" / "bassin-de-vie.md")
    catalog = load_catalog(project, today=TODAY)
    assert catalog.errors == []
    slugs = sorted(r.slug for r in catalog.resources)
    data = rr.plan(catalog, slugs, 12)
    by_account = {e["github"]: e["ressources"] for e in data["relecteurs"]}
    assert by_account["animation-exemple"] == ["minimal"]
    assert by_account["animation-nationale"] == ["reference-externe"]
    # communes of the Bouches-du-Rhône: the région Provence-Alpes-Côte d'Azur's facilitator
    assert by_account["animation-paca"] == ["bassin-de-vie"]
    assert "bassin-de-vie" not in by_account["animation-exemple"]


def test_the_check_writes_the_list_and_the_trusted_side_reads_it(tmp_path: Path):
    project = _facilitators(make_project(tmp_path / "projet", with_content=True))
    git(project, "init", "--quiet", "--initial-branch", "main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "base")
    add_fixture(project, FIXTURES / "valid" / "minimal.md")  # a new resource in the 94
    artifact = tmp_path / "relecture" / "relecture.json"
    planned = _essaim(project, "--depuis", "main", "--demande", "7", "--sortie", str(artifact))
    assert planned.returncode == 0, planned.stderr
    data = json.loads(artifact.read_text(encoding="utf-8"))
    assert data == {
        "format": 1,
        "demande": 7,
        "relecteurs": [{"github": "animation-exemple", "ressources": ["minimal"]}],
    }
    out = tmp_path / "sortie"
    read = _essaim(
        project, "--artefact", str(artifact), "--auteur", "quelquun", "--sortie", str(out)
    )
    assert read.returncode == 0, read.stderr
    assert (out / "demande.txt").read_text() == "7\n"
    assert (out / "relecteurs.txt").read_text() == "animation-exemple\n"
    comment = (out / "commentaire.md").read_text(encoding="utf-8")
    assert comment.startswith(rr.COMMENT_MARKER)
    assert (
        "- @animation-exemple (Réseau de test des maisons des associations) : `minimal`" in comment
    )


@pytest.mark.parametrize(
    "content,reason",
    [
        ("[]", "forme inattendue"),
        ('{"format": 1, "demande": "7", "relecteurs": []}', "numéro de demande invalide"),
        ('{"format": 1, "demande": 7, "relecteurs": [], "x": 1}', "forme inattendue"),
        (
            '{"format": 1, "demande": 7, "relecteurs": [{"github": "a b", "ressources": ["x"]}]}',
            "compte GitHub invalide",
        ),
        (
            '{"format": 1, "demande": 7, "relecteurs": [{"github": "ab", "ressources": ["../x"]}]}',
            "identifiants de ressources invalides",
        ),
        ("not json", "pas du JSON"),
    ],
)
def test_a_forged_artifact_is_refused_and_nothing_is_requested(
    tmp_path: Path, content: str, reason: str
):
    artifact = tmp_path / "relecture.json"
    artifact.write_text(content, encoding="utf-8")
    with pytest.raises(rr.ArtifactError, match=reason):
        rr.read_artifact(artifact)


def test_an_oversized_artifact_is_refused_unread(tmp_path: Path):
    artifact = tmp_path / "relecture.json"
    artifact.write_bytes(b" " * (rr.MAX_ARTIFACT_BYTES + 1))
    with pytest.raises(rr.ArtifactError, match="trop gros"):
        rr.read_artifact(artifact)


def test_only_registered_accounts_other_than_the_author_are_kept(project: Path):
    _facilitators(project)
    catalog = load_catalog(project, today=TODAY)
    requests = [
        rr.Request("inconnu-du-registre", ("minimal",)),
        rr.Request("Animation-Exemple", ("minimal",)),
        rr.Request("animation-nationale", ("reference-externe",)),
    ]
    kept = rr.validate(requests, catalog.facilitators, author="animation-nationale")
    assert [(f.github, slugs) for f, slugs in kept] == [("animation-exemple", ("minimal",))]
    # the organisation comes from the trusted registry, made inert for GitHub Markdown
    national = rr.comment([(catalog.facilitators["animation-nationale"], ("x",))])
    assert "Réseau national \\*test\\* @\u2060equipe" in national
