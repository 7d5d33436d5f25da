"""Screening throughput and quality: the matcher against brute-force rapidfuzz.process.cdist, in the same run.

    .venv/bin/python -m bench.screening [--orgs 100000] [--rows 10000]

The organizations of bench/generate.py are written to a private embedded engine (or TIETRACE_GRAPH_URI's Neo4j)
and the matcher's index is built from the graph. Collaborator rows are derived from them with known answers:
30 % the same name under another legal form, 20 % the published alias (upper case, no legal form), 20 % a
typo (two adjacent letters swapped), 30 % names of organizations that are not in the graph. Ours: a row is a
match when the matcher says `match`, and the answer is its best candidate. Baseline: every row against every
name with `rapidfuzz.process.cdist` (fuzz.ratio on case-folded names, all cores), best score at or above 90.
Rows/s are over the wall clock and, beside them, over the process's CPU time (the machines are shared: CPU time
moves far less with other people's load); the load average is recorded with them. Prints a table and writes
bench/results/screening.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from bench.generate import LEGAL, organizations
from bench.machine import describe, git_commit, load_average
from graph.settings import Settings
from graph.store import embedded_engine, open_store
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"
BASELINE_THRESHOLD = 90
CHUNK = 500


def collaborator_rows(entities: list[Any], rows: int, seed: int) -> list[tuple[str, str | None, str | None]]:
    """(name, country, the id it should match or None) for each row."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None, str | None]] = []
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.3:
            entity = rng.choice(entities)
            name = str(entity.props["name"])
            for form in LEGAL:
                name = name.removesuffix(f" {form}")
            out.append((f"{name} {rng.choice(LEGAL)}", entity.props["country"], entity.id))
        elif roll < 0.5:
            entity = rng.choice([e for e in entities[:5000] if e.props.get("aliases")] or entities)
            out.append((entity.props.get("aliases", [entity.props["name"]])[0], None, entity.id))
        elif roll < 0.7:
            entity = rng.choice(entities)
            name = str(entity.props["name"])
            i = rng.randrange(1, max(2, len(name) - 2))
            out.append((name[:i] + name[i + 1] + name[i] + name[i + 2 :], entity.props["country"], entity.id))
        else:
            word = rng.choice(["Oakridge", "Fjord", "Larkspur", "Quillon"])
            out.append((f"{word} Unlisted Holdings {rng.randrange(10**6)}", None, None))
    return out


def quality(predicted: list[str | None], truth: list[str | None]) -> dict[str, float]:
    tp = sum(1 for p, t in zip(predicted, truth, strict=True) if p is not None and p == t)
    fp = sum(1 for p, t in zip(predicted, truth, strict=True) if p is not None and p != t)
    fn = sum(1 for p, t in zip(predicted, truth, strict=True) if t is not None and p != t)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    entities = list(organizations(random.Random(args.seed), args.orgs))
    rows = collaborator_rows(entities, args.rows, args.seed)
    truth = [t for _, _, t in rows]

    tmp = tempfile.TemporaryDirectory(prefix="tietrace-bench-")
    on_neo4j = bool(os.environ.get("TIETRACE_GRAPH_URI"))
    settings = Settings() if on_neo4j else Settings(data_dir=Path(tmp.name), query_timeout=300)
    store = open_store(settings)
    try:
        with store.writer() as writer:
            writer.add_all(entities)
        began = time.perf_counter()
        matcher = Matcher.from_store(store)
        build_s = time.perf_counter() - began
    finally:
        store.close()
        if not on_neo4j:
            embedded_engine(settings).stop()
        tmp.cleanup()

    load = load_average()
    began, began_cpu = time.perf_counter(), time.process_time()
    ours: list[str | None] = []
    for name, country, _ in rows:
        found = matcher.match(name, country)
        ours.append(found[0].entity.id if matcher.status(found) == "match" else None)
    ours_s, ours_cpu = time.perf_counter() - began, time.process_time() - began_cpu

    ids = [e.id for e in entities]
    names = [str(e.props["name"]).casefold() for e in entities]
    began = time.perf_counter()
    baseline: list[str | None] = []
    for start in range(0, len(rows), CHUNK):
        queries = [name.casefold() for name, _, _ in rows[start : start + CHUNK]]
        scores = process.cdist(queries, names, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
        best = scores.argmax(axis=1)
        for row, column in enumerate(best):
            baseline.append(ids[column] if scores[row, column] >= BASELINE_THRESHOLD else None)
    baseline_s = time.perf_counter() - began

    result: dict[str, Any] = {
        "benchmark": "screening",
        "commit": git_commit(),
        "machine": describe(),
        "load_average": load,
        "orgs": args.orgs,
        "rows": args.rows,
        "index_build_seconds": round(build_s, 1),
        "ours": {
            "rows_per_s": round(args.rows / ours_s),
            "rows_per_cpu_s": round(args.rows / ours_cpu),
            **quality(ours, truth),
        },
        "baseline_cdist": {"rows_per_s": round(args.rows / baseline_s), **quality(baseline, truth)},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "screening.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"index built from the graph in {build_s:.1f} s; load average {load}\n")
    print("| matcher | rows/s | precision | recall |\n|---|---|---|---|")
    for name, key in (("tietrace matcher", "ours"), ("baseline: cdist ratio >= 90", "baseline_cdist")):
        r: dict[str, Any] = result[key]
        print(f"| {name} | {r['rows_per_s']:,} | {r['precision']} | {r['recall']} |")


if __name__ == "__main__":
    main()
