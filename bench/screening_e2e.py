"""Screening a list end to end, risks included, as a user meets it: `tietrace screen` on a graph of the bundled lists,
and the Screener behind `POST /v1/screen` with its index warm; two work trees, interleaved in one session.

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.screening_e2e [--baseline /tmp/base] [--rounds 3]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`, or `tietrace demo --no-serve`, which loads
them too). The rows are the screening dev set's (tests/fixtures/screening/devset: real listed institutions in
English, Chinese and abbreviations, and real unlisted ones), cycled to 100, 1,000 and 10,000 rows with their countries.
Each round runs every tree once, in turn, each in fresh processes with that tree first on the path:

- CLI: `tietrace screen` on the 100-, 1,000- and 10,000-row files, wall seconds each (the process's start, the index
  built from the graph or, from session 15, loaded as the tree's first run kept it in DIR/index/, matching, in
  worker processes on every core for 200 rows or more, each matched organization's risk, the output written; the
  median over rounds is of runs that load it); the marginal rates are the
  900 rows between the first two over the difference (every row new), and the 9,000 between the last two (rows that
  repeat the first 948, as a list's institutions do: answered as the index keeps them);
- warm: one process builds and warms the index (Matcher.warm, as the API's MatcherCache does), then screens the 1,000
  rows through Screener.screen_all (risks included) and again with the risks and answers the first pass kept, as the
  API keeps them between requests of one graph, profile and date (a tree without that screens them afresh).

Wall seconds, medians over the rounds; the load average beside them. Writes bench/results/screening_e2e.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
SIZES = (100, 1000, 10000)


def _write_rows(folder: Path) -> dict[int, Path]:
    from bench.screening_devset import load_devset

    devset = load_devset()
    files = {}
    for size in SIZES:
        path = folder / f"rows-{size}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Organization", "Country"])
            for i in range(size):
                row = devset[i % len(devset)]
                writer.writerow([row["name"], row["country"]])
        files[size] = path
    return files


def warm_worker(rows_file: Path) -> dict[str, Any]:
    """In this process (the tree is whatever `screening` imports from): the index warm, then the rows twice."""
    from graph.settings import get_settings
    from graph.store import open_store
    from queries.profiles import load
    from resolve.matcher import Matcher
    from screening.collaborators import read_csv
    from screening.screen import Screener

    batch = read_csv(rows_file.read_bytes())
    profile = load("us-research-security")
    with open_store(get_settings()) as store:
        matcher = Matcher.from_store(store)
        matcher.warm()
        first_screener = Screener(store, matcher, profile, "2026-12-01")
        began = time.perf_counter()
        first = list(first_screener.screen_all(batch.rows))
        first_s = time.perf_counter() - began
        again_screener = Screener(store, matcher, profile, "2026-12-01")
        if hasattr(first_screener, "risks"):  # a tree that keeps risks between batches (MatcherCache.risks)
            again_screener.risks = first_screener.risks
        began = time.perf_counter()
        again = list(again_screener.screen_all(batch.rows))
        again_s = time.perf_counter() - began
    assert [r.model_dump() for r in first] == [r.model_dump() for r in again]
    return {
        "warm_first_s": round(first_s, 2),
        "warm_again_s": round(again_s, 2),
        "matches": sum(r.status == "match" for r in first),
    }


def _cli(tree: Path, rows_file: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-P", "-c", "from tietrace.cli import main; main()", "screen", str(rows_file)]
    began = time.perf_counter()
    subprocess.run([*command, "-o", str(out)], cwd=tree, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - began


def _round(tree: Path, files: dict[int, Path], folder: Path) -> dict[str, Any]:
    load = os.getloadavg()[0]
    found: dict[str, Any] = {"load": round(load, 2)}
    for size, path in files.items():
        found[f"cli_{size}_s"] = round(_cli(tree, path, folder / f"out-{size}.json"), 2)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-P", str(HERE), "--worker", str(files[1000])]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    found.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="the work tree to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(warm_worker(args.worker)))
        return

    from bench.machine import git_commit, interleaved, record_result, work_trees

    trees = work_trees(args.baseline, HERE.parents[1])
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="tietrace-e2e-") as tmp:
        files = _write_rows(Path(tmp))
        for round_, name in interleaved(args.rounds, trees):
            runs[name].append(_round(trees[name], files, Path(tmp)))
            print(f"round {round_ + 1} {name}: {json.dumps(runs[name][-1])}", flush=True)

    def median(name: str, key: str) -> float:
        return round(statistics.median(float(run[key]) for run in runs[name]), 2)

    summary = {}
    for name, tree in trees.items():
        cli_100, cli_1000 = median(name, "cli_100_s"), median(name, "cli_1000_s")
        summary[name] = {
            "commit": git_commit(tree),
            "cli_100_rows_s": cli_100,
            "cli_1000_rows_s": cli_1000,
            "cli_marginal_rows_per_s": round(900 / max(cli_1000 - cli_100, 1e-9)),
            # Past the dev set's 948 rows the rows repeat, as a collaborator list's institutions do: the answers kept.
            "cli_10000_rows_s": median(name, "cli_10000_s"),
            "cli_marginal_1000_to_10000_rows_per_s": round(9000 / max(median(name, "cli_10000_s") - cli_1000, 1e-9)),
            "warm_index_1000_rows_s": median(name, "warm_first_s"),
            "warm_index_1000_rows_again_s": median(name, "warm_again_s"),
            "warm_index_rows_per_s": round(1000 / median(name, "warm_first_s")),
            "matches_of_1000": runs[name][0]["matches"],
        }
    record_result("screening_e2e", summary, runs, rounds=args.rounds)


if __name__ == "__main__":
    main()
