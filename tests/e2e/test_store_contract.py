"""The GraphStore port on a real engine (embedded by default, Neo4j when TIETRACE_GRAPH_URI is set)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import queries
from graph.cypher import Query, parse
from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore
from resolve.judgements import Judgement, same_as
from tests.graphs import load_graph

PROBE = parse(
    "// name: probe\n// summary: test probe\n// params: $ids: list\n// returns: id, firstSeen, lastSeen, dataset\n"
    "UNWIND $ids AS wanted MATCH (n:Organization {id: wanted}) "
    "RETURN n.id AS id, n.firstSeen AS firstSeen, n.lastSeen AS lastSeen, n.dataset AS dataset ORDER BY id",
    "probe",
)
EDGES = parse(
    "// name: edges\n// summary: test probe\n// params: $id: string\n// returns: src, type, share, dataset, sourceId\n"
    "MATCH (b:Organization {id: $id})<-[r]-(a) "
    "RETURN a.id AS src, type(r) AS type, r.sharePct AS share, r.dataset AS dataset, r.sourceId AS sourceId "
    "ORDER BY src",
    "edges",
)


def small_graph(prefix: str, prov: Provenance) -> list[Entity | Relation]:
    org = Label.ORGANIZATION
    return [
        Entity(f"{prefix}-a", org, prov, {"name": "Alpha Holdings", "country": "CN", "kind": "company"}),
        Entity(f"{prefix}-b", org, prov, {"name": "Beta Biotech", "country": "US", "lei": f"{prefix}LEI"}),
        Entity(f"{prefix}-p", Label.PERSON, prov, {"name": "A. Person", "country": "CN"}),
        Relation(f"{prefix}-r1", Rel.OWNS, f"{prefix}-a", org, f"{prefix}-b", org, prov, {"sharePct": 60.0}),
        Relation(
            f"{prefix}-r2",
            Rel.CONTROLS,
            f"{prefix}-p",
            Label.PERSON,
            f"{prefix}-b",
            org,
            prov,
            {"controlType": "board_seats", "validFrom": "2020-01-01"},
        ),
    ]


def write(store: GraphStore, items: list[Entity | Relation], batch_size: int = 5000) -> Any:
    with store.writer(batch_size=batch_size) as writer:
        writer.add_all(items)
    return writer.summary


def test_upsert_writes_nodes_and_relationships_with_provenance(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    summary = write(store, small_graph(prefix, provenance))
    assert summary.nodes == {"Organization": 2, "Person": 1}
    assert summary.relationships == {"OWNS": 1, "CONTROLS": 1}
    assert summary.missing_endpoints == 0
    edges = store.run(EDGES, {"id": f"{prefix}-b"})
    assert edges == [
        {"src": f"{prefix}-a", "type": "OWNS", "share": 60.0, "dataset": "test", "sourceId": "fixture"},
        {"src": f"{prefix}-p", "type": "CONTROLS", "share": None, "dataset": "test", "sourceId": "fixture"},
    ]


def test_rerun_changes_nothing_but_last_seen(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    items = small_graph(prefix, provenance)
    write(store, items)
    before_stats = store.stats()
    before = store.run(PROBE, {"ids": [f"{prefix}-a", f"{prefix}-b"]})
    write(store, items)
    after = store.run(PROBE, {"ids": [f"{prefix}-a", f"{prefix}-b"]})
    assert store.stats() == before_stats
    assert [r["firstSeen"] for r in after] == [r["firstSeen"] for r in before]
    assert all(r["lastSeen"] >= b["lastSeen"] for r, b in zip(after, before, strict=True))


def test_relationships_to_unknown_nodes_are_counted_not_written(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    org = Label.ORGANIZATION
    items: list[Entity | Relation] = [
        Entity(f"{prefix}-a", org, provenance, {"name": "A"}),
        Relation(f"{prefix}-r", Rel.OWNS, f"{prefix}-ghost", org, f"{prefix}-a", org, provenance),
    ]
    summary = write(store, items)
    assert summary.missing_endpoints == 1
    assert summary.relationships == {"OWNS": 0}
    assert store.run(EDGES, {"id": f"{prefix}-a"}) == []


def test_batches_smaller_than_the_input_write_everything(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    org = Label.ORGANIZATION
    items: list[Entity | Relation] = [Entity(f"{prefix}-{i}", org, provenance, {"name": f"Org {i}"}) for i in range(23)]
    items += [
        Relation(f"{prefix}-r{i}", Rel.OWNS, f"{prefix}-{i}", org, f"{prefix}-{i + 1}", org, provenance)
        for i in range(22)
    ]
    summary = write(store, items, batch_size=5)
    assert summary.nodes == {"Organization": 23}
    assert summary.relationships == {"OWNS": 22}
    assert summary.batches >= 10
    ids = [r["id"] for r in store.run(PROBE, {"ids": [f"{prefix}-{i}" for i in range(23)]})]
    assert len(ids) == 23


NAMES = parse(
    "// name: names\n// summary: test probe\n// params: $ids: list\n// returns: id, name, country, lei\n"
    "UNWIND $ids AS wanted MATCH (n:Organization {id: wanted}) "
    "RETURN n.id AS id, n.name AS name, n.country AS country, n.lei AS lei ORDER BY id",
    "names",
)


def test_rows_of_one_node_in_a_batch_land_as_successive_merges_would(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    """The writer folds a batch's rows of one node into one MERGE: the later row's properties win, the earlier
    row's other properties stay, a placeholder only creates (its first row counts), and every row is counted."""
    org = Label.ORGANIZATION
    items: list[Entity | Relation] = [
        Entity(f"{prefix}-list", org, provenance, {"name": "Old title", "country": "US"}),
        Entity(f"{prefix}-list", org, provenance, {"name": "New title", "lei": f"{prefix}LEI"}),
        Entity(f"{prefix}-list", org, provenance, {"name": "Newest title"}),
        Entity(f"{prefix}-ghost", org, provenance, {"name": "First placeholder"}, placeholder=True),
        Entity(f"{prefix}-ghost", org, provenance, {"name": "Second placeholder"}, placeholder=True),
    ]
    summary = write(store, items)
    assert summary.nodes == {"Organization": 5}
    assert store.run(NAMES, {"ids": [f"{prefix}-ghost", f"{prefix}-list"]}) == [
        {"id": f"{prefix}-ghost", "name": "First placeholder", "country": None, "lei": None},
        {"id": f"{prefix}-list", "name": "Newest title", "country": "US", "lei": f"{prefix}LEI"},
    ]


