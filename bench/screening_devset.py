"""Screening quality on the dev set of real names, tietrace and nomenklatura's logic-v2 on the same rows.

    .venv/bin/python -m bench.screening_devset [--no-baseline]

The graph is bench/screening_graph.py's: the BIS Entity List, 1260H and Section 1286 (two editions) and every ROR
record of shared/data, joined by SAME_AS where names agree, less the ROR records of the dev set's negatives (an
unlisted collaborator must be told apart by its name, not by finding itself). The dev set is
tests/fixtures/screening/devset/devset.csv (bench/screening_devset_build.py).

A row is flagged when the outcome is match or review and its top candidate is a listed organization (one of its
SAME_AS records is on a list); it is right when that organization holds the expected listed record. Match P/R counts
`match` only, match-or-review P/R/F1 both. Every row is screened twice: as written, and with its country blanked
(`*_no_country`: a collaborator list may carry no country, and a shared abbreviation then has nothing to lean on).
Speed: rows/s over the whole set with the index warm (first sight of
each name, and again once every name was normalized), and a 1,000-row
CSV parsed (screening.collaborators) and screened end to end with the index warm, as the API serves it (the index is
built once per process: its build time is reported apart).

Baseline: nomenklatura's logic-v2 (yente's default algorithm) compares the row as an FtM Organization (name,
country) with each candidate record as an FtM Organization (name and aliases as name, acronyms as weakAlias,
country), over the same candidates our blocking index proposes (it has no index of its own); the best record's
organization is its answer, a match at 0.7 (yente's threshold) and a review at 0.5.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.machine import describe, git_commit
from bench.screening_devset_build import OUT as DEVSET
from bench.screening_graph import Graph, build
from resolve.matcher import Matcher, _query_abbreviation

RESULTS = Path(__file__).parent / "results"
NK_MATCH, NK_REVIEW = 0.7, 0.5


@dataclass(slots=True)
class Outcome:
    status: str  # match, review, no_match
    organization: set[str]  # the top candidate's records


def load_devset(path: Path = DEVSET) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ours(matcher: Matcher, row: dict[str, str]) -> Outcome:
    found = matcher.match(row["name"], row["country"] or None, limit=5, collapse=True)
    status = matcher.status(found)
    return Outcome(status, set(found[0].records) if found else set())


class LogicV2:
    """nomenklatura's logic-v2 over the candidates of our blocking index."""

    def __init__(self, matcher: Matcher) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig

        self.model, self.algorithm = model, get_algorithm("logic-v2")
        self.config = ScoringConfig.defaults()
        self.matcher = matcher
        self.entities: dict[int, Any] = {}
        self.queries = 0

    def _entity(self, index: int) -> Any:
        if index not in self.entities:
            org = self.matcher.orgs[index]
            entity = self.model.make_entity("Organization")
            entity.id = f"r-{org.ref.id}"
            entity.add("name", org.compared or [org.ref.name])
            entity.add("weakAlias", [a.upper() for a in org.acronyms])
            if org.ref.country:
                entity.add("country", org.ref.country.lower())
            self.entities[index] = entity
        return self.entities[index]

    def __call__(self, row: dict[str, str]) -> Outcome:
        self.queries += 1
        query = self.model.make_entity("Organization")
        query.id = f"q-{self.queries}"
        query.add("name", row["name"])
        if row["country"]:
            query.add("country", row["country"].lower())
        short = _query_abbreviation(row["name"])
        pool = list(dict.fromkeys([*self.matcher.by_acronym.get(short or "", []), *self.matcher._blocked(row["name"])]))
        best, best_index = 0.0, None
        for index in pool:
            score = self.algorithm.compare(query, self._entity(index), self.config).score
            if score > best:
                best, best_index = score, index
        if best_index is None:
            return Outcome("no_match", set())
        cluster = self.matcher.identity.canonical(self.matcher.orgs[best_index].ref.id)
        records = {self.matcher.orgs[i].ref.id for i in self.matcher._members(cluster)}
        status = "match" if best >= NK_MATCH else "review" if best >= NK_REVIEW else "no_match"
        return Outcome(status, records)


def evaluate(graph: Graph, rows: list[dict[str, str]], outcomes: list[Outcome]) -> dict[str, Any]:
    counts: dict[str, float] = defaultdict(float)
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, outcome in zip(rows, outcomes, strict=True):
        expected = (
            graph.by_list_name.get((row["expected_list"], row["expected_name"])) if row["expected_list"] else None
        )
        listed = any(r in graph.listed for r in outcome.organization)
        flagged = outcome.status in ("match", "review") and listed
        right = expected is not None and expected in outcome.organization
        if expected is not None:
            counts["positives"] += 1
            by_category[row["category"]][1] += 1
            if flagged and right:
                by_category[row["category"]][0] += 1
        else:
            counts["negatives"] += 1
            counts["negatives_flagged"] += flagged
        if flagged:
            counts["flagged"] += 1
            counts["flagged_right"] += right
            if outcome.status == "match":
                counts["matched"] += 1
                counts["matched_right"] += right

    def ratio(a: float, b: float) -> float:
        return round(a / b, 3) if b else 0.0

    p = ratio(counts["flagged_right"], counts["flagged"])
    r = ratio(counts["flagged_right"], counts["positives"])
    return {
        "rows": len(rows),
        "match_precision": ratio(counts["matched_right"], counts["matched"]),
        "match_recall": ratio(counts["matched_right"], counts["positives"]),
        "flag_precision": p,
        "flag_recall": r,
        "flag_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "unlisted_flagged": ratio(counts["negatives_flagged"], counts["negatives"]),
        "recall_by_category": {k: ratio(v[0], v[1]) for k, v in sorted(by_category.items())},
    }


