"""The hostile corpus: every case is refused with its French message, or builds clean.

Layout (shared by every helper that adds cases):

- ``tests/fixtures/hostile/<classe>/<cas>.md`` or ``.yml``: a one-file case, copied into
  ``resources/cas/`` of a throw-away project;
- ``tests/fixtures/hostile/<classe>/<cas>/``: a multi-file case, its content copied into
  ``resources/cas/``; a ``_producteurs/`` folder inside goes to ``producers/``, a
  ``_structures/`` folder to ``structures/``, an ``_animateurs/`` folder to ``animateurs/``, and
  ``_liens.yml`` lists symbolic links to create (``chemin/dans/cas: cible``), since git
  fixtures should not hold absolute symbolic links;
- ``tests/fixtures/hostile/<classe>.yml``: the expectation of each case, either
  ``{fichier, ligne, champ, message}`` (refused: that problem, in French, with file, line
  and field, exit code 1) or ``publie`` (loads without problem, and builds).

Every case is judged in under a second. All ``publie`` cases are then built together, once,
with ``mkdocs build --strict``, and every file written is scanned for active content.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from essaim.cli import main
from essaim.catalog.load import load_catalog

from tests.conftest import FIXTURES, ROOT, TODAY, make_project
from tests.downloads_scan import active_downloads
from tests.helpers import build_site, unsafe_html

HOSTILE = FIXTURES / "hostile"
PUBLISHED = "publie"
CASE_FOLDER = "cas"
# Names the harness gives a meaning to inside a multi-file case.
PRODUCERS_DIR = "_producteurs"
STRUCTURES_DIR = "_structures"
FACILITATORS_DIR = "_animateurs"
LINKS_FILE = "_liens.yml"
SECONDS = 1.0


def _cases() -> dict[str, tuple[str, Path]]:
    """case id (classe/cas) -> (classe, path of the case file or folder)."""
    found = {}
    for classe in sorted(p for p in HOSTILE.iterdir() if p.is_dir()):
        for case in sorted(classe.iterdir()):
            name = case.name if case.is_dir() else case.stem
            found[f"{classe.name}/{name}"] = (classe.name, case)
    return found


def _expectations() -> dict[str, object]:
    found = {}
    for path in sorted(HOSTILE.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, expected in data.items():
            found[f"{path.stem}/{name}"] = expected
    return found


CASES = _cases()
EXPECTED = _expectations()
REFUSED = sorted(k for k, v in EXPECTED.items() if v != PUBLISHED and k in CASES)
PUBLISHED_CASES = sorted(k for k, v in EXPECTED.items() if v == PUBLISHED and k in CASES)


def install_case(project: Path, case: Path, folder: str = CASE_FOLDER) -> Path:
    """Copy one case into resources/<folder>/ of project (producers, symbolic links)."""
    target = project / "resources" / folder
    target.mkdir(parents=True, exist_ok=True)
    if case.is_file():
        shutil.copy(case, target / case.name)
        return target
    for item in sorted(case.iterdir()):
        if item.name == LINKS_FILE:
            continue
        if item.name == PRODUCERS_DIR:
            producers = project / "producers"
            if producers.is_symlink():  # a light project shares the real registry
                producers.unlink()
                shutil.copytree(ROOT / "producers", producers)
            for producer in sorted(item.iterdir()):
                shutil.copy(producer, producers / producer.name)
        elif item.name in (STRUCTURES_DIR, FACILITATORS_DIR):
            registry = project / ("structures" if item.name == STRUCTURES_DIR else "animateurs")
            registry.mkdir(exist_ok=True)
            for entry in sorted(item.iterdir()):
                shutil.copy(entry, registry / entry.name)
        elif item.is_dir():
            shutil.copytree(item, target / item.name)
        else:
            shutil.copy(item, target / item.name)
    links = case / LINKS_FILE
    if links.exists():
        for where, points_to in (yaml.safe_load(links.read_text(encoding="utf-8")) or {}).items():
            link = target / where
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(points_to)
    return target


def light_project(tmp: Path) -> Path:
    """Just what `essaim check` reads: reference data shared, resources/ empty."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("schemas", "vocabularies", "producers", "data"):
        (tmp / name).symlink_to(ROOT / name)
    (tmp / "resources").mkdir()
    return tmp


def run_check(project: Path) -> tuple[int, str, str, float]:
    """`essaim check` in this process: exit code, standard output and error, and the
    processor time it took (the machine running the tests may be shared: wall-clock time
    would measure the neighbours)."""
    out, err = io.StringIO(), io.StringIO()
    started = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main.main(["--racine", str(project), "check"])
    return code, out.getvalue(), err.getvalue(), time.process_time() - started


@pytest.fixture(scope="module", autouse=True)
def reference_data_loaded(tmp_path_factory):
    """Schemas and territories are read once per process (essaim/catalog.py): read them
    before any case is timed."""
    load_catalog(light_project(tmp_path_factory.mktemp("chauffe") / "projet"), today=TODAY)


