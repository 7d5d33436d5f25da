"""Investigation latency: p50 and p95 of each question on random entities, cold and warm, against a baseline.

    .venv/bin/python -m bench.investigations --orgs 100000 [--entities 25] [--repeats 5] [--heap 4g]

Loads a generated graph (bench/generate.py) into a private embedded engine in a temporary directory (or the
Neo4j of TIETRACE_GRAPH_URI), picks entities deep in ownership trees, and times each question through its Python
function (query plus the code that turns rows into the typed answer). Cold: the first call for an entity;
warm: the median of the repeats. Baseline, in the same run: the controllers question written the way a newcomer
writes it, anchored at the far, unbound end of the pattern (`(c)-[:OWNS|CONTROLS*1..10]->(x {id: $id})`), which
the notes in shared/ measured to be slow on the embedded engine.
Memory: the benchmark process's peak RSS and the engine's RSS (now and peak); --heap sizes the embedded engine's
Java heap (TIETRACE_ENGINE_HEAP otherwise). Prints a table and writes bench/results/investigations-<orgs>.json.
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

from bench.generate import TREE, generate
from bench.machine import context, engine_pid, process_memory
from bench.workspace import private_graph
from graph.cypher import parse
from graph.store import GraphStore
from queries import profiles
from queries.check import check
from queries.control import controllers
from queries.funding import funding
from queries.proximity import proximity
from queries.ties import ties

RESULTS = Path(__file__).parent / "results"
PROFILE = profiles.load("us-research-security")
AS_OF = "2026-01-01"

BASELINE = parse(
    "// name: controllers_unanchored\n// summary: baseline\n// params: $id: string\n// returns: n\n"
    "MATCH p = (c)-[:OWNS|CONTROLS*1..10]->(x:Organization {id: $id}) RETURN count(p) AS n",
    "controllers_unanchored",
)

QUESTIONS: dict[str, Callable[[GraphStore, str], Any]] = {
    "controllers": lambda s, i: controllers(s, i, AS_OF),
    "funding": lambda s, i: funding(s, i, PROFILE, AS_OF),
    "proximity": lambda s, i: proximity(s, i, PROFILE, AS_OF),
    "ties": lambda s, i: ties(s, i, PROFILE, AS_OF),
    "check (all five)": lambda s, i: check(s, i, PROFILE, AS_OF),
}
BASELINE_NAME = "baseline: controllers unanchored"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed_call(question: Callable[[GraphStore, str], Any], store: GraphStore, entity: str) -> float:
    """Milliseconds one question takes for one entity."""
    began = time.perf_counter()
    question(store, entity)
    return (time.perf_counter() - began) * 1000


def sample_entities(orgs: int, count: int, seed: int) -> list[str]:
    """Organizations in the lower half of ownership trees, where the upstream questions have most to walk."""
    rng = random.Random(seed)
    deep = [i for i in range(orgs) if i % TREE >= TREE // 2]
    return [f"bench-o{i}" for i in rng.sample(deep, k=min(count, len(deep)))]


def baseline(store: GraphStore, entity: str) -> Any:
    return store.run(BASELINE, {"id": entity})


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-entities", type=int, default=None, help="entities for the slow baseline (all)")
    parser.add_argument("--baseline-repeats", type=int, default=None, help="warm repeats of the baseline (--repeats)")
    parser.add_argument("--heap", default=None, help="Java heap of the private embedded engine, e.g. 8g")
    args = parser.parse_args()
    if args.orgs < TREE or args.entities < 1 or args.repeats < 1:
        parser.error(f"--orgs must be at least {TREE}, --entities and --repeats at least 1")

    started = context()
    with private_graph(args.heap) as space:
        store = space.store
        loaded = generate(store, args.orgs, args.seed, progress=True)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s", flush=True)
        engine_after_load = process_memory(engine_pid(space.settings))
        entities = sample_entities(args.orgs, args.entities, args.seed)
        table = measure(
            store,
            entities,
            args.repeats,
            args.baseline_entities or len(entities),
            args.baseline_repeats or args.repeats,
        )
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
        "latency": table,
        "bench_rss_mb": process_memory(os.getpid())["rss_mb"],
        "bench_peak_rss_mb": process_memory(os.getpid())["peak_rss_mb"],
        "engine_rss_after_load_mb": engine_after_load["rss_mb"],
        "engine_rss_mb": engine["rss_mb"],
        "engine_peak_rss_mb": engine["peak_rss_mb"],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"investigations-{args.orgs}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n| question | cold p50 | cold p95 | warm p50 | warm p95 |\n|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {row['cold_p50_ms']} ms | {row['cold_p95_ms']} ms | {row['warm_p50_ms']} ms | "
            f"{row['warm_p95_ms']} ms |"
        )
    print(f"\nload {loaded.seconds:.0f} s; engine RSS {engine['rss_mb']} MB (peak {engine['peak_rss_mb']} MB)")


if __name__ == "__main__":
    main()
