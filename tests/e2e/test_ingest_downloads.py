"""Staying current: a list export downloaded conditionally (replayed through httpx.MockTransport with real
exports as bodies), a 304 that changes nothing, and a delisting that ends the listing instead of leaving it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from graph.ids import make_id
from graph.store import GraphStore
from ingest.downloads import CSL_URL, OPENSANCTIONS_URL, refresh
from tests.ingest_helpers import FIXTURES

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
CSL = FIXTURES / "payloads" / "trade_csl" / "consolidated_sample.csv"
LAST_MODIFIED = "Tue, 15 Nov 1994 12:45:26 GMT"
DAY = "2026-12-01"


class Server:
    """Serves one export at a time, answering 304 when the request's validator matches its ETag."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.body = b""
        self.etag = ""
        self.seen: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        assert str(request.url) == self.url
        if request.headers.get("If-None-Match") == self.etag:
            return httpx.Response(304, headers={"ETag": self.etag})
        return httpx.Response(200, content=self.body, headers={"ETag": self.etag, "Last-Modified": LAST_MODIFIED})


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("opensanctions")
    store.delete_dataset("trade_csl")
    return store


def _valid_to(store: GraphStore, rel_id: str) -> list[object]:
    rows = store.run_guarded("MATCH ()-[r:LISTED_ON {id: $id}]->() RETURN r.validTo AS validTo", {"id": rel_id})
    return [r["validTo"] for r in rows.rows]


def test_an_opensanctions_dataset_stays_current(clean: GraphStore, tmp_path: Path) -> None:
    server = Server(OPENSANCTIONS_URL.format(dataset="us_bis_entity"))
    transport = httpx.MockTransport(server.handler)
    lines = ZALA.read_bytes().splitlines(keepends=True)
    server.body, server.etag = b"".join(lines), '"xyzzy"'

    first = refresh(clean, "opensanctions", tmp_path, dataset="us_bis_entity", transport=transport, today=DAY)
    assert (first.status, first.failed, first.added, first.removed) == ("downloaded", None, 41, 0)
    assert "CC BY-NC 4.0" in first.licence and first.etag == '"xyzzy"' and first.last_modified == LAST_MODIFIED

    again = refresh(clean, "opensanctions", tmp_path, dataset="us_bis_entity", transport=transport, today=DAY)
    assert server.seen[-1].headers["If-None-Match"] == '"xyzzy"'
    assert server.seen[-1].headers["If-Modified-Since"] == LAST_MODIFIED
    assert (again.status, again.loads, again.added, again.removed) == ("unchanged", [], 0, 0)

    delisted = next(line for line in lines if json.loads(line)["schema"] == "Sanction")
    sanction_id = json.loads(delisted)["id"]
    assert _valid_to(clean, make_id("opensanctions", sanction_id)) == [None]
    server.body, server.etag = b"".join(line for line in lines if line != delisted), '"v2"'
    update = refresh(clean, "opensanctions", tmp_path, dataset="us_bis_entity", transport=transport, today=DAY)
    assert (update.status, update.added, update.changed, update.removed) == ("downloaded", 0, 0, 1)
    assert update.as_dict()["listings"] == {"added": 0, "changed": 0, "removed": 1}
    assert _valid_to(clean, make_id("opensanctions", sanction_id)) == [DAY]
    # The listed party stays as the current export describes it.
    assert update.loads[-1].read == 2 and update.loads[-1].rejected == 0


def test_the_full_csl_stays_current(clean: GraphStore, tmp_path: Path) -> None:
    server = Server(CSL_URL)
    transport = httpx.MockTransport(server.handler)
    text = CSL.read_bytes()
    header, *rows = text.splitlines(keepends=True)
    server.body, server.etag = text, '"xyzzy"'
    first = refresh(clean, "trade_csl", tmp_path, transport=transport, today=DAY)
    assert (first.status, first.failed, first.added) == ("downloaded", None, 13)
    assert first.loads[0].read == 13

    server.body, server.etag = header + b"".join(rows[1:]), '"v2"'
    update = refresh(clean, "trade_csl", tmp_path, transport=transport, today=DAY)
    assert (update.added, update.changed, update.removed) == (0, 0, 1)
    ended = clean.run_guarded(
        "MATCH ()-[r:LISTED_ON]->() WHERE r.dataset = 'trade_csl' AND r.validTo = $day RETURN count(r) AS n",
        {"day": DAY},
    ).rows
    assert ended == [{"n": 1}]


def test_opensanctions_needs_a_dataset(clean: GraphStore, tmp_path: Path) -> None:
    from ingest.errors import SourceError

    with pytest.raises(SourceError, match="name a dataset"):
        refresh(clean, "opensanctions", tmp_path)


def test_a_missing_dataset_is_named_and_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    from ingest.errors import SourceError

    def missing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    with pytest.raises(SourceError, match="HTTP 404"):
        refresh(clean, "opensanctions", tmp_path, dataset="no_such_dataset", transport=httpx.MockTransport(missing))
    assert not (tmp_path / "ingest" / "opensanctions" / "downloads" / "no_such_dataset" / "state.json").exists()
