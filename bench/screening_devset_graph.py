"""The screening dev set against a graph built by the product itself: the bundled lists and ROR loaded through the
CLI's ingest, their records linked by its own resolution, the matcher read from the store.

    export TIETRACE_DATA_DIR=/tmp/devset-graph
    tietrace lists load
    tietrace ingest ror --file $SHARED/ror/ror-records-v2-sample.json.zip
    tietrace ingest ror --file $SHARED/ror/ror-records-v1-sample.json.zip
    .venv/bin/python -m bench.screening_devset_graph [--label NAME]

bench/screening_devset.py measures the matcher on a graph the benchmark builds itself (its SAME_AS links join
records of equal names); this one measures what a user gets, SAME_AS links as resolution wrote them. A listed row
is found when the outcome is match or review and the top candidate's organization holds a record of the expected
list whose name or alias is the expected name; an unlisted row is flagged when the top candidate's organization
holds any listed record. Unlike the other benchmark, the negatives' own ROR records are in this graph (it is the
user's graph): a negative is flagged only when a listed organization outscores its own record. Writes
bench/results/screening_devset_graph[_LABEL].json.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.machine import describe, git_commit
from bench.screening_devset import load_devset
from graph.settings import get_settings
from graph.store import open_store
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"
LISTS = {"el": "us.bis.entity_list", "1260h": "us.dow.1260h", "1286": "us.dow.1286", "1286y": "us.dow.1286"}
LISTED = (
    "MATCH (o:Organization)-[:LISTED_ON]->(w:Watchlist)"
    " RETURN o.id AS id, o.name AS name, o.aliases AS aliases, w.listId AS list"
)


def evaluate(
    matcher: Matcher, rows: list[dict[str, str]], named: dict[tuple[str, str], set[str]], listed: set[str]
) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for row in rows:
        found = matcher.match(row["name"], row["country"] or None, limit=5, collapse=True)
        status = matcher.status(found)
        records = set(found[0].records) if found else set()
        flagged = status in ("match", "review") and bool(records & listed)
        top = f"{found[0].entity.name} [{found[0].entity.id}] {found[0].score:.2f}" if found else ""
        if row["expected_list"]:
            expected = named.get((LISTS.get(row["expected_list"], ""), row["expected_name"].casefold()), set())
            right = bool(expected & records)
            counts["positives"] += 1
            by_category[row["category"]][1] += 1
            if flagged and right:
                counts["found"] += 1
                by_category[row["category"]][0] += 1
            else:
                misses.append(
                    {
                        "name": row["name"],
                        "category": row["category"],
                        "expected": row["expected_name"],
                        "status": status,
                        "top": top,
                    }
                )
            counts["flagged"] += flagged
            counts["flagged_right"] += flagged and right
            counts["matched"] += flagged and status == "match"
            counts["matched_right"] += flagged and right and status == "match"
        else:
            counts["negatives"] += 1
            counts["negatives_flagged"] += flagged
            counts["flagged"] += flagged
            if flagged:
                misses.append(
                    {"name": row["name"], "category": "negative", "expected": "", "status": status, "top": top}
                )

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    p, r = ratio(counts["flagged_right"], counts["flagged"]), ratio(counts["found"], counts["positives"])
    return {
        "rows": len(rows),
        "match_precision": ratio(counts["matched_right"], counts["matched"]),
        "flag_precision": p,
        "flag_recall": r,
        "flag_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "unlisted_flagged": ratio(counts["negatives_flagged"], counts["negatives"]),
        "recall_by_category": {k: ratio(a, b) for k, (a, b) in sorted(by_category.items())},
        "misses": misses,
    }


def listed_names(listings: list[dict[str, Any]]) -> tuple[dict[tuple[str, str], set[str]], set[str]]:
    """(list, name or alias casefolded) -> the records listed so, and every listed record: what evaluate reads."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for listing in listings:
        for name in [listing["name"], *(listing["aliases"] or [])]:
            if name:
                named[(listing["list"], name.casefold())].add(listing["id"])
    return named, {listing["id"] for listing in listings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", default="", help="a suffix for the results file (which graph this was)")
    args = parser.parse_args()
    rows = load_devset()
    settings = get_settings()
    with open_store(settings) as store:
        matcher = Matcher.from_store(store)
        listings = store.run_guarded(LISTED, {}, row_cap=10_000_000).rows
        counts = store.stats()
    named, listed = listed_names(listings)
    blank = [{**row, "country": ""} for row in rows]
    result: dict[str, Any] = {
        "machine": describe(),
        "commit": git_commit(),
        "graph": {
            "data_dir": str(settings.data_dir),
            "organizations": len(matcher.orgs),
            "nodes": counts["nodes"],
            "relationships": counts["relationships"],
        },
        "as_written": evaluate(matcher, rows, named, listed),
        "country_blanked": evaluate(matcher, blank, named, listed),
    }
    RESULTS.mkdir(exist_ok=True)
    suffix = f"_{args.label}" if args.label else ""
    (RESULTS / f"screening_devset_graph{suffix}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    for name in ("as_written", "country_blanked"):
        shown = {k: v for k, v in result[name].items() if k != "misses"}
        print(name, json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    main()
