"""US Consolidated Screening List (CSL): the export-control and sanctions lists of Commerce (BIS Entity List,
Military End User, Unverified, Denied Persons), State (ITAR Debarred, Nonproliferation Sanctions) and Treasury
(SDN and the non-SDN lists) merged by the International Trade Administration.

File mode: the bulk downloads at https://data.trade.gov/downloadable_consolidated_screening_list/v1/
- `consolidated.csv`: columns _id, source, entity_number, type, programs, name, title, addresses,
  federal_register_notice, start_date, end_date, ..., remarks, source_list_url, alt_names, citizenships,
  dates_of_birth, nationalities, places_of_birth, source_information_url, ids. Multi-valued cells are
  "; "-separated; each address ends with its ISO alpha-2 country code ("..., Xian, China, CN").
- a JSON file holding the API's result objects (a list, or an object with `results`), same fields as the API.
API mode: `GET https://data.trade.gov/consolidated_screening_list/v1/search` (API key from developer.trade.gov in
the environment variable TIETRACE_TRADE_GOV_KEY, sent as the documented `subscription-key` header, which is not
part of the on-disk cache key). Query keys passed through: name, sources (e.g. EL,MEU), countries,
type, fuzzy_name; paging with `size` (query key `size`, at most 50) and `offset` until `total` is reached or a page
comes back empty. No date filter exists, so `ctx.since` is not applied.

Mapping:
- type Entity -> Organization (kind other: the lists mix companies, institutes and government bodies), Individual
  -> Person, Vessel / Aircraft -> audited and skipped. BIS and State rows carry no type (see `blank_type_label`):
  a row is read as a Person when the list itself describes a person (a date or place of birth, a nationality,
  a citizenship, a title), or when it is on the Denied Persons or ITAR Debarred list and its name reads as a
  personal name with no organization word; otherwise as an Organization, as before. Each blank-type row is
  audited with the reason for its label (`type:blank->Person (...)`, `type:blank->Organization (assumed)`),
  so a run says how many labels were inferred or assumed rather than stated.
- node id `trade_csl-<_id>` (OFAC entity number for Treasury lists, a hash for the others); aliases from
  alt_names; country: for organizations the first address's country code, else nationalities/citizenships; for
  persons nationalities, then citizenships, then addresses. The ISN suffix "; and any successor, sub-unit, or
  subsidiary thereof" is cut from the name.
- one Watchlist per list: the catalogue's node (graph/lists.yml, `list-<list id>`, titled by the catalogue) for
  every list it knows; otherwise one per `source` (`trade_csl-list...`): name = the source, authority = the agency
  after " - ", program = the abbreviation in parentheses, country US.
- LISTED_ON (listed party -> watchlist), id from _id and the list abbreviation: program = programs, validFrom =
  start_date, validTo = end_date, reason = remarks, else the Federal Register notice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from rigour.names import NamePartTag, NameTypeTag, Symbol, analyze_names

from graph.ids import make_id
from graph.lists import catalogue, list_node_id
from graph.model import Entity, Label, OrgKind, Rel, Relation
from graph.settings import get_settings
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import csv_rows, json_document
from ingest.source import Items, RawRecord, SourceSpec
from ingest.values import parse_day

log = logging.getLogger(__name__)

SOURCE = SourceSpec(
    name="trade_csl",
    title="US Consolidated Screening List (trade.gov)",
    license="Public domain (US Government work)",
    url="https://www.trade.gov/consolidated-screening-list",
    modes=("api", "file"),
    file_formats=("consolidated.csv", "JSON of CSL result objects"),
    notes="API needs TIETRACE_TRADE_GOV_KEY. Query keys: name, sources, countries, type, fuzzy_name, size.",
)

SEARCH_URL = "https://data.trade.gov/consolidated_screening_list/v1/search"
KEY_ENV = "TIETRACE_TRADE_GOV_KEY"
MAX_SIZE = 50
PASSED_QUERY = ("name", "sources", "countries", "type", "fuzzy_name")
_ABBREV = re.compile(r"\(([A-Z0-9-]+)\)")
_CODE = re.compile(r"^[A-Z]{2}$")
SUCCESSOR_CLAUSE = re.compile(r";\s*and any successor, sub-unit, or subsidiary thereof\s*$", re.IGNORECASE)
KNOWN_UNUSED = (
    "entity_number",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "ids",
    "source_list_url",
    "source_information_url",
)


# ---------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is not None:
        yield from _file_records(ctx)
        return
    key = get_settings().trade_gov_key.get_secret_value().strip()
    if not key:
        raise SourceError(
            f"trade_csl: the Consolidated Screening List API needs a key: subscribe (free) at "
            f"https://developer.trade.gov/ and set {KEY_ENV}; or load the bulk file with --file consolidated.csv"
        )
    size = min(int(ctx.query.get("size", str(MAX_SIZE))), MAX_SIZE)
    filters = {name: ctx.query[name] for name in PASSED_QUERY if ctx.query.get(name)}
    offset = 0
    while True:
        params: dict[str, Any] = {**filters, "size": size, "offset": offset}
        payload = ctx.fetcher().get_json(SEARCH_URL, params, headers={"subscription-key": key})
        if not isinstance(payload, dict):
            raise SourceError("trade_csl: the search answered with something that is not a result object")
        results = payload.get("results") or []
        for index, item in enumerate(results, start=1):
            location = f"GET {SEARCH_URL}?offset={offset}#{index}"
            if not isinstance(item, dict):
                yield RawRecord(location, {}, error=f"expected a result object, got {type(item).__name__}")
                continue
            yield RawRecord(location, item, source_id=str(item.get("id") or "") or None)
        offset += len(results)
        total = int(payload.get("total") or 0)
        if not results or offset >= total:
            return


def _file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    if ctx.file.suffix.lower() == ".json":
        document = json_document(ctx.file, ctx.encoding)
        items = document.get("results") if isinstance(document, dict) else document
        if not isinstance(items, list):
            raise SourceError(f"{ctx.file}: expected a list of CSL results or an object with `results`")
        for number, item in enumerate(items, start=1):
            location = f"{name}:result {number}"
            if not isinstance(item, dict):
                yield RawRecord(location, {}, error=f"expected a result object, got {type(item).__name__}")
                continue
            yield RawRecord(location, item, source_id=str(item.get("id") or "") or None)
        return
    for number, row in csv_rows(ctx.file, ctx.encoding, required=("_id", "source", "name", "type"), notes=ctx.state):
        yield RawRecord(f"{name}:row {number}", row, source_id=row.get("_id") or None)


# ---------------------------------------------------------------- normalize


def values(value: Any) -> list[Any]:
    """A multi-valued field as a list: CSV cells are '; '-separated text, API fields are lists."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if v not in (None, "")]
    text = str(value).strip()
    return [part.strip() for part in text.split(";") if part.strip()] if text else []


