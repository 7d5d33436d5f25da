"""Due-diligence routes over HTTP: the same typed answers as the Python functions, profiles and dates checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from queries import profiles
from queries.check import check
from tests.api_harness import Harness, assert_problem, running_api
from tests.graphs import load_graph

US = profiles.load("us-research-security")


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-diligence")) as harness:
        yield harness


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "apidd", name_suffix=" Apidd")


def get(api: Harness, entity: str, question: str, **params: str) -> Any:
    response = api.client.get(f"/v1/entities/{entity}/{question}", params=params, headers=api.auth())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_check_is_the_python_answer(api: Harness, store: GraphStore, ids: dict[str, str]) -> None:
    answer = get(api, ids["m"], "check", as_of="2025-01-01")
    assert answer == check(store, ids["m"], US, "2025-01-01").model_dump(mode="json")


def test_each_question_returns_its_part_of_the_check(api: Harness, store: GraphStore, ids: dict[str, str]) -> None:
    whole = check(store, ids["m"], US, "2025-01-01").model_dump(mode="json")
    for question in ("controllers", "funding", "proximity", "ties", "risk"):
        assert get(api, ids["m"], question, as_of="2025-01-01") == whole[question], question


def test_controllers_with_paths_sources_and_foreignness(api: Harness, ids: dict[str, str]) -> None:
    found = {c["id"]: c for c in get(api, ids["x"], "controllers")}
    b = found[ids["b"]]
    assert b["effective_pct"] == pytest.approx(42.0) and b["controls"] and b["is_ultimate"] and b["foreign"]
    [path] = b["paths"]
    assert [n["id"] for n in path["nodes"]] == [ids["x"], ids["a"], ids["b"]]
    assert [h["source"]["source_id"] for h in path["hops"]] == ["xa", "ab"]
    assert not found[ids["a"]]["foreign"]
    under_cn = {c["id"]: c for c in get(api, ids["x"], "controllers", profile="cn-biosecurity")}
    assert not under_cn[ids["b"]]["foreign"] and under_cn[ids["a"]]["foreign"]


def test_the_profile_changes_the_answer(api: Harness, ids: dict[str, str]) -> None:
    assert get(api, ids["m"], "funding")["currency"] == "USD"
    assert get(api, ids["m"], "funding", profile="cn-biosecurity")["currency"] == "CNY"
    assert get(api, ids["m"], "risk", profile="cn-biosecurity")["profile"] == "cn-biosecurity"


def test_as_of_selects_the_owner_of_the_day(api: Harness, ids: dict[str, str]) -> None:
    then = get(api, ids["u"], "controllers", as_of="2018-06-30")
    now = get(api, ids["u"], "controllers", as_of="2024-06-30")
    assert [c["id"] for c in then] == [ids["i"]]
    assert [c["id"] for c in now] == [ids["j"]]
    assert get(api, ids["m"], "check")["as_of"] is not None  # today unless asked


def test_proximity_and_ties_keep_their_evidence(api: Harness, ids: dict[str, str]) -> None:
    [near] = [p for p in get(api, ids["m"], "proximity") if p["listed"]["id"] == ids["l"]]
    assert near["hops"] == 3 and near["counts_under_profile"] and near["program"] == "US-BIS-EL"
    assert all(h["source"]["dataset"] == "fixture" for h in near["path"]["hops"])
    [sequencer] = [t for t in get(api, ids["m"], "ties") if t["kind"] == "equipment"]
    assert sequencer["sensitive"] == ["sequencer", "sequencing"] and sequencer["foreign"]


@pytest.mark.parametrize("question", ["check", "controllers", "funding", "proximity", "ties", "risk"])
def test_every_question_refuses_unknown_profiles_bad_dates_and_unknown_entities(
    api: Harness, ids: dict[str, str], question: str
) -> None:
    url = f"/v1/entities/{ids['m']}/{question}"
    unknown = assert_problem(api.client.get(url, params={"profile": "nope"}, headers=api.auth()), 404, "not-found")
    assert "no profile named 'nope'" in unknown["detail"]
    for bad in ("yesterday", "2024-02-30", "0", "20240101", "2024-1-3"):
        body = assert_problem(api.client.get(url, params={"as_of": bad}, headers=api.auth()), 422, "invalid-input")
        assert body["errors"][0]["loc"] == ["query", "as_of"], bad
    assert_problem(api.client.get(f"/v1/entities/zzqxvw/{question}", headers=api.auth()), 404, "not-found")


def test_an_ambiguous_name_is_409_with_candidates(api: Harness, ids: dict[str, str]) -> None:
    body = assert_problem(api.client.get("/v1/entities/Cycle Apidd/check", headers=api.auth()), 409)
    assert {ids["c"], ids["d"]} <= {c["id"] for c in body["candidates"]}


def test_an_identifier_or_a_clear_name_names_the_entity(api: Harness, ids: dict[str, str]) -> None:
    answer = get(api, "Golden Share Holder Apidd", "risk")
    assert answer["profile"] == "us-research-security"
    [controller] = get(api, ids["v"], "controllers")
    assert controller["id"] == ids["h"] and controller["paths"][0]["hops"][0]["control_type"] == "golden_share"
