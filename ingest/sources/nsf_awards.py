"""NSF awards (Award Search API v1): which organizations and investigators the US National Science Foundation funds.

Endpoint: `GET https://api.nsf.gov/services/v1/awards.json` with query parameters
(https://resources.research.gov/common/webapi/awardapisearch-v1.htm). The answer is
`{"response": {"award": [...], "metadata": {"offset", "rpp", "totalCount"}}}` (metadata may be absent).
Paging: `rpp` results per page (at most 25) from the 1-based record `offset` (1, 26, 51, ...); reading stops at
a page shorter than rpp, at `metadata.totalCount`, or at a page that only repeats awards already read.
`printFields` asks for the fields mapped below (a keyword search otherwise returns only a few fields).

Query keys (`--query k=v`, passed to the API as they are; dates as mm/dd/yyyy or ISO yyyy-mm-dd):
keyword, awardeeName, awardeeCountryCode, awardeeStateCode, awardeeCity, pdPIName, fundProgramName,
cfdaNumber, agency, id, dateStart, dateEnd, startDateStart, startDateEnd, expDateStart, expDateEnd.
`--since DATE` becomes dateStart (awards dated on or after it) unless the query sets dateStart itself.

File mode (`--file`): a saved awards.json response (`{"response": {"award": [...]}}`), or a JSON array of award
objects.

Mapping, one award = one Grant (awardId id, title, amount fundsObligatedAmt (else estimatedTotalAmt) in USD,
startDate startDate, endDate expDate, date date (the award date), year of that date, program fundProgramName,
description abstractText); API dates are mm/dd/yyyy and become ISO dates (an unreadable date is dropped and
audited; no date is essential):
- NSF (the `agency` field) -> Organization (kind funder, country US) -FUNDS-> Grant.
- Grant -AWARDED_TO {role recipient}-> awardee Organization (name awardeeName, alias awardee, uei ueiNumber,
  country awardeeCountryCode, kind university when the name says so, else other; id from the UEI, else the name).
- The PI -> Person (id from piId, else from the award and the name; name piFirstName piLastName or pdPIName);
  Grant -AWARDED_TO {role principal_investigator}-> Person; Person -AFFILIATED_WITH-> awardee. Co-PIs (coPDPI,
  "Name email") -> Person (id from the award and the name), role co_principal_investigator, same relationships.
E-mail addresses and phone numbers are read and not stored; publications and performance site are not mapped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from graph.ids import make_id
from graph.model import Entity, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_document
from ingest.source import Items, RawRecord, SourceSpec
from ingest.values import clean_text, parse_amount

log = logging.getLogger(__name__)

NAME = "nsf_awards"
API_URL = "https://api.nsf.gov/services/v1/awards.json"
AWARD_URL = "https://www.nsf.gov/awardsearch/showAward?AWD_ID={}"
RPP = 25  # the API's maximum results per page
PRINT_FIELDS = (
    "id,agency,title,date,startDate,expDate,fundsObligatedAmt,estimatedTotalAmt,fundProgramName,abstractText,"
    "awardeeName,awardee,awardeeCountryCode,ueiNumber,parentUeiNumber,piId,piFirstName,piLastName,pdPIName,coPDPI"
)
QUERY_KEYS = frozenset(
    {
        "keyword",
        "awardeeName",
        "awardeeCountryCode",
        "awardeeStateCode",
        "awardeeCity",
        "pdPIName",
        "fundProgramName",
        "cfdaNumber",
        "agency",
        "id",
        "dateStart",
        "dateEnd",
        "startDateStart",
        "startDateEnd",
        "expDateStart",
        "expDateEnd",
    }
)
DATE_KEYS = frozenset(k for k in QUERY_KEYS if k.endswith(("Start", "End")))

SOURCE = SourceSpec(
    name=NAME,
    title="NSF Award Search API",
    license="Public domain (US government work)",
    url="https://resources.research.gov/common/webapi/awardapisearch-v1.htm",
    modes=("api", "file"),
    file_formats=("awards.json response ({response: {award: [...]}})", "JSON array of awards"),
    notes="NSF -FUNDS-> Grant -AWARDED_TO-> awardee and PIs. Query keys: keyword, awardeeName, awardeeCountryCode, "
    "pdPIName, fundProgramName, dateStart/dateEnd and more; --since sets dateStart.",
)

_UNIVERSITY = re.compile(r"UNIV|COLLEGE|INSTITUTE OF TECHNOLOGY|POLYTECHNIC|SCHOOL OF", re.I)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# ---------------------------------------------------------------------------------------------------- records


def us_date(value: str) -> str:
    """A query date as the API wants it (mm/dd/yyyy), from mm/dd/yyyy or ISO yyyy-mm-dd."""
    text = value.strip()
    iso = _ISO_DATE.match(text[:10])
    if iso:
        return f"{iso.group(2)}/{iso.group(3)}/{iso.group(1)}"
    if _US_DATE.match(text):
        return text
    raise SourceError(f"{NAME}: {value!r} is not a date (use mm/dd/yyyy or yyyy-mm-dd)")


def build_params(ctx: JobContext) -> dict[str, str]:
    unknown = sorted(set(ctx.query) - QUERY_KEYS)
    if unknown:
        raise SourceError(f"{NAME}: unknown query key(s) {', '.join(unknown)}; known: {', '.join(sorted(QUERY_KEYS))}")
    params = {k: (us_date(v) if k in DATE_KEYS else v) for k, v in ctx.query.items() if v}
    if ctx.since and "dateStart" not in params:
        params["dateStart"] = us_date(ctx.since)
    params["printFields"] = PRINT_FIELDS
    params["rpp"] = str(RPP)
    return params


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is not None:
        yield from _file_records(ctx)
        return
    params = build_params(ctx)
    offset = 1
    seen: set[str] = set()
    while True:
        page_params = {**params, "offset": str(offset)}
        awards, total = _awards(ctx.fetcher().get_json(API_URL, page_params), f"GET {API_URL} offset {offset}")
        new = [a for a in awards if not (isinstance(a, dict) and str(a.get("id")) in seen)]
        if awards and not new:
            log.warning("%s: the page at offset %d repeats awards already read; stopping", NAME, offset)
            return
        for index, award in enumerate(awards):
            yield _record(f"GET {API_URL} offset {offset}#{index}", award)
            if isinstance(award, dict):
                seen.add(str(award.get("id")))
        offset += len(awards)
        if len(awards) < RPP or (total is not None and offset - 1 >= total):
            return


def _awards(document: Any, where: str) -> tuple[list[Any], int | None]:
    """The award list and metadata.totalCount (None when absent) of a response."""
    response = document.get("response") if isinstance(document, dict) else None
    if not isinstance(response, dict):
        raise SourceError(f"{NAME}: {where}: expected {{'response': {{'award': [...]}}}}")
    if "award" not in response:
        notice = response.get("serviceNotification")
        if notice:
            raise SourceError(f"{NAME}: {where}: the API answered with a notification: {notice}")
        return [], 0  # no award matches
    awards = response["award"]
    if not isinstance(awards, list):
        raise SourceError(f"{NAME}: {where}: response.award is not a list")
    metadata = response.get("metadata")
    total = metadata.get("totalCount") if isinstance(metadata, dict) else None
    return awards, int(total) if isinstance(total, int | str) and str(total).isdigit() else None


def _record(location: str, award: Any) -> RawRecord:
    if not isinstance(award, dict):
        return RawRecord(location, {}, error=f"award is a {type(award).__name__}, not an object")
    award_id = award.get("id")
    source_id = str(award_id) if award_id not in (None, "") else None
    url = AWARD_URL.format(award_id) if source_id else None
    return RawRecord(location, award, source_id=source_id, source_url=url)


def _file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    document = json_document(ctx.file, ctx.encoding)
    if isinstance(document, list):
        awards, where = document, name
    else:
        awards, _ = _awards(document, str(ctx.file))
        where = f"{name}:response.award"
    for index, award in enumerate(awards):
        yield _record(f"{where}[{index}]", award)


# -------------------------------------------------------------------------------------------------- normalize

# Read and deliberately not mapped (contact details, performance site, publications, codes).
IGNORED = (
    "activeAwd",
    "awardAgencyCode",
    "awardeeAddress",
    "awardeeCity",
    "awardeeDistrict",
    "awardeeDistrictCode",
    "awardeePhone",
    "awardeeStateCode",
    "awardeeZipCode",
    "awardeeCounty",
    "cfdaNumber",
    "dirAbbr",
    "divAbbr",
    "fundAgencyCode",
    "fundsObligated",
    "histAwd",
    "initAmendmentDate",
    "jrnl",
    "latestAmendmentDate",
    "managingPec",
    "orgCodeDir",
    "orgCodeDiv",
    "orgLongName",
    "orgLongName2",
    "orgUrl",
    "perfAddress",
    "perfCity",
    "perfCountryCode",
    "perfDistrict",
    "perfDistrictCode",
    "perfLocation",
    "perfStateCode",
    "perfZipCode",
    "perfCounty",
    "pi",
    "piEmail",
    "piPhone",
    "piMiddeInitial",
    "poEmail",
    "poName",
    "poPhone",
    "primaryProgram",
    "progEleCode",
    "program",
    "progRefCode",
    "publicAccessMandate",
    "publicationResearch",
    "publicationConference",
    "transType",
    "projectOutComesReport",
)


def iso_date(ctx: JobContext, value: Any, field: str) -> str | None:
    """'07/15/2025' -> '2025-07-15'; an unreadable date is dropped and audited."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%m/%d/%Y").date().isoformat()
    except ValueError:
        ctx.audit([f"unreadable_date:{field}"])
        return None


