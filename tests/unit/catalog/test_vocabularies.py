"""The controlled vocabularies (vocabularies/themes.yml, publics.yml): what the site prints
from them is checked like a resource's text (HTML, scripts, template braces, entities)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cases import copy_case, expectation
from tests.conftest import FIXTURES, make_project
from tests.helpers import assert_check_refuses

CASES = sorted((FIXTURES / "themes").iterdir())  # each ends with its « attendu » block


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_unsafe_text_in_a_vocabulary_is_reported_with_file_line_and_field(
    tmp_path: Path, case: Path
):
    project = make_project(tmp_path / "projet")
    target = project / "vocabularies" / "themes.yml"
    if target.is_symlink():
        target.unlink()
    copy_case(case, target)
    assert_check_refuses(project, "vocabularies/themes.yml", expectation(case))