def _address_countries(addresses: list[Any]) -> list[str]:
    found: list[str] = []
    for address in addresses:
        code = address.get("country") if isinstance(address, dict) else str(address).rsplit(",", 1)[-1].strip()
        if isinstance(code, str) and _CODE.match(code.strip()):
            found.append(code.strip())
    return found


def _codes(items: list[Any]) -> list[str]:
    found = []
    for item in items:
        code = to_alpha2(str(item)) if isinstance(item, str) else None
        if code:
            found.append(code)
    return found


def _day(value: Any, field: str) -> str | None:
    """The CSL's dates (ISO, sometimes partial), read by the date reader every source shares."""
    return parse_day(value, field)


# ---------------------------------------------------------------- party type of blank-type rows

# Fields the CSL fills only for individuals: OFAC's Individual rows carry them, and OpenSanctions' CSL crawler
# (datasets/us/trade_csl/crawler.py) reads them only for persons and asserts they are empty on every other row.
# A row that has one is the list itself describing a person, whatever its missing type.
PERSON_FIELDS = ("dates_of_birth", "places_of_birth", "nationalities", "citizenships", "title")
# Lists whose orders name individuals as often as firms: the Denied Persons List (BIS denial orders, many
# against people convicted of export violations) and ITAR Debarred (State's statutory debarments of persons
# convicted under the AECA). Only there does a personal-looking name count. The Entity List, MEU, UVL and ISN
# name mostly organizations, and a firm name transliterated from Chinese can consist only of syllables that are
# also personal names: on those lists a name alone is not enough.
INDIVIDUAL_LISTS = frozenset({"DPL", "DTC"})
# What makes a name an organization's in rigour's tagging: a legal form, an organization class, a generic
# organization word (import, export, company, institute), a domain (bank, aviation, technology).
_ORG_SYMBOLS = frozenset({Symbol.Category.ORG_CLASS, Symbol.Category.SYMBOL, Symbol.Category.DOMAIN})
_DIGIT = re.compile(r"\d")


def reads_as_personal_name(name: str) -> bool:
    """True when every word of `name` is a known given or family name or an initial, and no word is one that
    organization names use. The name list is rigour's (OpenSanctions), drawn from Wikidata's person names."""
    if _DIGIT.search(name):
        return False
    for org in analyze_names(NameTypeTag.ORG, [name], consolidate=False, phonetics=False):
        if any(part.tag is NamePartTag.LEGAL for part in org.parts):
            return False
        if any(span.symbol.category in _ORG_SYMBOLS for span in org.spans):
            return False
    _person_names_loaded()
    people = analyze_names(NameTypeTag.PER, [name], consolidate=False, phonetics=False)
    if len(people) != 1:
        return False
    (person,) = people
    if not 2 <= len(person.parts) <= 5:
        return False
    named = {part for span in person.spans if span.symbol.category is Symbol.Category.NAME for part in span.parts}
    return all(part in named or (len(part.form) == 1 and part.form.isalpha()) for part in person.parts)


@cache
def _person_names_loaded() -> None:
    """rigour builds its person-name tagger on first use (6-18 s here, once per process): say so, not hang."""
    log.info("trade_csl: loading the person-name list to read names on the Denied Persons and Debarred lists")
    analyze_names(NameTypeTag.PER, ["warm up"], phonetics=False)


