"""Property-based tests: whatever a contributor writes, the loader answers cleanly.

Any text given to the loader and validator gives either a valid resource or clean
problems (file, line ≥ 1, French message), never an exception.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.catalog.load import load_catalog
from essaim.problems import Problem
from tests.conftest import FIXTURES, TODAY, make_project

BASE = (FIXTURES / "valid" / "minimal.md").read_text(encoding="utf-8")
FIELDS = [
    "titre", "resume", "type", "themes", "publics", "producteur", "territoire", "qualite",
    "licence", "date_publication", "date_mise_a_jour", "url", "liens", "pieces_jointes",
]  # fmt: skip
_template = None


def _project() -> Path:
    """One project copy per test session (schemas, vocabularies, territories are read-only)."""
    global _template
    if _template is None:
        _template = make_project(Path(tempfile.mkdtemp(prefix="essaim-proprietes-")) / "projet")
    return _template


def _check(name: str, content: str | bytes) -> None:
    project = _project()
    folder = project / "resources" / "cas"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / name
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="")
    catalog = load_catalog(project, today=TODAY)
    assert len(catalog.resources) + len({p.path for p in catalog.errors}) == 1, (
        "a file is never dropped silently"
    )
    for problem in catalog.problems:
        assert isinstance(problem, Problem)
        assert problem.path == f"resources/cas/{name}"
        assert problem.line >= 1
        assert problem.message and "Traceback" not in problem.message


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_as_a_markdown_resource(text):
    _check("texte.md", text)


@SETTINGS
@given(st.binary(max_size=1500))
def test_any_bytes_as_a_yaml_resource(data):
    _check("octets.yml", data)


@SETTINGS
@given(st.text(max_size=600))
def test_any_text_in_the_front_matter(text):
    _check("entete.md", "---\n" + text + "\n---\n\nTexte.\n")


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
def test_any_structure_in_known_fields(changes):
    front, body = BASE.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    data.update(changes)
    _check("structure.md", "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body)
