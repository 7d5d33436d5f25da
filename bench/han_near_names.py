"""Names in Han script (kana, hangul) a character or two apart: one organization, or two? Measured on ROR.

    .venv/bin/python -m bench.han_near_names

Every name of shared/data/ror in those scripts, as names.normalize.cjk reads it (simplified characters, legal forms
cut), is compared with every other by rapidfuzz's ratio. A pair at 0.90 or above but not equal, which names.score
once took for the same name ("one character in ten"), is counted as one organization when both names are one
record's, as two when they are two records'. Writes bench/results/han_near_names.json with a sample of each.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from bench.machine import describe, git_commit
from bench.screening_graph import build
from names.normalize import cjk

RESULTS = Path(__file__).parent / "results"
NEAR = 90  # the ratio (percent) the comparison once accepted
SAMPLE = 25


def main() -> None:
    graph = build()
    named = list(
        dict.fromkeys(
            (rid, form)
            for rid, record in graph.ror_names.items()
            for name in [record["name"], *record["aliases"]]
            if (form := cjk(name))
        )
    )
    texts = [form for _, form in named]
    ratios = process.cdist(texts, texts, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
    one: list[tuple[str, str]] = []
    two: list[tuple[str, str]] = []
    for i, j in zip(*np.nonzero((ratios >= NEAR) & (ratios < 100)), strict=True):
        (a_id, a), (b_id, b) = named[i], named[j]
        if i < j and a != b:
            (one if a_id == b_id else two).append((a, b))
    pick = random.Random(1)
    result = {
        "machine": describe(),
        "commit": git_commit(),
        "names": len(named),
        "near_pairs": len(one) + len(two),
        "one_organization": len(one),
        "two_organizations": len(two),
        "sample_one": pick.sample(one, min(SAMPLE, len(one))),
        "sample_two": pick.sample(two, min(SAMPLE, len(two))),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "han_near_names.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("sample")}, indent=2))


if __name__ == "__main__":
    main()
