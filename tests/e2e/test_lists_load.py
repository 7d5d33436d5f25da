"""`tietrace lists load` on the real engine: a subset of the bundled lists, an institution found on the right
catalogued list with the snapshot, idempotent reruns, links across lists, and an institution's own list."""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from graph.lists import list_node_id
from graph.settings import Settings
from graph.store import GraphStore
from queries.identity import identity_of
from resolve.matcher import Matcher
from tests import cli_run
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest
from tietrace.bundled_lists import ListsError, load_lists, watchlists

OWN = FIXTURES / "own_lists"
LISTED = (
    "MATCH (o {name: $name})-[l:LISTED_ON]->(w:Watchlist {listId: $listId}) "
    "RETURN o.dataset AS dataset, l.validFrom AS validFrom, l.validTo AS validTo, w.name AS title, "
    "w.snapshot AS snapshot ORDER BY dataset"
)


@pytest.fixture
def settings(graph_settings: Settings, tmp_path: Path) -> Settings:
    return graph_settings.model_copy(update={"data_dir": tmp_path})


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    for dataset in ("us_lists", "list_tables", "own_list"):
        store.delete_dataset(dataset)
    return store


def _listed(store: GraphStore, name: str, list_id: str) -> list[dict[str, Any]]:
    return store.run_guarded(LISTED, {"name": name, "listId": list_id}).rows


def test_a_subset_loads_and_answers_with_the_list_and_its_snapshot(clean: GraphStore, settings: Settings) -> None:
    summary = load_lists(clean, settings, only=["us.dow.1286", "cn.mofcom.uel"])
    assert sorted(f.file for f in summary.files) == [
        "opensanctions/cn_sanctions.csv",
        "opensanctions/us_section_1286.csv",
        "ror/near-lists-v1.json.zip",  # reference records: loaded whatever --only says
        "ror/near-lists-v2.json.zip",
        "us/dow_1286.json",
    ]
    assert all(f.rejected == 0 for f in summary.files)
    rows = _listed(clean, "Harbin Institute of Technology", "us.dow.1286")
    assert [r["dataset"] for r in rows] == ["list_tables", "us_lists"]
    assert {r["snapshot"] for r in rows} == {"FY24 Section 1286 List (public release, version 2)"}
    assert rows[0]["title"] == "US DoW Section 1286 List of Foreign Talent Programs and Institutions"
    illumina = _listed(clean, "Illumina, Inc.", "cn.mofcom.uel")
    assert [(r["validFrom"], r["title"]) for r in illumina] == [("2025-02-04", "China MOFCOM Unreliable Entity List")]
    shown = {r["listId"]: r for r in watchlists(clean)}
    assert shown["us.dow.1286"]["listings"] == 134 + 193 and shown["cn.mofcom.uel"]["listings"] == 66
    # One institution's records of the two sources are one organization (linked directly or through another
    # record: resolution writes a forest), so investigations count it once.
    records = clean.run_guarded(
        "MATCH (a:Organization {name: 'Harbin Institute of Technology'}) "
        "WHERE a.dataset IN ['us_lists', 'list_tables'] RETURN a.id AS id, a.dataset AS dataset"
    ).rows
    identity = identity_of(clean, [r["id"] for r in records])
    by_source = {r["dataset"]: r["id"] for r in records}
    assert identity.same(by_source["us_lists"], by_source["list_tables"])


def test_the_lists_alone_find_a_listed_university_by_its_chinese_name_and_abbreviation(
    clean: GraphStore, settings: Settings
) -> None:
    """The bundled ROR records (tietrace/lists_data/ror/) are linked to the lists' records as they load: ROR's
    Harbin Institute of Technology holds 哈尔滨工业大学 and HIT, which no list publishes."""
    load_lists(clean, settings, only=["us.dow.1286"])
    listed = {
        r["id"]
        for r in clean.run_guarded(
            "MATCH (o:Organization {name: 'Harbin Institute of Technology'})-[:LISTED_ON]->() RETURN o.id AS id"
        ).rows
    }
    matcher = Matcher.from_store(clean)
    for name, country in (("哈尔滨工业大学", None), ("HIT", "CN"), ("Harbin Institute of Technology", None)):
        found = matcher.match(name, country, limit=5, collapse=True)
        assert matcher.status(found) in ("match", "review"), name
        assert listed & set(found[0].records), (name, found[0])


def test_a_unit_in_an_affiliation_is_found_among_the_laboratories_sharing_its_words(
    clean: GraphStore, settings: Settings
) -> None:
    """Section 1286 and the Entity List name dozens of laboratories in the common words of an affiliation ("Defense S&T
    Key Laboratory of ... at ... University"), and they filled the candidates of "School of Computer Science, National
    University of Defense Technology": the listed university was never met, and the row was no match. Each part of
    an affiliation now brings its own candidates."""
    load_lists(clean, settings, only=["us.dow.1286", "us.bis.entity_list"])
    matcher = Matcher.from_store(clean)
    written = "School of Computer Science, National University of Defense Technology, Changsha 410073, China"
    found = matcher.match(written, "CN", collapse=True, affiliation=True)
    assert matcher.status(found) == "review", found[0]
    assert found[0].reasons[0] == "names a unit of National University of Defense Technology"


