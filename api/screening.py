"""Screening a list of collaborators: match each row against the graph's organizations, then, for a clear
match, the risk under the profile. The same code serves `POST /v1/screen` and `tietrace screen`.

Matching is resolve.matcher's: identifiers first, then names through a blocking index, with country as
evidence. A row is `match` only when one candidate is clearly best; an ambiguous or weak row is `review`, for a
person to decide, and never resolved silently.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from api.collaborators import Collaborator
from api.schemas import RiskFactorSummary, RiskSummary, ScreenMatch, ScreenResult, ScreenSummary
from graph.errors import GraphError
from graph.store import GraphStore
from queries.check import check
from queries.profiles import Profile
from resolve.matcher import Candidate, Matcher

log = logging.getLogger(__name__)

Status = Literal["match", "review", "no_match"]
MATCHES_PER_ROW = 5
TOP_FACTORS = 3


def risk_summary(store: GraphStore, entity_id: str, profile: Profile, as_of: str) -> RiskSummary:
    risk = check(store, entity_id, profile, as_of).risk
    counted = sorted((f for f in risk.factors if f.value > 0), key=lambda f: -(f.value * f.weight))
    return RiskSummary(
        score=risk.score,
        level=risk.level,
        profile=risk.profile,
        top_factors=[
            RiskFactorSummary(name=f.name, weight=f.weight, value=f.value, explanation=f.explanation)
            for f in counted[:TOP_FACTORS]
        ],
    )


def _match(candidate: Candidate) -> ScreenMatch:
    return ScreenMatch(**candidate.entity.model_dump(), score=candidate.score, reasons=list(candidate.reasons))


@dataclass(slots=True)
class Screener:
    """Screens rows one at a time (so results can stream); the risk of an entity is computed once per batch."""

    store: GraphStore
    matcher: Matcher
    profile: Profile
    as_of: str
    _risks: dict[str, RiskSummary] = field(default_factory=dict)

    def screen(self, row: Collaborator) -> ScreenResult:
        candidates = self.matcher.match(
            row.name, row.country, row.identifiers or None, limit=MATCHES_PER_ROW, collapse=True
        )
        status = cast(Status, self.matcher.status(candidates))  # the matcher's three outcomes
        result = ScreenResult(
            row=row.row,
            input=row.input,
            status=status,
            matches=[_match(c) for c in candidates],
        )
        if status == "match":
            best = candidates[0].entity.id
            try:
                if best not in self._risks:
                    self._risks[best] = risk_summary(self.store, best, self.profile, self.as_of)
                result.risk = self._risks[best]
            except GraphError as exc:
                log.warning("risk of %s for row %d failed: %s", best, row.row, exc)
                result.error = f"the risk could not be computed: {exc}"
        return result

    def screen_all(self, rows: Iterable[Collaborator]) -> Iterator[ScreenResult]:
        for row in rows:
            yield self.screen(row)


def summarize(results: list[ScreenResult], seconds: float) -> ScreenSummary:
    counts = Counter(r.status for r in results)
    return ScreenSummary(
        rows=len(results),
        match=counts["match"],
        review=counts["review"],
        no_match=counts["no_match"],
        seconds=round(seconds, 3),
    )


# -- CSV out ------------------------------------------------------------------------------------------------

RESULT_COLUMNS = [
    "status",
    "match_id",
    "match_name",
    "match_country",
    "match_score",
    "reasons",
    "risk_score",
    "risk_level",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A value for a CSV cell; text a spreadsheet would run as a formula is prefixed with ' (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in value.items())
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def csv_header(input_columns: list[str]) -> list[str]:
    return ["row", *input_columns, *RESULT_COLUMNS]


def csv_line(result: ScreenResult, input_columns: list[str]) -> list[str]:
    best = result.matches[0] if result.matches else None
    cells: list[Any] = [result.row, *(result.input.get(c) for c in input_columns), result.status]
    cells += [best.id, best.name, best.country, best.score, " | ".join(best.reasons)] if best else [None] * 5
    cells += [result.risk.score, result.risk.level] if result.risk else [None, None]
    return [_cell(c) for c in cells]


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


# -- the matching index, shared by requests ---------------------------------------------------------------


class MatcherCache:
    """One in-memory matching index per process, rebuilt when the graph's counts change or after ttl seconds.

    Building it reads every organization, so it is not done per request; a changed count (an ingest, a deletion)
    rebuilds it at once, and the ttl bounds how long an edit that keeps the counts (a renamed organization) can
    go unseen.
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None
        self._fingerprint: Any = None
        self._built = 0.0
        self.builds = 0

    def get(self, store: GraphStore) -> Matcher:
        counts = store.stats()
        fingerprint = (counts["nodes"], counts["relationships"])
        with self._lock:
            fresh = time.monotonic() - self._built < self.ttl
            if self._matcher is None or fingerprint != self._fingerprint or not fresh:
                began = time.monotonic()
                self._matcher = Matcher.from_store(store)
                self._fingerprint, self._built = fingerprint, time.monotonic()
                self.builds += 1
                log.info(
                    "matching index built: %d organizations in %.2f s", len(self._matcher.orgs), self._built - began
                )
            return self._matcher
