"""OpenAlex /works pages replayed into the real graph: counts, provenance, rejects, reruns and a refused key."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from graph.store import GraphStore
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

PAYLOADS = FIXTURES / "payloads" / "openalex"
PAGE1 = json.loads((PAYLOADS / "works_page1_cursor_star.json").read_text(encoding="utf-8"))
PAGE2 = json.loads((PAYLOADS / "works_page2_last.json").read_text(encoding="utf-8"))
EXPECTED = {
    "nodes": {"Publication": 2, "Person": 11, "Organization": 10},
    "relationships": {"AUTHORED": 21, "AFFILIATED_WITH": 17},
}


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("openalex")
    return store


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIETRACE_OPENALEX_API_KEY", raising=False)
    monkeypatch.delenv("TIETRACE_OPENALEX_MAILTO", raising=False)


def replay(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET" and request.url.path == "/works"
    params = request.url.params
    assert params["filter"] == "authorships.institutions.id:I18014758"
    assert params["per-page"] == "200" and params["mailto"] == "ops@example.org"
    if params["cursor"] == "*":
        return httpx.Response(200, json=PAGE1)
    if params["cursor"] == PAGE1["meta"]["next_cursor"]:
        return httpx.Response(200, json=PAGE2)
    raise AssertionError(f"unexpected request {request.url}")


QUERY = {"institution": "I18014758", "mailto": "ops@example.org"}


def test_api_pages_load_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "openalex", tmp_path, transport=httpx.MockTransport(replay), query=QUERY)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (2, 0, 0)
    assert dataset_counts(clean, "openalex") == EXPECTED
    assert missing_provenance(clean, "openalex") == 0
    assert summary.unknown_fields == {}


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "openalex", tmp_path, transport=httpx.MockTransport(replay), query=QUERY)
    again = ingest(clean, "openalex", tmp_path / "again", transport=httpx.MockTransport(replay), query=QUERY)
    assert again.failed is None and again.read == 2
    assert dataset_counts(clean, "openalex") == EXPECTED


def test_a_saved_response_file_loads_the_same_graph(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "openalex", tmp_path, file=PAYLOADS / "works_page1_cursor_star.json")
    assert summary.failed is None and summary.read == 2
    assert dataset_counts(clean, "openalex") == EXPECTED


def test_malformed_works_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    good, other = PAGE1["results"]
    broken = {**other, "id": None}  # the real record with its id blanked
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join([json.dumps(good), '{"id": "https://openalex.org/W1"', json.dumps(broken)]) + "\n")
    summary = ingest(clean, "openalex", tmp_path / "data", file=path)
    assert summary.failed is None and summary.rejected == 2
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [r["location"] for r in rejects] == ["works.jsonl:line 2", "works.jsonl:line 3"]
    assert rejects[0]["reason"].startswith("not JSON")
    assert rejects[1]["reason"] == "work without an OpenAlex work id (W...)"
    assert dataset_counts(clean, "openalex")["nodes"] == {"Publication": 1, "Person": 2, "Organization": 2}


def test_a_refused_request_fails_the_source_clearly(clean: GraphStore, tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/works"
        return httpx.Response(403)

    summary = ingest(clean, "openalex", tmp_path, transport=httpx.MockTransport(refuse), query=QUERY)
    assert summary.failed is not None and "HTTP 403" in summary.failed and "refused access" in summary.failed
    assert dataset_counts(clean, "openalex") == {"nodes": {}, "relationships": {}}
