"""Screening a list of collaborators: match each row against the graph's organizations (and its persons, for a row
that names one), then, for a clear match, the risk under the profile. The same code serves `POST /v1/screen` and
`tietrace screen`.

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
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from graph.errors import GraphError, NotFound
from graph.model import Label
from graph.store import GraphStore
from queries.answers import CheckResult
from queries.check import check_entities
from queries.profiles import Profile
from queries.target import entities_of
from resolve.matcher import Candidate, Matcher
from screening.collaborators import Collaborator
from screening.models import (
    ListingSummary,
    PersonScreen,
    RiskFactorSummary,
    RiskSummary,
    ScreenMatch,
    ScreenResult,
    ScreenSummary,
)
from screening.people import people_matcher

if TYPE_CHECKING:
    from screening.workers import MatchingPool

log = logging.getLogger(__name__)

Status = Literal["match", "review", "no_match"]
MATCHES_PER_ROW = 5
TOP_FACTORS = 3
# Risks are asked RISK_BATCH entities at a time (each question once for all of them: queries.check), in up to
# RISK_THREADS batches at once while rows are matched; a row waits at most behind WINDOW others for its risk.
RISK_BATCH = 100
RISK_THREADS = 2
WINDOW = 200
RISKS_KEPT = 100_000  # risks kept across requests (MatcherCache.risks); a few hundred bytes each
# The more serious part decides a row's status: a listed person at an unlisted institution is a match.
_SEVERITY: dict[str, int] = {"no_match": 0, "review": 1, "match": 2}


def risk_summaries(store: GraphStore, entity_ids: list[str], profile: Profile, as_of: str) -> dict[str, RiskSummary]:
    """The risk of each entity, by its id, each question asked once for all of them (queries.check); an id the
    graph no longer holds (deleted since the index was built) is left out."""
    entities = entities_of(store, entity_ids)
    answers = check_entities(store, list(entities.values()), profile, as_of)
    return {answer.entity.id: _summary(answer) for answer in answers}


def _summary(answer: CheckResult) -> RiskSummary:
    risk = answer.risk
    counted = sorted((f for f in risk.factors if f.value > 0), key=lambda f: -(f.value * f.weight))
    own = [p for p in answer.proximity if p.hops == 0]  # proximity lists counted ones first at each distance
    return RiskSummary(
        score=risk.score,
        level=risk.level,
        profile=risk.profile,
        top_factors=[
            RiskFactorSummary(name=f.name, weight=f.weight, value=f.value, explanation=f.explanation)
            for f in counted[:TOP_FACTORS]
        ],
        listings=[
            ListingSummary(
                list_id=p.list.id,
                title=p.list.title,
                listed_from=p.listed_from,
                snapshot=p.list.snapshot,
                weight=p.weight,
            )
            for p in own
        ],
    )


def organization_question(row: Collaborator) -> dict[str, Any] | None:
    """What the row's organization is matched by (Matcher.match's arguments), or None: a row with an error, or with
    neither a name nor an identifier. screening/parallel.py asks the same in other processes."""
    if row.error is not None or (row.name is None and not row.identifiers):
        return None
    return {
        "name": row.name,
        "country": row.country,
        "identifiers": row.identifiers or None,
        "limit": MATCHES_PER_ROW,
        "collapse": True,
        "displayed": True,
        "affiliation": True,
    }


def _match(candidate: Candidate, label: str | None = None) -> ScreenMatch:
    entity = candidate.entity.model_dump()
    if label is not None:  # the matching index labels what it holds Organization; the person index holds persons
        entity["label"] = label
    return ScreenMatch(**entity, score=candidate.score, reasons=list(candidate.reasons))


@dataclass(slots=True)
class Screener:
    """Screens rows one at a time (so results can stream); the risk of an entity is computed once per batch.

    A row is screened as an organization (its organization, else the person's affiliation, and identifiers) and,
    when it names a person and `people` is given, as a person too; a row read with an error is answered as one.

    `screen_all` asks the graph for the risks of matched entities a hundred at a time, each question once for all
    of them (a dozen queries for a hundred entities, not for each), in a thread while the next rows are matched.
    Asked one by one, the queries' own cost (the driver's, Python's) was most of a 1,000-row list's time against
    the bundled lists (BENCHMARKS.md). Results still come in row order."""

    store: GraphStore
    matcher: Matcher
    profile: Profile
    as_of: str
    people: Matcher | None = None
    # entity id -> its risk, asked once per batch, or shared across batches (MatcherCache.risks)
    risks: dict[str, Future[RiskSummary]] = field(default_factory=dict)
    _pool: ThreadPoolExecutor | None = None
    _queued: list[tuple[str, Future[RiskSummary]]] = field(default_factory=list)  # risks not asked for yet

    def _risk_of(self, entity_id: str) -> Future[RiskSummary]:
        """The entity's risk, asked once per batch: queued with others, and asked for RISK_BATCH entities at a time
        in the pool when screen_all runs, else at once."""
        pending = self.risks.get(entity_id)
        if pending is None:
            pending = self.risks[entity_id] = Future()
            self._queued.append((entity_id, pending))
            if self._pool is None or len(self._queued) >= RISK_BATCH:
                self._send()
        return pending

    def _send(self) -> None:
        """Ask for the risks queued so far: in the pool while rows go on being matched, or here."""
        batch, self._queued = self._queued, []
        if not batch:
            return
        if self._pool is None:
            self._compute(batch)
        else:
            self._pool.submit(self._compute, batch)

    def _compute(self, batch: list[tuple[str, Future[RiskSummary]]]) -> None:
        try:
            found = risk_summaries(self.store, [entity_id for entity_id, _ in batch], self.profile, self.as_of)
        except Exception as exc:
            if len(batch) > 1:  # one entity's failure (a timeout, say) is its rows' error alone: ask one by one
                log.warning("risks of %d entities failed together (%s); asking for each alone", len(batch), exc)
                for one in batch:
                    self._compute([one])
                return
            # every row waiting for the risk is answered, never left waiting
            batch[0][1].set_exception(exc)
            return
        for entity_id, pending in batch:
            if entity_id in found:
                pending.set_result(found[entity_id])
            else:
                pending.set_exception(NotFound(f"{entity_id} is no longer in the graph"))

    def _risk(self, pending: Future[RiskSummary], entity_id: str, row: int) -> tuple[RiskSummary | None, str | None]:
        try:
            return pending.result(), None
        except GraphError as exc:
            log.warning("risk of %s for row %d failed: %s", entity_id, row, exc)
            if self.risks.get(entity_id) is pending:
                self.risks.pop(entity_id, None)  # not kept: the next batch asks again
            return None, f"the risk could not be computed: {exc}"

    def _person(self, row: Collaborator, people: Matcher) -> tuple[PersonScreen, Future[RiskSummary] | None]:
        # The row's country is its organization's, not the person's: it is no evidence about the person.
        orcid = {k: v for k, v in row.identifiers.items() if k == "orcid"}
        candidates = people.match(row.person, None, orcid or None, limit=MATCHES_PER_ROW, displayed=True)
        status = cast(Status, people.status(candidates))
        part = PersonScreen(status=status, matches=[_match(c, Label.PERSON.value) for c in candidates])
        return part, self._risk_of(candidates[0].entity.id) if status == "match" else None

    def _matched(self, row: Collaborator) -> _Screened:
        """The row matched, its risks asked for but maybe not yet answered."""
        result = ScreenResult(row=row.row, input=row.canonical(), original=row.input, status="no_match", matches=[])
        screened = _Screened(result)
        if row.error is not None:
            result.status, result.error = "error", row.error
            return screened
        statuses: list[Status] = []
        question = organization_question(row)
        if question is not None:
            candidates = self.matcher.match(**question)
            status = cast(Status, self.matcher.status(candidates))  # the matcher's three outcomes
            result.organization_status, result.matches = status, [_match(c) for c in candidates]
            statuses.append(status)
            if status == "match":
                screened.organization = (candidates[0].entity.id, self._risk_of(candidates[0].entity.id))
        if row.person is not None and self.people is not None:
            result.person, person_risk = self._person(row, self.people)
            if person_risk is not None:
                screened.person = (result.person.matches[0].id, person_risk)
            statuses.append(result.person.status)
        if statuses:
            result.status = max(statuses, key=lambda s: _SEVERITY[s])
        return screened

    def _answered(self, screened: _Screened) -> ScreenResult:
        """The row with its risks, waiting for them if they are still being computed."""
        result = screened.result
        if screened.organization is not None:
            entity_id, pending = screened.organization
            result.risk, result.error = self._risk(pending, entity_id, result.row)
        if screened.person is not None and result.person is not None:
            entity_id, pending = screened.person
            result.person.risk, _ = self._risk(pending, entity_id, result.row)
        return result

    def screen(self, row: Collaborator) -> ScreenResult:
        return self._answered(self._matched(row))

    def screen_all(self, rows: Iterable[Collaborator]) -> Iterator[ScreenResult]:
        waiting: deque[_Screened] = deque()
        with ThreadPoolExecutor(max_workers=RISK_THREADS, thread_name_prefix="screen-risk") as pool:
            self._pool = pool
            try:
                for row in rows:
                    waiting.append(self._matched(row))
                    # Rows leave in order as soon as their risks are in; never more than WINDOW wait, so that a
                    # progress bar moves and memory stays flat. A row about to be waited for has its risk asked.
                    while waiting and (waiting[0].ready() or len(waiting) > WINDOW):
                        if not waiting[0].ready():
                            self._send()
                        yield self._answered(waiting.popleft())
                self._send()
                while waiting:
                    yield self._answered(waiting.popleft())
            finally:
                # Risks queued when the caller stops reading are still asked: another request may share them
                # (MatcherCache.risks) and must not wait for ever.
                self._send()
                self._pool = None


@dataclass(slots=True)
class _Screened:
    """A row matched, with the risks it waits for (entity id, pending risk) for its organization and person."""

    result: ScreenResult
    organization: tuple[str, Future[RiskSummary]] | None = None
    person: tuple[str, Future[RiskSummary]] | None = None

    def ready(self) -> bool:
        return all(part is None or part[1].done() for part in (self.organization, self.person))


def summarize(results: list[ScreenResult], seconds: float) -> ScreenSummary:
    counts = Counter(r.status for r in results)
    return ScreenSummary(
        rows=len(results),
        match=counts["match"],
        review=counts["review"],
        no_match=counts["no_match"],
        error=counts["error"],
        seconds=round(seconds, 3),
    )


def needs_people(rows: Iterable[Collaborator]) -> bool:
    """Whether a batch names any person (so the person index is worth building)."""
    return any(r.person is not None and r.error is None for r in rows)


# -- CSV out ------------------------------------------------------------------------------------------------

# Excel opens a UTF-8 CSV as the local code page unless it starts with a byte-order mark; with one, Cyrillic and
# CJK names read right. Other readers skip it (Python's utf-8-sig, pandas, LibreOffice).
BOM = "\ufeff"
RESULT_COLUMNS = [
    "status",
    "match_id",
    "match_name",
    "match_country",
    "match_score",
    "reasons",
    "candidates",
    "risk_score",
    "risk_level",
    "person_status",
    "person_match_id",
    "person_match_name",
    "person_match_score",
    "error",
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


def candidates_cell(matches: list[ScreenMatch]) -> str:
    """Every candidate of a review row in one cell, best first: name (country) [id] score: reasons."""
    return " || ".join(
        f"{m.name}{f' ({m.country})' if m.country else ''} [{m.id}] {m.score:.2f}: {', '.join(m.reasons)}"
        for m in matches
    )


def csv_header(input_columns: list[str]) -> list[str]:
    """The header line; the input's own column names come from an uploaded file, so they are defused too."""
    return ["row", *(_cell(c) for c in input_columns), *RESULT_COLUMNS]


def csv_line(result: ScreenResult, input_columns: list[str]) -> list[str]:
    best = result.matches[0] if result.matches else None
    cells: list[Any] = [result.row, *(result.original.get(c) for c in input_columns), result.status]
    cells += [best.id, best.name, best.country, best.score, " | ".join(best.reasons)] if best else [None] * 5
    cells.append(candidates_cell(result.matches) if result.organization_status == "review" else None)
    cells += [result.risk.score, result.risk.level] if result.risk else [None, None]
    person = result.person
    top = person.matches[0] if person and person.matches else None
    cells.append(person.status if person else None)
    cells += [top.id, top.name, top.score] if top else [None] * 3
    cells.append(result.error)
    return [_cell(c) for c in cells]


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


# -- the matching index, shared by requests ---------------------------------------------------------------


def _warm(matcher: Matcher, kind: str, pool: MatchingPool | None = None) -> None:
    began = time.process_time()
    prepared = matcher.warm()
    log.info("%s matching index warm: %d names prepared in %.2f s of CPU", kind, prepared, time.process_time() - began)
    if pool is not None:
        pool.wait_ready()  # its workers load and warm their copies meanwhile


class MatcherCache:
    """One in-memory matching index per process (organizations, and persons once a list names one), rebuilt when
    the graph's counts change or after ttl seconds.

    Building it reads every organization, so it is not done per request; a changed count (an ingest, a deletion)
    rebuilds it at once, and the ttl bounds how long an edit that keeps the counts (a renamed organization) can
    go unseen. Once built, an index is warmed in a background thread (Matcher.warm: every name prepared, about
    1.2 KB of memory a name), so that requests do not pay for preparing the names they are the first to meet.

    The risks of matched entities are kept beside the organization index, per profile and date, and dropped with
    it: the same graph, profile and date give the same risk, and a list screened again (or another list naming the
    same institutions) does not ask the graph for it again. A risk is about ten queries, which made it most of what
    a 1,000-row list of listed institutions cost (BENCHMARKS.md).
    """

    def __init__(self, ttl: float, keep_in: Path | None = None, workers: int = 0) -> None:
        self.ttl = ttl
        self.keep_in = keep_in  # where the organization index is kept between processes (resolve/snapshots.py)
        self.workers = workers  # processes matching long lists, each with a copy of the index (screening/workers.py)
        self._pool: tuple[Matcher, MatchingPool] | None = None  # the organization index's workers
        self._lock = threading.Lock()
        self._built: dict[str, tuple[Matcher, Any, float]] = {}  # kind -> (index, graph fingerprint, when)
        self._risks: dict[tuple[str, str], dict[str, Future[RiskSummary]]] = {}  # (profile, date) -> entity -> risk
        self.builds = 0  # of the organization index
        self.warming: threading.Thread | None = None  # the last index's warming, for whoever must wait for it

    def risks(self, profile: Profile, as_of: str) -> dict[str, Future[RiskSummary]]:
        """The risks kept for this profile (its content, not only its name) and date, for a Screener to share; call
        after `get`, which drops them when the graph changed."""
        key = (profile.model_dump_json(), as_of)
        with self._lock:
            if sum(len(kept) for kept in self._risks.values()) >= RISKS_KEPT:
                self._risks.clear()
            return self._risks.setdefault(key, {})

    def _get(self, store: GraphStore, kind: str, build: Callable[[GraphStore], Matcher]) -> Matcher:
        counts = store.stats()
        fingerprint = (counts["nodes"], counts["relationships"])
        with self._lock:
            held = self._built.get(kind)
            if held is None or held[1] != fingerprint or time.monotonic() - held[2] >= self.ttl:
                began = time.monotonic()
                matcher = build(store)
                held = self._built[kind] = (matcher, fingerprint, time.monotonic())
                self.builds += kind == "organizations"
                pool = None
                if kind == "organizations":
                    self._risks.clear()  # of the graph as it was
                    pool = self._replace_pool(matcher)
                log.info("%s matching index built: %d entries in %.2f s", kind, len(matcher.orgs), held[2] - began)
                self.warming = threading.Thread(
                    target=_warm, args=(matcher, kind, pool), name=f"warm-{kind}", daemon=True
                )
                self.warming.start()
            return held[0]

    def _replace_pool(self, matcher: Matcher) -> MatchingPool | None:
        from screening.workers import MatchingPool  # screening.workers reads this module's rows' questions

        if self._pool is not None:
            if self._pool[1].holds(matcher):  # the same graph read again (the ttl): its workers hold it already
                self._pool = (matcher, self._pool[1])
                return None
            self._pool[1].close()  # its lists already sent are answered; the workers then end
            self._pool = None
        pool = MatchingPool.for_index(matcher, self.workers)
        if pool is not None:
            self._pool = (matcher, pool)
        return pool

    def pool(self, matcher: Matcher) -> MatchingPool | None:
        """The workers holding a copy of this index, once every one of them holds it; else None."""
        with self._lock:
            held = self._pool
        if held is None or held[0] is not matcher or not held[1].ready:
            return None
        return held[1]

    def close(self) -> None:
        """The workers ended (the server stops)."""
        with self._lock:
            if self._pool is not None:
                self._pool[1].close()
                self._pool = None

    def get(self, store: GraphStore) -> Matcher:
        return self._get(store, "organizations", lambda graph: Matcher.from_store(graph, keep_in=self.keep_in))

    def people(self, store: GraphStore) -> Matcher:
        return self._get(store, "people", people_matcher)
