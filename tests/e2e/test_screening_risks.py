"""Screening a list asks the graph for the risks of matched organizations in batches, in a thread while later rows are
matched (screening.screen.Screener.screen_all): the answers are those of screening row by row, in the rows' order,
each entity's risk asked once, and a risk the graph cannot give is that row's error alone.

The graph holds the OpenSanctions Zala cluster (real records: ZALA AERO, Concern Kalashnikov, IZHMASH, their owners
and listings); the rows name them as a collaborator list would, with unlisted names between them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import GraphError
from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore
from queries.profiles import load
from resolve.matcher import Matcher
from screening import screen as screening
from screening.collaborators import Collaborator, read_csv
from screening.models import ScreenResult
from screening.screen import Screener
from tests.api_harness import running_api
from tests.ingest_helpers import FIXTURES, ingest

pytestmark = pytest.mark.e2e

ROWS = [
    ("ZALA AERO JSC", "RU"),
    ("Concern Kalashnikov", "RU"),
    ("University of Toronto", "CA"),
    ("JSC NPO IZHMASH", "RU"),
    ("ZALA AERO JSC", ""),
    ("Aeroscan", "RU"),
    ("Massachusetts General Hospital", "US"),
    ("Concern Kalashnikov", ""),
]


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    folder = tmp_path_factory.mktemp("screen-risks")
    path = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
    summary = ingest(store, "opensanctions", folder / "opensanctions", file=path)
    assert summary.failed is None, summary.failed
    return store


def _rows(repeat: int = 1) -> bytes:
    lines = ["Organization,Country", *(f"{name},{country}" for name, country in ROWS * repeat)]
    return "\n".join(lines).encode("utf-8")


def _screener(store: GraphStore) -> Screener:
    return Screener(store, Matcher.from_store(store), load("us-research-security"), "2026-12-01")


def _comparable(results: list[ScreenResult]) -> list[dict[str, object]]:
    return [r.model_dump() for r in results]


def test_the_answers_are_those_of_row_by_row_in_order(loaded: GraphStore) -> None:
    batch = read_csv(_rows(3))
    one_by_one = [_screener(loaded).screen(row) for row in batch.rows]
    together = list(_screener(loaded).screen_all(batch.rows))
    assert [r.row for r in together] == [row.row for row in batch.rows]
    assert _comparable(together) == _comparable(one_by_one)
    matched = [r for r in together if r.status == "match"]
    assert len(matched) >= 6 and all(r.risk is not None and r.risk.listings for r in matched)
    assert {r.status for r in together} >= {"match", "no_match"}


def test_each_entity_risk_is_asked_once_and_in_batches(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[list[str], str]] = []
    real = screening.risk_summaries

    def counted(store: GraphStore, entity_ids: list[str], *args: object) -> object:
        asked.append((list(entity_ids), threading.current_thread().name))
        return real(store, entity_ids, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(screening, "risk_summaries", counted)
    monkeypatch.setattr(screening, "RISK_BATCH", 2)
    results = list(_screener(loaded).screen_all(read_csv(_rows(4)).rows))
    entities = {r.matches[0].id for r in results if r.status == "match"}
    assert sorted(e for ids, _ in asked for e in ids) == sorted(entities)  # once each, however many rows name it
    assert len(asked) < len(entities) and all(len(ids) <= 2 for ids, _ in asked)  # two at a time
    assert all(thread.startswith("screen-risk") for _, thread in asked)


def test_a_risk_the_graph_cannot_give_is_that_rows_error_alone(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = read_csv(_rows())
    expected = list(_screener(loaded).screen_all(batch.rows))
    failing = next(r.matches[0].id for r in expected if r.status == "match" and "Kalashnikov" in r.input["name"])
    real = screening.risk_summaries

    def unavailable(store: GraphStore, entity_ids: list[str], *args: object) -> object:
        if failing in entity_ids:  # the batch fails, then the entity asked alone
            raise GraphError("the graph engine stopped answering")
        return real(store, entity_ids, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(screening, "risk_summaries", unavailable)
    results = list(_screener(loaded).screen_all(batch.rows))
    for got, want in zip(results, expected, strict=True):
        if got.status == "match" and got.matches[0].id == failing:
            assert got.risk is None
            assert got.error == "the risk could not be computed: the graph engine stopped answering"
        else:
            assert got.model_dump() == want.model_dump()


def test_rows_leave_while_later_rows_are_still_screened(loaded: GraphStore) -> None:
    """A long list streams: the first result comes before the last row is read."""
    batch = read_csv(_rows(40))
    read: list[int] = []

    def rows() -> Iterator[Collaborator]:
        for row in batch.rows:
            read.append(row.row)
            yield row

    results = _screener(loaded).screen_all(rows())
    first = next(results)
    assert first.row == batch.rows[0].row
    assert len(read) < len(batch.rows)
    assert len([first, *results]) == len(batch.rows)


def test_the_api_keeps_risks_until_the_graph_changes(
    graph_settings: Settings, loaded: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = screening.risk_summaries

    def counted(store: GraphStore, entity_ids: list[str], *args: object) -> object:
        asked.extend(entity_ids)
        return real(store, entity_ids, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(screening, "risk_summaries", counted)
    rows = [{"organization": name, "country": country} for name, country in ROWS]
    with running_api(graph_settings, tmp_path) as api:
        first = api.client.post("/v1/screen", json=rows, headers=api.auth()).json()
        matched = {r["matches"][0]["id"] for r in first["results"] if r["status"] == "match"}
        assert matched and sorted(asked) == sorted(matched)
        again = api.client.post("/v1/screen", json=rows, headers=api.auth()).json()
        assert len(asked) == len(matched)  # the same graph, profile and date: nothing asked again
        assert again["results"] == first["results"]
        other_date = api.client.post("/v1/screen?as_of=2025-01-01", json=rows, headers=api.auth())
        assert other_date.status_code == 200 and len(asked) == 2 * len(matched)  # another date, other risks
        provenance = Provenance(dataset="test", source_id="screen-risks", retrieved_at="2026-12-01T00:00:00+00:00")
        with loaded.writer() as writer:
            writer.add(Entity("screen-risks-new", Label.ORGANIZATION, provenance, {"name": "Quokka Risk Institute"}))
        api.client.post("/v1/screen", json=rows, headers=api.auth())
        assert len(asked) == 3 * len(matched)  # the graph changed: asked again
