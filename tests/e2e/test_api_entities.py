"""Entity search and detail over HTTP, on the known-answer graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api
from tests.graphs import load_graph


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-entities")) as harness:
        yield harness


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "apient", name_suffix=" Apient")


def test_search_by_name_is_scored_best_first(api: Harness, ids: dict[str, str]) -> None:
    response = api.client.get("/v1/entities", params={"q": "Golden Share Holder Apient"}, headers=api.auth())
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["id"] == ids["h"] and results[0]["score"] == 1.0
    assert results[0]["country"] == "RU" and results[0]["kind"] == "government"
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_search_limit_and_an_unknown_name(api: Harness, ids: dict[str, str]) -> None:
    some = api.client.get("/v1/entities", params={"q": "Cycle Apient", "limit": 2}, headers=api.auth()).json()
    assert len(some["results"]) == 2
    none = api.client.get("/v1/entities", params={"q": "zzqxvw"}, headers=api.auth()).json()
    assert none == {"results": []}


def test_search_by_identifier(api: Harness, ids: dict[str, str]) -> None:
    response = api.client.get("/v1/entities", params={"identifier": "ror:00known00"}, headers=api.auth())
    results = response.json()["results"]
    assert ids["m"] in {r["id"] for r in results}  # other test modules load the same graph: more may hold it
    assert all(r["score"] == 1.0 and r["label"] == "Organization" for r in results)
    missing = api.client.get("/v1/entities", params={"identifier": "lei:NOSUCHLEI000"}, headers=api.auth())
    assert missing.json() == {"results": []}


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "x", "identifier": "ror:1"}, {"identifier": "nope:1"}, {"identifier": "lei"}, {"limit": "0", "q": "x"}],
    ids=["neither", "both", "unknown-scheme", "no-value", "limit-0"],
)
def test_search_refuses_unclear_questions(api: Harness, params: dict[str, str]) -> None:
    body = assert_problem(api.client.get("/v1/entities", params=params, headers=api.auth()), 422, "invalid-input")
    assert body["errors"] and body["errors"][0]["loc"][0] == "query"


def test_one_entity_with_identifiers_sources_and_neighbours(api: Harness, ids: dict[str, str]) -> None:
    body = api.client.get(f"/v1/entities/{ids['m']}", headers=api.auth()).json()
    assert body["name"] == "Funded Research Institute Apient" and body["identifiers"] == {"ror": "00known00"}
    assert body["sources"] == [
        {"dataset": "fixture", "source_id": "m", "source_url": None, "retrieved_at": "2026-11-25T00:00:00+00:00"}
    ]
    [lab] = body["neighbours"]
    assert lab["entity"]["id"] == ids["sub"] and lab["direction"] == "out"
    assert lab["relationship"] == "OWNS" and lab["share_pct"] == 100.0
    assert lab["source"]["source_id"] == "msub"


def test_neighbours_point_both_ways(api: Harness, ids: dict[str, str]) -> None:
    parent = api.client.get(f"/v1/entities/{ids['a']}", headers=api.auth()).json()
    found = {(n["entity"]["id"], n["direction"], n["share_pct"]) for n in parent["neighbours"]}
    assert found == {(ids["b"], "in", 70.0), (ids["x"], "out", 60.0)}
    golden = api.client.get(f"/v1/entities/{ids['v']}", headers=api.auth()).json()
    [holder] = golden["neighbours"]
    assert holder["relationship"] == "CONTROLS" and holder["control_type"] == "golden_share"


def test_an_unknown_entity_is_404_and_an_ambiguous_name_409(api: Harness, ids: dict[str, str]) -> None:
    assert_problem(api.client.get("/v1/entities/zzqxvw", headers=api.auth()), 404, "not-found")
    body = assert_problem(api.client.get("/v1/entities/Cycle Apient", headers=api.auth()), 409, "ambiguous-entity")
    candidates = {c["id"] for c in body["candidates"]}
    assert {ids["c"], ids["d"]} <= candidates
    assert all(0 <= c["score"] <= 1 and c["name"] for c in body["candidates"])


def test_an_organization_shows_its_other_records_and_their_sources(api: Harness, store: GraphStore) -> None:
    twins = load_graph(store, "twins", "apitw", name_suffix=" Apitw")
    response = api.client.get(f"/v1/entities/{twins['y']}", headers=api.auth())
    assert response.status_code == 200
    detail = response.json()
    assert [r["id"] for r in detail["same_as"]] == [twins["y_b"]]
    assert [s["source_id"] for s in detail["sources"]] == ["y", "y_b"]  # the fixture's record ids
    # One owner, R, known under two records: one neighbour, through the most recent record of the holding.
    [owner] = detail["neighbours"]
    assert owner["entity"]["id"] == twins["r"] and owner["relationship"] == "OWNS"
    assert owner["valid_from"] == "2018-01-01"
    # A rejected pair is not the same organization.
    rejected = api.client.get(f"/v1/entities/{twins['s']}", headers=api.auth()).json()
    assert rejected["same_as"] == []
