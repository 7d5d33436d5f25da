"""Name search finds organizations by their aliases, on the real OpenSanctions records of the ZALA AERO cluster.

CST LLC's graph name is its first FtM name (in Ukrainian); "Zala Aero Group" is one of its aliases, and
"CONCERN KALASHNIKOV" one of JSC NPO IZHMASH's. The expected names are read from the fixture file
(tests/fixtures/opensanctions/zala-cluster.ftm.jsonl, origin in ORIGIN.md beside it), never from the search.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

import queries
from graph.settings import Settings
from graph.statements import neo4j_only_ddl
from graph.store import GraphStore, embedded_engine, open_store
from graph.store.engine_files import ALIAS_FULLTEXT_INDEX
from names.normalize import core, variants
from names.score import name_similarity
from queries import target
from queries.target import AmbiguousEntity, find, lucene_terms, match_names
from tests.api_harness import Harness, running_api
from tests.conftest import ON_NEO4J, engine_dir_settings
from tests.ingest_helpers import FIXTURES, ingest

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
CST = "opensanctions-NK-abdzbEBkqyT29GyREbiURZ"
ZALA_AERO_JSC = "opensanctions-NK-cPks3aTbes8k4aCerfBAzN"
KALASHNIKOV = "opensanctions-NK-nR5AXM9AVPq4pQaSPSaVam"


def companies() -> dict[str, dict[str, list[str]]]:
    """FtM Company records of the fixture, by graph id: their properties as the file gives them."""
    records = [json.loads(line) for line in ZALA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {f"opensanctions-{r['id']}": r["properties"] for r in records if r["schema"] == "Company"}


def aliases_in_file(graph_id: str) -> set[str]:
    """The names ingest keeps as aliases: every name but the first, aliases and previous names."""
    props = companies()[graph_id]
    return {*props["name"][1:], *props.get("alias", []), *props.get("previousName", [])} - {props["name"][0]}


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The real records (stable ids: another module loading them too changes nothing)."""
    summary = ingest(store, "opensanctions", tmp_path_factory.mktemp("os-aliases"), file=ZALA)
    assert summary.failed is None
    return store


def index_ids(store: GraphStore, index: str, text: str) -> list[str]:
    rows = store.run(queries.load("organization_search"), {"ftIndex": index, "q": text, "limit": 25})
    return [r["id"] for r in rows]


def test_the_aliases_index_has_the_same_name_on_neo4j() -> None:
    [ddl] = [q for q in neo4j_only_ddl() if q.name == ALIAS_FULLTEXT_INDEX]
    assert f"CREATE FULLTEXT INDEX {ALIAS_FULLTEXT_INDEX} IF NOT EXISTS" in ddl.text
    assert ddl.text.endswith("ON EACH [n.aliases]")


def test_the_best_of_name_and_aliases_counts_and_a_tie_goes_to_the_main_name() -> None:
    jsc = companies()[ZALA_AERO_JSC]
    alias = 'Joint-Stock Company "Zala Aero"'
    assert alias in aliases_in_file(ZALA_AERO_JSC)
    assert target.best_name("Zala Aero", jsc["name"][0], sorted(aliases_in_file(ZALA_AERO_JSC))) == (
        1.0,
        "ZALA AERO JSC",
    )
    assert target.best_name("Zala Aero Group", "CST LLC", "Zala Aero Group") == (1.0, "Zala Aero Group")
    assert target.best_name("Kalashnikov", None, None) == (0.0, "")


def test_only_the_aliases_index_holds_an_alias(loaded: GraphStore) -> None:
    assert "Zala Aero Group" in aliases_in_file(CST)
    assert CST not in index_ids(loaded, loaded.fulltext_index, "Zala Aero Group")
    assert CST in index_ids(loaded, ALIAS_FULLTEXT_INDEX, "Zala Aero Group")
    assert KALASHNIKOV in index_ids(loaded, ALIAS_FULLTEXT_INDEX, "CONCERN KALASHNIKOV")


def test_an_alias_finds_its_organization_and_says_which_name_matched(loaded: GraphStore) -> None:
    [best, *others] = match_names(loaded, "Zala Aero Group")
    assert best.entity.id == CST and best.score == 100.0
    assert best.by_alias and best.matched_name in aliases_in_file(CST)
    assert core("Zala Aero Group") in variants(best.matched_name)  # the alias itself, or one holding it in brackets
    assert others and others[0].score <= best.score - target.MARGIN
    assert find(loaded, "Zala Aero Group").id == CST
    kalashnikov = find(loaded, "Concern Kalashnikov")
    assert kalashnikov.id == KALASHNIKOV and kalashnikov.name == companies()[KALASHNIKOV]["name"][0]


def old_ranking(store: GraphStore, text: str) -> list[str]:
    """How search ranked before aliases counted: the name index only, scored on the main name only."""
    params = {"ftIndex": store.fulltext_index, "q": lucene_terms(text), "limit": target.CANDIDATES}
    rows = store.run(queries.load("organization_search"), params)
    scored = [(100 * name_similarity(core(text), [core(r["name"])]), r["id"]) for r in rows]
    return [entity_id for _, entity_id in sorted(scored, key=lambda si: (-si[0], si[1]))]


