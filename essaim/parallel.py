"""Whether Essaim may fork a second process to share a large piece of work.

Two places do: a cold check of a large catalogue (essaim/catalog/load.py: the checks of
each file) and a large build (essaim/hook/split_build.py: the resource pages). Both ask
here, so that one setting and one set of conditions govern them:

- `ESSAIM_PARALLELE=0` never forks, `ESSAIM_PARALLELE=1` always does (tests);
- Linux only: macOS forbids forking a process that may have used its system frameworks,
  and Windows cannot fork;
- never from a process that runs threads (`mkdocs serve`): a fork copies locks another
  thread may hold;
- a second core must exist and, where asked, be free right now: no other task waiting
  for a core, by the count of runnable tasks the kernel gives in /proc/loadavg (this
  process counts one). The load averages would not do: they lag by a minute, and count
  the very process that asks while it works (a build, a benchmark).
"""

from __future__ import annotations

import os
import sys
import threading

from essaim.settings import PARALLEL_ENV


def may_fork(*, need_free_core: bool = True) -> bool:
    setting = os.environ.get(PARALLEL_ENV, "")
    if setting == "0" or not sys.platform.startswith("linux"):
        return False
    if setting == "1":
        return True
    cores = len(os.sched_getaffinity(0))
    if threading.active_count() != 1 or cores < 2:
        return False
    if not need_free_core:
        return True
    others = others_running()
    return others is not None and cores - others >= 2


def others_running() -> int | None:
    """Tasks running or waiting for a core, this one aside (None when unknown)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as source:
            running = source.read().split()[3].split("/")[0]
        return max(int(running) - 1, 0)
    except (OSError, IndexError, ValueError):  # pragma: no cover - not Linux's format
        return None
