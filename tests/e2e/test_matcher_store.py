"""The matcher's index built from the real graph (pages of organizations) finds what ingest wrote."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from resolve import matcher as matcher_module
from resolve.matcher import Matcher
from tests.ingest_helpers import FIXTURES, ingest


def test_index_from_the_graph_finds_opensanctions_companies(store: GraphStore, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    monkeypatch.setattr(matcher_module, "PAGE", 5)  # several pages even on a small graph
    matcher = Matcher.from_store(store)
    assert len({o.ref.id for o in matcher.orgs}) == len(matcher.orgs) >= 11
    found = matcher.match("Concern Kalashnikov JSC", "RU")
    assert found[0].entity.name == "JSC NPO IZHMASH"
    assert matcher.status(found) == "match"
