"""Shared fixtures: a throw-away copy of the project with chosen resources."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A fixed "today" so that date rules give the same answer every day.
TODAY = datetime.date(2026, 1, 15)
RESOURCE_LIKE = {".md", ".yml", ".yaml"}


def make_project(tmp: Path, with_content: bool = False) -> Path:
    """A copy of the project's schemas, vocabularies, producers and territories.

    With with_content, the real resources and docs come along too (for build tests).
    """
    for name in ("schemas", "vocabularies", "producers", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp / name)
    (tmp / "data").mkdir()
    (tmp / "data" / "territoires").symlink_to(ROOT / "data" / "territoires")
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs")
    if with_content:
        shutil.copytree(ROOT / "resources", tmp / "resources")
    else:
        (tmp / "resources").mkdir()
    return tmp


def add_fixture(project: Path, fixture: Path, folder: str = "cas") -> Path:
    """Copy one fixture case, plus the non-resource files beside it (attachments)."""
    target = project / "resources" / folder
    target.mkdir(parents=True, exist_ok=True)
    for sibling in fixture.parent.iterdir():
        if sibling.suffix not in RESOURCE_LIKE:
            shutil.copy(sibling, target / sibling.name)
    shutil.copy(fixture, target / fixture.name)
    return target / fixture.name


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "projet")
