"""`essaim nouvelle`: the file it writes passes `essaim check` at once, both ways."""

from __future__ import annotations

import subprocess
from pathlib import Path

from essaim.catalog.load import load_catalog
from essaim.contribute.new_resource import field_comments
from tests.conftest import ROOT, TODAY
from tests.helpers import run_essaim

FLAGS = [
    "--titre", "Charte de prêt de minibus entre associations",
    "--resume", "Une charte pour prêter un minibus à une autre association : état des lieux, "
    "assurance, carburant et clés.",
    "--type", "modele-document",
    "--producteur", "RNMA",  # acronym of a producer: resolved to its identifier
    "--echelle", "departement",
    "--code", "94",
    "--themes", "mutualisation, Locaux et matériel",
    "--publics", "benevoles",
]  # fmt: skip


def _nouvelle(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return run_essaim(project, "nouvelle", *args, stdin=stdin)


def _check(project: Path, path: str) -> subprocess.CompletedProcess:
    return run_essaim(project, "check", path)


def _fill_and_check(project: Path, path: str) -> None:
    """A new resource is refused until its sections are written, with the way to do it."""
    refused = _check(project, path)
    assert refused.returncode == 1
    output = refused.stdout + refused.stderr
    errors = [line for line in output.splitlines() if line.startswith(path)]
    assert errors and all("texte provisoire « À compléter »" in line for line in errors)
    assert "essaim nouvelle en place un sous chaque titre" in errors[0]
    target = project / path
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("À compléter.", "Le contenu rédigé de la section."), "utf-8")
    accepted = _check(project, path)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_with_options_only(project: Path):
    result = _nouvelle(project, *FLAGS, "--essai-date", "2025-05", "--essai-structure", "MDA 94")
    assert result.returncode == 0, result.stderr
    path = "resources/modeles/charte-de-pret-de-minibus-entre-associations.md"
    assert f"Ressource créée : {path}" in result.stdout
    _fill_and_check(project, path)
    [resource] = load_catalog(project, today=TODAY).resources
    assert resource.producer == "rnma"
    assert resource.themes == ("mutualisation", "locaux-materiel")
    assert resource.quality.level == "inspiration locale"
    assert resource.published == TODAY.isoformat()
    text = (project / path).read_text(encoding="utf-8")
    # the annotated example's comments come along, and the editor finds the schema
    assert text.startswith("---\n# yaml-language-server: $schema=../../schemas/")
    assert "# [obligatoire] Titre court, 5 à 150 caractères, sans HTML." in text
    assert "## Comment l'adapter" in text


def test_interactive_in_french(project: Path):
    answers = "\n".join(
        [
            "Un",  # too short: asked again
            "Guide pour organiser un forum des associations à plusieurs",
            "Les étapes pour préparer un forum des associations avec d'autres réseaux du territoire.",
            "2",  # Guide
            "proj aide",  # unknown: a suggestion is shown, asked again
            "cd94-projaide",
            "bassin-de-vie",
            "13117, 13047",
            "",  # a bassin de vie needs a name: asked again
            "Bassin est de l'étang de Berre",
            "1, animation-territoriale",
            "accompagnateurs",
            "",  # licence: default
            "2024-06",
            "",  # no trial
            "",  # folder: default for a guide
        ]
    )
    result = _nouvelle(project, stdin=answers + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Titre de la ressource (5 à 150 caractères)" in result.stdout
    assert "✗ 2 caractère(s) — entre 5 et 150 attendus" in result.stdout
    assert "vouliez-vous dire « cd94-projaide »" in result.stdout
    assert "✗ réponse obligatoire" in result.stdout
    path = "resources/guides/guide-pour-organiser-un-forum-des-associations-a-plusieurs.md"
    _fill_and_check(project, path)
    [resource] = load_catalog(project, today=TODAY).resources
    assert resource.territory.codes == ("13117", "13047")
    assert resource.quality.level == "non évaluée"
    assert resource.licence == "etalab-2.0"
    assert resource.themes == ("cooperation", "animation-territoriale")


def test_invalid_options_are_all_reported_and_nothing_is_written(project: Path):
    args = [*FLAGS]
    args[args.index("94")] = "975x"
    args[args.index("benevoles")] = "retraites"
    result = _nouvelle(project, *args, "--titre", "<b>Charte</b> de prêt")
    assert result.returncode == 1
    assert "3 valeur(s) à corriger" in result.stderr
    assert "--titre : HTML non accepté" in result.stderr
    assert "--code : « 975x » n'est pas un code de département connu" in result.stderr
    assert "--publics : « retraites » n'est pas proposé" in result.stderr
    assert not list((project / "resources").rglob("*.md"))


def test_missing_answer_without_terminal_exits_2(project: Path):
    result = _nouvelle(project, "--titre", "Charte de prêt de minibus")
    assert result.returncode == 2
    assert "réponse attendue pour" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project / "resources").rglob("*.md"))


def test_existing_file_is_never_overwritten(project: Path):
    assert _nouvelle(project, *FLAGS).returncode == 0
    again = _nouvelle(project, *FLAGS)
    assert again.returncode == 1
    assert "existe déjà" in again.stderr


def test_every_written_field_has_its_comment_in_the_example():
    example = (ROOT / "schemas" / "exemple-ressource.md").read_text(encoding="utf-8")
    notes = field_comments(example)
    for key in ("titre", "resume", "type", "themes", "publics", "producteur", "territoire"):
        assert notes[key][0].startswith("# [obligatoire]"), key
    assert "qualite" in notes and "licence" in notes and "date_publication" in notes
