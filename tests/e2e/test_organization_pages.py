"""The organizations read in pages, the first ahead in a thread (resolve/organization_pages.py), on the real graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import GraphError
from graph.settings import Settings
from graph.store import GraphStore, open_store
from resolve import organization_pages
from resolve.matcher import Matcher
from resolve.organization_pages import first_page_ahead
from tests.ingest_helpers import FIXTURES, ingest

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"


def test_the_first_page_read_ahead_gives_the_pages_read_in_turn(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(store, "opensanctions", tmp_path, file=ZALA)
    monkeypatch.setattr(organization_pages, "PAGE", 4)  # several pages: the rest follow the one read ahead
    in_turn = list(organization_pages.organization_pages(store))
    ahead = list(organization_pages.organization_pages(store, first_page_ahead(store)))
    assert len(in_turn) > 2
    assert ahead == in_turn
    assert [row["id"] for page in ahead for row in page] == sorted(row["id"] for page in in_turn for row in page)


def test_an_index_built_from_a_page_read_ahead_answers_as_one_read_in_turn(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(store, "opensanctions", tmp_path, file=ZALA)
    monkeypatch.setattr(organization_pages, "PAGE", 5)
    ahead = Matcher.from_store(store, first_page=first_page_ahead(store))
    in_turn = Matcher.from_store(store)
    assert [o.ref.id for o in ahead.orgs] == [o.ref.id for o in in_turn.orgs]
    found = ahead.match("Concern Kalashnikov JSC", "RU", collapse=True)
    assert found == in_turn.match("Concern Kalashnikov JSC", "RU", collapse=True)
    assert found[0].entity.name == "JSC NPO IZHMASH"


def test_a_graph_that_fails_the_read_ahead_fails_where_the_page_is_taken(graph_settings: Settings) -> None:
    """The thread's error is not lost in the thread: building the index raises it, as a read in turn would."""
    unreachable = open_store(graph_settings, apply_schema=False)
    unreachable.close()  # a store whose connection is gone: every read fails
    pending = first_page_ahead(unreachable)
    with pytest.raises(GraphError):
        Matcher.from_store(unreachable, first_page=pending)
    assert isinstance(pending.exception(), GraphError)
