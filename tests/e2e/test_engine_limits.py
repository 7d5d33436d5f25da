"""Issue 13 on a private embedded engine: the time limit holds for a query the engine cannot interrupt, and a
running API survives the engine's death and restart on another port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import Response

from access.keys import Role
from graph.settings import Settings
from graph.store import embedded_engine
from tests.api_harness import Harness, assert_problem, running_api
from tests.conftest import ON_NEO4J, engine_dir_settings

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="kills and restarts the embedded engine")

TIMEOUT = 5.0  # engine_dir_settings' query_timeout
# ArcadeDB checks its command timeout in scan, expand and filter loops, not inside reduce(): issue 13 measured
# 70 s against a 30 s limit. The store stops waiting 3 s past the limit and restarts the engine.
RUNAWAY = "RETURN size(reduce(s = '', x IN range(1, 300000) | s + 'xxxxxxxxxx')) AS n"


@pytest.fixture
def private(tmp_path: Path) -> Iterator[tuple[Settings, Harness]]:
    settings = engine_dir_settings(tmp_path / "data")  # query_timeout=5
    try:
        with running_api(settings, tmp_path / "api") as harness:
            yield settings, harness
    finally:
        embedded_engine(settings).stop(timeout=20)


def cypher(api: Harness, query: str) -> Response:
    response: Response = api.client.post("/v1/cypher", json={"query": query}, headers=api.auth(Role.INVESTIGATOR))
    return response


def wait_for(api: Harness, limit: float = 180.0) -> float:
    """Seconds until the API answers a query again."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        if cypher(api, "RETURN 1 AS one").status_code == 200:
            return time.monotonic() - began
        time.sleep(0.5)
    raise AssertionError(f"the API did not answer within {limit:.0f} s")


def test_a_query_the_engine_cannot_stop_times_out_and_the_engine_answers_after(
    private: tuple[Settings, Harness],
) -> None:
    settings, api = private
    pid = embedded_engine(settings).status().pid
    began = time.monotonic()
    response = cypher(api, RUNAWAY)
    took = time.monotonic() - began
    problem = assert_problem(response, 504, "query-timeout")
    assert "time limit" in problem["detail"]
    assert took < TIMEOUT + 5, f"answered after {took:.1f} s"
    # The runaway engine was restarted (not left burning a core), and answers normal queries again.
    recovered = wait_for(api)
    assert embedded_engine(settings).status().pid != pid
    assert cypher(api, "RETURN 1 AS one").json()["rows"] == [{"one": 1}]
    print(f"timeout answered in {took:.1f} s; engine answered again {recovered:.1f} s later")


def test_the_api_survives_a_killed_engine_and_its_restart_on_another_port(
    private: tuple[Settings, Harness],
) -> None:
    settings, api = private
    engine = embedded_engine(settings)
    before = engine.status()
    assert before.pid is not None and cypher(api, "RETURN 1 AS one").status_code == 200
    os.kill(before.pid, signal.SIGKILL)
    while engine.status().running:
        time.sleep(0.1)

    for method, path, body in [
        ("GET", "/readyz", None),
        ("POST", "/v1/cypher", {"query": "RETURN 1 AS one"}),
        ("GET", "/v1/stats", None),
    ]:
        began = time.monotonic()
        response = api.client.request(method, path, json=body, headers=api.auth(Role.INVESTIGATOR))
        took = time.monotonic() - began
        assert_problem(response, 503)
        assert took < 2.0, f"{path} took {took:.1f} s to say 503"
        assert "bolt://" not in response.text and "127.0.0.1:" not in response.text, response.text
        print(f"{path}: 503 in {took:.2f} s while the engine was down")

    after = engine.ensure_running()  # what `tietrace graph start` does
    assert after.bolt_uri != before.bolt_uri
    # The same app, never restarted, finds the engine on its new port; a fresh engine's first answers are slow
    # (a cold JVM), so /readyz may say 503 for a few seconds before it says 200.
    began = time.monotonic()
    while api.client.get("/readyz").status_code != 200:
        assert time.monotonic() - began < 60, "the API did not find the restarted engine within 60 s"
        time.sleep(0.5)
    assert cypher(api, "RETURN 1 AS one").json()["rows"] == [{"one": 1}]
    assert api.client.get("/v1/stats", headers=api.auth(Role.VIEWER)).status_code == 200
    print(f"reconnected to the restarted engine in {time.monotonic() - began:.2f} s")


def test_the_api_starts_a_dead_engine_again_by_itself(private: tuple[Settings, Harness]) -> None:
    settings, api = private
    engine = embedded_engine(settings)
    pid = engine.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while engine.status().running:
        time.sleep(0.1)
    assert_problem(api.client.get("/readyz"), 503)  # noticed: the engine is started again in the background
    began = time.monotonic()
    while api.client.get("/readyz").status_code != 200:
        assert time.monotonic() - began < 120, "the dead engine was not started again within 120 s"
        time.sleep(0.5)
    assert engine.status().pid not in (None, pid)
    assert cypher(api, "RETURN 1 AS one").json()["rows"] == [{"one": 1}]
    print(f"a killed engine answered again {time.monotonic() - began:.1f} s after the API noticed")


def test_a_fresh_data_dir_is_the_owners_alone(tmp_path: Path) -> None:
    settings = engine_dir_settings(tmp_path / "fresh" / "data")
    files = embedded_engine(settings).files
    files.read_or_create_secret()  # what the first start does before anything else
    assert (tmp_path / "fresh" / "data").stat().st_mode & 0o777 == 0o700
    assert files.secret_file.stat().st_mode & 0o777 == 0o600


def test_the_cli_answers_a_runaway_query_with_a_timeout_and_exits(tmp_path: Path) -> None:
    settings = engine_dir_settings(tmp_path / "data")
    engine = embedded_engine(settings)
    engine.ensure_running()
    env = {**os.environ, "TIETRACE_DATA_DIR": str(settings.data_dir), "TIETRACE_QUERY_TIMEOUT": str(TIMEOUT)}
    try:
        began = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "tietrace.cli", "cypher", RUNAWAY],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - began
        assert result.returncode == 2, result.stderr
        assert "time limit" in result.stderr
        # Process start and connection included; the query itself is bounded at the limit plus 3 s.
        assert took < TIMEOUT + 25, f"the CLI answered after {took:.1f} s"
        print(f"CLI: timeout answered and exited in {took:.1f} s")
    finally:
        engine.stop(timeout=20)
