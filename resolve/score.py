"""The evidence one comparison weighs: name similarity of normalized forms, country agreement, legal forms."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from resolve.normalize import legal_forms_conflict, variants

COUNTRY_AGREES = 0.03
COUNTRY_DIFFERS = -0.20
LEGAL_FORM_DIFFERS = -0.15


def name_similarity(query_core: str, variants: Sequence[str]) -> float:
    """0-1: the best token-order-insensitive similarity between a normalized name and any variant."""
    return max((fuzz.token_sort_ratio(query_core, v) for v in variants), default=0.0) / 100


def best_similarity(queries: Sequence[str], candidates: Sequence[str]) -> float:
    """0-1: the best similarity between any variant of one name and any variant of the other."""
    return max((name_similarity(q, candidates) for q in queries), default=0.0)


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
    return max(0.0, min(1.0, best_similarity(variants(a), variants(b)) + country + form))
