"""When a second process may be forked (essaim/parallel.py): one rule for the cold reading
and the split build."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from essaim import parallel


@pytest.fixture
def two_free_cores(monkeypatch):
    monkeypatch.delenv("ESSAIM_PARALLELE", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(parallel, "others_running", lambda: 0)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    return monkeypatch


def test_two_free_cores_allow_a_fork(two_free_cores):
    assert parallel.may_fork()


def test_a_busy_machine_forks_only_where_a_free_core_is_not_needed(two_free_cores):
    two_free_cores.setattr(parallel, "others_running", lambda: 1)
    assert not parallel.may_fork()
    assert parallel.may_fork(need_free_core=False)


def test_four_cores_and_one_other_task_leave_a_free_core(two_free_cores):
    two_free_cores.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    two_free_cores.setattr(parallel, "others_running", lambda: 2)
    assert parallel.may_fork()
    two_free_cores.setattr(parallel, "others_running", lambda: 3)
    assert not parallel.may_fork()


def test_the_count_of_running_tasks_leaves_this_process_out():
    """This process is running while it reads /proc/loadavg: never counted as another."""
    others = parallel.others_running()
    assert others is not None and others >= 0
    spinning = threading.Event()

    def spin():
        while not spinning.is_set():
            pass

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        # The spinning thread is runnable: seen as one more task (or several, if other
        # work runs on this machine at the same time).
        assert max(parallel.others_running() for _ in range(50)) >= 1
    finally:
        spinning.set()
        worker.join()


def test_one_core_never_forks(two_free_cores):
    two_free_cores.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not parallel.may_fork(need_free_core=False)


def test_a_process_with_threads_never_forks_by_itself(two_free_cores):
    """`mkdocs serve` runs threads: a fork would copy locks another thread may hold."""
    two_free_cores.setattr(threading, "active_count", lambda: 3)
    assert not parallel.may_fork(need_free_core=False)


def test_the_setting_decides_first(two_free_cores):
    two_free_cores.setenv("ESSAIM_PARALLELE", "0")
    assert not parallel.may_fork(need_free_core=False)
    two_free_cores.setenv("ESSAIM_PARALLELE", "1")
    two_free_cores.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert parallel.may_fork()


def test_only_linux_forks(two_free_cores):
    two_free_cores.setattr(sys, "platform", "darwin")
    two_free_cores.setenv("ESSAIM_PARALLELE", "1")
    assert not parallel.may_fork()
