"""Ingest rate: the project's batched UNWIND upsert path against one MERGE per record, in the same run.

    .venv/bin/python -m bench.ingest [--orgs 20000] [--baseline-rels 2000] [--repeats 3] [--warmup 1] [--out PATH]

Both paths go through the same driver, the same statements and the same engine (a private embedded engine in a
temporary directory, or Neo4j when TIETRACE_GRAPH_URI is set). The baseline writes one record per managed
transaction, which is what a naive loader does. The engine compiles its hot paths during the first repeats, so
--warmup repeats run first, are reported on their own and stay out of the medians (a cold engine is what a
single short ingest sees; a warm one is what a long ingest sees). Memory: the loader's peak RSS and the
engine's RSS (now and peak).
Prints a table and writes bench/results/ingest.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.machine import context, cpu_seconds, engine_pid, process_memory
from bench.machine import git_commit as git_commit  # re-exported: bench.screening imports it from here
from bench.machine import rss_mb as rss_mb  # re-exported for older callers
from bench.workspace import private_graph
from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore

RESULTS = Path(__file__).parent / "results"
PROV = Provenance(dataset="bench", source_id="generated", retrieved_at="2026-11-25T00:00:00+00:00")


def ownership_graph(run: str, orgs: int, seed: int = 7) -> tuple[list[Entity], list[Relation]]:
    """Ownership trees of depth up to 9 with a few back-edges (cycles), deterministic for a seed."""
    rng = random.Random(seed)
    org = Label.ORGANIZATION
    countries = ["US", "CN", "DE", "GB", "FR", "JP", "RU", "IR", "CH", "NL"]
    entities = [
        Entity(f"{run}-o{i}", org, PROV, {"name": f"Org {i} Holdings", "country": rng.choice(countries)})
        for i in range(orgs)
    ]
    relations: list[Relation] = []
    for i in range(1, orgs):
        parents = {rng.randrange(max(0, i - 50), i) for _ in range(rng.choice((1, 1, 2, 3)))}
        for parent in parents:
            props: dict[str, Any] = {"sharePct": round(rng.uniform(1, 100), 2)}
            relations.append(
                Relation(f"{run}-r{i}-{parent}", Rel.OWNS, f"{run}-o{parent}", org, f"{run}-o{i}", org, PROV, props)
            )
    for k in range(orgs // 200):  # back-edges: cycles
        child = rng.randrange(orgs // 2, orgs)
        relations.append(
            Relation(
                f"{run}-c{k}", Rel.OWNS, f"{run}-o{child}", org, f"{run}-o{child // 3}", org, PROV, {"sharePct": 1.0}
            )
        )
    return entities, relations


@dataclass
class BatchedRun:
    node_seconds: float
    rel_seconds: float
    loader_cpu_seconds: float  # this process, while it wrote the relationships
    engine_cpu_seconds: float | None  # the engine process, same span; None on Neo4j (not ours to see)


def batched(store: GraphStore, entities: list[Entity], relations: list[Relation], engine: int | None) -> BatchedRun:
    """Wall and CPU seconds for the nodes and for the relationships through the project's writer."""
    began = time.perf_counter()
    with store.writer(batch_size=5000) as writer:
        writer.add_all(entities)
    nodes_done = time.perf_counter()
    loader_before, engine_before = time.process_time(), cpu_seconds(engine)
    with store.writer(batch_size=5000) as writer:
        writer.add_all(relations)
    rel_seconds = time.perf_counter() - nodes_done
    engine_after = cpu_seconds(engine)
    engine_used = None if engine_before is None or engine_after is None else engine_after - engine_before
    return BatchedRun(nodes_done - began, rel_seconds, time.process_time() - loader_before, engine_used)


def per_record(store: GraphStore, entities: list[Entity], relations: list[Relation]) -> float:
    """Seconds for the relationships written one MERGE (one managed transaction) per record."""
    with store.writer(batch_size=5000) as writer:
        writer.add_all(entities)
    began = time.perf_counter()
    with store.writer(batch_size=1) as writer:
        writer.add_all(relations)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--baseline-rels", type=int, default=2_000, help="relationships the slow baseline writes")
    parser.add_argument("--repeats", type=int, default=3, help="measured repeats (medians)")
    parser.add_argument("--warmup", type=int, default=1, help="repeats run first and kept out of the medians")
    parser.add_argument("--out", type=Path, default=RESULTS / "ingest.json", help="where to write the JSON")
    args = parser.parse_args()
    if args.orgs < 2 or args.baseline_rels < 1 or args.repeats < 1 or args.warmup < 0:
        parser.error("--orgs must be at least 2, --baseline-rels and --repeats at least 1, --warmup at least 0")

    started = context()
    batch_rates, base_rates, node_rates = [], [], []
    loader_us, engine_us = [], []  # CPU microseconds per relationship, batched path
    with private_graph() as space:
        store = space.store
        engine_process = engine_pid(space.settings)
        for repeat in range(args.warmup + args.repeats):
            entities, relations = ownership_graph(f"b{repeat}", args.orgs, seed=repeat)
            run = batched(store, entities, relations, engine_process)
            node_rates.append(len(entities) / run.node_seconds)
            batch_rates.append(len(relations) / run.rel_seconds)
            loader_us.append(run.loader_cpu_seconds / len(relations) * 1e6)
            if run.engine_cpu_seconds is not None:
                engine_us.append(run.engine_cpu_seconds / len(relations) * 1e6)
            base_entities, base_relations = ownership_graph(f"p{repeat}", args.orgs, seed=repeat)
            sample = base_relations[: args.baseline_rels]
            base_rates.append(len(sample) / per_record(store, base_entities, sample))
            kind = "warm-up" if repeat < args.warmup else "repeat"
            print(
                f"{kind} {repeat + 1}: batched {batch_rates[-1]:,.0f} rels/s, per-record {base_rates[-1]:,.0f} rels/s",
                flush=True,
            )
        engine = process_memory(engine_process)
        backend = store.backend
    loader = process_memory(os.getpid())
    warm_batch, warm_base, warm_nodes = (r[args.warmup :] for r in (batch_rates, base_rates, node_rates))
    result: dict[str, Any] = {
        "benchmark": "ingest",
        **started,
        "load_average_after": context()["load_average"],
        "backend": backend,
        "orgs_per_repeat": args.orgs,
        "rels_per_repeat": len(relations),
        "baseline_rels": args.baseline_rels,
        "repeats": args.repeats,
        "warmup_repeats": args.warmup,
        "warmup_batched_rels_per_s": [round(r) for r in batch_rates[: args.warmup]],
        "batched_rels_per_s": [round(r) for r in warm_batch],
        "per_record_rels_per_s": [round(r) for r in warm_base],
        "nodes_per_s_median": round(statistics.median(warm_nodes)),
        "batched_rels_per_s_median": round(statistics.median(warm_batch)),
        "per_record_rels_per_s_median": round(statistics.median(warm_base)),
        "speedup_median": round(statistics.median(warm_batch) / statistics.median(warm_base), 1),
        "loader_cpu_us_per_rel_median": round(statistics.median(loader_us[args.warmup :]), 1),
        "engine_cpu_us_per_rel_median": round(statistics.median(engine_us[args.warmup :]), 1)
        if engine_us[args.warmup :]
        else None,
        "loader_rss_mb": loader["rss_mb"],
        "loader_peak_rss_mb": loader["peak_rss_mb"],
        "engine_rss_mb": engine["rss_mb"],
        "engine_peak_rss_mb": engine["peak_rss_mb"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print()
    print("| metric | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
