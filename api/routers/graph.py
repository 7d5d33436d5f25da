"""The graph around one entity, one hop at a time: what the investigation page's network view expands."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

import queries
from api.deps import StoreDep, require_viewer
from api.errors import responses
from api.graph_schemas import NeighboursResponse
from api.routers.entities import EntityId
from queries.target import find

router = APIRouter(
    prefix="/v1/entities",
    tags=["graph"],
    dependencies=[Depends(require_viewer)],
    responses=responses(401, 403, 404, 409, 422, 503),
)


@router.get(
    "/{entity_id}/neighbours",
    response_model=NeighboursResponse,
    summary="Every relationship of one entity (any label), with the node at the other end and its source",
)
def neighbours(
    store: StoreDep,
    entity_id: EntityId,
    limit: Annotated[int, Query(ge=1, le=500, description="Most relationships returned in all.")] = 100,
    per_type: Annotated[
        int, Query(ge=1, le=500, description="Most relationships returned of any one type; `types` counts the rest.")
    ] = 25,
) -> NeighboursResponse:
    """One hop in both directions: ownership, control, funding, gifts, publications, listings, resolution
    judgements, a few of each type with how many more there are, so a funder with thousands of grants answers as
    fast as a small company. Any node's internal id works (a grant, a gift, a watchlist too); organizations and
    people may also be named by `scheme:value` or by name. Validity dates are returned, not applied: the page
    shows them."""
    query = queries.load("neighbours")
    params = {"id": entity_id, "limit": min(limit, per_type)}
    rows = store.run(query, params)
    if not rows:  # not an internal id: an identifier or a name of an organization or person
        rows = store.run(query, {**params, "id": find(store, entity_id).id})
    return NeighboursResponse.from_rows(rows, limit, per_type)
