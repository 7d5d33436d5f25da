"""Matching a name (and maybe a country and identifiers) against every organization in the graph.

Identifiers first: an exact LEI, ROR, OpenAlex, Wikidata, UEI/DUNS, GRID, ISNI or registry number wins over any
name, and a conflicting one counts strongly against. Names second: candidates come from a blocking index (each
distinct token of a normalized name and its first four letters, so transliteration variants such as kalasnikov
and kalashnikov meet), ranked by how rare the shared keys are, and only the best few are scored with rapidfuzz on
the normalized forms. Country agreement and disagreement are evidence. Three outcomes at configurable thresholds:
match, review, no_match; two strong candidates that disagree make a review, never a silent choice.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import IDENTIFIER_KEYS, EntityRef
from resolve.display import NamedRecord, display_name
from resolve.normalize import tokens
from resolve.score import NameMatch, best_name_match, country_evidence, legal_form_evidence

MATCH_THRESHOLD = 0.92
REVIEW_THRESHOLD = 0.75
AMBIGUITY_MARGIN = 0.03
IDENTIFIER_DIFFERS = -0.30
CANDIDATES_SCORED = 40
MAX_POSTING = 20_000  # keys shared by more organizations than this say nothing about which one is meant
COMMON_POSTING = 2_000  # keys this common are used only when no rarer key of the name finds anything
PAGE = 20_000


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: EntityRef
    score: float
    reasons: list[str]


@dataclass(slots=True)
class _Org:
    ref: EntityRef
    names: list[str]
    identifiers: dict[str, str]


def _keys(name: str) -> set[str]:
    toks = tokens(name)
    return set(toks) | {f"{t[:4]}*" for t in toks if len(t) > 4}


def _identifiers(row: dict[str, Any]) -> dict[str, str]:
    found = {}
    for key in IDENTIFIER_KEYS:
        value = row.get(key)
        if value:
            found["registry" if key == "registryId" else key] = str(value).strip().lower()
    return found


@dataclass(slots=True)
class Matcher:
    orgs: list[_Org] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_identifier: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    match_threshold: float = MATCH_THRESHOLD
    review_threshold: float = REVIEW_THRESHOLD
    _sets: dict[str, set[int]] = field(default_factory=dict, repr=False)
    _display: dict[int, EntityRef] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[dict[str, Any]],
        match_threshold: float = MATCH_THRESHOLD,
        review_threshold: float = REVIEW_THRESHOLD,
    ) -> Matcher:
        matcher = cls(match_threshold=match_threshold, review_threshold=review_threshold)
        for row in rows:
            matcher.add(row)
        return matcher

    @classmethod
    def from_store(
        cls, store: GraphStore, match_threshold: float = MATCH_THRESHOLD, review_threshold: float = REVIEW_THRESHOLD
    ) -> Matcher:
        """All organizations of the graph, read in pages."""
        query = queries.load("organizations")
        matcher = cls(match_threshold=match_threshold, review_threshold=review_threshold)
        after = ""
        while True:
            rows = store.run(query, {"afterId": after, "limit": PAGE})
            for row in rows:
                matcher.add(row)
            if len(rows) < PAGE:
                # The index lives as long as the process and holds a few objects per organization: out of the
                # collector's sight, each full collection no longer walks it (screening 100k organizations: 0.36
                # -> 0.26 ms of CPU per row).
                gc.freeze()
                return matcher
            after = rows[-1]["id"]

    def add(self, row: dict[str, Any]) -> None:
        names = [n for n in [row.get("name"), *(row.get("aliases") or [])] if n]
        identifiers = _identifiers(row)
        index = len(self.orgs)
        ref = EntityRef.from_row({**row, "labels": ["Organization"]})
        self.orgs.append(_Org(ref, names, identifiers))
        for key in {k for n in names for k in _keys(n)}:
            self.postings[key].append(index)
        for scheme, value in identifiers.items():
            self.by_identifier[(scheme, value)].append(index)

    def _blocked(self, name: str) -> list[int]:
        """Candidate indexes sharing rare keys with the name, most informative first."""
        weight: dict[int, float] = defaultdict(float)
        total = max(len(self.orgs), 1)
        # Rarest keys first; a common key ("university", "technologies") only adds weight to candidates a rarer
        # key already found, unless nothing rarer matched: the cost stays with the informative keys.
        found = [(key, self.postings[key]) for key in _keys(name) if key in self.postings]
        for key, posting in sorted(found, key=lambda kp: len(kp[1])):
            if len(posting) > MAX_POSTING:
                continue
            if len(posting) > COMMON_POSTING and weight:
                idf = math.log(total / len(posting))
                for index in weight:
                    weight[index] += idf if index in self._posting_set(key) else 0.0
                continue
            idf = math.log(total / len(posting)) + (0.0 if key.endswith("*") else 0.5)
            for index in posting:
                weight[index] += idf
        return sorted(weight, key=lambda i: -weight[i])[:CANDIDATES_SCORED]

    def _posting_set(self, key: str) -> set[int]:
        cached = self._sets.get(key)
        if cached is None:
            cached = self._sets[key] = set(self.postings[key])
        return cached

    def match(
        self,
        name: str | None,
        country: str | None = None,
        identifiers: dict[str, str] | None = None,
        limit: int = 5,
        displayed: bool = False,
    ) -> list[Candidate]:
        """The best candidates, best first, each with its score (0-1) and the reasons for it; `displayed`: named
        as answers show them (screening), not as stored (resolution compares records as they are)."""
        wanted = {k.lower(): str(v).strip().lower() for k, v in (identifiers or {}).items() if v}
        hits: set[int] = set()
        for scheme, value in wanted.items():
            hits.update(self.by_identifier.get((scheme, value), []))
        pool = list(hits) + [i for i in (self._blocked(name) if name else []) if i not in hits]
        scored = [(self._score(self.orgs[i], name, country, wanted), i) for i in pool]
        scored.sort(key=lambda ci: (-ci[0].score, ci[0].entity.id))
        if not displayed:
            return [c for c, _ in scored[:limit]]
        return [replace(c, entity=self._shown(i)) for c, i in scored[:limit]]

    def _shown(self, index: int) -> EntityRef:
        """The organization as answers show it: named by the display-name rule (resolve/display.py) over its
        names, computed for the candidates a row returns only, once per organization."""
        ref = self._display.get(index)
        if ref is None:
            org = self.orgs[index]
            shown = display_name([NamedRecord(org.names[:1], org.names[1:])]) or org.ref.name
            ref = self._display[index] = org.ref.model_copy(update={"name": shown})
        return ref

    def _score(self, org: _Org, name: str | None, country: str | None, wanted: dict[str, str]) -> Candidate:
        reasons: list[str] = []
        same = [s for s, v in wanted.items() if org.identifiers.get(s) == v]
        differ = [s for s, v in wanted.items() if s in org.identifiers and org.identifiers[s] != v]
        named = NameMatch(0.0, None, False)
        if same:
            score = 1.0
            reasons.append(f"identifier {', '.join(same)} matches")
        else:
            named = best_name_match(name, org.names)
            score = named.score
            reasons.append(named.reason)
        if differ:
            score += IDENTIFIER_DIFFERS
            reasons.append(f"identifier {', '.join(differ)} differs")
        delta, reason = country_evidence(country, org.ref.country)
        score += delta
        if reason is not None:
            reasons.append(reason)
        # Legal forms only decide between match, review and no match: weigh them only near the thresholds.
        if not same and score >= self.review_threshold:
            form_delta, form_reason = legal_form_evidence(name, named.name)
            score += form_delta
            if form_reason is not None:
                reasons.append(form_reason)
        return Candidate(entity=org.ref, score=round(max(0.0, min(1.0, score)), 4), reasons=reasons)

    def status(self, candidates: list[Candidate]) -> str:
        """match, review or no_match. Two candidates both near the top are a review, never a silent choice."""
        if not candidates or candidates[0].score < self.review_threshold:
            return "no_match"
        best = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if best.score >= self.match_threshold and best.score - runner_up >= AMBIGUITY_MARGIN:
            return "match"
        return "review"
