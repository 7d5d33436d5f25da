"""Response models and the RFC 9457 problem document."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """An error as application/problem+json (RFC 9457)."""

    type: str = Field(default="about:blank", description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, for a person to read.")


class HealthResponse(BaseModel):
    status: str = Field(description="'ok' when the check passed.")
    backend: str | None = Field(default=None, description="'embedded' or 'neo4j'.")


class StatsResponse(BaseModel):
    backend: str = Field(description="'embedded' or 'neo4j'.")
    nodes: dict[str, int] = Field(description="Node count per label.")
    relationships: dict[str, int] = Field(description="Relationship count per type.")
    sources: dict[str, dict[str, dict[str, int]]] = Field(
        description="Per source dataset: {nodes: {label: count}, relationships: {type: count}}."
    )
