"""graph.store.deadline: work waited for no longer than its deadline, in threads that are kept and reused."""

from __future__ import annotations

import os
import threading
import time

import pytest

from graph.store import deadline
from graph.store.deadline import DeadlineExceeded, run_within


def _thread() -> int:
    return threading.get_ident()


def test_the_value_comes_back_and_the_thread_is_reused() -> None:
    first = run_within(5, _thread)
    time.sleep(0.05)  # the worker offers itself again once its work is done
    assert run_within(5, _thread) == first
    assert first != threading.get_ident()  # the work ran in a worker, not in the caller


def test_the_work_runs_under_the_name_given_then_gives_it_back() -> None:
    assert run_within(5, lambda: threading.current_thread().name, name="running entity") == "running entity"
    time.sleep(0.05)
    assert run_within(5, lambda: threading.current_thread().name) == "graph-call"


def test_an_exception_reaches_the_caller_and_the_worker_stays_usable() -> None:
    def fail() -> None:
        raise ValueError("engine said no")

    with pytest.raises(ValueError, match="engine said no"):
        run_within(5, fail)
    assert run_within(5, lambda: 42) == 42


def test_a_runaway_is_left_behind_and_its_thread_is_not_reused_while_it_runs() -> None:
    release = threading.Event()
    runaway: list[int] = []

    def stuck() -> None:
        runaway.append(threading.get_ident())
        release.wait(10)

    with pytest.raises(DeadlineExceeded, match=r"no answer within 0\.1 s"):
        run_within(0.1, stuck)
    # Every later call is answered at once, by threads other than the one still stuck.
    others = {run_within(5, _thread) for _ in range(5)}
    assert runaway[0] not in others
    release.set()


def test_idle_threads_are_bounded() -> None:
    gate = threading.Event()
    callers = [
        threading.Thread(target=run_within, args=(5, lambda: gate.wait(5))) for _ in range(deadline.IDLE_KEPT + 8)
    ]
    for caller in callers:
        caller.start()
    gate.set()
    for caller in callers:
        caller.join(5)
    time.sleep(0.1)
    assert len(deadline._idle) <= deadline.IDLE_KEPT


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_starts_its_own_threads() -> None:
    run_within(5, _thread)  # the parent keeps an idle worker
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        try:
            ok = run_within(2, lambda: 7) == 7
        except BaseException:
            ok = False
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(child, 0)
    assert answer == b"1"
