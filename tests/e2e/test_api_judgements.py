"""Admins record resolution judgements over HTTP; the algorithm respects them afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import queries
from access.keys import Role
from graph.settings import Settings
from graph.store import GraphStore
from resolve.judgements import pair_key
from tests.api_harness import Harness, assert_problem, running_api
from tests.graphs import load_graph


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("judgements-api")) as harness:
        yield harness


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "jx", name_suffix=" Juniper")


def test_an_admin_rejects_a_pair_and_it_is_recorded_with_who(
    api: Harness, store: GraphStore, ids: dict[str, str]
) -> None:
    body = {"a": ids["c"], "b": ids["d"], "judgement": "rejected", "note": "two different companies"}
    response = api.client.post("/v1/judgements", json=body, headers=api.auth(Role.ADMIN))
    assert response.status_code == 200, response.text
    assert response.json()["decided_by"] == f"test admin ({api.key_ids[Role.ADMIN]})"
    rows = store.run(queries.load("judgements"), {"kinds": ["rejected"]})
    recorded = {pair_key(r["a"], r["b"]): r for r in rows}
    assert recorded[pair_key(ids["c"], ids["d"])]["decidedBy"] == f"test admin ({api.key_ids[Role.ADMIN]})"


def test_judgements_are_refused_clearly(api: Harness, ids: dict[str, str]) -> None:
    admin = api.auth(Role.ADMIN)
    unknown = api.client.post(
        "/v1/judgements", json={"a": "nope-1", "b": "nope-2", "judgement": "confirmed"}, headers=admin
    )
    assert_problem(unknown, 404, "not-found")
    itself = api.client.post(
        "/v1/judgements", json={"a": ids["c"], "b": ids["c"], "judgement": "confirmed"}, headers=admin
    )
    assert_problem(itself, 422, "invalid-input")
    auto = api.client.post("/v1/judgements", json={"a": ids["c"], "b": ids["d"], "judgement": "auto"}, headers=admin)
    assert_problem(auto, 422, "invalid-input")
    viewer = api.client.post(
        "/v1/judgements", json={"a": ids["c"], "b": ids["d"], "judgement": "confirmed"}, headers=api.auth(Role.VIEWER)
    )
    assert_problem(viewer, 403, "forbidden")
