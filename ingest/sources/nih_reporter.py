"""NIH RePORTER projects (API v2): which NIH institute funds which project at which organization, and who leads it.

Endpoint: `POST https://api.reporter.nih.gov/v2/projects/search` with the JSON body
`{"criteria": {...}, "offset": n, "limit": 500, "sort_field": "appl_id", "sort_order": "asc"}` (no key needed).
Paging is by offset: 500 records per page at most, and the API refuses an offset above 14,999, so one set of
criteria yields at most 15,000 records (offsets 0, 500, ..., 14,500). When `meta.total` of a search is above that,
the search is split by fiscal year (`criteria.fiscal_years`, one year per search; every year since 1985 when the
query names none) and each year is paged on its own. A single fiscal year still above the ceiling is read up to
the ceiling; the shortfall is logged and kept in `ctx.state["truncated"]`. (Ceiling as documented for the `offset`
parameter at https://api.reporter.nih.gov/; the `fiscal_years` split is the one the documentation of the
repoRter.nih client recommends.)

Query keys (`--query k=v`; lists comma-separated):
- `org_names`: organization name fragments (criteria.org_names; the API matches them as substrings)
- `fiscal_years`: e.g. `2023,2024` or `2019-2024` (criteria.fiscal_years)
- `pi_names`: PI names, each searched as `{"any_name": ...}` (criteria.pi_names)
- `project_nums`: project numbers, `*` wildcards allowed (criteria.project_nums)
- `org_countries`: organization country names as RePORTER writes them, e.g. `CANADA` (criteria.org_countries)
- `agencies`: IC abbreviations such as `NCI,NIAID` (criteria.agencies)
- `text`: words searched in title, abstract and terms (criteria.advanced_text_search, operator "and")
- `foreign=true`: keep only projects whose organization is outside the US. The API has no criterion for "not
  the US" (org_countries only selects named countries), so this filter is applied to the results; records
  without an organization country are dropped too. Counts are in `ctx.state["foreign_filter"]`.
`--since DATE` becomes criteria.date_added {from_date: DATE, to_date: today}: projects added since that date.

File mode (`--file`): a saved projects/search response `{"meta": ..., "results": [...]}`; a JSON array of result
records; one result record (a JSON object with `project_num`); or JSON lines (`.jsonl` / `.ndjson`), one result
record (or one saved response) per line. The `foreign` query key applies to files too.

Mapping, one record = one Grant (awardId project_num, title, amount award_amount in USD, startDate/endDate
project_start/end_date, date award_notice_date, year fiscal_year, program activity_code, description
abstract_text):
- agency_ic_admin and each agency_ic_fundings[] entry -> Organization (kind funder, country US, id from the IC
  abbreviation) -FUNDS-> Grant (role administering / funding / administering_and_funding; amount = the IC's
  total_cost for the year when it funds).
- Grant -AWARDED_TO {role recipient}-> Organization from `organization` (name org_name, country from
  org_country, uei primary_uei or org_ueis[0], duns primary_duns or org_duns[0], kind university when the name,
  organization_type or a department type says so, else other; id from NIH's IPF org id external_org_id, else UEI,
  DUNS, name).
- principal_investigators[] with a profile_id -> Person (id from profile_id); Grant -AWARDED_TO {role contact_pi
  or principal_investigator}-> Person; Person -AFFILIATED_WITH-> recipient Organization.
Program officers, terms, spending categories and the like are read and not mapped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from graph.ids import make_id
from graph.model import Entity, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_document, json_lines
from ingest.source import Items, RawRecord, SourceSpec
from ingest.values import clean_text, parse_amount, parse_day

log = logging.getLogger(__name__)

NAME = "nih_reporter"
API_URL = "https://api.reporter.nih.gov/v2/projects/search"
DETAIL_URL = "https://reporter.nih.gov/project-details/{}"
PAGE_LIMIT = 500  # the API's maximum page size
MAX_OFFSET = 14_999  # the API refuses higher offsets
REACHABLE = MAX_OFFSET + 1  # records one set of criteria can yield by offset paging
FIRST_FISCAL_YEAR = 1985  # RePORTER's earliest fiscal year
LIST_KEYS = ("org_names", "project_nums", "org_countries", "agencies")
QUERY_KEYS = frozenset({*LIST_KEYS, "fiscal_years", "pi_names", "text", "foreign"})

SOURCE = SourceSpec(
    name=NAME,
    title="NIH RePORTER projects (API v2)",
    license="Public domain (US government work)",
    url="https://api.reporter.nih.gov/",
    modes=("api", "file"),
    file_formats=(
        "projects/search response JSON ({meta, results})",
        "JSON array of result records",
        "JSON lines of result records",
    ),
    notes="NIH institute -FUNDS-> Grant -AWARDED_TO-> organization and PIs. Query keys: org_names, fiscal_years, "
    "pi_names, project_nums, org_countries, agencies, text, foreign=true; --since filters on date_added.",
)

_UNIVERSITY = re.compile(r"UNIV|COLLEGE|HIGHER EDUCATION|SCHOOLS? OF|INSTITUTE OF TECHNOLOGY|POLYTECHNIC", re.I)


# ---------------------------------------------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    foreign = _flag(ctx.query.get("foreign"))
    source = _file_records(ctx) if ctx.file is not None else _api_records(ctx)
    for record in source:
        if foreign and record.error is None and not _is_foreign(record.data):
            counts = ctx.state.setdefault("foreign_filter", {"kept": 0, "dropped": 0})
            counts["dropped"] += 1
            continue
        if foreign:
            ctx.state.setdefault("foreign_filter", {"kept": 0, "dropped": 0})["kept"] += 1
        yield record


def _flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("true", "1", "yes", "y")


def _is_foreign(data: dict[str, Any]) -> bool:
    org = data.get("organization")
    if not isinstance(org, dict):
        return False
    country = to_alpha2(org.get("org_country") or org.get("country"))
    return country is not None and country != "US"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def fiscal_years(value: str) -> list[int]:
    """'2023,2024' or '2019-2021' (or both mixed) -> sorted years; a SourceError names a bad entry."""
    years: set[int] = set()
    for part in _split(value):
        bounds = part.split("-")
        try:
            if len(bounds) == 2:
                years.update(range(int(bounds[0]), int(bounds[1]) + 1))
            elif len(bounds) == 1:
                years.add(int(part))
            else:
                raise ValueError(part)
        except ValueError:
            raise SourceError(f"{NAME}: fiscal_years entry {part!r} is not a year or a range like 2019-2021") from None
    return sorted(years)


def build_criteria(ctx: JobContext) -> dict[str, Any]:
    """The search criteria from ctx.query and ctx.since; a SourceError names an unknown query key."""
    unknown = sorted(set(ctx.query) - QUERY_KEYS)
    if unknown:
        raise SourceError(f"{NAME}: unknown query key(s) {', '.join(unknown)}; known: {', '.join(sorted(QUERY_KEYS))}")
    criteria: dict[str, Any] = {}
    for key in LIST_KEYS:
        if ctx.query.get(key):
            criteria[key] = _split(ctx.query[key])
    if ctx.query.get("fiscal_years"):
        criteria["fiscal_years"] = fiscal_years(ctx.query["fiscal_years"])
    if ctx.query.get("pi_names"):
        criteria["pi_names"] = [{"any_name": name} for name in _split(ctx.query["pi_names"])]
    if ctx.query.get("text"):
        criteria["advanced_text_search"] = {
            "operator": "and",
            "search_field": "projecttitle,abstracttext,terms",
            "search_text": ctx.query["text"],
        }
    if ctx.since:
        criteria["date_added"] = {"from_date": ctx.since[:10], "to_date": ctx.retrieved_at[:10]}
    return criteria


def _api_records(ctx: JobContext) -> Iterator[RawRecord]:
    criteria = build_criteria(ctx)
    first = _page(ctx, criteria, 0)
    total = _total(first)
    if total <= REACHABLE:
        yield from _pages(ctx, criteria, first, total)
        return
    years = criteria.get("fiscal_years") or list(range(FIRST_FISCAL_YEAR, date.today().year + 2))
    if len(years) == 1:
        yield from _pages(ctx, criteria, first, total)
        return
    log.info("%s: %d projects match, more than offset paging reaches; splitting by fiscal year", NAME, total)
    for year in years:
        by_year = {**criteria, "fiscal_years": [year]}
        page = _page(ctx, by_year, 0)
        yield from _pages(ctx, by_year, page, _total(page))


def _body(criteria: dict[str, Any], offset: int) -> dict[str, Any]:
    return {"criteria": criteria, "offset": offset, "limit": PAGE_LIMIT, "sort_field": "appl_id", "sort_order": "asc"}


def _page(ctx: JobContext, criteria: dict[str, Any], offset: int) -> dict[str, Any]:
    data = ctx.fetcher().post_json(API_URL, _body(criteria, offset))
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise SourceError(f"{NAME}: POST {API_URL} answered without a results list (offset {offset})")
    return data


def _total(page: dict[str, Any]) -> int:
    meta = page.get("meta") or {}
    total = meta.get("total")
    if not isinstance(total, int):
        raise SourceError(f"{NAME}: POST {API_URL} answered without meta.total")
    return total


def _pages(ctx: JobContext, criteria: dict[str, Any], page: dict[str, Any], total: int) -> Iterator[RawRecord]:
    """Records of one search: `page` is its first page (offset 0), `total` its meta.total."""
    years = criteria.get("fiscal_years")
    label = f"FY{years[0]}" if years and len(years) == 1 else "search"
    if total > REACHABLE:
        log.warning("%s: %s has %d projects; offset paging reaches only %d", NAME, label, total, REACHABLE)
        ctx.state.setdefault("truncated", {})[label] = total - REACHABLE
    offset = 0
    while True:
        results = page["results"]
        for index, item in enumerate(results):
            location = f"POST {API_URL} {label} offset {offset}#{index}"
            if not isinstance(item, dict):
                yield RawRecord(location, {}, error=f"result is a {type(item).__name__}, not an object")
                continue
            yield _record(location, item)
        offset += len(results)
        if not results or offset >= min(total, REACHABLE):
            return
        page = _page(ctx, criteria, offset)


def _record(location: str, item: dict[str, Any]) -> RawRecord:
    appl_id = item.get("appl_id")
    source_id = str(appl_id) if appl_id is not None else item.get("project_num")
    url = item.get("project_detail_url") or (DETAIL_URL.format(appl_id) if appl_id is not None else None)
    return RawRecord(location, item, source_id=source_id, source_url=url)


def _file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    if ctx.file.suffix.lower() in (".jsonl", ".ndjson"):
        for number, value in json_lines(ctx.file, ctx.encoding):
            if not isinstance(value, dict):
                yield RawRecord(f"{name}:line {number}", {}, error=str(value))
            elif isinstance(value.get("results"), list):
                yield from _listed(f"{name}:line {number}", value["results"])
            else:
                yield _record(f"{name}:line {number}", value)
        return
    document = json_document(ctx.file, ctx.encoding)
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        yield from _listed(f"{name}:results", document["results"])
    elif isinstance(document, list):
        yield from _listed(name, document)
    elif isinstance(document, dict) and ("project_num" in document or "appl_id" in document):
        yield _record(name, document)
    else:
        raise SourceError(
            f"{ctx.file}: expected a projects/search response ({{meta, results}}), a JSON array of project records "
            "or one project record"
        )


def _listed(where: str, items: list[Any]) -> Iterator[RawRecord]:
    for index, item in enumerate(items):
        location = f"{where}[{index}]"
        if isinstance(item, dict):
            yield _record(location, item)
        else:
            yield RawRecord(location, {}, error=f"result is a {type(item).__name__}, not an object")


# -------------------------------------------------------------------------------------------------- normalize

# Fields read and deliberately not mapped (popped so that only new, unknown fields reach the audit).
IGNORED = (
    "appl_id",
    "project_serial_num",
    "award_type",
    "is_active",
    "project_num_split",
    "contact_pi_name",
    "program_officers",
    "cong_dist",
    "spending_categories",
    "spending_categories_desc",
    "geo_lat_lon",
    "opportunity_number",
    "full_study_section",
    "is_new",
    "mechanism_code_dc",
    "core_project_num",
    "terms",
    "pref_terms",
    "phr_text",
    "agency_code",
    "covid_response",
    "arra_funded",
    "budget_start",
    "budget_end",
    "cfda_code",
    "funding_mechanism",
    "direct_cost_amt",
    "indirect_cost_amt",
    "project_detail_url",
    "date_added",
)
ORG_IGNORED = (
    "city",
    "org_city",
    "org_state",
    "org_state_name",
    "org_fips",
    "fips_country_code",
    "org_ipf_code",
    "org_zipcode",
)


def iso_day(ctx: JobContext, value: Any, field: str) -> str | None:
    """'2025-04-01T00:00:00' -> '2025-04-01' (the shared date reader); an unreadable date is dropped and audited
    (dates are not essential)."""
    try:
        return parse_day(value, field)
    except RecordRejected:
        ctx.audit([f"unreadable_date:{field}"])
        return None


def _year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise RecordRejected(f"fiscal_year is not a year: {value!r}")
    return int(text)


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    project_num = clean_text(data.pop("project_num", None))
    if project_num is None:
        raise RecordRejected("project record without a project_num")
    subproject = clean_text(data.pop("subproject_id", None))
    prov = ctx.provenance(record.source_id or project_num, record.source_url)
    amount = parse_amount(data.pop("award_amount", None), "award_amount")
    key = (project_num, subproject)
    grant = Entity(
        make_id(NAME, *key),
        Label.GRANT,
        prov,
        {
            "awardId": project_num,
            "title": clean_text(data.pop("project_title", None)),
            "amount": amount,
            "currency": "USD" if amount is not None else None,
            "startDate": iso_day(ctx, data.pop("project_start_date", None), "project_start_date"),
            "endDate": iso_day(ctx, data.pop("project_end_date", None), "project_end_date"),
            "date": iso_day(ctx, data.pop("award_notice_date", None), "award_notice_date"),
            "year": _year(data.pop("fiscal_year", None)),
            "program": clean_text(data.pop("activity_code", None)),
            "description": (data.pop("abstract_text", None) or "").strip() or None,
        },
    )
    items: Items = [grant]
    items += _funders(ctx, grant, key, data.pop("agency_ic_admin", None), data.pop("agency_ic_fundings", None), prov)
    recipient = _recipient(ctx, data.pop("organization", None), data.pop("organization_type", None), prov)
    if recipient is not None:
        items.append(recipient)
        items.append(
            Relation(
                make_id(NAME, *key, "recipient"),
                Rel.AWARDED_TO,
                grant.id,
                Label.GRANT,
                recipient.id,
                Label.ORGANIZATION,
                prov,
                {"role": "recipient"},
            )
        )
    items += _investigators(ctx, grant, key, recipient, data.pop("principal_investigators", None), prov)
    for ignored in IGNORED:
        data.pop(ignored, None)
    ctx.audit(data, "project")
    return items


def _ic_key(ic: dict[str, Any]) -> str | None:
    return clean_text(ic.get("abbreviation")) or clean_text(ic.get("code"))


GrantKey = tuple[str, str | None]


def _funders(ctx: JobContext, grant: Entity, key: GrantKey, admin: Any, fundings: Any, prov: Provenance) -> Items:
    """Institutes and centers: the administering IC and every funding IC, each once, with its role."""
    ics: dict[str, dict[str, Any]] = {}
    roles: dict[str, set[str]] = {}
    amounts: dict[str, float] = {}
    if isinstance(admin, dict) and (admin_ic := _ic_key(admin)):
        ics[admin_ic] = admin
        roles.setdefault(admin_ic, set()).add("administering")
    for funding in fundings if isinstance(fundings, list) else []:
        if not isinstance(funding, dict) or not (ic_key := _ic_key(funding)):
            continue
        ics.setdefault(ic_key, funding)
        roles.setdefault(ic_key, set()).add("funding")
        cost = parse_amount(funding.get("total_cost"), "agency_ic_fundings.total_cost")
        if cost is not None:
            amounts[ic_key] = amounts.get(ic_key, 0) + cost
    items: Items = []
    for ic_key, ic in ics.items():
        funder = Entity(
            make_id(NAME, "ic", ic_key),
            Label.ORGANIZATION,
            prov,
            {
                "name": clean_text(ic.get("name")) or ic_key,
                "aliases": [ic_key],
                "kind": OrgKind.FUNDER.value,
                "country": "US",
            },
        )
        role = roles[ic_key]
        amount = amounts.get(ic_key)
        items.append(funder)
        items.append(
            Relation(
                make_id(NAME, *key, "funded_by", ic_key),
                Rel.FUNDS,
                funder.id,
                Label.ORGANIZATION,
                grant.id,
                Label.GRANT,
                prov,
                {
                    "role": "administering_and_funding" if len(role) == 2 else next(iter(role)),
                    "amount": amount,
                    "currency": "USD" if amount is not None else None,
                    "year": grant.props.get("year"),
                },
            )
        )
    return items


def org_kind(name: str, organization_type: Any, dept_type: Any) -> OrgKind:
    """University when the name, NIH's organization type or a (medical school) department says so; else other."""
    type_name = organization_type.get("name") if isinstance(organization_type, dict) else None
    department = clean_text(dept_type)
    if _UNIVERSITY.search(name) or (type_name and _UNIVERSITY.search(type_name)):
        return OrgKind.UNIVERSITY
    if department and department.upper() != "NONE":
        return OrgKind.UNIVERSITY
    return OrgKind.OTHER


