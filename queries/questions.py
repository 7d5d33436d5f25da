"""The investigation questions, as a registry: what each asks (its Cypher files), its answer asked alone (a pure
function of the graph, the entity, the profile and the date) and its section in the report.

Sources are registered the same way (ingest/sources). What reads this registry:
- queries.check.check fills one CheckResult field per question (named as the question), and tests hold each to the
  question asked alone (tests/check_parts.py);
- api/routers/diligence.py makes one route per routed question: GET /v1/entities/{id}/<name>;
- the CLI report (tietrace/cli_check.py) and the page (api/ui/js/entity.js) render one section per question, titled
  as declared here; tests/unit/test_questions.py holds all of them to this list.
The risk is not a question here: it weighs every answer (queries/risk.py), so it stays the check's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from queries.answers import Controller, Funding, PersonRole, Proximity, ReportingException, Tie
from queries.control import controllers_under
from queries.exceptions import reporting_exceptions
from queries.funding import funding
from queries.identity import identity_of
from queries.people import person_roles
from queries.profiles import Profile
from queries.proximity import proximity
from queries.ties import ties

# The question asked alone, about an entity already found: store, entity id, profile, as_of -> answer.
Ask = Callable[[GraphStore, str, Profile, str | None], Any]


@dataclass(frozen=True, slots=True)
class Question:
    name: str  # the CheckResult field, the route's last path segment, the section's key in the CLI and on the page
    title: str  # the section heading, in the CLI report and on the page
    cypher: tuple[str, ...]  # the Cypher files (queries/<name>.cypher) it asks, besides twins for SAME_AS clusters
    # (steps: the ownership walks of queries/walks.py)
    ask: Ask
    model: Any  # the answer's type: the route's response model
    summary: str = ""  # the route's one-line summary; empty: no route of its own (it is part of /check only)
    description: str = ""  # the route's longer description, when it needs one


def _roles(store: GraphStore, entity_id: str, profile: Profile, as_of: str | None) -> list[PersonRole]:
    return person_roles(store, entity_id, as_of)


def _exceptions(store: GraphStore, entity_id: str, profile: Profile, as_of: str | None) -> list[ReportingException]:
    # GLEIF's reasons of every record of the entity: its SAME_AS cluster, as the check reads them.
    return reporting_exceptions(store, identity_of(store, [entity_id]).members(entity_id))


# In report order: the CLI prints its sections in this order after the risk.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "roles",
        "Organizations they own, direct or work for",
        ("person_roles",),
        _roles,
        list[PersonRole],
    ),
    Question(
        "controllers",
        "Who owns and controls it",
        ("steps",),
        controllers_under,
        list[Controller],
        summary="Who owns and controls it, with every path",
        description="Every upstream owner and controller within 10 hops, with effective ownership; `foreign` under "
        "the profile.",
    ),
    Question(
        "reporting_exceptions",
        "GLEIF reporting exceptions",
        ("reporting_exceptions",),
        _exceptions,
        list[ReportingException],
    ),
    Question(
        "funding",
        "Who funds it",
        ("funding", "steps"),
        funding,
        Funding,
        summary="Who funds it and everything it controls",
    ),
    Question(
        "proximity",
        "Watchlist proximity",
        ("proximity", "steps", "listed_on"),
        proximity,
        list[Proximity],
        summary="How close it is to listed entities",
    ),
    Question(
        "ties",
        "Research ties",
        ("ties",),
        ties,
        list[Tie],
        summary="Co-publications, shared grants and equipment received",
    ),
)


def names() -> list[str]:
    return [q.name for q in QUESTIONS]


def routed() -> list[Question]:
    """The questions with a route of their own."""
    return [q for q in QUESTIONS if q.summary]
