"""Registries (producers/, structures/): nothing that looks like an entry is skipped in silence."""

from __future__ import annotations

from pathlib import Path

from essaim.catalog.load import load_catalog
from tests.conftest import ROOT, TODAY


def _messages(project: Path) -> dict[str, str]:
    return {p.path: p.message for p in load_catalog(project, today=TODAY).errors}


def test_a_subfolder_of_the_producers_is_named(project: Path):
    (project / "producers" / "archives").mkdir()
    (project / "producers" / "archives" / "ancien.yml").write_text("nom: x\n", encoding="utf-8")
    found = _messages(project)
    assert "sous-dossier « archives » non lu" in found["producers/archives"]


def test_a_symbolic_link_in_the_producers_is_refused(project: Path):
    (project / "producers" / "lien.yml").symlink_to(ROOT / "producers" / "cd94-projaide.yml")
    assert "lien symbolique refusé" in _messages(project)["producers/lien.yml"]


def test_a_hidden_entry_is_named_and_a_system_file_is_not(project: Path):
    (project / "producers" / ".brouillon.yml").write_text("nom: x\n", encoding="utf-8")
    (project / "producers" / ".DS_Store").write_bytes(b"\0")
    found = _messages(project)
    assert "fichier caché" in found["producers/.brouillon.yml"]
    assert "producers/.DS_Store" not in found
