"""A long list's organizations matched in worker processes, on every core, ahead of the screening that reads them.

Matching a name is Python that holds the interpreter's lock (about 3 to 8 ms of CPU a row never seen before, on
the bundled lists), so threads do not share it out; processes do. The workers are forked from the process that
built the index: each starts with the index as it is in memory, shared page by page with its parent (it was frozen
out of the collector's sight, Matcher.from_store, so the workers' collections do not copy it), nothing to send or
to build. Each answers the rows of a chunk, in order, and sends back the answers `Matcher.match` gives; the parent
keeps them in its index (Matcher.keep_answers), so that the Screener, reading the rows after their chunk is back,
finds each row's answer as if it had matched it itself: the same answers, while the risks of the rows already
answered are asked of the graph beside the matching.

Only where fork is the way processes start (Linux), for lists of MIN_ROWS rows or more (below, starting the
workers costs more than they save) and with more than one core; otherwise rows are matched in the process as
before. The workers never touch the graph: they match only. Persons (a list naming people) are matched in the
parent, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from resolve.matcher import AnswerKey, Candidate, Matcher, answer_key
from screening.collaborators import Collaborator
from screening.screen import organization_question

log = logging.getLogger(__name__)

MIN_ROWS = 200
CHUNK = 20  # rows a worker answers at a time: small enough for the progress bar and the risks to move along
MAX_WORKERS = 8

Answers = list[tuple[AnswerKey, tuple[Candidate, ...]]]  # a chunk's, as Matcher.keep_answers takes them
Submit = Callable[..., "Future[Answers]"]  # an executor's submit, called as submit(_answer, questions)

_matcher: Matcher | None = None  # in a worker: the index it was forked with, or loaded (screening/workers.py)


def workers_for(rows: int, wanted: int | None = None) -> int:
    """How many worker processes to match `rows` rows in: `wanted` if given (0 or 1: none), else one per core the
    process may use, up to MAX_WORKERS; none for a short list or where processes are not forked."""
    if rows < MIN_ROWS or not sys.platform.startswith("linux"):
        return 0
    if wanted is not None:
        return wanted if wanted > 1 else 0
    cores = len(os.sched_getaffinity(0))
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def answered_ahead(matcher: Matcher, rows: Sequence[Collaborator], workers: int) -> Iterator[Collaborator]:
    """The rows, each given back once its organization's answer is kept in `matcher`; with no workers, at once."""
    if workers < 2:
        yield from rows
        return
    global _matcher  # read by the forked workers; the parent's own matching never reads it
    _matcher = matcher
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=ignore_interrupts)
    try:
        yield from answered_by(pool.submit, matcher, rows)
    finally:
        # Stopped early (Ctrl-C, a reader gone): chunks not started are dropped, and the workers end with this one.
        pool.shutdown(wait=False, cancel_futures=True)
        _matcher = None


def answered_by(
    submit: Submit, matcher: Matcher, rows: Sequence[Collaborator], on_broken: Callable[[], None] | None = None
) -> Iterator[Collaborator]:
    """The rows, each given back once workers reached by `submit` (an executor's) answered its organization and
    the answer is kept in `matcher`: in chunks of CHUNK rows, in order, each question once. A worker that dies
    (BrokenProcessPool) leaves the rest of the rows to this process, and `on_broken` is told."""
    chunks = [rows[at : at + CHUNK] for at in range(0, len(rows), CHUNK)]
    # Each question once: a row that repeats an earlier one (a list naming an institution for each collaborator
    # there) is answered by the parent's kept answer, its first occurrence's chunk being back before its own.
    asked: set[AnswerKey] = set()
    questions: list[list[dict[str, Any]]] = []
    for chunk in chunks:
        questions.append([])
        for question in map(organization_question, chunk):
            if question is None:
                continue
            key = answer_key(**question)
            if key not in asked:
                asked.add(key)
                questions[-1].append(question)
    answers: list[Future[Answers]] = []
    try:
        answers = [submit(_answer, asked_here) for asked_here in questions]
        for at, (chunk, answered) in enumerate(zip(chunks, answers, strict=True)):
            try:
                matcher.keep_answers(answered.result())
            except BrokenProcessPool as exc:  # a worker killed (out of memory, say): the rest is matched here
                log.warning("screening workers stopped (%s); matching the remaining rows in this process", exc)
                if on_broken is not None:
                    on_broken()
                yield from rows[at * CHUNK :]
                return
            yield from chunk
    except BrokenProcessPool as exc:  # broken before this list's chunks could even be sent
        log.warning("screening workers stopped (%s); matching the rows in this process", exc)
        if on_broken is not None:
            on_broken()
        yield from rows
    finally:
        for answered in answers:  # stopped early (a reader gone): chunks not started are not worked on in vain
            answered.cancel()


def serve(matcher: Matcher) -> None:
    """In a worker that loaded its own copy of the index (screening/workers.py): the index it answers from."""
    global _matcher
    _matcher = matcher


def ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent stops and ends its workers (shutdown); a worker's own
    # KeyboardInterrupt would only print its traceback over the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _answer(questions: list[dict[str, Any]]) -> Answers:
    """In a worker: the answers to a chunk's questions, under the keys Matcher.match keeps them by."""
    assert _matcher is not None, "a worker is forked from a process that set the index, or loaded one (workers.py)"
    return [(answer_key(**q), tuple(_matcher.match(**q))) for q in questions]
