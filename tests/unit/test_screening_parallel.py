"""screening/parallel.py: a list's organizations matched in forked workers are answered as the process itself
answers them, row for row, on the screening dev set; short lists are not worth a worker."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from resolve.matcher import Matcher
from screening import parallel
from screening.collaborators import read_csv
from screening.screen import organization_question

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"


def _index() -> Matcher:
    """The dev set's expected organizations (real list and ROR names) as an index."""
    rows = read_csv(DEVSET.read_bytes()).rows
    names = dict.fromkeys(r.input.get("expected_name") or r.input["name"] for r in rows)
    return Matcher.from_rows({"id": f"dev-{i}", "name": name} for i, name in enumerate(names))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_rows_answered_in_workers_are_answered_as_in_the_process() -> None:
    once = read_csv(DEVSET.read_bytes()).rows
    rows = once + once[:300]  # rows that repeat earlier ones are asked of the workers once, answered as the first
    ahead, alone = _index(), _index()
    given = []
    for row in parallel.answered_ahead(ahead, rows, workers=2):
        question = organization_question(row)
        assert question is not None
        # The row comes back with its answer kept: asking for it computes nothing in this process.
        assert ahead._answers.get(_key(question)) is not None, row.input
        given.append((ahead.match(**question), alone.match(**question)))
    assert len(given) == len(rows) > 1_200
    assert all(from_workers == here for from_workers, here in given)
    assert sum(bool(from_workers) for from_workers, _ in given) > 600  # most rows have candidates: not vacuous


def _key(question: dict[str, object]) -> object:
    from resolve.matcher import answer_key

    return answer_key(**question)  # type: ignore[arg-type]


def test_how_many_workers() -> None:
    assert parallel.workers_for(parallel.MIN_ROWS - 1) == 0  # starting workers costs more than a short list
    assert parallel.workers_for(5_000, wanted=1) == 0
    assert parallel.workers_for(5_000, wanted=0) == 0
    if sys.platform.startswith("linux"):
        assert parallel.workers_for(5_000, wanted=3) == 3
        assert 0 <= parallel.workers_for(5_000) <= parallel.MAX_WORKERS


def test_without_workers_the_rows_pass_through() -> None:
    rows = read_csv(DEVSET.read_bytes()).rows[:30]
    matcher = _index()
    assert list(parallel.answered_ahead(matcher, rows, workers=0)) == rows
    assert not matcher._answers


_ANSWER = parallel._answer  # as shipped, before a test replaces it


def _dying(questions: list[dict[str, object]]) -> list[object]:
    """A worker killed while it answers (out of memory, say): the kernel ends it without a word."""
    if any(q["name"] == DYING_ROW for q in questions):
        os._exit(9)
    return _ANSWER(questions)  # type: ignore[arg-type]


DYING_ROW = "Air Force Harbin Flying College"  # a row in the middle of the dev set


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_worker_killed_leaves_the_rest_to_this_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rows = read_csv(DEVSET.read_bytes()).rows
    assert any(row.name == DYING_ROW for row in rows)
    monkeypatch.setattr(parallel, "_answer", _dying)
    ahead, alone = _index(), _index()
    with caplog.at_level(logging.WARNING, logger="screening.parallel"):
        given = list(parallel.answered_ahead(ahead, rows, workers=2))
    assert given == rows  # every row once, in order
    assert "matching the remaining rows in this process" in caplog.text
    for row in rows:
        question = organization_question(row)
        assert question is not None
        assert ahead.match(**question) == alone.match(**question)
