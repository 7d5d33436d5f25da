"""Wait for a piece of work no longer than a deadline, whatever the work is blocked on.

The driver has no read timeout: a query the engine cannot interrupt (ArcadeDB checks its command timeout inside
scan, expand and filter loops, not inside `reduce` over a long list) keeps the caller's socket read waiting for
minutes (issue 13: 70 s against a 30 s limit, 4.5 minutes with a larger range). The work runs in a daemon thread
the caller stops waiting for at the deadline; the store then bounds the engine (graph.store.bolt).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The work did not finish in time; it may still be running in its thread."""


class _Outcome(Generic[T]):
    __slots__ = ("error", "value")

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


def run_within(seconds: float, work: Callable[[], T], name: str = "graph-call") -> T:
    """work() if it finishes within `seconds`, its exception if it raises; DeadlineExceeded otherwise."""
    outcome: _Outcome[T] = _Outcome()
    done = threading.Event()

    def target() -> None:
        try:
            outcome.value = work()
        except BaseException as exc:  # handed to the caller, who re-raises it
            outcome.error = exc
        finally:
            done.set()

    # A daemon thread: a runaway one must never keep a CLI process from exiting.
    threading.Thread(target=target, name=name, daemon=True).start()
    if not done.wait(seconds):
        raise DeadlineExceeded(f"no answer within {seconds:.1f} s")
    if outcome.error is not None:
        raise outcome.error
    return outcome.value  # type: ignore[return-value]  # set when work() returned without raising
