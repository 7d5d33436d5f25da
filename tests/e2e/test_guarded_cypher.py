"""Investigators' Cypher: the engine decides what writes, and a refused query changes nothing."""

from __future__ import annotations

import pytest

from graph.errors import QueryError, WriteRefused
from graph.model import Entity, Label, Provenance
from graph.store import GraphStore

WRITES = [
    "CREATE (n:Organization {id: 'guard-x'})",
    "create (n:Zed)",
    "MERGE (n:Organization {id: 'guard-x'}) RETURN n",
    "MATCH (n:Organization {id: $sentinel}) SET n.name = 'pwned'",
    "MATCH (n:Organization {id: $sentinel}) SET n:Zed",
    "MATCH (n:Organization {id: $sentinel}) REMOVE n.name",
    "MATCH (n:Organization {id: $sentinel}) DELETE n",
    "MATCH (n:Organization {id: $sentinel}) DETACH DELETE n",
    "MATCH (n:Organization {id: $sentinel}) FOREACH (x IN [1] | SET n.name = 'pwned')",
    "FOREACH (x IN [1, 2] | CREATE (:Zed {v: x}))",
    "MATCH (n:Organization {id: $sentinel}) CALL { WITH n SET n.name = 'pwned' } RETURN n",
    "MATCH (n:Organization {id: $sentinel}) CALL (n) { SET n.name = 'pwned' } RETURN n",
    "WITH 1 AS x CALL { CREATE (:Zed) } RETURN x",
    "MATCH (n:Organization {id: $sentinel}) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN 1 AS one",
    "// looks harmless\nCREATE (:Zed)",
    "/* a block comment */ MERGE (:Zed {id: 1})",
    "MATCH (a:Organization {id: $sentinel}) MATCH (b:Organization {id: $sentinel}) CREATE (a)-[:OWNS]->(b)",
    "UNWIND [1, 2] AS i MERGE (:Zed {v: i})",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'file:///x.csv' AS row CREATE (:Zed {v: row.v})",
    "PROFILE MATCH (n) RETURN count(n) AS n",
    "PROFILE CREATE (:Zed)",
    "EXPLAIN CREATE (:Zed)",
    "CREATE INDEX zed_v IF NOT EXISTS FOR (n:Zed) ON (n.v)",
    "CREATE CONSTRAINT zed_id IF NOT EXISTS FOR (n:Zed) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT organization_id_unique",
    "DROP INDEX organization_lei",
    "SHOW INDEXES",
    "CREATE USER mallory SET PASSWORD 'secret-secret'",
    "CREATE DATABASE zed",
    "CALL apoc.create.node(['Zed'], {})",
    "CALL db.createLabel('Zed')",
    "MATCH (n) RETURN n; CREATE (:Zed)",
]


def sentinel_graph(store: GraphStore, prefix: str, provenance: Provenance) -> str:
    sentinel = f"{prefix}-sentinel"
    with store.writer() as writer:
        writer.add(Entity(sentinel, Label.ORGANIZATION, provenance, {"name": "Sentinel Org"}))
    return sentinel


def fingerprint(store: GraphStore, sentinel: str) -> tuple[object, ...]:
    labels = store.run_guarded("CALL db.labels() YIELD label RETURN label ORDER BY label").rows
    node = store.run_guarded(
        "MATCH (n:Organization {id: $id}) RETURN properties(n) AS p, labels(n) AS l", {"id": sentinel}
    ).rows
    return (store.stats(), labels, node)


@pytest.mark.parametrize("text", WRITES)
def test_writes_in_every_form_are_refused_and_change_nothing(
    store: GraphStore, prefix: str, provenance: Provenance, text: str
) -> None:
    sentinel = sentinel_graph(store, prefix, provenance)
    before = fingerprint(store, sentinel)
    with pytest.raises((WriteRefused, QueryError)) as refused:
        store.run_guarded(text, {"sentinel": sentinel})
    assert fingerprint(store, sentinel) == before
    # A query the engine cannot parse is an error too, but a real write must be refused as a write.
    if refused.type is QueryError:
        assert "parse" in str(refused.value) or "Invalid" in str(refused.value), refused.value


READS = [
    ("RETURN 'CREATE (n)' AS s", [{"s": "CREATE (n)"}]),
    ('RETURN "MERGE; DELETE" AS s', [{"s": "MERGE; DELETE"}]),
    ("// CREATE (n) in a comment\nRETURN 1 AS one", [{"one": 1}]),
    ("RETURN {`delete`: 1, `set`: 2} AS m", [{"m": {"delete": 1, "set": 2}}]),
    ("MATCH (n:Organization {id: $sentinel}) RETURN n.name AS name", [{"name": "Sentinel Org"}]),
    (
        "MATCH (n:Organization {id: $sentinel}) WHERE n.name CONTAINS 'Org' RETURN n.`name` AS `create`",
        [{"create": "Sentinel Org"}],
    ),
    (
        "MATCH (n:Organization {id: $sentinel}) CALL { WITH n RETURN n.name AS x } RETURN x",
        [{"x": "Sentinel Org"}],
    ),
]


@pytest.mark.parametrize(("text", "expected"), READS)
def test_reads_that_mention_write_words_still_answer(
    store: GraphStore, prefix: str, provenance: Provenance, text: str, expected: list[dict[str, object]]
) -> None:
    sentinel = sentinel_graph(store, prefix, provenance)
    result = store.run_guarded(text, {"sentinel": sentinel})
    assert result.rows == expected
    assert not result.truncated


def test_graph_objects_come_back_as_json(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    sentinel = sentinel_graph(store, prefix, provenance)
    result = store.run_guarded("MATCH (n:Organization {id: $id}) RETURN n", {"id": sentinel})
    [row] = result.rows
    assert row["n"]["kind"] == "node"
    assert row["n"]["labels"] == ["Organization"]
    assert row["n"]["properties"]["name"] == "Sentinel Org"


def test_rows_are_capped(store: GraphStore) -> None:
    result = store.run_guarded("UNWIND range(1, 50) AS i RETURN i", row_cap=10)
    assert [r["i"] for r in result.rows] == list(range(1, 11))
    assert result.truncated and result.row_cap == 10


def test_a_syntax_error_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.run_guarded("MATC (n) RETURN n")


def test_a_query_that_runs_too_long_is_stopped(store: GraphStore) -> None:
    # The session's engine runs with a 5 s statement bound (tests/conftest.py).
    with pytest.raises(QueryError, match="time limit"):
        store.run_guarded(
            # Below the engine's range() size cap (which shrinks with its heap), far beyond 5 s of work.
            "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000) AS y WITH x, y WHERE (x * y) % 7 = 0 "
            "RETURN count(x) AS c"
        )
