"""The API's screening of a long list with and without its worker processes (screening/workers.py), the index warm
and every row met for the first time: the marginal cost of a new name, as a server pays it.

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.screening_workers [--rows 3000] [--rounds 3]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`). The rows: the screening dev set's 978 real
names, then ROR's v2 sample (shared/data) display names with their records' countries, every row distinct. In one
process, as the API holds them: the organization index loaded from its kept file and warmed, and a pool of one
worker per core (up to 8) holding copies of it. Each round runs, in turn (reversed every other round), the rows
through Screener.screen_all (risks included, none kept from before) alone and with the pool, and the matching alone
(Matcher.match on each row) both ways; kept answers are forgotten before each run. The answers must be equal.
Wall seconds and rows/s, medians over the rounds; writes bench/results/screening_workers.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.machine import git_commit, interleaved, load_average, record_result
from bench.screening_graph import data_dir

MODES = {"alone": Path("alone"), "workers": Path("workers")}  # interleaved() takes names to trees: here, modes


def _rows(count: int) -> bytes:
    """A CSV of `count` distinct rows: the dev set's, then ROR's display names."""
    from bench.screening_devset import load_devset

    seen: set[tuple[str, str]] = set()
    rows = []
    for row in load_devset():
        key = (row["name"], row["country"] or "")
        if key not in seen:
            seen.add(key)
            rows.append(key)
    with zipfile.ZipFile(data_dir() / "ror" / "ror-records-v2-sample.json.zip") as dump:
        records = json.loads(dump.read(dump.namelist()[0]))
    for record in records:
        locations = record.get("locations") or []
        country = (locations[0].get("geonames_details") or {}).get("country_code") if locations else None
        for name in record.get("names") or []:
            key = (name["value"], country or "")
            if "ror_display" in (name.get("types") or []) and key not in seen and "," not in name["value"]:
                seen.add(key)
                rows.append(key)
    lines = ["organization,country", *(f'"{n.replace(chr(34), "")}",{c}' for n, c in rows[:count])]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from graph.settings import get_settings
    from graph.store import open_store
    from queries.profiles import load
    from resolve.matcher import Matcher
    from screening.collaborators import read_csv
    from screening.screen import Screener, organization_question
    from screening.workers import MatchingPool, workers_wanted

    batch = read_csv(_rows(args.rows))
    settings = get_settings()
    profile = load("us-research-security")
    workers = workers_wanted(None) or 2
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    answers: dict[str, list[dict[str, Any]]] = {}
    with open_store(settings) as store:
        matcher = Matcher.from_store(store, keep_in=settings.index_folder)
        assert matcher.snapshot is not None, "the index was not kept: is DIR a graph of the bundled lists?"
        matcher.warm()
        ready: list[float] = []

        def fresh_pool() -> MatchingPool:
            """Workers that never met a row (each keeps the answers it gave, as the server's index does)."""
            began = time.perf_counter()
            pool = MatchingPool.for_index(matcher, workers)
            assert pool is not None and pool.wait_ready()
            ready.append(time.perf_counter() - began)
            return pool

        for round_, mode in interleaved(args.rounds, MODES):
            run: dict[str, Any] = {"load": load_average()[0]}
            for what in ("match_s", "screen_s"):
                matcher.forget_answers()
                pool = fresh_pool() if mode == "workers" else None
                screener = Screener(store, matcher, profile, "2026-12-01")  # no risk kept from before
                began = time.perf_counter()
                rows = pool.answered_ahead(matcher, batch.rows) if pool is not None else batch.rows
                if what == "match_s":
                    for row in rows:
                        question = organization_question(row)
                        if question is not None:
                            matcher.match(**question)
                else:
                    results = list(screener.screen_all(rows))
                    answers.setdefault(mode, [r.model_dump() for r in results])
                run[what] = round(time.perf_counter() - began, 2)
                if pool is not None:
                    pool.close()
            runs[mode].append(run)
            print(f"round {round_ + 1} {mode}: {json.dumps(run)}", flush=True)
    assert answers["alone"] == answers["workers"], "the workers answered otherwise"
    rows_n = len(batch.rows)
    summary: dict[str, Any] = {"rows": rows_n, "workers": workers, "pool_ready_s": round(statistics.median(ready), 2)}
    for mode, done in runs.items():
        for what in ("match_s", "screen_s"):
            seconds = statistics.median(r[what] for r in done)
            summary[f"{mode}_{what}"] = seconds
            summary[f"{mode}_{what.removesuffix('_s')}_rows_per_s"] = round(rows_n / seconds)
    summary["matches"] = sum(r["status"] == "match" for r in answers["alone"])
    record_result("screening_workers", summary, runs, commit=git_commit(), rounds=args.rounds)


if __name__ == "__main__":
    main()
