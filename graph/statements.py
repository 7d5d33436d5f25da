"""The Cypher the store itself runs: schema DDL, batched upserts, counts.

Labels and relationship types cannot be Cypher parameters, so upserts and counts are written once as templates
and instantiated for every label and relationship endpoint pair declared in `graph.model`; nothing from a
request ever reaches these texts. `all_statements()` hands every instantiated text to the linter and the tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.cypher import Mode, Query, load_file, parse
from graph.model import ENDPOINTS, Label, Rel

_HERE = Path(__file__).parent

# Idempotent node upsert on the stable id (neo4j-graphrag batching + zavod first/last seen).
_UPSERT_NODES = """\
// name: upsert_nodes_{label}
// summary: Create or update {label} nodes by stable id; only lastSeen moves on a rerun with the same data.
// params: $rows: list of maps {{id, props}}, $runAt: string (ISO datetime)
// returns: upserted
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
ON CREATE SET n.firstSeen = $runAt
SET n += row.props, n.lastSeen = $runAt
RETURN count(n) AS upserted"""

# A placeholder node is only created, never updated: it must not overwrite what a fuller record wrote.
_ENSURE_NODES = """\
// name: ensure_nodes_{label}
// summary: Create {label} placeholder nodes that do not exist yet; existing nodes are left untouched.
// params: $rows: list of maps {{id, props}}, $runAt: string (ISO datetime)
// returns: upserted
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
ON CREATE SET n += row.props, n.firstSeen = $runAt, n.lastSeen = $runAt
RETURN count(n) AS upserted"""

# Anchored at both bound endpoints (indexed by label and id), then MERGE on the relationship's own stable id,
# so a rerun never duplicates an edge and two records of the same edge type between one pair stay distinct.
_UPSERT_RELS = """\
// name: upsert_rels_{type}_{start}_{end}
// summary: Create or update {type} relationships from {start} to {end} by stable id.
// params: $rows: list of maps {{id, src, dst, props}}, $runAt: string (ISO datetime)
// returns: upserted
UNWIND $rows AS row
MATCH (a:{start} {{id: row.src}})
MATCH (b:{end} {{id: row.dst}})
MERGE (a)-[r:{type} {{id: row.id}}]->(b)
ON CREATE SET r.firstSeen = $runAt
SET r += row.props, r.lastSeen = $runAt
RETURN count(r) AS upserted"""

_COUNT_NODES = """\
// name: count_nodes_{label}
// summary: Number of {label} nodes per source dataset.
// returns: dataset, n
MATCH (n:{label}) RETURN n.dataset AS dataset, count(n) AS n"""

_COUNT_RELS = """\
// name: count_rels_{type}
// summary: Number of {type} relationships per source dataset.
// returns: dataset, n
MATCH ()-[r:{type}]->() RETURN r.dataset AS dataset, count(r) AS n"""


_DELETE_NODES = """\
// name: delete_dataset_nodes_{label}
// summary: Delete up to $limit {label} nodes written by one source dataset, with their relationships.
// params: $dataset: string, $limit: integer
// returns: deleted
MATCH (n:{label} {{dataset: $dataset}})
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted"""

_DELETE_RELS = """\
// name: delete_dataset_rels_{type}
// summary: Delete up to $limit {type} relationships written by one source dataset.
// params: $dataset: string, $limit: integer
// returns: deleted
MATCH ()-[r:{type} {{dataset: $dataset}}]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted"""


@cache
def delete_dataset_nodes(label: Label) -> Query:
    return parse(_DELETE_NODES.format(label=label.value), f"delete_dataset_nodes_{label}", Mode.WRITE)


@cache
def delete_dataset_rels(rel: Rel) -> Query:
    return parse(_DELETE_RELS.format(type=rel.value), f"delete_dataset_rels_{rel}", Mode.WRITE)


@cache
def upsert_nodes(label: Label) -> Query:
    return parse(_UPSERT_NODES.format(label=label.value), f"upsert_nodes_{label}", Mode.WRITE)


@cache
def ensure_nodes(label: Label) -> Query:
    return parse(_ENSURE_NODES.format(label=label.value), f"ensure_nodes_{label}", Mode.WRITE)


@cache
def upsert_rels(rel: Rel, start: Label, end: Label) -> Query:
    if (start, end) not in ENDPOINTS[rel]:
        raise ValueError(f"{rel} cannot join {start} to {end}")
    text = _UPSERT_RELS.format(type=rel.value, start=start.value, end=end.value)
    return parse(text, f"upsert_rels_{rel}_{start}_{end}", Mode.WRITE)


@cache
def count_nodes(label: Label) -> Query:
    return parse(_COUNT_NODES.format(label=label.value), f"count_nodes_{label}")


@cache
def count_rels(rel: Rel) -> Query:
    return parse(_COUNT_RELS.format(type=rel.value), f"count_rels_{rel}")


@cache
def health_check() -> Query:
    return parse(
        "// name: health_check\n// summary: The engine answers.\n// returns: ok\nRETURN 1 AS ok",
        "health_check",
    )


@cache
def schema_ddl() -> tuple[Query, ...]:
    """DDL both backends run unchanged."""
    return tuple(load_file(_HERE / "schema.cypher", Mode.SCHEMA))


@cache
def neo4j_only_ddl() -> tuple[Query, ...]:
    """DDL only Neo4j accepts (the embedded engine builds its full-text index itself)."""
    return tuple(load_file(_HERE / "schema_neo4j.cypher", Mode.SCHEMA))


def all_statements() -> list[Query]:
    """Every Cypher text the graph layer can send, for the linter and the contract tests."""
    statements: list[Query] = [*schema_ddl(), *neo4j_only_ddl()]
    statements += [upsert_nodes(label) for label in Label]
    statements += [ensure_nodes(label) for label in Label]
    statements += [upsert_rels(rel, s, e) for rel, pairs in ENDPOINTS.items() for s, e in pairs]
    statements += [count_nodes(label) for label in Label]
    statements += [count_rels(rel) for rel in Rel]
    statements += [delete_dataset_rels(rel) for rel in Rel]
    statements += [delete_dataset_nodes(label) for label in Label]
    statements.append(health_check())
    return statements
