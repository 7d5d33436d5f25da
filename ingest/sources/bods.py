"""Open Ownership Beneficial Ownership Data Standard (BODS) files: who owns or controls a company.

File mode only: a JSON array of statements, or JSON lines (one statement per line), as published by BODS
publishers (e.g. the UK PSC register in BODS, https://bods-data.openownership.org/). Both statement shapes are read:
- BODS 0.2 / 0.3 ("statement style"): `statementType` entityStatement / personStatement /
  ownershipOrControlStatement; `statementID` (0.2) or `statementId` (0.3); the ownership statement points at
  `subject.describedByEntityStatement` and `interestedParty.describedByPersonStatement` /
  `.describedByEntityStatement` (or `.unspecified`).
- BODS 0.4 ("record style", https://standard.openownership.org/en/0.4.0/): `recordType` entity / person /
  relationship, `recordId`, `recordDetails`; a relationship's `recordDetails.subject` and `.interestedParty` are
  recordIds.
Entity and person statements are read in a first pass, relationships in a second (like opensanctions.py), so every
relationship knows its endpoints. No query keys; `ctx.since` is not applied (BODS files are snapshots).

Mapping:
- entity -> Organization `bods-<key>` (key = 0.4 recordId, which stays the same across updated statements of one
  record, else the statement id): name, country (0.4 `jurisdiction.code`, 0.2/0.3 `incorporatedInJurisdiction.code`,
  else its name; a GB-COH identifier implies GB), validFrom `foundingDate`, validTo `dissolutionDate`, kind
  company (government for entity type state / stateBody); identifiers: scheme GB-COH -> registryId
  "GB-COH:<id>", XI-LEI -> lei, other schemes audited.
- person -> Person `bods-<key>`: name (the `individual` name, else the first), other names as aliases, country =
  first nationality code.
- each interest of a relationship/ownership statement is one relationship, id `bods-<key>.<interest index>`:
  shareholding -> OWNS (interested party -> subject) with sharePct (share.exact) or shareMin/shareMax (a range;
  exclusiveMinimum/exclusiveMaximum are kept as the bound values, so "over 75" is stored as shareMin 75);
  voting-rights / votingRights -> CONTROLS controlType voting_rights (share kept when given);
  appointment-of-board / appointmentOfBoard -> CONTROLS board_seats; every other type (other-influence-or-control,
  senior-managing-official, settlor, trustee, ...) -> CONTROLS controlType other with role = the interest type.
  startDate/endDate -> validFrom/validTo; interest `details` -> description.
- A relationship pointing at a statement or record that is not in the file, or at an unspecified party, is rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.ids import make_id
from graph.model import ControlType, Entity, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_document, json_lines, open_text
from ingest.source import Items, RawRecord, SourceSpec
from ingest.values import parse_day

SOURCE = SourceSpec(
    name="bods",
    title="Beneficial Ownership Data Standard (Open Ownership) statements",
    license="depends on the publisher (e.g. UK PSC register data: Open Government Licence v3.0)",
    url="https://standard.openownership.org/",
    modes=("file",),
    file_formats=("BODS 0.2/0.3/0.4 JSON array of statements", "BODS JSON lines"),
    notes="Entities, persons and ownership-or-control interests (OWNS with shares, CONTROLS otherwise).",
)

ENTITY, PERSON, RELATIONSHIP = "entity", "person", "relationship"
STATEMENT_KINDS = {
    "entityStatement": ENTITY,
    "personStatement": PERSON,
    "ownershipOrControlStatement": RELATIONSHIP,
    "entity": ENTITY,
    "person": PERSON,
    "relationship": RELATIONSHIP,
}
GOVERNMENT_TYPES = frozenset({"state", "stateBody"})


def _squash(interest_type: str) -> str:
    return interest_type.replace("-", "").replace("_", "").lower()


CONTROL_TYPES: dict[str, ControlType] = {
    "votingrights": ControlType.VOTING_RIGHTS,
    "appointmentofboard": ControlType.BOARD_SEATS,
}


# ---------------------------------------------------------------- records


def _statements(ctx: JobContext) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(location, statement or error text) for each statement of a JSON array or a JSON-lines file."""
    assert ctx.file is not None
    name = ctx.file.name
    with open_text(ctx.file, ctx.encoding) as handle:
        try:
            head = handle.read(4096).lstrip()
        except UnicodeDecodeError:
            head = ""  # json_lines below reports the encoding error with its advice
    if head.startswith("["):
        document = json_document(ctx.file, ctx.encoding)
        if not isinstance(document, list):
            raise SourceError(f"{ctx.file}: expected a JSON array of BODS statements")
        for number, item in enumerate(document, start=1):
            location = f"{name}:statement {number}"
            yield location, item if isinstance(item, dict) else f"expected a JSON object, got {type(item).__name__}"
        return
    for number, value in json_lines(ctx.file, ctx.encoding):
        yield f"{name}:line {number}", value if isinstance(value, dict) else str(value)


