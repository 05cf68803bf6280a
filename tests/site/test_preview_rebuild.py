"""`make serve` keeps work from one rebuild to the next (pages, office files, open data,
feeds, the tripwire's record of what it read): after an edit, what the preview serves
must be what a full `mkdocs build` of the edited sources writes, byte for byte.

The preview's builds run as `mkdocs serve --dirty` runs them (MkDocs' own `build` with
`dirty=True`, one process for the whole session), then the background job that follows
each rebuild (search index, open data, feeds) is waited for; the full build runs in a new
process. Both use the same site address, as the preview's pages name it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from essaim.catalog.load import load_catalog
from tests.conftest import make_project

SITE_URL = "http://127.0.0.1:8000/"

# A preview session: a first build, then one rebuild after each edit (the file and the
# new text are given as pairs of arguments).
PREVIEW = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from essaim.hook import background

project, site, url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
edits = list(zip(sys.argv[4::2], sys.argv[5::2]))

def config():
    loaded = load_config(str(project / "mkdocs.yml"), site_dir=site)
    loaded.site_url = url
    return loaded

first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=url, dirty=True)
for path, text in edits:
    background.wait()
    Path(path).write_text(text, encoding="utf-8")
    build(config(), serve_url=url, dirty=True)
background.wait()
"""

FULL = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site, url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
config = load_config(str(project / "mkdocs.yml"), site_dir=site)
config.site_url = url
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""


def _run(script: str, *args: str, cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESSAIM_DATE": "2026-01-15"}
    env["ESSAIM_PREVIEW"] = "1"
    env["ESSAIM_PARALLELE"] = "0"
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _template(project: Path) -> Path:
    """A document template (it has generated office files) that other resources list."""
    for path in sorted((project / "resources").rglob("*.md")):
        if re.search(r"^type: modele-document$", path.read_text(encoding="utf-8"), re.M):
            return path
    raise AssertionError("no template among the resources")


def test_a_rebuilt_preview_serves_what_a_full_build_writes(tmp_path: Path):
    project = make_project(tmp_path / "projet", with_content=True)
    target = _template(project)
    text = target.read_text(encoding="utf-8")
    title = re.search(r"^titre: (.*)$", text, re.M)
    assert title is not None
    edited = text.replace(title.group(0), "titre: Modèle retouché pour l'aperçu", 1)
    edited = edited.replace("\n## ", "\nUne phrase ajoutée pendant l'aperçu.\n\n## ", 1)
    assert edited != text
    second = edited.replace("retouché pour l'aperçu", "retouché deux fois", 1)
    # Then the summary alone: the cards of the listings show it (kept by what they show).
    summary = re.search(r"^resume: .*(?:\n  .*)*", second, re.M)
    assert summary is not None
    third = second.replace(summary.group(0), "resume: Résumé retouché pendant l'aperçu.", 1)
    # A new resource: every count changes, also in the blocks of hand-written pages.
    added = target.with_name("modele-ajoute-pendant-l-apercu.md")
    new = text.replace(title.group(0), "titre: Tableau ajouté pendant l'aperçu", 1)

    preview, full = tmp_path / "apercu", tmp_path / "complet"
    _run(
        PREVIEW,
        str(project),
        str(preview),
        SITE_URL,
        str(target),
        edited,
        str(target),
        second,
        str(added),
        new,
        str(target),
        third,
        cwd=project,
    )
    _run(FULL, str(project), str(full), SITE_URL, cwd=project)

    served, built = _files(preview), _files(full)
    assert sorted(served) == sorted(built)
    different = [path for path in built if served[path] != built[path]]
    assert different == [], different[:20]
    page = served[f"ressources/{target.stem}/index.html"].decode("utf-8")
    assert "Modèle retouché deux fois" in page
    assert "Une phrase ajoutée pendant l'aperçu." in page
    listing = served["types/modele-document/index.html"].decode("utf-8")
    assert "Résumé retouché pendant l'aperçu." in listing
    count = len(load_catalog(project).resources)
    assert f"<strong>{count}</strong> ressources" in served["index.html"].decode("utf-8")
    assert "ajouté pendant l'aperçu" in served["donnees/ressources.csv"].decode("utf-8")
