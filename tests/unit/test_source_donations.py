"""Donation register rows (CSV and JSON) normalized into the graph model, on the illustrative register (no engine)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.source import RawRecord
from ingest.sources import donations
from tests.ingest_helpers import FIXTURES

REGISTER = FIXTURES / "payloads" / "donations" / "donation_register_example.csv"


def context(path: Path = REGISTER) -> JobContext:
    return JobContext(source="donations", file=path, retrieved_at="2026-11-25T00:00:00+00:00")


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in donations.records(ctx) for item in donations.normalize(ctx, record)]


def register_rows() -> list[dict[str, str]]:
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_register_maps_to_gifts_donors_recipients_and_vendors() -> None:
    ctx = context()
    items = all_items(ctx)
    entities = {i.id: i for i in items if isinstance(i, Entity)}
    assert sum(e.label is Label.GIFT for e in entities.values()) == 4
    assert sum(e.label is Label.ORGANIZATION for e in entities.values()) == 9
    types = [i.type for i in items if isinstance(i, Relation)]
    assert (types.count(Rel.GAVE), types.count(Rel.GIVEN_TO), types.count(Rel.SUPPLIED_BY)) == (4, 4, 3)
    assert not ctx.unknown_fields


def test_an_equipment_donation_with_conditions() -> None:
    first = next(donations.records(context()))
    gift, donor, recipient, gave, given_to, vendor, supplied_by = donations.normalize(context(), first)
    assert isinstance(gift, Entity) and gift.id == "donations-UAB-EQ-2021-001"
    assert dict(gift.props) == {
        "giftType": "equipment",
        "item": "DNA sequencer",
        "vendor": "MGI Tech",
        "model": "DNBSEQ-T7",
        "amount": 950000.0,
        "currency": "USD",
        "date": "2021-03-15",
        "conditions": "data access to sequencing output",
        "description": "ILLUSTRATIVE EXAMPLE ROW - not a real donation",
    }
    assert dict(donor.props) == {"name": "MGI Tech", "country": "CN"}
    assert dict(recipient.props) == {"name": "University of Alabama at Birmingham", "country": "US"}
    assert dict(vendor.props) == {"name": "MGI Tech", "kind": "company"}
    assert vendor.id == donor.id  # the vendor donated its own instrument: one node
    assert isinstance(gave, Relation) and (gave.start_id, gave.end_id) == (donor.id, gift.id)
    assert isinstance(given_to, Relation) and (given_to.start_id, given_to.end_id) == (gift.id, recipient.id)
    assert isinstance(supplied_by, Relation) and supplied_by.type is Rel.SUPPLIED_BY
    assert (supplied_by.start_id, supplied_by.end_id) == (gift.id, vendor.id)
    assert gift.provenance.source_id == "UAB-EQ-2021-001"


def test_defaults_and_derived_ids() -> None:
    records = list(donations.records(context()))
    second = donations.normalize(context(), records[1])  # no record_id
    again = donations.normalize(context(), records[1])
    assert second[0].id == again[0].id and second[0].id.startswith("donations-")
    assert second[0].props["date"] == "2022-06" and second[0].props["giftType"] == "in_kind"
    assert second[1].props == {"name": "Korea Polar Research Institute", "country": "KR"}
    fourth = donations.normalize(context(), records[3])
    assert fourth[0].props["giftType"] == "equipment"  # gift_type empty: equipment by default
    assert fourth[1].props["country"] == "GB"  # ENGLAND


def test_json_array_and_json_lines_give_the_same_items(tmp_path: Path) -> None:
    expected = [(i.id, dict(i.props)) for i in all_items(context())]
    array = tmp_path / "register.json"
    array.write_text(json.dumps(register_rows()), encoding="utf-8")
    lines = tmp_path / "register.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in register_rows()) + "\n", encoding="utf-8")
    assert [(i.id, dict(i.props)) for i in all_items(context(array))] == expected
    assert [(i.id, dict(i.props)) for i in all_items(context(lines))] == expected
    assert [r.location for r in donations.records(context(array))][:2] == ["register.json:[0]", "register.json:[1]"]


def test_unknown_columns_are_audited_not_fatal(tmp_path: Path) -> None:
    rows = register_rows()
    path = tmp_path / "extra.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], "internal_ref"])
        writer.writeheader()
        writer.writerows({**r, "internal_ref": "x"} for r in rows)
    ctx = context(path)
    assert len(all_items(ctx)) == 26  # 4 rows x (gift, donor, recipient, GAVE, GIVEN_TO) + 3 x (vendor, SUPPLIED_BY)
    assert ctx.unknown_fields == {"column.internal_ref": 4}


def test_missing_required_columns_are_a_source_error(tmp_path: Path) -> None:
    rows = register_rows()
    path = tmp_path / "no-donor.csv"
    keep = [k for k in rows[0] if k not in ("donor", "item", "description")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keep, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(SourceError, match="missing columns item or description, donor"):
        list(donations.records(context(path)))


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("value", "about a million", "value is not a number: 'about a million'"),
        ("date", "15/03/2021", "date is not an ISO date"),
        ("donor", "", "donor is empty"),
        ("gift_type", "loan", "gift_type 'loan' is not one of"),
        ("currency", "US$", "currency is not an ISO 4217 code"),
    ],
)
def test_malformed_rows_are_rejected_with_the_reason(column: str, value: str, reason: str) -> None:
    row = register_rows()[0]
    with pytest.raises(RecordRejected, match=reason):
        donations.normalize(context(), RawRecord("register:row 1", {**row, column: value}))
