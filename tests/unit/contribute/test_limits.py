"""One source per limit: the schema. The code reads it (`essaim nouvelle`'s checks, prompts
and options; the messages hold placeholders, never a number); the texts that cannot read it
(issue forms, annotated examples, the contributor's guide) are compared with it here, so a
copy that drifts fails this test."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from essaim.catalog.schema import RESOURCE_SCHEMA, TRIAL_SCHEMA, count_limits, length_limits
from essaim.contribute.new_resource import QUESTIONS, AnswerError, Context, check_text
from essaim.messages import MESSAGES
from essaim.model import Catalog
from tests.conftest import ROOT

SCHEMAS = ROOT / "schemas"
FORM = ROOT / ".github/ISSUE_TEMPLATE/proposer-une-ressource.yml"
EXAMPLE = ROOT / "schemas/exemple-ressource.md"
TRIAL_EXAMPLE = ROOT / "schemas/exemple-essai.yml"
GUIDE = ROOT / "docs/contribuer.md"
# field → its JSON pointer in the resource schema, its form question and its prompt.
FIELDS = {"titre": "/properties/titre", "resume": "/properties/resume"}


def _said(limits: tuple[int, int]) -> str:
    return f"{limits[0]} à {limits[1]} caractères"


def _example_comment(field: str, example=EXAMPLE) -> str:
    """The comment lines just above a field in an annotated example."""
    lines = example.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{field}:"))
    comments = []
    for line in reversed(lines[:at]):
        if not line.lstrip().startswith("#"):
            break
        comments.append(line)
    return "\n".join(comments)


@pytest.mark.parametrize("field", FIELDS)
def test_every_copy_of_a_length_says_the_schema(field: str):
    pointer = FIELDS[field]
    said = _said(length_limits(SCHEMAS, RESOURCE_SCHEMA, pointer))
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    question = next(item for item in form["body"] if item.get("id") == field)
    assert said in question["attributes"]["description"], "formulaire d'issue"
    assert said in _example_comment(field), "exemple annoté"
    assert said in _prompt(field, Context(Catalog(root=ROOT))), "question de essaim nouvelle"
    help_text = subprocess.run(
        [sys.executable, "-m", "essaim.cli", "nouvelle", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{field.replace('resume', 'résumé')} ({said})" in " ".join(help_text.split())


def test_nouvelle_reads_its_bounds_from_the_schema(project):
    """Change the schema's limit and `essaim nouvelle` follows, with no code to change."""
    path = project / "schemas" / RESOURCE_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["resume"]["maxLength"] = 321
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    context = Context(Catalog(root=project))
    assert context.limits("resume") == (20, 321)
    assert check_text("a" * 321, *context.limits("resume")) == "a" * 321
    with pytest.raises(AnswerError):
        check_text("a" * 322, *context.limits("resume"))


def _prompt(key: str, ctx: Context) -> str:
    return next(q for q in QUESTIONS if q.key == key).text(ctx)


@pytest.mark.parametrize("field, noun", [("themes", "thèmes"), ("publics", "publics")])
def test_every_copy_of_a_count_says_the_schema(field: str, noun: str):
    low, high = count_limits(SCHEMAS, RESOURCE_SCHEMA, f"/properties/{field}")
    assert f"{low} à {high} {noun}" in _example_comment(field), "exemple annoté"
    assert f"{low} à {high})" in _prompt(field, Context(Catalog(root=ROOT))), "essaim nouvelle"


def test_the_steps_of_how_to_use_say_the_schema():
    pointer = "/properties/mise_en_action/properties/etapes"
    low, high = count_limits(SCHEMAS, RESOURCE_SCHEMA, pointer)
    assert f"de {low} à {high}" in _example_comment("mise_en_action"), "exemple annoté"
    guide = GUIDE.read_text(encoding="utf-8")
    assert re.search(rf"etapes: +# de {low} à {high} étapes", guide), "docs/contribuer.md"


def test_the_annotated_trial_report_says_the_schema():
    low, high = length_limits(SCHEMAS, TRIAL_SCHEMA, "/properties/resultat")
    assert f"{low} à {high} caractères" in _example_comment("resultat", TRIAL_EXAMPLE)
    _, high = length_limits(SCHEMAS, TRIAL_SCHEMA, "/properties/adaptation")
    assert f"{high} caractères au plus" in _example_comment("adaptation", TRIAL_EXAMPLE)


def test_no_message_spells_a_limit():
    """Limits reach the messages as placeholders ({limit}, {low} à {high}), never as digits."""
    spelled = re.compile(r"\d+ (?:à \d+|caractères|au plus)|au plus \d+")
    assert [key for key, text in MESSAGES.items() if spelled.search(text)] == []


def test_prompts_follow_a_changed_schema(project):
    """Change the schema's bounds and the prompts of `essaim nouvelle` say the new ones."""
    path = project / "schemas" / RESOURCE_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["resume"]["maxLength"] = 321
    schema["properties"]["themes"]["maxItems"] = 4
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    context = Context(Catalog(root=project))
    assert "(20 à 321 caractères)" in _prompt("resume", context)
    assert "1 à 4)" in _prompt("themes", context)
    themes = next(q for q in QUESTIONS if q.key == "themes")
    with pytest.raises(AnswerError):
        themes.check("cooperation, benevolat, financement, gouvernance, emploi", None, context)
