"""The Section 117 sample loaded into the real graph: counts, provenance, rejects, and idempotent reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import GraphStore
from queries import profiles
from queries.funding import funding
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

SAMPLE = FIXTURES / "payloads" / "section117" / "foreign_gifts_edu_sample.csv"
EXPECTED = {
    "nodes": {"Gift": 19, "Organization": 16},
    "relationships": {"GAVE": 19, "GIVEN_TO": 19},
}


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("section117")
    return store


def test_the_sample_loads_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "section117", tmp_path, file=SAMPLE)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (19, 0, 0)
    assert dataset_counts(clean, "section117") == EXPECTED
    assert missing_provenance(clean, "section117") == 0
    assert summary.unknown_fields == {}  # "KOREA" is South Korea in this register (countryNote says so)


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "section117", tmp_path, file=SAMPLE)
    again = ingest(clean, "section117", tmp_path, file=SAMPLE)
    assert again.failed is None and again.skipped == 0 and again.read == 19
    assert dataset_counts(clean, "section117") == EXPECTED


def test_malformed_rows_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    header, *lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    no_amount = lines[1].replace(",463657,", ",four hundred thousand,")  # Troy University, amount corrupted
    no_school = lines[0].replace("Jacksonville State University", "")  # institution name blanked
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join([header, no_amount, no_school, lines[2]]) + "\n", encoding="utf-8")
    summary = ingest(clean, "section117", tmp_path / "data", file=path)
    assert summary.failed is None and summary.rejected == 2
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [r["location"] for r in rejects] == ["mixed.csv:row 1", "mixed.csv:row 2"]
    assert rejects[0]["reason"] == "column 'Foreign Gift Amount' is not a number: 'four hundred thousand'"
    assert rejects[1]["reason"] == "column 'Institution Name' is empty: no recipient institution"
    assert dataset_counts(clean, "section117") == {
        "nodes": {"Gift": 1, "Organization": 2},
        "relationships": {"GAVE": 1, "GIVEN_TO": 1},
    }


def test_an_excel_workbook_is_refused_with_a_clear_message(clean: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "ForeignGifts.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa0\xff")  # a zip header, as .xlsx files start
    summary = ingest(clean, "section117", tmp_path / "data", file=path)
    assert summary.failed is not None and "Excel workbook" in summary.failed and "CSV" in summary.failed


def test_the_funding_answer_says_how_korea_was_read(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "section117", tmp_path, file=SAMPLE)
    school = "section117-institution.00105100"  # University of Alabama: the row whose giftor's country is "KOREA"
    money = funding(clean, school, profiles.load("us-research-security"))
    [korean] = [f for f in money.flows if f.funder.country == "KR"]
    assert korean.funder.name and korean.funder.name.startswith("Korea Polar Research Institute")
    assert korean.funder.country_note is not None and "South Korea" in korean.funder.country_note
    assert all(f.funder.country_note is None for f in money.flows if f is not korean)  # ISO decided the others
