"""Ingest rate: the project's batched UNWIND upsert path against one MERGE per record, in the same run.

    .venv/bin/python -m bench.ingest [--orgs 20000] [--baseline-rels 2000] [--repeats 3]

Both paths go through the same driver, the same statements and the same engine (a private embedded engine in a
temporary directory, or Neo4j when TIETRACE_GRAPH_URI is set). The baseline writes one record per managed
transaction, which is what a naive loader does. Prints a table and writes bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.settings import Settings
from graph.store import GraphStore, embedded_engine, open_store

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


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def batched(store: GraphStore, entities: list[Entity], relations: list[Relation]) -> tuple[float, float]:
    """Seconds for the nodes and for the relationships through the project's writer."""
    began = time.perf_counter()
    with store.writer(batch_size=5000) as writer:
        writer.add_all(entities)
    nodes_done = time.perf_counter()
    with store.writer(batch_size=5000) as writer:
        writer.add_all(relations)
    return nodes_done - began, time.perf_counter() - nodes_done


def per_record(store: GraphStore, entities: list[Entity], relations: list[Relation]) -> float:
    """Seconds for the relationships written one MERGE (one managed transaction) per record."""
    with store.writer(batch_size=5000) as writer:
        writer.add_all(entities)
    began = time.perf_counter()
    with store.writer(batch_size=1) as writer:
        writer.add_all(relations)
    return time.perf_counter() - began


def git_commit() -> str:
    try:
        git = shutil.which("git") or "git"
        return subprocess.run(
            [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--baseline-rels", type=int, default=2_000, help="relationships the slow baseline writes")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="tietrace-bench-")
    settings = (
        Settings() if os.environ.get("TIETRACE_GRAPH_URI") else Settings(data_dir=Path(tmp.name), query_timeout=300)
    )
    store = open_store(settings)
    batch_rates, base_rates, node_rates = [], [], []
    try:
        for repeat in range(args.repeats):
            entities, relations = ownership_graph(f"b{repeat}", args.orgs, seed=repeat)
            node_s, rel_s = batched(store, entities, relations)
            node_rates.append(len(entities) / node_s)
            batch_rates.append(len(relations) / rel_s)
            base_entities, base_relations = ownership_graph(f"p{repeat}", args.orgs, seed=repeat)
            sample = base_relations[: args.baseline_rels]
            base_rates.append(len(sample) / per_record(store, base_entities, sample))
            print(
                f"repeat {repeat + 1}: batched {batch_rates[-1]:,.0f} rels/s, per-record {base_rates[-1]:,.0f} rels/s"
            )
        engine_rss = rss_mb(embedded_engine(settings).status().pid or 0) if settings.embedded else float("nan")
        result = {
            "benchmark": "ingest",
            "commit": git_commit(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "backend": store.backend,
            "orgs_per_repeat": args.orgs,
            "rels_per_repeat": len(relations),
            "baseline_rels": args.baseline_rels,
            "repeats": args.repeats,
            "nodes_per_s_median": round(statistics.median(node_rates)),
            "batched_rels_per_s_median": round(statistics.median(batch_rates)),
            "per_record_rels_per_s_median": round(statistics.median(base_rates)),
            "speedup_median": round(statistics.median(batch_rates) / statistics.median(base_rates), 1),
            "loader_rss_mb": round(rss_mb(os.getpid())),
            "engine_rss_mb": round(engine_rss),
        }
    finally:
        store.close()
        if settings.embedded:
            embedded_engine(settings).stop()
        tmp.cleanup()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2) + "\n")
    print()
    print("| metric | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
