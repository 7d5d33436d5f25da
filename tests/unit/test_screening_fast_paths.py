"""Screening's fast paths give the answers the plain code gave, to the last bit, on real names.

`compare_words` (names split once, the same sums) is held against word_similarity as it was first written, and
`Blocking.ranked` (sums in numpy) against the loop over a dict it replaced: both plain versions are kept here as the
specification. The names are the screening dev set's (tests/fixtures/screening/devset/devset.csv: real list, ROR
and unlisted names, in English, Chinese and abbreviations), the index is built from them, and each row is compared
with the record it should find and with its neighbours in the file (near names, different organizations).
"""

from __future__ import annotations

import csv
import heapq
import math
from collections import defaultdict
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from names import score
from names.brands import uncommon
from names.initials import SKIPPED
from names.normalize import variants
from names.places import places, two_places
from names.score import (
    DISTINCTIVE,
    FIELDED_KINDS,
    FIELDS,
    PLACE_CAP,
    REDUNDANT_COUNTRY,
    RENDERED_PAIR,
    SHORT_PAIR,
    SHORT_WORD,
    TEACHING_KINDS,
    UNSAID_PLACE,
    WORDS_PAIR,
    Weight,
    WordMatch,
    compare_words,
    country_word,
    default_weight,
    words_of,
)
from resolve import blocking
from resolve.matcher import CANDIDATES_SCORED, Matcher, _keys

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"


def _rows() -> list[dict[str, str]]:
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _short_apart(x: str, y: str) -> bool:
    return (
        fuzz.ratio(x, y) / 100 < SHORT_PAIR and min(len(x), len(y)) <= SHORT_WORD and not score._variant_spellings(x, y)
    )


def plain_word_similarity(
    a: str, b: str, weight: Weight, countries: frozenset[str], unsaid_places: bool = False
) -> WordMatch:
    """word_similarity as first written (commit 2c563e1), before names were split once."""
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return WordMatch(1.0)
    wa, wb = frozenset(a.split()), frozenset(b.split())
    shared = wa & wb
    left_a, left_b = set(wa - shared), set(wb - shared)
    # Since session 17, the sums over sets are exact (math.fsum): a plain sum's last bit followed the hash seed.
    paired = math.fsum(weight(w) for w in shared)
    paired_a = paired_b = paired
    if left_a and left_b:
        # Since session 12, two places never pair (names/places.py); since session 14, two short words a consonant
        # apart pair only from SHORT_PAIR.
        pairs = sorted(
            (
                (fuzz.ratio(x, y) / 100, x, y)
                for x in left_a
                for y in left_b
                if (x[0] == y[0] or len(x) > 3) and not two_places(x, y) and not _short_apart(x, y)
            ),
            reverse=True,
        )
        pairs = [p for p in pairs if p[0] >= WORDS_PAIR and not {p[1], p[2]} <= TEACHING_KINDS]
        # Since session 17, two of academy, college and school pair at RENDERED_PAIR (one kind, two words).
        rendered = [(RENDERED_PAIR, x, y) for x in left_a for y in left_b if {x, y} <= TEACHING_KINDS]
        for similarity, x, y in sorted([*pairs, *rendered], reverse=True):
            if x in left_a and y in left_b:
                left_a.discard(x)
                left_b.discard(y)
                # Since session 16, a screened row's pair weighs as its lighter word on both sides (a misspelling).
                wx, wy = (min(weight(x), weight(y)),) * 2 if unsaid_places else (weight(x), weight(y))
                paired += similarity * (wx + wy) / 2
                paired_a += wx
                paired_b += wy
    # Since session 12, a word one name keeps alone that is the initials of every word the other keeps, in order
    # ("of", "and" ... giving none), pairs with them, weighing what they weigh, when the names share a word.
    for short_side, long_side, long_name in ((left_a, left_b, b), (left_b, left_a, a)):
        if shared and left_a and left_b and len(short_side) == 1 and len(long_side) >= 2:
            (short,) = short_side
            run = [w for w in long_name.split() if w in long_side]
            initials = "".join(w[0] for w in run if w not in SKIPPED)
            if short.isalpha() and 3 <= len(short) <= 8 and initials == short and len(run) == len(long_side):
                spelt = sum(map(weight, run))
                paired, paired_a, paired_b = paired + spelt, paired_a + spelt, paired_b + spelt
                short_side.clear()
                long_side.difference_update(run)
                break
    leading = {a.split()[0] if a.split() else "", b.split()[0] if b.split() else ""}

    def one_sided(word: str, other: set[str]) -> float:
        code = country_word(word) if countries and word in leading else None
        redundant = code is not None and code in countries and not any(map(country_word, other))
        return weight(word) * (REDUNDANT_COUNTRY if redundant else 1.0)

    total_a = paired_a + math.fsum(one_sided(w, left_b) for w in left_a)
    total_b = paired_b + math.fsum(one_sided(w, left_a) for w in left_b)
    score = paired / max(total_a, total_b, 1e-9)
    conflict = None
    if left_a and left_b:
        heaviest = max(weight(w) for w in wa | wb)
        da = max(sorted(left_a), key=weight)
        db = max(sorted(left_b), key=weight)
        if min(weight(da), weight(db)) >= DISTINCTIVE * heaviest:
            conflict = (da, db)
    # Since session 11, a field of study one name keeps unpaired, the kind shared, unless the words it keeps name a
    # kind too (another body's name): written here word by word, as the rule reads.
    fields = []
    if shared & FIELDED_KINDS:
        for left in (left_a, left_b):
            if not left & FIELDED_KINDS:
                fields += [w for w in left if w in FIELDS]
    field = min(fields) if fields else None
    # Since session 14, a query whose one word of its own is the place it starts or ends with, where both names say a
    # brand and the other no place of its own, weighs that place UNSAID_PLACE, its score PLACE_CAP at most.
    known = places()
    for own in (a.split()[0], a.split()[-1]):
        if (
            unsaid_places
            and left_a == {own}
            and score < PLACE_CAP
            and own in known
            and any(uncommon(w) and w not in known for w in shared)
            and not any(w in known for w in left_b)
        ):
            unsaid = paired / max(total_a - (1.0 - UNSAID_PLACE) * weight(own), total_b, 1e-9)
            if unsaid > score:
                return WordMatch(min(unsaid, PLACE_CAP), conflict, field, own)
    return WordMatch(min(1.0, score), conflict, field)