@pytest.mark.parametrize("graph_id", sorted(companies()), ids=lambda i: i.removeprefix("opensanctions-"))
def test_a_main_name_search_ranks_as_before(loaded: GraphStore, graph_id: str) -> None:
    main_name = companies()[graph_id]["name"][0]
    before = old_ranking(loaded, main_name)
    [best, *_] = match_names(loaded, main_name)
    assert before and best.entity.id == before[0]
    assert (best.score, best.matched_name, best.by_alias) == (100.0, best.entity.name, False)


def test_a_name_two_organizations_share_through_an_alias_is_ambiguous(loaded: GraphStore) -> None:
    # "Zala Aero" is an alias of CST LLC and, legal form aside, the name of ZALA AERO JSC: screening marks the same
    # name for review (tests/e2e/test_api_screening.py), and check asks rather than choose.
    with pytest.raises(AmbiguousEntity) as raised:
        find(loaded, "Zala Aero")
    listed = {ref.id: score for ref, score in raised.value.candidates}
    assert listed[CST] == listed[ZALA_AERO_JSC] == 100.0
    entries = str(raised.value).split(" matches several entities: ", 1)[1].split("; ")
    [cst] = [e for e in entries if f"[{CST}]" in e]
    [jsc] = [e for e in entries if f"[{ZALA_AERO_JSC}]" in e]
    assert cst.endswith(f" as {raised.value.aliases[CST]!r}") and raised.value.aliases[CST] in aliases_in_file(CST)
    assert ZALA_AERO_JSC not in raised.value.aliases
    assert jsc == f"ZALA AERO JSC [{ZALA_AERO_JSC}] (RU) 100"
    # The exact main name of one of them names that one.
    assert find(loaded, "zala aero  JSC").id == ZALA_AERO_JSC


def test_without_the_aliases_index_names_are_still_searched(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # An engine started before the index existed, seen through a name no engine has.
    monkeypatch.setattr(
        loaded, "search_indexes", replace(loaded.search_indexes, organization_aliases="organization_no_such_ft")
    )
    with caplog.at_level(logging.WARNING, logger="queries.target"):
        hits = match_names(loaded, "ZALA AERO JSC")
    assert hits[0].entity.id == ZALA_AERO_JSC
    assert CST not in [h.entity.id for h in hits]
    assert "names searched without aliases: the organization_no_such_ft index" in caplog.text


@pytest.fixture(scope="module")
def api(graph_settings: Settings, loaded: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-aliases")) as harness:
        yield harness


def test_the_api_search_finds_by_alias_and_says_which_name_matched(api: Harness) -> None:
    body = api.client.get("/v1/entities", params={"q": "Zala Aero Group"}, headers=api.auth()).json()
    first: dict[str, Any] = body["results"][0]
    assert (first["id"], first["score"]) == (CST, 1.0)
    assert first["matched_name"] in aliases_in_file(CST) and first["name"] != first["matched_name"]
    own = api.client.get("/v1/entities", params={"q": "ZALA AERO JSC"}, headers=api.auth()).json()["results"][0]
    assert (own["id"], own["matched_name"]) == (ZALA_AERO_JSC, "ZALA AERO JSC")
    by_id = api.client.get("/v1/entities", params={"identifier": "registry:1111832003018"}, headers=api.auth())
    found = by_id.json()["results"]
    assert KALASHNIKOV in [r["id"] for r in found] and all(r["matched_name"] is None for r in found)


def arcadedb_sql(settings: Settings, command: str) -> dict[str, Any]:
    """One SQL command over the engine's own HTTP API (root and its secret), to undo what this change adds."""
    files = embedded_engine(settings).files
    state = files.read_state()
    assert state is not None
    response = httpx.post(
        f"http://127.0.0.1:{state['httpPort']}/api/v1/command/{state['database']}",
        json={"language": "sql", "command": command},
        auth=("root", files.read_or_create_secret()),
        timeout=60,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.skipif(ON_NEO4J, reason="drives a private embedded engine")
def test_a_data_directory_made_before_the_aliases_index_gets_it_at_the_next_start(tmp_path: Path) -> None:
    settings = engine_dir_settings(tmp_path / "data")
    store = open_store(settings)
    try:
        assert ingest(store, "opensanctions", tmp_path / "ingest", file=ZALA).failed is None
        # Back to the schema of a directory made before: no aliases index, no declared aliases property.
        arcadedb_sql(settings, f"DROP INDEX `{ALIAS_FULLTEXT_INDEX}`")
        arcadedb_sql(settings, "DROP PROPERTY Organization.aliases")
        assert [h.entity.id for h in match_names(store, "Zala Aero Group")][:1] != [CST]
    finally:
        store.close()
        embedded_engine(settings).stop()
    reopened = open_store(settings)
    try:
        [best, *_] = match_names(reopened, "Zala Aero Group")
        assert (best.entity.id, best.score) == (CST, 100.0)
    finally:
        reopened.close()
        embedded_engine(settings).stop()
