"""Committing batches of normalised items: in step with reading, or one batch behind it on a writer thread.

In step, `commit(done)` writes what was added and then saves the checkpoint. Behind, it hands the batch to a writer
thread and returns at once, so the engine writes batch n while this process reads and normalises batch n + 1: on
a 2-core machine the two then overlap instead of taking turns (a bulk OpenSanctions export spent about a third of
its time in normalisation with the engine idle). The checkpoint still names only records whose batch is written,
because the writer thread saves it after each flush. At most WAITING batches wait while another is written, so memory
stays a few batches whatever the file's size.

Behind is for sources whose normalisation never reads the graph they are loading (a reader could miss the batch
in flight); a source opts in with `SourceSpec.write_behind`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence

from graph.model import Entity, Relation
from graph.store import GraphWriter

Item = Entity | Relation
OnCommitted = Callable[[int], None]  # called with the number of records whose items are now in the graph


class Committer:
    """Adds items to the writer and commits them in step with the reader."""

    def __init__(self, writer: GraphWriter, on_committed: OnCommitted) -> None:
        self._writer = writer
        self._on_committed = on_committed

    def add_all(self, items: Sequence[Item]) -> None:
        self._writer.add_all(items)

    def commit(self, done: int) -> None:
        """Make the items added so far durable, then record that `done` records are in the graph."""
        self._writer.flush()
        self._on_committed(done)

    def finish(self) -> None:
        """Return once every commit asked for is written; raise what a write failed with."""

    def close(self) -> None:
        """Stop; commits not yet written are dropped (their records are not in the checkpoint, so a rerun reads
        them again)."""


# Commits that may wait for the writer thread; all that wait are written as one.
WAITING = 8


class WriteBehindCommitter(Committer):
    """Commits on a writer thread, one batch behind the reader; a failed write is raised in the reader's thread."""

    def __init__(self, writer: GraphWriter, on_committed: OnCommitted) -> None:
        super().__init__(writer, on_committed)
        self._batch: list[Item] = []
        self._queue: queue.Queue[tuple[list[Item], int] | None] = queue.Queue(maxsize=WAITING)
        self._error: BaseException | None = None
        self._closing = False
        self._thread = threading.Thread(target=self._work, name="ingest-writer", daemon=True)
        self._thread.start()

    def add_all(self, items: Sequence[Item]) -> None:
        self._batch.extend(items)

    def commit(self, done: int) -> None:
        self._raise_error()
        batch, self._batch = self._batch, []
        self._queue.put((batch, done))  # waits while the previous batch is still queued

    def finish(self) -> None:
        self._queue.join()
        self._raise_error()

    def close(self) -> None:
        # Drop what waits; the batch in flight ends (its commit is one transaction whichever way it ends).
        self._closing = True
        while True:
            try:
                self._queue.get_nowait()
                self._queue.task_done()
            except queue.Empty:
                break
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        while True:
            tasks = [self._queue.get()]
            # Batches that waited while the engine wrote go out together: fewer, larger statements when the engine
            # is the slower side (each statement costs the engine ~10-20 ms of CPU whatever its size).
            while tasks[-1] is not None and len(tasks) < WAITING:
                try:
                    tasks.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            batches = [task for task in tasks if task is not None]
            try:
                # After a failure only drain, so the reader never waits on a full queue; it raises the error.
                if batches and not self._closing and self._error is None:
                    for items, _ in batches:
                        self._writer.add_all(items)
                    self._writer.flush()
                    self._on_committed(batches[-1][1])
            except BaseException as exc:  # handed to the reader's thread, which raises it
                self._error = exc
            finally:
                for _ in tasks:
                    self._queue.task_done()
            if len(batches) < len(tasks):
                return