def org_kind(name: str) -> OrgKind:
    return OrgKind.UNIVERSITY if _UNIVERSITY.search(name) else OrgKind.OTHER


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    award_id = clean_text(data.pop("id", None))
    if award_id is None:
        raise RecordRejected("award without an id")
    prov = ctx.provenance(award_id, record.source_url or AWARD_URL.format(award_id))
    obligated = parse_amount(data.pop("fundsObligatedAmt", None), "fundsObligatedAmt")
    estimated = parse_amount(data.pop("estimatedTotalAmt", None), "estimatedTotalAmt")
    amount = obligated if obligated is not None else estimated
    award_date = iso_date(ctx, data.pop("date", None), "date")
    grant = Entity(
        make_id(NAME, award_id),
        Label.GRANT,
        prov,
        {
            "awardId": award_id,
            "title": clean_text(data.pop("title", None)),
            "amount": amount,
            "currency": "USD" if amount is not None else None,
            "startDate": iso_date(ctx, data.pop("startDate", None), "startDate"),
            "endDate": iso_date(ctx, data.pop("expDate", None), "expDate"),
            "date": award_date,
            "year": int(award_date[:4]) if award_date else None,
            "program": clean_text(data.pop("fundProgramName", None)),
            "description": (str(data.pop("abstractText", None) or "")).strip() or None,
        },
    )
    agency = clean_text(data.pop("agency", None)) or "NSF"
    funder = Entity(
        make_id(NAME, "funder", agency),
        Label.ORGANIZATION,
        prov,
        {
            "name": "U.S. National Science Foundation" if agency == "NSF" else agency,
            "aliases": [agency],
            "kind": OrgKind.FUNDER.value,
            "country": "US",
        },
    )
    items: Items = [
        grant,
        funder,
        Relation(
            make_id(NAME, award_id, "funded_by", agency),
            Rel.FUNDS,
            funder.id,
            Label.ORGANIZATION,
            grant.id,
            Label.GRANT,
            prov,
            {"amount": amount, "currency": "USD" if amount is not None else None},
        ),
    ]
    awardee = _awardee(ctx, data, prov)
    items += [
        awardee,
        Relation(
            make_id(NAME, award_id, "recipient"),
            Rel.AWARDED_TO,
            grant.id,
            Label.GRANT,
            awardee.id,
            Label.ORGANIZATION,
            prov,
            {"role": "recipient"},
        ),
    ]
    items += _investigators(ctx, award_id, grant, awardee, data, prov)
    for ignored in IGNORED:
        data.pop(ignored, None)
    ctx.audit(data, "award")
    return items


