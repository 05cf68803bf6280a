"""One source per limit: the schema. Every place that tells a contributor a length (the
issue form, the annotated example, `essaim nouvelle`'s prompts and options) says the
schema's numbers; this test fails as soon as one of those copies drifts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from essaim.catalog.schema import RESOURCE_SCHEMA, length_limits
from essaim.contribute.new_resource import AnswerError, Context, check_text
from essaim.messages import say
from essaim.model import Catalog
from tests.conftest import ROOT

SCHEMAS = ROOT / "schemas"
FORM = ROOT / ".github/ISSUE_TEMPLATE/proposer-une-ressource.yml"
EXAMPLE = ROOT / "schemas/exemple-ressource.md"
# field → its JSON pointer in the resource schema, its form question and its prompt.
FIELDS = {
    "titre": ("/properties/titre", "new.prompt.titre"),
    "resume": ("/properties/resume", "new.prompt.resume"),
}


def _said(limits: tuple[int, int]) -> str:
    return f"{limits[0]} à {limits[1]} caractères"


def _example_comment(field: str) -> str:
    """The comment lines just above a field in the annotated example."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    comments = []
    for line in reversed(lines[:at]):
        if not line.startswith("#"):
            break
        comments.append(line)
    return "\n".join(comments)


@pytest.mark.parametrize("field", FIELDS)
def test_every_copy_of_a_length_says_the_schema(field: str):
    pointer, prompt = FIELDS[field]
    said = _said(length_limits(SCHEMAS, RESOURCE_SCHEMA, pointer))
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    question = next(item for item in form["body"] if item.get("id") == field)
    assert said in question["attributes"]["description"], "formulaire d'issue"
    assert said in _example_comment(field), "exemple annoté"
    assert said in say(prompt), "question de essaim nouvelle"
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
