"""Request and response models of the API, and the RFC 9457 problem document.

The due-diligence answers themselves (CheckResult, Controller, Funding, ...) are queries.answers' models,
returned as they are: the API, the CLI's --json and the Python functions give the same shapes.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.model import ENTITY_SCHEMES
from queries.answers import EntityRef, NameSet, Source

# FieldError is screening's too (a row's problem); re-exported, as every 422 speaks it.
from screening.models import FieldError as FieldError

SEARCHABLE_SCHEMES = ENTITY_SCHEMES  # declared once, in graph.model


class ScoredEntity(EntityRef):
    score: float = Field(ge=0, le=1, description="How well the entity matches what was asked, 0 to 1.")
    matched_name: str | None = Field(
        default=None,
        description="For a name search: the entity's name or alias that matched best (the score is this one's).",
        examples=["Zala Aero Group"],
    )


class Problem(BaseModel):
    """An error as application/problem+json (RFC 9457), with tietrace's extension members."""

    type: str = Field(default="about:blank", description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, for a person to read.")
    instance: str | None = Field(default=None, description="The path of the request that failed.")
    request_id: str | None = Field(default=None, description="The request's X-Request-ID, to quote in a report.")
    errors: list[FieldError] | None = Field(default=None, description="Each invalid input (422), when known.")
    candidates: list[ScoredEntity] | None = Field(
        default=None, description="The entities an ambiguous name or identifier could mean (409), best first."
    )


# -- system ---------------------------------------------------------------------------------------------------


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


# -- entities ---------------------------------------------------------------------------------------------------


class EntitySearchResponse(BaseModel):
    results: list[ScoredEntity] = Field(description="Best first. An identifier match scores 1.")


class Neighbour(BaseModel):
    """A direct owner or controller of the entity (direction 'in'), or an entity it directly controls ('out')."""

    entity: EntityRef
    direction: Literal["in", "out"]
    relationship: str = Field(description="OWNS or CONTROLS.")
    share_pct: float | None = None
    share_range: list[float] | None = None
    control_type: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: Source


class GleifFacts(BaseModel):
    """What GLEIF says of the entity's LEI and of its accounting-consolidation parents. A parent exception is GLEIF's
    stated reason for reporting no parent (NATURAL_PERSONS, NON_CONSOLIDATING, NO_KNOWN_PERSON, NON_PUBLIC, ...),
    which is not the same as having no data."""

    entity_status: str | None = Field(default=None, description="ACTIVE or INACTIVE.")
    registration_status: str | None = Field(
        default=None, description="ISSUED, LAPSED, RETIRED, ANNULLED (made in error), DUPLICATE, ..."
    )
    direct_parent_exception_reasons: list[str] | None = None
    direct_parent_exception_reference: str | None = None
    direct_parent_exception_as_of: str | None = Field(default=None, description="The day GLEIF said so.")
    ultimate_parent_exception_reasons: list[str] | None = None
    ultimate_parent_exception_reference: str | None = None
    ultimate_parent_exception_as_of: str | None = Field(default=None, description="The day GLEIF said so.")

    @classmethod
    def from_row(cls, row: dict[str, Any] | None) -> GleifFacts | None:
        """From the entity query's `gleif` map (camelCase graph properties); None when GLEIF said nothing."""
        if not row or not any(v is not None for v in row.values()):
            return None
        return cls(**{_snake(key): value for key, value in row.items()})


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


class EntityDetail(EntityRef):
    names: NameSet = Field(
        default_factory=NameSet, description="Display name (also `name`), also known as, previously (docs/names.md)."
    )
    sources: list[Source] = Field(
        description="The records this entity comes from: its own, then those of its other records (same_as)."
    )
    same_as: list[EntityRef] = Field(
        default_factory=list,
        description="Other records of this organization, from other sources, that resolution judged the same "
        "(SAME_AS, not rejected); the investigations count them as one organization.",
    )
    neighbours: list[Neighbour] = Field(
        description="Direct owners and controllers, and the entities it directly controls, each with its source."
    )
    gleif: GleifFacts | None = Field(
        default=None, description="GLEIF's statuses and parent reporting exceptions, when GLEIF is a source."
    )


# -- cypher -----------------------------------------------------------------------------------------------------


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=20_000, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Query parameters ($name), as JSON values.")
    limit: int | None = Field(
        default=None, ge=1, le=100_000, description="Row cap; at most (and by default) TIETRACE_CYPHER_ROW_CAP."
    )


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="One object per row; nodes and relationships as JSON objects.")
    truncated: bool = Field(description="More rows existed than the cap let through.")
    row_cap: int
