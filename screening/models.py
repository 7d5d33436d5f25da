"""What a screening reads and answers: a collaborator row in, a row's result and the batch's summary out.

The same models are the API's request and response bodies (api/schemas.py re-exports them) and what
`tietrace screen` writes, so the two give one shape.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from queries.answers import EntityRef

SEARCHABLE_SCHEMES = ("lei", "ror", "openalex", "wikidata", "uei", "duns", "grid", "isni", "registry", "orcid")


class FieldError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    loc: list[str | int] = Field(
        description="Where: ['query', 'as_of'], ['body', 3, 'country'], ['file', 12, 'country']."
    )
    msg: str = Field(description="What is wrong, for a person to read.")
    row: int | None = Field(default=None, description="The collaborator's row, numbered as in the file.")
    column: str | None = Field(default=None, description="The column (CSV) or field (JSON) at fault.")


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
