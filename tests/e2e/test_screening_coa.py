"""Screening NSF's Collaborators and Other Affiliations (COA) Table 4 as the template writes it (4, Name:,
Organizational Affiliation, Optional (email, Department), Last Active): each row as the person (the graph's Person
nodes) and the organization, one result per row, the last active date carried through; by the API and the CLI.

The graph holds the real records the names come from: NSF award 2450546 (PI Lu Lin, co-PI Jinghui Chen, Penn
State), NIH project 11128875 (Sandra Cascio, Magee-Womens Research Institute) and the OpenSanctions Zala cluster
(Aleksandr Zakharov, Aeroscan)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, running_api
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

COA = FIXTURES / "screening" / "nsf-coa-table4.csv"
NIH_RECORD = FIXTURES / "payloads" / "nih_reporter" / "project_record_appl_11128875.json"


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    folder = tmp_path_factory.mktemp("coa")
    nih = folder / "nih.json"
    record = json.loads(NIH_RECORD.read_text(encoding="utf-8"))
    nih.write_text(json.dumps(record.get("results", [record])), encoding="utf-8")
    runs = [
        ("nsf_awards", FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json"),
        ("nih_reporter", nih),
        ("opensanctions", FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"),
    ]
    for source, path in runs:
        summary = ingest(store, source, folder / source, file=path)
        assert summary.failed is None, (source, summary.failed)
    return store


@pytest.fixture(scope="module")
def api(graph_settings: Settings, loaded: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-coa")) as harness:
        yield harness


def screen(api: Harness, **params: str) -> Any:
    files = {"file": (COA.name, COA.read_bytes(), "text/csv")}
    return api.client.post("/v1/screen", files=files, params=params, headers=api.auth())


def test_coa_rows_are_screened_as_the_person_and_the_organization(api: Harness) -> None:
    response = screen(api)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["warnings"] == []
    rows = {r["row"]: r for r in body["results"]}
    assert sorted(rows) == [2, 3, 4, 5, 6, 7]
    for number in (2, 3, 4, 5, 6):
        assert rows[number]["person"] is not None and rows[number]["organization_status"] is not None
    lin = rows[2]
    assert lin["input"] == {
        "name": "The Pennsylvania State University",
        "person": "Lin, Lu",
        "affiliation": "The Pennsylvania State University",
        "last_active": "07/11/2025",
    }
    assert lin["person"]["status"] == "match" and lin["person"]["matches"][0]["name"] == "Lu Lin"
    assert lin["person"]["matches"][0]["label"] == "Person"
    assert rows[3]["person"]["matches"][0]["name"] == "Jinghui Chen"
    assert rows[4]["person"]["status"] == "no_match"  # a co-author the graph does not hold as a person
    assert rows[7]["status"] == "error" and rows[7]["input"] == {"last_active": "01/01/2025"}
    zakharov = rows[6]  # a sanctioned person at a listed company: both parts match, each with its risk
    assert zakharov["person"]["status"] == "match" and zakharov["organization_status"] == "match"
    assert zakharov["person"]["matches"][0]["name"] == "Aleksandr Vyacheslavovich Zakharov"
    assert zakharov["person"]["risk"] is not None and zakharov["risk"] is not None


def test_coa_rows_as_csv_carry_the_person_and_the_last_active_date(api: Harness) -> None:
    table = list(csv.DictReader(io.StringIO(screen(api, format="csv").content.decode("utf-8-sig"))))
    assert list(table[0])[:6] == ["row", "4", "Name:", "Organizational Affiliation", "Optional  (email, Department)",
                                  "Last Active"]  # fmt: skip
    lin = table[0]
    assert (lin["Name:"], lin["Last Active"], lin["person_status"], lin["person_match_name"]) == (
        "Lin, Lu", "07/11/2025", "match", "Lu Lin"
    )  # fmt: skip
    assert lin["match_name"] == "Pennsylvania State Univ University Park"
    assert [r["status"] for r in table][-1] == "error"


@pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")
def test_the_cli_screens_a_coa_file_and_says_it_completed_with_row_errors(
    graph_settings: Settings, loaded: GraphStore, tmp_path: Path
) -> None:
    out = tmp_path / "coa.json"
    env = {**os.environ, "TIETRACE_DATA_DIR": str(graph_settings.data_dir)}
    command = [sys.executable, "-m", "tietrace.cli", "screen", str(COA), "-o", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 6, done.stderr
    assert "6 rows: 5 match, 0 review, 0 no_match, 1 error (row 7: not screened)" in done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [r["person"]["status"] for r in results[:5]] == ["match", "match", "no_match", "match", "match"]
    assert results[0]["input"]["last_active"] == "07/11/2025"
