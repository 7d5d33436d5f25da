"""GLEIF records and relationships loaded into the real graph: counts, provenance, rejects, reruns, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.cypher import parse
from graph.store import GraphStore
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

DIR = FIXTURES / "payloads" / "gleif"
L1 = DIR / "golden_copy_lei2_sample.CONSTRUCTED.csv"
RR = DIR / "golden_copy_rr_sample.CONSTRUCTED.csv"
APPLE_ENERGY = "549300YX4S1LLSMK2627"


_NAME_OF = parse(
    "// name: gleif_name_of\n// summary: test probe\n// params: $id: string\n// returns: name\n"
    "MATCH (n:Organization {id: $id}) RETURN n.name AS name",
    "gleif_name_of",
)


def load(name: str) -> Any:
    return json.loads((DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("gleif")
    return store


def api_transport(status: int | None = None) -> httpx.MockTransport:
    answers = {
        f"/api/v1/lei-records/{APPLE_ENERGY}": load("lei_record_549300YX4S1LLSMK2627.json"),
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent-relationship": load(
            "direct_parent_relationship_549300YX4S1LLSMK2627.CONSTRUCTED.json"
        ),
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent": load("lei_record_549300YX4S1LLSMK2627_direct_parent.json"),
        f"/api/v1/lei-records/{APPLE_ENERGY}/ultimate-parent-relationship": load(
            "ultimate_parent_relationship_549300YX4S1LLSMK2627.CONSTRUCTED.json"
        ),
    }

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET"
        if request.url.path not in answers:
            pytest.fail(f"unexpected request {request.url}")
        if status is not None:
            return httpx.Response(status, json={"errors": [{"status": str(status)}]})
        return httpx.Response(200, json=answers[request.url.path])

    return httpx.MockTransport(handle)


def test_golden_copy_files_load_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    level1 = ingest(clean, "gleif", tmp_path, file=L1)
    assert (level1.failed, level1.read, level1.rejected) == (None, 3, 0)
    level2 = ingest(clean, "gleif", tmp_path, file=RR)
    assert (level2.failed, level2.read, level2.rejected, level2.missing_endpoints) == (None, 5, 0, 0)
    assert dataset_counts(clean, "gleif") == {"nodes": {"Organization": 7}, "relationships": {"CONTROLS": 5}}
    assert missing_provenance(clean, "gleif") == 0
    # the relationship file ran on its own, yet Apple Inc. keeps the legal name the Level 1 file wrote
    rows = clean.run(_NAME_OF, {"id": "gleif-HWUPKR0MPOU8FGXBT394"})
    assert rows[0]["name"] == "Apple Inc."


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "gleif", tmp_path, file=RR)
    first = dataset_counts(clean, "gleif")
    again = ingest(clean, "gleif", tmp_path, file=RR)
    assert again.read == 5 and again.failed is None
    assert dataset_counts(clean, "gleif") == first == {"nodes": {"Organization": 6}, "relationships": {"CONTROLS": 5}}


def test_api_lookup_loads_the_entity_and_its_parents(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "gleif", tmp_path, transport=api_transport(), query={"lei": APPLE_ENERGY})
    assert (summary.failed, summary.read, summary.rejected, summary.missing_endpoints) == (None, 3, 0, 0)
    assert dataset_counts(clean, "gleif") == {"nodes": {"Organization": 2}, "relationships": {"CONTROLS": 2}}
    assert missing_provenance(clean, "gleif") == 0


def test_api_refusal_fails_the_source_clearly(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(
        clean, "gleif", tmp_path, transport=api_transport(status=403), query={"lei": APPLE_ENERGY}, use_cache=False
    )
    assert summary.failed is not None and "HTTP 403" in summary.failed and "refused access" in summary.failed


def test_malformed_rows_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    lines = L1.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "lei2.csv"
    path.write_text(
        "\n".join([lines[0], lines[1].replace('"APPLE ENERGY LLC"', '""'), lines[2], lines[3]]) + "\n", encoding="utf-8"
    )
    summary = ingest(clean, "gleif", tmp_path / "data", file=path)
    assert (summary.failed, summary.rejected) == (None, 1)
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [(r["location"], r["reason"]) for r in rejects] == [
        ("lei2.csv:row 1", "LEI record 549300YX4S1LLSMK2627 has no legal name")
    ]
    assert dataset_counts(clean, "gleif")["nodes"] == {"Organization": 2}
