"""Typed answers of the researcher review: the researcher's records, their facts (appointments, funding,
co-authorships with listed institutions, equipment), and each decision rule's finding with the overall action."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from queries.decision_rules import Action, Citation, Factor


class FactKind(StrEnum):
    APPOINTMENT = "appointment"
    FUNDING = "funding"
    COAUTHORSHIP = "coauthorship"
    EQUIPMENT = "equipment"


class SourceRef(BaseModel):
    dataset: str | None = None
    source_id: str | None = None
    source_url: str | None = None


class ListingRef(BaseModel):
    """A listing of the organization on a catalogued list: of the organization itself or a record linked to it by
    SAME_AS (`through` listed), or of an organization it is a unit of by ROR PART_OF (`through` part_of). `path` is
    the chain of records from the organization to the listed one, the evidence of how it was reached."""

    list_id: str | None = None
    title: str | None = None
    watchlist: str
    listed: str
    listed_name: str | None = None
    program: str | None = None
    reason: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    dataset: str | None = None
    source_id: str | None = None
    through: str = "listed"  # listed (itself or a SAME_AS record) or part_of (a unit of the listed organization)
    path: list[OrgRef] = Field(default_factory=list)


class OrgRef(BaseModel):
    id: str
    name: str | None = None
    country: str | None = None
    kind: str | None = None


ListingRef.model_rebuild()  # path refers to OrgRef, defined after it


class PublicationRef(BaseModel):
    id: str
    doi: str | None = None
    title: str | None = None
    year: int | None = None
    date: str | None = None


class PersonRef(BaseModel):
    id: str
    name: str | None = None
    orcid: str | None = None


class Fact(BaseModel):
    """One tie of the researcher to an organization, dated where the record dates it."""

    kind: FactKind
    detail: str  # affiliation, grant_institution, grant, acknowledgement, coauthorship, donor, vendor
    date: str | None = None
    organization: OrgRef
    listings: list[ListingRef] = Field(default_factory=list)
    publication: PublicationRef | None = None
    coauthor: PersonRef | None = None
    award_id: str | None = None
    item: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)


class Finding(BaseModel):
    """What one rule finds: the facts that meet it within its window, and its action if any does."""

    rule: str
    factor: Factor
    action: Action  # the rule's action when a fact meets it, else none
    rule_action: Action
    window: str
    lists: list[str]
    countries: list[str]
    citation: Citation
    note: str
    facts: list[Fact]


class RecordRef(BaseModel):
    """One record of the researcher, and why it is taken as theirs."""

    id: str
    via: str = Field(default="id", description="id, orcid, same_as, or name_affiliation (same name at a shared org)")
    name: str | None = None
    orcid: str | None = None
    openalex: str | None = None
    dataset: str | None = None
    source_id: str | None = None


class AffiliationSpan(BaseModel):
    """Affiliations over time: one row per organization, first and last dated evidence."""

    organization: OrgRef
    first: str | None = None
    last: str | None = None
    evidence: int
    listed: bool


class ResearcherReview(BaseModel):
    person: RecordRef
    records: list[RecordRef]
    rule_set: str
    rule_set_title: str
    document: str
    as_of: date
    overall: Action
    findings: list[Finding]
    timeline: list[AffiliationSpan]
    counts: dict[str, int]
    limitations: list[str]


class TeamRow(BaseModel):
    query: str
    person_id: str | None = None
    name: str | None = None
    overall: Action | None = None
    flagged: list[str] = Field(default_factory=list)  # rule ids whose action is not none
    error: str | None = None


class TeamReview(BaseModel):
    rule_set: str
    as_of: date
    overall: Action
    rows: list[TeamRow]
