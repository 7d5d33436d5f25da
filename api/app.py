"""create_app(): used by uvicorn and by the tests. Its lifespan opens the store once and closes it."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from access.audit import AuditLog
from access.keys import KeyStore
from api import errors
from api.gate import BodyLimit, BodyTooLarge, RequestGate, too_large_handler
from api.middleware import RequestContextMiddleware, access_log
from api.routers import cypher, diligence, entities, graph, judgements, people, screening, system, ui
from api.routers.screening import MULTIPART_OVERHEAD
from graph.settings import Settings, get_settings
from graph.store import open_store
from screening.screen import MatcherCache
from screening.workers import workers_wanted

log = logging.getLogger(__name__)
UPLOAD_SETTING = "TIETRACE_API_MAX_UPLOAD_BYTES"

DESCRIPTION = """\
Which foreign organizations own, control or fund the partners we work with, and how do we know?

Every route under `/v1` needs an API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`), created with
`tietrace keys create --role viewer|investigator|admin`. Roles: **viewer** (entities, due diligence, screening,
stats), **investigator** (+ read-only Cypher), **admin** (+ resolution judgements). Errors are RFC 9457
`application/problem+json`; every response carries an `X-Request-ID`.
"""


def _log_to_stderr() -> None:
    """One JSON line per request on stderr, whatever the root logger is set to (uvicorn sets its own)."""
    if access_log.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.propagate = False


def _problem_content(schema: dict[str, Any]) -> None:
    """Error responses are problem+json: FastAPI documents a response model as application/json, so move them,
    and replace FastAPI's own 422 model (our handler answers 422 with a Problem)."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if not status.isdigit() or int(status) < 400:
                    continue
                content = response.setdefault("content", {})
                content.pop("application/json", None)
                content["application/problem+json"] = {"schema": problem_ref}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def create_app(settings: Settings | None = None) -> FastAPI:
    graph_settings = settings or get_settings()
    options = graph_settings.api

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if options.open:
            log.warning("TIETRACE_API_OPEN is set: requests without a key are served as 'investigator'")
        app.state.store = open_store(graph_settings)
        try:
            yield
        finally:
            app.state.matchers.close()
            app.state.store.close()

    app = FastAPI(
        title="tietrace",
        version="0.1.0",
        summary="Which foreign organizations own, control or fund the partners we work with, and how do we know?",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = graph_settings
    app.state.api_settings = options
    app.state.keys = KeyStore(graph_settings.keys_path)
    app.state.matchers = MatcherCache(
        options.matcher_ttl, keep_in=graph_settings.index_folder, workers=workers_wanted(options.screen_workers)
    )
    app.state.audit = AuditLog(graph_settings.audit_path)
    if options.access_log:
        _log_to_stderr()
    errors.install(app)
    app.add_exception_handler(BodyTooLarge, too_large_handler)
    # The last added runs first: the request gets its id and audit record, then the gate checks its key and body
    # size before any route reads the body.
    app.add_middleware(
        RequestGate,
        default=BodyLimit(options.max_body_bytes, "TIETRACE_API_MAX_BODY_BYTES"),
        limits={"/v1/screen": BodyLimit(options.max_upload_bytes + MULTIPART_OVERHEAD, UPLOAD_SETTING)},
    )
    app.add_middleware(RequestContextMiddleware, audit=app.state.audit)
    for module in (system, entities, diligence, people, graph, screening, cypher, judgements, ui):
        app.include_router(module.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            _problem_content(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customize the schema
    return app
