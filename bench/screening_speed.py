"""Screening speed of two work trees, the same rows, interleaved in one session: before and after a change.

    .venv/bin/python -m bench.screening_speed --baseline /tmp/base [--rounds 3] [--orgs 100000]

Each round runs every tree once, in turn, each in a fresh process with that tree first on the path, so that both
meet the same machine load. A run builds the matching index (the dev set's graph of bench/screening_graph.py, built
once and handed to every run; then --orgs organizations of bench/generate.py), screens 50 rows to warm it, and
measures:

- dev set, first sight, index warm: the 965 rows of tests/fixtures/screening/devset, every query name new to the
  process, in a forked copy of it whose index names were all prepared first (Matcher.warm, as a server's index is
  once warmed): what a new name costs, and nothing of the index's;
- dev set, first sight: the same rows against the index as built, its names prepared the first time a query meets
  them (no per-name cache helps; a name that is also an index name was read when the index was built);
- dev set, names seen: the same rows again, the answers the index keeps (Matcher.match) forgotten first: what a
  name costs once its words and candidates were met;
- dev set, answers kept: the same rows again, as a list that names an institution again meets them (a tree without
  kept answers scores them again);
- dev set, 1,000 rows end to end: a CSV parsed (api.collaborators) and screened, as bench.screening_devset does;
- generated, first sight: --rows rows of bench/screening.py's generator against the generated organizations.

Rows/s over CPU seconds of the process (time.process_time) and over the wall clock, with the load average: on a
shared machine the wall clock counts other people's work. The median over the rounds is reported per tree.
Writes bench/results/screening_speed.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
WARM = 50


def _timed(work: Callable[[], object], rows: int) -> dict[str, float]:
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"rows_per_cpu_s": round(rows / cpu), "rows_per_s": round(rows / wall), "load": round(load, 2)}


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def _forget(matcher: Any) -> None:
    """The answers the index keeps dropped (a tree without them has none to drop): the measurements of scoring."""
    forget = getattr(matcher, "forget_answers", None)
    if forget is not None:
        forget()


def _warm_index(matcher: Any, devset: list[dict[str, str]]) -> dict[str, Any]:
    """First sight with the index warm, in a forked copy of this process: every index name prepared first
    (Matcher.warm; a tree without it prepares them as its matcher would lazily), then the rows. Forked, so that
    neither the index nor the per-name caches of the query names that the other measurements read are touched."""
    from bench.screening_devset import ours

    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(read)
        cpu, rss = time.process_time(), _rss_mb()
        if hasattr(matcher, "warm"):
            matcher.warm()
        else:
            for org in matcher.orgs:
                for j in range(len(org.prepared)):
                    matcher._prepared(org, j)
        found: dict[str, Any] = {"warm_index_cpu_s": round(time.process_time() - cpu, 2)}
        found["warm_index_rss_mb"] = _rss_mb() - rss
        gc.freeze()
        for row in devset[:WARM]:
            ours(matcher, row)
        _forget(matcher)
        found["devset_first_sight_warm_index"] = _timed(lambda: [ours(matcher, row) for row in devset], len(devset))
        with os.fdopen(write, "w") as pipe:
            pipe.write(json.dumps(found))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        result: dict[str, Any] = json.loads(pipe.read())
    os.waitpid(child, 0)
    return result


def worker(graph_file: Path, orgs: int, rows: int, seed: int) -> dict[str, Any]:
    """One tree's measurements, in this process (the tree is whatever `bench` and `resolve` import from)."""
    from bench.generate import organizations
    from bench.screening import collaborator_rows
    from bench.screening_devset import end_to_end, load_devset, ours
    from resolve.matcher import Matcher

    devset = load_devset()
    graph = pickle.loads(graph_file.read_bytes())  # noqa: S301 (written by this benchmark a moment ago)
    began = time.process_time()
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    gc.freeze()  # as Matcher.from_store does: the long-lived index is kept out of the collector's walks
    out: dict[str, Any] = {"index_cpu_s": round(time.process_time() - began, 1), "rss_mb_devset_index": _rss_mb()}
    out.update(_warm_index(matcher, devset))
    for row in devset[:WARM]:
        ours(matcher, row)
    _forget(matcher)
    out["devset_first_sight"] = _timed(lambda: [ours(matcher, row) for row in devset], len(devset))
    out["devset_answers_kept"] = _timed(lambda: [ours(matcher, row) for row in devset], len(devset))
    _forget(matcher)
    out["devset_names_seen"] = _timed(lambda: [ours(matcher, row) for row in devset], len(devset))
    cpu = time.process_time()
    out["devset_1000_rows_end_to_end_s"] = round(end_to_end(matcher, devset), 3)
    out["devset_1000_rows_end_to_end_cpu_s"] = round(time.process_time() - cpu, 3)

    entities = list(organizations(random.Random(seed), orgs))
    generated = Matcher.from_rows({"id": e.id, **e.props} for e in entities)
    gc.freeze()
    queries = collaborator_rows(entities, rows + WARM, seed)
    for name, country, _ in queries[:WARM]:
        generated.status(generated.match(name, country))
    out["generated_first_sight"] = _timed(
        lambda: [generated.status(generated.match(name, country)) for name, country, _ in queries[WARM:]], rows
    )
    return out


