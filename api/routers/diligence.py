"""Due diligence on one entity: the whole answer, or one question at a time, under a profile and as of a date.

Each route returns the model the Python function returns (queries.answers), paths and sources included.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.deps import AsOfDep, ProfileDep, StoreDep, require_viewer
from api.errors import responses
from api.routers.entities import EntityId
from queries.answers import CheckResult, Controller, Funding, Proximity, Risk, Tie
from queries.check import check
from queries.control import controllers
from queries.funding import funding
from queries.proximity import proximity
from queries.target import find
from queries.ties import ties

router = APIRouter(
    prefix="/v1/entities/{entity_id}",
    tags=["due diligence"],
    dependencies=[Depends(require_viewer)],
    responses=responses(401, 403, 404, 409, 422, 503),
)


@router.get("/check", response_model=CheckResult, summary="Everything: controllers, funding, proximity, ties, risk")
def full_check(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> CheckResult:
    return check(store, entity_id, profile, as_of)


@router.get("/controllers", response_model=list[Controller], summary="Who owns and controls it, with every path")
def owners(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> list[Controller]:
    """Every upstream owner and controller within 10 hops, with effective ownership; `foreign` under the profile."""
    entity = find(store, entity_id)
    found = controllers(store, entity.id, as_of, control_pct=profile.thresholds.control_pct)
    for owner in found:
        owner.foreign = profile.is_foreign(owner.country)
    return found


@router.get("/funding", response_model=Funding, summary="Who funds it and everything it controls")
def money(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> Funding:
    return funding(store, find(store, entity_id).id, profile, as_of)


@router.get("/proximity", response_model=list[Proximity], summary="How close it is to listed entities")
def near(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> list[Proximity]:
    return proximity(store, find(store, entity_id).id, profile, as_of)


@router.get("/ties", response_model=list[Tie], summary="Co-publications, shared grants and equipment received")
def research_ties(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> list[Tie]:
    return ties(store, find(store, entity_id).id, profile, as_of)


@router.get("/risk", response_model=Risk, summary="The risk score, level and factors with their evidence")
def risk(store: StoreDep, entity_id: EntityId, profile: ProfileDep, as_of: AsOfDep) -> Risk:
    """The risk needs every other answer, so this costs what /check costs; it returns only the risk."""
    return check(store, entity_id, profile, as_of).risk
