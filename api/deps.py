"""Dependencies shared by the routers: the store, the caller's key and role, and the common query parameters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, cast

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from access.keys import KeyStore, Role
from api.errors import ApiError
from api.middleware import Principal, context
from api.schemas import FieldError
from graph.settings import ApiSettings
from graph.store import GraphStore
from queries import profiles
from queries.profiles import Profile

DEFAULT_PROFILE = "us-research-security"
OPEN_PRINCIPAL = Principal(key_id="open", name="open access (TIETRACE_API_OPEN)", role=Role.INVESTIGATOR)


def get_store(request: Request) -> GraphStore:
    """The store opened once by the app's lifespan."""
    return cast(GraphStore, request.app.state.store)


def get_api_settings(request: Request) -> ApiSettings:
    return cast(ApiSettings, request.app.state.api_settings)


StoreDep = Annotated[GraphStore, Depends(get_store)]
ApiSettingsDep = Annotated[ApiSettings, Depends(get_api_settings)]

# -- who is asking ----------------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`; keys from `tietrace keys create`.")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The same key in an X-API-Key header.")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tietrace"'}


def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    header_key: Annotated[str | None, Security(api_key_header)],
) -> Principal:
    """The caller's key, checked against the keys file; 401 when it is missing, unknown or revoked."""
    presented = credentials.credentials if credentials is not None else header_key
    ctx = context(request)
    if not presented:
        if request.app.state.api_settings.open:
            ctx.principal = OPEN_PRINCIPAL
            return OPEN_PRINCIPAL
        raise ApiError(
            401,
            "an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>` "
            "(an administrator creates one with `tietrace keys create --role viewer`)",
            "unauthorized",
            headers=CHALLENGE,
        )
    record = cast(KeyStore, request.app.state.keys).verify(presented.strip())
    if record is None:
        raise ApiError(401, "the API key is unknown or revoked", "unauthorized", headers=CHALLENGE)
    ctx.principal = Principal(key_id=record.id, name=record.name, role=record.role)
    return ctx.principal


def require(role: Role) -> Callable[[Principal], Principal]:
    def allowed(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not principal.role.includes(role):
            raise ApiError(
                403,
                f"this needs the {role.value!r} role; key {principal.key_id!r} has {principal.role.value!r}",
                "forbidden",
            )
        return principal

    allowed.__name__ = f"require_{role.value}"
    return allowed


require_viewer = require(Role.VIEWER)
require_investigator = require(Role.INVESTIGATOR)
require_admin = require(Role.ADMIN)
Viewer = Annotated[Principal, Depends(require_viewer)]
Investigator = Annotated[Principal, Depends(require_investigator)]
Admin = Annotated[Principal, Depends(require_admin)]

# -- parameters shared by the due-diligence and screening routes ------------------------------------------


def get_profile(
    profile: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description=f"Jurisdiction profile (shipped: {', '.join(profiles.names())}).",
        ),
    ] = DEFAULT_PROFILE,
) -> Profile:
    return profiles.load(profile)  # NotFound -> 404


def get_as_of(
    as_of: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            description="Answer as of this ISO date (YYYY-MM-DD); default today. Ties that ended do not count.",
            examples=["2024-12-31"],
            json_schema_extra={"format": "date"},
        ),
    ] = None,
) -> str:
    if as_of is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(as_of).isoformat()
    except ValueError:
        raise ApiError(
            422,
            f"as_of {as_of!r} is not a calendar date (YYYY-MM-DD)",
            "invalid-input",
            errors=[FieldError(loc=["query", "as_of"], msg="not a calendar date")],
        ) from None


ProfileDep = Annotated[Profile, Depends(get_profile)]
AsOfDep = Annotated[str, Depends(get_as_of)]
