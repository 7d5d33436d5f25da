"""Candidates for a Han-script name found through its English translation (names/han.py).

The lists carry no Chinese and most Chinese institutions no record in their script, so a name such as
"中国电子科技集团公司第五十四研究所" is translated word by word and its renderings are blocked and scored like an
English name: one query holding every rendering as a variant (the scorer takes the best), so that six renderings
cost one comparison per candidate, not six.

A translation is weaker evidence than a spelling: a glossary's guess at the words, not the name an institution
writes. Even an exact one can name another institution: 理工大学 is "University of Science and Technology" in
Nanjing and "University of Technology" in Tianjin, and both cities have both. Measured on ROR's bilingual records
(bench/han_devset.py), exact translations that were allowed to match were wrong one time in twenty-five; so a
translation is a review at most, its scores brought below the match threshold in the same order. A less usual
rendering of a term costs a little more (STRAY), so that the usual rendering's record ranks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from names import thresholds
from names.han import renderings as translations
from names.normalize import cjk, core, numbers
from names.score import Prepared, best_prepared_match, cjk_similarity, prepare

if TYPE_CHECKING:
    from resolve.matcher import Candidate, Matcher

CAPPED = thresholds.MATCH - 0.01  # a translation's best: a review
FLOOR = 0.90  # a translation needs this much (a spelling needs REVIEW) to be a review
STRAY = 0.04  # what each step away from a term's usual rendering costs (names.han.renderings)
POOL = 24  # candidates scored: the first rendering's 15 first, then what the others add


def found_by_script(matcher: Matcher, name: str, candidates: list[Candidate]) -> bool:
    """Whether a candidate at review or above holds the name in its own script (a ROR label):
    then there is nothing to translate."""
    han = cjk(name)
    for candidate in candidates:
        if candidate.score >= matcher.review_threshold:
            org = matcher.orgs[matcher._by_id[candidate.entity.id]]
            if any(cjk_similarity(han, cjk(other)) for other in org.compared):
                return True
    return False


def translated_candidates(
    matcher: Matcher, name: str, country: str | None, wanted: dict[str, str], collapse: bool
) -> dict[int, Candidate]:
    """index -> the candidate as its best rendering scores it, its reasons saying it was translated and how."""
    from resolve.matcher import Candidate, _keys

    found_renderings = translations(name)
    if not found_renderings:
        return {}
    renderings = [english for english, _ in found_renderings]
    strays = dict(found_renderings)
    prepared = [prepare(english) for english in renderings]
    words = tuple(dict.fromkeys(v for p in prepared for v in p.variants))
    query = Prepared(renderings[0], "", numbers(renderings[0]), words)
    keys = frozenset().union(*(_keys(english) for english in renderings))
    pool = list(dict.fromkeys(i for english in renderings for i in matcher._blocked(english)))[:POOL]
    found: dict[int, Candidate] = {}
    for i in pool:
        org = matcher.orgs[i]
        scored = matcher._score(org, renderings[0], country, wanted, collapse, query, keys, translated=True)
        english, cost = renderings[0], 0.0
        if scored.score >= FLOOR:  # below it no rendering, however costed, makes a review: not asked which
            # Which rendering it was, each paying for how far it strays from the usual one: the score was taken
            # over all of them unpaid, so the best rendering's shortfall after its cost comes off it.
            names = [matcher._prepared(org, j) for j in range(len(org.compared))]
            best, unpaid, named = 0.0, 0.0, None
            for rendering in prepared:  # the most usual rendering among equals
                found_name = best_prepared_match(rendering, names, matcher.weight, fields=False)
                unpaid = max(unpaid, found_name.score)
                if found_name.score - STRAY * strays[rendering.name] > best or named is None:
                    best, english, named = found_name.score - STRAY * strays[rendering.name], rendering.name, found_name
            cost = unpaid - best
            if named is not None and scored.reasons and not scored.reasons[0].startswith("identifier"):
                scored.reasons[0] = named.reason  # the rendering's own similarity, not the best over all of them
        score = _review_at_most(scored.score - cost, matcher.review_threshold)
        found[i] = Candidate(scored.entity, round(score, 4), _reasons(english, strays[english], scored, score))
    for i, candidate in _abbreviated(matcher, found_renderings, country, collapse).items():
        if i not in found or candidate.score > found[i].score:
            found[i] = candidate
    return found


def _abbreviated(
    matcher: Matcher, found_renderings: tuple[tuple[str, int], ...], country: str | None, collapse: bool
) -> dict[int, Candidate]:
    """The records a rendering that is one abbreviation, legal forms aside, names ("比亚迪股份有限公司" -> "byd co
    ltd", "中国中车" -> "crrc"): a company whose English name is its brand's letters is held by the index as that
    abbreviation only, which no word of its names blocks. Scored as the abbreviation is, a review at most."""
    from resolve.matcher import Candidate

    found: dict[int, Candidate] = {}
    for english, strays in found_renderings:
        words = core(english).split()
        if len(words) != 1 or words[0] not in matcher.by_acronym:
            continue
        for i, held in matcher._acronym_candidates(words[0], country, collapse).items():
            # What the abbreviation earns (a review when several organizations hold it), a match brought to review.
            score = min(held.score - STRAY * strays, CAPPED)
            if i not in found or score > found[i].score:
                found[i] = Candidate(held.entity, round(score, 4), _reasons(english, strays, held, score))
    return found


def _reasons(english: str, strays: int, scored: Candidate, score: float) -> list[str]:
    """A translated candidate's reasons: the rendering, the reasons of its score as English, what the rendering
    cost (names.han.renderings' strays) and, when the score was lowered, that a translation weighs less."""
    reasons = [f"translated from Chinese ({english})", *scored.reasons]
    if strays:
        reasons.append(f"a less usual rendering (-{STRAY * strays:.2f})")
    if score < scored.score:
        reasons.append("a translation weighs less than a spelling")
    return reasons


def _review_at_most(score: float, review: float) -> float:
    """A translation's score on the scale of the others: from FLOOR up to 1 it is a review (brought below
    CAPPED), below FLOOR it is not, in the same order throughout: the better rendering of two still ranks first (a
    plain cap would tie them, and the tie fall to the record's id)."""
    if score < FLOOR:
        return max(0.0, score - (FLOOR - review))
    return review + (score - FLOOR) * (CAPPED - review) / (1.0 - FLOOR)