def plain_ranked(postings: dict[str, list[int]], sizes: list[int], name: str, total: int) -> list[int]:
    """Matcher._blocked in plain Python (first written in commit 2c563e1): a dict of weights, heapq.nlargest over
    it; since a common key reweighs every entry found while they are at most REWEIGH_ALL (the LEADERS heaviest
    beyond), and among equal weights fewer keys come first."""
    weight: dict[int, float] = defaultdict(float)
    total = max(total, 1)
    found = [(key, postings[key]) for key in sorted(_keys(name)) if key in postings]  # since session 17: sorted
    leaders: list[int] | None = None
    for key, posting in sorted(found, key=lambda kp: len(kp[1])):
        if len(posting) > blocking.MAX_POSTING:
            continue
        idf = math.log(total / len(posting)) + (0.0 if key.endswith("*") else 0.5)
        if weight and (len(posting) > blocking.COMMON_POSTING or len(weight) > blocking.LEADERS_FROM):
            if leaders is None:
                every = list(weight)
                fits = len(every) <= blocking.REWEIGH_ALL
                leaders = every if fits else heapq.nlargest(blocking.LEADERS, weight, key=weight.__getitem__)
            members = set(postings[key])
            for index in leaders:
                if index in members:
                    weight[index] += idf
            continue
        for index in posting:
            weight[index] += idf
    return heapq.nlargest(CANDIDATES_SCORED, weight, key=lambda i: (weight[i], -sizes[i], -i))


@pytest.fixture(scope="module")
def index() -> tuple[Matcher, list[dict[str, str]]]:
    rows = _rows()
    records = [
        {"id": f"dev-{i}", "name": row["expected_name"] or row["name"], "country": row["country"] or None}
        for i, row in enumerate(rows)
    ]
    return Matcher.from_rows(records), rows


