"""GET /v1/entities/{id}/neighbours over HTTP on the known-answer graph: what the network view expands."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api
from tests.graphs import load_graph


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-neighbours")) as harness:
        yield harness


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "apinb", name_suffix=" Apinb")


def ties_of(api: Harness, entity_id: str, **params: int) -> dict[str, object]:
    response = api.client.get(f"/v1/entities/{entity_id}/neighbours", params=params, headers=api.auth())
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_an_organization_with_every_kind_of_tie_and_its_sources(api: Harness, ids: dict[str, str]) -> None:
    body = ties_of(api, ids["m"])
    assert body["entity"] == {
        "id": ids["m"],
        "name": "Funded Research Institute Apinb",
        "country": "US",
        "country_note": None,
        "kind": "university",
        "label": "Organization",
        "identifiers": {"ror": "00known00"},
        "title": None,
        "item": None,
        "program": None,
        "amount": None,
        "currency": None,
        "date": None,
    }
    ties = body["relationships"]
    assert isinstance(ties, list)
    found = {(t["type"], t["direction"], t["other"]["id"], t["source"]["source_id"]) for t in ties}
    assert found == {
        ("OWNS", "out", ids["sub"], "msub"),
        ("AUTHORED", "out", ids["pub1"], "am"),
        ("AWARDED_TO", "in", ids["grant_k"], "ak"),
        ("AWARDED_TO", "in", ids["grant_o"], "ao"),
        ("GIVEN_TO", "in", ids["gift_n"], "gnm"),
        ("GIVEN_TO", "in", ids["gift_x"], "gxm"),
        ("GIVEN_TO", "in", ids["gift_seq"], "gseqm"),
    }
    owns = ties[0]  # ownership and control come first
    assert (owns["type"], owns["start"], owns["end"], owns["share_pct"]) == ("OWNS", ids["m"], ids["sub"], 100.0)
    assert owns["source"]["dataset"] == "fixture" and owns["source"]["retrieved_at"] == "2026-11-25T00:00:00+00:00"
    grant = next(t for t in ties if t["source"]["source_id"] == "ak")
    assert (grant["start"], grant["end"]) == (ids["grant_k"], ids["m"])  # oriented as stored
    assert grant["other"]["label"] == "Grant" and grant["other"]["amount"] == 100000
    assert (grant["other"]["currency"], grant["other"]["date"]) == ("USD", "2022-01-01")
    assert body["truncated"] is False and body["limit"] == 100 and body["per_type"] == 25
    assert [(c["type"], c["total"], c["more"]) for c in body["types"]] == [  # type: ignore[union-attr]
        ("OWNS", 1, 0),
        ("AUTHORED", 1, 0),
        ("AWARDED_TO", 2, 0),
        ("GIVEN_TO", 3, 0),
    ]


def test_any_node_expands_a_gift_and_a_watchlist(api: Harness, ids: dict[str, str]) -> None:
    gift = ties_of(api, ids["gift_seq"])
    assert gift["entity"]["label"] == "Gift" and gift["entity"]["item"] == "DNA sequencer"  # type: ignore[index]
    assert {(t["type"], t["direction"], t["other"]["id"]) for t in gift["relationships"]} == {  # type: ignore[attr-defined]
        ("GAVE", "in", ids["donor"]),
        ("GIVEN_TO", "out", ids["m"]),
        ("SUPPLIED_BY", "out", ids["vendor"]),
    }
    listing = ties_of(api, ids["list"])
    [listed] = listing["relationships"]  # type: ignore[misc]
    assert (listed["type"], listed["other"]["id"], listed["program"]) == ("LISTED_ON", ids["l"], "US-BIS-EL")
    assert listed["valid_from"] == "2020-12-18" and listed["source"]["source_id"] == "l_list"


def test_ranges_control_types_and_expired_ties_are_carried(api: Harness, ids: dict[str, str]) -> None:
    ranged = ties_of(api, ids["w"])["relationships"]
    assert [(t["other"]["id"], t["share_range"]) for t in ranged] == [(ids["f"], [25.0, 50.0])]  # type: ignore[attr-defined]
    [golden] = ties_of(api, ids["v"])["relationships"]  # type: ignore[misc]
    assert golden["type"] == "CONTROLS" and golden["control_type"] == "golden_share"
    changed = ties_of(api, ids["u"])["relationships"]
    dates = {t["other"]["id"]: (t["valid_from"], t["valid_to"]) for t in changed}  # type: ignore[attr-defined]
    assert dates == {ids["i"]: ("2010-01-01", "2019-12-31"), ids["j"]: ("2020-01-01", None)}


def test_limit_truncates_and_says_so(api: Harness, ids: dict[str, str]) -> None:
    body = ties_of(api, ids["m"], limit=2)
    ties = body["relationships"]
    assert isinstance(ties, list) and len(ties) == 2 and body["truncated"] is True and body["limit"] == 2
    assert ties[0]["type"] == "OWNS"


def test_each_type_is_paged_with_how_many_more_it_has(api: Harness, ids: dict[str, str]) -> None:
    body = ties_of(api, ids["m"], per_type=1)
    ties = body["relationships"]
    assert isinstance(ties, list)
    assert [t["type"] for t in ties] == ["OWNS", "AUTHORED", "AWARDED_TO", "GIVEN_TO"]  # one of each, ownership first
    counts = {c["type"]: (c["total"], c["shown"], c["more"]) for c in body["types"]}  # type: ignore[attr-defined]
    assert counts == {"OWNS": (1, 1, 0), "AUTHORED": (1, 1, 0), "AWARDED_TO": (2, 1, 1), "GIVEN_TO": (3, 1, 2)}
    gifts = {ids["gift_n"], ids["gift_x"], ids["gift_seq"]}
    assert ties[3]["other"]["id"] in gifts and ties[3]["direction"] == "in"
    assert body["truncated"] is True and body["per_type"] == 1


def test_the_overall_limit_counts_what_it_leaves_out_per_type(api: Harness, ids: dict[str, str]) -> None:
    body = ties_of(api, ids["m"], limit=3)
    counts = {c["type"]: (c["shown"], c["more"]) for c in body["types"]}  # type: ignore[attr-defined]
    assert counts == {"OWNS": (1, 0), "AUTHORED": (1, 0), "AWARDED_TO": (1, 1), "GIVEN_TO": (0, 3)}
    assert len(body["relationships"]) == 3  # type: ignore[arg-type]


def test_a_name_is_resolved_like_the_other_entity_routes(api: Harness, ids: dict[str, str]) -> None:
    body = ties_of(api, "Golden Share Holder Apinb")
    assert body["entity"]["id"] == ids["h"]  # type: ignore[index]


def test_unknown_entity_missing_key_and_bad_limit(api: Harness, ids: dict[str, str]) -> None:
    assert_problem(api.client.get("/v1/entities/zzqx-no-such/neighbours", headers=api.auth()), 404, "not-found")
    anonymous = api.client.get(f"/v1/entities/{ids['m']}/neighbours")
    assert_problem(anonymous, 401, "unauthorized")
    too_many = api.client.get(f"/v1/entities/{ids['m']}/neighbours", params={"limit": 501}, headers=api.auth())
    assert_problem(too_many, 422, "invalid-input")
    none_per_type = api.client.get(f"/v1/entities/{ids['m']}/neighbours", params={"per_type": 0}, headers=api.auth())
    assert_problem(none_per_type, 422, "invalid-input")