def kind_of(statement: dict[str, Any]) -> str | None:
    return STATEMENT_KINDS.get(str(statement.get("recordType") or statement.get("statementType") or ""))


def statement_id(statement: dict[str, Any]) -> str | None:
    value = statement.get("statementId") or statement.get("statementID")
    return str(value) if value else None


def key_of(statement: dict[str, Any]) -> str | None:
    """The id relationships use to point at this statement: the 0.4 recordId, else the statement id."""
    value = statement.get("recordId") or statement_id(statement)
    return str(value) if value else None


def records(ctx: JobContext) -> Iterator[RawRecord]:
    labels: dict[str, Label] = ctx.state.setdefault("labels", {})
    # Pass 1: entities and persons (and unreadable items, reported once). Pass 2: relationships.
    for location, item in _statements(ctx):
        if isinstance(item, str):
            yield RawRecord(location, {}, error=item)
            continue
        kind = kind_of(item)
        if kind == RELATIONSHIP:
            continue
        key = key_of(item)
        if key and kind in (ENTITY, PERSON):
            labels[key] = Label.ORGANIZATION if kind == ENTITY else Label.PERSON
        yield RawRecord(location, item, source_id=statement_id(item))
    for location, item in _statements(ctx):
        if isinstance(item, dict) and kind_of(item) == RELATIONSHIP:
            yield RawRecord(location, item, source_id=statement_id(item))


# ---------------------------------------------------------------- normalize


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    statement = dict(record.data)
    kind = kind_of(statement)
    sid = statement_id(statement)
    key = key_of(statement)
    if not sid or not key:
        raise RecordRejected("statement without a statementId")
    details = statement.pop("recordDetails", None)
    body: dict[str, Any] = dict(details) if isinstance(details, dict) else statement
    for name in (
        "statementId",
        "statementID",
        "statementType",
        "recordId",
        "recordType",
        "recordStatus",
        "declaration",
        "declarationSubject",
        "statementDate",
        "publicationDetails",
        "source",
        "annotations",
        "replacesStatements",
        "isComponent",
        "componentRecords",
        "componentStatementIDs",
    ):
        statement.pop(name, None)
        body.pop(name, None)
    if body is not statement:
        ctx.audit(statement, "statement")
    prov = ctx.provenance(sid)
    if kind == ENTITY:
        return [entity(ctx, key, body, prov)]
    if kind == PERSON:
        return [person(ctx, key, body, prov)]
    if kind == RELATIONSHIP:
        return relationship(ctx, key, body, prov)
    ctx.audit([f"statementType:{record.data.get('recordType') or record.data.get('statementType')}"])
    return []


def node_id(key: str) -> str:
    return make_id("bods", key)