@pytest.mark.parametrize("kept", [score.PAIRS_KEPT, 50])  # word pairs remembered: as shipped, and cleared often
def test_compare_words_scores_as_the_plain_code_did(
    index: tuple[Matcher, list[dict[str, str]]], kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher, rows = index
    monkeypatch.setattr(score, "PAIRS_KEPT", kept)
    monkeypatch.setattr(score, "_PAIRED", {})
    compared = differing = fielded = 0
    for i, row in enumerate(rows):
        countries = frozenset({row["country"].lower()} if row["country"] else set())
        others = [row["expected_name"], *(r["name"] for r in rows[i + 1 : i + 4])]
        for a in variants(row["name"]):
            for other in others:
                for b in variants(other):
                    for weight in (matcher.weight, default_weight):
                        for unsaid in (False, True):
                            fast = compare_words(words_of(a), words_of(b), weight, countries, unsaid)
                            assert fast == plain_word_similarity(a, b, weight, countries, unsaid), (a, b)
                        compared += 1
                        differing += fast.score < 1.0
                        fielded += fast.field is not None
    assert compared > 3_000 and differing > 1_000  # the comparisons reached the pairing and the conflicts
    assert fielded > 50  # and fields only one name says
    assert 0 < len(score._PAIRED) <= kept  # pairs were remembered, never more than kept


@pytest.mark.parametrize("small", [0, 10**9])  # numpy for every row, or the dict for every row
@pytest.mark.parametrize("thresholds", [None, (20, 40, 10, 30)])
def test_blocking_ranks_as_the_plain_code_did(
    index: tuple[Matcher, list[dict[str, str]]],
    thresholds: tuple[int, int, int, int] | None,
    small: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the shipped thresholds, and with small ones so that the leaders' path runs on an index this size."""
    matcher, rows = index
    monkeypatch.setattr(blocking, "SMALL", small)
    if thresholds is not None:
        common, leaders_from, leaders, reweigh_all = thresholds
        monkeypatch.setattr(blocking, "COMMON_POSTING", common)
        monkeypatch.setattr(blocking, "LEADERS_FROM", leaders_from)
        monkeypatch.setattr(blocking, "LEADERS", leaders)
        monkeypatch.setattr(blocking, "REWEIGH_ALL", reweigh_all)
    postings = dict(matcher.blocking.postings)
    found = 0
    for row in rows:
        fast = matcher.blocking.ranked(_keys(row["name"]), len(matcher.orgs), CANDIDATES_SCORED)
        assert fast == plain_ranked(postings, matcher.blocking.sizes, row["name"], len(matcher.orgs)), row["name"]
        found += bool(fast)
    assert found > 600  # most rows reach a candidate (Chinese names only one in Han script)


def test_of_two_words_that_weigh_the_same_the_reason_names_the_first_in_alphabetical_order() -> None:
    # Set order follows the hash seed; the reason a person reads must not change from one process to the next.
    even = compare_words(words_of("zeta alpha institute"), words_of("omega beta institute"), lambda word: 1.0)
    assert even.conflict == ("alpha", "beta")


def test_a_warm_index_answers_as_a_lazy_one() -> None:
    """Matcher.warm prepares every name up front; the answers are those of names prepared when first met."""
    rows = _rows()
    records = [
        {"id": f"dev-{i}", "name": row["expected_name"] or row["name"], "country": row["country"] or None}
        for i, row in enumerate(rows)
    ]
    lazy, warm = Matcher.from_rows(records), Matcher.from_rows(records)
    names = sum(len(org.compared) for org in warm.orgs)
    assert warm.warm() == names and warm.warm() == 0  # every name once, none twice
    assert all(p is not None for org in warm.orgs for p in org.prepared)
    assert any(p is None for org in lazy.orgs for p in org.prepared)
    assert set(warm.blocking._arrays) == set(warm.blocking.postings)  # every posting as the numpy path reads it
    assert not lazy.blocking._arrays
    for row in rows:
        country = row["country"] or None
        assert warm.match(row["name"], country, collapse=True) == lazy.match(row["name"], country, collapse=True)
