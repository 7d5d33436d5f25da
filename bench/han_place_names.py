"""Han-script names a place apart: "北京旷视科技" and "旷视科技", one organization or two? Measured on ROR.

    .venv/bin/python -m bench.han_place_names

Every name of shared/data/ror in Han script, as names.normalize.cjk reads it, is cut after each place it starts with
(the glossary's places and plain_places, 市 or 省 after one); where the rest is another of ROR's names, the pair is
counted as one organization when both names are one record's, as two when they are two records', and apart for the
pairs names.han.place_apart accepts (the rest holds a proper noun, a brand) and those it refuses. Screening weighs a
place so written as it weighs one in Latin script (a review at most); this says how often that is right. Writes
bench/results/han_place_names.json with the pairs accepted and a sample of those refused.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

from bench.machine import describe, git_commit
from bench.screening_graph import build
from names.han import is_place, place_apart
from names.normalize import cjk

RESULTS = Path(__file__).parent / "results"
SAMPLE = 25


def main() -> None:
    graph = build()
    holders: dict[str, set[str]] = defaultdict(set)
    for rid, record in graph.ror_names.items():
        for name in [record["name"], *record["aliases"]]:
            if form := cjk(name):
                holders[form].add(rid)
    counts = {"accepted": {"one": 0, "two": 0}, "refused": {"one": 0, "two": 0}}
    accepted: list[tuple[str, str, str]] = []
    refused: list[tuple[str, str, str]] = []
    for form, owners in holders.items():
        for cut in range(1, len(form) - 1):
            said, rest = form[:cut], form[cut:]
            if not is_place(said) or rest not in holders:
                continue
            for owner in owners:
                for other in holders[rest]:
                    how = "one" if owner == other else "two"
                    kept = place_apart(form, rest) is not None
                    counts["accepted" if kept else "refused"][how] += 1
                    (accepted if kept else refused).append((form, rest, how))
    result = {
        "machine": describe(),
        "commit": git_commit(),
        "han_names": len(holders),
        "pairs": counts,
        "accepted": sorted(accepted),
        "sample_refused": random.Random(1).sample(sorted(refused), min(SAMPLE, len(refused))),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "han_place_names.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k in ("han_names", "pairs", "accepted")}, ensure_ascii=False))


if __name__ == "__main__":
    main()
