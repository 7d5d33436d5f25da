"""A resolution run over the whole graph: every organization matched against all the others.

A pair at or above the merge threshold becomes an automatic SAME_AS with its score, method and evidence; a pair in
the review band is listed for a person; pairs people already judged are left exactly as they are. Rerunning
gives the same SAME_AS relationships (stable ids, and only `lastSeen` moves), so resolution can follow every
ingest.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import queries
from graph.model import Relation
from graph.store import GraphStore
from resolve.judgements import HUMAN, Judgement, existing, mirror_missing, pair_key, same_as
from resolve.matcher import Matcher

ALGORITHM = "tietrace-resolve"


@dataclass(slots=True)
class ResolveSummary:
    organizations: int = 0
    merged: int = 0
    review: list[dict[str, Any]] = field(default_factory=list)
    kept_human: int = 0

    def as_dict(self, review_file: Path) -> dict[str, Any]:
        """The summary as the CLI prints it with --json."""
        return {
            "organizations": self.organizations,
            "linked": self.merged,
            "review": len(self.review),
            "keptHumanJudgements": self.kept_human,
            "reviewFile": str(review_file),
        }


def dataset_organizations(store: GraphStore, dataset: str) -> set[str]:
    return {r["id"] for r in store.run(queries.load("dataset_organizations"), {"dataset": dataset})}


def resolve(
    store: GraphStore, matcher: Matcher | None = None, dry_run: bool = False, only: Collection[str] | None = None
) -> ResolveSummary:
    """Match organizations against every organization in the graph: all of them, or only the ids in `only` (the
    records an ingest just wrote; a pair is found from either side, so matching the new records is enough)."""
    matcher = matcher or Matcher.from_store(store)
    if not dry_run:
        mirror_missing(store)
    judged = existing(store, HUMAN)
    probes = [o for o in matcher.orgs if only is None or o.ref.id in only]
    summary = ResolveSummary(organizations=len(probes))
    seen: set[tuple[str, str]] = set()
    decisions: list[Relation] = []
    for org in probes:
        name = org.ref.name or (org.names[0] if org.names else None)
        for candidate in matcher.match(name, org.ref.country, org.identifiers, limit=10):
            other = candidate.entity.id
            if other == org.ref.id or candidate.score < matcher.review_threshold:
                continue
            key = pair_key(org.ref.id, other)
            if key in seen:
                continue
            seen.add(key)
            if key in judged:
                summary.kept_human += 1
                continue
            evidence = "; ".join(candidate.reasons)
            if candidate.score >= matcher.match_threshold:
                method = _method(candidate.reasons[0])
                decisions.extend(same_as(*key, Judgement.AUTO, candidate.score, method, evidence, ALGORITHM))
            else:
                summary.review.append(
                    {
                        "a": key[0],
                        "b": key[1],
                        "score": candidate.score,
                        "evidence": evidence,
                        "names": [org.ref.name, candidate.entity.name],
                    }
                )
    summary.merged = len(decisions) // 2  # each pair is written in both directions
    if not dry_run and decisions:
        with store.writer() as writer:
            writer.add_all(decisions)
    return summary


def _method(first_reason: str) -> str:
    """How a pair was found, from the matcher's first reason: an identifier, a name's spelling, or its meaning."""
    if first_reason.startswith("identifier"):
        return "identifier"
    return "name_meaning" if first_reason.startswith("same words") else "name"


def write_review(summary: ResolveSummary, path: Path) -> Path:
    """The pairs for a person to judge, one JSON object per line (names, score, evidence)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in summary.review), encoding="utf-8")
    return path
