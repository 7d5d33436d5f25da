"""Read-only Cypher for investigators. The engine decides what could write; the store refuses it before it runs."""

from __future__ import annotations

from fastapi import APIRouter, Request

from access.audit import summarize_params, summarize_query
from api import cypher_params
from api.deps import Investigator, StoreDep
from api.errors import ApiError, responses
from api.middleware import context
from api.schemas import CypherRequest, CypherResponse

router = APIRouter(tags=["investigation"])


@router.post(
    "/v1/cypher",
    response_model=CypherResponse,
    responses=responses(400, 401, 403, 413, 422, 503, 504),
    summary="Run read-only Cypher (investigator role)",
)
def cypher(who: Investigator, body: CypherRequest, request: Request, store: StoreDep) -> CypherResponse:
    """Refused with 403 before it runs: anything the engine says could write, LOAD CSV, PROFILE/EXPLAIN, admin
    commands, several statements, procedures outside an allow-list. Reads run with a timeout and a row cap
    (`limit`, at most TIETRACE_CYPHER_ROW_CAP). Parameters must fit the graph's types (integers within signed
    64 bits, finite numbers) and limits (nesting, values, string length): 422 otherwise."""
    # The audit trail keeps the query's start, size and hash, and the parameters' names, size and hash: never all.
    context(request).audit.update({"cypher": summarize_query(body.query), "params": summarize_params(body.params)})
    found = cypher_params.problems(body.params)
    if found:
        raise ApiError(422, cypher_params.describe(found), "invalid-input", errors=found)
    cap = request.app.state.settings.cypher_row_cap
    result = store.run_guarded(body.query, body.params, row_cap=min(body.limit or cap, cap))
    return CypherResponse(columns=result.columns, rows=result.rows, truncated=result.truncated, row_cap=result.row_cap)
