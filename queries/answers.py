"""Typed answers of the investigations, shared by the Python functions, the CLI (--json) and the API.

Every entity anywhere in an answer has id, name, country, kind and identifiers; every edge on a path carries the
provenance of the record it came from, so a compliance officer can cite each fact.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator

from graph.model import ENTITY_SCHEMES, IDENTIFIER_PROPS

# The node properties that hold an entity's identifiers (graph.model declares the schemes).
IDENTIFIER_KEYS = tuple(IDENTIFIER_PROPS[scheme].value for scheme in ENTITY_SCHEMES)
_SCHEME_OF = {IDENTIFIER_PROPS[scheme].value: scheme for scheme in ENTITY_SCHEMES}


class EntityRef(BaseModel):
    id: str
    name: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2.")
    country_note: str | None = Field(
        default=None,
        description="How the country was read when the source's own usage decided it (Section 117's \"KOREA\" is "
        "South Korea, KR).",
    )
    kind: str | None = None
    label: str | None = Field(default=None, description="Organization, Person, Grant, Gift, Watchlist...")
    identifiers: dict[str, str] = Field(default_factory=dict, description="Identifier scheme -> value.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EntityRef:
        ids = {_SCHEME_OF[k]: str(row[k]) for k in IDENTIFIER_KEYS if row.get(k)}
        labels = row.get("labels") or []
        return cls(
            id=row["id"],
            name=row.get("name"),
            country=row.get("country"),
            country_note=row.get("countryNote"),
            kind=row.get("kind"),
            label=labels[0] if labels else row.get("label"),
            identifiers=ids,
        )


class Source(BaseModel):
    """Where one fact comes from."""

    dataset: str | None = None
    source_id: str | None = None
    source_url: str | None = Field(default=None, description="The record's page: an http(s) URL, or absent.")
    retrieved_at: str | None = None

    @field_validator("source_url")
    @classmethod
    def _web_only(cls, value: str | None) -> str | None:
        """An ingested record's URL reaches pages and reports as a link: anything but http(s) (javascript:, data:,
        vbscript:, file:) is dropped here, so no client has to remember to refuse it."""
        if value is None:
            return None
        try:
            scheme = urlsplit(value.strip()).scheme.lower()
        except ValueError:  # not a URL at all (an unclosed IPv6 bracket)
            return None
        return value.strip() if scheme in ("http", "https") else None


class Hop(BaseModel):
    """One relationship on a path, oriented as stored (start -> end)."""

    type: str
    start: str
    end: str
    share_pct: float | None = None
    share_range: list[float] | None = None
    control_type: str | None = None
    role: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    judgement: str | None = Field(
        default=None, description="On a SAME_AS step (two records of one organization): auto, confirmed."
    )
    evidence: str | None = Field(default=None, description="On a SAME_AS step: why the records were judged one.")
    source: Source


class PathAnswer(BaseModel):
    nodes: list[EntityRef]
    hops: list[Hop]


class Controller(EntityRef):
    effective_pct: float | None = Field(
        description="Effective ownership %: product of shares along each chain, summed over distinct chains; "
        "null when unknown."
    )
    effective_pct_range: list[float] | None = Field(
        default=None, description="[min, max] when registries publish ranges."
    )
    controls: bool = Field(
        description="A majority chain (>50% at every step) or control without equity that a source states (voting "
        "rights, golden share, consolidation, founding) reaches the entity. A board seat is not control."
    )
    influence: bool = Field(
        default=False,
        description="Does not control, but reaches the entity through a board seat (a directorship): influence. "
        "Never an ultimate controller, never counted as control.",
    )
    is_ultimate: bool = Field(description="Controls the entity and is controlled by no one found within the hop bound.")
    foreign: bool = False
    same_as: list[EntityRef] = Field(
        default_factory=list,
        description="Other records of this controller (from other sources, judged the same organization by "
        "resolution) that its ownership and control paths pass through.",
    )
    paths: list[PathAnswer]


class FundingFlow(BaseModel):
    kind: str = Field(description="grant, gift, contract, in_kind, equipment or acknowledgement")
    funder: EntityRef
    recipient: EntityRef
    via: EntityRef | None = Field(default=None, description="The grant, gift or publication carrying the flow.")
    amount: float | None = None
    currency: str | None = None
    amount_converted: float | None = None
    date: str | None = None
    funder_ultimate_country: str | None = None
    foreign: bool = False
    path: PathAnswer


class FunderGroup(BaseModel):
    key: str
    amount: float
    flows: int


class Funding(BaseModel):
    currency: str
    rates_date: str
    total: float
    foreign_total: float
    foreign_share: float | None
    unconverted: int = Field(description="Flows whose currency has no rate in the table (left out of the sums).")
    by_funder: list[FunderGroup]
    by_funder_country: list[FunderGroup]
    by_ultimate_country: list[FunderGroup]
    flows: list[FundingFlow]


class ListRef(BaseModel):
    """A list as the catalogue (graph/lists.yml) names it; `id` is null for a list the catalogue does not know."""

    id: str | None = None
    title: str
    authority: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    url: str | None = None
    snapshot: str | None = Field(default=None, description="The publication the loaded copy was taken from.")


class Proximity(BaseModel):
    listed: EntityRef
    watchlist: EntityRef
    list: ListRef
    program: str | None = None
    hops: int
    counts_under_profile: bool
    weight: str = Field(
        default="counted", description="counted, uncounted (weighs less) or information (shown, never weighed)."
    )
    listed_from: str | None = Field(default=None, description="When the listing took effect; null when unknown.")
    listed_to: str | None = None
    note: str | None = Field(default=None, description="Why the listing weighs as it does, when not counted.")
    path: PathAnswer


class Tie(BaseModel):
    kind: str = Field(description="co_publication, shared_grant or equipment")
    other: EntityRef | None = None
    via: EntityRef | None = None
    date: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)
    foreign: bool = False
    listed: bool = False
    sensitive: list[str] = Field(default_factory=list, description="Sensitive terms of the profile found in it.")
    path: PathAnswer


class ReportingException(BaseModel):
    """GLEIF's reason for reporting no parent of one category (queries/exceptions.py)."""

    entity_id: str
    entity_name: str | None = None
    category: str = Field(description="DIRECT_ or ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT")
    reasons: list[str] = Field(description="NATURAL_PERSONS, NON_CONSOLIDATING, NO_KNOWN_PERSON, NON_PUBLIC, ...")
    reference: str | None = None
    as_of: str | None = None
    withholding: bool = Field(description="The reason withholds who controls it (NON_PUBLIC, NO_KNOWN_PERSON).")
    source: Source


