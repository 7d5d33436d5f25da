"""The evidence one comparison weighs: name similarity, country agreement, legal forms.

Two names are similar in two ways, and a comparison takes the better: by spelling (rapidfuzz on the normalized,
transliterated forms; catches typos, word order, legal forms, abbreviations) and by meaning (resolve/symbols.py;
catches the same words in other languages: "Banco Nacional de Cuba" and "National Bank of Cuba").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from resolve.normalize import legal_forms_conflict, numbers_conflict, variants
from resolve.symbols import symbol_similarity

COUNTRY_AGREES = 0.03
COUNTRY_DIFFERS = -0.20
LEGAL_FORM_DIFFERS = -0.15


def name_similarity(query_core: str, variants: Sequence[str]) -> float:
    """0-1: the best token-order-insensitive similarity between a normalized name and any variant."""
    return max((fuzz.token_sort_ratio(query_core, v) for v in variants), default=0.0) / 100


def best_similarity(queries: Sequence[str], candidates: Sequence[str]) -> float:
    """0-1: the best similarity between any variant of one name and any variant of the other."""
    return max((name_similarity(q, candidates) for q in queries), default=0.0)


MEANING_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How similar a name is to the best of a candidate's names, which name that was, and which way."""

    score: float
    name: str | None
    by_meaning: bool

    @property
    def reason(self) -> str:
        how = "same words across languages" if self.by_meaning else "name similarity"
        return f"{how} {self.score:.2f}"


def best_name_match(name: str | None, candidates: Sequence[str]) -> NameMatch:
    """The best of spelling and meaning between a name and any of a candidate's names (its name and aliases).

    A candidate name whose numbers conflict with the name's is no match at all, however alike the rest."""
    best = NameMatch(0.0, None, False)
    if not name:
        return best
    query = variants(name)
    for candidate in candidates:
        if numbers_conflict(name, candidate):
            continue
        spelling = best_similarity(query, variants(candidate))
        # On equal scores a match by spelling is the plainer explanation, and the earlier name (the main one) wins.
        if spelling > best.score or (spelling == best.score and best.by_meaning):
            best = NameMatch(spelling, candidate, False)
        # Meaning is asked only of names that already resemble each other in spelling: it is what costs (a third
        # of screening's time when asked of every candidate), and a pair that shares no spelling at all is not
        # one that shared symbols alone should join.
        if MEANING_FLOOR <= spelling < 1.0 and best.score < 1.0:
            meaning = symbol_similarity(name, candidate)
            if meaning > best.score:
                best = NameMatch(meaning, candidate, True)
    return best


def country_evidence(a: str | None, b: str | None) -> tuple[float, str | None]:
    """(score adjustment, reason): agreement is weak evidence, disagreement strong evidence against."""
    if not a or not b:
        return 0.0, None
    if a.upper() == b.upper():
        return COUNTRY_AGREES, f"country agrees ({b.upper()})"
    return COUNTRY_DIFFERS, f"country differs ({a.upper()} vs {b.upper()})"


def legal_form_evidence(a: str | None, b: str | None) -> tuple[float, str | None]:
    if legal_forms_conflict(a, b):
        return LEGAL_FORM_DIFFERS, "legal forms differ (joint-stock vs limited liability)"
    return 0.0, None


def pair_score(a: str, a_country: str | None, b: str, b_country: str | None) -> float:
    """The score the matcher would give name b (with its aliases left aside) for the query a."""
    country, _ = country_evidence(a_country, b_country)
    form, _ = legal_form_evidence(a, b)
    return max(0.0, min(1.0, best_name_match(a, [b]).score + country + form))
