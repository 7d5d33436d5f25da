"""screening/workers.py: a server's spawned workers, each loading its own copy of the index, answer a list's rows as
the server's process answers them; a pool that cannot start is never used."""

from __future__ import annotations

import logging
import os
import pickle
import sys
from pathlib import Path

import pytest

from queries.identity import Identity
from resolve.matcher import Matcher, answer_key
from screening import workers
from screening.collaborators import read_csv
from screening.screen import organization_question

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are started on Linux only")


def _index() -> Matcher:
    """The dev set's expected organizations (real list and ROR names) as an index."""
    rows = read_csv(DEVSET.read_bytes()).rows
    names = dict.fromkeys(r.input.get("expected_name") or r.input["name"] for r in rows)
    return Matcher.from_rows({"id": f"dev-{i}", "name": name} for i, name in enumerate(names))


def test_rows_answered_by_spawned_workers_are_answered_as_in_the_process() -> None:
    once = read_csv(DEVSET.read_bytes()).rows
    rows = once + once[:300]
    ahead, alone = _index(), _index()
    pool = workers.MatchingPool(pickle.dumps(ahead), ahead.identity, workers=2)
    try:
        assert pool.wait_ready() and pool.ready
        given = []
        for row in pool.answered_ahead(ahead, rows):
            question = organization_question(row)
            assert question is not None
            # The row comes back with a worker's answer kept: asking for it computes nothing in this process.
            assert ahead._answers.get(answer_key(**question)) is not None, row.input
            given.append((question, ahead.match(**question), alone.match(**question)))
    finally:
        pool.close()
    assert len(given) == len(rows)
    differ = [(question, from_workers, here) for question, from_workers, here in given if from_workers != here]
    assert not differ, f"{len(differ)} rows answered otherwise by the workers; the first: {differ[0]}"
    assert sum(bool(from_workers) for _, from_workers, _ in given) > 600  # not vacuous


def test_workers_collapse_records_as_the_server_linked_them() -> None:
    """The SAME_AS clusters travel with the pool: a worker's copy answers with the server's organizations."""
    from queries.identity import Link

    index = Matcher.from_rows(
        [
            {"id": "a", "name": "Harbin Institute of Technology", "country": "CN"},
            {"id": "b", "name": "Harbin Institute of Technology", "country": "CN", "aliases": ["HIT"]},
            *({"id": f"x{i}", "name": f"Filler Research Institute {i}"} for i in range(30)),
        ]
    )
    kept = pickle.dumps(index)  # as kept on disk: before the links
    index.link([Link("a", "b", "confirmed", 1.0, frozenset(), frozenset())])
    rows = read_csv(b"organization,country\n" + b"Harbin Institute of Technology,CN\n" * 3).rows
    pool = workers.MatchingPool(kept, index.identity, workers=2)
    try:
        assert pool.wait_ready()
        answered = list(pool.answered_ahead(index, rows))
    finally:
        pool.close()
    assert answered == rows
    question = organization_question(rows[0])
    assert question is not None
    found = index.match(**question)
    assert found[0].records == ("a", "b") and found[0].score == 1.0  # one organization, not a tie of two
    assert index.status(found) == "match"


def test_a_pool_that_cannot_load_its_index_is_not_used(caplog: pytest.LogCaptureFixture) -> None:
    pool = workers.MatchingPool(pickle.dumps({"not": "an index"}), Identity(), workers=2)
    with caplog.at_level(logging.WARNING, logger="screening.workers"):
        assert not pool.wait_ready()
    assert not pool.ready
    assert "screening workers could not start" in caplog.text


def test_an_index_never_kept_gets_no_pool(tmp_path: Path) -> None:
    index = _index()
    assert index.snapshot is None
    assert workers.MatchingPool.for_index(index, 2) is None
    index.snapshot = tmp_path / "gone.pickle"  # the file replaced since: a warning, no pool
    assert workers.MatchingPool.for_index(index, 2) is None
    assert workers.MatchingPool.for_index(index, 1) is None


def test_how_many_workers_a_server_starts() -> None:
    assert workers.workers_wanted(0) == 0
    assert workers.workers_wanted(1) == 0
    assert workers.workers_wanted(3) == 3
    assert 0 <= workers.workers_wanted(None) <= 8


def test_server_processes_share_the_cores_among_their_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from tietrace.cli_api import SCREEN_WORKERS, share_screening_workers

    monkeypatch.delenv(SCREEN_WORKERS, raising=False)
    share_screening_workers(1, 8, None)
    assert SCREEN_WORKERS not in os.environ  # one server: one worker per core, the setting's default
    share_screening_workers(4, 8, 6)
    assert SCREEN_WORKERS not in os.environ  # the user's own number stands
    share_screening_workers(4, 8, None)
    assert os.environ[SCREEN_WORKERS] == "2"
