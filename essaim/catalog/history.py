"""When each resource file last changed, from the Git history: one `git log` for the whole
catalogue.

mkdocs-git-revision-date-localized-plugin asks Git once per page (one process for each of
5,000 pages: minutes) and only knows the Markdown pages MkDocs reads, not the resource files
behind the generated pages. One `git log --name-only` lists every commit with the files it
touched, newest first: the first time a path appears is its last change.

No date at all (and the pages fall back to the dates written in the files) when the
project is not a Git work tree (tests' temporary projects, an unpacked archive), when Git
is missing or fails, or when the clone is shallow: a `--depth 1` clone (the usual CI
checkout) would date every file on the day of its only commit, which is not when it changed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from essaim.settings import ProjectPaths

_MARK = "\x00essaim "


def last_changes(root: Path) -> dict[str, str]:
    """{path of a file under resources/, relative to root: ISO day (UTC) of its last commit}."""
    folder = ProjectPaths(root).resources
    git = ["git", "-c", "core.quotepath=off", "-C", str(root)]
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
    try:
        shallow = subprocess.run(
            [*git, "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return {}
        log = subprocess.run(
            [
                *git,
                "log",
                "--relative",
                "--no-renames",
                "--name-only",
                "--date=format-local:%Y-%m-%d",
                "--format=%x00essaim %cd",
                "--",
                str(folder.relative_to(root)) if folder.is_relative_to(root) else str(folder),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    if log.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    day = ""
    for line in log.stdout.splitlines():
        if line.startswith(_MARK):
            day = line[len(_MARK) :]
        elif line and day:
            dates.setdefault(line, day)
    return dates
