"""`check` of organizations recorded many times (large SAME_AS clusters) and of ordinary ones, two work trees.

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.check_clusters [--baseline /tmp/base] [--rounds 2] [NAME...]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`): the lists record an institution or a
group many times (Huawei's companies, SMIC's, each on several lists and in several editions), and resolution joins
those records by SAME_AS. Each round runs every tree in turn, in a fresh process with that tree first on the path;
a process checks each name once to warm up, then 7 times: the median wall milliseconds of `queries.check.check`
(every question, the display names and the risk) per name. The names default to two large clusters and two small
ones. Writes bench/results/check_clusters.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
NAMES = (
    "Huawei Technologies Co., Ltd.",
    "Semiconductor Manufacturing International Corporation",
    "Harbin Institute of Technology",
    "Keldysh Institute of Applied Mathematics",
)
REPEATS = 7


def worker(names: list[str]) -> dict[str, float]:
    """In this process (the tree is whatever `queries` imports from): the median ms of each name's check."""
    from graph.settings import get_settings
    from graph.store import open_store
    from queries.check import check
    from queries.profiles import load

    profile = load("us-research-security")
    found = {}
    with open_store(get_settings()) as store:
        for name in names:
            check(store, name, profile, "2026-12-06")
            times = []
            for _ in range(REPEATS):
                began = time.perf_counter()
                check(store, name, profile, "2026-12-06")
                times.append((time.perf_counter() - began) * 1000)
            found[name] = round(statistics.median(times), 1)
    return found


def _run(tree: Path, names: list[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-P", str(HERE), "--worker", *names]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", default=list(NAMES))
    parser.add_argument("--baseline", type=Path, help="the work tree to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.names)))
        return

    from bench.machine import git_commit, interleaved, record_result, work_trees

    trees = work_trees(args.baseline, HERE.parents[1])
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_, name in interleaved(args.rounds, trees):
        runs[name].append({"load": round(os.getloadavg()[0], 2), **_run(trees[name], args.names)})
        print(f"round {round_ + 1} {name}: {json.dumps(runs[name][-1])}", flush=True)
    summary = {
        name: {
            "commit": git_commit(tree),
            "median_ms": {n: round(statistics.median(run[n] for run in runs[name]), 1) for n in args.names},
        }
        for name, tree in trees.items()
    }
    record_result("check_clusters", summary, runs, rounds=args.rounds)


if __name__ == "__main__":
    main()
