"""Per request: an id (X-Request-ID in and out), one JSON access-log line, and an audit record for /v1/.

A plain ASGI middleware rather than BaseHTTPMiddleware, so streamed answers (NDJSON screening) pass through
untouched and the log line's duration covers the whole stream. Routes add to the record through the request's
context (`context(request).audit[...] = ...`); the authenticated key is put there by the auth dependency.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from access.audit import AuditLog
from access.keys import Role

access_log = logging.getLogger("tietrace.api.access")
log = logging.getLogger(__name__)

HEADER = "x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
SCOPE_KEY = "tietrace.context"
MAX_AUDITED_VALUE = 2000
OUTCOMES = {401: "unauthorized", 403: "forbidden", 413: "too-large"}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a key's id, name and role (or the open-access stand-in). Never the key."""

    key_id: str
    name: str
    role: Role


@dataclass(slots=True)
class RequestContext:
    request_id: str
    principal: Principal | None = None
    audit: dict[str, Any] = field(default_factory=dict)


def context(request: Request) -> RequestContext:
    found = request.scope.get(SCOPE_KEY)
    if isinstance(found, RequestContext):
        return found
    # Outside the middleware (a test calling a dependency directly): a context that lives for this request.
    made = RequestContext(request_id=uuid.uuid4().hex)
    request.scope[SCOPE_KEY] = made
    return made


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == HEADER.encode():
            text: str = value.decode("latin-1").strip()
            if _VALID_ID.match(text):
                return text
    return uuid.uuid4().hex


def _clip(value: str) -> str:
    return value if len(value) <= MAX_AUDITED_VALUE else value[:MAX_AUDITED_VALUE] + "…"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, audit: AuditLog | None = None, audit_prefix: str = "/v1/") -> None:
        self.app = app
        self.audit = audit
        self.audit_prefix = audit_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ctx = RequestContext(request_id=_request_id(scope))
        scope[SCOPE_KEY] = ctx
        began = time.monotonic()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (HEADER.encode(), ctx.request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, ctx, status, time.monotonic() - began)

    def _record(self, scope: Scope, ctx: RequestContext, status: int, seconds: float) -> None:
        who = ctx.principal
        path: str = scope.get("path", "")
        line = {
            "request_id": ctx.request_id,
            "method": scope.get("method"),
            "path": path,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "key_id": who.key_id if who else None,
        }
        access_log.info(json.dumps(line, separators=(",", ":")))
        if self.audit is None or not path.startswith(self.audit_prefix):
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        self.audit.write(
            {
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                **line,
                "key_name": who.name if who else None,
                "role": who.role.value if who else None,
                "outcome": _outcome(status),
                "query": {k: _clip(v) for k, v in query},
                **ctx.audit,  # a route's own notes; the gate's say who a refused (revoked) key was
            }
        )


def _outcome(status: int) -> str:
    if status < 400:
        return "ok"
    return OUTCOMES.get(status, "error" if status >= 500 else "refused")
