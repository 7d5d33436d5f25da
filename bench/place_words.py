"""Two names a place apart, the places spelt alike: one organization, or two? Measured on ROR.

    .venv/bin/python -m bench.place_words

Every Latin-script name of shared/data/ror is read as names.normalize reads it. Pairs are two names of one country
with the same words but one, that one a place of names/places.txt on each side, the two spelt at least WORDS_PAIR
alike ("xiamen university of technology" / "xian university of technology"): the pairs names/places.py no longer
lets pair their places. A pair is one organization when both names are one record's, two when they are two
records'; it is scored as the matcher scores it, with the places pairing (before) and not (after), the country
agreeing (+0.05), against the review and match thresholds. The words are weighed by their rarity over
bench/screening_graph.py's graph, as the screening dev set's index weighs them. Writes
bench/results/place_words.json with every pair.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

from rapidfuzz import fuzz

from bench.machine import describe, git_commit
from bench.ror_names import ror_names
from bench.screening_graph import build
from names import score, thresholds
from names.places import places, two_places
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"


def _pairs(graph_rows: list[dict[str, object]]) -> list[tuple[str, str, str, str]]:
    """(record, name, record, name): names of one country alike but for one place each, the places spelt alike."""
    known = places()
    rest: dict[tuple[str, frozenset[str]], set[tuple[str, str, str]]] = defaultdict(set)
    for country, rid, form, words in ror_names(graph_rows):
        for word in words & known if len(words) >= 2 else ():
            rest[(country, words - {word})].add((word, rid, form))
    found = []
    for named in rest.values():
        for place_a, id_a, name_a in named:
            for place_b, id_b, name_b in named:
                similar = fuzz.ratio(place_a, place_b) / 100 >= score.WORDS_PAIR
                if name_a < name_b and similar and two_places(place_a, place_b):
                    found.append((id_a, name_a, id_b, name_b))
    return sorted(found)


def _scores(pairs: list[tuple[str, str, str, str]], matcher: Matcher, pairing: bool) -> list[float]:
    score._PAIRED.clear()
    with mock.patch.object(score, "two_places", (lambda x, y: False) if pairing else two_places):
        found = [score._scored(score.word_similarity(a, b, matcher.weight)) for _, a, _, b in pairs]
    score._PAIRED.clear()
    return [s + score.COUNTRY_AGREES for s in found]


def main() -> None:
    graph = build()
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    pairs = _pairs(graph.rows)
    before, after = _scores(pairs, matcher, True), _scores(pairs, matcher, False)
    counts: Counter[str] = Counter()
    rows = []
    for (id_a, name_a, id_b, name_b), was, now in zip(pairs, before, after, strict=True):
        kind = "one_organization" if id_a == id_b else "two_organizations"
        counts[kind] += 1
        for label, value in (("before", was), ("after", now)):
            counts[f"{kind}_review_or_match_{label}"] += value >= thresholds.REVIEW
            counts[f"{kind}_match_{label}"] += value >= thresholds.MATCH
        rows.append({"kind": kind, "a": name_a, "b": name_b, "before": round(was, 3), "after": round(now, 3)})
    result = {"machine": describe(), "commit": git_commit(), "pairs": dict(counts), "rows": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "place_words.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result["pairs"], indent=2))


if __name__ == "__main__":
    main()
