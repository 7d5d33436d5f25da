"""The illustrative donation register loaded into the real graph: counts, provenance, rejects and reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

REGISTER = FIXTURES / "payloads" / "donations" / "donation_register_example.csv"
EXPECTED = {
    "nodes": {"Gift": 4, "Organization": 9},
    "relationships": {"GAVE": 4, "GIVEN_TO": 4, "SUPPLIED_BY": 3},
}


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("donations")
    return store


def test_the_register_loads_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "donations", tmp_path, file=REGISTER)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (4, 0, 0)
    assert dataset_counts(clean, "donations") == EXPECTED
    assert missing_provenance(clean, "donations") == 0


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "donations", tmp_path, file=REGISTER)
    again = ingest(clean, "donations", tmp_path, file=REGISTER)
    assert again.failed is None and again.read == 4
    assert dataset_counts(clean, "donations") == EXPECTED


def test_malformed_rows_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    header, *lines = REGISTER.read_text(encoding="utf-8").splitlines()
    bad_value = lines[0].replace('"950,000"', "nine hundred thousand")
    bad_date = lines[3].replace("2023-01-20", "20/01/2023")
    path = tmp_path / "register.csv"
    path.write_text("\n".join([header, bad_value, lines[2], bad_date]) + "\n", encoding="utf-8")
    summary = ingest(clean, "donations", tmp_path / "data", file=path)
    assert summary.failed is None and summary.rejected == 2
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [r["location"] for r in rejects] == ["register.csv:row 1", "register.csv:row 3"]
    assert rejects[0]["reason"] == "value is not a number: 'nine hundred thousand'"
    assert rejects[1]["reason"].startswith("date is not an ISO date")
    assert dataset_counts(clean, "donations") == {
        "nodes": {"Gift": 1, "Organization": 2},
        "relationships": {"GAVE": 1, "GIVEN_TO": 1},
    }


def test_missing_columns_fail_the_source_naming_them(clean: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "thin.csv"
    path.write_text("item,recipient\nDNA sequencer,Troy University\n", encoding="utf-8")
    summary = ingest(clean, "donations", tmp_path / "data", file=path)
    assert summary.failed is not None and "missing columns donor, date" in summary.failed