def blank_type_label(list_abbrev: str | None, name: str, stated: dict[str, list[Any]]) -> tuple[Label, str]:
    """The label of a row whose list gives no type, and the evidence for it (audited, so it is never silent).

    Conservative: a Person needs a person-only field, or a personal name on a list that names individuals.
    Everything else stays an Organization, as these lists name mostly organizations; that label is assumed,
    not stated, and the audit key says so. (graph.model has no property to mark an assumed label on the node.)
    """
    for field in PERSON_FIELDS:
        if stated.get(field):
            return Label.PERSON, f"type:blank->Person ({field})"
    if list_abbrev in INDIVIDUAL_LISTS and reads_as_personal_name(name):
        return Label.PERSON, f"type:blank->Person (personal name on {list_abbrev})"
    return Label.ORGANIZATION, "type:blank->Organization (assumed)"


def watchlist(ctx: JobContext, source: str, url: str | None) -> Entity:
    """The list a row's `source` names: the catalogue's node (graph/lists.yml) when it knows the list, one node
    per source otherwise."""
    agency = source.rsplit(" - ", 1)[1].strip() if " - " in source else None
    abbrev = _ABBREV.search(source)
    entry = catalogue().identify(name=source) or (catalogue().identify(program=abbrev.group(1)) if abbrev else None)
    if entry is not None:
        return Entity(
            list_node_id(entry.id),
            Label.WATCHLIST,
            ctx.provenance(entry.id, entry.url or url),
            {"name": entry.title, "authority": entry.authority, "country": "US", "listId": entry.id},
        )
    return Entity(
        make_id("trade_csl", "list", source),
        Label.WATCHLIST,
        ctx.provenance(source, url),
        {"name": source, "authority": agency, "program": abbrev.group(1) if abbrev else None, "country": "US"},
    )


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    csl_id = str(data.pop("_id", None) or data.pop("id", None) or "").strip()
    source = str(data.pop("source", None) or "").strip()
    name = SUCCESSOR_CLAUSE.sub("", str(data.pop("name", None) or "")).strip()
    if not csl_id:
        raise RecordRejected("CSL row without an _id")
    if not source:
        raise RecordRejected(f"CSL entry {csl_id} names no source list")
    if not name:
        raise RecordRejected(f"CSL entry {csl_id} has no name")
    kind = str(data.pop("type", None) or "").strip()
    aliases = sorted({re.sub(r"^and\s+", "", a) for a in values(data.pop("alt_names", None))} - {name})
    addresses = values(data.pop("addresses", None))
    # Stated as given (not only the values that read as a country): any of them says the list describes a person.
    stated = {field: values(data.pop(field, None)) for field in PERSON_FIELDS}
    nationalities = _codes(stated["nationalities"])
    citizenships = _codes(stated["citizenships"])
    programs = values(data.pop("programs", None))
    valid_from = _day(data.pop("start_date", None), "start_date")
    valid_to = _day(data.pop("end_date", None), "end_date")
    remarks = str(data.pop("remarks", None) or "").strip()
    notice = str(data.pop("federal_register_notice", None) or "").strip()
    info_url = data.get("source_information_url") or data.get("source_list_url") or None
    list_url = data.get("source_list_url") or None
    for known in KNOWN_UNUSED:
        data.pop(known, None)
    ctx.audit([k for k, v in data.items() if v not in (None, "", [])], "csl")

    if kind in ("Vessel", "Aircraft"):
        ctx.audit([f"type:{kind}"])
        return []
    abbrev = _ABBREV.search(source)
    if kind == "Individual":
        label = Label.PERSON
    elif kind == "Entity":
        label = Label.ORGANIZATION
    elif not kind:
        label, evidence = blank_type_label(abbrev.group(1) if abbrev else None, name, stated)
        ctx.audit([evidence])
    else:
        raise RecordRejected(f"CSL entry {csl_id} has an unknown type {kind!r}")
    if label is Label.PERSON:
        country = next(iter(nationalities + citizenships + _address_countries(addresses)), None)
        attrs: dict[str, Any] = {"name": name, "aliases": aliases or None, "country": country}
    else:
        country = next(iter(_address_countries(addresses) + nationalities + citizenships), None)
        attrs = {"name": name, "aliases": aliases or None, "country": country, "kind": OrgKind.OTHER.value}
    prov = ctx.provenance(csl_id, info_url if isinstance(info_url, str) else None)
    listed = Entity(make_id("trade_csl", csl_id), label, prov, attrs)
    wl = watchlist(ctx, source, list_url if isinstance(list_url, str) else None)
    listing = Relation(
        make_id("trade_csl", csl_id, abbrev.group(1) if abbrev else source),
        Rel.LISTED_ON,
        listed.id,
        label,
        wl.id,
        Label.WATCHLIST,
        prov,
        {
            "program": "; ".join(str(p) for p in programs) or None,
            "validFrom": valid_from,
            "validTo": valid_to,
            "reason": remarks or notice or None,
            "listId": wl.props.get("listId"),
        },
    )
    return [listed, wl, listing]