def test_stats_count_every_label_and_type(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    before = store.stats()
    write(store, small_graph(prefix, provenance))
    after = store.stats()
    assert set(after["nodes"]) == {label.value for label in Label}
    assert set(after["relationships"]) == {rel.value for rel in Rel}
    assert after["nodes"]["Organization"] - before["nodes"]["Organization"] == 2
    assert after["nodes"]["Person"] - before["nodes"]["Person"] == 1
    assert after["relationships"]["OWNS"] - before["relationships"]["OWNS"] == 1


def test_apply_schema_is_idempotent(store: GraphStore) -> None:
    store.apply_schema()
    store.apply_schema()
    assert store.check_health()


# Parameters that have an answer in tests/fixtures/graphs/known_answers.yml ("@x" is fixture node x).
PARAMS_FOR: dict[str, dict[str, Any]] = {
    "entity": {"ids": ["@m"]},
    "organization_search": {"q": "Funded", "limit": 5},
    "entity_by_identifier": {"ror": "00known00"},
    "steps": {"asks": [{"id": "@x", "way": "in"}, {"id": "@b", "way": "out"}, {"id": "@m", "way": "both"}]},
    "listed_on": {"ids": ["@l", "@k"], "asOf": "2026-01-01"},
    "funding": {"ids": ["@m"], "asOf": None},
    "proximity": {"ids": ["@m"], "maxHops": 4, "asOf": None, "maxPaths": 100},
    "ties": {"ids": ["@m"], "asOf": None, "maxRows": 100},
    "organizations": {"afterId": "", "limit": 10},
    "people": {"afterId": "", "limit": 10},
    "judgements": {"kinds": ["auto", "confirmed", "rejected"]},
    "neighbours": {"id": "@m", "limit": 50},
    "dataset_organizations": {"dataset": "fixture"},
    "twins": {"ids": ["@s"]},
    "unmirrored_judgements": {},
    "publication_by_doi": {"doi": "10.5555/known.answers"},
    "records": {"ids": ["@m", "@s"]},
    "organization_statuses": {"ids": ["@m", "@s"]},
    "reporting_exceptions": {"ids": ["@withheld"]},
    "same_as_links": {},
    "watchlists": {"asOf": "2026-01-01"},
    "names": {"ids": ["@m", "@pat"]},
    "person_search": {"words": [["known", "KNOWN", "Known"], ["pat", "PAT", "Pat"]], "limit": 5},
    "person_roles": {"id": "@pat", "asOf": None},
    "researcher_records": {"id": "@r_me", "orcid": "0000-0001-5555-0001"},
    "researcher_affiliations": {"ids": ["@r_me"]},
    "researcher_funding": {"ids": ["@r_me"]},
    "researcher_coauthorships": {"ids": ["@r_me"]},
    "researcher_equipment": {"ids": ["@r_me"]},
    "researcher_namesakes": {"ids": ["@r_me"], "maxRows": 100},
}


@pytest.fixture(scope="module")
def known(store: GraphStore) -> dict[str, str]:
    ids = load_graph(store, "known_answers", "qc", name_suffix=" QC")
    return ids | load_graph(store, "researcher", "qc", name_suffix=" QC")


def resolve(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return ids[value[1:]]
    if isinstance(value, list):
        return [resolve(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, ids) for k, v in value.items()}
    return value


def write_one_way_judgement(store: GraphStore, prefix: str) -> None:
    provenance = Provenance(dataset="fixture", source_id=prefix, retrieved_at="2026-11-25T00:00:00+00:00")
    a, b = f"{prefix}-a", f"{prefix}-b"
    with store.writer() as writer:
        for entity_id in (a, b):
            writer.add(Entity(entity_id, Label.ORGANIZATION, provenance, {"name": f"One Way {entity_id}"}))
        writer.add(same_as(a, b, Judgement.CONFIRMED, 1.0, "human", "fixture", "fixture")[0])


def test_every_shipped_query_has_parameters_here() -> None:
    assert set(PARAMS_FOR) == set(queries.names())


@pytest.mark.parametrize("query", queries.all_queries(), ids=lambda q: q.name)
def test_every_shipped_query_runs_and_returns_its_declared_columns(
    store: GraphStore, known: dict[str, str], query: Query
) -> None:
    if query.name == "unmirrored_judgements":
        # The known graph stores its judgement both ways, as resolution does; this writes one the way earlier
        # versions did, so the query has something to find.
        write_one_way_judgement(store, f"qc-oneway-{uuid.uuid4().hex[:8]}")
    params = {k: resolve(v, known) for k, v in PARAMS_FOR[query.name].items()}
    params = {name: params.get(name) for name in query.params} | params
    if "ftIndex" in query.params:
        params["ftIndex"] = store.fulltext_index
    rows = store.run(query, params)
    assert rows, f"{query.name} returned nothing on a graph that holds an answer"
    assert list(rows[0]) == list(query.returns)


def test_entity_query_answers_with_identifiers(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    write(store, small_graph(prefix, provenance))
    [row] = store.run(queries.load("entity"), {"ids": [f"{prefix}-b"]})
    assert row["name"] == "Beta Biotech"
    assert row["identifiers"]["lei"] == f"{prefix}LEI"
    assert (row["dataset"], row["sourceId"]) == ("test", "fixture")


def test_fulltext_search_finds_by_name(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    write(store, small_graph(prefix, provenance))
    rows = store.run(queries.load("organization_search"), {"ftIndex": store.fulltext_index, "q": "Alpha", "limit": 50})
    assert f"{prefix}-a" in [r["id"] for r in rows]
    assert all(r["score"] > 0 for r in rows)


def test_delete_dataset_removes_only_that_source(store: GraphStore, prefix: str) -> None:
    mine = Provenance(dataset=f"{prefix}_src", source_id="x", retrieved_at="2026-11-25T00:00:00Z")
    other = Provenance(dataset=f"{prefix}_other", source_id="y", retrieved_at="2026-11-25T00:00:00Z")
    org = Label.ORGANIZATION
    write(
        store,
        [
            Entity(f"{prefix}-m1", org, mine, {"name": "Mine 1"}),
            Entity(f"{prefix}-m2", org, mine, {"name": "Mine 2"}),
            Entity(f"{prefix}-o1", org, other, {"name": "Other"}),
            Relation(f"{prefix}-r1", Rel.OWNS, f"{prefix}-m1", org, f"{prefix}-m2", org, mine),
            Relation(f"{prefix}-r2", Rel.OWNS, f"{prefix}-o1", org, f"{prefix}-m1", org, other),
            Relation(f"{prefix}-r3", Rel.CONTROLS, f"{prefix}-o1", org, f"{prefix}-o1", org, mine),
        ],
    )
    assert store.delete_dataset(f"{prefix}_src") == 4  # OWNS r1 and CONTROLS r3, then m1 and m2 (with r2)
    sources = store.stats()["sources"]
    assert f"{prefix}_src" not in sources
    assert sources[f"{prefix}_other"]["nodes"] == {"Organization": 1}
    assert store.delete_dataset(f"{prefix}_src") == 0


def test_placeholders_create_but_never_overwrite(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    org = Label.ORGANIZATION
    other = Provenance(dataset="other", source_id="rr-1", retrieved_at="2026-11-26T00:00:00Z")
    write(store, [Entity(f"{prefix}-full", org, provenance, {"name": "Legal Name Ltd", "country": "GB"})])
    write(
        store,
        [
            Entity(f"{prefix}-full", org, other, {"name": "LEI123"}, placeholder=True),
            Entity(f"{prefix}-new", org, other, {"name": "LEI456"}, placeholder=True),
        ],
    )
    rows = store.run_guarded(
        "MATCH (n:Organization) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name, n.dataset AS dataset ORDER BY id",
        {"ids": [f"{prefix}-full", f"{prefix}-new"]},
    ).rows
    assert rows == [
        {"id": f"{prefix}-full", "name": "Legal Name Ltd", "dataset": "test"},
        {"id": f"{prefix}-new", "name": "LEI456", "dataset": "other"},
    ]
