"""The cache of `essaim check` (.cache/essaim/): a second run on unchanged files says
exactly what a full check says, and any change to what a file's checks depend on is seen."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from essaim import parallel
from essaim.catalog.check_cache import FOLDER, CheckCache, content_digest
from essaim.catalog.load import load_catalog
from essaim.catalog.reading import read_document
from tests.conftest import FIXTURES, add_fixture
from tests.helpers import run_essaim

CACHE = FOLDER
ACRONYM_BODY = """---
titre: Le soutien du DLA aux coopérations entre associations
resume: Ce que le dispositif peut financer quand plusieurs associations d'un territoire coopèrent.
type: guide
themes:
  - cooperation
publics:
  - dirigeants-associatifs
producteur: cd94-projaide
territoire:
  echelle: departement
  codes: ["94"]
qualite:
  niveau: non évaluée
  note: Aucun essai documenté pour cette ressource.
licence: etalab-2.0
date_publication: "2024-03-01"
---

Le DLA accompagne les associations qui emploient des salariés. Il finance un diagnostic, puis
un accompagnement par un consultant. La demande se fait auprès de la structure du département.
"""


def check(
    project: Path, key_home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`essaim check` in project, with its signing key under key_home and the cache on
    (env: more variables)."""
    settings = {"XDG_CACHE_HOME": str(key_home), "ESSAIM_SANS_CACHE": "", **(env or {})}
    return run_essaim(project, "check", *args, env=settings)


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    return tmp_path / "cle"


def with_cases(project: Path) -> Path:
    """Valid files, invalid ones, and a text with a readability warning."""
    for name in ("minimal.md", "reference-externe.yml", "tous-les-champs.md"):
        add_fixture(project, FIXTURES / "valid" / name)
    for name in ("champ-inconnu.md", "date-impossible.md", "html-dans-le-titre.md"):
        add_fixture(project, FIXTURES / "invalid" / name)
    guide = project / "resources" / "guides" / "soutien-dla.md"
    guide.parent.mkdir(parents=True)
    guide.write_text(ACRONYM_BODY, encoding="utf-8")
    return guide


def same_as_without_cache(project: Path, keys: Path, *args: str) -> subprocess.CompletedProcess:
    """A run with the cache, checked against a full run without it: same bytes, same exit."""
    cached = check(project, keys, *args)
    full = check(project, keys, "--sans-cache", *args)
    assert (cached.returncode, cached.stdout, cached.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    assert "Traceback" not in cached.stderr
    return cached


def test_a_second_run_says_exactly_what_the_first_said(project: Path, keys: Path):
    with_cases(project)
    first = check(project, keys)
    assert list((project / CACHE).glob("*.pickle"))
    assert first.returncode == 1
    assert "sigle « DLA »" in first.stdout
    assert "tritoire : champ inconnu" in first.stdout
    for fmt in ("texte", "github", "json"):
        second = same_as_without_cache(project, keys, "--format", fmt)
        if fmt == "texte":
            assert second.stdout == first.stdout
    assert json.loads(check(project, keys, "--format", "json").stdout)


def test_an_edited_file_is_checked_again(project: Path, keys: Path):
    guide = with_cases(project)
    check(project, keys)
    guide.write_text(ACRONYM_BODY.replace("type: guide", "type: gide"), encoding="utf-8")
    result = same_as_without_cache(project, keys)
    assert "resources/guides/soutien-dla.md:4: type : " in result.stdout
    # …and back: the warning of the valid file is there again, from its new check.
    guide.write_text(ACRONYM_BODY, encoding="utf-8")
    result = same_as_without_cache(project, keys)
    assert "soutien-dla.md:4: type" not in result.stdout
    assert "sigle « DLA »" in result.stdout


def test_an_edited_schema_is_seen(project: Path, keys: Path):
    with_cases(project)
    assert "soutien-dla.md" not in _errors(check(project, keys).stdout)
    schema = project / "schemas" / "ressource.schema.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('"maxLength": 150', '"maxLength": 20', 1),
        encoding="utf-8",
    )
    result = same_as_without_cache(project, keys)
    assert "resources/guides/soutien-dla.md:2: titre : " in result.stdout


def test_an_edited_vocabulary_is_seen(project: Path, keys: Path):
    with_cases(project)
    assert "sigle « DLA »" in check(project, keys).stdout
    known = project / "vocabularies" / "sigles.yml"
    known.write_text(
        known.read_text(encoding="utf-8")
        + "DLA:\n  nature: nom\n  description: Un nom écrit seulement ainsi, pour ce test.\n",
        encoding="utf-8",
    )
    result = same_as_without_cache(project, keys)
    assert "sigle « DLA »" not in result.stdout


