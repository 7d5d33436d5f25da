"""GLEIF: legal entities with an LEI (Level 1, "who is who") and their accounting-consolidation parents (Level 2,
"who owns whom").

API mode (GLEIF API v1, JSON:API, no key): https://api.gleif.org/api/v1
- query `lei=LEI1,LEI2,...`: `GET /lei-records/{lei}` for each LEI.
- query `name=...`: `GET /lei-records?filter[entity.legalName]=...&page[size]=...&page[number]=...`, paging by
  `meta.pagination` (`currentPage` up to `lastPage`; stops early when `links.next` is absent or a page is empty).
  Optional `page_size` (default 100, GLEIF's maximum is 200) and `max_pages`. `ctx.since` becomes
  `filter[registration.lastUpdateDate]=>YYYYMMDD` (GLEIF's GREATER_THAN operator) on name searches.
- For every record read, the Level 2 parents are followed through the links the record itself publishes:
  when `relationships.direct-parent.links` (or `ultimate-parent`) holds a `relationship-record` link, the
  adapter asks `GET /lei-records/{lei}/direct-parent-relationship` (relationship type, status, periods) and then
  `GET /lei-records/{lei}/direct-parent` (the parent's own LEI record, so the parent gets its real name). The
  direct parent's record is then followed the same way, up to `depth` levels (default 10), so the real chain is
  loaded; the ultimate parent's record is read but its parents are not asked for. A 404 from a parent endpoint
  means "no parent", not an error. A parent already fetched in this run is not fetched twice. Query
  `parents=no` skips Level 2.
- A record whose links name a `reporting-exception` instead (GLEIF says why no parent is reported) gets
  `GET /lei-records/{lei}/direct-parent-reporting-exception` (or `ultimate-`); its reason (NATURAL_PERSONS,
  NON_CONSOLIDATING, NO_KNOWN_PERSON, NON_PUBLIC, ...) and reference are stored on the entity.

File mode (GLEIF golden copy / concatenated CSV files, https://www.gleif.org/en/lei-data/gleif-golden-copy): the
kind of file is detected from its header (ingest/sources/_gleif_files.py reads them).
- LEI-CDF Level 1 (`LEI`, `Entity.LegalName`, `Entity.LegalAddress.Country`, `Entity.EntityStatus`,
  `Registration.RegistrationStatus`, ...): one Organization per row.
- RR-CDF Level 2 relationship records (`Relationship.StartNode.NodeID`, `Relationship.EndNode.NodeID`,
  `Relationship.RelationshipType`, `Relationship.RelationshipStatus`, `Relationship.Period.N.startDate/endDate/
  periodType`, `Registration.RegistrationStatus`, `Registration.LastUpdateDate`): one relationship per row.
- Reporting exceptions (`LEI`, `ExceptionCategory`, `ExceptionReason`, `ExceptionReference`): the reason stored
  on the entity, per category, with the golden copy's date (from the file name) as the as-of date.
`ctx.since` is not applied to files (use GLEIF's delta files for increments).

Mapping:
- LEI record -> Organization `gleif-<LEI>`: lei, name (legal name), aliases (other names), country (legal address
  country, ISO alpha-2 as GLEIF publishes it; else the jurisdiction's country), kind company, registryId
  (registeredAs), validFrom (entity creation date), validTo (expiration date, when GLEIF gives one),
  entityStatus (ACTIVE / INACTIVE) and registrationStatus (ISSUED, LAPSED, ANNULLED, RETIRED, DUPLICATE, ...).
- Reporting exception -> on that Organization: directParentExceptionReasons / ultimateParentExceptionReasons
  (list, e.g. ["NON_PUBLIC"]), ...ExceptionReference, ...ExceptionAsOf (ISO date). A partial update: it never
  overwrites the legal name, and its provenance is the LEI record's own (sourceId = LEI, the record's URL).
- "child IS_DIRECTLY_CONSOLIDATED_BY parent" -> parent -CONTROLS-> child, controlType accounting_consolidation,
  role direct_parent; IS_ULTIMATELY_CONSOLIDATED_BY -> role ultimate_parent; IS_INTERNATIONAL_BRANCH_OF -> head
  office -CONTROLS-> branch, controlType other, role international_branch. Accounting consolidation is control
  without a share: no percentage is written. Id `gleif-<child>.<type>.<parent>` in both modes, so API and file
  runs upsert the same relationship. relationshipStatus and registrationStatus are kept on the relationship.
  Fund relationships (IS_FUND-MANAGED_BY, IS_SUBFUND_OF, IS_FEEDER_TO) are outside the model: audited, skipped.
- Dates: validFrom/validTo come from the RELATIONSHIP_PERIOD with the latest start date (not the last one in the
  file), read by ingest.values.parse_day: ISO dates, ISO datetimes as the calendar day written in the
  publisher's own offset ('2009-01-11T23:00:00Z' is 11 January), and epoch milliseconds (GLEIF's 2019 files:
  '1494979200000' is 2017-05-17).

Statuses (what counts as a parent):
- RelationshipStatus INACTIVE, or a relationship registration RETIRED: the relationship has ended. validTo is the
  relationship period's end date, else the record's Registration.LastUpdateDate (the last day GLEIF's record
  was touched: the latest day it can have ended). With neither, it is not written (audited): an ended
  relationship with no date would read as current.
- A relationship registration ANNULLED (made in error) or DUPLICATE: not written (audited). An LEI record
  ANNULLED or DUPLICATE is written with its registrationStatus (so the entity shows it) but makes no parent and
  is no parent: its relationships in this run are not written and, in API mode, its parents are not followed.
- IS_ULTIMATELY_CONSOLIDATED_BY is the end of a chain GLEIF also publishes link by link. When the current direct
  parents known to this run already lead from the child to that parent, the ultimate relationship is not written
  as its own CONTROLS edge (audited as `ultimate_parent:reached_through_direct_parents`): an edge straight to the
  top would be the shortest path and show first instead of the real chain. When the direct chain does not reach
  it (a direct parent not reported, or not loaded), it is written, so the ultimate parent is never lost.
- An endpoint LEI that is not described in this run (an RR file loaded on its own, or a parent GLEIF will not
  return) is written as a placeholder Organization `gleif-<LEI>` (name = the LEI until a Level 1 record names
  it), so the relationship is not dropped. Placeholders are only created, never updated, so they cannot
  overwrite the legal name or the provenance a Level 1 load wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from graph.ids import make_id
from graph.model import ControlType, Entity, Label, OrgKind, Prop, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, ResourceMissing, SourceError
from ingest.source import Items, RawRecord, SourceSpec
from ingest.sources._gleif_files import (
    DIRECT,
    ENDED_REGISTRATIONS,
    REPEX_REASON,
    ULTIMATE,
    VOID_REGISTRATIONS,
    file_records,
    reaches,
)
from ingest.values import parse_day

SOURCE = SourceSpec(
    name="gleif",
    title="GLEIF LEI records, Level 2 parent relationships and reporting exceptions",
    license="CC0 1.0 (GLEIF LEI data)",
    url="https://www.gleif.org/en/lei-data/gleif-api",
    modes=("api", "file"),
    file_formats=(
        "golden-copy LEI-CDF Level 1 CSV",
        "golden-copy RR-CDF Level 2 relationship CSV",
        "golden-copy reporting-exceptions CSV",
    ),
    notes="Query keys: lei=LEI1,LEI2 | name=legal name (page_size, max_pages) | parents=no | depth=N (direct "
    "parents followed, default 10). Parents are accounting consolidation (CONTROLS), never a share.",
    # The graph is read only for what earlier runs wrote (endpoints' registration statuses, existing nodes): what this
    # run read is remembered in ctx.state ('described', 'void') as it is normalised, so a batch still being written
    # behind the reader is never needed; a lookup that misses a placeholder written this run sends it again (a MERGE).
    write_behind=True,
)

API = "https://api.gleif.org/api/v1"
RECORD_URL = API + "/lei-records/{lei}"
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
LEVELS = ("direct", "ultimate")
DEFAULT_DEPTH = 10
RELATIONSHIP_ROLES: dict[str, tuple[ControlType, str]] = {
    DIRECT: (ControlType.ACCOUNTING_CONSOLIDATION, "direct_parent"),
    ULTIMATE: (ControlType.ACCOUNTING_CONSOLIDATION, "ultimate_parent"),
    "IS_INTERNATIONAL_BRANCH_OF": (ControlType.OTHER, "international_branch"),
}
# Reporting-exception category -> (reasons, reference, as-of) properties on the entity.
EXCEPTION_PROPS: dict[str, tuple[Prop, Prop, Prop]] = {
    "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT": (
        Prop.DIRECT_PARENT_EXCEPTION_REASONS,
        Prop.DIRECT_PARENT_EXCEPTION_REFERENCE,
        Prop.DIRECT_PARENT_EXCEPTION_AS_OF,
    ),
    "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT": (
        Prop.ULTIMATE_PARENT_EXCEPTION_REASONS,
        Prop.ULTIMATE_PARENT_EXCEPTION_REFERENCE,
        Prop.ULTIMATE_PARENT_EXCEPTION_AS_OF,
    ),
}
# Golden-copy columns read on purpose or known and not needed: not reported as schema drift.
L1_IGNORED_PREFIXES = (
    "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.",
    "Entity.TransliteratedOtherEntityNames.",
    "Entity.LegalAddress.",
    "Entity.HeadquartersAddress.",
    "Entity.OtherAddresses.",
    "Entity.RegistrationAuthority.",
    "Entity.LegalJurisdiction",
    "Entity.EntityCategory",
    "Entity.EntitySubCategory",
    "Entity.LegalForm.",
    "Entity.AssociatedEntity.",
    "Entity.EntityExpirationReason",
    "Entity.SuccessorEntity.",
    "Entity.LegalEntityEvents.",
    "Registration.",
    "ConformityFlag",
)
RR_IGNORED_PREFIXES = (
    "Relationship.StartNode.NodeIDType",
    "Relationship.EndNode.NodeIDType",
    "Relationship.Period.",
    "Relationship.Qualifiers.",
    "Relationship.Quantifiers.",
    "Registration.",
    "Extension.",
)
REPEX_IGNORED_PREFIXES = ("ExceptionReference", "Extension")


# ---------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is not None:
        yield from file_records(ctx)
        return
    leis = [part.strip().upper() for part in ctx.query.get("lei", "").split(",") if part.strip()]
    name = ctx.query.get("name", "").strip()
    if not leis and not name:
        raise SourceError("gleif needs --query lei=LEI1,LEI2 or --query name=<legal name> (or --file PATH)")
    bad = [lei for lei in leis if not _LEI.match(lei)]
    if bad:
        raise SourceError(f"gleif: not an LEI (20 characters, ISO 17442): {', '.join(bad)}")
    level2 = ctx.query.get("parents", "yes").lower() not in ("no", "false", "0")
    ctx.state["level2"] = level2
    depth = _depth(ctx) if level2 else 0
    for lei in leis:
        url = RECORD_URL.format(lei=lei)
        payload = _get_or_none(ctx, url)
        if payload is None or not isinstance(payload.get("data"), dict):
            yield RawRecord(f"GET {url}", {}, source_id=lei, error=f"GLEIF has no LEI record {lei} (HTTP 404)")
            continue
        yield from _record_and_parents(ctx, payload["data"], f"GET {url}", depth)
    if name:
        yield from _search(ctx, name, depth)


def _depth(ctx: JobContext) -> int:
    text = ctx.query.get("depth", str(DEFAULT_DEPTH))
    if not text.isdigit() or int(text) < 1:
        raise SourceError(f"gleif: depth must be a whole number of at least 1, got {text!r}")
    return int(text)


def _search(ctx: JobContext, name: str, depth: int) -> Iterator[RawRecord]:
    url = API + "/lei-records"
    size = int(ctx.query.get("page_size", "100"))
    max_pages = int(ctx.query.get("max_pages", "0")) or None
    page = 1
    while True:
        params: dict[str, Any] = {"filter[entity.legalName]": name, "page[size]": size, "page[number]": page}
        if ctx.since:
            day = date.fromisoformat(ctx.since[:10]) - timedelta(days=1)
            params["filter[registration.lastUpdateDate]"] = ">" + day.strftime("%Y%m%d")
        payload = ctx.fetcher().get_json(url, params)
        data = payload.get("data") or []
        for index, item in enumerate(data, start=1):
            yield from _record_and_parents(ctx, item, f"GET {url}?page[number]={page}#{index}", depth)
        pagination = (payload.get("meta") or {}).get("pagination") or {}
        last = int(pagination.get("lastPage") or page)
        if not data or page >= last or not (payload.get("links") or {}).get("next"):
            return
        if max_pages is not None and page >= max_pages:
            return
        page += 1


def _registration_status(item: dict[str, Any]) -> str:
    return str(((item.get("attributes") or {}).get("registration") or {}).get("status") or "").upper()


def _record_and_parents(ctx: JobContext, item: dict[str, Any], location: str, depth: int) -> Iterator[RawRecord]:
    """The LEI record (with its reporting exceptions), then its parents: the direct parent's record followed up to
    `depth` levels, the ultimate relationship written only when that chain does not already reach its parent."""
    lei = str(item.get("id") or (item.get("attributes") or {}).get("lei") or "")
    seen: set[str] = ctx.state.setdefault("described", set())
    seen.add(lei)
    links_of = {level: ((item.get("relationships") or {}).get(f"{level}-parent") or {}).get("links") or {}
                for level in LEVELS}  # fmt: skip
    exceptions: dict[str, Any] = {}
    if ctx.state.get("level2") and lei:  # also for a record whose own parents are not followed (the top)
        for level in LEVELS:
            if "reporting-exception" in links_of[level] and "relationship-record" not in links_of[level]:
                found = _get_or_none(ctx, RECORD_URL.format(lei=lei) + f"/{level}-parent-reporting-exception")
                if found is not None and isinstance(found.get("data"), dict):
                    exceptions[level] = found["data"]
    data = {"kind": "lei-record", "record": item, "exceptions": exceptions}
    yield RawRecord(location, data, source_id=lei, source_url=_self_url(item))
    if not depth or not lei or _registration_status(item) in VOID_REGISTRATIONS:
        if _registration_status(item) in VOID_REGISTRATIONS:
            ctx.audit([f"registrationStatus:{_registration_status(item)}:parents_not_followed"])
        return
    for level in LEVELS:
        if "relationship-record" not in links_of[level]:
            continue
        yield from _parent(ctx, lei, level, depth)


def _parent(ctx: JobContext, lei: str, level: str, depth: int) -> Iterator[RawRecord]:
    seen: set[str] = ctx.state["described"]
    direct: dict[str, str] = ctx.state.setdefault("direct_parent", {})
    rr_url = RECORD_URL.format(lei=lei) + f"/{level}-parent-relationship"
    rr = _get_or_none(ctx, rr_url)
    if rr is None or not isinstance(rr.get("data"), dict):
        return
    relationship = (rr["data"].get("attributes") or {}).get("relationship") or {}
    parent_lei = str((relationship.get("endNode") or {}).get("id") or "")
    status = str(relationship.get("status") or "").upper()
    rr_record = RawRecord(
        f"GET {rr_url}",
        {"kind": "relationship-record", "relationship": rr["data"], "parent": None},
        source_id=str(rr["data"].get("id") or f"{lei}|{level}-parent"),
        source_url=rr_url,
    )
    if level == "ultimate" and parent_lei and reaches(direct, lei, parent_lei):
        ctx.audit(["ultimate_parent:reached_through_direct_parents"])
        return
    if (
        level == "direct"
        and parent_lei
        and status in ("", "ACTIVE")
        and _registration_status(rr["data"]) not in (VOID_REGISTRATIONS | ENDED_REGISTRATIONS)
    ):
        direct[lei] = parent_lei
    if parent_lei and parent_lei not in seen:
        payload = _get_or_none(ctx, RECORD_URL.format(lei=lei) + f"/{level}-parent")
        if payload is not None and isinstance(payload.get("data"), dict):
            parent = payload["data"]
            if _registration_status(parent) in VOID_REGISTRATIONS:
                ctx.state.setdefault("void", set()).add(parent_lei)
            # the direct parent is followed further up; the ultimate parent is the top: its record only
            further = depth - 1 if level == "direct" else 0
            yield from _record_and_parents(ctx, parent, f"GET {rr_url.rsplit('-', 1)[0]}", further)
    yield rr_record


def _get_or_none(ctx: JobContext, url: str) -> dict[str, Any] | None:
    """The JSON answer, or None when GLEIF answers 404 (no such record / no parent reported)."""
    try:
        payload = ctx.fetcher().get_json(url)
    except ResourceMissing:
        return None
    return payload if isinstance(payload, dict) else None


def _self_url(item: dict[str, Any]) -> str | None:
    url = (item.get("links") or {}).get("self")
    return url if isinstance(url, str) else None


# ---------------------------------------------------------------- normalize


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    kind = record.data.get("kind")
    if kind == "lei-record":
        return [api_organization(ctx, record.data["record"], record.data.get("exceptions") or {})]
    if kind == "relationship-record":
        return api_relationship(ctx, record.data["relationship"], record.data.get("parent"), record.source_url)
    if kind == "l1":
        return [csv_organization(ctx, dict(record.data["row"]))]
    if kind == "rr":
        if record.data.get("viaDirectChain"):
            ctx.audit(["ultimate_parent:reached_through_direct_parents"])
            return []
        return csv_relationship(ctx, dict(record.data["row"]))
    if kind == "repex":
        return [csv_exception(ctx, dict(record.data["row"]), record.data["named"], record.data["asOf"])]
    raise RecordRejected(f"unknown GLEIF record kind {kind!r}")


def node_id(lei: str) -> str:
    return make_id("gleif", lei)


def day(value: Any, field: str = "date") -> str | None:
    """A GLEIF date in any form GLEIF has published (ISO, ISO datetime with offset, epoch milliseconds)."""
    return parse_day(value, field, epoch_ms=True)


def _status(value: Any) -> str | None:
    text = str(value or "").strip().upper()
    return text or None


def _country(legal_country: Any, jurisdiction: Any) -> str | None:
    for value in (legal_country, jurisdiction):
        if isinstance(value, str) and value.strip():
            code = to_alpha2(value.strip().split("-")[0])
            if code:
                return code
    return None


def _check_lei(lei: Any, what: str) -> str:
    if not isinstance(lei, str) or not _LEI.match(lei.strip()):
        raise RecordRejected(f"{what} is not an LEI: {lei!r}")
    return lei.strip()


def organization(
    prov: Provenance,
    lei: str,
    name: Any,
    aliases: list[str],
    country: str | None,
    registry_id: Any,
    created: str | None,
    expired: str | None,
    extra: dict[str, Any] | None = None,
) -> Entity:
    if not isinstance(name, str) or not name.strip():
        raise RecordRejected(f"LEI record {lei} has no legal name")
    name = name.strip()
    others = sorted({a.strip() for a in aliases if a and a.strip()} - {name})
    attrs: dict[str, Any] = {
        "name": name,
        "lei": lei,
        "aliases": others or None,
        "country": country,
        "kind": OrgKind.COMPANY.value,
        "registryId": registry_id.strip() if isinstance(registry_id, str) and registry_id.strip() else None,
        "validFrom": created,
        "validTo": expired,
        **(extra or {}),
    }
    return Entity(node_id(lei), Label.ORGANIZATION, prov, attrs)


def _note_void(ctx: JobContext, lei: str, registration: str | None) -> None:
    """An LEI registered in error or twice: remembered, so no relationship of this run makes it a parent or child."""
    if registration in VOID_REGISTRATIONS:
        ctx.state.setdefault("void", set()).add(lei)
        ctx.audit([f"registrationStatus:{registration}"])


def exception_props(category: Any, reasons: list[str], reference: str | None, as_of: str) -> dict[str, Any]:
    """The properties one reporting exception sets: reasons (a list), reference and as-of date of its category."""
    props = EXCEPTION_PROPS.get(str(category or "").strip().upper())
    if props is None:
        raise RecordRejected(f"unknown reporting-exception category {category!r}")
    if not reasons:
        raise RecordRejected(f"reporting exception ({category}) gives no reason")
    reasons_prop, reference_prop, as_of_prop = props
    return {reasons_prop.value: reasons, reference_prop.value: reference, as_of_prop.value: as_of}


def api_exception_props(ctx: JobContext, exceptions: dict[str, Any]) -> dict[str, Any]:
    """The properties GLEIF's reporting-exception answers set on the entity (keyed by level: direct, ultimate)."""
    props: dict[str, Any] = {}
    as_of = ctx.retrieved_at[:10]  # the API gives no date: the day GLEIF answered
    for data in exceptions.values():
        attributes = (data or {}).get("attributes") or {}
        reasons = attributes.get("reasons") or [attributes.get("reason")]
        reasons = [str(r).strip().upper() for r in reasons if isinstance(r, str) and r.strip()]
        reference = attributes.get("reference")
        text = reference.strip() if isinstance(reference, str) and reference.strip() else None
        props.update(exception_props(attributes.get("category"), reasons, text, as_of))
    return props


