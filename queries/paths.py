"""Rows of path-returning queries (a list of node maps and a list of hop maps) as typed paths."""

from __future__ import annotations

from typing import Any

from queries.answers import IDENTIFIER_KEYS, EntityRef, Hop, PathAnswer, Source

# The one shape of a path row, declared here and read below: every Cypher file that returns `nodes` and `hops`
# (and every other node map of an answer) returns these keys; a file may add keys its own module reads (a
# watchlist's listId, a grant's awardId). tests/unit/test_declarations.py holds every Cypher file to it.
NODE_KEYS: tuple[str, ...] = ("id", "name", "country", "countryNote", "kind", "labels", *IDENTIFIER_KEYS)
HOP_KEYS: tuple[str, ...] = (
    "type",
    "start",
    "end",
    "sharePct",
    "shareMin",
    "shareMax",
    "controlType",
    "role",
    "judgement",
    "evidence",
    "validFrom",
    "validTo",
    "dataset",
    "sourceId",
    "sourceUrl",
    "retrievedAt",
)


def hop(row: dict[str, Any]) -> Hop:
    low, high = row.get("shareMin"), row.get("shareMax")
    return Hop(
        type=row["type"],
        start=row["start"],
        end=row["end"],
        share_pct=row.get("sharePct"),
        share_range=[float(low), float(high)] if low is not None and high is not None else None,
        control_type=row.get("controlType"),
        role=row.get("role"),
        valid_from=row.get("validFrom"),
        valid_to=row.get("validTo"),
        judgement=row.get("judgement"),
        evidence=row.get("evidence"),
        source=Source(
            dataset=row.get("dataset"),
            source_id=row.get("sourceId"),
            source_url=row.get("sourceUrl"),
            retrieved_at=row.get("retrievedAt"),
        ),
    )


def path(nodes: list[dict[str, Any]], hops: list[dict[str, Any]]) -> PathAnswer:
    return PathAnswer(nodes=[EntityRef.from_row(n) for n in nodes], hops=[hop(h) for h in hops])
