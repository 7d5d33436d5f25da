"""POST /v1/cypher: reads answer; anything that could write is refused before it runs, in every form tried."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpx import Response

from access.keys import Role
from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-cypher")) as harness:
        yield harness


@pytest.fixture(scope="module")
def marker(store: GraphStore) -> str:
    """Three organizations under one id prefix, to read and to try writing to."""
    provenance = Provenance(dataset="test", source_id="cypher", retrieved_at="2026-11-25T00:00:00+00:00")
    with store.writer() as writer:
        for n in range(3):
            writer.add(Entity(f"apicy-{n}", Label.ORGANIZATION, provenance, {"name": f"Cypher Probe {n}"}))
    return "apicy-"


def run(api: Harness, body: dict[str, object], role: Role = Role.INVESTIGATOR) -> Response:
    response: Response = api.client.post("/v1/cypher", json=body, headers=api.auth(role))
    return response


def probes(api: Harness) -> list[dict[str, object]]:
    query = "MATCH (o:Organization) WHERE o.id STARTS WITH 'apicy-' RETURN o.id AS id, o.name AS name ORDER BY id"
    response = run(api, {"query": query})
    rows: list[dict[str, object]] = response.json()["rows"]
    return rows


def test_a_read_returns_columns_rows_and_graph_objects(api: Harness, marker: str) -> None:
    query = "MATCH (o:Organization) WHERE o.id = $id RETURN o, o.name AS name"
    response = run(api, {"query": query, "params": {"id": "apicy-1"}})
    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == ["o", "name"] and body["truncated"] is False
    [row] = body["rows"]
    assert row["name"] == "Cypher Probe 1"
    assert row["o"]["kind"] == "node" and row["o"]["labels"] == ["Organization"]
    assert row["o"]["properties"]["id"] == "apicy-1"


def test_limit_caps_rows_and_says_so(api: Harness, marker: str) -> None:
    query = "MATCH (o:Organization) WHERE o.id STARTS WITH 'apicy-' RETURN o.id AS id ORDER BY id"
    body = run(api, {"query": query, "limit": 2}).json()
    assert [r["id"] for r in body["rows"]] == ["apicy-0", "apicy-1"]
    assert body["truncated"] is True and body["row_cap"] == 2
    capped = run(api, {"query": query, "limit": 100_000}).json()
    assert capped["row_cap"] == api.app.state.settings.cypher_row_cap


WRITES = [
    "CREATE (n:Organization {id: 'apicy-new'})",
    "MERGE (n:Organization {id: 'apicy-new'}) RETURN n",
    "MATCH (o:Organization {id: 'apicy-0'}) SET o.name = 'changed'",
    "MATCH (o:Organization {id: 'apicy-0'}) REMOVE o.name",
    "MATCH (o:Organization {id: 'apicy-0'}) DETACH DELETE o",
    "MATCH (o:Organization {id: 'apicy-0'}) DELETE o",
    "MATCH (o:Organization {id: 'apicy-0'}) FOREACH (x IN [1] | SET o.name = 'changed')",
    "MATCH (o:Organization {id: 'apicy-0'}) CALL { WITH o SET o.name = 'changed' } RETURN o",
    "match (o:Organization {id: 'apicy-0'}) set o.name = 'changed'",
    "/* read */ MATCH (o:Organization {id: 'apicy-0'}) // harmless\n SET o.name = 'changed'",
    "MATCH (o:Organization) RETURN o LIMIT 1; CREATE (n:Organization {id: 'apicy-new'})",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row MERGE (:Organization {id: row.id})",
    "CALL dbms.security.createUser('mallory', 'secret', false)",
    "CALL apoc.create.node(['Organization'], {id: 'apicy-new'})",
    "CALL db.createLabel('Evil')",
    "PROFILE MATCH (o:Organization) RETURN o",
    "EXPLAIN MATCH (o:Organization) RETURN o",
    "SHOW USERS",
    "CREATE INDEX evil FOR (n:Organization) ON (n.name)",
    "DROP INDEX evil",
]


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_in_every_form(api: Harness, marker: str, query: str) -> None:
    before = probes(api)
    response = run(api, {"query": query})
    assert_problem(response, 403, "write-refused")  # the guard's or the engine's verdict, before it ran
    assert probes(api) == before


def test_words_that_only_look_like_writes_still_read(api: Harness, marker: str) -> None:
    query = "MATCH (o:Organization {id: 'apicy-0'}) RETURN 'CREATE (x) SET y DELETE z' AS text, o.name AS `set`"
    body = run(api, {"query": query}).json()
    assert body["rows"] == [{"text": "CREATE (x) SET y DELETE z", "set": "Cypher Probe 0"}]


def test_a_syntax_error_is_400(api: Harness) -> None:
    assert_problem(run(api, {"query": "MATCH (o:Organization RETURN o"}), 400, "bad-query")


@pytest.mark.parametrize(
    "body",
    [{}, {"query": ""}, {"query": "RETURN 1", "limit": 0}, {"query": "RETURN 1", "extra": True}, {"query": 5}],
    ids=["missing", "empty", "limit-0", "unknown-field", "not-text"],
)
def test_invalid_bodies_are_422_with_their_location(api: Harness, body: dict[str, object]) -> None:
    problem = assert_problem(run(api, body), 422, "invalid-input")
    assert problem["errors"][0]["loc"][0] == "body"


def test_viewers_may_not_run_cypher(api: Harness) -> None:
    assert_problem(run(api, {"query": "RETURN 1 AS one"}, Role.VIEWER), 403, "forbidden")
