"""Consolidated Screening List loaded into the real graph: counts, provenance, rejects, reruns, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from graph.cypher import parse
from graph.store import GraphStore
from ingest.sources import trade_csl
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

DIR = FIXTURES / "payloads" / "trade_csl"
CSV = DIR / "consolidated_sample.csv"
PAGES = [DIR / f"search_sources_EL_SSI_offset{n}.CONSTRUCTED.json" for n in (0, 1)]
ASH = "trade_csl-b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e"  # the Denied Persons List row "I. ASH"
LISTED_PEOPLE = parse(
    "// name: listed_person\n// summary: test probe\n// params: $id: string\n// returns: name, country, list, validTo\n"
    "MATCH (p:Person {id: $id})-[l:LISTED_ON]->(w:Watchlist) "
    "RETURN p.name AS name, p.country AS country, w.name AS list, l.validTo AS validTo",
    "listed_person",
)
LISTED_ORGANIZATIONS = parse(
    "// name: listed_organization\n// summary: test probe\n// params: $id: string\n// returns: name\n"
    "MATCH (o:Organization {id: $id}) RETURN o.name AS name",
    "listed_organization",
)


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("trade_csl")
    return store


def api_transport(status: int | None = None) -> httpx.MockTransport:
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in PAGES]

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET" and request.url.path == "/consolidated_screening_list/v1/search"
        params = dict(request.url.params)
        if params.get("sources") != "EL,SSI" or params.get("size") != "1":
            pytest.fail(f"unexpected request {request.url}")
        if status is not None:
            return httpx.Response(status, json={"statusCode": status, "message": "Access denied"})
        return httpx.Response(200, json=pages[int(params["offset"])])

    return httpx.MockTransport(handle)


def test_csv_loads_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "trade_csl", tmp_path, file=CSV)
    assert (summary.failed, summary.read, summary.rejected, summary.missing_endpoints) == (None, 13, 0, 0)
    # 4 rows typed Individual, 2 blank-type rows naming people (DPL "I. ASH", ITAR Debarred "Cesareo Estanislao
    # Benitez"), 7 organizations of which 4 are assumed from a blank type.
    assert dataset_counts(clean, "trade_csl") == {
        "nodes": {"Organization": 7, "Person": 6, "Watchlist": 10},
        "relationships": {"LISTED_ON": 13},
    }
    assert missing_provenance(clean, "trade_csl") == 0
    assert summary.unknown_fields == {
        "type:blank->Organization (assumed)": 4,
        "type:blank->Person (personal name on DPL)": 1,
        "type:blank->Person (personal name on DTC)": 1,
    }


def test_blank_type_people_are_listed_as_people(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "trade_csl", tmp_path, file=CSV)
    rows = clean.run(LISTED_PEOPLE, {"id": ASH})
    assert rows == [
        {
            "name": "I. ASH",
            "country": "US",
            "list": "US BIS Denied Persons List",
            "validTo": "2056-06-29",
        }
    ]
    assert clean.run(LISTED_ORGANIZATIONS, {"id": ASH}) == []  # no Organization record of the same id is left


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "trade_csl", tmp_path, file=CSV)
    first = dataset_counts(clean, "trade_csl")
    again = ingest(clean, "trade_csl", tmp_path, file=CSV)
    assert again.read == 13 and again.failed is None
    assert dataset_counts(clean, "trade_csl") == first


def test_malformed_rows_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    nameless = lines[13].replace('"SME BANK"', '""')
    bad_date = lines[7].replace('"2002-03-04"', '"March 2002"')
    path = tmp_path / "consolidated.csv"
    path.write_text("\n".join([lines[0], lines[1], nameless, bad_date]) + "\n", encoding="utf-8")
    summary = ingest(clean, "trade_csl", tmp_path / "data", file=path)
    assert (summary.failed, summary.rejected) == (None, 2)
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [(r["location"], r["reason"]) for r in rejects] == [
        ("consolidated.csv:row 2", "CSL entry 18283 has no name"),
        ("consolidated.csv:row 3", "start_date is not a date: 'March 2002'"),
    ]
    assert dataset_counts(clean, "trade_csl") == {
        "nodes": {"Organization": 1, "Watchlist": 1},
        "relationships": {"LISTED_ON": 1},
    }


def test_api_search_loads_both_pages(clean: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(trade_csl.KEY_ENV, "test-key")
    summary = ingest(clean, "trade_csl", tmp_path, transport=api_transport(), query={"sources": "EL,SSI", "size": "1"})
    assert (summary.failed, summary.read, summary.rejected) == (None, 2, 0)
    assert dataset_counts(clean, "trade_csl") == {
        "nodes": {"Organization": 2, "Watchlist": 2},
        "relationships": {"LISTED_ON": 2},
    }
    assert missing_provenance(clean, "trade_csl") == 0


@pytest.mark.parametrize("status", [401, 403])
def test_api_refusal_fails_the_source(
    clean: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setenv(trade_csl.KEY_ENV, "wrong-key")
    summary = ingest(
        clean,
        "trade_csl",
        tmp_path,
        transport=api_transport(status),
        query={"sources": "EL,SSI", "size": "1"},
        use_cache=False,
    )
    assert summary.failed is not None and f"HTTP {status}" in summary.failed and "API key" in summary.failed
