"""Investigation latency: p50 and p95 of each question on random entities, cold and warm, against a baseline.

    .venv/bin/python -m bench.investigations --orgs 100000 [--entities 25] [--repeats 5] [--heap 4g]
        [--twins 0.05] [--hub-share 0.2] [--compare-repeats 10]

Loads a generated graph (bench/generate.py) into a private embedded engine in a temporary directory (or the
Neo4j of TIETRACE_GRAPH_URI), picks entities deep in ownership trees (two in five of them among organizations a
second source records too, when there are twins), and times each question through its Python
function (query plus the code that turns rows into the typed answer). Cold: the first call for an entity;
warm: the median of the repeats. Baseline, in the same run: the controllers question written the way a newcomer
writes it, anchored at the far, unbound end of the pattern (`(c)-[:OWNS|CONTROLS*1..10]->(x {id: $id})`), which
the notes in shared/ measured to be slow on the embedded engine.
The graph has SAME_AS twins (--twins, 5 % of organizations) and one funding hub (--hub-share, 20 % of grants
from one funder), so the identity steps and a hub's neighbours are measured at scale; --twins 0 --hub-share 0
gives the graph of earlier runs.
Before and after, in the same run, interleaved call by call so the shared machine's load falls on both alike:
- `check` as it is (paths first, one IdentityCache: two SAME_AS lookups) against the five questions asked
  alone, as check did before (each asking for its own clusters);
- the neighbours query (paged per relationship type) against its earlier text (every relationship sorted before
  LIMIT), on the hub, the largest watchlist and ordinary organizations.
Memory: the benchmark process's peak RSS and the engine's RSS (now and peak); --heap sizes the embedded engine's
Java heap (TIETRACE_ENGINE_HEAP otherwise). Prints tables and writes bench/results/investigations-<orgs>.json
(investigations-<orgs>-twins-hub.json for a graph with twins or a hub).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import queries
from api.graph_schemas import NeighboursResponse, NeighbourTie
from bench.generate import TREE, generate
from bench.machine import context, engine_pid, process_memory
from bench.workspace import private_graph
from graph.cypher import Query, parse
from graph.store import GraphStore
from queries import profiles
from queries.answers import CheckResult, PathAnswer
from queries.check import check
from queries.control import controllers_under
from queries.funding import funding
from queries.proximity import proximity
from queries.questions import routed
from queries.risk import assess
from queries.target import find
from queries.ties import ties

RESULTS = Path(__file__).parent / "results"
PROFILE = profiles.load("us-research-security")
AS_OF = "2026-01-01"

BASELINE = parse(
    "// name: controllers_unanchored\n// summary: baseline\n// params: $id: string\n// returns: n\n"
    "MATCH p = (c)-[:OWNS|CONTROLS*1..10]->(x:Organization {id: $id}) RETURN count(p) AS n",
    "controllers_unanchored",
)

# The questions with a route of their own (queries/questions.py), each timed as its route asks it, then the check.
QUESTIONS: dict[str, Callable[[GraphStore, str], Any]] = {
    **{q.name: (lambda s, i, ask=q.ask: ask(s, i, PROFILE, AS_OF)) for q in routed()},
    "check (all five)": lambda s, i: check(s, i, PROFILE, AS_OF),
}
BASELINE_NAME = "baseline: controllers unanchored"

# queries/neighbours.cypher before it was paged per type (commit c3b694f): the page asked for 60 with limit 61.
NEIGHBOURS_BEFORE = parse(
    "// name: neighbours_before\n// summary: baseline\n// params: $id: string, $limit: integer\n"
    "// returns: center, direction, type, other, rel\n"
    """OPTIONAL MATCH (o:Organization {id: $id})
OPTIONAL MATCH (person:Person {id: $id})
OPTIONAL MATCH (g:Grant {id: $id})
OPTIONAL MATCH (pub:Publication {id: $id})
OPTIONAL MATCH (gift:Gift {id: $id})
OPTIONAL MATCH (w:Watchlist {id: $id})
WITH coalesce(o, person, g, pub, gift, w) AS x
WHERE x IS NOT NULL
OPTIONAL MATCH (x)-[r]-(m)
WITH x, r, m,
     CASE WHEN r IS NULL THEN 9 WHEN type(r) IN ['OWNS', 'CONTROLS'] THEN 0 WHEN type(r) = 'LISTED_ON' THEN 1
          ELSE 2 END AS rank
