"""Section 117 foreign gift rows normalized into the graph model, on the real sample of the ED download (no engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.countries import CountryReading, read_country
from ingest.errors import RecordRejected, SourceError
from ingest.source import RawRecord
from ingest.sources import section117
from tests.ingest_helpers import FIXTURES

SAMPLE = FIXTURES / "payloads" / "section117" / "foreign_gifts_edu_sample.csv"


def context(path: Path = SAMPLE) -> JobContext:
    return JobContext(source="section117", file=path, retrieved_at="2026-11-25T00:00:00+00:00")


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in section117.records(ctx) for item in section117.normalize(ctx, record)]


def rows() -> list[RawRecord]:
    return list(section117.records(context()))


def test_the_sample_maps_to_gifts_givers_and_schools() -> None:
    ctx = context()
    items = all_items(ctx)
    entities = {i.id: i for i in items if isinstance(i, Entity)}
    assert sum(e.label is Label.GIFT for e in entities.values()) == 19
    orgs = [e for e in entities.values() if e.label is Label.ORGANIZATION]
    assert sum(e.props.get("kind") == "university" for e in orgs) == 4
    assert len(orgs) == 16  # 4 schools, 11 named giftors, 1 unnamed giftor (CHINA)
    assert sum(isinstance(i, Relation) and i.type is Rel.GAVE for i in items) == 19
    assert sum(isinstance(i, Relation) and i.type is Rel.GIVEN_TO for i in items) == 19
    assert ctx.unknown_fields == {}  # "KOREA" is read as the register uses it (below), not left unknown


def test_korea_is_south_korea_in_this_register_and_the_record_says_so() -> None:
    row = next(r for r in rows() if r.source_id == "14")  # University of Alabama, Korea Polar Research Institute
    giftor = section117.normalize(context(), row)[2]
    assert isinstance(giftor, Entity) and giftor.props["name"].startswith("Korea Polar Research Institute")
    assert giftor.props["country"] == "KR"
    assert "South Korea" in giftor.props["countryNote"] and '"KOREA"' in giftor.props["countryNote"]


def test_reading_a_country_by_a_source_usage() -> None:
    assert read_country("KOREA") == CountryReading(None)  # in general ISO cannot tell which Korea
    assert read_country("China", section117.USAGE) == CountryReading("CN")  # no note when ISO decides
    assert read_country(" korea ", section117.USAGE).code == "KR"


def test_a_contract_row() -> None:
    row = next(r for r in rows() if r.source_id == "2")  # Troy University, Confucius Institute Headquarters
    gift, school, giftor, gave, given_to = section117.normalize(context(), row)
    assert isinstance(gift, Entity) and gift.id == "section117-2"
    assert dict(gift.props) == {"giftType": "contract", "amount": 463657.0, "currency": "USD", "date": "2019-05-07"}
    assert isinstance(school, Entity)
    assert school.id == "section117-institution.00104700"
    assert dict(school.props) == {
        "name": "Troy University",
        "country": "US",
        "kind": "university",
        "registryId": "OPEID:00104700",
    }
    assert isinstance(giftor, Entity)
    assert dict(giftor.props) == {"name": "Confucius Institute Headquarters", "country": "CN"}
    assert isinstance(gave, Relation) and (gave.type, gave.start_id, gave.end_id) == (Rel.GAVE, giftor.id, gift.id)
    assert isinstance(given_to, Relation) and (given_to.start_id, given_to.end_id) == (gift.id, school.id)
    assert gift.provenance.source_id == "2" and gift.provenance.dataset == "section117"


def test_an_unnamed_giftor_keeps_its_country() -> None:
    row = next(r for r in rows() if r.source_id == "1")  # Jacksonville State University, CHINA, no giftor name
    gift, _, giftor, _, _ = section117.normalize(context(), row)
    assert (
        gift.props["giftType"] == "monetary" and gift.props["date"] == "2019-09-30" and gift.props["amount"] == 250000
    )
    assert isinstance(giftor, Entity) and giftor.id == "section117-giftor.CHINA"
    assert dict(giftor.props) == {"name": "Unnamed giftor (CHINA)", "country": "CN", "kind": "other"}


def test_the_same_giftor_is_one_organization() -> None:
    ids = {
        item.id
        for r in rows()
        for item in section117.normalize(context(), r)
        if isinstance(item, Entity) and item.props.get("name") == "Saudi Arabia Education Mission"
    }
    assert len(ids) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [("43466", "2019-01-01"), ("43738", "2019-09-30"), ("43466.0", "2019-01-01"), ("2019-05-07", "2019-05-07"),
     ("5/7/2019", "2019-05-07"), ("2019-05-07 00:00:00", "2019-05-07"), ("", None)],
)  # fmt: skip
def test_excel_serial_and_written_dates(value: str, expected: str | None) -> None:
    assert section117.excel_or_iso_date(value) == expected


def test_dates_that_are_not_dates_raise() -> None:
    with pytest.raises(ValueError):
        section117.excel_or_iso_date("sometime in 2019")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Foreign Gift Amount", "250,000 USD", "column 'Foreign Gift Amount' is not a number: '250,000 USD'"),
        ("Institution Name", "", "column 'Institution Name' is empty"),
        ("Foreign Gift Received Date", "Q3 2019", "column 'Foreign Gift Received Date' is not a date"),
    ],
)
def test_malformed_rows_are_rejected_naming_the_column(column: str, value: str, reason: str) -> None:
    row = rows()[0]
    broken = RawRecord(row.location, {**row.data, column: value}, source_id=row.source_id)
    with pytest.raises(RecordRejected, match=reason):
        section117.normalize(context(), broken)


def test_a_file_without_the_columns_is_a_source_error(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "no-amount.csv"
    path.write_text("\n".join([lines[0].replace("Foreign Gift Amount", "Amt"), lines[1]]) + "\n")
    with pytest.raises(SourceError, match="missing columns Foreign Gift Amount"):
        list(section117.records(context(path)))
