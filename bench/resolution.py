"""Resolution quality on real name pairs: precision, recall and F1 at the default threshold, against plain
rapidfuzz ratio on raw names in the same run, on the tuning set and on the held-out set.

    .venv/bin/python -m bench.resolution      # reads tests/fixtures/resolution/{pairs,holdout}.jsonl
                                              # (built by bench/resolution_pairs.py)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from names.score import pair_score
from resolve.matcher import MATCH_THRESHOLD

SETS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "resolution"
PAIRS = SETS / "pairs.jsonl"
HOLDOUT = SETS / "holdout.jsonl"
RESULTS = Path(__file__).parent / "results"
BASELINE_THRESHOLD = 0.90


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ours(pair: dict[str, Any]) -> bool:
    return pair_score(pair["a"], pair["a_country"], pair["b"], pair["b_country"]) >= MATCH_THRESHOLD


def baseline(pair: dict[str, Any]) -> bool:
    return fuzz.ratio(pair["a"], pair["b"]) / 100 >= BASELINE_THRESHOLD


def evaluate(pairs: list[dict[str, Any]], decide: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    tp = sum(1 for p in pairs if p["same"] and decide(p))
    fp = sum(1 for p in pairs if not p["same"] and decide(p))
    fn = sum(1 for p in pairs if p["same"] and not decide(p))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    errors = [p for p in pairs if decide(p) != p["same"]]
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "errors": errors,
    }


def report(label: str, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    rows = {
        f"tietrace (normalized, threshold {MATCH_THRESHOLD})": evaluate(pairs, ours),
        f"baseline: rapidfuzz ratio on raw names >= {BASELINE_THRESHOLD}": evaluate(pairs, baseline),
    }
    same = sum(p["same"] for p in pairs)
    print(f"{label}: {len(pairs)} pairs: {same} same, {len(pairs) - same} different\n")
    print("| matcher | precision | recall | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['precision']} | {r['recall']} | {r['f1']} | {r['tp']} | {r['fp']} | {r['fn']} |")
    print(f"\nour errors ({label}):")
    for p in next(iter(rows.values()))["errors"]:
        print(f"  {'missed' if p['same'] else 'false merge'}: {p['a']!r} ~ {p['b']!r} ({p['origin']})")
    print()
    return {
        "pairs": len(pairs),
        "results": {name: {k: v for k, v in r.items() if k != "errors"} for name, r in rows.items()},
    }


def main() -> None:
    tuning = report("tuning set (pairs.jsonl)", load_pairs(PAIRS))
    held_out = report("held-out set (holdout.jsonl)", load_pairs(HOLDOUT))
    RESULTS.mkdir(exist_ok=True)
    summary = {**tuning, "holdout": held_out}
    (RESULTS / "resolution.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
