"""Issue 13 on the real engine: the guard's bypasses fail safely on the CLI and the API, and the engine itself reads
no file, whatever reaches it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from access.keys import Role
from graph.cypher import Query
from graph.errors import QueryError, WriteRefused
from graph.settings import Settings, get_settings
from graph.store import GraphStore, embedded_engine
from tests.api_harness import Harness, assert_problem, running_api
from tests.conftest import ON_NEO4J
from tests.cypher_variants import forbidden_query
from tietrace.cli import app

ZED = "MATCH (n:Zed) RETURN count(n) AS n"


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-bypass")) as harness:
        yield harness


@pytest.fixture(scope="module")
def cli(graph_settings: Settings, store: GraphStore) -> Iterator[CliRunner]:
    """`tietrace` in this process, pointed at the session's graph through its environment."""
    saved = dict(os.environ)
    if not ON_NEO4J:
        os.environ["TIETRACE_DATA_DIR"] = str(graph_settings.data_dir)
        os.environ["TIETRACE_QUERY_TIMEOUT"] = str(graph_settings.query_timeout)
    get_settings.cache_clear()
    yield CliRunner()
    os.environ.clear()
    os.environ.update(saved)
    get_settings.cache_clear()


def secret_path(graph_settings: Settings) -> Path:
    return embedded_engine(graph_settings).files.secret_file


def leaked(text: str, graph_settings: Settings) -> bool:
    """Whether an answer shows /etc/passwd or the engine's secret."""
    if "root:x:0:0" in text:
        return True
    return not ON_NEO4J and secret_path(graph_settings).read_text(encoding="utf-8").strip() in text


def reproductions(graph_settings: Settings) -> list[str]:
    secret = secret_path(graph_settings) if not ON_NEO4J else Path("/data/secret")
    return [
        "//x\rLOAD CSV FROM 'file:///etc/passwd' AS r\nRETURN r",
        f"//x\rLOAD CSV FROM 'file://{secret}' AS r\nRETURN r",
        "//x\rCALL db.schema.visualization()\nRETURN 1",
    ]


def test_issue_13_reproductions_are_refused_by_the_api(api: Harness, graph_settings: Settings) -> None:
    for query in reproductions(graph_settings):
        response = api.client.post("/v1/cypher", json={"query": query}, headers=api.auth(Role.INVESTIGATOR))
        assert_problem(response, 403, "write-refused")
        assert not leaked(response.text, graph_settings)


def test_issue_13_reproductions_are_refused_by_the_cli(cli: CliRunner, graph_settings: Settings) -> None:
    for query in reproductions(graph_settings):
        result = cli.invoke(app, ["cypher", query])
        assert result.exit_code == 3, result.output
        assert not leaked(result.output, graph_settings)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=forbidden_query())
def test_variants_are_refused_by_the_api(api: Harness, store: GraphStore, graph_settings: Settings, query: str) -> None:
    response = api.client.post("/v1/cypher", json={"query": query}, headers=api.auth(Role.INVESTIGATOR))
    assert response.status_code in (400, 403), response.text
    assert not leaked(response.text, graph_settings)
    assert store.run_guarded(ZED).rows == [{"n": 0}]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=forbidden_query())
def test_variants_are_refused_by_the_cli(
    cli: CliRunner, store: GraphStore, graph_settings: Settings, query: str
) -> None:
    result = cli.invoke(app, ["cypher", query])
    assert result.exit_code in (2, 3), result.output
    assert not leaked(result.output, graph_settings)
    assert store.run_guarded(ZED).rows == [{"n": 0}]


# -- the engine reads no file even when the guard is skipped ----------------------------------------------

engine_only = pytest.mark.skipif(ON_NEO4J, reason="the embedded engine's configuration")


@engine_only
@pytest.mark.parametrize(
    "source",
    ["file://{secret}", "{secret}", "file:///etc/passwd", "/etc/passwd", "http://127.0.0.1:9/x.csv"],
)
def test_load_csv_sent_straight_to_the_engine_reads_nothing(
    store: GraphStore, graph_settings: Settings, source: str
) -> None:
    text = f"LOAD CSV FROM '{source.format(secret=secret_path(graph_settings))}' AS r RETURN r"
    # store.run is the path of the shipped queries: no guard at all, only the engine's own configuration.
    with pytest.raises((WriteRefused, QueryError)) as refused:
        store.run(Query(name="bypass", text=text))
    assert not leaked(str(refused.value), graph_settings)


@engine_only
def test_the_engine_http_port_serves_no_studio(store: GraphStore, graph_settings: Settings) -> None:
    state = embedded_engine(graph_settings).files.read_state()
    assert state is not None
    for path in ("/", "/index.html", "/studio/", "/api/v1/server"):
        response = httpx.get(f"http://127.0.0.1:{state['httpPort']}{path}", timeout=5)
        assert response.status_code in (401, 403, 404), (path, response.status_code)
        assert "<html" not in response.text.lower()


@engine_only
def test_engine_files_are_the_owners_alone(store: GraphStore, graph_settings: Settings) -> None:
    files = embedded_engine(graph_settings).files
    assert files.dir.parent.stat().st_mode & 0o777 == 0o700
    assert files.dir.stat().st_mode & 0o777 == 0o700
    for path in (files.secret_file, files.state_file, files.log_file, files.lock_file):
        assert path.stat().st_mode & 0o777 == 0o600, path
    open_to_others = [p for p in files.root.rglob("*") if p.stat().st_mode & 0o077]
    assert open_to_others == []
