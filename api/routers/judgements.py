"""Resolution judgements (admin): not implemented yet; the route exists so the role is enforced from day one."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Admin
from api.errors import ApiError, responses

router = APIRouter(tags=["resolution"])


@router.post(
    "/v1/judgements",
    status_code=501,
    responses=responses(401, 403, 501),
    summary="Record that two entities are (not) the same (admin; not implemented yet)",
)
def judge(who: Admin) -> None:
    raise ApiError(501, "resolution judgements are not implemented yet", "not-implemented")
