"""Which files the build's last scan reads: every file of the site after a build, only
the files written since the last scan in `make serve`."""

from __future__ import annotations

import os
from pathlib import Path

from essaim.publish import tripwire


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for path in ("index.html", "flux/a.xml", "ressources/x/index.html", "ressources/x/m.odt"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(path, encoding="utf-8")
    (site / "vide").mkdir()
    return site


def test_site_files_lists_every_file_as_rglob_does(tmp_path: Path):
    site = _site(tmp_path)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.html").write_text("x", encoding="utf-8")
    (site / "lien").symlink_to(outside, target_is_directory=True)
    (site / "page-liee.html").symlink_to(outside / "secret.html")
    expected = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert sorted(tripwire.site_files(site)) == expected
    assert "page-liee.html" in expected and "lien/secret.html" not in expected


def test_changed_files_gives_only_what_was_written_since(tmp_path: Path):
    site = _site(tmp_path)
    seen: dict[str, tuple[int, int]] = {}
    assert sorted(tripwire.changed_files(site, seen)) == sorted(tripwire.site_files(site))
    assert tripwire.changed_files(site, seen) == []
    page = site / "ressources/x/index.html"
    page.write_text("autre texte", encoding="utf-8")
    (site / "flux/b.xml").write_text("<feed/>", encoding="utf-8")
    assert sorted(tripwire.changed_files(site, seen)) == ["flux/b.xml", "ressources/x/index.html"]
    # Same size, new time: written again, read again.
    stamp = page.stat().st_mtime_ns + 1_000_000_000
    os.utime(page, ns=(stamp, stamp))
    assert tripwire.changed_files(site, seen) == ["ressources/x/index.html"]


def test_a_missing_site_has_no_files(tmp_path: Path):
    assert tripwire.site_files(tmp_path / "absent") == []