def _run(tree: Path, graph_file: Path, args: argparse.Namespace) -> dict[str, Any]:
    # -P: the script's folder is not put on the path, so `bench` and `resolve` come from the tree measured.
    command = [sys.executable, "-P", str(HERE), "--worker", str(graph_file)]
    command += ["--orgs", str(args.orgs), "--rows", str(args.rows), "--seed", str(args.seed)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[dict[str, Any]], *path: str) -> float:
    values = []
    for run in runs:
        value: Any = run
        for key in path:
            value = value[key]
        values.append(float(value))
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=False, help="the work tree to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.orgs, args.rows, args.seed)))
        return

    from bench.machine import git_commit, interleaved, record_result, work_trees
    from bench.screening_devset import load_devset
    from bench.screening_graph import build

    devset = load_devset()
    exclude = {"ror-" + r["origin"].removeprefix("ROR ") for r in devset if r["category"] == "negative"}
    trees = work_trees(args.baseline, HERE.parents[1])
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="tietrace-speed-") as tmp:
        graph_file = Path(tmp) / "graph.pickle"
        graph_file.write_bytes(pickle.dumps(build(exclude=exclude)))
        for round_, name in interleaved(args.rounds, trees):
            runs[name].append(_run(trees[name], graph_file, args))
            print(f"round {round_ + 1} {name}: {json.dumps(runs[name][-1])}", flush=True)
    summary = {
        name: {
            "commit": git_commit(tree),
            "devset_first_sight_warm_index_rows_per_cpu_s": _median(
                runs[name], "devset_first_sight_warm_index", "rows_per_cpu_s"
            ),
            "devset_first_sight_rows_per_cpu_s": _median(runs[name], "devset_first_sight", "rows_per_cpu_s"),
            "devset_names_seen_rows_per_cpu_s": _median(runs[name], "devset_names_seen", "rows_per_cpu_s"),
            "devset_answers_kept_rows_per_cpu_s": _median(runs[name], "devset_answers_kept", "rows_per_cpu_s"),
            "generated_first_sight_rows_per_cpu_s": _median(runs[name], "generated_first_sight", "rows_per_cpu_s"),
            "devset_first_sight_rows_per_s": _median(runs[name], "devset_first_sight", "rows_per_s"),
            "generated_first_sight_rows_per_s": _median(runs[name], "generated_first_sight", "rows_per_s"),
            "end_to_end_1000_rows_s": _median(runs[name], "devset_1000_rows_end_to_end_s"),
            "end_to_end_1000_rows_cpu_s": _median(runs[name], "devset_1000_rows_end_to_end_cpu_s"),
            "rss_mb_devset_index": _median(runs[name], "rss_mb_devset_index"),
            "warm_index_cpu_s": _median(runs[name], "warm_index_cpu_s"),
            "warm_index_rss_mb": _median(runs[name], "warm_index_rss_mb"),
        }
        for name, tree in trees.items()
    }
    record_result("screening_speed", summary, runs, orgs=args.orgs, generated_rows=args.rows, rounds=args.rounds)


if __name__ == "__main__":
    main()
