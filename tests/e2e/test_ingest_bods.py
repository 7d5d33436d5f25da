"""BODS files loaded into the real graph: counts, provenance, rejects and idempotent reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

DIR = FIXTURES / "payloads" / "bods"
V02 = DIR / "bods_0.2_single_direct.json"
V04 = DIR / "bods_0.4_entity_owning_entity.json"


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("bods")
    return store


def test_both_statement_shapes_load_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    first = ingest(clean, "bods", tmp_path, file=V02)
    assert (first.failed, first.read, first.rejected, first.missing_endpoints) == (None, 3, 0, 0)
    second = ingest(clean, "bods", tmp_path, file=V04)
    assert (second.failed, second.read, second.rejected, second.missing_endpoints) == (None, 3, 0, 0)
    assert dataset_counts(clean, "bods") == {"nodes": {"Organization": 3, "Person": 1}, "relationships": {"OWNS": 2}}
    assert missing_provenance(clean, "bods") == 0
    assert first.unknown_fields == {} and second.unknown_fields == {}


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "bods", tmp_path, file=V04)
    before = dataset_counts(clean, "bods")
    again = ingest(clean, "bods", tmp_path, file=V04)
    assert again.read == 3 and again.failed is None
    assert dataset_counts(clean, "bods") == before == {"nodes": {"Organization": 2}, "relationships": {"OWNS": 1}}


def test_malformed_statements_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    items = json.loads(V04.read_text(encoding="utf-8"))
    dangling = json.loads(json.dumps(items[2]))
    dangling["statementId"] = "dangling-statement"
    dangling["recordId"] = "dangling-record"
    dangling["recordDetails"]["interestedParty"] = "no-such-record"
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([json.dumps(items[0]), json.dumps(items[1]), "{broken", json.dumps(dangling), json.dumps(items[2])])
        + "\n"
    )
    summary = ingest(clean, "bods", tmp_path / "data", file=path)
    assert (summary.failed, summary.rejected) == (None, 2)
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [r["location"] for r in rejects] == ["mixed.jsonl:line 3", "mixed.jsonl:line 4"]
    assert rejects[0]["reason"].startswith("not JSON")
    assert rejects[1]["reason"] == "interested party no-such-record is not a statement of this file"
    assert dataset_counts(clean, "bods") == {"nodes": {"Organization": 2}, "relationships": {"OWNS": 1}}
