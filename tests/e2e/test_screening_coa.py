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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, running_api
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
    print({n: (r["status"], r["organization_status"], r["person"] and r["person"]["status"],
               r["person"] and [(m["name"], m["score"]) for m in r["person"]["matches"][:2]],
               [(m["name"], m["score"]) for m in r["matches"][:2]]) for n, r in rows.items()})  # fmt: skip
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
