"""Office files of one resource, and the worker processes that build them during a build."""

from __future__ import annotations

import atexit
import concurrent.futures
import hashlib
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from typing import ClassVar

from essaim.model import Resource, formats_of
from essaim.publish.office.document import GENERATOR
from essaim.publish.office.markdown import template_of
from essaim.publish.office.writers import cached_build


@dataclass(frozen=True)
class Job:
    """The editable files of one resource, to be written under folder (a site path)."""

    folder: str
    resource: Resource
    author: str
    page_url: str


def job_key(job: Job) -> str:
    """Identifies a job by everything its files depend on (and the generator's version)."""
    return hashlib.sha256(f"{GENERATOR}|{job!r}".encode()).hexdigest()


def build_keyed(jobs: list[Job]) -> dict[str, dict[str, bytes]]:
    """{job key: {site path: bytes}}, so results can be kept per job."""
    return {job_key(job): build_jobs([job]) for job in jobs}


def build_jobs(jobs: list[Job]) -> dict[str, bytes]:
    """{site path: bytes} for a list of jobs (runs in a worker process, see OfficeBuilds)."""
    files: dict[str, bytes] = {}
    for job in jobs:
        for name, data in office_files(job.resource, job.author, job.page_url).items():
            files[f"{job.folder}/{name}"] = data
    return files


PARENT_CHECK_SECONDS = 1.0


class OfficeBuilds:
    """Office files built in worker processes while MkDocs renders the pages.

    Generating .odt/.docx/.ods/.xlsx costs tens of milliseconds per template, as much as
    rendering several pages: started before the pages and collected after them, on
    another core, it costs the build almost no time. Results are kept, per job, for the
    life of the process: `mkdocs serve` rebuilds only the templates an edit changed.
    """

    _pool = None
    _memo: ClassVar[dict[str, dict[str, bytes]]] = {}

    def __init__(self, jobs: list[Job]):
        self._keys = {job_key(job): job for job in jobs}
        missing = [job for key, job in self._keys.items() if key not in self._memo]
        self._missing = missing
        self._futures = []
        if not missing:
            return
        try:
            pool = self._get_pool()
            chunks = max(1, min(len(missing), 4 * self._workers()))
            self._futures = [pool.submit(build_keyed, missing[i::chunks]) for i in range(chunks)]
        except (OSError, RuntimeError):
            self._futures = []  # no worker process here: built in this process in result()

    def result(self) -> dict[str, bytes]:
        built: dict[str, dict[str, bytes]] = {}
        try:
            for future in self._futures:
                built.update(future.result())
        except (concurrent.futures.process.BrokenProcessPool, OSError, RuntimeError):
            # A worker could not start (for example a program that embeds MkDocs without
            # an `if __name__ == "__main__"` guard): same files, built here.
            type(self)._pool = None
            built = {}
        if self._missing and len(built) < len(self._missing):
            built = build_keyed(self._missing)
        self._memo.update(built)
        files: dict[str, bytes] = {}
        for key in self._keys:
            files.update(self._memo[key])
        return dict(sorted(files.items()))

    @staticmethod
    def _workers() -> int:
        return max(1, (os.cpu_count() or 2) - 1)

    @classmethod
    def _get_pool(cls):
        if cls._pool is None:
            # spawn, not fork: `mkdocs serve` runs threads, and forking a threaded
            # process can copy a held lock into the child.
            context = multiprocessing.get_context("spawn")
            cls._pool = concurrent.futures.ProcessPoolExecutor(
                cls._workers(),
                mp_context=context,
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            atexit.register(cls._pool.shutdown, wait=False, cancel_futures=True)
        return cls._pool


def _exit_with_parent(parent: int) -> None:
    """In a worker: leave when the build process is gone. A `make serve` stopped by a
    signal other than Ctrl-C runs no exit handler, and its workers would stay forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def office_files(resource: Resource, author: str, page_url: str) -> dict[str, bytes]:
    """{file name: bytes} for every generated format of one resource."""
    formats = formats_of(resource)
    if not formats:
        return {}
    template = template_of(resource, author, page_url)
    return {f"{resource.slug}.{ext}": cached_build(template, ext) for ext in formats}