def _first(values: Any) -> str | None:
    if isinstance(values, list):
        for value in values:
            if clean_text(value):
                return clean_text(value)
    return None


def _recipient(ctx: JobContext, org: Any, organization_type: Any, prov: Provenance) -> Entity | None:
    if org is None:
        return None  # e.g. a search with include_fields that left the organization out
    if not isinstance(org, dict):
        raise RecordRejected(f"organization is a {type(org).__name__}, not an object")
    org = dict(org)
    name = clean_text(org.pop("org_name", None))
    if name is None:
        raise RecordRejected("the recipient organization has no org_name")
    country_text = clean_text(org.pop("org_country", None)) or clean_text(org.pop("country", None))
    org.pop("country", None)
    country = to_alpha2(country_text)
    if country_text and country is None:
        ctx.audit([f"country:{country_text}"])
    uei = clean_text(org.pop("primary_uei", None)) or _first(org.pop("org_ueis", None))
    duns = clean_text(org.pop("primary_duns", None)) or _first(org.pop("org_duns", None))
    org.pop("org_ueis", None)
    org.pop("org_duns", None)
    external_id = org.pop("external_org_id", None)
    dept_type = org.pop("dept_type", None)
    for key in ORG_IGNORED:
        org.pop(key, None)
    ctx.audit(org, "organization")
    if external_id not in (None, ""):
        org_id = make_id(NAME, "org", str(external_id))
    elif uei:
        org_id = make_id(NAME, "org-uei", uei)
    elif duns:
        org_id = make_id(NAME, "org-duns", duns)
    else:
        org_id = make_id(NAME, "org-name", name.upper())
    return Entity(
        org_id,
        Label.ORGANIZATION,
        prov,
        {
            "name": name,
            "country": country,
            "uei": uei,
            "duns": duns,
            "kind": org_kind(name, organization_type, dept_type).value,
        },
    )


