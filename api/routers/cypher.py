"""Read-only Cypher for investigators. The engine decides what could write; the store refuses it before it runs."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Investigator, StoreDep
from api.errors import responses
from api.middleware import context
from api.schemas import CypherRequest, CypherResponse

router = APIRouter(tags=["investigation"])


@router.post(
    "/v1/cypher",
    response_model=CypherResponse,
    responses=responses(400, 401, 403, 422, 503, 504),
    summary="Run read-only Cypher (investigator role)",
)
def cypher(who: Investigator, body: CypherRequest, request: Request, store: StoreDep) -> CypherResponse:
    """Refused with 403 before it runs: anything the engine says could write, LOAD CSV, PROFILE/EXPLAIN, admin
    commands, several statements, procedures outside an allow-list. Reads run with a timeout and a row cap
    (`limit`, at most TIETRACE_CYPHER_ROW_CAP)."""
    context(request).audit.update({"cypher": body.query, "params": body.params})
    cap = request.app.state.settings.cypher_row_cap
    result = store.run_guarded(body.query, body.params, row_cap=min(body.limit or cap, cap))
    return CypherResponse(columns=result.columns, rows=result.rows, truncated=result.truncated, row_cap=result.row_cap)
