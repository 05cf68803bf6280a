"""`make serve`: hear of an edit as soon as the file is saved.

MkDocs' server polls the folders it watches every half second (watchdog's PollingObserver):
an edit waits a quarter of a second on average before the rebuild starts, and each poll
reads the metadata of every watched file (20 ms at 5,000 resources, twice a second, for as
long as the preview runs). On Linux, inotify reports a change at once and costs nothing
while nothing changes. The server's watches move to an inotify observer when it can be
set up; otherwise (another system, a limit of watches reached) MkDocs' polling stays.

Two differences with polling are handled here: inotify also reports files being opened
and read, which would start a rebuild after every rebuild (only changes are asked for);
and a folder moved out of a watched one is one event about a folder, which MkDocs
ignores, while polling reported each file it held (it is passed on as a change).
"""

from __future__ import annotations

import contextlib
import logging

from watchdog import events
from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.essaim")

# What is asked of inotify: changes only, never a file being opened or read.
CHANGES = [
    events.FileCreatedEvent,
    events.FileDeletedEvent,
    events.FileModifiedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]


class _FolderGone(events.FileSystemEventHandler):
    """Passes every event on to MkDocs' handler; a folder deleted or moved as a change
    that is not a folder's, since MkDocs rebuilds only for those."""

    def __init__(self, inner: events.FileSystemEventHandler):
        self.inner = inner

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if event.is_directory and event.event_type in (
            events.EVENT_TYPE_DELETED,
            events.EVENT_TYPE_MOVED,
        ):
            event = events.FileModifiedEvent(event.src_path)
        self.inner.dispatch(event)


def _inotify_observer() -> BaseObserver | None:
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return None

    class ChangesObserver(InotifyObserver):
        """Started before MkDocs starts it (so that a failure can still fall back to
        polling): MkDocs' own start() is then a no-op."""

        def schedule(self, event_handler, path, *, recursive=False, **options):
            options["event_filter"] = CHANGES
            return super().schedule(
                _FolderGone(event_handler), path, recursive=recursive, **options
            )

        def start(self) -> None:
            if not self.is_alive():
                super().start()

    return ChangesObserver()


def notify_at_once(server) -> bool:
    """Move the watches of MkDocs' server to an inotify observer, started now. True if
    done; False (polling kept, as it was) if inotify is not there or refuses a watch."""
    polling = server.observer
    paths = sorted({emitter.watch.raw_path for emitter in polling.emitters})
    fast = _inotify_observer()
    if fast is None or not paths:
        return False
    try:
        fast.start()
    except OSError:
        return False
    for path in paths:
        server.unwatch(path)
    server.observer = fast
    refused = False
    for path in paths:
        try:
            server.watch(path)
        except OSError:
            refused = True
    if not refused and {e.watch.raw_path for e in fast.emitters} == set(paths):
        return True
    for path in paths:  # back to MkDocs' polling, every watch as it was
        with contextlib.suppress(Exception):
            server.unwatch(path)
    fast.stop()
    server.observer = polling
    for path in paths:
        server.watch(path)
    log.debug("inotify indisponible : surveillance des fichiers par sondage")
    return False
