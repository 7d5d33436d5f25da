"""An institution's own donation register: equipment, in-kind and monetary gifts it received or gave.

Equipment donations (a sequencer, a microscope, a compute cluster) rarely appear in any public API, but a
research office usually keeps a register of them. This source loads such a register. File mode only: CSV
(any delimiter the sniffer recognises), or JSON (an array of objects, or JSON lines). The format is documented
in docs/donations-format.md; in short, one row per donation with these columns:

| column            | required | meaning                                                                 |
|-------------------|----------|-------------------------------------------------------------------------|
| record_id         | no       | the register's own id; else an id is derived from donor+recipient+item+date |
| item              | item or description | what was given ("DNA sequencer")                            |
| vendor            | no       | manufacturer or supplier of the item ("Illumina")                       |
| model             | no       | model of the item ("NovaSeq 6000")                                      |
| donor             | yes      | who gave it (organization name)                                         |
| donor_country     | no       | donor's country (name or ISO code)                                      |
| recipient         | yes      | who received it (organization name)                                     |
| recipient_country | no       | recipient's country (name or ISO code)                                  |
| date              | yes      | ISO date, or partial (2021, 2021-03)                                    |
| value             | no       | amount, a number ("950000", "950,000.00")                               |
| currency          | no       | ISO 4217 code (USD, EUR, CNY)                                           |
| gift_type         | no       | equipment (default), monetary, contract, in_kind                        |
| conditions        | no       | free text: strings attached ("data access to sequencing output")        |
| description       | item or description | free text                                                   |
| source_url        | no       | a link to the record (deed, invoice, news item)                         |

Missing required columns stop the load (SourceError naming them); other unknown columns are reported in the
run summary (audited), not fatal. A row with an empty required value, a value that is not a number, a date that
is not an ISO date or an unknown gift_type is rejected with the reason.

Mapping: each row -> Gift (giftType, item, vendor, model, amount, currency, date, conditions, description);
donor -> Organization -GAVE-> Gift -GIVEN_TO-> recipient Organization; and Gift -SUPPLIED_BY-> the vendor
Organization (kind company) when a vendor is named. Organizations are keyed by their name (case and spacing
ignored), so the same donor on several rows is one node; a vendor that also donates is the same node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graph.ids import make_id
from graph.model import Entity, GiftType, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import csv_rows, json_document, json_lines, open_text
from ingest.flows import gift_flow
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="donations",
    title="Donation register (an institution's own record of equipment and other gifts)",
    license="the institution's own data",
    url="docs/donations-format.md",
    modes=("file",),
    file_formats=("CSV", "JSON array of objects", "JSON lines"),
    notes="Columns: record_id, item, vendor, model, donor(_country), recipient(_country), date, value, currency, "
    "gift_type, conditions, description, source_url. Required: item or description, donor, recipient, date.",
)

COLUMNS = (
    "record_id", "item", "vendor", "model", "donor", "donor_country", "recipient", "recipient_country", "date",
    "value", "currency", "gift_type", "conditions", "description", "source_url",
)  # fmt: skip
REQUIRED = ("donor", "recipient", "date")
GIFT_TYPES: dict[str, GiftType] = {
    "equipment": GiftType.EQUIPMENT,
    "monetary": GiftType.MONETARY,
    "contract": GiftType.CONTRACT,
    "in_kind": GiftType.IN_KIND,
    "in-kind": GiftType.IN_KIND,
    "in kind": GiftType.IN_KIND,
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def missing_columns(columns: set[str]) -> list[str]:
    missing = [c for c in REQUIRED if c not in columns]
    if "item" not in columns and "description" not in columns:
        missing.insert(0, "item or description")
    return missing


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    rows = _json_rows(ctx) if _is_json(ctx) else _csv_rows(ctx)
    checked = False
    for location, row in rows:
        if not checked and isinstance(row, dict):
            missing = missing_columns({str(k).strip().lower() for k in row})
            if missing:
                found = ", ".join(str(k) for k in row)
                raise SourceError(f"{ctx.file}: missing columns {', '.join(missing)} (found: {found})")
            checked = True
        if isinstance(row, RecordRejected):
            yield RawRecord(location, {}, error=str(row))
        else:
            yield RawRecord(location, row, source_id=str(row.get("record_id") or "").strip() or None)


def _is_json(ctx: JobContext) -> bool:
    assert ctx.file is not None
    if ctx.file.suffix.lower() in _JSON_SUFFIXES:
        return True
    if ctx.file.suffix.lower() in (".csv", ".tsv", ".txt"):
        return False
    with open_text(ctx.file, ctx.encoding) as handle:
        try:
            head = handle.read(1024).lstrip()
        except UnicodeDecodeError:
            return False  # csv_rows names the encoding problem
    return head[:1] in ("[", "{")


def _csv_rows(ctx: JobContext) -> Iterator[tuple[str, dict[str, Any] | RecordRejected]]:
    assert ctx.file is not None
    for number, row in csv_rows(ctx.file, ctx.encoding, notes=ctx.state):
        yield f"{ctx.file.name}:row {number}", row


def _json_rows(ctx: JobContext) -> Iterator[tuple[str, dict[str, Any] | RecordRejected]]:
    assert ctx.file is not None
    name = ctx.file.name
    with open_text(ctx.file, ctx.encoding) as handle:
        try:
            is_array = handle.read(1024).lstrip().startswith("[")
        except UnicodeDecodeError:
            is_array = False
    if is_array:
        document = json_document(ctx.file, ctx.encoding)
        for index, value in enumerate(document):
            if isinstance(value, dict):
                yield f"{name}:[{index}]", value
            else:
                yield f"{name}:[{index}]", RecordRejected(f"expected a JSON object, got {type(value).__name__}")
        return
    for number, line in json_lines(ctx.file, ctx.encoding):
        yield f"{name}:line {number}", line


def text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def org_id(name: str) -> str:
    return make_id("donations", "org", name.casefold())


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    row = {str(k).strip().lower(): v for k, v in record.data.items()}
    values = {key: text(row.pop(key, None)) for key in COLUMNS}
    ctx.audit(row, "column")
    for key in REQUIRED:
        if not values[key]:
            raise RecordRejected(f"{key} is empty")
    if not values["item"] and not values["description"]:
        raise RecordRejected("item and description are both empty: say what was given")
    if not _DATE.match(values["date"]):
        raise RecordRejected(f"date is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {values['date']!r}")
    amount = None
    if values["value"]:
        try:
            amount = float(re.sub(r"[,\s]", "", values["value"]))
        except ValueError:
            raise RecordRejected(f"value is not a number: {values['value']!r}") from None
    currency = values["currency"].upper() or None
    if currency is not None and not _CURRENCY.match(currency):
        raise RecordRejected(f"currency is not an ISO 4217 code: {values['currency']!r}")
    gift_type = GIFT_TYPES.get((values["gift_type"] or "equipment").lower())
    if gift_type is None:
        allowed = ", ".join(t.value for t in GiftType)
        raise RecordRejected(f"gift_type {values['gift_type']!r} is not one of {allowed}")

    key = values["record_id"]
    what = values["item"] or values["description"]
    if key:
        gift_id = make_id("donations", key)
    else:  # a stable id from what identifies the donation, so a rerun of the same register upserts
        gift_id = make_id("donations", values["donor"].casefold(), values["recipient"].casefold(), what, values["date"])
    prov = ctx.provenance(key or gift_id, values["source_url"] or None)
    gift = Entity(
        gift_id,
        Label.GIFT,
        prov,
        {
            "giftType": gift_type.value,
            "item": values["item"] or None,
            "vendor": values["vendor"] or None,
            "model": values["model"] or None,
            "amount": amount,
            "currency": currency,
            "date": values["date"],
            "conditions": values["conditions"] or None,
            "description": values["description"] or None,
        },
    )
    donor = _organization(ctx, values["donor"], values["donor_country"], "donor_country", prov)
    recipient = _organization(ctx, values["recipient"], values["recipient_country"], "recipient_country", prov)
    items: Items = [gift, donor, recipient, *gift_flow("donations", gift_id, donor, gift, recipient, prov)]
    if values["vendor"]:
        vendor = Entity(
            org_id(values["vendor"]),
            Label.ORGANIZATION,
            prov,
            {"name": values["vendor"], "kind": OrgKind.COMPANY.value},
        )
        items.append(vendor)
        items.append(
            Relation(
                make_id("donations", gift_id, "supplied_by"),
                Rel.SUPPLIED_BY,
                gift.id,
                Label.GIFT,
                vendor.id,
                Label.ORGANIZATION,
                prov,
            )
        )
    return items


def _organization(ctx: JobContext, name: str, country_text: str, column: str, prov: Provenance) -> Entity:
    country = to_alpha2(country_text) if country_text else None
    if country is None and country_text:
        ctx.audit([f"{column}:{country_text}"])
    return Entity(org_id(name), Label.ORGANIZATION, prov, {"name": name, "country": country})