ORDER BY rank, type(r), m.id
LIMIT $limit
RETURN {id: x.id, labels: labels(x), name: x.name, title: x.title, item: x.item, country: x.country,
        kind: x.kind, program: x.program, amount: x.amount, currency: x.currency,
        date: coalesce(x.date, x.startDate, x.year), lei: x.lei, ror: x.ror, openalex: x.openalex,
        wikidata: x.wikidata, uei: x.uei, registryId: x.registryId, orcid: x.orcid} AS center,
       CASE WHEN r IS NULL THEN null WHEN startNode(r).id = x.id THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type,
       CASE WHEN m IS NULL THEN null ELSE
         {id: m.id, labels: labels(m), name: m.name, title: m.title, item: m.item, country: m.country,
          kind: m.kind, program: m.program, amount: m.amount, currency: m.currency,
          date: coalesce(m.date, m.startDate, m.year), lei: m.lei, ror: m.ror, openalex: m.openalex,
          wikidata: m.wikidata, uei: m.uei, registryId: m.registryId, orcid: m.orcid} END AS other,
       CASE WHEN r IS NULL THEN null ELSE
         {sharePct: r.sharePct, shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType,
          role: r.role, program: r.program, reason: r.reason, score: r.score, method: r.method,
          judgement: r.judgement, validFrom: r.validFrom, validTo: r.validTo, dataset: r.dataset,
          sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt} END AS rel
