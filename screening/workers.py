"""A server's worker processes for long screening lists: each holds a copy of the organization index and matches
chunks of a list's rows on a core of its own, as `tietrace screen`'s forked workers do (screening/parallel.py).

The API answers requests in threads, and forking a threaded process is not safe: a lock another thread holds at
that moment (ICU's, the logging module's, the driver's) stays held in the child for ever. So these workers are
spawned, fresh interpreters that load the index from the file it was kept in (resolve/snapshots.py), take the
clusters the server's copy was linked into (Matcher.use_identity: the SAME_AS judgements as the server read them),
and warm it. An index never kept (a graph of under a thousand organizations, snapshots turned off) gets no pool:
it is small, or the user chose to write nothing.

One pool per index: MatcherCache starts it when the index is built, beside the index's warming, and ends it when
the index is replaced by another (read again unchanged, after the ttl, it keeps the pool) or the server stops; a
request uses it once every worker holds the index, never waiting for one to start. A worker that dies (out of
memory, say) breaks the pool: the request's remaining rows are matched in its own process, and later requests too,
until the index is rebuilt.

Each worker is an interpreter with the matching libraries and a whole warm index: about 200 MB resident on the
bundled lists' 6,900 organizations, ready about 3 s after it is started (BENCHMARKS.md); so the number is a setting
(TIETRACE_API_SCREEN_WORKERS; by default one per core, up to eight).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from queries.identity import Identity
from resolve.matcher import Matcher
from screening import parallel
from screening.collaborators import Collaborator

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 600.0  # seconds a worker may take to load and warm its index before the pool is given up


def workers_wanted(setting: int | None) -> int:
    """How many workers a server screens with: the setting (0 or 1: none), else one per core, up to MAX_WORKERS,
    none on a single core or where the standard library cannot start processes this way (not Linux: untested)."""
    if setting is not None:
        return setting if setting > 1 else 0
    return parallel.workers_for(parallel.MIN_ROWS)


class MatchingPool:
    """Spawned processes, each holding one copy of an index, that answer the questions of long lists' rows."""

    def __init__(self, index: bytes, identity: Identity, workers: int, snapshot: Path | None = None) -> None:
        self.workers = workers
        self.snapshot, self.identity = snapshot, identity  # what the workers hold: the same for a rebuilt twin
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_load, initargs=(index, identity)
        )
        self._ready = threading.Event()
        self._broken = False
        # Started now, while the server warms its own copy: one call per worker, for the executor starts a process
        # for each call no idle worker takes.
        self._started = [self._executor.submit(os.getpid) for _ in range(workers)]

    @classmethod
    def for_index(cls, matcher: Matcher, workers: int) -> MatchingPool | None:
        """A pool for the index as it was kept on disk, or None: no workers wanted, or an index never kept."""
        if workers < 2 or matcher.snapshot is None:
            return None
        try:
            index = matcher.snapshot.read_bytes()  # now: a later index may replace the file
        except OSError as problem:
            log.warning("screening workers not started: the index file cannot be read (%s)", problem)
            return None
        try:
            return cls(index, matcher.identity, workers, matcher.snapshot)
        except Exception as problem:  # no processes to be had (a limit reached): matched in the process, as before
            log.warning("screening workers not started (%s: %s)", type(problem).__name__, problem)
            return None

    def wait_ready(self) -> bool:
        """Wait until every worker holds its index (seconds: what loading and warming it costs); False, with a
        warning, when one could not, and the pool is not used."""
        try:
            for call in self._started:
                call.result(timeout=STARTUP_TIMEOUT)
        except Exception as problem:  # a worker killed while loading, or one too slow: matched in the process
            log.warning("screening workers could not start (%s: %s)", type(problem).__name__, problem)
            self.broke()
            return False
        log.info("screening workers ready: %d processes holding the index", self.workers)
        self._ready.set()
        return True

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and not self._broken

    def holds(self, matcher: Matcher) -> bool:
        """Whether the workers hold this index as it is: the same kept file (named by a digest of its content)
        linked the same way. A MatcherCache rebuilding an unchanged graph (its ttl) keeps such a pool."""
        return (
            not self._broken
            and self.snapshot is not None
            and (self.snapshot, self.identity)
            == (
                matcher.snapshot,
                matcher.identity,
            )
        )

    def broke(self) -> None:
        """A worker died: the pool is not used again (its index is rebuilt with the next build)."""
        self._broken = True
        self._executor.shutdown(wait=False)  # the chunks sent are failed by the executor: each request goes on alone

    def close(self) -> None:
        """No new lists; the chunks already sent are answered, then the workers end."""
        self._ready.clear()
        self._executor.shutdown(wait=False)

    def answered_ahead(self, matcher: Matcher, rows: Sequence[Collaborator]) -> Iterator[Collaborator]:
        """The rows, each given back once its organization's answer, computed by a worker, is kept in `matcher`
        (the index this pool holds a copy of): screening/parallel.py's, with this pool's workers."""
        try:
            yield from parallel.answered_by(self._executor.submit, matcher, rows, on_broken=self.broke)
        except RuntimeError as problem:  # shut down since the request chose it (the index replaced meanwhile)
            if "shutdown" not in str(problem):
                raise
            yield from rows


def _load(index: bytes, identity: Identity) -> None:
    """In a worker, once: the index loaded, linked as the server's copy, warmed, and out of the collector's way."""
    parallel.ignore_interrupts()
    gc.disable()  # unpickling makes a few hundred thousand objects the collector would walk over and over
    try:
        matcher = pickle.loads(index)  # noqa: S301 - the server's own index file, read by the server
    finally:
        gc.enable()
    if not isinstance(matcher, Matcher):
        raise TypeError(f"the index file holds a {type(matcher).__name__}, not a Matcher")
    matcher.use_identity(identity)
    matcher.remember_display_tables()
    matcher.warm()
    gc.freeze()
    parallel.serve(matcher)
