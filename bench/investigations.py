"""Investigation latency: p50 and p95 of each question on random entities, cold and warm, against a baseline.

    .venv/bin/python -m bench.investigations --orgs 100000 [--entities 25] [--repeats 5]

Loads a generated graph (bench/generate.py) into a private embedded engine in a temporary directory (or the
Neo4j of TIETRACE_GRAPH_URI), picks entities deep in ownership trees, and times each question through its Python
function (query plus the code that turns rows into the typed answer). Cold: the first call for an entity;
warm: the median of the repeats. Baseline, in the same run: the controllers question written the way a newcomer
writes it, anchored at the far, unbound end of the pattern (`(c)-[:OWNS|CONTROLS*1..10]->(x {id: $id})`), which
the notes in shared/ measured to be slow on the embedded engine.
Prints a table and writes bench/results/investigations-<orgs>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import TREE, generate
from bench.ingest import git_commit, rss_mb
from graph.cypher import parse
from graph.settings import Settings
from graph.store import GraphStore, embedded_engine, open_store
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
    "baseline: controllers unanchored": lambda s, i: s.run(BASELINE, {"id": i}),
}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def sample_entities(orgs: int, count: int, seed: int) -> list[str]:
    """Organizations in the lower half of ownership trees, where the upstream questions have most to walk."""
    rng = random.Random(seed)
    deep = [i for i in range(orgs) if i % TREE >= TREE // 2]
    return [f"bench-o{i}" for i in rng.sample(deep, k=min(count, len(deep)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="tietrace-bench-")
    on_neo4j = bool(os.environ.get("TIETRACE_GRAPH_URI"))
    settings = Settings() if on_neo4j else Settings(data_dir=Path(tmp.name), query_timeout=300)
    store = open_store(settings)
    try:
        loaded = generate(store, args.orgs, args.seed)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s")
        entities = sample_entities(args.orgs, args.entities, args.seed)
        table: dict[str, dict[str, float]] = {}
        for name, question in QUESTIONS.items():
            cold = [timed(lambda q=question, e=entity: q(store, e)) for entity in entities]
            warm = [
                statistics.median(timed(lambda q=question, e=entity: q(store, e)) for _ in range(args.repeats))
                for entity in entities
            ]
            table[name] = {
                "cold_p50_ms": round(percentile(cold, 50), 1),
                "cold_p95_ms": round(percentile(cold, 95), 1),
                "warm_p50_ms": round(percentile(warm, 50), 1),
                "warm_p95_ms": round(percentile(warm, 95), 1),
            }
            print(f"{name:34} {table[name]}")
        engine_pid = None if on_neo4j else embedded_engine(settings).status().pid
        result = {
            "benchmark": "investigations",
            "commit": git_commit(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "backend": store.backend,
            "orgs": args.orgs,
            "items_loaded": loaded.items,
            "load_seconds": round(loaded.seconds, 1),
            "entities": len(entities),
            "repeats": args.repeats,
            "latency": table,
            "engine_rss_mb": round(rss_mb(engine_pid)) if engine_pid else None,
        }
    finally:
        store.close()
        if not on_neo4j:
            embedded_engine(settings).stop()
        tmp.cleanup()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"investigations-{args.orgs}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n| question | cold p50 | cold p95 | warm p50 | warm p95 |\n|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {row['cold_p50_ms']} ms | {row['cold_p95_ms']} ms | {row['warm_p50_ms']} ms | "
            f"{row['warm_p95_ms']} ms |"
        )


if __name__ == "__main__":
    main()