def test_a_removed_file_leaves_the_cache(project: Path, keys: Path):
    with_cases(project)
    check(project, keys)
    (project / "resources" / "cas" / "champ-inconnu.md").unlink()
    result = same_as_without_cache(project, keys)
    assert "champ-inconnu" not in result.stdout
    for shard in (project / CACHE).iterdir():
        assert b"champ-inconnu" not in shard.read_bytes()


def test_a_cache_signed_with_another_key_is_not_read(project: Path, keys: Path, monkeypatch):
    """A forged cache (committed in a pull request, say) that would hide a hostile file's
    problems: never unpickled, never believed."""
    guide = with_cases(project)
    display = guide.relative_to(project).as_posix()
    hostile = ACRONYM_BODY.replace("titre: Le soutien", "titre: <img src=x onerror=alert(1)> Le")
    # The forger's cache, signed with their own key: the hostile bytes, a valid document
    # and no problem.
    forger = project.parent / "faussaire"
    monkeypatch.setenv("XDG_CACHE_HOME", str(forger))
    monkeypatch.delenv("ESSAIM_SANS_CACHE", raising=False)
    forged = CheckCache.open(project)
    catalog = load_catalog(project, cache=forged)
    valid = next(r for r in catalog.resources if r.path == display)
    assert valid.title.startswith("Le soutien")
    doc, problems = read_document(guide, display)
    assert doc is not None and not problems
    forged.put(display, content_digest(hostile.encode()), doc, [])
    forged.save()
    guide.write_text(hostile, encoding="utf-8")
    # The forgery works for its author's key (so the test can fail)…
    assert f"{display}:2: titre" not in check(project, forger).stdout
    # …and is ignored with anybody else's.
    result = check(project, keys)
    assert f"{display}:2: titre : " in result.stdout
    same_as_without_cache(project, keys)


