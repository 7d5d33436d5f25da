"""The `tietrace` command on its own engine: status, start, stats, cypher, stop, restart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import embedded_engine, open_store
from tests import cli_run
from tests.conftest import ON_NEO4J, engine_dir_settings

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="drives the embedded engine's own lifecycle")

# The engine these tests start through the CLI bounds each query at 5 s, as the session's engine does.
tietrace = partial(cli_run.tietrace, env={"TIETRACE_QUERY_TIMEOUT": "5"})


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli")
    yield path
    embedded_engine(engine_dir_settings(path)).stop()


def test_status_of_a_stopped_graph_exits_non_zero(data_dir: Path) -> None:
    result = tietrace(data_dir, "graph", "status", "--json")
    assert result.returncode == 4
    assert json.loads(result.stdout)["running"] is False


def test_start_status_stats_cypher_stop_restart(data_dir: Path) -> None:
    started = tietrace(data_dir, "graph", "start")
    assert started.returncode == 0, started.stderr
    assert "embedded graph running" in started.stdout

    status = json.loads(tietrace(data_dir, "graph", "status", "--json").stdout)
    assert status["running"] is True and status["uri"].startswith("bolt://127.0.0.1:")

    prov = Provenance("test", "cli", "2026-11-25T00:00:00Z")
    with open_store(engine_dir_settings(data_dir)) as store, store.writer() as writer:
        writer.add(Entity("a", Label.ORGANIZATION, prov, {"name": "Alpha"}))
        writer.add(Entity("b", Label.ORGANIZATION, prov, {"name": "Beta"}))
        writer.add(Relation("ab", Rel.OWNS, "a", Label.ORGANIZATION, "b", Label.ORGANIZATION, prov))

    stats = tietrace(data_dir, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    counts = json.loads(stats.stdout)
    assert counts["nodes"]["Organization"] == 2
    assert counts["relationships"]["OWNS"] == 1
    assert counts["nodes"]["Grant"] == 0

    answer = tietrace(data_dir, "cypher", "MATCH (n) RETURN count(n) AS n", "--json")
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["rows"] == [{"n": 2}]

    param = tietrace(data_dir, "cypher", "MATCH (n:Organization {id: $id}) RETURN n.name AS name", "-p", "id=a")
    assert param.returncode == 0 and "Alpha" in param.stdout

    refused = tietrace(data_dir, "cypher", "MATCH (n) DETACH DELETE n")
    assert refused.returncode == 3
    assert "refused" in refused.stderr
    assert json.loads(tietrace(data_dir, "stats", "--json").stdout) == counts

    bad = tietrace(data_dir, "cypher", "MATC (n)")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr

    assert tietrace(data_dir, "graph", "stop").returncode == 0
    assert tietrace(data_dir, "graph", "status").returncode == 4
    # Commands start the engine on demand, and the data is still there.
    assert json.loads(tietrace(data_dir, "stats", "--json").stdout) == counts


def test_bad_parameters_are_usage_errors(data_dir: Path) -> None:
    result = tietrace(data_dir, "cypher", "RETURN 1 AS x", "-p", "no-equals-sign")
    assert result.returncode == 2
    assert "expected name=value" in result.stderr
