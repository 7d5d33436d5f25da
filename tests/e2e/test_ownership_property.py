"""Effective ownership from Cypher + Python equals a plain Python reference on random graphs, cycles included."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore
from queries.control import controllers

PROV = Provenance(dataset="property", source_id="generated", retrieved_at="2026-11-25T00:00:00+00:00")


@st.composite
def ownership_graphs(draw: st.DrawFn) -> tuple[int, dict[tuple[int, int], int], int]:
    """(node count, {(owner, owned): share %}, hop bound): any directed graph without self-loops or parallel edges."""
    size = draw(st.integers(min_value=2, max_value=7))
    pairs = [(a, b) for a in range(size) for b in range(size) if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 14)))
    shares = {pair: draw(st.integers(min_value=1, max_value=100)) for pair in chosen}
    hops = draw(st.integers(min_value=1, max_value=6))
    return size, shares, hops


def reference(shares: dict[tuple[int, int], int], target: int, max_hops: int) -> dict[int, float]:
    """Sum over simple chains (no node twice, at most max_hops steps) of the product of shares, by owner."""
    owners_of: dict[int, list[tuple[int, int]]] = {}
    for (owner, owned), pct in shares.items():
        owners_of.setdefault(owned, []).append((owner, pct))
    totals: dict[int, float] = {}

    def walk(node: int, product: float, seen: frozenset[int], depth: int) -> None:
        if depth == max_hops:
            return
        for owner, pct in owners_of.get(node, []):
            if owner in seen:
                continue
            value = product * pct / 100
            totals[owner] = totals.get(owner, 0.0) + value
            walk(owner, value, seen | {owner}, depth + 1)

    walk(target, 1.0, frozenset({target}), 0)
    return totals


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=ownership_graphs())
def test_effective_ownership_matches_the_reference(
    store: GraphStore, graph: tuple[int, dict[tuple[int, int], int], int]
) -> None:
    size, shares, max_hops = graph
    prefix = f"prop{uuid.uuid4().hex[:10]}"
    org = Label.ORGANIZATION
    with store.writer() as writer:
        writer.add_all([Entity(f"{prefix}-{i}", org, PROV, {"name": f"Node {i}"}) for i in range(size)])
        writer.add_all(
            [
                Relation(
                    f"{prefix}-{a}-{b}", Rel.OWNS, f"{prefix}-{a}", org, f"{prefix}-{b}", org, PROV, {"sharePct": pct}
                )
                for (a, b), pct in shares.items()
            ]
        )
    found = {c.id: c.effective_pct for c in controllers(store, f"{prefix}-0", max_hops=max_hops)}
    expected = {f"{prefix}-{owner}": min(100.0, value * 100) for owner, value in reference(shares, 0, max_hops).items()}
    assert set(found) == set(expected)
    for owner, pct in expected.items():
        assert found[owner] == pytest.approx(pct, abs=1e-6), owner
