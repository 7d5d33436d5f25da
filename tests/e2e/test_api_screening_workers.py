"""POST /v1/screen with screening workers (screening/workers.py): a long list's organizations are matched by
spawned processes holding copies of the index kept on disk, and the answer is the one the serving process gives
alone; the workers end with the index they hold."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore
from resolve import snapshots
from resolve.matcher import Matcher
from screening.collaborators import Collaborator
from screening.workers import MatchingPool
from tests.api_harness import running_api
from tests.ingest_helpers import FIXTURES, ingest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are started on Linux only")

SCREENING = FIXTURES / "screening"


@pytest.fixture
def graph(store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GraphStore:
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    monkeypatch.setattr(snapshots, "MIN_ORGANIZATIONS", 1)  # a test graph is smaller than a real one
    return store


def _long_list() -> bytes:
    """The rows of collaborators.csv (listed organizations by name and by registry number, a person, an unlisted
    name), twenty times, and the dev set's 978 real names with their countries."""
    header, *listed = (SCREENING / "collaborators.csv").read_text(encoding="utf-8").splitlines()
    devset = (SCREENING / "devset" / "devset.csv").read_text(encoding="utf-8").splitlines()
    named = [",".join(line.split(",")[:2]) + ",,,," for line in devset[1:]]
    return "\n".join([header, *listed * 20, *named, ""]).encode("utf-8")


def _screened(graph_settings: Settings, folder: Path, workers: int) -> list[dict[str, Any]]:
    with running_api(graph_settings, folder, screen_workers=workers, open=True) as api:
        cache = api.app.state.matchers
        matcher = cache.get(api.app.state.store)
        cache.warming.join()  # the index warm and, with workers, every worker holding its copy
        pool = cache.pool(matcher)
        assert (pool is not None) == (workers > 1)
        response = api.client.post("/v1/screen", content=_long_list(), headers={"content-type": "text/csv"})
        assert response.status_code == 200, response.text
        if pool is not None:
            assert matcher.snapshot is not None and matcher.snapshot.parent == graph_settings.index_folder
    if pool is not None:
        assert not pool.ready  # ended with the server
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def test_a_long_list_matched_by_workers_is_answered_as_by_the_server_alone(
    graph: GraphStore, graph_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passed: list[int] = []
    shipped = MatchingPool.answered_ahead

    def counted(self: MatchingPool, matcher: Matcher, rows: Sequence[Collaborator]) -> Iterator[Collaborator]:
        for row in shipped(self, matcher, rows):
            passed.append(row.row)
            yield row

    monkeypatch.setattr(MatchingPool, "answered_ahead", counted)
    by_workers = _screened(graph_settings, tmp_path / "workers", 2)
    assert len(passed) == len(by_workers) > 1_000  # every row went through the workers, once
    alone = _screened(graph_settings, tmp_path / "alone", 0)
    assert len(passed) == len(by_workers)  # no pool: the rows were matched in the serving process
    assert by_workers == alone
    statuses = [r["status"] for r in by_workers]
    assert statuses.count("match") >= 60 and statuses.count("review") >= 20 and statuses.count("no_match") > 500


def test_workers_end_when_the_index_is_replaced(
    graph: GraphStore, graph_settings: Settings, tmp_path: Path, provenance: Provenance, prefix: str
) -> None:
    with running_api(graph_settings, tmp_path, screen_workers=2, matcher_ttl=0.0) as api:
        cache = api.app.state.matchers
        first = cache.get(api.app.state.store)
        cache.warming.join()
        old = cache.pool(first)
        assert old is not None and old.ready
        # ttl 0: the index is read again; the graph unchanged, the workers hold it already and are kept.
        again = cache.get(api.app.state.store)
        assert again is not first and cache.pool(again) is old and old.ready
        with graph.writer() as writer:
            writer.add(Entity(f"{prefix}-org", Label.ORGANIZATION, provenance, {"name": f"Zymurgy Works {prefix}"}))
        changed = cache.get(api.app.state.store)
        assert changed.snapshot != old.snapshot, "the index read after the write is kept in the same file"
        # The old index's workers are never lent to the new one (the new workers may be ready already).
        assert cache.pool(changed) is not old
        assert not old.ready  # told to end once its sent chunks are answered
        cache.warming.join()
        lent = cache.pool(changed)
        assert lent is not None and lent is not old and lent.holds(changed)
