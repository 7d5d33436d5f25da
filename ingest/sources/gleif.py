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
  `GET /lei-records/{lei}/direct-parent` (the parent's own LEI record, so the parent gets its real name). A
  record whose links name only a `reporting-exception` has no reported parent, and nothing is requested. A 404
  from either parent endpoint also means "no parent", not an error. A parent already fetched in this run (e.g.
  direct and ultimate parent are the same company) is not fetched twice. Query `parents=no` skips Level 2.

File mode (GLEIF golden copy / concatenated CSV files, https://www.gleif.org/en/lei-data/gleif-golden-copy): the
kind of file is detected from its header.
- LEI-CDF Level 1 (`LEI`, `Entity.LegalName`, `Entity.LegalAddress.Country`, `Entity.EntityStatus`,
  `Registration.RegistrationStatus`, ...): one Organization per row.
- RR-CDF Level 2 relationship records (`Relationship.StartNode.NodeID`, `Relationship.EndNode.NodeID`,
  `Relationship.RelationshipType`, `Relationship.RelationshipStatus`, `Relationship.Period.N.startDate/endDate/
  periodType`): one relationship per row.
`ctx.since` is not applied to files (use GLEIF's delta files for increments).

Mapping:
- LEI record -> Organization `gleif-<LEI>`: lei, name (legal name), aliases (other names), country (legal address
  country, ISO alpha-2 as GLEIF publishes it; else the jurisdiction's country), kind company, registryId
  (registeredAs), validFrom (entity creation date), validTo (expiration date, when GLEIF gives one).
- "child IS_DIRECTLY_CONSOLIDATED_BY parent" -> parent -CONTROLS-> child, controlType accounting_consolidation,
  role direct_parent; IS_ULTIMATELY_CONSOLIDATED_BY -> role ultimate_parent; IS_INTERNATIONAL_BRANCH_OF -> head
  office -CONTROLS-> branch, controlType other, role international_branch. Accounting consolidation is control
  without a share: no percentage is written. validFrom/validTo come from the RELATIONSHIP_PERIOD. Id
  `gleif-<child>.<type>.<parent>` in both modes, so API and file runs upsert the same relationship.
  Fund relationships (IS_FUND-MANAGED_BY, IS_SUBFUND_OF, IS_FEEDER_TO) are outside the model: audited, skipped.
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
from graph.model import ControlType, Entity, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, ResourceMissing, SourceError
from ingest.files import csv_rows
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="gleif",
    title="GLEIF LEI records and Level 2 parent relationships",
    license="CC0 1.0 (GLEIF LEI data)",
    url="https://www.gleif.org/en/lei-data/gleif-api",
    modes=("api", "file"),
    file_formats=("golden-copy LEI-CDF Level 1 CSV", "golden-copy RR-CDF Level 2 relationship CSV"),
    notes="Query keys: lei=LEI1,LEI2 | name=legal name (page_size, max_pages) | parents=no. "
    "Parents are accounting consolidation (CONTROLS), never a share.",
)

API = "https://api.gleif.org/api/v1"
RECORD_URL = API + "/lei-records/{lei}"
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
LEVELS = ("direct", "ultimate")
RELATIONSHIP_ROLES: dict[str, tuple[ControlType, str]] = {
    "IS_DIRECTLY_CONSOLIDATED_BY": (ControlType.ACCOUNTING_CONSOLIDATION, "direct_parent"),
    "IS_ULTIMATELY_CONSOLIDATED_BY": (ControlType.ACCOUNTING_CONSOLIDATION, "ultimate_parent"),
    "IS_INTERNATIONAL_BRANCH_OF": (ControlType.OTHER, "international_branch"),
}
L1_REQUIRED = ("LEI", "Entity.LegalName")
RR_REQUIRED = ("Relationship.StartNode.NodeID", "Relationship.EndNode.NodeID", "Relationship.RelationshipType")
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


# ---------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is not None:
        yield from _file_records(ctx)
        return
    leis = [part.strip().upper() for part in ctx.query.get("lei", "").split(",") if part.strip()]
    name = ctx.query.get("name", "").strip()
    if not leis and not name:
        raise SourceError("gleif needs --query lei=LEI1,LEI2 or --query name=<legal name> (or --file PATH)")
    bad = [lei for lei in leis if not _LEI.match(lei)]
    if bad:
        raise SourceError(f"gleif: not an LEI (20 characters, ISO 17442): {', '.join(bad)}")
    with_parents = ctx.query.get("parents", "yes").lower() not in ("no", "false", "0")
    for lei in leis:
        url = RECORD_URL.format(lei=lei)
        payload = _get_or_none(ctx, url)
        if payload is None or not isinstance(payload.get("data"), dict):
            yield RawRecord(f"GET {url}", {}, source_id=lei, error=f"GLEIF has no LEI record {lei} (HTTP 404)")
            continue
        yield from _record_and_parents(ctx, payload["data"], f"GET {url}", with_parents)
    if name:
        yield from _search(ctx, name, with_parents)


def _search(ctx: JobContext, name: str, with_parents: bool) -> Iterator[RawRecord]:
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
            yield from _record_and_parents(ctx, item, f"GET {url}?page[number]={page}#{index}", with_parents)
        pagination = (payload.get("meta") or {}).get("pagination") or {}
        last = int(pagination.get("lastPage") or page)
        if not data or page >= last or not (payload.get("links") or {}).get("next"):
            return
        if max_pages is not None and page >= max_pages:
            return
        page += 1


def _record_and_parents(
    ctx: JobContext, item: dict[str, Any], location: str, with_parents: bool
) -> Iterator[RawRecord]:
    lei = str(item.get("id") or (item.get("attributes") or {}).get("lei") or "")
    seen: set[str] = ctx.state.setdefault("described", set())
    seen.add(lei)
    yield RawRecord(location, {"kind": "lei-record", "record": item}, source_id=lei, source_url=_self_url(item))
    if not with_parents or not lei:
        return
    relationships = item.get("relationships") or {}
    for level in LEVELS:
        links = (relationships.get(f"{level}-parent") or {}).get("links") or {}
        if "relationship-record" not in links:
            if "reporting-exception" in links:
                ctx.audit([f"{level}-parent:reporting-exception"])
            continue
        rr_url = RECORD_URL.format(lei=lei) + f"/{level}-parent-relationship"
        rr = _get_or_none(ctx, rr_url)
        if rr is None or not isinstance(rr.get("data"), dict):
            continue
        parent_lei = str(
            ((rr["data"].get("attributes") or {}).get("relationship") or {}).get("endNode", {}).get("id") or ""
        )
        parent: dict[str, Any] | None = None
        if parent_lei and parent_lei not in seen:
            payload = _get_or_none(ctx, RECORD_URL.format(lei=lei) + f"/{level}-parent")
            if payload is not None and isinstance(payload.get("data"), dict):
                parent = payload["data"]
                seen.add(parent_lei)
        yield RawRecord(
            f"GET {rr_url}",
            {"kind": "relationship-record", "relationship": rr["data"], "parent": parent},
            source_id=str(rr["data"].get("id") or f"{lei}|{level}-parent"),
            source_url=rr_url,
        )


def _get_or_none(ctx: JobContext, url: str) -> dict[str, Any] | None:
    """The JSON answer, or None when GLEIF answers 404 (no such record / no parent reported)."""
    try:
        payload = ctx.fetcher().get_json(url)
    except ResourceMissing:
        return None
    return payload if isinstance(payload, dict) else None


def _file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    rows = csv_rows(ctx.file, ctx.encoding)
    first = next(rows, None)
    if first is None:
        return
    header = set(first[1])
    if all(column in header for column in RR_REQUIRED):
        kind = "rr"
    elif all(column in header for column in L1_REQUIRED):
        kind = "l1"
    else:
        raise SourceError(
            f"{ctx.file}: neither a GLEIF LEI-CDF Level 1 file (needs {', '.join(L1_REQUIRED)}) nor an RR-CDF "
            f"relationship file (needs {', '.join(RR_REQUIRED)})"
        )
    described: set[str] = ctx.state.setdefault("described", set())
    for number, row in _chain(first, rows):
        if kind == "l1" and row.get("LEI"):
            described.add(row["LEI"].strip())
        source_id = row.get("LEI") if kind == "l1" else _rr_key(row)
        yield RawRecord(f"{name}:row {number}", {"kind": kind, "row": row}, source_id=source_id or None)


def _chain(
    first: tuple[int, dict[str, str]], rest: Iterator[tuple[int, dict[str, str]]]
) -> Iterator[tuple[int, dict[str, str]]]:
    yield first
    yield from rest


def _rr_key(row: dict[str, str]) -> str:
    return "|".join(
        row.get(column, "").strip()
        for column in ("Relationship.StartNode.NodeID", "Relationship.RelationshipType", "Relationship.EndNode.NodeID")
    )


def _self_url(item: dict[str, Any]) -> str | None:
    url = (item.get("links") or {}).get("self")
    return url if isinstance(url, str) else None


# ---------------------------------------------------------------- normalize


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    kind = record.data.get("kind")
    if kind == "lei-record":
        return [api_organization(ctx, record.data["record"])]
    if kind == "relationship-record":
        return api_relationship(ctx, record.data["relationship"], record.data.get("parent"), record.source_url)
    if kind == "l1":
        return [csv_organization(ctx, dict(record.data["row"]))]
    if kind == "rr":
        return csv_relationship(ctx, dict(record.data["row"]))
    raise RecordRejected(f"unknown GLEIF record kind {kind!r}")


def node_id(lei: str) -> str:
    return make_id("gleif", lei)


def day(value: Any) -> str | None:
    """GLEIF timestamps ('2016-05-20T00:00:00Z') as ISO dates; blanks as None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:10]
    try:
        date.fromisoformat(text)
    except ValueError:
        raise RecordRejected(f"not a date: {value!r}") from None
    return text


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
    }
    return Entity(node_id(lei), Label.ORGANIZATION, prov, attrs)


def api_organization(ctx: JobContext, item: dict[str, Any]) -> Entity:
    item = dict(item)
    item.pop("type", None)
    item.pop("relationships", None)
    links = item.pop("links", None) or {}
    attributes = dict(item.pop("attributes", None) or {})
    lei = _check_lei(item.pop("id", None) or attributes.get("lei"), "record id")
    ctx.audit(item, "lei-record")
    attributes.pop("lei", None)
    entity = dict(attributes.pop("entity", None) or {})
    attributes.pop("registration", None)
    for key in ("bic", "mic", "ocid", "qcc", "spglobal", "conformityFlag"):
        attributes.pop(key, None)
    ctx.audit(attributes, "lei-record.attributes")
    legal_name = (entity.pop("legalName", None) or {}).get("name")
    aliases = [o.get("name") for o in entity.pop("otherNames", None) or [] if isinstance(o, dict)]
    aliases += [o.get("name") for o in entity.pop("transliteratedOtherNames", None) or [] if isinstance(o, dict)]
    country = _country((entity.pop("legalAddress", None) or {}).get("country"), entity.pop("jurisdiction", None))
    expiration = entity.pop("expiration", None) or {}
    status = entity.pop("status", None)
    created = day(entity.pop("creationDate", None))
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
    expired = day(expiration.get("date")) if status != "ACTIVE" else None
    prov = ctx.provenance(lei, links.get("self") or RECORD_URL.format(lei=lei))
    return organization(
        prov, lei, legal_name, [a for a in aliases if isinstance(a, str)], country, registered_as, created, expired
    )


def minimal_organization(ctx: JobContext, lei: str, source_id: str, url: str | None) -> Entity:
    """An endpoint GLEIF names but this run did not describe: a placeholder named by its LEI."""
    return Entity(
        node_id(lei),
        Label.ORGANIZATION,
        ctx.provenance(source_id, url),
        {"name": lei, "lei": lei, "kind": OrgKind.COMPANY.value},
        placeholder=True,
    )


def control(
    ctx: JobContext,
    child: str,
    parent: str,
    rel_type: str,
    status: str | None,
    periods: list[dict[str, Any]],
    prov: Provenance,
) -> Relation | None:
    if rel_type not in RELATIONSHIP_ROLES:
        ctx.audit([f"relationshipType:{rel_type}"])
        return None
    control_type, role = RELATIONSHIP_ROLES[rel_type]
    valid_from = valid_to = None
    for period in periods:
        if (period.get("type") or period.get("periodType")) == "RELATIONSHIP_PERIOD":
            valid_from = day(period.get("startDate"))
            valid_to = day(period.get("endDate"))
    if status not in (None, "", "ACTIVE", "INACTIVE"):
        ctx.audit([f"relationshipStatus:{status}"])
    return Relation(
        make_id("gleif", child, rel_type, parent),
        Rel.CONTROLS,
        node_id(parent),
        Label.ORGANIZATION,
        node_id(child),
        Label.ORGANIZATION,
        prov,
        {"controlType": control_type.value, "role": role, "validFrom": valid_from, "validTo": valid_to},
    )


def api_relationship(ctx: JobContext, item: dict[str, Any], parent: dict[str, Any] | None, url: str | None) -> Items:
    attributes = dict(item.get("attributes") or {})
    rel = dict(attributes.pop("relationship", None) or {})
    for key in ("validFrom", "validTo", "registration", "extension"):
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
    relation = control(ctx, child, parent_lei, rel_type, status, periods, prov)
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
    status = row.pop("Entity.EntityStatus", "").strip()
    created = day(row.pop("Entity.EntityCreationDate", ""))
    expired = day(row.pop("Entity.EntityExpirationDate", "")) if status and status != "ACTIVE" else None
    registry = row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID")
    ctx.audit(_leftovers(row, L1_IGNORED_PREFIXES), "lei-cdf")
    url = RECORD_URL.format(lei=lei)
    return organization(ctx.provenance(lei, url), lei, name, aliases, country, registry, created, expired)


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
    ctx.audit(_leftovers(row, RR_IGNORED_PREFIXES), "rr-cdf")
    source_id = f"{child}|{rel_type}|{parent}"
    prov = ctx.provenance(source_id, RECORD_URL.format(lei=child))
    relation = control(ctx, child, parent, rel_type, status, periods, prov)
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
