"""Han-script names found through their English translation, measured on ROR's bilingual Chinese records.

    .venv/bin/python -m bench.han_devset [--half dev|test|both] [--no-country] [--no-translation]

Every Chinese (CN) ROR record of shared/data with a name in Han script and an English display name is a row: the
query is its first Han-script name, the answer its own record (or its SAME_AS organization). The rows are split in
two by a hash of the ROR id: the glossary (names/han.yml) is tuned on the development half only; the test half is
reported beside it. The index is bench/screening_graph.py's graph (the BIS Entity List, 1260H, Section 1286, all of
ROR) with the Han-script names of every row's record removed, so that a row can be found by translation only.

- found: the outcome is match or review and the top candidate is the record (its organization);
- matched wrong: the outcome is match and the top candidate is another organization;
- flagged: a row of an unlisted record (no record of its organization is on a list) whose top candidate is a listed
  organization, with match or review: the unlisted-flagged rate, which must stay at 2 % or below. The bench's
  SAME_AS links join equal names only, so some "unlisted" ROR records are a listed organization under another
  spelling (ROR's "Huawei Technologies (China)"); `unlisted_flagged_beyond_english` leaves out the rows whose English
  name screens to the same listed organization.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.machine import describe, git_commit
from bench.screening_graph import Graph, build
from names.normalize import cjk
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"


def half(ror_id: str) -> str:
    """dev or test, by the ROR id's hash: stable across runs and machines."""
    return "dev" if int(hashlib.sha256(ror_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def bilingual(graph: Graph) -> list[dict[str, str]]:
    """The rows: Chinese ROR records with an English display name and a name in Han script."""
    rows = []
    for rid, record in graph.ror_names.items():
        if record["country"] != "CN" or cjk(record["name"]):
            continue
        han = [a for a in record["aliases"] if cjk(a)]
        if han:
            rows.append({"id": rid, "query": han[0], "english": record["name"], "half": half(rid)})
    return sorted(rows, key=lambda r: r["id"])


def without_han(graph: Graph, ids: set[str]) -> list[dict[str, Any]]:
    """The graph's rows, the listed records' Han-script names removed from the records in ids."""
    return [
        {**row, "aliases": [a for a in row["aliases"] if not cjk(a)]} if row["id"] in ids else row for row in graph.rows
    ]


def evaluate(graph: Graph, matcher: Matcher, rows: list[dict[str, str]], country: str | None) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    misses, flags, wrong = [], [], []
    for row in rows:
        found = matcher.match(row["query"], country, limit=5, collapse=True)
        status = matcher.status(found)
        top = set(found[0].records) if found else set()
        own = set(matcher._members(matcher.identity.canonical(row["id"])) or [])
        own_ids = {matcher.orgs[i].ref.id for i in own} | {row["id"]}
        listed = bool(own_ids & graph.listed.keys())
        right = row["id"] in top
        flagged = status != "no_match"
        translated = bool(found) and found[0].reasons[0].startswith("translated from Chinese")
        counts["rows"] += 1
        counts["listed"] += listed
        counts[f"status_{status}"] += 1
        counts["top_translated"] += translated
        if flagged and right:
            counts["found"] += 1
            counts["found_listed"] += listed
        elif listed or len(misses) < 100:  # every listed row missed, and the first unlisted ones
            missed = {"query": row["query"], "english": row["english"], "status": status, "top": _top(found)}
            misses.append({**missed, "listed": listed})
        if status == "match":
            counts["matched"] += 1
            counts["matched_right"] += right
            if not right:
                wrong.append({"query": row["query"], "english": row["english"], "top": _top(found)})
        if not listed:
            counts["unlisted"] += 1
            if flagged and top & graph.listed.keys():
                counts["unlisted_flagged"] += 1
                # The bench links records by equal names only: ROR's "Huawei Technologies (China)" is not linked to
                # the Entity List's "Huawei Technologies Co., Ltd.". When the record's English name screens to the
                # same listed organization, the translation found what the English name finds: no error of its own.
                english = matcher.match(row["english"], country, limit=5, collapse=True)
                if matcher.status(english) == "no_match" or not set(english[0].records) & top:
                    counts["unlisted_flagged_beyond_english"] += 1
                flags.append({"query": row["query"], "english": row["english"], "status": status, "top": _top(found)})

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "rows": counts["rows"],
        "listed_rows": counts["listed"],
        "recall": ratio(counts["found"], counts["rows"]),
        "recall_listed": ratio(counts["found_listed"], counts["listed"]),
        "match_precision": ratio(counts["matched_right"], counts["matched"]),
        "match_rate": ratio(counts["matched"], counts["rows"]),
        "review_rate": ratio(counts["status_review"], counts["rows"]),
        "top_by_translation": ratio(counts["top_translated"], counts["rows"]),
        "unlisted_flagged": ratio(counts["unlisted_flagged"], counts["unlisted"]),
        "unlisted_flagged_beyond_english": ratio(counts["unlisted_flagged_beyond_english"], counts["unlisted"]),
        "unlisted_flagged_rows": flags,
        "matched_wrong": wrong,
        "misses": misses,
    }


def _top(found: list[Any]) -> str:
    if not found:
        return ""
    return f"{found[0].entity.name} [{found[0].entity.id}] {found[0].score:.2f}: {'; '.join(found[0].reasons)}"


def run(halves: tuple[str, ...], country: str | None) -> dict[str, Any]:
    graph = build()
    rows = bilingual(graph)
    matcher = Matcher.from_rows(without_han(graph, {r["id"] for r in rows}))
    matcher.link(graph.links)
    result: dict[str, Any] = {"machine": describe(), "commit": git_commit(), "country": country}
    for name in halves:
        chosen = [r for r in rows if r["half"] == name]
        began = time.perf_counter()
        result[name] = evaluate(graph, matcher, chosen, country)
        result[name]["rows_per_second"] = round(len(chosen) / (time.perf_counter() - began))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--half", choices=["dev", "test", "both"], default="dev")
    parser.add_argument("--no-country", action="store_true", help="screen without the country (CN)")
    parser.add_argument("--no-translation", action="store_true", help="as before translation: the baseline")
    args = parser.parse_args()
    if args.no_translation:
        import resolve.matcher

        resolve.matcher.translated_candidates = lambda *_: {}  # type: ignore[assignment]
    halves = ("dev", "test") if args.half == "both" else (args.half,)
    result = run(halves, None if args.no_country else "CN")
    RESULTS.mkdir(exist_ok=True)
    suffix = ("_no_country" if args.no_country else "") + ("_no_translation" if args.no_translation else "")
    (RESULTS / f"han_devset{suffix}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lists = ("unlisted_flagged_rows", "matched_wrong", "misses")
    shown = {k: ({m: n for m, n in v.items() if m not in lists} if k in halves else v) for k, v in result.items()}
    print(json.dumps(shown, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