def _awardee(ctx: JobContext, data: dict[str, Any], prov: Provenance) -> Entity:
    name = clean_text(data.pop("awardeeName", None))
    legal = clean_text(data.pop("awardee", None))
    if name is None:
        name, legal = legal, None
    if name is None:
        raise RecordRejected("award without an awardeeName (the recipient)")
    code = clean_text(data.pop("awardeeCountryCode", None))
    country = to_alpha2(code)
    if code and country is None:
        ctx.audit([f"country:{code}"])
    uei = clean_text(data.pop("ueiNumber", None))
    data.pop("parentUeiNumber", None)  # a parent UEI alone names no organization; not mapped
    org_id = make_id(NAME, "org-uei", uei) if uei else make_id(NAME, "org-name", name.upper())
    aliases = [legal] if legal and legal.upper() != name.upper() else None
    return Entity(
        org_id,
        Label.ORGANIZATION,
        prov,
        {
            "name": name,
            "aliases": aliases,
            "country": country,
            "uei": uei,
            "kind": org_kind(" ".join(filter(None, [name, legal]))).value,
        },
    )


def _person_items(
    award_id: str, grant: Entity, awardee: Entity, person: Entity, role: str, key: str, prov: Provenance
) -> Items:
    return [
        person,
        Relation(
            make_id(NAME, award_id, key),
            Rel.AWARDED_TO,
            grant.id,
            Label.GRANT,
            person.id,
            Label.PERSON,
            prov,
            {"role": role},
        ),
        Relation(
            make_id(NAME, award_id, key, "affiliated"),
            Rel.AFFILIATED_WITH,
            person.id,
            Label.PERSON,
            awardee.id,
            Label.ORGANIZATION,
            prov,
            {"role": role},
        ),
    ]


