"""NSF awards loaded into the real graph: counts, provenance, reruns, rejects and API failures."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from graph.store import GraphStore
from ingest.sources import nsf_awards
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

AWARD_FILE = FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json"

# One award: the grant, NSF and Penn State, the PI and one co-PI.
ONE_AWARD = {
    "nodes": {"Grant": 1, "Organization": 2, "Person": 2},
    "relationships": {"FUNDS": 1, "AWARDED_TO": 3, "AFFILIATED_WITH": 2},
}


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("nsf_awards")
    return store


def test_the_recorded_award_loads_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "nsf_awards", tmp_path / "data", file=AWARD_FILE)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (1, 0, 0)
    assert summary.unknown_fields == {}
    assert dataset_counts(clean, "nsf_awards") == ONE_AWARD
    assert missing_provenance(clean, "nsf_awards") == 0


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "nsf_awards", tmp_path / "data", file=AWARD_FILE)
    again = ingest(clean, "nsf_awards", tmp_path / "data", file=AWARD_FILE)
    assert again.failed is None and again.read == 1 and again.skipped == 0
    assert dataset_counts(clean, "nsf_awards") == ONE_AWARD


def test_malformed_awards_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    document = json.loads(AWARD_FILE.read_text(encoding="utf-8"))
    good = document["response"]["award"][0]
    bad_amount = {**good, "fundsObligatedAmt": "100,000 USD"}
    no_awardee = {**good, "awardeeName": "", "awardee": ""}
    bad_date = {**good, "startDate": "15/07/2025"}  # not essential: dropped and audited, not rejected
    document["response"]["award"] = [bad_amount, no_awardee, bad_date]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    summary = ingest(clean, "nsf_awards", tmp_path / "data", file=path)
    assert summary.failed is None and summary.rejected == 2
    assert summary.unknown_fields == {"unreadable_date:startDate": 1}
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [(r["location"], r["reason"]) for r in rejects] == [
        ("mixed.json:response.award[0]", "fundsObligatedAmt is not a number: '100,000 USD'"),
        ("mixed.json:response.award[1]", "award without an awardeeName (the recipient)"),
    ]
    assert dataset_counts(clean, "nsf_awards") == ONE_AWARD


def recorded_award(request: httpx.Request) -> httpx.Response:
    url = f"{request.url.scheme}://{request.url.host}{request.url.path}"
    params = dict(request.url.params)
    if request.method != "GET" or url != nsf_awards.API_URL:
        pytest.fail(f"unexpected request {request.method} {request.url}")
    if (params.get("id"), params.get("offset"), params.get("rpp")) != ("2450546", "1", "25"):
        pytest.fail(f"unexpected parameters {params}")
    return httpx.Response(200, content=AWARD_FILE.read_bytes(), headers={"Content-Type": "application/json"})


def test_api_mode_replays_the_recorded_award(clean: GraphStore, tmp_path: Path) -> None:
    transport = httpx.MockTransport(recorded_award)
    summary = ingest(clean, "nsf_awards", tmp_path / "data", transport=transport, query={"id": "2450546"})
    assert summary.failed is None and (summary.read, summary.rejected) == (1, 0)
    assert dataset_counts(clean, "nsf_awards") == ONE_AWARD
    assert missing_provenance(clean, "nsf_awards") == 0


@pytest.mark.parametrize("status", [401, 403])
def test_refused_access_fails_the_source(clean: GraphStore, tmp_path: Path, status: int) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status))
    summary = ingest(clean, "nsf_awards", tmp_path / "data", transport=transport, query={"keyword": "x"})
    assert summary.failed is not None and f"HTTP {status}" in summary.failed
    assert dataset_counts(clean, "nsf_awards") == {"nodes": {}, "relationships": {}}
