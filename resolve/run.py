"""A resolution run over the whole graph: every organization matched against all the others.

A pair at or above the merge threshold becomes an automatic SAME_AS with its score, method and evidence; a pair in
the review band is listed for a person; pairs people already judged are left exactly as they are. Rerunning
gives the same SAME_AS relationships (stable ids, and only `lastSeen` moves), so resolution can follow every
ingest.

Links are written as a forest, not a clique: a pair whose records are already joined through other links (of this
run, by falling score, or already in the graph) adds nothing to who is who, so it is counted as implied and not
written. One institution on eleven lists is then ten links, not fifty-five, and the investigations, which walk
SAME_AS steps as no hop, enumerate a handful of paths through it instead of every ordering of its records.
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
from names.normalize import cjk
from resolve.judgements import HUMAN, Judgement, existing, mirror_missing, pair_key, same_as
from resolve.matcher import Candidate, Matcher

ALGORITHM = "tietrace-resolve"


@dataclass(slots=True)
class ResolveSummary:
    organizations: int = 0
    merged: int = 0
    review: list[dict[str, Any]] = field(default_factory=list)
    kept_human: int = 0
    implied: int = 0  # pairs found whose records other links already join: not written (see the module docstring)

    def as_dict(self, review_file: Path) -> dict[str, Any]:
        """The summary as the CLI prints it with --json."""
        return {
            "organizations": self.organizations,
            "linked": self.merged,
            "review": len(self.review),
            "keptHumanJudgements": self.kept_human,
            "implied": self.implied,
            "reviewFile": str(review_file),
        }


def dataset_organizations(store: GraphStore, dataset: str) -> set[str]:
    return {r["id"] for r in store.run(queries.load("dataset_organizations"), {"dataset": dataset})}


def resolve(
    store: GraphStore,
    matcher: Matcher | None = None,
    dry_run: bool = False,
    only: Collection[str] | None = None,
    keep_in: Path | None = None,
) -> ResolveSummary:
    """Match organizations against every organization in the graph: all of them, or only the ids in `only` (the
    records an ingest just wrote; a pair is found from either side, so matching the new records is enough). The
    index is built with `keep_in` (Matcher.from_store): the one `tietrace screen` then loads, if nothing changed."""
    matcher = matcher or Matcher.from_store(store, keep_in=keep_in)
    if not dry_run:
        mirror_missing(store)
    judged = existing(store, HUMAN)
    linked = existing(store, (Judgement.AUTO, Judgement.CONFIRMED))
    forest = _Forest(linked)
    found: list[tuple[float, tuple[str, str], str, str]] = []
    probes = [o for o in matcher.orgs if only is None or o.ref.id in only]
    summary = ResolveSummary(organizations=len(probes))
    best: dict[tuple[str, str], tuple[Candidate, str | None]] = {}  # pair -> its best candidate, the probe's name
    decisions: list[Relation] = []
    for org in probes:
        for name in probe_names(org.ref.name, org.compared, all_names=only is not None):
            for candidate in matcher.match(name, org.ref.country, org.identifiers, limit=10, remember=False):
                other = candidate.entity.id
                if other == org.ref.id or candidate.score < matcher.review_threshold:
                    continue
                key = pair_key(org.ref.id, other)
                held = best.get(key)
                if held is None or candidate.score > held[0].score:
                    best[key] = (candidate, org.ref.name)
    placed_apart = _placed_apart(
        matcher, [k for k, (c, _) in best.items() if c.score >= matcher.match_threshold], linked
    )
    for key, (candidate, probe_name) in sorted(best.items()):
        if key in judged:
            summary.kept_human += 1
            continue
        evidence = "; ".join(candidate.reasons)
        apart = _held_apart(matcher, placed_apart, key)
        if candidate.score >= matcher.match_threshold and apart is not None:
            # Which of them the record without a country is, no name can say: a person decides.
            evidence += (
                f"; a record without a country that records in {len(apart)} countries match ({', '.join(apart)})"
            )
        if candidate.score >= matcher.match_threshold and apart is None:
            found.append((candidate.score, key, _method(candidate.reasons[0]), evidence))
        else:
            summary.review.append(
                {
                    "a": key[0],
                    "b": key[1],
                    "score": candidate.score,
                    "evidence": evidence,
                    "names": [probe_name, candidate.entity.name],
                }
            )
    # Strongest first, so the forest keeps the best evidence; a pair already linked in the graph is written again
    # (a rerun changes nothing but lastSeen).
    for score, key, method, evidence in sorted(found, key=lambda f: (-f[0], f[1])):
        if key not in linked and not forest.join(*key):
            summary.implied += 1
            continue
        forest.join(*key)
        decisions.extend(same_as(*key, Judgement.AUTO, score, method, evidence, ALGORITHM))
    summary.merged = len(decisions) // 2  # each pair is written in both directions
    if not dry_run and decisions:
        with store.writer() as writer:
            writer.add_all(decisions)
    return summary


@dataclass(frozen=True, slots=True)
class _PlacedApart:
    countries: list[str]  # of the placed records that match it
    listed_in: str | None  # the one country of those on a list, if they are all in one


def _placed_apart(
    matcher: Matcher, pairs: Collection[tuple[str, str]], linked: Collection[tuple[str, str]]
) -> dict[str, _PlacedApart]:
    """Records without a country that records of two countries or more match (this run's pairs at the merge
    threshold, and the graph's links): one name for several organizations. Section 1286's "National Defense
    University" (China's) is matched by ROR's universities of that name in the US, Taiwan, Azerbaijan and
    Mongolia as well as by the Entity List's; linked to all of them, the American one was a listed organization.
    Only the matching records that a list names too stay links (a list's record of a listed institution is its
    twin, ROR's namesakes are not), and only when they are all in one country; the other pairs go to review."""
    countries: dict[str, set[str]] = {}
    listed: dict[str, set[str]] = {}
    for a, b in [*pairs, *linked]:
        for unplaced, placed in ((a, b), (b, a)):
            country = matcher.record_country(placed)
            if matcher.record_country(unplaced) is None and country is not None:
                countries.setdefault(unplaced, set()).add(country)
                if matcher.record_listed(placed):
                    listed.setdefault(unplaced, set()).add(country)
    return {
        record: _PlacedApart(sorted(found), next(iter(listed[record])) if len(listed.get(record, ())) == 1 else None)
        for record, found in countries.items()
        if len(found) > 1
    }


def _held_apart(matcher: Matcher, placed_apart: dict[str, _PlacedApart], key: tuple[str, str]) -> list[str] | None:
    """The countries that make a pair of a record placed apart with a placed record a question for a person, or
    None when the pair may be a link (no record of it placed apart, two records without a country, or the placed
    one a list's record in the country of all its listed matches)."""
    for unplaced, placed in (key, key[::-1]):
        apart = placed_apart.get(unplaced)
        country = matcher.record_country(placed)
        if apart is None or country is None:
            continue
        if apart.listed_in == country and matcher.record_listed(placed):
            return None
        return apart.countries
    return None


class _Forest:
    """Union-find over the links in the graph and those this run writes."""

    def __init__(self, links: Collection[tuple[str, str]]) -> None:
        self._parent: dict[str, str] = {}
        for a, b in links:
            self.join(a, b)

    def _root(self, x: str) -> str:
        while self._parent.get(x, x) != x:
            self._parent[x] = self._parent.get(self._parent[x], self._parent[x])
            x = self._parent[x]
        return x

    def join(self, a: str, b: str) -> bool:
        """Join the two; False when they were joined already."""
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return False
        self._parent[max(ra, rb)] = min(ra, rb)
        return True


def probe_names(main: str | None, compared: list[str], all_names: bool) -> list[str]:
    """The names a record is matched by: its main name, and with `all_names` each of its other names too, those
    compared by likeness (not its abbreviations) and not in Han script (a Han-script name no record holds is
    translated, which is a review at most: never a link).

    A probe's name is compared with every name of every candidate, not the other way round, so a run that probes
    only the records an ingest wrote must probe each of their names: ROR's "Air Force Harbin Flying College",
    probed by its main name, scored 0.37 against the list's "Air Force Harbin Flight Academy", which ROR holds as
    another name of that record. A run over the whole graph probes every record's main name, which meets every
    name of every other record: only a pair whose shared name is neither's main name is left to `only` runs."""
    first = main or (compared[0] if compared else None)
    names = [first] if first else []
    if all_names:
        names += [n for n in compared if n != first and not cjk(n)]
    return list(dict.fromkeys(names))


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