def _without_email(text: str) -> str:
    return " ".join(token for token in text.split() if "@" not in token)


def _investigators(
    ctx: JobContext, award_id: str, grant: Entity, awardee: Entity, data: dict[str, Any], prov: Provenance
) -> Items:
    items: Items = []
    pi_id = clean_text(data.pop("piId", None))
    first, last = clean_text(data.pop("piFirstName", None)), clean_text(data.pop("piLastName", None))
    pd_name = clean_text(data.pop("pdPIName", None))
    name = " ".join(filter(None, [first, last])) or pd_name
    if name is not None:
        person_id = make_id(NAME, "pi", pi_id) if pi_id else make_id(NAME, award_id, "pi", name)
        person = Entity(person_id, Label.PERSON, prov, {"name": name})
        items += _person_items(award_id, grant, awardee, person, "principal_investigator", "pi", prov)
    co_pis = data.pop("coPDPI", None)
    for entry in co_pis if isinstance(co_pis, list) else []:
        co_name = clean_text(_without_email(str(entry)))
        if co_name is None:
            continue
        person = Entity(make_id(NAME, award_id, "copi", co_name), Label.PERSON, prov, {"name": co_name})
        key = f"copi.{person.id.removeprefix(NAME + '-')}"
        items += _person_items(award_id, grant, awardee, person, "co_principal_investigator", key, prov)
    return items