def test_every_case_has_an_expectation_and_every_expectation_a_case():
    assert len(CASES) > 0
    assert sorted(set(CASES) - set(EXPECTED)) == [], "cas sans attente"
    assert sorted(set(EXPECTED) - set(CASES)) == [], "attente sans cas"


def test_every_expectation_is_well_formed():
    for key, expected in EXPECTED.items():
        if expected == PUBLISHED:
            continue
        assert isinstance(expected, dict), key
        assert set(expected) == {"fichier", "ligne", "champ", "message"}, key
        assert expected["fichier"].startswith(
            ("resources/", "producers/", "structures/", "animateurs/")
        ), key
        assert isinstance(expected["ligne"], int) and expected["ligne"] >= 1, key
        assert isinstance(expected["champ"], str), key
        assert expected["message"].strip(), key


def test_case_names_are_unique_across_classes():
    """The published cases are built together: one identifier, one case."""
    names = [key.split("/", 1)[1] for key in CASES]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


@pytest.mark.parametrize("key", REFUSED)
def test_refused_case_gives_its_french_message(tmp_path: Path, key: str):
    _, case = CASES[key]
    expected = EXPECTED[key]
    project = light_project(tmp_path / "projet")
    install_case(project, case)
    os.environ["ESSAIM_DATE"] = TODAY.isoformat()
    try:
        code, out, err, seconds = run_check(project)
    finally:
        os.environ.pop("ESSAIM_DATE", None)
    assert code == 1, f"{key} : accepté alors qu'il devait être refusé\n{out}{err}"
    line = f"{expected['fichier']}:{expected['ligne']}: "
    if expected["champ"]:
        line += f"{expected['champ']} : "
    matching = [row for row in out.splitlines() if row.startswith(line)]
    assert any(expected["message"] in row for row in matching), (
        f"attendu « {line}… {expected['message']} », obtenu :\n{out}"
    )
    assert "Traceback" not in out + err
    assert seconds < SECONDS, f"{key} jugé en {seconds:.2f} s"


# A field that holds only a web address: one problem there gets one message (the schema's,
# which names what the field accepts), not a second one from the text rules.
ADDRESS_FIELD = re.compile(r"(?:^|\.)(?:url|site)$")
ADDRESS_CASES = [k for k in REFUSED if ADDRESS_FIELD.search(EXPECTED[k]["champ"])]


@pytest.mark.parametrize("key", ADDRESS_CASES)
def test_a_refused_address_gets_one_message(tmp_path: Path, key: str):
    expected = EXPECTED[key]
    project = light_project(tmp_path / "projet")
    install_case(project, CASES[key][1])
    code, out, _, _ = run_check(project)
    where = f"{expected['fichier']}:{expected['ligne']}: {expected['champ']} : "
    assert code == 1
    assert len([row for row in out.splitlines() if row.startswith(where)]) == 1, out


@pytest.mark.parametrize("key", PUBLISHED_CASES)
def test_published_case_loads_without_problem(tmp_path: Path, key: str):
    _, case = CASES[key]
    project = light_project(tmp_path / "projet")
    install_case(project, case)
    started = time.process_time()
    catalog = load_catalog(project, today=TODAY)
    seconds = time.process_time() - started
    assert [p.format_text() for p in catalog.errors] == []
    assert catalog.resources, f"{key} : aucune ressource publiée"
    assert seconds < SECONDS, f"{key} jugé en {seconds:.2f} s"


# ------------------------------------------------------------------ the one build of them all


def active_content(site: Path) -> list[str]:
    """Every script, event attribute, script URL or active element in what was written
    (read with a real HTML parser: a pattern would take escaped text in an attribute, such
    as a description quoting « onerror= », for an attribute)."""
    return unsafe_html(site)


@pytest.mark.skipif(not PUBLISHED_CASES, reason="aucun cas publié")
def test_published_cases_build_together_with_nothing_active(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    for key in PUBLISHED_CASES:
        classe, case = CASES[key]
        install_case(project, case, folder=f"cas-{classe}-{key.split('/', 1)[1]}")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert active_content(tmp_path / "site") == []
    assert active_downloads(tmp_path / "site") == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<svg/onload="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<a href=' data:text/html,x'>x</a>",
        '<iframe src="https://exemple.fr"></iframe>',
        "<object data=x></object>",
        "<embed src=x>",
        '<base href="https://exemple.fr/">',
        '<meta http-equiv="refresh" content="0;url=https://exemple.fr">',
        '<form action="https://exemple.fr">',
        "<script src=https://exemple.fr/x.js>",
    ],
)
def test_the_scan_sees_active_content(tmp_path: Path, html: str):
    (tmp_path / "page.html").write_text(f"<p>{html}</p>", encoding="utf-8")
    assert active_content(tmp_path) != []
