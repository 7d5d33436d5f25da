"""Name normalization, pair scoring and the matcher's decisions, on real names; and the quality floor."""

from __future__ import annotations

import pytest

from bench.resolution import HOLDOUT, PAIRS, evaluate, load_pairs, ours
from names.normalize import core, legal_forms_conflict, numbers_conflict, tokens
from names.score import best_name_match
from names.symbols import symbol_similarity
from resolve.matcher import Matcher


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"),
        ("Univ. of Calif., Berkeley", "University of California, Berkeley"),
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("ЗАЛА АЭРО", "Zala Aero"),
    ],
)
def test_variants_normalize_alike(a: str, b: str) -> None:
    assert core(a) == core(b)


def test_tokens_drop_stop_words_and_legal_forms() -> None:
    assert tokens("University of California, Berkeley") == {"university", "california", "berkeley"}
    assert tokens("Huawei Technologies Co., Ltd.") == {"huawei", "technologies"}


def test_legal_forms_tell_a_joint_stock_company_from_an_llc() -> None:
    assert legal_forms_conflict("ZALA AERO JSC", "ZALA Aero LLC")
    assert not legal_forms_conflict("OOO Zala Aero", "Zala Aero LLC")
    assert not legal_forms_conflict("Zala Aero", "Zala Aero LLC")


ROWS = [
    {
        "id": "cst",
        "name": 'Общество с ограниченной ответственностью "ЦСТ"',
        "aliases": ["ZALA Aero LLC", "TsST OOO"],
        "country": "RU",
    },
    {"id": "zala", "name": "ZALA AERO JSC", "aliases": ["Zala Aero"], "country": "RU", "registryId": "1061831012487"},
    {
        "id": "apple",
        "name": "Apple Inc.",
        "aliases": ["Apple Computer, Inc."],
        "country": "US",
        "lei": "HWUPKR0MPOU8FGXBT394",
    },
    {"id": "apple-energy", "name": "APPLE ENERGY LLC", "country": "US", "lei": "549300YX4S1LLSMK2627"},
]


def test_identifiers_win_over_names() -> None:
    matcher = Matcher.from_rows(ROWS)
    [best, *_] = matcher.match("Apple", identifiers={"lei": "549300yx4s1llsmk2627"})
    assert best.entity.id == "apple-energy" and best.score == 1.0
    assert best.reasons[0] == "identifier lei matches"


def test_a_conflicting_identifier_counts_against() -> None:
    matcher = Matcher.from_rows(ROWS)
    found = {c.entity.id: c for c in matcher.match("Apple Inc.", "US", identifiers={"lei": "549300YX4S1LLSMK2627"})}
    assert found["apple"].score < 0.75 and "identifier lei differs" in found["apple"].reasons


def test_statuses() -> None:
    matcher = Matcher.from_rows(ROWS)
    matched = matcher.match("Apple Computer Inc", "US")
    assert matcher.status(matched) == "match" and matched[0].entity.id == "apple"
    assert "country agrees (US)" in matched[0].reasons
    # Both a JSC and an LLC are known as "Zala Aero": that is for a person to decide.
    assert matcher.status(matcher.match("Zala Aero", "RU")) == "review"
    assert matcher.status(matcher.match("Siemens AG", "DE")) == "no_match"


def test_transliteration_variants_meet_in_the_index() -> None:
    matcher = Matcher.from_rows(ROWS)
    [best, *_] = matcher.match("ЗАЛА АЭРО АО", "RU")
    assert best.entity.id == "zala"


# Both on the BIS Entity List: CETC 13 in the recorded Consolidated Screening List (tests/fixtures), CETC 55 as
# named in U.S. v. Han Li and Lin Chen (N.D. Cal. 3:20-cr-00446), "on the DOC Entity List since 2018-08-01".
CETC_13 = "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
CETC_55 = "China Electronics Technology Group Corporation 55th Research Institute (CETC 55)"


def test_numbered_units_of_one_group_never_merge() -> None:
    assert numbers_conflict(CETC_13, CETC_55)
    assert best_name_match(CETC_13, [CETC_55]).score == 0.0
    # A name that only adds or drops the number is no conflict.
    assert not numbers_conflict(CETC_13, "China Electronics Technology Group Corporation 13th Research Institute")
    assert not numbers_conflict(CETC_13, "China Electronics Technology Group Corporation")
    matcher = Matcher.from_rows([{"id": "cetc55", "name": CETC_55, "country": "CN"}])
    assert matcher.status(matcher.match(CETC_13, "CN")) == "no_match"


def test_the_same_words_in_another_language_match_by_meaning() -> None:
    """OFAC SDN entry 306 and its alias (tests/fixtures/resolution/holdout.jsonl): no distinctive word is spelt
    alike, every word has its counterpart."""
    named = best_name_match("BANCO NACIONAL DE CUBA", ["NATIONAL BANK OF CUBA"])
    assert named.by_meaning and named.score == 1.0
    assert named.reason == "same words across languages 1.00"
    # The same words about another place are another bank; a distinctive word left over counts against.
    assert symbol_similarity("BANCO NACIONAL DE CUBA", "CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN") < 0.5
    assert symbol_similarity("University of Michigan", "University of Michigan–Flint") < 0.92


def test_quality_does_not_regress_on_real_pairs() -> None:
    """Figures in BENCHMARKS.md (bench/resolution.py): precision 1.000, recall 0.782 on the tuning set. Precision
    must stay at the target; recall is below the issue's 0.90 target (the misses left are different names for one
    entity: previous names, translations, subsidiaries) and must not fall below what it is."""
    result = evaluate(load_pairs(PAIRS), ours)
    assert result["precision"] >= 0.97
    assert result["recall"] >= 0.77


def test_quality_on_the_held_out_pairs() -> None:
    """OFAC SDN aliases the rules were not written for: 5 of 33 found (the others are translations into other
    words, faction and previous names), one false merge, two OFAC entries both named exactly "CIMEX". The floor is
    what we measure; the baseline in the same run finds 2 with the same false merge."""
    result = evaluate(load_pairs(HOLDOUT), ours)
    assert result["tp"] >= 5
    assert result["fp"] <= 1
