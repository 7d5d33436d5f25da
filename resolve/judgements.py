"""Resolution judgements as SAME_AS relationships that explain themselves.

Each judged pair is written in both directions, with one stable id per direction (the one from the smaller id to
the larger is the pair's record; its mirror lets directed ownership patterns cross the link either way, see
queries/identity.py), both carrying `judgement` (auto, confirmed or rejected), `score`, `method`, `evidence`,
`decidedAt` and `decidedBy`. A person's
judgement replaces the algorithm's for that pair, and the algorithm never writes over a person's: a confirmed
pair stays merged and a rejected pair never merges again, whatever a later ingest brings. Nothing is deleted, so
a judgement can always be read back and reversed by another.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import queries
from graph.ids import make_id
from graph.model import Label, Provenance, Rel, Relation
from graph.store import GraphStore


class Judgement(StrEnum):
    AUTO = "auto"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


HUMAN = (Judgement.CONFIRMED, Judgement.REJECTED)


def pair_key(a: str, b: str) -> tuple[str, str]:
    if a == b:
        raise ValueError(f"an entity is trivially the same as itself: {a}")
    first, second = sorted((a, b))
    return first, second


def same_as(
    a: str, b: str, judgement: Judgement, score: float, method: str, evidence: str, decided_by: str
) -> tuple[Relation, Relation]:
    """The two SAME_AS relationships (smaller id to larger, and its mirror) recording one judgement on (a, b)."""
    first, second = pair_key(a, b)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    org = Label.ORGANIZATION
    provenance = Provenance(dataset="resolve", source_id=f"{first}|{second}", retrieved_at=now)
    props = {
        "judgement": judgement.value,
        "score": round(score, 4),
        "method": method,
        "evidence": evidence,
        "decidedAt": now,
        "decidedBy": decided_by,
    }
    return (
        Relation(make_id("resolve", first, second), Rel.SAME_AS, first, org, second, org, provenance, props),
        Relation(make_id("resolve", second, first), Rel.SAME_AS, second, org, first, org, provenance, props),
    )


def judge(store: GraphStore, a: str, b: str, judgement: Judgement, decided_by: str, note: str = "") -> int:
    """Record a person's judgement; returns 1 when written, 0 when either entity is not in the graph."""
    if judgement not in HUMAN:
        raise ValueError("a person confirms or rejects; 'auto' is the algorithm's")
    with store.writer() as writer:
        writer.add_all(
            same_as(a, b, judgement, 1.0 if judgement is Judgement.CONFIRMED else 0.0, "human", note, decided_by)
        )
    return min(1, writer.summary.relationships.get(Rel.SAME_AS.value, 0))


def mirror_missing(store: GraphStore) -> int:
    """Write the missing mirror of judgements stored in one direction only (graphs resolved by earlier versions),
    with the same judgement, score, evidence, decision time and author; returns how many were written."""
    rows = store.run(queries.load("unmirrored_judgements"))
    org = Label.ORGANIZATION
    mirrors = [
        Relation(
            make_id("resolve", r["b"], r["a"]),
            Rel.SAME_AS,
            r["b"],
            org,
            r["a"],
            org,
            Provenance(
                dataset="resolve", source_id=r["sourceId"] or f"{r['a']}|{r['b']}", retrieved_at=r["retrievedAt"]
            ),
            {
                k: r[k]
                for k in ("judgement", "score", "method", "evidence", "decidedAt", "decidedBy")
                if r[k] is not None
            },
        )
        for r in rows
    ]
    if mirrors:
        with store.writer() as writer:
            writer.add_all(mirrors)
    return len(mirrors)


def existing(store: GraphStore, kinds: tuple[Judgement, ...] = HUMAN) -> dict[tuple[str, str], Judgement]:
    """Judgements already in the graph for the given kinds, by pair."""
    rows = store.run(queries.load("judgements"), {"kinds": [k.value for k in kinds]})
    return {pair_key(r["a"], r["b"]): Judgement(r["judgement"]) for r in rows}
