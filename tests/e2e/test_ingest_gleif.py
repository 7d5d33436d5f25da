"""GLEIF records and relationships loaded into the real graph: counts, provenance, rejects, reruns, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.cypher import parse
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import running_api
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

DIR = FIXTURES / "payloads" / "gleif"
L1 = DIR / "golden_copy_lei2_sample.CONSTRUCTED.csv"
RR = DIR / "golden_copy_rr_sample.CONSTRUCTED.csv"
APPLE_ENERGY = "549300YX4S1LLSMK2627"
APPLE = "HWUPKR0MPOU8FGXBT394"
REAL_L1 = DIR / "20240505-0000-gleif-goldencopy-lei2-intra-day.TRANSCRIBED.csv"
REPEX = DIR / "20190201-gleif-repex-lei-rdf-sample.TRANSCRIBED.csv"


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
    missing = {f"/api/v1/lei-records/{APPLE}/{level}-parent-reporting-exception" for level in ("direct", "ultimate")}

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET"
        if request.url.path in missing and status is None:
            return httpx.Response(404, json={"errors": [{"status": "404"}]})
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
    # Apple Energy's ultimate parent is its direct parent: that row is no CONTROLS of its own
    assert level2.unknown_fields["ultimate_parent:reached_through_direct_parents"] == 1
    assert dataset_counts(clean, "gleif") == {"nodes": {"Organization": 7}, "relationships": {"CONTROLS": 4}}
    assert missing_provenance(clean, "gleif") == 0
    # the relationship file ran on its own, yet Apple Inc. keeps the legal name the Level 1 file wrote
    rows = clean.run(_NAME_OF, {"id": "gleif-HWUPKR0MPOU8FGXBT394"})
    assert rows[0]["name"] == "Apple Inc."


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "gleif", tmp_path, file=RR)
    first = dataset_counts(clean, "gleif")
    again = ingest(clean, "gleif", tmp_path, file=RR)
    assert again.read == 5 and again.failed is None
    assert dataset_counts(clean, "gleif") == first == {"nodes": {"Organization": 6}, "relationships": {"CONTROLS": 4}}


def test_api_lookup_loads_the_entity_and_its_parents(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "gleif", tmp_path, transport=api_transport(), query={"lei": APPLE_ENERGY})
    # Apple Energy, Apple Inc. (its direct parent, followed), the direct relationship; the ultimate relationship
    # reaches the same parent through the direct one and is no edge of its own
    assert (summary.failed, summary.read, summary.rejected, summary.missing_endpoints) == (None, 3, 0, 0)
    assert dataset_counts(clean, "gleif") == {"nodes": {"Organization": 2}, "relationships": {"CONTROLS": 1}}
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


_GLEIF_FACTS = parse(
    "// name: gleif_facts\n// summary: test probe\n// params: $id: string\n"
    "// returns: name, sourceId, registrationStatus, direct, ultimate, ultimateReference, ultimateAsOf\n"
    "MATCH (n:Organization {id: $id}) RETURN n.name AS name, n.sourceId AS sourceId, "
    "n.registrationStatus AS registrationStatus, n.directParentExceptionReasons AS direct, "
    "n.ultimateParentExceptionReasons AS ultimate, n.ultimateParentExceptionReference AS ultimateReference, "
    "n.ultimateParentExceptionAsOf AS ultimateAsOf",
    "gleif_facts",
)
_CONTROL = parse(
    "// name: gleif_control\n// summary: test probe\n// params: $child: string\n"
    "// returns: parent, role, relationshipStatus, validFrom, validTo\n"
    "MATCH (p:Organization)-[r:CONTROLS]->(c:Organization {id: $child}) RETURN p.id AS parent, r.role AS role, "
    "r.relationshipStatus AS relationshipStatus, r.validFrom AS validFrom, r.validTo AS validTo ORDER BY role",
    "gleif_control",
)


def test_real_golden_copy_rows_load_as_rfc4180_with_statuses(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "gleif", tmp_path, file=REAL_L1)
    assert (summary.failed, summary.read, summary.rejected) == (None, 4, 0)
    assert summary.csv_dialect is not None and summary.csv_dialect.startswith("RFC 4180")
    assert summary.as_dict()["csvDialect"] == summary.csv_dialect
    (row,) = clean.run(_GLEIF_FACTS, {"id": "gleif-5493006HNCQSOJIWXV85"})
    assert (row["name"], row["registrationStatus"]) == ("CARTHAGE ASSOCIATES, LLC", "LAPSED")


def test_reporting_exceptions_file_sets_reasons_without_touching_names(clean: GraphStore, tmp_path: Path) -> None:
    summary = ingest(clean, "gleif", tmp_path, file=REPEX)
    assert (summary.failed, summary.read, summary.rejected) == (None, 3, 0)
    (bank,) = clean.run(_GLEIF_FACTS, {"id": "gleif-253400UEEJPNF0G35X65"})
    assert (bank["name"], bank["ultimate"], bank["direct"], bank["ultimateAsOf"]) == (
        "253400UEEJPNF0G35X65",  # no Level 1 record loaded: named by its LEI until one is
        ["NO_KNOWN_PERSON"],
        None,
        "2019-02-01",
    )
    assert bank["ultimateReference"].startswith("Материнские компании")
    (both,) = clean.run(_GLEIF_FACTS, {"id": "gleif-506700GE1G29325QX363"})
    assert (both["direct"], both["ultimate"], both["sourceId"]) == (
        ["NO_KNOWN_PERSON"],
        ["NO_KNOWN_PERSON"],
        "506700GE1G29325QX363",
    )
    assert missing_provenance(clean, "gleif") == 0
    # a second run finds the nodes in the graph and updates them without writing any name
    again = ingest(clean, "gleif", tmp_path, file=REPEX)
    assert (again.failed, again.rejected) == (None, 0)
    assert dataset_counts(clean, "gleif")["nodes"] == {"Organization": 2}


def test_ended_and_shortcut_relationships_in_the_graph(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "gleif", tmp_path, file=RR)
    # INACTIVE with no end date (GLEIF's documented record): ended, so no parent as of any later day
    (inactive,) = clean.run(_CONTROL, {"child": "gleif-549300XT0UV2RKUQZT49"})
    assert (inactive["relationshipStatus"], inactive["validTo"]) == ("INACTIVE", "2018-07-12")
    # Apple Energy: only the direct edge; the ultimate parent is reached through it
    rows = clean.run(_CONTROL, {"child": f"gleif-{APPLE_ENERGY}"})
    assert [(r["parent"], r["role"]) for r in rows] == [(f"gleif-{APPLE}", "direct_parent")]


def test_the_entity_answer_shows_gleif_statuses_and_exceptions(
    clean: GraphStore, tmp_path: Path, graph_settings: Settings
) -> None:
    ingest(clean, "gleif", tmp_path, file=REPEX)
    ingest(clean, "gleif", tmp_path, file=REAL_L1)
    with running_api(graph_settings, tmp_path / "api") as api:
        bank = api.client.get("/v1/entities/gleif-506700GE1G29325QX363", headers=api.auth()).json()
        becura = api.client.get("/v1/entities/gleif-54930070OU0R7YXZXH12", headers=api.auth()).json()
    assert bank["gleif"]["direct_parent_exception_reasons"] == ["NO_KNOWN_PERSON"]
    assert bank["gleif"]["ultimate_parent_exception_as_of"] == "2019-02-01"
    assert becura["gleif"] == {
        "entity_status": "ACTIVE",
        "registration_status": "ISSUED",
        "direct_parent_exception_reasons": None,
        "direct_parent_exception_reference": None,
        "direct_parent_exception_as_of": None,
        "ultimate_parent_exception_reasons": None,
        "ultimate_parent_exception_reference": None,
        "ultimate_parent_exception_as_of": None,
    }


def test_check_tells_a_withheld_parent_from_no_data(clean: GraphStore, tmp_path: Path) -> None:
    # The real repex sample: GLEIF says no person is known behind 506700GE1G29325QX363 (both categories).
    from queries.check import check
    from queries.profiles import load as load_profile

    ingest(clean, "gleif", tmp_path, file=REPEX)
    answer = check(clean, "gleif-506700GE1G29325QX363", load_profile("us-research-security"))
    assert [(e.category, e.reasons, e.withholding) for e in answer.reporting_exceptions] == [
        ("DIRECT_ACCOUNTING_CONSOLIDATION_PARENT", ["NO_KNOWN_PERSON"], True),
        ("ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT", ["NO_KNOWN_PERSON"], True),
    ]
    quality = next(f for f in answer.risk.factors if f.name == "data_quality")
    assert quality.value == 1.0
    assert quality.evidence[0]["summary"].startswith("GLEIF reports no direct parent of ")
    assert quality.evidence[0]["summary"].endswith("NO_KNOWN_PERSON (as of 2019-02-01)")
    # an organization with no exception and no gaps: nothing to report
    ingest(clean, "gleif", tmp_path, file=REAL_L1)
    plain = check(clean, "gleif-54930070OU0R7YXZXH12", load_profile("us-research-security"))
    assert plain.reporting_exceptions == []
    assert next(f for f in plain.risk.factors if f.name == "data_quality").value == 0.0


def test_an_lei_annulled_by_an_earlier_level1_load_makes_no_relationship(clean: GraphStore, tmp_path: Path) -> None:
    # Apple Energy's Level 1 row as GLEIF would publish it had its LEI been annulled (no real ANNULLED row was
    # found; only the status differs), loaded in one run; the relationship file in the next run
    lines = L1.read_text(encoding="utf-8").splitlines()
    annulled = tmp_path / "lei2-annulled.csv"
    annulled.write_text("\n".join([lines[0], lines[1].replace('"ISSUED"', '"ANNULLED"')]) + "\n", encoding="utf-8")
    ingest(clean, "gleif", tmp_path, file=annulled)
    (row,) = clean.run(_GLEIF_FACTS, {"id": f"gleif-{APPLE_ENERGY}"})
    assert row["registrationStatus"] == "ANNULLED"
    summary = ingest(clean, "gleif", tmp_path, file=RR)
    assert summary.unknown_fields["relationship_of_void_lei:not_written"] == 1  # its direct parent row
    assert clean.run(_CONTROL, {"child": f"gleif-{APPLE_ENERGY}"}) == []