def test_a_damaged_cache_means_a_full_check(project: Path, keys: Path):
    with_cases(project)
    check(project, keys)
    shards = sorted((project / CACHE).iterdir())
    assert shards
    for shard in shards:
        data = shard.read_bytes()
        shard.write_bytes(data[: len(data) // 2])
    same_as_without_cache(project, keys)
    for shard in shards:
        shard.write_bytes(b"n'importe quoi")
    same_as_without_cache(project, keys)


def test_a_symbolic_link_on_the_way_is_not_followed(project: Path, keys: Path, tmp_path: Path):
    with_cases(project)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (project / ".cache").symlink_to(elsewhere, target_is_directory=True)
    same_as_without_cache(project, keys)
    assert list(elsewhere.iterdir()) == []


def _errors(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if ": avertissement : " not in line)


def run_in_process(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    from essaim.catalog.load import forget_cached_checks
    from essaim.cli.main import main

    forget_cached_checks()  # as in a new process: nothing kept in memory from a last run
    code = main(["--racine", str(project), "check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cold_on_two_cores(project: Path, keys: Path, monkeypatch) -> Path:
    """A cold check that takes the two-process path even for a few files."""
    from essaim.catalog import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(keys))
    monkeypatch.setenv("ESSAIM_DATE", "2026-01-15")
    monkeypatch.delenv("ESSAIM_SANS_CACHE", raising=False)
    monkeypatch.setattr(load, "PARALLEL_CHECK_MIN_FILES", 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(parallel, "others_running", lambda: 0)
    # As in `essaim check`, a process without threads (a test session may hold some).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    with_cases(project)
    for index in range(6):  # more files, so that each process has several
        text = ACRONYM_BODY.replace("Le soutien", f"Le soutien n° {index}")
        (project / "resources" / "guides" / f"soutien-{index}.md").write_text(text)
    return project


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """One item for each os.fork, which still forks."""
    made: list[int] = []
    real_fork = os.fork

    def counted_fork():
        made.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    return made


def one_process_check(project: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    """What a check without cache says on a single process: the reference."""
    with monkeypatch.context() as patch:
        patch.setenv("ESSAIM_PARALLELE", "0")
        return run_in_process(project, capsys, "--sans-cache")


def test_a_cold_check_on_two_processes_says_the_same(cold_on_two_cores, capsys, monkeypatch, forks):
    project = cold_on_two_cores
    expected = one_process_check(project, capsys, monkeypatch)
    assert run_in_process(project, capsys) == expected
    assert forks == [1]
    assert "sigle « DLA »" in expected[1]
    assert list((project / CACHE).glob("*.pickle"))
    assert run_in_process(project, capsys) == expected  # warm: nothing left to check
    assert forks == [1]


def test_without_a_second_process_the_check_runs_alone(cold_on_two_cores, capsys, monkeypatch):
    project = cold_on_two_cores
    expected = one_process_check(project, capsys, monkeypatch)

    def no_fork():
        raise OSError("pas de processus")

    monkeypatch.setattr(os, "fork", no_fork)
    assert run_in_process(project, capsys) == expected


def test_a_cold_reading_without_cache_on_two_processes_is_the_same(
    cold_on_two_cores, monkeypatch, forks
):
    """load_catalog without the check's cache (a build, the benchmark) forks too, hands the
    second process's checks over in memory, and keeps them for the next reading (a
    preview's rebuild reads again only what changed)."""
    from essaim.catalog import load

    project = cold_on_two_cores
    load.forget_cached_checks()
    monkeypatch.setenv("ESSAIM_PARALLELE", "0")
    alone = load.load_catalog(project)
    load.forget_cached_checks()
    monkeypatch.delenv("ESSAIM_PARALLELE")
    shared = load.load_catalog(project)
    assert forks == [1]
    assert shared.problems == alone.problems
    assert shared.resources == alone.resources
    assert [r.slug for r in shared.resources] and any(p.field for p in shared.problems)

    def checked_again(*args):
        raise AssertionError(f"lu de nouveau : {args[1]}")

    monkeypatch.setattr(load, "_file_checks", checked_again)
    again = load.load_catalog(project)
    assert forks == [1]
    assert again.problems == alone.problems and again.resources == alone.resources


def test_an_edit_rewrites_one_shard_and_a_rerun_none(project: Path, keys: Path):
    guide = with_cases(project)
    check(project, keys)

    def inodes() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (project / CACHE).iterdir()}

    before = inodes()
    check(project, keys)
    assert inodes() == before
    guide.write_text(ACRONYM_BODY.replace("Il finance", "Il paie"), encoding="utf-8")
    same_as_without_cache(project, keys)
    after = inodes()
    assert after.keys() == before.keys()
    assert len([name for name in after if after[name] != before[name]]) == 1


def test_another_library_version_makes_every_entry_stale(project: Path, keys: Path, tmp_path):
    with_cases(project)
    check(project, keys)

    def inodes() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (project / CACHE).iterdir()}

    before = inodes()
    libraries = tmp_path / "bibliotheques"
    (libraries / "pyyaml-99.0.dist-info").mkdir(parents=True)
    path = os.pathsep.join(filter(None, [str(libraries), os.environ.get("PYTHONPATH")]))
    result = check(project, keys, env={"PYTHONPATH": path})
    assert result.stdout == check(project, keys, "--sans-cache").stdout
    after = inodes()
    assert all(after[name] != before[name] for name in before)  # every shard written again


def test_documents_read_back_from_the_cache_are_the_ones_read(project: Path, keys, monkeypatch):
    """The cache keeps a body as its length and cuts it from the file's text again: with
    Windows line ends and decomposed accents (normalised when read) too."""
    from essaim.catalog.load import forget_cached_checks

    with_cases(project)
    add_fixture(project, FIXTURES / "valid" / "fins-de-ligne-crlf.md")
    decomposed = ACRONYM_BODY.replace("é", "e\u0301").replace("\n", "\r\n")
    (project / "resources" / "guides" / "accents-decomposes.md").write_bytes(decomposed.encode())
    monkeypatch.setenv("XDG_CACHE_HOME", str(keys))
    monkeypatch.delenv("ESSAIM_SANS_CACHE", raising=False)

    def seen(catalog) -> list[tuple]:
        return [(r.path, r.title, r.body, r.body_line, r.field_lines) for r in catalog.resources]

    forget_cached_checks()
    first = CheckCache.open(project)
    cold = load_catalog(project, cache=first)
    first.save()
    forget_cached_checks()
    again = CheckCache.open(project)
    warm = load_catalog(project, cache=again)
    assert all(again.knows(r.path) for r in warm.resources)
    assert seen(warm) == seen(cold)
    assert "accents-decomposes" in str(seen(warm)) and "\r" not in str(seen(warm))
    assert warm.problems == cold.problems
