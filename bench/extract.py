"""Extraction throughput with a graph-sized phrase list: build time, memory, sentences per second.

    .venv/bin/python -m bench.extract --orgs 100000 --seed 7

Names and aliases come from bench.generate.organizations() (about 1.3 names per organization). Two workloads:
the real acknowledgement passages of tests/fixtures/acknowledgements (few hits, several rule-shaped names the
matcher must look up) and generated funding sentences naming generated organizations with grant numbers (a hit
or two per sentence). Both run on an extractor built from names only and on one built from the resolution
matcher, which also looks up rule-shaped mentions (milliseconds each on a large graph, then cached per span
text: the first pass over the real passages pays for the lookups, the repeated passes show the cache).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

from bench.generate import NOUNS, WORDS, organizations
from resolve.extract import Extractor
from resolve.matcher import Matcher
from resolve.patterns import sentence_spans

PASSAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "acknowledgements" / "acknowledgements.jsonl"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generated_sentences(rng: random.Random, names: list[str], n: int) -> list[str]:
    return [
        f"This work was supported by the {rng.choice(names)} (Grant No. {rng.randrange(10**7, 10**8)}) and "
        f"by {rng.choice(names)} under award {rng.randrange(10**6, 10**7)}."
        for _ in range(n)
    ]


def unknown_sentences(rng: random.Random, n: int) -> list[str]:
    """Funding sentences naming rule-shaped organizations that are not in the phrase list (matcher lookups)."""
    return [
        f"Support came from the {rng.choice(WORDS)} {rng.choice(NOUNS)} {rng.choice(WORDS)} Foundation "
        f"(No. {rng.randrange(10**7, 10**8)})."
        for _ in range(n)
    ]


def run(extractor: Extractor, texts: list[str], repeat: int) -> tuple[float, int, int]:
    sentences = sum(len(sentence_spans(extractor.nlp(t))) for t in texts) * repeat
    started = time.perf_counter()
    mentions = 0
    for _ in range(repeat):
        for text in texts:
            mentions += len(extractor.extract(text))
    elapsed = time.perf_counter() - started
    return sentences / elapsed, sentences, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    rows = [{"id": e.id, **e.props} for e in organizations(rng, args.orgs)]
    pairs = [(r["id"], name) for r in rows for name in [r["name"], *(r.get("aliases") or [])]]
    real = [json.loads(line)["text"] for line in PASSAGES.read_text("utf-8").splitlines()]
    generated = generated_sentences(rng, [r["name"] for r in rows], args.sentences)
    unknown = unknown_sentences(rng, args.sentences // 4)

    before = rss_mb()
    started = time.perf_counter()
    by_names = Extractor.from_names(pairs, model="")
    print(
        f"from_names: {len(pairs)} names, built in {time.perf_counter() - started:.1f} s, "
        f"peak RSS +{rss_mb() - before:.0f} MB"
    )
    started = time.perf_counter()
    matcher = Matcher.from_rows(rows)
    by_matcher = Extractor.from_matcher(matcher, model="")
    print(
        f"from_matcher: matcher and extractor built in {time.perf_counter() - started:.1f} s, "
        f"peak RSS {rss_mb():.0f} MB in all"
    )

    started = time.perf_counter()
    by_matcher.extract("Supported by the Meridian Quantum Summit Foundation.")  # first lookup loads ICU etc.
    print(f"from_matcher: first rule-shaped lookup {1000 * (time.perf_counter() - started):.0f} ms (one-off)")
    workloads = (
        ("real acknowledgements, first pass", real, 1),
        ("real acknowledgements, 50 more passes", real, 50),
        ("generated funding sentences", generated, 1),
        ("unknown rule-shaped funders", unknown, 1),
    )
    for label, extractor in (("from_names", by_names), ("from_matcher", by_matcher)):
        for workload, texts, repeat in workloads:
            rate, sentences, mentions = run(extractor, texts, repeat)
            print(f"{label:13} {workload:38} {sentences:5} sentences {mentions:5} mentions {rate:6.0f} sentences/s")


if __name__ == "__main__":
    main()
