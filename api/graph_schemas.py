"""Response models of the graph routes (the investigation page's network view), built from query rows.

A neighbour tie is a path hop (queries.answers.Hop, the same shape every path in an answer uses) with the
direction seen from the expanded entity and the node at the other end, so the page labels both alike. A hub (a
funder with thousands of grants) is paged per relationship type: a few of each type, and how many more there are.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, Field

from queries.answers import EntityRef, Hop
from queries.paths import hop


class GraphNode(EntityRef):
    """Any node of the graph, with what the network view shows on it besides the name."""

    title: str | None = Field(default=None, description="A grant's or publication's title.")
    item: str | None = Field(default=None, description="What a gift of equipment or in kind was.")
    program: str | None = Field(default=None, description="A watchlist's program code.")
    amount: float | None = Field(default=None, description="A grant's or gift's amount, in `currency`.")
    currency: str | None = None
    date: str | None = Field(default=None, description="A gift's date, a grant's start date or a publication year.")

    @classmethod
    def from_node(cls, row: dict[str, Any]) -> GraphNode:
        date = row.get("date")
        return cls(
            **EntityRef.from_row(row).model_dump(),
            title=row.get("title"),
            item=row.get("item"),
            program=row.get("program"),
            amount=row.get("amount"),
            currency=row.get("currency"),
            date=None if date is None else str(date),
        )


class NeighbourTie(Hop):
    """One relationship of the expanded entity, oriented as stored (start -> end), with its provenance."""

    direction: Literal["in", "out"] = Field(description="'out' when the expanded entity is the start.")
    other: GraphNode = Field(description="The node at the other end.")
    program: str | None = Field(default=None, description="The listing's program (LISTED_ON).")
    reason: str | None = Field(default=None, description="Why it is listed (LISTED_ON), when the source says.")

    @classmethod
    def from_row(cls, center_id: str, row: dict[str, Any]) -> NeighbourTie:
        rel: dict[str, Any] = row["rel"]
        other = GraphNode.from_node(row["other"])
        outgoing = row["direction"] == "out"
        start, end = (center_id, other.id) if outgoing else (other.id, center_id)
        step = hop({**rel, "type": row["type"], "start": start, "end": end})
        return cls(
            **step.model_dump(),
            direction="out" if outgoing else "in",
            other=other,
            program=rel.get("program"),
            reason=rel.get("reason"),
        )


class TypeCount(BaseModel):
    """How many relationships of one type the entity has, and how many of them the answer shows."""

    type: str
    total: int = Field(description="Relationships of this type, in either direction.")
    shown: int = Field(description="Of those, in `relationships`.")
    more: int = Field(description="Not shown: what the page says as 'and N more'.")


class NeighboursResponse(BaseModel):
    entity: GraphNode
    relationships: list[NeighbourTie] = Field(
        description="Ownership and control first, then listings, then the rest by type; each with its source record."
    )
    types: list[TypeCount] = Field(description="Every type of relationship the entity has, in the same order.")
    truncated: bool = Field(description="The entity has relationships not shown (see `types`).")
    limit: int
    per_type: int

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], limit: int, per_type: int) -> NeighboursResponse:
        """Rows of queries/neighbours.cypher (at most per_type of each type, each with its type's total), kept to
        `limit` in all."""
        center = GraphNode.from_node(rows[0]["center"])
        ties = [NeighbourTie.from_row(center.id, r) for r in rows if r["type"] is not None][:limit]
        totals = {r["type"]: int(r["total"]) for r in rows if r["type"] is not None}  # dict keeps the row order
        shown = Counter(t.type for t in ties)
        types = [TypeCount(type=t, total=n, shown=shown[t], more=n - shown[t]) for t, n in totals.items()]
        return cls(
            entity=center,
            relationships=ties,
            types=types,
            truncated=any(c.more for c in types),
            limit=limit,
            per_type=per_type,
        )
