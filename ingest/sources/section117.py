"""US Department of Education Section 117 foreign gifts and contracts to US colleges and universities.

Section 117 of the Higher Education Act makes institutions report foreign gifts and contracts of $250,000 or
more a year; the Department of Education publishes the reports as one download ("Foreign Gifts and Contracts
Report", https://sites.ed.gov/foreigngifts/). The download is an Excel workbook: open it and export the sheet to
CSV (UTF-8) first; this source reads CSV only. File mode only; no query keys and no `--since` (the download is
the whole register).

Columns, as in the published sheet: ID, OPEID, Institution Name, City, State, Foreign Gift Received Date,
Foreign Gift Amount, Gift Type, Country of Giftor, Giftor Name. Dates are either Excel serial day numbers (an
Excel-to-CSV export often keeps them raw: 43466 = 2019-01-01) or written dates (2019-01-01, 1/31/2019).

Mapping, per row:
- Gift (id from the row ID; giftType "Monetary Gift" -> monetary, "Contract" -> contract, "Non-Monetary Gift"
  / in-kind -> in_kind; amount; currency USD; date);
- the reporting institution -> Organization (kind university, country US, registryId "OPEID:<opeid>") and
  Gift -GIVEN_TO-> it;
- the giftor -> Organization (name from Giftor Name, country from Country of Giftor) -GAVE-> Gift. Many rows
  name no giftor; they get one placeholder organization per country, "Unnamed giftor (CHINA)", kind other, so
  the country evidence stays in the graph.
  "KOREA" alone (ISO cannot tell which Korea) is South Korea, KR, in this register's usage: it writes
  "KOREA, REPUBLIC OF" / "KOREA" for the Republic of Korea and never lists a North Korean giftor (US sanctions
  bar such gifts), and the giftors it names under "KOREA" are South Korean (e.g. Korea Polar Research Institute,
  KOPRI, in Incheon). The record keeps the reading as `countryNote`, shown with the answer.
A row whose amount is not a number, whose date is not a date, or without an institution is rejected, naming
the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from graph.ids import make_id
from graph.model import Entity, GiftType, Label, OrgKind
from ingest.context import JobContext
from ingest.countries import CountryReading, read_country
from ingest.errors import RecordRejected, SourceError
from ingest.files import csv_rows
from ingest.flows import gift_flow
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="section117",
    title="US Department of Education Section 117 foreign gifts and contracts",
    license="US government work (public domain)",
    url="https://sites.ed.gov/foreigngifts/",
    modes=("file",),
    file_formats=("CSV export of the Foreign Gifts and Contracts sheet",),
    notes="Export the Excel download to CSV first. Foreign gift/contract -> Gift, giftor -GAVE->, -GIVEN_TO-> school.",
)

ID = "ID"
OPEID = "OPEID"
INSTITUTION = "Institution Name"
DATE = "Foreign Gift Received Date"
AMOUNT = "Foreign Gift Amount"
GIFT_TYPE = "Gift Type"
COUNTRY = "Country of Giftor"
GIFTOR = "Giftor Name"
# Names ISO cannot decide, read as this register uses them (see the module docstring), with the note kept.
USAGE: dict[str, tuple[str, str]] = {
    "korea": (
        "KR",
        'Section 117 writes "KOREA"; in this register it means the Republic of Korea (South Korea, KR)',
    ),
}
REQUIRED = (ID, OPEID, INSTITUTION, DATE, AMOUNT, GIFT_TYPE, COUNTRY, GIFTOR)
UNUSED = ("City", "State")  # no address properties in the graph model
GIFT_TYPES: dict[str, GiftType] = {
    "monetary gift": GiftType.MONETARY,
    "monetary": GiftType.MONETARY,
    "contract": GiftType.CONTRACT,
    "non-monetary gift": GiftType.IN_KIND,
    "non monetary gift": GiftType.IN_KIND,
    "in-kind gift": GiftType.IN_KIND,
    "in-kind": GiftType.IN_KIND,
    "in kind": GiftType.IN_KIND,
}
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (it counts a 29 Feb 1900 that never was)
_SERIAL = re.compile(r"^\d{1,6}(?:\.0+)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%y", "%d-%b-%Y")


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    if ctx.file.suffix.lower() in (".xlsx", ".xls") or _starts_with(ctx.file, (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise SourceError(
            f"{ctx.file}: is an Excel workbook; open it and save the sheet as CSV (UTF-8), then load that"
        )
    for number, row in csv_rows(ctx.file, ctx.encoding, required=REQUIRED, notes=ctx.state):
        yield RawRecord(f"{name}:row {number}", row, source_id=(row.get(ID) or "").strip() or None)


def _starts_with(path: Path, magics: tuple[bytes, ...]) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False  # csv_rows reports a missing or unreadable file
    return head.startswith(magics)


def excel_or_iso_date(value: str) -> str | None:
    """`43466` (an Excel serial day) or a written date -> `2019-01-01`; empty -> None; ValueError otherwise."""
    text = value.strip()
    if not text:
        return None
    if _SERIAL.match(text):
        days = int(float(text))
        if not 1 <= days <= 2958465:  # Excel's own range: 1900-01-01 .. 9999-12-31
            raise ValueError(text)
        return (EXCEL_EPOCH + timedelta(days=days)).isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(text)


def amount_of(value: str) -> float:
    text = value.strip().replace("$", "").replace(",", "")
    return float(text)


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    row = {k: (v or "").strip() for k, v in record.data.items()}
    gift_key = row.pop(ID, "")
    opeid = row.pop(OPEID, "")
    institution = row.pop(INSTITUTION, "")
    if not gift_key:
        raise RecordRejected(f"column {ID!r} is empty: the row has no record id")
    if not institution:
        raise RecordRejected(f"column {INSTITUTION!r} is empty: no recipient institution")
    amount_text = row.pop(AMOUNT, "")
    try:
        amount = amount_of(amount_text) if amount_text else None
    except ValueError:
        raise RecordRejected(f"column {AMOUNT!r} is not a number: {amount_text!r}") from None
    date_text = row.pop(DATE, "")
    try:
        received = excel_or_iso_date(date_text)
    except ValueError:
        raise RecordRejected(f"column {DATE!r} is not a date (nor an Excel day number): {date_text!r}") from None
    type_text = row.pop(GIFT_TYPE, "")
    gift_type = GIFT_TYPES.get(type_text.lower())
    if gift_type is None and type_text:
        ctx.audit([f"{GIFT_TYPE}:{type_text}"])
    country_text = row.pop(COUNTRY, "")
    reading = read_country(country_text, USAGE) if country_text else CountryReading(None)
    country = reading.code
    if country is None and country_text:
        ctx.audit([f"{COUNTRY}:{country_text}"])
    giftor_name = row.pop(GIFTOR, "")
    for key in UNUSED:
        row.pop(key, None)
    ctx.audit(row, "row")

    prov = ctx.provenance(gift_key)
    gift = Entity(
        make_id("section117", gift_key),
        Label.GIFT,
        prov,
        {
            "giftType": gift_type.value if gift_type else None,
            "amount": amount,
            "currency": "USD" if amount is not None else None,
            "date": received,
        },
    )
    school = Entity(
        make_id("section117", "institution", opeid or institution),
        Label.ORGANIZATION,
        prov,
        {
            "name": institution,
            "country": "US",
            "kind": OrgKind.UNIVERSITY.value,
            "registryId": f"OPEID:{opeid}" if opeid else None,
        },
    )
    giftor = _giftor(giftor_name, country_text, reading, prov)
    return [gift, school, giftor, *gift_flow("section117", gift_key, giftor, gift, school, prov)]


def _giftor(name: str, country_text: str, reading: CountryReading, prov: Any) -> Entity:
    written_country = country_text.upper() or "COUNTRY NOT GIVEN"
    where: dict[str, Any] = {"country": reading.code}
    if reading.note is not None:
        where["countryNote"] = reading.note
    if name:
        # The same giftor name from two countries is kept apart (e.g. embassies, "Ministry of Education").
        return Entity(
            make_id("section117", "giftor", written_country, name),
            Label.ORGANIZATION,
            prov,
            {"name": name, **where},
        )
    return Entity(
        make_id("section117", "giftor", written_country),
        Label.ORGANIZATION,
        prov,
        {"name": f"Unnamed giftor ({written_country})", **where, "kind": OrgKind.OTHER.value},
    )
