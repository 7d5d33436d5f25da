"""NIH RePORTER projects loaded into the real graph: counts, provenance, reruns, rejects and API failures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.store import GraphStore
from ingest.sources import nih_reporter
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

PAYLOADS = FIXTURES / "payloads" / "nih_reporter"
FULL_RECORD = PAYLOADS / "project_record_appl_11128875.json"
SEARCH = PAYLOADS / "projects_search_pi_sgro_include_fields.json"

# The sgro search (7 grants, NIGMS) and the full record (1 grant, NCI, Magee, 1 PI) together.
BOTH = {
    "nodes": {"Grant": 8, "Organization": 3, "Person": 1},
    "relationships": {"FUNDS": 8, "AWARDED_TO": 2, "AFFILIATED_WITH": 1},
}


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("nih_reporter")
    return store


def both_files(tmp_path: Path) -> Path:
    path = tmp_path / "projects.json"
    records = json.loads(SEARCH.read_text(encoding="utf-8"))["results"]
    records.append(json.loads(FULL_RECORD.read_text(encoding="utf-8")))
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_real_records_load_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "nih_reporter", tmp_path / "data", file=both_files(tmp_path))
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (8, 0, 0)
    assert summary.unknown_fields == {}
    assert dataset_counts(clean, "nih_reporter") == BOTH
    assert missing_provenance(clean, "nih_reporter") == 0


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    path = both_files(tmp_path)
    ingest(clean, "nih_reporter", tmp_path / "data", file=path)
    again = ingest(clean, "nih_reporter", tmp_path / "data", file=path)
    assert again.failed is None and again.read == 8 and again.skipped == 0
    assert dataset_counts(clean, "nih_reporter") == BOTH


def test_malformed_records_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    good = json.loads(FULL_RECORD.read_text(encoding="utf-8"))
    no_amount = {**good, "award_amount": "n/a"}
    nameless = json.loads(FULL_RECORD.read_text(encoding="utf-8"))
    nameless["organization"]["org_name"] = ""
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([no_amount, "not a record", nameless, good]), encoding="utf-8")
    summary = ingest(clean, "nih_reporter", tmp_path / "data", file=path)
    assert summary.failed is None and summary.rejected == 3
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [(r["location"], r["reason"]) for r in rejects] == [
        ("mixed.json[0]", "award_amount is not a number: 'n/a'"),
        ("mixed.json[1]", "result is a str, not an object"),
        ("mixed.json[2]", "the recipient organization has no org_name"),
    ]
    assert dataset_counts(clean, "nih_reporter")["nodes"] == {"Grant": 1, "Organization": 2, "Person": 1}


def recorded_search(request: httpx.Request) -> httpx.Response:
    body: dict[str, Any] = json.loads(request.content)
    if request.method != "POST" or str(request.url) != nih_reporter.API_URL:
        pytest.fail(f"unexpected request {request.method} {request.url}")
    if body["criteria"] != {"pi_names": [{"any_name": "Allyson Sgro"}]} or body["offset"] != 0:
        pytest.fail(f"unexpected body {body}")
    return httpx.Response(200, content=SEARCH.read_bytes(), headers={"Content-Type": "application/json"})


def test_api_mode_replays_the_recorded_search(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(
        clean,
        "nih_reporter",
        tmp_path / "data",
        transport=httpx.MockTransport(recorded_search),
        query={"pi_names": "Allyson Sgro"},
    )
    assert summary.failed is None and (summary.read, summary.rejected) == (7, 0)
    assert dataset_counts(clean, "nih_reporter") == {
        "nodes": {"Grant": 7, "Organization": 1},
        "relationships": {"FUNDS": 7},
    }
    assert missing_provenance(clean, "nih_reporter") == 0


@pytest.mark.parametrize("status", [401, 403])
def test_refused_access_fails_the_source(clean: GraphStore, tmp_path: Path, status: int) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status))
    summary = ingest(clean, "nih_reporter", tmp_path / "data", transport=transport, query={"pi_names": "x"})
    assert summary.failed is not None and f"HTTP {status}" in summary.failed
    assert dataset_counts(clean, "nih_reporter") == {"nodes": {}, "relationships": {}}
