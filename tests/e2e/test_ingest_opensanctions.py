"""OpenSanctions files loaded into the real graph: counts, provenance, rejects, and idempotent reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cypher import parse
from graph.settings import Settings
from graph.store import GraphStore, open_store
from ingest.checkpoint import CheckpointStore
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
PAYMENTS = FIXTURES / "opensanctions" / "parteispenden-payments.ftm.jsonl"
# Each payment of the dataset with its payer and its beneficiary, by name; the gift's sourceId is the FtM id. The
# walk starts at the gift: from `(p)` the embedded engine scans every node (it timed out in a CI run).
PAYMENT_PATHS = parse(
    "// name: payment_paths\n// summary: test probe\n// params: $dataset: string\n"
    "// returns: gift, payer, beneficiary\n"
    "MATCH (g:Gift) WHERE g.dataset = $dataset "
    "MATCH (g)<-[:GAVE]-(p) MATCH (g)-[:GIVEN_TO]->(b) "
    "RETURN g.sourceId AS gift, p.name AS payer, b.name AS beneficiary",
    "payment_paths",
)


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.delete_dataset("opensanctions")
    return store


def test_zala_cluster_loads_with_counts_and_provenance(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "opensanctions", tmp_path, file=ZALA)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (91, 0, 0)
    assert dataset_counts(clean, "opensanctions") == {
        # 23 catalogued lists; 41 listings from Sanction records and 108 that the records' own topics and
        # datasets state (tests/unit/test_source_opensanctions.py)
        "nodes": {"Organization": 11, "Person": 6, "Watchlist": 23},
        "relationships": {"OWNS": 14, "CONTROLS": 3, "LISTED_ON": 41 + 108},
    }
    assert missing_provenance(clean, "opensanctions") == 0
    assert summary.unknown_fields == {"schema:Address": 11, "schema:Family": 4, "schema:Passport": 1}


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "opensanctions", tmp_path, file=PAYMENTS)
    first = dataset_counts(clean, "opensanctions")
    again = ingest(clean, "opensanctions", tmp_path, file=PAYMENTS)
    assert again.skipped == 0 and again.read == 474  # a completed run is not "resumed": it is read again
    assert (
        dataset_counts(clean, "opensanctions")
        == first
        == {
            "nodes": {"Organization": 73, "Person": 22, "Gift": 290},
            "relationships": {"GAVE": 290, "GIVEN_TO": 290},
        }
    )


def test_every_payment_reaches_its_payers_and_beneficiaries(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "opensanctions", tmp_path, file=PAYMENTS)
    assert (summary.failed, summary.rejected, summary.missing_endpoints) == (None, 0, 0)
    payments = [json.loads(line) for line in PAYMENTS.read_text(encoding="utf-8").splitlines()]
    names = {
        p["id"]: p["properties"]["name"][0] for p in payments if p["schema"] in ("Company", "Organization", "Person")
    }
    expected = sorted(
        (payment["id"], names[payer], names[beneficiary])
        for payment in payments
        if payment["schema"] == "Payment"
        for payer in payment["properties"]["payer"]
        for beneficiary in payment["properties"]["beneficiary"]
    )
    rows = clean.run(PAYMENT_PATHS, {"dataset": "opensanctions"})
    found = sorted((r["gift"], r["payer"], r["beneficiary"]) for r in rows)
    assert len(found) == 290 and found == expected


def test_malformed_records_go_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    lines = ZALA.read_text(encoding="utf-8").splitlines()
    sanction = next(line for line in lines if json.loads(line)["schema"] == "Sanction")
    broken = json.loads(sanction)
    broken["properties"]["entity"] = ["not-in-this-file"]
    things = [line for line in lines if json.loads(line)["schema"] in ("Company", "Person")]
    path = tmp_path / "mixed.ftm.jsonl"
    path.write_text("\n".join([*things, '{"id": "x", "schema"', json.dumps(broken), sanction]) + "\n")
    summary = ingest(clean, "opensanctions", tmp_path / "data", file=path)
    assert summary.failed is None
    assert summary.rejected == 2
    assert summary.rejects_file is not None
    rejects = [json.loads(line) for line in Path(summary.rejects_file).read_text().splitlines()]
    assert [r["location"] for r in rejects] == [
        f"mixed.ftm.jsonl:line {len(things) + 1}",
        f"mixed.ftm.jsonl:line {len(things) + 2}",
    ]
    assert rejects[0]["reason"].startswith("not JSON")
    assert "listed entity not-in-this-file is not an entity of this file" in rejects[1]["reason"]
    # the one good Sanction record, and what the loaded things' own topics and datasets list them on
    listings = dataset_counts(clean, "opensanctions")["relationships"]["LISTED_ON"]
    assert listings == 1 + 108


def test_a_missing_file_fails_the_source_clearly(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "opensanctions", tmp_path, file=tmp_path / "nope.json")
    assert summary.failed is not None and "no such file" in summary.failed


def test_a_file_in_another_encoding_is_named_not_garbled(clean: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "latin1.ftm.jsonl"
    path.write_bytes(
        '{"id": "x", "schema": "Company", "properties": {"name": ["Soci\u00e9t\u00e9"]}}\n'.encode("latin-1")
    )
    summary = ingest(clean, "opensanctions", tmp_path / "d", file=path)
    assert summary.failed is not None and "not valid UTF-8" in summary.failed and "--encoding" in summary.failed
    fixed = ingest(clean, "opensanctions", tmp_path / "d2", file=path, encoding="latin-1")
    assert fixed.failed is None
    assert dataset_counts(clean, "opensanctions")["nodes"] == {"Organization": 1}


def test_a_write_failing_behind_the_reader_stops_the_job_and_commits_nothing_past_it(
    clean: GraphStore, graph_settings: Settings, tmp_path: Path
) -> None:
    """OpenSanctions writes each batch on a writer thread while the next is read (ingest/committer.py): a write
    that fails there must still fail the job, leave the checkpoint at what is really in the graph, and a rerun must
    then load everything."""
    unreachable = open_store(graph_settings, apply_schema=False)
    unreachable.close()  # a store whose connection is gone: every write fails
    failed = ingest(unreachable, "opensanctions", tmp_path, file=ZALA, commit_every=10)
    assert failed.failed is not None and failed.failed.startswith("the graph refused a batch")
    checkpoint = CheckpointStore(tmp_path / "ingest" / "opensanctions" / "checkpoint.json").load()
    assert (checkpoint.committed, checkpoint.completed) == (0, False)
    assert dataset_counts(clean, "opensanctions") == {"nodes": {}, "relationships": {}}
    again = ingest(clean, "opensanctions", tmp_path, file=ZALA, commit_every=10)
    assert (again.failed, again.skipped, again.rejected) == (None, 0, 0)
    assert dataset_counts(clean, "opensanctions")["relationships"] == {"OWNS": 14, "CONTROLS": 3, "LISTED_ON": 149}