def _investigators(
    ctx: JobContext, grant: Entity, key: GrantKey, recipient: Entity | None, pis: Any, prov: Provenance
) -> Items:
    items: Items = []
    for pi in pis if isinstance(pis, list) else []:
        if not isinstance(pi, dict):
            continue
        profile_id = pi.get("profile_id")
        name = clean_text(pi.get("full_name")) or clean_text(
            " ".join(str(pi.get(k) or "") for k in ("first_name", "middle_name", "last_name"))
        )
        if profile_id in (None, "") or name is None:
            ctx.audit(["principal_investigators:without_profile_id_or_name"])
            continue
        person = Entity(make_id(NAME, "pi", str(profile_id)), Label.PERSON, prov, {"name": name})
        role = "contact_pi" if pi.get("is_contact_pi") else "principal_investigator"
        items.append(person)
        items.append(
            Relation(
                make_id(NAME, *key, "pi", str(profile_id)),
                Rel.AWARDED_TO,
                grant.id,
                Label.GRANT,
                person.id,
                Label.PERSON,
                prov,
                {"role": role},
            )
        )
        if recipient is not None:
            items.append(
                Relation(
                    make_id(NAME, "pi", str(profile_id), "affiliated", recipient.id.removeprefix(f"{NAME}-")),
                    Rel.AFFILIATED_WITH,
                    person.id,
                    Label.PERSON,
                    recipient.id,
                    Label.ORGANIZATION,
                    prov,
                    {"role": "principal_investigator"},
                )
            )
    return items