""",
    "neighbours_before",
)
PAGE_LIMIT = 60  # what the investigation page asks for (api/ui/js/network.js)
PER_TYPE = 25  # the route's default


def check_questions_alone(store: GraphStore, text: str) -> CheckResult:
    """The check as it was before one IdentityCache was shared: each question asks for its own clusters."""
    entity = find(store, text)
    owners = controllers_under(store, entity.id, PROFILE, AS_OF)
    money = funding(store, entity.id, PROFILE, AS_OF)
    near = proximity(store, entity.id, PROFILE, AS_OF)
    research = ties(store, entity.id, PROFILE, AS_OF)
    risk = assess(owners, money, near, research, PROFILE)
    return CheckResult(
        entity=entity, as_of=AS_OF, controllers=owners, funding=money, proximity=near, ties=research, risk=risk
    )


def check_now(store: GraphStore, text: str) -> CheckResult:
    return check(store, text, PROFILE, AS_OF)


def neighbours_before(store: GraphStore, entity: str) -> list[NeighbourTie]:
    rows = store.run(NEIGHBOURS_BEFORE, {"id": entity, "limit": PAGE_LIMIT + 1})
    return [NeighbourTie.from_row(entity, r) for r in rows if r["type"] is not None][:PAGE_LIMIT]


def neighbours_after(store: GraphStore, entity: str) -> NeighboursResponse:
    rows = store.run(queries.load("neighbours"), {"id": entity, "limit": min(PAGE_LIMIT, PER_TYPE)})
    return NeighboursResponse.from_rows(rows, PAGE_LIMIT, PER_TYPE)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed_call(question: Callable[[GraphStore, str], Any], store: GraphStore, entity: str) -> float:
    """Milliseconds one question takes for one entity."""
    began = time.perf_counter()
    question(store, entity)
    return (time.perf_counter() - began) * 1000


def sample_entities(orgs: int, count: int, seed: int, twinned: list[str] | None = None) -> list[str]:
    """Organizations in the lower half of ownership trees, where the upstream questions have most to walk; with
    twins, two in five of them among the organizations a second source records too (their owners, grants and
    listings on the twin are what makes the questions cross SAME_AS)."""
    rng = random.Random(seed)
    deep = [i for i in range(orgs) if i % TREE >= TREE // 2]
    drawn = [f"bench-o{i}" for i in rng.sample(deep, k=min(count, len(deep)))]
    recorded_twice = [t for t in twinned or [] if int(t.removeprefix("bench-o")) % TREE >= TREE // 2]
    if not recorded_twice:
        return drawn
    chosen = rng.sample(recorded_twice, k=min(count * 2 // 5, len(recorded_twice)))
    return [*chosen, *[e for e in drawn if e not in chosen]][:count]


def baseline(store: GraphStore, entity: str) -> Any:
    return store.run(BASELINE, {"id": entity})


def interleaved(
    store: GraphStore,
    before: Callable[[GraphStore, str], Any],
    after: Callable[[GraphStore, str], Any],
    entities: list[str],
    repeats: int,
) -> dict[str, dict[str, float]]:
    """p50 and p95 of every call of two variants, alternating call by call (which goes first alternates too), after
    one untimed call of each per entity."""
    times: dict[str, list[float]] = {"before": [], "after": []}
    for entity in entities:
        before(store, entity)
        after(store, entity)
    for repeat in range(repeats):
        for entity in entities:
            order = [("before", before), ("after", after)]
            for name, variant in order if repeat % 2 == 0 else order[::-1]:
                times[name].append(timed_call(variant, store, entity))
    return {
        name: {"p50_ms": round(percentile(t, 50), 1), "p95_ms": round(percentile(t, 95), 1), "calls": len(t)}
        for name, t in times.items()
    }


class CountingStore:
    """The store with a count of the queries run by name: how many SAME_AS lookups a check makes."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.counts: dict[str, int] = {}

    def run(self, query: Query, params: Any = None) -> list[dict[str, Any]]:
        self.counts[query.name] = self.counts.get(query.name, 0) + 1
        return self._store.run(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def lookups_per_check(store: GraphStore, entities: list[str]) -> dict[str, float]:
    found = {}
    for name, variant in (("before", check_questions_alone), ("after", check_now)):
        counting = CountingStore(store)
        for entity in entities:
            variant(counting, entity)  # type: ignore[arg-type]
        found[name] = round(counting.counts.get("twins", 0) / len(entities), 2)
    return found


def crossings(store: GraphStore, entities: list[str]) -> dict[str, int]:
    """How many of the entities have an answer, per question, that crosses SAME_AS or rests on a record of the
    second source (a twin, `bench-t...`): how often the benchmark exercises the identity steps."""

    def uses_twins(paths: list[PathAnswer]) -> bool:
        return any(h.type == "SAME_AS" for p in paths for h in p.hops) or any(
            n.id.startswith("bench-t") for p in paths for n in p.nodes
        )

    found = {"controllers": 0, "funding": 0, "proximity": 0, "ties": 0}
    for entity in entities:
        result = check(store, entity, PROFILE, AS_OF)
        found["controllers"] += uses_twins([p for c in result.controllers for p in c.paths])
        found["funding"] += uses_twins([f.path for f in result.funding.flows])
        found["proximity"] += uses_twins([p.path for p in result.proximity])
        found["ties"] += uses_twins([t.path for t in result.ties])
    return found


def measure(
    store: GraphStore, entities: list[str], repeats: int, baseline_entities: int, baseline_repeats: int
) -> dict[str, dict[str, float]]:
    """Cold (first call per entity) and warm (median of the repeats per entity) percentiles per question.

    The baseline scans the graph, seconds per call at 1M organizations, so it may run on fewer entities."""
    table: dict[str, dict[str, float]] = {}
    plan = [(name, question, entities, repeats) for name, question in QUESTIONS.items()]
    plan.append((BASELINE_NAME, baseline, entities[:baseline_entities], baseline_repeats))
    for name, question, asked, times in plan:
        cold = [timed_call(question, store, entity) for entity in asked]
        warm = [statistics.median(timed_call(question, store, entity) for _ in range(times)) for entity in asked]
        table[name] = {
            "cold_p50_ms": round(percentile(cold, 50), 1),
            "cold_p95_ms": round(percentile(cold, 95), 1),
            "warm_p50_ms": round(percentile(warm, 50), 1),
            "warm_p95_ms": round(percentile(warm, 95), 1),
            "entities": len(asked),
            "repeats": times,
        }
        print(f"{name:34} {table[name]}", flush=True)
    return table


def compare(store: GraphStore, entities: list[str], hub: str | None, repeats: int) -> dict[str, Any]:
    """The before/after figures: the check, its SAME_AS lookups, and the neighbours of hubs and ordinary nodes."""
    watchlists = [f"bench-list-{p}" for p in ("US-BIS-EL", "US-DOD-1260H", "EU-FSF", "GB-HMT", "UN-SC", "US-OFAC-SDN")]
    largest = max(watchlists, key=lambda w: sum(c.total for c in neighbours_after(store, w).types))
    nodes = {"ordinary organizations": entities[-5:], "largest watchlist": [largest]}
    if hub is not None:
        nodes = {"funding hub": [hub], **nodes}
    degree = {name: sum(c.total for i in ids for c in neighbours_after(store, i).types) for name, ids in nodes.items()}
    neighbours: dict[str, Any] = {}
    for name, ids in nodes.items():
        neighbours[name] = {
            "entities": len(ids),
            "relationships": degree[name],
            **interleaved(store, neighbours_before, neighbours_after, ids, repeats * 2),
        }
        print(f"neighbours, {name:24} {neighbours[name]}", flush=True)
    checks = interleaved(store, check_questions_alone, check_now, entities, repeats)
    print(f"check, before/after           {checks}", flush=True)
    return {
        "check_before_after": checks,
        "same_as_lookups_per_check": lookups_per_check(store, entities),
        "entities_crossing_same_as": crossings(store, entities),
        "neighbours_before_after": neighbours,
    }


def print_comparison(compared: dict[str, Any]) -> None:
    print("\n| before/after | p50 before | p95 before | p50 after | p95 after |\n|---|---|---|---|---|")
    rows = {"check (all five)": compared["check_before_after"]}
    rows |= {f"neighbours, {k}": v for k, v in compared["neighbours_before_after"].items()}
    for name, row in rows.items():
        b, a = row["before"], row["after"]
        print(f"| {name} | {b['p50_ms']} ms | {b['p95_ms']} ms | {a['p50_ms']} ms | {a['p95_ms']} ms |")
    print(f"SAME_AS lookups per check: {compared['same_as_lookups_per_check']}")
    print(f"entities whose answer crosses SAME_AS: {compared['entities_crossing_same_as']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-entities", type=int, default=None, help="entities for the slow baseline (all)")
    parser.add_argument("--baseline-repeats", type=int, default=None, help="warm repeats of the baseline (--repeats)")
    parser.add_argument("--heap", default=None, help="Java heap of the private embedded engine, e.g. 8g")
    parser.add_argument("--twins", type=float, default=0.05, help="share of organizations recorded twice (0-1)")
    parser.add_argument("--hub-share", type=float, default=0.2, help="share of grants from one funder (0-1)")
    parser.add_argument("--compare-repeats", type=int, default=10, help="calls per entity of each before/after")
    args = parser.parse_args()
    if args.orgs < TREE or args.entities < 1 or args.repeats < 1 or args.compare_repeats < 1:
        parser.error(f"--orgs must be at least {TREE}, --entities and the repeats at least 1")
    if not (0 <= args.twins <= 1 and 0 <= args.hub_share <= 1):
        parser.error("--twins and --hub-share are shares between 0 and 1")

    started = context()
    with private_graph(args.heap) as space:
        store = space.store
        loaded = generate(store, args.orgs, args.seed, True, twin_share=args.twins, hub_share=args.hub_share)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s", flush=True)
        engine_after_load = process_memory(engine_pid(space.settings))
        entities = sample_entities(args.orgs, args.entities, args.seed, loaded.twinned)
        table = measure(
            store,
            entities,
            args.repeats,
            args.baseline_entities or len(entities),
            args.baseline_repeats or args.repeats,
        )
        compared = compare(store, entities, loaded.hub, args.compare_repeats)
        engine = process_memory(engine_pid(space.settings))
        backend = store.backend
        heap = space.settings.engine_heap if space.settings.embedded else None
    result = {
        "benchmark": "investigations",
        **started,
        "load_average_after": context()["load_average"],
        "backend": backend,
        "engine_heap": heap,
        "orgs": args.orgs,
        "items_loaded": loaded.items,
        "load_seconds": round(loaded.seconds, 1),
        "items_per_s_loaded": round(loaded.items / loaded.seconds),
        "entities": len(entities),
        "repeats": args.repeats,
        "twins": len(loaded.twinned),
        "entities_recorded_twice": len(set(entities) & set(loaded.twinned)),
        "hub": loaded.hub,
        "latency": table,
        **compared,
        "bench_rss_mb": process_memory(os.getpid())["rss_mb"],
        "bench_peak_rss_mb": process_memory(os.getpid())["peak_rss_mb"],
        "engine_rss_after_load_mb": engine_after_load["rss_mb"],
        "engine_rss_mb": engine["rss_mb"],
        "engine_peak_rss_mb": engine["peak_rss_mb"],
    }
    RESULTS.mkdir(exist_ok=True)
    # The graph with twins and a hub is another graph: its results sit beside those of the plain one.
    suffix = "-twins-hub" if args.twins or args.hub_share else ""
    (RESULTS / f"investigations-{args.orgs}{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n| question | cold p50 | cold p95 | warm p50 | warm p95 |\n|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {row['cold_p50_ms']} ms | {row['cold_p95_ms']} ms | {row['warm_p50_ms']} ms | "
            f"{row['warm_p95_ms']} ms |"
        )
    print_comparison(compared)
    print(f"\nload {loaded.seconds:.0f} s; engine RSS {engine['rss_mb']} MB (peak {engine['peak_rss_mb']} MB)")


if __name__ == "__main__":
    main()
