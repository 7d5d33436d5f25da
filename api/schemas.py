"""Request and response models of the API, and the RFC 9457 problem document.

The due-diligence answers themselves (CheckResult, Controller, Funding, ...) are queries.answers' models,
returned as they are: the API, the CLI's --json and the Python functions give the same shapes.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.model import ENTITY_SCHEMES
from queries.answers import EntityRef, NameSet, Source

SEARCHABLE_SCHEMES = ENTITY_SCHEMES  # declared once, in graph.model


class FieldError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    loc: list[str | int] = Field(
        description="Where: ['query', 'as_of'], ['body', 3, 'country'], ['file', 12, 'country']."
    )
    msg: str = Field(description="What is wrong, for a person to read.")
    row: int | None = Field(default=None, description="The collaborator's row, numbered as in the file.")
    column: str | None = Field(default=None, description="The column (CSV) or field (JSON) at fault.")


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


# -- screening --------------------------------------------------------------------------------------------------


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class CollaboratorIn(BaseModel):
    """One collaborator to screen, as a JSON object: an organization (or a person's affiliation), a person, or an
    identifier. A person with an affiliation is screened as both. An object with none of them, a name longer than
    TIETRACE_API_MAX_NAME_LENGTH (500 by default) or an unknown country makes that row an `error` row; a body that
    breaks this schema (a wrong type, an unknown field) is refused with 422."""

    # No anyOf of required fields: an object with nothing to screen is answered as an `error` row, not refused.
    model_config = ConfigDict(extra="forbid")

    organization: str | None = Field(default=None, description="The organization's name.")
    country: str | None = Field(default=None, max_length=100, description="ISO code or country name.")
    identifiers: dict[str, str] = Field(
        default_factory=dict,
        description=f"Scheme -> value; schemes: {', '.join(SEARCHABLE_SCHEMES)}.",
        json_schema_extra={
            "propertyNames": {"enum": list(SEARCHABLE_SCHEMES)},
            "additionalProperties": {"type": "string", "maxLength": 200},
        },
    )
    person: str | None = Field(
        default=None, description="A person's name: screened against the graph's persons (as in NSF's COA template)."
    )
    affiliation: str | None = Field(
        default=None, description="The person's affiliation; matched as the organization when organization is empty."
    )
    last_active: str | None = Field(
        default=None, description="When the collaboration was last active (COA's Last Active), carried through."
    )

    @field_validator("identifiers")
    @classmethod
    def _schemes(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SEARCHABLE_SCHEMES))
        if unknown:
            raise ValueError(
                f"unknown identifier scheme(s) {', '.join(unknown)}; known: {', '.join(SEARCHABLE_SCHEMES)}"
            )
        long = [k for k, v in value.items() if len(v) > 200]
        if long:
            raise ValueError(f"identifier(s) {', '.join(long)} longer than 200 characters")
        # A lone surrogate ("\ud800") passes as a dict value, then cannot be written back as UTF-8 (was a 500).
        broken = [k for k, v in value.items() if not v.isascii() and not _utf8(v)]
        if broken:
            raise ValueError(f"identifier(s) {', '.join(broken)} are not valid Unicode (a lone surrogate)")
        return value


class ScreenMatch(EntityRef):
    score: float = Field(ge=0, le=1)
    reasons: list[str] = Field(description="Why it scores so: identifiers, name similarity, country.")


class RiskFactorSummary(BaseModel):
    name: str
    weight: float
    value: float
    explanation: str


class ListingSummary(BaseModel):
    """One list the matched organization itself (or another record of it) is on."""

    list_id: str | None = Field(default=None, description="The catalogue's id (graph/lists.yml).")
    title: str
    listed_from: str | None = Field(default=None, description="When the listing took effect; null when unknown.")
    snapshot: str | None = Field(default=None, description="The publication the loaded copy was taken from.")
    weight: str = Field(description="counted, uncounted or information, under the profile.")


class RiskSummary(BaseModel):
    score: int = Field(ge=0, le=100)
    level: str
    profile: str
    top_factors: list[RiskFactorSummary] = Field(
        description="The factors that count (value above 0), heaviest first, at most three. The full answer with "
        "evidence: GET /v1/entities/{id}/check."
    )
    listings: list[ListingSummary] = Field(
        default_factory=list, description="The lists the organization itself is on, counted ones first."
    )


class PersonScreen(BaseModel):
    """The person part of a row that names a person (NSF's COA template: a name and an organizational affiliation)."""

    status: Literal["match", "review", "no_match"] = Field(description="As for the organization, on Person nodes.")
    matches: list[ScreenMatch] = Field(description="Person candidates, best first, each with its score and reasons.")
    risk: RiskSummary | None = Field(default=None, description="The matched person's risk, when status is match.")


class ScreenResult(BaseModel):
    row: int = Field(description="The row as numbered in the file (a CSV header is row 1); a JSON list counts from 1.")
    input: dict[str, Any] = Field(
        description="The row under tietrace's own keys, whatever the file called its columns: name (what is matched "
        "as the organization), organization, country (ISO alpha-2), person, affiliation, identifiers, last_active."
    )
    original: dict[str, Any] = Field(
        default_factory=dict, description="The row as read: the file's own column names (CSV) or the JSON object."
    )
    status: Literal["match", "review", "no_match", "error"] = Field(
        description="match: one clear entity; review: ambiguous or weak, a person decides; no_match: nothing close; "
        "error: the row cannot be screened (see error). For a row with a person and an organization, the more "
        "serious of the two parts (match > review > no_match)."
    )
    organization_status: Literal["match", "review", "no_match"] | None = Field(
        default=None, description="The organization part's own status (null when the row names no organization)."
    )
    matches: list[ScreenMatch] = Field(
        description="Organization candidates, best first: for a review row, the rivals a person chooses among."
    )
    person: PersonScreen | None = Field(default=None, description="The person part, when the row names a person.")
    risk: RiskSummary | None = Field(default=None, description="The best match's risk, when status is match.")
    error: str | None = Field(
        default=None, description="Why the row could not be screened (status error) or fully answered (risk)."
    )


class ScreenSummary(BaseModel):
    rows: int
    match: int
    review: int
    no_match: int
    error: int = Field(default=0, description="Rows that could not be screened; each names its reason.")
    seconds: float


class ScreenResponse(BaseModel):
    profile: str
    as_of: str
    encoding: str | None = Field(description="How an uploaded file was decoded (null for a JSON body).")
    delimiter: str | None = Field(description="The CSV delimiter detected (null for a JSON body).")
    warnings: list[str] = Field(description="What the reader had to assume: encoding fallbacks, unused columns.")
    summary: ScreenSummary
    results: list[ScreenResult] = Field(description="One per input row, in input order.")