def api_organization(ctx: JobContext, item: dict[str, Any], exceptions: dict[str, Any] | None = None) -> Entity:
    item = dict(item)
    item.pop("type", None)
    item.pop("relationships", None)
    links = item.pop("links", None) or {}
    attributes = dict(item.pop("attributes", None) or {})
    lei = _check_lei(item.pop("id", None) or attributes.get("lei"), "record id")
    ctx.audit(item, "lei-record")
    attributes.pop("lei", None)
    entity = dict(attributes.pop("entity", None) or {})
    registration = _status((attributes.pop("registration", None) or {}).get("status"))
    for key in ("bic", "mic", "ocid", "qcc", "spglobal", "conformityFlag"):
        attributes.pop(key, None)
    ctx.audit(attributes, "lei-record.attributes")
    legal_name = (entity.pop("legalName", None) or {}).get("name")
    aliases = [o.get("name") for o in entity.pop("otherNames", None) or [] if isinstance(o, dict)]
    aliases += [o.get("name") for o in entity.pop("transliteratedOtherNames", None) or [] if isinstance(o, dict)]
    country = _country((entity.pop("legalAddress", None) or {}).get("country"), entity.pop("jurisdiction", None))
    expiration = entity.pop("expiration", None) or {}
    status = _status(entity.pop("status", None))
    created = day(entity.pop("creationDate", None), "entity.creationDate")
    registered_as = entity.pop("registeredAs", None)
    for key in (
        "headquartersAddress",
        "otherAddresses",
        "registeredAt",
        "category",
        "subCategory",
        "legalForm",
        "associatedEntity",
        "successorEntity",
        "successorEntities",
        "eventGroups",
    ):
        entity.pop(key, None)
    ctx.audit(entity, "lei-record.entity")
    expired = day(expiration.get("date"), "entity.expiration.date") if status != "ACTIVE" else None
    _note_void(ctx, lei, registration)
    extra = {Prop.ENTITY_STATUS.value: status, Prop.REGISTRATION_STATUS.value: registration}
    extra.update(api_exception_props(ctx, exceptions or {}))
    prov = ctx.provenance(lei, links.get("self") or RECORD_URL.format(lei=lei))
    return organization(
        prov, lei, legal_name, [a for a in aliases if isinstance(a, str)], country, registered_as, created, expired,
        extra,
    )  # fmt: skip


