"""The gate in front of every route: the API key and the body's size are checked before the body is read.

FastAPI reads and parses a JSON body before it runs a route's dependencies, so a key checked only by a dependency
comes too late: a caller without a key could make the API buffer any body it liked (a 200 MB POST took it from
290 MB to 906 MB). This plain ASGI middleware answers first, from the request's headers alone:

1. under /v1/, the key (the same `authenticate` the routes depend on): 401 before a byte of the body is read;
2. a declared Content-Length over the route's limit: 413, the body never read;
3. a body without Content-Length (chunked) is counted as it streams and refused with 413 the moment it passes
   the limit, so at most one limit's worth (plus one chunk) is ever held.

The routes still depend on `authenticate` and on their role: the gate only makes the refusal come early.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.security.utils import get_authorization_scheme_param
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from access.keys import KeyStore
from api.deps import authenticate
from api.errors import ApiError, problem
from api.middleware import context

PROTECTED = "/v1/"


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """Largest body in bytes, and the setting that changes it (named in the 413, so an operator knows)."""

    bytes: int
    setting: str

    def refusal(self, size: int | None = None) -> str:
        if size is None:
            return f"the body is larger than the limit of {self.bytes:,} bytes ({self.setting})"
        return f"the body is {size:,} bytes; the limit is {self.bytes:,} bytes ({self.setting})"


class BodyTooLarge(HTTPException):
    """Raised from receive() when a streamed body passes its limit. An HTTPException, because FastAPI turns any
    other error met while reading a body into a 400; app.py maps this class to a 413 problem."""

    def __init__(self, limit: BodyLimit) -> None:
        super().__init__(413, limit.refusal())


async def too_large_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BodyTooLarge)
    return problem(request, 413, str(exc.detail), "too-large")


def _credentials(headers: Headers) -> tuple[HTTPAuthorizationCredentials | None, str | None]:
    """What fastapi.security's HTTPBearer and APIKeyHeader (auto_error=False) would hand `authenticate`."""
    scheme, token = get_authorization_scheme_param(headers.get("authorization"))
    bearer = HTTPAuthorizationCredentials(scheme=scheme, credentials=token) if scheme.lower() == "bearer" else None
    if bearer is not None and not token:
        bearer = None
    return bearer, headers.get("x-api-key") or None


class RequestGate:
    def __init__(self, app: ASGIApp, default: BodyLimit, limits: Mapping[str, BodyLimit] | None = None) -> None:
        self.app = app
        self.default = default
        self.limits = dict(limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)  # headers only: nothing here touches receive
        refusal = self._refuse(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        limit = self.limits.get(scope.get("path", ""), self.default)
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.bytes:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)

    def _refuse(self, request: Request) -> JSONResponse | None:
        """The answer that stops this request before its body is read, or None to let it through."""
        if request.url.path.startswith(PROTECTED):
            bearer, header_key = _credentials(request.headers)
            try:
                authenticate(request, bearer, header_key)
            except ApiError as exc:
                self._note_refused_key(request, bearer, header_key)
                return problem(request, exc.status, exc.detail, exc.kind, headers=exc.headers)
        declared = request.headers.get("content-length")
        if declared is None:
            return None
        if not declared.strip().isdigit():
            return problem(request, 400, f"Content-Length {declared[:40]!r} is not a number of bytes", "bad-request")
        limit = self.limits.get(request.url.path, self.default)
        if int(declared) > limit.bytes:
            return problem(request, 413, limit.refusal(int(declared)), "too-large")
        return None

    @staticmethod
    def _note_refused_key(request: Request, bearer: HTTPAuthorizationCredentials | None, header: str | None) -> None:
        """A revoked key is audited under its own id and name (outcome 'revoked'), not as an anonymous caller."""
        presented = bearer.credentials if bearer is not None else header
        keys: KeyStore = request.app.state.keys
        record = keys.find(presented.strip()) if presented else None
        audit = context(request).audit
        if record is not None and not record.active:
            audit.update({"key_id": record.id, "key_name": record.name, "role": record.role.value})
            audit["outcome"] = "revoked"
        else:
            audit["outcome"] = "unauthorized" if presented else "no-key"
