"""Due diligence on one entity: the whole answer, or one question at a time, under a profile and as of a date.

Each route returns the model the Python function returns (queries.answers), paths and sources included. The
one-question routes are made from the question registry (queries/questions.py): a new question with a summary gets
its route, GET /v1/entities/{id}/<name>, without a change here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.deps import AsOfDep, ProfileDep, StoreDep, require_viewer
from api.errors import responses
from api.routers.entities import EntityId
from queries.answers import CheckResult, Risk
from queries.check import check
from queries.questions import Ask, Question, routed
from queries.target import find

router = APIRouter(
    prefix="/v1/entities/{entity_id}",
    tags=["due diligence"],
    dependencies=[Depends(require_viewer)],
    responses=responses(401, 403, 404, 409, 422, 503),
)

# The route names these questions had before the registry: FastAPI makes each OpenAPI operationId from the route's
# name, so keeping them keeps the OpenAPI document, and clients generated from it, unchanged.
ROUTE_NAMES = {"controllers": "owners", "funding": "money", "proximity": "near", "ties": "research_ties"}


@router.get("/check", response_model=CheckResult, summary="Everything: controllers, funding, proximity, ties, risk")
def full_check(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> CheckResult:
    return check(store, entity_id, profile, as_of)


def _endpoint(ask: Ask) -> Any:
    def answer(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> Any:
        return ask(store, find(store, entity_id).id, profile, as_of)

    return answer


def _add_route(question: Question) -> None:
    router.add_api_route(
        f"/{question.name}",
        _endpoint(question.ask),
        methods=["GET"],
        response_model=question.model,
        summary=question.summary,
        description=question.description,
        name=ROUTE_NAMES.get(question.name, question.name),
    )


for _question in routed():
    _add_route(_question)


@router.get("/risk", response_model=Risk, summary="The risk score, level and factors with their evidence")
def risk(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> Risk:
    """The risk needs every other answer, so this costs what /check costs; it returns only the risk."""
    return check(store, entity_id, profile, as_of).risk
