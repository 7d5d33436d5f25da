"""Researcher due diligence: one person's review under a funder's decision rules, or a whole team in one call.

The review lists, per rule, the facts that meet it in its date window with their sources and the rule's citation;
the overall action is the most severe any rule reaches (queries/researcher.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, StringConstraints

from api.deps import AsOfDep, StoreDep, require_viewer
from api.errors import responses
from queries import decision_rules
from queries.decision_rules import RuleSet
from queries.researcher import review
from queries.researcher_answers import ResearcherReview, TeamReview
from queries.researcher_team import MAX_TEAM, team

router = APIRouter(
    prefix="/v1/people",
    tags=["researcher due diligence"],
    dependencies=[Depends(require_viewer)],
    responses=responses(400, 401, 403, 404, 422, 503),
)


def get_rules(
    rules: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description=f"Decision rule set (shipped: {', '.join(decision_rules.names())}).",
        ),
    ] = decision_rules.DEFAULT,
) -> RuleSet:
    return decision_rules.load(rules)  # NotFound -> 404, an invalid user file -> 400


RulesDep = Annotated[RuleSet, Depends(get_rules)]
PersonId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        description="A Person id, an ORCID (orcid:0000-0002-2733-0689) or an OpenAlex author id (A5068542997).",
    ),
]


PersonRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class TeamRequest(BaseModel):
    people: list[PersonRef] = Field(
        min_length=1,
        max_length=MAX_TEAM,
        description="One reference per person: a Person id, orcid:0000-... or an OpenAlex author id.",
        examples=[["orcid:0000-0002-2733-0689", "A5048491430"]],
    )


@router.get("/{person_id}/review", response_model=ResearcherReview, summary="A researcher under a funder's rules")
def person_review(store: StoreDep, person_id: PersonId, rules: RulesDep, as_of: AsOfDep) -> ResearcherReview:
    """Affiliations over time, co-authorships with listed institutions, funding and equipment, each rule's action
    with its facts, sources and citation, and the overall action."""
    return review(store, person_id, rules, date.fromisoformat(as_of))


@router.post("/review", response_model=TeamReview, summary="A proposal team: one row per person")
def team_review(store: StoreDep, body: TeamRequest, rules: RulesDep, as_of: AsOfDep) -> TeamReview:
    """Each person's overall action and the rules it comes from; a person not found is a row with its error."""
    return team(store, body.people, rules, date.fromisoformat(as_of))
