"""Every error as RFC 9457 problem+json, mapped in one place (yente's HANDLERS), never a stack trace.

Graph errors: NotFound 404 (an ambiguous name 409, with its candidates), QueryError 400 (QueryTimeout 504),
WriteRefused 403, StoreUnavailable 503. Ours: 401 no or bad key, 403 role too low, 413/415/422 for inputs, 422 for every
validation error FastAPI finds, with each field's location. Anything unexpected is a 500 that names the
request id to quote, and is logged in full on the server.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.middleware import HEADER, context
from api.schemas import FieldError, Problem, ScoredEntity
from graph.errors import GraphError, NotFound, QueryError, QueryTimeout, StoreUnavailable, WriteRefused
from queries.target import AmbiguousEntity
from screening.collaborators import InputProblem

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:tietrace:problem:"

STATUS_FOR: list[tuple[type[GraphError], int, str, str]] = [
    (AmbiguousEntity, 409, "Ambiguous entity", "ambiguous-entity"),  # before NotFound, which it extends
    (NotFound, 404, "Not found", "not-found"),
    (QueryTimeout, 504, "Query timed out", "query-timeout"),  # before QueryError, which it extends
    (QueryError, 400, "Bad query", "bad-query"),
    (WriteRefused, 403, "Refused", "write-refused"),
    (StoreUnavailable, 503, "Graph unavailable", "graph-unavailable"),
]
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    501: "Not implemented",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class ApiError(Exception):
    """An error raised by our own routes and dependencies, already in HTTP terms."""

    def __init__(
        self,
        status: int,
        detail: str,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind, self.headers, self.errors = status, detail, kind, headers, errors


def problem(
    request: Request,
    status: int,
    detail: str,
    kind: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    ctx = context(request)
    body = Problem(
        type=TYPE_BASE + kind if kind else "about:blank",
        title=title or TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=ctx.request_id,
        **extensions,
    ).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


async def graph_error_handler(request: Request, exc: Exception) -> JSONResponse:
    for kind, status, title, name in STATUS_FOR:
        if isinstance(exc, kind):
            extensions: dict[str, Any] = {}
            if isinstance(exc, AmbiguousEntity):
                extensions["candidates"] = [
                    ScoredEntity(
                        **ref.model_dump(),
                        score=round(min(score, 100.0) / 100, 4),
                        matched_name=exc.aliases.get(ref.id),
                    )
                    for ref, score in exc.candidates
                ]
            return problem(request, status, str(exc), name, title, **extensions)
    log.error("unmapped graph error on %s: %s", request.url.path, exc)
    return problem(request, 500, "the graph layer failed; see the server log", "graph-error")


async def api_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return problem(request, exc.status, exc.detail, exc.kind, headers=exc.headers, errors=exc.errors)


async def input_problem_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputProblem)
    kind = {413: "too-large", 415: "unsupported-format"}.get(exc.status, "invalid-input")
    return problem(request, exc.status, exc.detail, kind, errors=exc.errors or None)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(loc=[p if isinstance(p, int) else str(p) for p in e["loc"]], msg=e["msg"]) for e in exc.errors()
    ]
    shown = "; ".join(f"{_where(tuple(e.loc))}: {e.msg}" for e in errors[:3])
    return problem(request, 422, f"invalid request: {shown}", "invalid-input", errors=errors[:50])


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.url.path}; see /docs for the API"
    return problem(request, exc.status_code, detail, headers=dict(exc.headers or {}))


async def unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    ctx = context(request)
    log.exception("unexpected error on %s %s (request %s)", request.method, request.url.path, ctx.request_id)
    return problem(
        request,
        500,
        f"an unexpected error; the server log has it under request id {ctx.request_id}",
        "internal",
        headers={HEADER: ctx.request_id},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(GraphError, graph_error_handler)
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(InputProblem, input_problem_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, unexpected_handler)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems a route can answer (the content type is fixed up in app.openapi)."""
    described = {
        400: "The query failed on the graph or is malformed.",
        401: "No API key, or an unknown or revoked one.",
        403: "The key's role does not allow this (or the Cypher could write).",
        404: "No such entity or profile.",
        409: "The name or identifier matches several entities; `candidates` lists them.",
        413: "The upload or the list is larger than the limits.",
        415: "Not a format this route reads.",
        422: "Invalid input; `errors` names each field (and row and column).",
        501: "Not implemented yet.",
        503: "The graph cannot be reached.",
        504: "The query ran past its time limit (TIETRACE_QUERY_TIMEOUT) and was stopped.",
    }
    return {s: {"model": Problem, "description": described[s]} for s in statuses}
