"""Hard negatives for abbreviations: every acronym ROR's v2 dump publishes, screened as a collaborator row against a
graph the CLI built, alone and with its record's country; two work trees in one session.

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.screening_ror_acronyms [--baseline /tmp/base]

DIR holds a graph built by `tietrace lists load` (the bundled lists, and ROR's records of listed organizations and
their namesakes). Each row is screened as `tietrace screen` screens it (collapse, displayed, as an affiliation). An
answer is counted by its status and its top candidate: the row's own ROR record ("own"), a listed organization
("listed": for an acronym of another institution, a wrong flag unless the record is that organization under ROR's
name), or another ("unlisted"). Each tree runs in its own process with that tree first on the path; the rows and
the graph are the same. Writes bench/results/screening_ror_acronyms.json, with up to 30 examples of each listed count.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
EXAMPLES = 30


def _rows(shared: Path) -> list[tuple[str, str | None, str]]:
    """(acronym, its record's country, the record's ROR id) for every acronym of every record of the v2 dump."""
    with zipfile.ZipFile(shared / "ror" / "ror-records-v2-sample.json.zip") as dump:
        records = json.loads(dump.read(dump.namelist()[0]))
    rows = []
    for record in records:
        locations = record.get("locations") or []
        country = (locations[0].get("geonames_details") or {}).get("country_code") if locations else None
        for name in record.get("names") or []:
            if "acronym" in (name.get("types") or []):
                rows.append((name["value"], country, record["id"].rsplit("/", 1)[-1]))
    return rows


def worker(shared: Path) -> dict[str, Any]:
    """In this process (the tree is whatever `resolve` imports from): every row, both ways."""
    from graph.store import open_store
    from resolve.matcher import Matcher

    with open_store() as store:
        matcher = Matcher.from_store(store)
    listed = {org.ref.id for org in matcher.orgs if org.listed}
    counts: Counter[str] = Counter()
    examples: defaultdict[str, list[str]] = defaultdict(list)
    for acronym, country, ror in _rows(shared):
        for mode, given in (("alone", None), ("with country", country)):
            found = matcher.match(acronym, given, collapse=True, displayed=True, affiliation=True)
            status = matcher.status(found)
            if status == "no_match":
                continue
            top = found[0]
            holder = "own" if f"ror-{ror}" in top.records else "listed" if listed & set(top.records) else "unlisted"
            key = f"{mode}: {status}, {holder}"
            counts[key] += 1
            if holder == "listed" and len(examples[key]) < EXAMPLES:
                examples[key].append(f"{acronym} ({country}, ror.org/{ror}) -> {top.entity.name} {top.score:.2f}")
    return {"rows": len(_rows(shared)), "counts": dict(sorted(counts.items())), "examples": dict(examples)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="a work tree of the code before (git worktree add)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker)))
        return

    from bench.machine import git_commit, record_result, work_trees
    from bench.screening_graph import data_dir

    this = HERE.parents[1]
    runs: dict[str, Any] = {}
    for name, tree in work_trees(args.baseline, this).items():
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, "-P", str(tree / "bench" / HERE.name), "--worker", str(data_dir())]
        if not (tree / "bench" / HERE.name).exists():  # a tree from before this benchmark: this file, its code
            command[2] = str(HERE)
        done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
        runs[name] = {"commit": git_commit(tree), **json.loads(done.stdout.strip().splitlines()[-1])}
        print(f"{name} ({runs[name]['commit']}): {json.dumps(runs[name]['counts'])}", file=sys.stderr)
    summary = {name: {"commit": run["commit"], **run["counts"]} for name, run in runs.items()}
    record_result("screening_ror_acronyms", summary, runs)


if __name__ == "__main__":
    main()