def _country(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    code = value.get("code")
    if isinstance(code, str) and code.strip():
        found = to_alpha2(code.strip().split("-")[0])
        if found:
            return found
    name = value.get("name")
    return to_alpha2(name) if isinstance(name, str) else None


def entity(ctx: JobContext, key: str, body: dict[str, Any], prov: Provenance) -> Entity:
    name = body.pop("name", None)
    if not isinstance(name, str) or not name.strip():
        raise RecordRejected(f"entity {key} has no name")
    entity_type = body.pop("entityType", None)
    if isinstance(entity_type, dict):
        entity_type = entity_type.get("type")
    country = _country(body.pop("jurisdiction", None)) or _country(body.pop("incorporatedInJurisdiction", None))
    attrs: dict[str, Any] = {
        "name": name.strip(),
        "country": country,
        "kind": (OrgKind.GOVERNMENT if entity_type in GOVERNMENT_TYPES else OrgKind.COMPANY).value,
        "validFrom": parse_day(body.pop("foundingDate", None), "foundingDate"),
        "validTo": parse_day(body.pop("dissolutionDate", None), "dissolutionDate"),
    }
    alternates = [a for a in body.pop("alternateNames", None) or [] if isinstance(a, str) and a.strip()]
    attrs["aliases"] = sorted(set(alternates) - {attrs["name"]}) or None
    for identifier in body.pop("identifiers", None) or []:
        if not isinstance(identifier, dict) or not identifier.get("id"):
            continue
        scheme = identifier.get("scheme")
        if scheme == "GB-COH":
            attrs["registryId"] = f"GB-COH:{identifier['id']}"
            attrs["country"] = attrs["country"] or "GB"  # Companies House registers UK companies
        elif scheme == "XI-LEI":
            attrs["lei"] = identifier["id"]
        else:
            ctx.audit([f"identifier:{scheme or identifier.get('schemeName')}"])
    for name_ in (
        "addresses",
        "uri",
        "missingInfoReason",
        "unspecifiedEntityDetails",
        "formedByStatute",
        "publicListing",
    ):
        body.pop(name_, None)
    ctx.audit(body, "entity")
    return Entity(node_id(key), Label.ORGANIZATION, prov, attrs)


def person(ctx: JobContext, key: str, body: dict[str, Any], prov: Provenance) -> Entity:
    names = [n for n in body.pop("names", None) or [] if isinstance(n, dict)]
    full = [
        (n.get("type"), n.get("fullName") or " ".join(p for p in (n.get("givenName"), n.get("familyName")) if p))
        for n in names
    ]
    full = [(kind, text.strip()) for kind, text in full if isinstance(text, str) and text.strip()]
    if not full:
        raise RecordRejected(f"person {key} has no name")
    primary = next((text for kind, text in full if kind == "individual"), full[0][1])
    aliases = sorted({text for _, text in full} - {primary})
    country = None
    for nationality in body.pop("nationalities", None) or []:
        country = _country(nationality)
        if country:
            break
    for name_ in (
        "personType",
        "birthDate",
        "deathDate",
        "addresses",
        "identifiers",
        "placeOfBirth",
        "placeOfResidence",
        "taxResidencies",
        "hasPepStatus",
        "pepStatusDetails",
        "politicalExposure",
        "missingInfoReason",
        "unspecifiedPersonDetails",
    ):
        body.pop(name_, None)
    ctx.audit(body, "person")
    return Entity(node_id(key), Label.PERSON, prov, {"name": primary, "aliases": aliases or None, "country": country})


def _party(ctx: JobContext, value: Any, role: str) -> tuple[str, Label]:
    if isinstance(value, dict):
        if "unspecified" in value or "reason" in value:
            unspecified = value.get("unspecified") or value
            reason = unspecified.get("reason") if isinstance(unspecified, dict) else None
            raise RecordRejected(f"{role} is unspecified ({reason or 'no reason given'})")
        ref = value.get("describedByEntityStatement") or value.get("describedByPersonStatement")
    else:
        ref = value
    if not isinstance(ref, str) or not ref:
        raise RecordRejected(f"no {role}")
    label = ctx.state.get("labels", {}).get(ref)
    if label is None:
        raise RecordRejected(f"{role} {ref} is not a statement of this file")
    return node_id(ref), label


def _share(share: Any) -> dict[str, float]:
    if not isinstance(share, dict):
        return {}

    def number(name: str) -> float | None:
        value = share.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RecordRejected(f"share.{name} is not a number: {value!r}")
        return float(value)

    exact = number("exact")
    if exact is not None:
        return {"sharePct": exact}
    low = number("minimum")
    low = number("exclusiveMinimum") if low is None else low
    high = number("maximum")
    high = number("exclusiveMaximum") if high is None else high
    result: dict[str, float] = {}
    if low is not None:
        result["shareMin"] = low
    if high is not None:
        result["shareMax"] = high
    return result


def relationship(ctx: JobContext, key: str, body: dict[str, Any], prov: Provenance) -> Items:
    subject, subject_label = _party(ctx, body.pop("subject", None), "subject")
    if subject_label is not Label.ORGANIZATION:
        raise RecordRejected(f"subject of {key} is a person, not an entity")
    party, party_label = _party(ctx, body.pop("interestedParty", None), "interested party")
    interests = body.pop("interests", None) or []
    ctx.audit(body, "relationship")
    relations: Items = []
    for index, interest in enumerate(interests):
        if not isinstance(interest, dict):
            raise RecordRejected(f"interest {index} of {key} is not an object")
        interest = dict(interest)
        interest_type = str(interest.pop("type", None) or "")
        if not interest_type:
            raise RecordRejected(f"interest {index} of {key} has no type")
        attrs: dict[str, Any] = {
            **_share(interest.pop("share", None)),
            "validFrom": parse_day(interest.pop("startDate", None), "interest startDate"),
            "validTo": parse_day(interest.pop("endDate", None), "interest endDate"),
            "description": interest.pop("details", None) or None,
        }
        for name_ in ("interestLevel", "directOrIndirect", "beneficialOwnershipOrControl"):
            interest.pop(name_, None)
        ctx.audit(interest, "interest")
        squashed = _squash(interest_type)
        if squashed == "shareholding":
            rel_type = Rel.OWNS
        else:
            rel_type = Rel.CONTROLS
            control = CONTROL_TYPES.get(squashed, ControlType.OTHER)
            attrs["controlType"] = control.value
            if control is ControlType.OTHER:
                attrs["role"] = interest_type
        relations.append(
            Relation(
                make_id("bods", key, index), rel_type, party, party_label, subject, Label.ORGANIZATION, prov, attrs
            )
        )
    if not relations:
        raise RecordRejected(f"relationship {key} states no interests")
    return relations
