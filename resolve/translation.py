"""Candidates for a Han-script name found through its English translation (names/han.py).

The lists carry no Chinese and most Chinese institutions no record in their script, so a name such as
"中国电子科技集团公司第五十四研究所" is translated word by word and each rendering is blocked and scored like an
English query. A translation is weaker evidence than a spelling: a glossary's guess at the words, not the name an
institution writes. So a translated name is a match only when it is nearly exactly a record's name
(NEAR_EXACT), and otherwise a review at most; one that barely resembles a record says nothing
(bench/han_devset.py measures both on ROR's bilingual records).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from names import thresholds
from names.han import translate
from names.score import prepare

if TYPE_CHECKING:
    from resolve.matcher import Candidate, Matcher

NEAR_EXACT = 0.99  # a translation scoring at least this (country evidence aside) may be a match
CAPPED = thresholds.MATCH - 0.01  # below it: a review at most
SCRIPT_REASON = "same name in its script"


def found_by_script(candidates: list[Candidate], review: float) -> bool:
    """Whether some candidate already holds the name in its own script (a ROR label): nothing to translate."""
    return any(c.score >= review and any(r.startswith(SCRIPT_REASON) for r in c.reasons) for c in candidates)


def translated_candidates(
    matcher: Matcher,
    name: str,
    country: str | None,
    wanted: dict[str, str],
    collapse: bool,
) -> dict[int, Candidate]:
    """index -> the best candidate over the name's English renderings, its reasons saying it was translated."""
    from resolve.matcher import Candidate, _keys

    found: dict[int, Candidate] = {}
    for english in translate(name):
        query, keys = prepare(english), _keys(english)
        for i in matcher._blocked(english):
            scored = matcher._score(matcher.orgs[i], english, country, wanted, collapse, query, keys)
            named = scored.score - _country_delta(scored.reasons)
            score = scored.score if named >= NEAR_EXACT else min(scored.score, CAPPED)
            best = found.get(i)
            if best is None or score > best.score:
                reasons = [f"translated from Chinese ({english})", *scored.reasons]
                found[i] = Candidate(scored.entity, round(score, 4), reasons)
    return found


def _country_delta(reasons: list[str]) -> float:
    """The country's part of a score, read back from its reason (names/score.country_evidence)."""
    from names.score import COUNTRY_AGREES, COUNTRY_DIFFERS, COUNTRY_UNKNOWN

    for reason in reasons:
        if reason.startswith("country agrees"):
            return COUNTRY_AGREES
        if reason.startswith("country differs"):
            return COUNTRY_DIFFERS
        if reason == "record has no country":
            return COUNTRY_UNKNOWN
    return 0.0
