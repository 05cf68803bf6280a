"""`make serve` hears of an edit through inotify (essaim/hook/watch.py), on MkDocs' own
live-reload server: a saved file starts one rebuild, a file read starts none, a folder
moved out of the watched ones starts one, as MkDocs' polling would."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from essaim.hook import watch

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_server_rebuilds_at_once_for_changes_and_only_for_changes(tmp_path: Path):
    resources = tmp_path / "resources"
    (resources / "modeles").mkdir(parents=True)
    fiche = resources / "modeles" / "fiche.md"
    fiche.write_text("titre: Une fiche\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Essai\n", encoding="utf-8")
    builds: list[float] = []
    server = LiveReloadServer(
        builder=lambda: builds.append(time.monotonic()),
        host="127.0.0.1",
        port=0,
        root=str(tmp_path),
    )
    server.watch(str(resources))
    server.watch(str(config))  # MkDocs watches its configuration file, a file
    polling = server.observer
    assert watch.notify_at_once(server)
    assert server.observer is not polling
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        time.sleep(0.3)
        saved = time.monotonic()
        fiche.write_text("titre: Une fiche retouchée\n", encoding="utf-8")
        assert _wait_for(lambda: len(builds) == 1, 5)
        # At once: MkDocs waits 0.1 s for the edits to settle; polling took up to 0.5 s more.
        assert builds[0] - saved < 0.4
        time.sleep(0.5)
        fiche.read_text(encoding="utf-8")  # reading is no change
        config.read_text(encoding="utf-8")
        time.sleep(0.6)
        assert len(builds) == 1
        config.write_text("site_name: Essai retouché\n", encoding="utf-8")
        assert _wait_for(lambda: len(builds) == 2, 5)
        time.sleep(0.3)
        (resources / "modeles").rename(tmp_path / "ailleurs")  # the folder and its file go
        assert _wait_for(lambda: len(builds) == 3, 5)
    finally:
        server.shutdown(wait=True)
    thread.join(timeout=5)
    assert not thread.is_alive()
