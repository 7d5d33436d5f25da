"""Screening answers of two work trees on the same rows, compared: a change made for speed must not answer otherwise.

    .venv/bin/python -m bench.screening_golden --baseline /tmp/base [--orgs 100000] [--rows 3000]

Each tree runs in a fresh process with that tree first on the path and the same PYTHONHASHSEED (a set's order, and so
the order of a few float sums, follows the hash seed: with one seed both trees add in the same order). A run
builds the dev set's graph index (bench/screening_graph.py, built once and handed to both) and answers:

- the 965 dev-set rows as screening asks (`collapse=True`, `displayed=True`, five candidates);
- the same rows as resolution asks (resolve/run.py: records apart, ten candidates);
- --rows rows of bench/screening.py's generator against --orgs generated organizations (five candidates).

Every candidate is compared whole: id, score, reasons and records, with the row's status. The report counts the
rows whose status differs, whose top candidate differs, whose candidates at or above FLOOR differ (id or score),
and whose answers differ in anything at all. Writes bench/results/screening_golden.json; exits 1 on any
difference in status, top candidate or a score at or above FLOOR.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
HERE = Path(__file__).resolve()
FLOOR = 0.5  # candidates at or above this must keep their score (thresholds.NAME_LISTED)
HASH_SEED = "0"

Answer = dict[str, Any]


def _answer(matcher: Any, candidates: list[Any]) -> Answer:
    return {
        "status": matcher.status(candidates),
        "candidates": [[c.entity.id, c.score, c.reasons, list(c.records), c.entity.name] for c in candidates],
    }


def worker(graph_file: Path, orgs: int, rows: int, seed: int, warm: bool) -> dict[str, list[Answer]]:
    """One tree's answers, in this process."""
    from bench.generate import organizations
    from bench.screening import collaborator_rows
    from bench.screening_devset import load_devset
    from resolve.matcher import Matcher

    devset = load_devset()
    graph = pickle.loads(graph_file.read_bytes())  # noqa: S301 (written by this benchmark a moment ago)
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    if warm and hasattr(matcher, "warm"):
        matcher.warm()
    out: dict[str, list[Answer]] = {"devset_screening": [], "devset_resolution": [], "generated": []}
    for row in devset:
        name, country = row["name"], row["country"] or None
        found = matcher.match(name, country, limit=5, collapse=True, displayed=True)
        out["devset_screening"].append(_answer(matcher, found))
        out["devset_resolution"].append(_answer(matcher, matcher.match(name, country, limit=10)))
    entities = list(organizations(random.Random(seed), orgs))
    generated = Matcher.from_rows({"id": e.id, **e.props} for e in entities)
    if warm and hasattr(generated, "warm"):
        generated.warm()
    for name, country, _ in collaborator_rows(entities, rows, seed):
        out["generated"].append(_answer(generated, generated.match(name, country)))
    return out


def _run(tree: Path, graph_file: Path, args: argparse.Namespace, warm: bool) -> dict[str, list[Answer]]:
    # -P: the script's folder is not put on the path, so `bench` and `resolve` come from the tree run.
    command = [sys.executable, "-P", str(HERE), "--worker", str(graph_file)]
    command += ["--orgs", str(args.orgs), "--rows", str(args.rows), "--seed", str(args.seed)]
    command += ["--warm"] if warm else []
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": HASH_SEED}
    with tempfile.TemporaryFile("w+") as out:
        subprocess.run(command, cwd=tree, env=env, stdout=out, check=True)
        out.seek(0)
        result: dict[str, list[Answer]] = json.loads(out.read())
    return result


def _above(answer: Answer) -> list[tuple[str, float]]:
    return [(c[0], c[1]) for c in answer["candidates"] if c[1] >= FLOOR]


def compare(before: list[Answer], after: list[Answer]) -> dict[str, Any]:
    """What differs between two runs' answers to the same rows."""
    counts = {"rows": len(before), "status": 0, "top_candidate": 0, "at_or_above_floor": 0, "anything": 0}
    examples: list[dict[str, Any]] = []
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        top_b = b["candidates"][0][:2] if b["candidates"] else None
        top_a = a["candidates"][0][:2] if a["candidates"] else None
        differs = {
            "status": b["status"] != a["status"],
            "top_candidate": top_b != top_a,
            "at_or_above_floor": _above(b) != _above(a),
            "anything": b != a,
        }
        for key, value in differs.items():
            counts[key] += value
        if differs["anything"] and len(examples) < 10:
            examples.append({"row": i, "before": b, "after": a})
    return {**counts, "examples": examples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="the work tree to compare with")
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cold", action="store_true", help="leave this tree's index names unprepared (lazy)")
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.orgs, args.rows, args.seed, args.warm)))
        return
    if args.baseline is None:
        parser.error("--baseline is required")

    from bench.machine import git_commit
    from bench.screening_devset import load_devset
    from bench.screening_graph import build

    devset = load_devset()
    exclude = {"ror-" + r["origin"].removeprefix("ROR ") for r in devset if r["category"] == "negative"}
    with tempfile.TemporaryDirectory(prefix="tietrace-golden-") as tmp:
        graph_file = Path(tmp) / "graph.pickle"
        graph_file.write_bytes(pickle.dumps(build(exclude=exclude)))
        before = _run(args.baseline.resolve(), graph_file, args, warm=False)
        after = _run(HERE.parents[1], graph_file, args, warm=not args.cold)
    report = {kind: compare(before[kind], after[kind]) for kind in before}
    baseline_commit = git_commit(args.baseline)
    result = {
        "benchmark": "screening_golden",
        "before": baseline_commit,
        "after": git_commit(),
        "after_index": "lazy" if args.cold else "warm (Matcher.warm)",
        "orgs": args.orgs,
        "generated_rows": args.rows,
        "floor": FLOOR,
        "report": report,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "screening_golden.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: {x: y for x, y in v.items() if x != "examples"} for k, v in report.items()}, indent=2))
    bad = any(v["status"] or v["top_candidate"] or v["at_or_above_floor"] for v in report.values())
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