def test_a_rerun_changes_nothing(clean: GraphStore, settings: Settings) -> None:
    load_lists(clean, settings, only=["us.fcc.covered", "cn.mofcom.export_watch"], resolve_after=False)
    before = dataset_counts(clean, "us_lists"), dataset_counts(clean, "list_tables")
    again = load_lists(clean, settings, only=["us.fcc.covered", "cn.mofcom.export_watch"], resolve_after=False)
    assert [(f.read, f.rejected) for f in again.files] == [(15, 0), (40, 0), (376, 0), (182, 0)]
    assert (dataset_counts(clean, "us_lists"), dataset_counts(clean, "list_tables")) == before
    assert before[0]["relationships"] == {"LISTED_ON": 15}


def test_an_unknown_list_id_is_refused(clean: GraphStore, settings: Settings) -> None:
    with pytest.raises(ListsError, match=re.escape("'us.bis.entitylist' is not a list id")):
        load_lists(clean, settings, only=["us.bis.entitylist"])


def test_a_dropped_1260h_company_is_not_listed_today(clean: GraphStore, settings: Settings) -> None:
    load_lists(clean, settings, only=["us.dow.1260h"], resolve_after=False)
    (amec,) = [
        r
        for r in _listed(clean, "Advanced Micro-Fabrication Equipment Inc. China", "us.dow.1260h")
        if r["dataset"] == "list_tables"
    ]
    assert amec["validTo"] == "2025-01-07"
    avic = _listed(clean, "Aviation Industry Corporation of China Ltd.", "us.dow.1260h")
    assert [r["validTo"] for r in avic] == [None]


def test_an_own_list_from_csv_and_xlsx(clean: GraphStore, tmp_path: Path) -> None:
    query = {"name": "Our restricted list", "id": "own.rpl"}
    summary = ingest(clean, "own_list", tmp_path, file=OWN / "restricted.csv", query=query)
    assert (summary.failed, summary.read, summary.rejected) == (None, 3, 0)
    rows = _listed(clean, "Harbin Institute of Technology", "own.rpl")
    assert [(r["title"], r["validFrom"]) for r in rows] == [("Our restricted list", "2023-03-01")]
    person = clean.run_guarded(
        "MATCH (p:Person {name: 'Zhang Wei'})-[l:LISTED_ON]->(w {id: $w}) RETURN l.validTo AS to, l.program AS list",
        {"w": list_node_id("own.rpl")},
    ).rows
    assert person == [{"to": "2025-06-30", "list": "Visitors"}]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in (OWN / "restricted.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    workbook = tmp_path / "restricted.xlsx"
    book.save(workbook)
    again = ingest(clean, "own_list", tmp_path, file=workbook, query=query)
    assert (again.failed, again.read, again.rejected) == (None, 3, 0)
    assert dataset_counts(clean, "own_list")["relationships"] == {"LISTED_ON": 3}


def test_own_list_errors_name_what_and_where(clean: GraphStore, tmp_path: Path) -> None:
    query = {"name": "Our restricted list"}
    unknown = ingest(clean, "own_list", tmp_path, file=OWN / "unknown_column.csv", query=query)
    assert unknown.failed is not None and "unknown columns alias" in unknown.failed
    latin = ingest(clean, "own_list", tmp_path, file=OWN / "latin1.csv", query=query)
    assert latin.failed is not None and "not valid UTF-8" in latin.failed and "--encoding" in latin.failed
    bad = ingest(clean, "own_list", tmp_path, file=OWN / "bad_date.csv", query=query)
    assert (bad.failed, bad.rejected) == (None, 1)
    assert bad.rejects_file is not None
    assert "not a date: '31/31/2020'" in Path(bad.rejects_file).read_text(encoding="utf-8")


def test_the_lists_commands(tmp_path: Path) -> None:
    """`tietrace lists load --only`, `tietrace lists --json` and `lists load-own` as a user runs them."""
    tietrace = partial(cli_run.tietrace, tmp_path, env={"TIETRACE_ENGINE_HEAP": "1g", "COLUMNS": "200"}, timeout=600)

    try:
        loaded = tietrace("lists", "load", "--only", "fcc-covered", "--json")
        assert loaded.returncode == 0, loaded.stderr
        summary = json.loads(loaded.stdout)
        assert [(f["file"], f["read"], f["rejected"]) for f in summary["files"]] == [
            ("us/fcc_covered.json", 15, 0),
            ("ror/near-lists-v2.json.zip", 376, 0),
            ("ror/near-lists-v1.json.zip", 182, 0),
        ]
        shown = tietrace("lists", "--json")
        assert shown.returncode == 0, shown.stderr
        (fcc,) = json.loads(shown.stdout)
        assert (fcc["listId"], fcc["title"], fcc["listings"]) == ("us.fcc.covered", "US FCC Covered List", 15)
        assert fcc["snapshot"] == "FCC page as downloaded July 2026"
        refused = tietrace("lists", "load-own", str(OWN / "unknown_column.csv"), "--name", "Ours")
        assert refused.returncode == 1 and "unknown columns alias" in refused.stderr
        unknown = tietrace("lists", "load", "--only", "nope")
        assert unknown.returncode == 1 and "'nope' is not a list id" in unknown.stderr
    finally:
        tietrace("graph", "stop")
