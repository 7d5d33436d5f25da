"""Graph errors mapped to HTTP in one place (yente's HANDLERS), as problem+json, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.schemas import Problem
from graph.errors import GraphError, NotFound, QueryError, StoreUnavailable, WriteRefused

log = logging.getLogger(__name__)

STATUS_FOR: list[tuple[type[GraphError], int, str]] = [
    (NotFound, 404, "Not found"),
    (QueryError, 400, "Bad query"),
    (WriteRefused, 403, "Refused"),
    (StoreUnavailable, 503, "Graph unavailable"),
]


def problem(status: int, title: str, detail: str) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail).model_dump()
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


async def graph_error_handler(request: Request, exc: Exception) -> JSONResponse:
    for kind, status, title in STATUS_FOR:
        if isinstance(exc, kind):
            return problem(status, title, str(exc))
    log.error("unmapped graph error on %s: %s", request.url.path, exc)
    return problem(500, "Graph error", "the graph layer failed; see the server log")


def install(app: FastAPI) -> None:
    app.add_exception_handler(GraphError, graph_error_handler)
