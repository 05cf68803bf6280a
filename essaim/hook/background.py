"""`make serve`: work that follows a rebuild in a background thread, one job at a time.

The edited page is served as soon as MkDocs has written it; what depends on the whole
catalogue and changes little for one edit (the search index, the open data, the feeds)
is made again just after, in a thread. A job is a list of steps: a newer rebuild makes the
older job stop before its next step (the newer one will redo it all with fresher data).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from essaim.messages import say

_LOCK = threading.Lock()
_log = logging.getLogger("essaim.apercu")  # the preview's own logger (hooks/essaim_hook.py)
_generation = 0
_thread: threading.Thread | None = None


def outdate() -> None:
    """A rebuild starts: the job of the previous one stops at its next step."""
    global _generation
    _generation += 1


def run(steps: list[Callable[[], None]]) -> None:
    """Run steps one after the other in a thread, after any job still running."""
    global _thread
    generation = _generation

    def job() -> None:
        with _LOCK:
            for step in steps:
                if generation != _generation:
                    return
                try:
                    step()
                except Exception as exc:  # a preview keeps running; the next rebuild retries
                    _log.warning(say("build.background_failed", error=exc))
                    return

    _thread = threading.Thread(target=job, name="essaim-arriere-plan", daemon=True)
    _thread.start()


def wait() -> None:
    """Until the last job has finished (tests, benchmarks)."""
    thread = _thread
    if thread is not None:
        thread.join()
