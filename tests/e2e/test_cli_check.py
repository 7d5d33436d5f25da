"""`tietrace check` through the CLI on the known-answer graph: JSON shape, report, ambiguity, bad options."""

from __future__ import annotations

import json

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.graphs import load_graph

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "cli")


def test_check_json_has_the_documented_shape(graph_settings: Settings, ids: dict[str, str]) -> None:
    result = tietrace(
        graph_settings, "check", ids["m"], "--profile", "us-research-security", "--as-of", "2025-01-01", "--json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {
        "entity", "names", "roles", "as_of", "controllers", "funding", "proximity", "ties",
        "reporting_exceptions", "risk",
    }  # fmt: skip
    assert set(answer["entity"]) >= {"id", "name", "country", "kind", "identifiers"}
    assert set(answer["risk"]) == {"score", "level", "profile", "factors", "rules"}
    assert all(set(f) >= {"name", "weight", "value", "evidence"} for f in answer["risk"]["factors"])
    near = answer["proximity"][0]
    assert near["path"]["hops"][0]["source"]["dataset"] == "fixture"


def test_check_report_names_controllers_and_sources(graph_settings: Settings, ids: dict[str, str]) -> None:
    result = tietrace(graph_settings, "check", ids["x"])
    assert result.returncode == 0, result.stderr
    assert "Chain Grandparent B (CN) 42% controls, ultimate, foreign" in result.stdout
    assert "[fixture:ab, fixture:xa]" in result.stdout


def test_an_ambiguous_name_lists_candidates_and_fails(graph_settings: Settings, ids: dict[str, str]) -> None:
    result = tietrace(graph_settings, "check", "Cycle")
    assert result.returncode == 5
    assert ids["c"] in result.stderr and ids["d"] in result.stderr


def test_unknown_profile_and_bad_date_are_clear(graph_settings: Settings, ids: dict[str, str]) -> None:
    unknown = tietrace(graph_settings, "check", ids["m"], "--profile", "nope")
    assert unknown.returncode == 5 and "no profile named 'nope'" in unknown.stderr
    bad = tietrace(graph_settings, "check", ids["m"], "--as-of", "yesterday")
    assert bad.returncode == 2 and "ISO date" in bad.stderr
