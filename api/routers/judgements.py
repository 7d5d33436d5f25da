"""Resolution judgements (admin): a person confirms or rejects that two organizations are one.

The judgement is a SAME_AS relationship recording who decided, when and why; later resolution runs never
overwrite it, and a rejected pair never merges again (resolve/judgements.py).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Admin, StoreDep
from api.errors import ApiError, responses
from resolve.judgements import Judgement, judge

router = APIRouter(tags=["resolution"])


class JudgementRequest(BaseModel):
    a: str = Field(min_length=1, max_length=300, description="An organization id.")
    b: str = Field(min_length=1, max_length=300, description="Another organization id.")
    judgement: Literal["confirmed", "rejected"] = Field(description="confirmed: one organization; rejected: two.")
    note: str = Field(default="", max_length=2000, description="Why, for the record.")


class JudgementResponse(BaseModel):
    a: str
    b: str
    judgement: str
    decided_by: str = Field(description="The API key's name and id.")


@router.post(
    "/v1/judgements",
    response_model=JudgementResponse,
    responses=responses(400, 401, 403, 404, 413, 422),
    summary="Record that two organizations are (not) the same (admin)",
)
def record_judgement(body: JudgementRequest, who: Admin, store: StoreDep) -> JudgementResponse:
    if body.a == body.b:
        raise ApiError(422, "an organization is trivially the same as itself", "invalid-input")
    decided_by = f"{who.name} ({who.key_id})"
    if not judge(store, body.a, body.b, Judgement(body.judgement), decided_by, body.note):
        raise ApiError(404, f"{body.a} or {body.b} is not an organization in the graph", "not-found")
    return JudgementResponse(a=body.a, b=body.b, judgement=body.judgement, decided_by=decided_by)
