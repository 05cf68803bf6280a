"""Shared fixtures: a throw-away copy of the project with chosen resources."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from tests.cases import case_bytes

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
    if with_content:
        for name in ("structures", "animateurs"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, tmp / name)
    (tmp / "data").symlink_to(ROOT / "data")
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs")
    if with_content:
        shutil.copytree(ROOT / "resources", tmp / "resources")
    else:
        (tmp / "resources").mkdir()
    return tmp


def make_project_with_form(tmp: Path, form: Path) -> Path:
    """A copy of the project with the real resources and one issue form (.github/…)."""
    project = make_project(tmp, with_content=True)
    (project / form).parent.mkdir(parents=True)
    shutil.copy(ROOT / form, project / form)
    return project


def add_fixture(project: Path, fixture: Path, folder: str = "cas") -> Path:
    """Copy one fixture case, plus the files beside it that it names (attachments: any
    other file under resources/ is refused)."""
    target = project / "resources" / folder
    target.mkdir(parents=True, exist_ok=True)
    data = case_bytes(fixture)  # without its expectation block, if it has one
    text = data.decode("utf-8", "replace")
    named = set(re.findall(r"fichier:\s*[\"']?([^\s\"']+)", text))
    for sibling in fixture.parent.iterdir():
        if sibling.is_file() and sibling.suffix not in RESOURCE_LIKE and sibling.name in named:
            shutil.copy(sibling, target / sibling.name)
    (target / fixture.name).write_bytes(data)
    return target / fixture.name


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder: unit, site (a real MkDocs build), browser (Chromium)."""
    here = Path(__file__).resolve().parent
    for item in items:
        kind = item.path.resolve().relative_to(here).parts[0]
        if kind in KINDS:
            item.add_marker(kind)


KINDS = ("unit", "site", "browser")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "projet")


# ---------------------------------------------------------------- built site and browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real portal, built once per test session with `mkdocs build --strict`."""
    from tests.helpers import build_site

    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def base_url(real_site: Path):
    """The built site served on 127.0.0.1 (a free port), for the browser tests."""
    from tests.helpers import serve_directory

    with serve_directory(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent : « make test » l'installe avec apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """A fresh page; records every request that leaves 127.0.0.1."""
    contexts = []

    def opener(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        page.outside = []
        page.on(
            "request",
            lambda r: (
                page.outside.append(r.url)
                if not r.url.startswith(("http://127.0.0.1", "data:"))
                else None
            ),
        )
        return page

    yield opener
    for context in contexts:
        context.close()
