"""How fast the `tietrace` command starts, before and after the CLI's lazy imports, as ratios to `python -c pass`.

    .venv/bin/python -m bench.cli_startup [--before d8428b7] [--orgs 2000] [--repeats 7] [--batch 70]
        [--batch-repeats 1]

Checks the BEFORE commit out into a temporary git worktree, loads a generated graph (bench/generate.py) into a
private embedded engine (or uses the Neo4j of TIETRACE_GRAPH_URI), and runs each command as a user would,
`python -m tietrace.cli ...` with the tree first on PYTHONPATH, against that running engine:
- `python -c pass` (the interpreter alone: the floor every ratio is taken against);
- `tietrace --help`, `tietrace ingest --list`;
- `tietrace stats --json` (counts by label and type: the lightest question);
- `tietrace check ID --json` for one generated organization, and the same question asked in this process
  (`queries.check.check` on an open store): the query time, so check's startup is its wall time minus that;
- `check --from FILE --json` with BATCH entities in one process, against BATCH separate `check ID --json` processes.
Before and after alternate command by command, so other people's load on a shared machine falls on both alike.
Wall time and CPU time (user + system of the child) are the medians over the repeats; the load average is recorded
beside each. Prints a table and writes bench/results/cli-startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.generate import generate
from bench.investigations import AS_OF, PROFILE, sample_entities
from bench.machine import context, load_average
from bench.workspace import private_graph
from graph.settings import Settings
from queries.check import check

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
PACKAGES = ("tietrace", "graph", "queries", "resolve", "ingest", "api")


@contextmanager
def worktree_at(commit: str) -> Iterator[Path]:
    """The commit checked out in a temporary worktree, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="tietrace-before-"))
    subprocess.run([GIT, "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run([GIT, "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)


def timed(command: list[str], tree: Path, env: dict[str, str], stdin: str | None = None) -> dict[str, float]:
    """One run: wall seconds, and the child's CPU seconds (user + system) from the rusage of waited children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, input=stdin, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} in {tree} exited {done.returncode}:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


def environment(tree: Path, settings: Settings) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "120"}
    if settings.embedded:
        env |= {"TIETRACE_DATA_DIR": str(settings.data_dir), "TIETRACE_QUERY_TIMEOUT": str(settings.query_timeout)}
    return env


def summarize(samples: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "wall_s": round(statistics.median(s["wall_s"] for s in samples), 3),
        "cpu_s": round(statistics.median(s["cpu_s"] for s in samples), 3),
        "runs": len(samples),
        "load_average_1m": [s["load_1m"] for s in samples],
    }


def measure(
    name: str, trees: dict[str, Path], settings: Settings, args: list[str], repeats: int, stdin: str | None = None
) -> dict[str, dict[str, Any]]:
    """The command in each tree, alternating tree by tree, `repeats` times."""
    samples: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for tree in trees.values():  # a first run, not counted, reads the files into the page cache
        timed([sys.executable, *args], tree, environment(tree, settings), stdin)
    for _ in range(repeats):
        for label, tree in trees.items():
            run = timed([sys.executable, *args], tree, environment(tree, settings), stdin)
            samples[label].append({**run, "load_1m": load_average()[0]})
    found = {label: summarize(runs) for label, runs in samples.items()}
    shown = "  ".join(f"{label} {s['wall_s']:.3f} s (cpu {s['cpu_s']:.3f})" for label, s in found.items())
    print(f"{name:34} {shown}  load {load_average()[0]}", flush=True)
    return found


def separate_processes(
    trees: dict[str, Path], settings: Settings, entities: list[str], repeats: int
) -> dict[str, dict[str, Any]]:
    """BATCH `check ID --json` processes one after another: what a script calling the CLI per entity spends."""
    samples: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for _ in range(repeats):
        for label, tree in trees.items():
            env = environment(tree, settings)
            began, cpu = time.perf_counter(), 0.0
            for entity in entities:
                cpu += timed([sys.executable, "-m", "tietrace.cli", *check_args(entity)], tree, env)["cpu_s"]
            samples[label].append({"wall_s": time.perf_counter() - began, "cpu_s": cpu, "load_1m": load_average()[0]})
    found = {label: summarize(runs) for label, runs in samples.items()}
    shown = "  ".join(f"{label} {s['wall_s']:.1f} s (cpu {s['cpu_s']:.1f})" for label, s in found.items())
    print(f"{len(entities)} separate check processes   {shown}  load {load_average()[0]}", flush=True)
    return found


def check_args(entity: str) -> list[str]:
    return ["check", entity, "--profile", PROFILE.name, "--as-of", AS_OF, "--json"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="d8428b7", help="the commit to compare against (a temporary worktree)")
    parser.add_argument("--orgs", type=int, default=2000, help="organizations in the generated graph")
    parser.add_argument("--repeats", type=int, default=7, help="runs of each short command per tree")
    parser.add_argument("--batch", type=int, default=70, help="entities in the batch comparison")
    parser.add_argument("--batch-repeats", type=int, default=1, help="runs of the batch comparison per tree")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default=None, help="Java heap of the private embedded engine, e.g. 2g")
    args = parser.parse_args()
    if min(args.orgs, args.repeats, args.batch, args.batch_repeats) < 1:
        parser.error("--orgs, --repeats, --batch and --batch-repeats must be at least 1")
    return args


def main() -> None:
    args = arguments()
    started = context()
    results: dict[str, Any] = {}
    with private_graph(args.heap) as space, worktree_at(args.before) as before, tempfile.TemporaryDirectory() as tmp:
        loaded = generate(space.store, args.orgs, args.seed)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s", flush=True)
        entities = sample_entities(args.orgs, args.batch, args.seed)
        trees = {"before": before, "after": ROOT}
        for tree in trees.values():  # byte-compiled once, as an installed package is: not part of any start
            subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=tree, check=True)
        settings = space.settings
        for entity in entities:  # warm the engine: it compiles each query shape on first use
            check(space.store, entity, PROFILE, AS_OF)
        query: list[tuple[float, float]] = []
        for _ in range(args.repeats):
            began, cpu = time.perf_counter(), time.process_time()
            check(space.store, entities[0], PROFILE, AS_OF)
            query.append((time.perf_counter() - began, time.process_time() - cpu))
        results["check_in_process"] = {
            "wall_s": round(statistics.median(q[0] for q in query), 3),
            "cpu_s": round(statistics.median(q[1] for q in query), 3),
            "runs": len(query),
        }
        in_process = results["check_in_process"]
        print(f"{'check ID in this process (query)':34} {in_process['wall_s']:.3f} s (cpu {in_process['cpu_s']:.3f})")

        results["python -c pass"] = measure("python -c pass", trees, settings, ["-c", "pass"], args.repeats)
        results["tietrace --help"] = measure(
            "tietrace --help", trees, settings, ["-m", "tietrace.cli", "--help"], args.repeats
        )
        results["tietrace ingest --list"] = measure(
            "tietrace ingest --list", trees, settings, ["-m", "tietrace.cli", "ingest", "--list"], args.repeats
        )
        results["tietrace stats"] = measure(
            "tietrace stats", trees, settings, ["-m", "tietrace.cli", "stats", "--json"], args.repeats
        )
        results["tietrace check ID"] = measure(
            "tietrace check ID", trees, settings, ["-m", "tietrace.cli", *check_args(entities[0])], args.repeats
        )
        listing = Path(tmp) / "entities.txt"
        listing.write_text("\n".join(entities) + "\n", encoding="utf-8")
        batch = ["-m", "tietrace.cli", "check", "--from", str(listing), "--profile", PROFILE.name, "--as-of", AS_OF]
        results[f"check --from ({args.batch} entities)"] = measure(
            f"check --from ({args.batch} entities)", {"after": ROOT}, settings, [*batch, "--json"], args.batch_repeats
        )
        results[f"{args.batch} separate check processes"] = separate_processes(
            trees, settings, entities, args.batch_repeats
        )
        backend = space.store.backend
    floor = results["python -c pass"]
    ratios = {
        name: {label: round(s["wall_s"] / floor[label]["wall_s"], 1) for label, s in found.items()}
        for name, found in results.items()
        if name not in ("python -c pass", "check_in_process")
    }
    print("ratio of wall time to `python -c pass`:", json.dumps(ratios), flush=True)
    # What `check` costs beyond its question: the process's time less the same answer's time in an open process.
    asked = results["check_in_process"]
    check_overhead = {
        label: {key: round(s[key] - asked[key], 3) for key in ("wall_s", "cpu_s")}
        for label, s in results["tietrace check ID"].items()
    }
    print("check beyond its query:", json.dumps(check_overhead), flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "cli-startup.json"
    payload = {
        **started,
        "load_average_end": load_average(),
        "backend": backend,
        "before": args.before,
        "orgs": args.orgs,
        "repeats": args.repeats,
        "batch": args.batch,
        "batch_repeats": args.batch_repeats,
        "results": results,
        "ratio_to_python_c_pass": ratios,
        "check_beyond_query": check_overhead,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
