"""Ownership paths are walked node by node (queries/walks.py), never back and forth over a SAME_AS link and its
mirror: an organization of twenty records costs a few steps, and the paths are every simple path the Cypher rules
allow, checked against a plain enumeration of the relationships written.

The graph: one organization recorded twenty times (r0 joined to r1..r9, r1 to r10..r19, as resolution writes a
forest of judgements, each in both directions), an owner O of 60 % of r15, a subsidiary S 80 % owned by r7, and a
listing of r12. Placeholder names for the shape."""

from __future__ import annotations

import uuid

import pytest

from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore
from queries import profiles
from queries.answers import PathAnswer
from queries.check import check
from queries.control import DEFAULT_MAX_HOPS, downstream_paths, upstream_paths
from queries.identity import SAME_AS, SAME_AS_STEPS
from queries.proximity import listing_paths
from queries.walks import Neighbourhood
from resolve.judgements import Judgement, same_as

pytestmark = pytest.mark.e2e

PROV = Provenance(dataset="walks", source_id="fixture", retrieved_at="2026-12-06T00:00:00+00:00")
US = profiles.load("us-research-security")
Edge = tuple[str, str, str]  # (type, start, end)


@pytest.fixture(scope="module")
def graph(store: GraphStore) -> tuple[str, list[Edge]]:
    prefix = f"walk{uuid.uuid4().hex[:8]}"
    org = Label.ORGANIZATION
    records = [f"{prefix}-r{i}" for i in range(20)]
    owner, subsidiary, watchlist = f"{prefix}-owner", f"{prefix}-sub", f"{prefix}-list"
    items: list[Entity | Relation] = [
        Entity(r, org, PROV, {"name": f"Twenty Record Institute {i}", "country": "CN"}) for i, r in enumerate(records)
    ]
    items += [
        Entity(owner, org, PROV, {"name": "Walk Owner Holding", "country": "CN"}),
        Entity(subsidiary, org, PROV, {"name": "Walk Subsidiary Lab", "country": "US"}),
    ]
    items.append(Entity(watchlist, Label.WATCHLIST, PROV, {"name": "Entity List (EL) - Bureau of Industry and Security",
                                                          "program": "US-BIS-EL", "country": "US"}))  # fmt: skip
    pairs = [(records[0], records[i]) for i in range(1, 10)] + [(records[1], records[i]) for i in range(10, 20)]
    for a, b in pairs:
        items += same_as(a, b, Judgement.AUTO, 0.95, "name", "name 0.95", "tietrace-resolve")
    items += [
        Relation(f"{prefix}-owns1", Rel.OWNS, owner, org, records[15], org, PROV, {"sharePct": 60}),
        Relation(f"{prefix}-owns2", Rel.OWNS, records[7], org, subsidiary, org, PROV, {"sharePct": 80}),
        Relation(f"{prefix}-listed", Rel.LISTED_ON, records[12], org, watchlist, Label.WATCHLIST, PROV,
                 {"program": "US-BIS-EL", "validFrom": "2020-01-01"}),
    ]  # fmt: skip
    with store.writer() as writer:
        writer.add_all(items)
    edges = [(r.type.value, r.start_id, r.end_id) for r in items if isinstance(r, Relation) and r.type != Rel.LISTED_ON]
    return prefix, edges


def simple_paths(edges: list[Edge], start: str, inward: bool, ends: set[str] | None) -> set[tuple[Edge, ...]]:
    """Every simple path of at most DEFAULT_MAX_HOPS + SAME_AS_STEPS relationships, ending on an ownership step."""
    found: set[tuple[Edge, ...]] = set()

    def walk(node: str, seen: tuple[str, ...], path: tuple[Edge, ...]) -> None:
        if len(path) == DEFAULT_MAX_HOPS + SAME_AS_STEPS:
            return
        for edge in edges:
            kind, a, b = edge
            here, there = (b, a) if inward else (a, b)
            if here != node or there in seen:
                continue
            longer = (*path, edge)
            if kind != SAME_AS and (ends is None or there in ends):
                found.add(longer)
            walk(there, (*seen, there), longer)

    walk(start, (start,), ())
    return found


def test_upstream_and_downstream_paths_are_every_simple_path(store: GraphStore, graph: tuple[str, list[Edge]]) -> None:
    prefix, edges = graph
    start = f"{prefix}-r13"
    hood = Neighbourhood(store, "2026-12-06")
    up = upstream_paths(store, [start], "2026-12-06", hood=hood)[start]
    down = downstream_paths(store, start, "2026-12-06", hood)

    def steps(paths: list[PathAnswer]) -> set[tuple[Edge, ...]]:
        return {tuple((h.type, h.start, h.end) for h in p.hops) for p in paths}

    assert steps(up) == simple_paths(edges, start, inward=True, ends=None)
    assert steps(down) == simple_paths(edges, start, inward=False, ends=None)
    assert len(steps(up)) == len(up) and len(steps(down)) == len(down)  # each once
    for p in up + down:
        assert len({n.id for n in p.nodes}) == len(p.nodes)  # no node twice
    # r13 -> r1 -> r10..r19 -> r0 -> r2..r9: a query a level each way, not one per path or per record.
    assert hood.queries <= 2 * 5


def test_the_answer_through_twenty_records(store: GraphStore, graph: tuple[str, list[Edge]]) -> None:
    prefix, _ = graph
    result = check(store, f"{prefix}-r3", US, as_of="2026-12-06")
    [owner] = result.controllers
    assert (owner.id, owner.effective_pct, owner.controls) == (f"{prefix}-owner", 60.0, True)
    [near] = result.proximity
    assert (near.listed.id, near.hops) == (f"{prefix}-r12", 0)  # a record of the same organization: no distance
    assert [f.recipient.id for f in result.funding.flows] == []
    paths = listing_paths(store, f"{prefix}-r3", "2026-12-06").paths
    assert [(h.type, h.start, h.end) for h in paths[0].hops] == [
        (SAME_AS, f"{prefix}-r3", f"{prefix}-r0"),
        (SAME_AS, f"{prefix}-r0", f"{prefix}-r1"),
        (SAME_AS, f"{prefix}-r1", f"{prefix}-r12"),
        ("LISTED_ON", f"{prefix}-r12", f"{prefix}-list"),
    ]


def test_paths_to_a_listing_are_every_simple_path_either_way(store: GraphStore, graph: tuple[str, list[Edge]]) -> None:
    """Proximity walks 5 steps either way and keeps the paths that end on a listed record (r12): the walk skips
    branches too far from it, and must still find every such path."""
    prefix, edges = graph
    start, listed = f"{prefix}-sub", f"{prefix}-r12"
    linked: dict[str, set[str]] = {}
    for _, a, b in edges:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    expected: set[tuple[str, ...]] = set()

    def walk(nodes: tuple[str, ...]) -> None:
        if nodes[-1] == listed:
            expected.add(nodes)
        if len(nodes) == 6:  # 5 steps
            return
        for other in linked.get(nodes[-1], ()):
            if other not in nodes:
                walk((*nodes, other))

    walk((start,))
    paths = listing_paths(store, start, "2026-12-06").paths
    assert expected and {tuple(n.id for n in p.nodes[:-1]) for p in paths} == expected
    assert len(paths) == len(expected)  # a SAME_AS link is one step, not one per direction