def end_to_end(matcher: Matcher, rows: list[dict[str, str]], count: int = 1000) -> float:
    """Seconds to parse a CSV of `count` rows and screen each one, the index warm, no answer kept from before (the
    rows past the dev set's length repeat it, and are answered as kept then)."""
    from screening.collaborators import read_csv

    matcher.forget_answers()

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Organization", "Country"])
    for i in range(count):
        row = rows[i % len(rows)]
        writer.writerow([row["name"], row["country"]])
    data = buffer.getvalue().encode("utf-8")
    began = time.perf_counter()
    for collaborator in read_csv(data).rows:
        candidates = matcher.match(collaborator.name, collaborator.country, limit=5, collapse=True)
        matcher.status(candidates)
    return time.perf_counter() - began


def misses(graph: Graph, rows: list[dict[str, str]], outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """The rows answered wrong: a listed organization not flagged (or another one flagged), an unlisted one flagged."""
    wrong = []
    for r, o in zip(rows, outcomes, strict=True):
        expected = graph.by_list_name.get((r["expected_list"], r["expected_name"])) if r["expected_list"] else None
        if r["expected_list"]:
            bad = not (o.status != "no_match" and expected in o.organization)
        else:
            bad = o.status != "no_match" and any(x in graph.listed for x in o.organization)
        if bad:
            wrong.append(
                {
                    "name": r["name"],
                    "country": r["country"],
                    "category": r["category"],
                    "expected": r["expected_name"],
                    "status": o.status,
                    "got": sorted(o.organization)[:3],
                }
            )
    return wrong


def run(baseline: bool = True) -> dict[str, Any]:
    rows = load_devset()
    exclude = {"ror-" + r["origin"].removeprefix("ROR ") for r in rows if r["category"] == "negative"}
    began = time.perf_counter()
    graph = build(exclude=exclude)
    loaded = time.perf_counter() - began
    began = time.perf_counter()
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    indexed = time.perf_counter() - began
    for row in rows[:50]:
        ours(matcher, row)  # warm: weights and caches of the first names
    matcher.forget_answers()  # the answers the index keeps (Matcher.match)
    began = time.perf_counter()
    outcomes = [ours(matcher, row) for row in rows]
    seconds = time.perf_counter() - began
    # Again, every name already normalized once, the answers kept forgotten: what scoring costs in the steady state
    # of a long-running server screening lists of names it has met.
    matcher.forget_answers()
    began = time.perf_counter()
    for row in rows:
        ours(matcher, row)
    again = time.perf_counter() - began
    # And as the index keeps them: the same rows asked again (an institution a list names for each collaborator).
    began = time.perf_counter()
    for row in rows:
        ours(matcher, row)
    kept = time.perf_counter() - began
    # The same rows with the country blanked: a collaborator list may well carry none.
    blank = [{**row, "country": ""} for row in rows]
    blank_outcomes = [ours(matcher, row) for row in blank]
    result: dict[str, Any] = {
        "machine": describe(),
        "commit": git_commit(),
        "organizations": len(graph.rows),
        "listed_records": len(graph.listed),
        "same_as_links": len(graph.links),
        "graph_seconds": round(loaded, 1),
        "index_seconds": round(indexed, 1),
        "tietrace": evaluate(graph, rows, outcomes),
        "tietrace_no_country": evaluate(graph, blank, blank_outcomes),
        "rows_per_second": round(len(rows) / seconds),
        "rows_per_second_names_seen": round(len(rows) / again),
        "rows_per_second_answers_kept": round(len(rows) / kept),
        "end_to_end_1000_rows_seconds": round(end_to_end(matcher, rows), 2),
        "misses": misses(graph, rows, outcomes),
        "misses_no_country": misses(graph, blank, blank_outcomes),
    }
    if baseline:
        logic = LogicV2(matcher)
        began = time.perf_counter()
        result["logic_v2"] = evaluate(graph, rows, [logic(row) for row in rows])
        result["logic_v2_rows_per_second"] = round(len(rows) / (time.perf_counter() - began), 1)
        result["logic_v2_no_country"] = evaluate(graph, blank, [logic(row) for row in blank])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip nomenklatura's logic-v2")
    args = parser.parse_args()
    result = run(baseline=not args.no_baseline)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "screening_devset.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    shown = {k: v for k, v in result.items() if not k.startswith("misses")}
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    print(
        f"{len(result['misses'])} rows wrong ({len(result['misses_no_country'])} with the country blanked)"
        " -> bench/results/screening_devset.json"
    )


if __name__ == "__main__":
    main()
