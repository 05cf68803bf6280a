"""Whether Essaim may fork a second process to share a large piece of work.

Two places do: a cold check of a large catalogue (essaim/catalog/load.py: the checks of
each file) and a large build (essaim/hook/split_build.py: the resource pages). Both ask
here, so that one setting and one set of conditions govern them:

- `ESSAIM_PARALLELE=0` never forks, `ESSAIM_PARALLELE=1` always does (tests);
- Linux only: macOS forbids forking a process that may have used its system frameworks,
  and Windows cannot fork;
- never from a process that runs threads (`mkdocs serve`): a fork copies locks another
  thread may hold;
- a second core must exist and, where asked, be free by the load of the last minute (on a
  busy machine a second process only adds its own costs).
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
    if threading.active_count() != 1 or len(os.sched_getaffinity(0)) < 2:
        return False
    if not need_free_core:
        return True
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - load unknown
        return False
    return len(os.sched_getaffinity(0)) - load >= 1
