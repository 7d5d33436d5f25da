"""Matcher.from_store with a folder: the index built from the real graph is kept there and loaded by the next
build while the graph's organizations are unchanged, SAME_AS links made since still apply, and a changed graph is
built again."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from resolve import snapshots
from resolve.judgements import Judgement, judge
from resolve.matcher import Matcher
from tests.graphs import load_graph
from tests.ingest_helpers import FIXTURES, ingest

QUERIES = [("Concern Kalashnikov JSC", "RU"), ("Zala Aero", "RU"), ("ЦСТ", None), ("Kalashnikov", None)]


@pytest.fixture
def graph(store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GraphStore:
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    monkeypatch.setattr(snapshots, "MIN_ORGANIZATIONS", 1)  # a test graph is smaller than a real one
    return store


def _answers(matcher: Matcher) -> list[list[tuple[str, float, list[str], tuple[str, ...]]]]:
    return [
        [(c.entity.id, c.score, c.reasons, c.records) for c in matcher.match(q, country, collapse=True, displayed=True)]
        for q, country in QUERIES
    ]


def _never_built(self: Matcher, row: dict[str, object]) -> None:
    raise AssertionError("the index was built, not loaded")


def test_the_next_build_loads_the_kept_index_and_answers_alike(
    graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "index"
    built = Matcher.from_store(graph, keep_in=folder)
    assert len(list(folder.glob("organizations-*.pickle"))) == 1
    expected = _answers(built)
    monkeypatch.setattr(Matcher, "add", _never_built)
    loaded = Matcher.from_store(graph, keep_in=folder)
    assert _answers(loaded) == expected
    assert any(expected)


def test_links_made_after_the_index_was_kept_apply(graph: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    first, second = "opensanctions-NK-abdzbEBkqyT29GyREbiURZ", "opensanctions-ru-inn-5920040846"
    Matcher.from_store(graph, keep_in=folder)
    kept = set(folder.glob("organizations-*.pickle"))
    assert judge(graph, first, second, Judgement.CONFIRMED, "analyst@example.org") == 1
    found = Matcher.from_store(graph, keep_in=folder).match("Zala Aero", "RU", collapse=True)
    assert set(folder.glob("organizations-*.pickle")) == kept  # the organizations did not change: loaded
    assert {first, second} <= set(found[0].records)


def test_a_changed_graph_is_built_again(graph: GraphStore, tmp_path: Path, prefix: str) -> None:
    folder = tmp_path / "index"
    before = Matcher.from_store(graph, keep_in=folder)
    load_graph(graph, "twins", prefix)  # organizations under ids no other test writes
    after = Matcher.from_store(graph, keep_in=folder)
    assert len(after.orgs) > len(before.orgs)
    assert len(list(folder.glob("organizations-*.pickle"))) == 2  # this graph's, and the one before


def test_without_a_folder_nothing_is_kept(graph: GraphStore, tmp_path: Path) -> None:
    Matcher.from_store(graph)
    assert not list(tmp_path.rglob("*.pickle"))


def test_a_graph_too_large_to_hold_is_built_page_by_page_and_not_kept(
    graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resolve import organization_pages

    whole = Matcher.from_store(graph)
    monkeypatch.setattr(organization_pages, "PAGE", 2)  # several pages...
    monkeypatch.setattr(snapshots, "MAX_ORGANIZATIONS", 3)  # ...more than may be held
    paged = Matcher.from_store(graph, keep_in=tmp_path / "index")
    assert [o.ref.id for o in paged.orgs] == [o.ref.id for o in whole.orgs]
    assert not (tmp_path / "index").exists()
