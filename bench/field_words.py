"""A field of study that one institution's name says and the other's lacks: one organization, or two? Measured on ROR.

    .venv/bin/python -m bench.field_words

Every Latin-script name of shared/data/ror is read as names.normalize reads it. Pairs are two names of one country
whose words, one name's within the other's, differ by one to three words besides stopwords ("changchun university
of technology" within "changchun university of science and technology"), as collaborator lists and lists write an
institution more or less fully. A pair in which names.score finds a field of study only one name says (FIELDS, the
kind of institution shared) is counted as one organization when both names are one record's, as two when they are
two records'; with the score the matcher gave it before FIELD_DIFFERS and after, each with the country agreeing
(+0.05), against the review threshold. The words are weighed by their rarity over bench/screening_graph.py's
graph, as the screening dev set's index weighs them. Writes bench/results/field_words.json with a sample of each.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from bench.machine import describe, git_commit
from bench.ror_names import ror_names
from bench.screening_graph import build
from names import thresholds
from names.normalize import STOPWORDS
from names.score import COUNTRY_AGREES, FIELD_DIFFERS, word_similarity
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"
MOST_WORDS_APART = 3
SAMPLE = 25


def _names(graph_rows: list[dict[str, object]]) -> dict[tuple[str, frozenset[str]], set[tuple[str, str]]]:
    """(country, words) -> the (record, name) of every ROR name with those words (two content words at least)."""
    index: dict[tuple[str, frozenset[str]], set[tuple[str, str]]] = defaultdict(set)
    for country, rid, form, words in ror_names(graph_rows):
        if len(words - STOPWORDS) >= 2:
            index[(country, words)].add((rid, form))
    return index


def main() -> None:
    graph = build()
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    index = _names(graph.rows)
    counts: Counter[str] = Counter()
    by_field: defaultdict[str, Counter[str]] = defaultdict(Counter)
    samples: defaultdict[str, list[tuple[str, str, float, float]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for (country, words), named in index.items():
        content = sorted(words - STOPWORDS)
        for apart in range(1, MOST_WORDS_APART + 1):
            if len(content) - apart < 2:
                break
            for dropped in itertools.combinations(content, apart):
                for short_id, short in index.get((country, words - set(dropped)), ()):
                    for long_id, long in named:
                        if (short, long) in seen:
                            continue
                        seen.add((short, long))
                        found = word_similarity(short, long, matcher.weight)
                        if found.field is None:
                            continue
                        before = found.score + COUNTRY_AGREES
                        after = max(0.0, found.score + FIELD_DIFFERS) + COUNTRY_AGREES
                        kind = "one_organization" if short_id == long_id else "two_organizations"
                        counts[kind] += 1
                        counts[f"{kind}_review_before"] += before >= thresholds.REVIEW
                        counts[f"{kind}_review_after"] += after >= thresholds.REVIEW
                        by_field[found.field][kind] += 1
                        samples[kind].append((short, long, round(before, 3), round(after, 3)))
    pick = random.Random(1)
    result = {
        "machine": describe(),
        "commit": git_commit(),
        "pairs_a_field_sets_apart": dict(counts),
        "by_field": {field: dict(c) for field, c in sorted(by_field.items(), key=lambda fc: -sum(fc[1].values()))},
        **{f"sample_{kind}": pick.sample(found, min(SAMPLE, len(found))) for kind, found in sorted(samples.items())},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "field_words.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("sample")}, indent=2))


if __name__ == "__main__":
    main()
