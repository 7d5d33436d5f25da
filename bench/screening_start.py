"""How long `tietrace screen` takes to have its index ready, with the organizations read in turn or the first page
read ahead while the matching code is imported (resolve/organization_pages.py).

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.screening_start [--rounds 6]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`) and its index kept (one `tietrace screen`
run before). Each run is a new process doing what `tietrace screen` does before its first row, in its order: import
the store and open it, then (read ahead: ask for the first page) import the matching and screening code, then
`Matcher.from_store` (the organizations read, the kept index loaded). The two ways alternate, the order reversed
every other round. Seconds from the process's first statement to the index ready, medians over the rounds;
writes bench/results/screening_start.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.machine import git_commit, interleaved, load_average, record_result

ROOT = Path(__file__).resolve().parent.parent
WAYS = {"in_turn": Path("in_turn"), "read_ahead": Path("read_ahead")}  # interleaved() takes names to trees: ways

# One process as `tietrace screen` starts (tietrace/cli_api.py), the way given in argv[1]; prints its seconds.
_RUN = """
import json, sys, time
began = time.perf_counter()
from graph.settings import get_settings
from graph.store import open_store
with open_store(get_settings()) as store:
    first = None
    if sys.argv[1] == "read_ahead":
        from resolve.organization_pages import first_page_ahead
        first = first_page_ahead(store)
    imported_at = time.perf_counter()
    from resolve.matcher import Matcher
    import screening.parallel, screening.people, screening.screen
    imported = time.perf_counter() - imported_at
    matcher = Matcher.from_store(store, keep_in=get_settings().index_folder, first_page=first)
    assert matcher.snapshot is not None, "no kept index: run `tietrace screen` on DIR once first"
    print(json.dumps({"ready_s": time.perf_counter() - began, "import_s": imported, "orgs": len(matcher.orgs)}))
"""


def _run(way: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, way], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
    for round_, way in interleaved(args.rounds, WAYS):
        run = {"load": load_average()[0], **_run(way)}
        runs[way].append(run)
        print(f"round {round_ + 1} {way}: {json.dumps(run)}", flush=True)
    summary: dict[str, Any] = {"organizations": runs["in_turn"][0]["orgs"]}
    for way, done in runs.items():
        summary[f"{way}_ready_s"] = round(statistics.median(r["ready_s"] for r in done), 2)
    summary["saved_s"] = round(summary["in_turn_ready_s"] - summary["read_ahead_ready_s"], 2)
    record_result("screening_start", summary, runs, commit=git_commit(), rounds=args.rounds)


if __name__ == "__main__":
    main()