def minimal_organization(ctx: JobContext, lei: str, source_id: str, url: str | None) -> Entity:
    """An endpoint GLEIF names but this run did not describe: a placeholder named by its LEI."""
    return Entity(
        node_id(lei),
        Label.ORGANIZATION,
        ctx.provenance(source_id, url),
        {"name": lei, "lei": lei, "kind": OrgKind.COMPANY.value},
        placeholder=True,
    )


def latest_period(periods: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """(validFrom, validTo) of the RELATIONSHIP_PERIOD that starts last (an open end beats a closed one on a tie);
    GLEIF lists periods in no promised order, so the last one in the record is not necessarily the current one."""
    best: tuple[str, str] | None = None
    chosen: tuple[str | None, str | None] = (None, None)
    for period in periods:
        if (period.get("type") or period.get("periodType")) != "RELATIONSHIP_PERIOD":
            continue
        start = day(period.get("startDate"), "RELATIONSHIP_PERIOD startDate")
        end = day(period.get("endDate"), "RELATIONSHIP_PERIOD endDate")
        key = (start or "", end or "9999-99-99")
        if best is None or key >= best:
            best, chosen = key, (start, end)
    return chosen


def control(
    ctx: JobContext,
    child: str,
    parent: str,
    rel_type: str,
    status: str | None,
    periods: list[dict[str, Any]],
    prov: Provenance,
    registration: dict[str, Any] | None = None,
) -> Relation | None:
    """The CONTROLS a relationship record makes, or None when it makes none (see "Statuses" above)."""
    if rel_type not in RELATIONSHIP_ROLES:
        ctx.audit([f"relationshipType:{rel_type}"])
        return None
    control_type, role = RELATIONSHIP_ROLES[rel_type]
    registration = registration or {}
    registered = _status(registration.get("status"))
    if registered in VOID_REGISTRATIONS:
        ctx.audit([f"relationship.registrationStatus:{registered}:not_written"])
        return None
    void = ctx.state.get("void", set())
    if child in void or parent in void:
        ctx.audit(["relationship_of_void_lei:not_written"])
        return None
    valid_from, valid_to = latest_period(periods)
    status = _status(status)
    if status not in (None, "ACTIVE", "INACTIVE"):
        ctx.audit([f"relationshipStatus:{status}"])
    if (status == "INACTIVE" or registered in ENDED_REGISTRATIONS) and valid_to is None:
        valid_to = day(registration.get("lastUpdateDate"), "Registration.LastUpdateDate")
        if valid_to is None:
            ctx.audit([f"relationshipStatus:{status}:no_end_date:not_written"])
            return None
        if valid_from is not None and valid_to < valid_from:
            valid_to = valid_from
    return Relation(
        make_id("gleif", child, rel_type, parent),
        Rel.CONTROLS,
        node_id(parent),
        Label.ORGANIZATION,
        node_id(child),
        Label.ORGANIZATION,
        prov,
        {
            "controlType": control_type.value,
            "role": role,
            "validFrom": valid_from,
            "validTo": valid_to,
            Prop.RELATIONSHIP_STATUS.value: status,
            Prop.REGISTRATION_STATUS.value: registered,
        },
    )


def api_relationship(ctx: JobContext, item: dict[str, Any], parent: dict[str, Any] | None, url: str | None) -> Items:
    attributes = dict(item.get("attributes") or {})
    rel = dict(attributes.pop("relationship", None) or {})
    registration = attributes.pop("registration", None) or {}
    for key in ("validFrom", "validTo", "extension"):
        attributes.pop(key, None)
    ctx.audit(attributes, "relationship-record.attributes")
    start, end = rel.pop("startNode", None) or {}, rel.pop("endNode", None) or {}
    if start.get("type", "LEI") != "LEI" or end.get("type", "LEI") != "LEI":
        raise RecordRejected(f"relationship between non-LEI nodes ({start.get('type')} -> {end.get('type')})")
    child = _check_lei(start.get("id"), "relationship start node")
    parent_lei = _check_lei(end.get("id"), "relationship end node")
    rel_type = str(rel.pop("type", None) or rel.pop("relationshipType", None) or "")
    status = rel.pop("status", None)
    periods = [p for p in rel.pop("periods", None) or [] if isinstance(p, dict)]
    for key in ("qualifiers", "quantifiers"):
        rel.pop(key, None)
    ctx.audit(rel, "relationship-record.relationship")
    prov = ctx.provenance(str(item.get("id") or f"{child}|{rel_type}|{parent_lei}"), url)
    relation = control(ctx, child, parent_lei, rel_type, status, periods, prov, registration)
    if relation is None:
        return []
    items: Items = []
    if parent is not None:
        items.append(api_organization(ctx, parent))
    elif parent_lei not in ctx.state.get("described", set()):
        items.append(minimal_organization(ctx, parent_lei, prov.source_id, url))
    if child not in ctx.state.get("described", set()):
        items.append(minimal_organization(ctx, child, prov.source_id, url))
    items.append(relation)
    return items


def _leftovers(row: dict[str, str], prefixes: tuple[str, ...]) -> list[str]:
    return [key for key, value in row.items() if value.strip() and not key.startswith(prefixes)]


def csv_organization(ctx: JobContext, row: dict[str, str]) -> Entity:
    lei = _check_lei(row.pop("LEI", ""), "LEI")
    name = row.pop("Entity.LegalName", "")
    aliases = [
        value
        for key, value in row.items()
        if (
            key.startswith("Entity.OtherEntityNames.OtherEntityName.")
            or key.startswith("Entity.TransliteratedOtherEntityNames.")
        )
        and key.rsplit(".", 1)[-1].isdigit()
    ]
    country = _country(row.get("Entity.LegalAddress.Country"), row.get("Entity.LegalJurisdiction"))
    status = _status(row.pop("Entity.EntityStatus", ""))
    registration = _status(row.get("Registration.RegistrationStatus"))
    created = day(row.pop("Entity.EntityCreationDate", ""), "Entity.EntityCreationDate")
    expiration = row.pop("Entity.EntityExpirationDate", "")
    expired = day(expiration, "Entity.EntityExpirationDate") if status and status != "ACTIVE" else None
    registry = row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID")
    ctx.audit(_leftovers(row, L1_IGNORED_PREFIXES), "lei-cdf")
    _note_void(ctx, lei, registration)
    url = RECORD_URL.format(lei=lei)
    extra = {Prop.ENTITY_STATUS.value: status, Prop.REGISTRATION_STATUS.value: registration}
    return organization(ctx.provenance(lei, url), lei, name, aliases, country, registry, created, expired, extra)


def csv_relationship(ctx: JobContext, row: dict[str, str]) -> Items:
    for column in ("Relationship.StartNode.NodeIDType", "Relationship.EndNode.NodeIDType"):
        node_type = row.get(column, "LEI").strip() or "LEI"
        if node_type != "LEI":
            raise RecordRejected(f"{column} is {node_type!r}: only LEI-to-LEI relationships are read")
    child = _check_lei(row.pop("Relationship.StartNode.NodeID", ""), "Relationship.StartNode.NodeID")
    parent = _check_lei(row.pop("Relationship.EndNode.NodeID", ""), "Relationship.EndNode.NodeID")
    rel_type = row.pop("Relationship.RelationshipType", "").strip()
    status = row.pop("Relationship.RelationshipStatus", "").strip() or None
    periods: list[dict[str, Any]] = []
    for n in range(1, 10):
        prefix = f"Relationship.Period.{n}."
        if not any(key.startswith(prefix) for key in row):
            break
        periods.append(
            {
                "startDate": row.get(prefix + "startDate", ""),
                "endDate": row.get(prefix + "endDate", ""),
                "periodType": row.get(prefix + "periodType", ""),
            }
        )
    registration = {
        "status": row.get("Registration.RegistrationStatus", ""),
        "lastUpdateDate": row.get("Registration.LastUpdateDate", ""),
    }
    ctx.audit(_leftovers(row, RR_IGNORED_PREFIXES), "rr-cdf")
    source_id = f"{child}|{rel_type}|{parent}"
    prov = ctx.provenance(source_id, RECORD_URL.format(lei=child))
    relation = control(ctx, child, parent, rel_type, status, periods, prov, registration)
    if relation is None:
        return []
    described = ctx.state.get("described", set())
    items: Items = [
        minimal_organization(ctx, lei, source_id, RECORD_URL.format(lei=lei))
        for lei in (parent, child)
        if lei not in described
    ]
    items.append(relation)
    return items


def csv_exception(ctx: JobContext, row: dict[str, str], named: bool, as_of: str) -> Entity:
    """A reporting-exceptions row as a partial update of its entity: the reasons of its category, never its name.

    `named` says the node already exists with a name; otherwise it is written named by its LEI, as a placeholder
    would be, and a Level 1 load names it later. The provenance is the LEI record's, so the update costs nothing
    of what a Level 1 load wrote."""
    lei = _check_lei(row.pop("LEI", ""), "LEI")
    category = row.pop("ExceptionCategory", "")
    reasons: list[str] = []
    references: list[str] = []
    for key in list(row):
        value = row[key].strip()
        if key.startswith(REPEX_REASON):
            row.pop(key)
            if value and value.upper() not in reasons:
                reasons.append(value.upper())
        elif key.startswith("ExceptionReference") and value and value not in references:
            references.append(value)
    ctx.audit(_leftovers(row, REPEX_IGNORED_PREFIXES), "repex")
    props: dict[str, Any] = {"lei": lei}
    if not named:
        props.update({"name": lei, "kind": OrgKind.COMPANY.value})
    props.update(exception_props(category, reasons, " | ".join(references) or None, as_of))
    return Entity(node_id(lei), Label.ORGANIZATION, ctx.provenance(lei, RECORD_URL.format(lei=lei)), props)