class RiskFactor(BaseModel):
    name: str
    weight: float
    value: float = Field(description="0 (absent) to 1 (strongest).")
    explanation: str
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class LevelRule(BaseModel):
    """A rule of queries/risk.py's level table that fired: it sets a minimum level, and the score rises with it."""

    rule: str
    level: str
    explanation: str
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class Risk(BaseModel):
    score: int = Field(ge=0, le=100)
    level: str
    profile: str
    factors: list[RiskFactor]
    rules: list[LevelRule] = Field(
        default_factory=list, description="Level rules that fired (queries/risk.py LEVEL_RULES), with evidence."
    )


class PersonRole(BaseModel):
    """What a person is to one organization, with the path and source of the fact."""

    role: str = Field(description="owns, directs (a board seat or stated control), works_for, grant_pi")
    organization: EntityRef
    via: EntityRef | None = Field(default=None, description="The grant, for a principal investigator.")
    share_pct: float | None = None
    share_range: list[float] | None = None
    control_type: str | None = None
    controls: bool = Field(default=False, description="Control a source states (not a board seat).")
    influence: bool = Field(default=False, description="A board seat: influence, not control.")
    valid_from: str | None = None
    valid_to: str | None = None
    path: PathAnswer


class NameSet(BaseModel):
    """How an entity is named across all its records (docs/names.md)."""

    display: str | None = Field(default=None, description="The name the sources agree on, in the reader's script.")
    also_known_as: list[str] = Field(default_factory=list, description="Every other name and alias, once each.")
    previously: list[str] = Field(default_factory=list, description="Former names.")


class CheckResult(BaseModel):
    entity: EntityRef
    names: NameSet = Field(default_factory=NameSet, description="Display name, also known as, previously.")
    roles: list[PersonRole] = Field(
        default_factory=list,
        description="For a person: the organizations they own, direct, work for or hold a grant through.",
    )
    as_of: str | None = None
    controllers: list[Controller]
    funding: Funding
    proximity: list[Proximity]
    ties: list[Tie]
    reporting_exceptions: list[ReportingException] = Field(
        default_factory=list, description="GLEIF's reasons for reporting no parent (of X and its other records)."
    )
    risk: Risk
