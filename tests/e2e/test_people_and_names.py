"""People answered like organizations, and names people recognise, on the demo's real OpenSanctions records (the
ZALA AERO cluster, tests/fixtures/opensanctions/zala-cluster.ftm.jsonl, origin in ORIGIN.md beside it).

Expected facts are read from the fixture file (ownership shares, directorships, sanctions), never from the answer;
expected display names come from the rule applied to the file's names (names/display.py, unit-tested apart).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from names.display import NamedRecord, display_name, script_of
from queries import profiles
from queries.check import check
from queries.target import find, match_people
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"
CST = "NK-abdzbEBkqyT29GyREbiURZ"
KALASHNIKOV = "NK-nR5AXM9AVPq4pQaSPSaVam"
AS_OF = "2026-01-01"


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in ZALA.read_text(encoding="utf-8").splitlines() if line.strip()]


def props(ftm_id: str) -> dict[str, list[str]]:
    return next(r["properties"] for r in records() if r["id"] == ftm_id)


def expected_name(ftm_id: str) -> str | None:
    p = props(ftm_id)
    return display_name([NamedRecord(p["name"], p.get("alias", []), p.get("previousName", []))])


def graph_id(ftm_id: str) -> str:
    return f"opensanctions-{ftm_id}"


def current(r: dict[str, Any], key: str) -> bool:
    return r["schema"] == key and not r["properties"].get("endDate")


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    summary = ingest(store, "opensanctions", tmp_path_factory.mktemp("os-people"), file=ZALA)
    assert summary.failed is None
    return store


def test_a_person_is_found_by_name_and_says_it_is_a_person(loaded: GraphStore) -> None:
    found = find(loaded, "Aleksandr Zakharov")
    assert found.id == graph_id(ZAKHAROV) and found.label == "Person"
    assert [h.entity.id for h in match_people(loaded, "Zakharov Aleksandr")][:1] == [graph_id(ZAKHAROV)]


def test_a_person_check_lists_holdings_directorships_and_listings_with_sources(loaded: GraphStore) -> None:
    answer = check(loaded, "Aleksandr Zakharov", profiles.load("us-research-security"), AS_OF)
    assert answer.entity.label == "Person"
    assert answer.names.display == expected_name(ZAKHAROV)
    holdings = [
        r
        for r in records()
        if current(r, "Ownership") and r["properties"]["owner"] == [ZAKHAROV] and r["properties"].get("startDate")
    ]
    owns = {(r.organization.id, r.share_pct, r.path.hops[0].source.source_id) for r in answer.roles if r.role == "owns"}
    for r in holdings:
        pct = r["properties"].get("percentage")
        assert (graph_id(r["properties"]["asset"][0]), float(pct[0]) if pct else None, r["id"]) in owns
    cst = next(r for r in answer.roles if r.role == "owns" and r.organization.id == graph_id(CST))
    assert cst.share_pct == 51.0  # the holdings of 50 % and 48 % ended in 2023
    assert cst.organization.name == expected_name(CST) and script_of(cst.organization.name or "") == "Latin"
    seats = [r for r in records() if current(r, "Directorship") and r["properties"]["director"] == [ZAKHAROV]]
    directs = {r.organization.id: r for r in answer.roles if r.role == "directs"}
    for seat in seats:
        role = directs[graph_id(seat["properties"]["organization"][0])]
        assert role.influence and not role.controls  # a board seat is influence, not control
        assert role.path.hops[0].source.source_id == seat["id"]
    own = [p for p in answer.proximity if p.hops == 0 and p.listed.id == graph_id(ZAKHAROV)]
    sanctions = {r["id"] for r in records() if r["schema"] == "Sanction" and r["properties"]["entity"] == [ZAKHAROV]}
    # each listing cites a Sanction record of him, or his own record whose topics and datasets list him
    assert own and {p.path.hops[-1].source.source_id for p in own} <= sanctions | {ZAKHAROV}
    assert any(p.listed.id == graph_id(CST) and p.hops == 1 for p in answer.proximity)  # the company he owns
    assert answer.risk.score > 0


def test_the_partner_and_its_owner_are_named_as_sources_agree(loaded: GraphStore) -> None:
    answer = check(loaded, graph_id(CST), profiles.load("us-research-security"), AS_OF)
    assert answer.entity.name == expected_name(CST) == answer.names.display
    assert answer.entity.name == "Limited Liability Company CST"  # not the Ukrainian list's first spelling
    assert "Zala Aero Group" in answer.names.also_known_as
    assert props(CST)["name"][0] in answer.names.also_known_as  # the list's spelling is kept, not shown as the name
    owner = next(c for c in answer.controllers if c.id == graph_id(KALASHNIKOV))
    assert owner.name == expected_name(KALASHNIKOV) and "Kalashnikov" in (owner.name or "")
    director = next(c for c in answer.controllers if c.influence)
    assert not director.controls and not director.is_ultimate


def test_previous_names_are_listed_as_previously(loaded: GraphStore) -> None:
    osetrova = "NK-2Tbri3s6GgNtAwsSXh4qpL"  # the one record of the file with previousName
    answer = check(loaded, graph_id(osetrova), profiles.load("us-research-security"), AS_OF)
    assert set(answer.names.previously) == set(props(osetrova)["previousName"])
    assert answer.names.display not in answer.names.previously


@pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")
def test_cli_check_answers_for_a_person(loaded: GraphStore, graph_settings: Settings) -> None:
    # Wide enough that no line of the report wraps.
    env = {**os.environ, "TIETRACE_DATA_DIR": str(graph_settings.data_dir), "COLUMNS": "400"}
    result = subprocess.run(
        [sys.executable, "-m", "tietrace.cli", "check", "Aleksandr Zakharov", "--as-of", AS_OF],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{expected_name(ZAKHAROV)} [{graph_id(ZAKHAROV)}] RU person")
    assert f"owns 51%: {expected_name(CST)} (RU)" in out
    assert "board seat (influence)" in out
    assert "Also known as:" in out
