"""Wait for a piece of work no longer than a deadline, whatever the work is blocked on.

The driver has no read timeout: a query the engine cannot interrupt (ArcadeDB checks its command timeout inside
scan, expand and filter loops, not inside `reduce` over a long list) keeps the caller's socket read waiting for
minutes (issue 13: 70 s against a 30 s limit, 4.5 minutes with a larger range). The work runs in a daemon thread
the caller stops waiting for at the deadline; the store then bounds the engine (graph.store.bolt).

The threads are kept and reused: starting one per query cost a third of a millisecond, and screening a list asks
thousands of short queries (a risk summary per matched organization). A thread whose work overran its deadline
is not reused until that work ends.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
IDLE_KEPT = 32  # idle threads beyond this many end instead of waiting for work


class DeadlineExceeded(Exception):
    """The work did not finish in time; it may still be running in its thread."""


class _Outcome(Generic[T]):
    __slots__ = ("error", "value")

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


class _Worker(threading.Thread):
    """A daemon thread running one piece of work after another: a runaway one must never keep a CLI process from
    exiting. It offers itself to the next caller only once its work is done."""

    def __init__(self) -> None:
        super().__init__(name="graph-call", daemon=True)
        self.jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.start()

    def run(self) -> None:
        while True:
            self.jobs.get()()
            with _lock:
                if len(_idle) >= IDLE_KEPT:
                    return
                _idle.append(self)


_idle: list[_Worker] = []
_lock = threading.Lock()


def _forget_workers() -> None:
    """A forked child has none of its parent's threads: the idle list names threads it does not have."""
    global _lock
    _idle.clear()
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_workers)


def _worker() -> _Worker:
    with _lock:
        if _idle:
            return _idle.pop()
    return _Worker()


def run_within(seconds: float, work: Callable[[], T], name: str = "graph-call") -> T:
    """work() if it finishes within `seconds`, its exception if it raises; DeadlineExceeded otherwise. `name`
    names the thread while it does this work (for stack dumps and logs)."""
    outcome: _Outcome[T] = _Outcome()
    done = threading.Event()

    def target() -> None:
        thread = threading.current_thread()
        thread.name = name
        try:
            outcome.value = work()
        except BaseException as exc:  # handed to the caller, who re-raises it
            outcome.error = exc
        finally:
            thread.name = "graph-call"
            done.set()

    _worker().jobs.put(target)
    if not done.wait(seconds):
        raise DeadlineExceeded(f"no answer within {seconds:.1f} s")
    if outcome.error is not None:
        raise outcome.error
    return outcome.value  # type: ignore[return-value]  # set when work() returned without raising
