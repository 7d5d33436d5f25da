"""An ingest killed with kill -9 mid-way resumes after its last committed batch and ends with the same graph
as an uninterrupted run; the CLI prints a summary and fails clearly when the source fails."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.store import embedded_engine, open_store
from tests.conftest import ON_NEO4J, engine_dir_settings
from tests.ingest_helpers import FIXTURES

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="compares two private embedded graphs")

VOLATILE = {"firstSeen", "lastSeen", "retrievedAt"}


def cli(data_dir: Path, *args: str, commit_every: int = 5) -> subprocess.Popen[str]:
    env = {**os.environ, "TIETRACE_DATA_DIR": str(data_dir), "TIETRACE_INGEST_COMMIT_EVERY": str(commit_every)}
    return subprocess.Popen(
        [sys.executable, "-m", "tietrace.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(data_dir: Path) -> tuple[list[Any], list[Any]]:
    """Every node and relationship of the dataset, without the properties that record when they were seen."""
    with open_store(engine_dir_settings(data_dir)) as store:
        nodes = store.run_guarded(
            "MATCH (n) WHERE n.dataset = 'opensanctions' RETURN n.id AS id, labels(n) AS labels, properties(n) AS p",
            row_cap=10_000,
        ).rows
        rels = store.run_guarded(
            "MATCH (a)-[r]->(b) WHERE r.dataset = 'opensanctions' "
            "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p",
            row_cap=10_000,
        ).rows

    def stable(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(
            json.dumps({**row, "p": {k: v for k, v in row["p"].items() if k not in VOLATILE}}, sort_keys=True)
            for row in rows
        )

    return stable(nodes), stable(rels)


@pytest.fixture
def combined(tmp_path: Path) -> Path:
    """Both real FtM fixture files as one input (565 records)."""
    path = tmp_path / "combined.ftm.jsonl"
    parts = [
        (FIXTURES / "opensanctions" / name).read_text(encoding="utf-8")
        for name in ("zala-cluster.ftm.jsonl", "parteispenden-payments.ftm.jsonl")
    ]
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.fixture
def dirs(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    interrupted, uninterrupted = tmp_path / "interrupted", tmp_path / "uninterrupted"
    yield interrupted, uninterrupted
    for path in (interrupted, uninterrupted):
        embedded_engine(engine_dir_settings(path)).stop()


def test_kill_9_mid_run_then_rerun_gives_the_uninterrupted_graph(combined: Path, dirs: tuple[Path, Path]) -> None:
    interrupted, uninterrupted = dirs
    # Start the engine first, so the timed part below is the ingest itself.
    assert cli(interrupted, "graph", "start").wait(timeout=180) == 0
    checkpoint = interrupted / "ingest" / "opensanctions" / "checkpoint.json"
    run = cli(interrupted, "ingest", "opensanctions", "--file", str(combined))
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and run.poll() is None:
        if checkpoint.exists():
            state = json.loads(checkpoint.read_text())
            committed = state["committed"]
            if committed >= 5:
                break
        time.sleep(0.002)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    state = json.loads(checkpoint.read_text())
    assert not state["completed"] and 5 <= state["committed"] < 565

    rerun = cli(interrupted, "ingest", "opensanctions", "--file", str(combined), "--json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["skipped"] == state["committed"]  # resumed after the last committed batch
    assert summary["read"] == 565 and summary["rejected"] == 0
    assert json.loads(checkpoint.read_text())["completed"] is True

    straight = cli(uninterrupted, "ingest", "opensanctions", "--file", str(combined), "--json", commit_every=1000)
    out, err = straight.communicate(timeout=300)
    assert straight.returncode == 0, err
    assert json.loads(out)["skipped"] == 0

    nodes_a, rels_a = snapshot(interrupted)
    nodes_b, rels_b = snapshot(uninterrupted)
    # 23 catalogued lists; 41 Sanction listings and 108 stated by the records' own topics (test_ingest_opensanctions)
    assert len(nodes_a) == 11 + 6 + 23 + 73 + 22 + 290 and len(rels_a) == 14 + 3 + 41 + 108 + 290 + 290
    assert nodes_a == nodes_b
    assert rels_a == rels_b


def test_the_cli_lists_sources_and_fails_clearly(tmp_path: Path) -> None:
    listing = cli(tmp_path, "ingest", "--list")
    out, _ = listing.communicate(timeout=60)
    assert listing.returncode == 0 and "opensanctions" in out

    unknown = cli(tmp_path, "ingest", "nope")
    _, err = unknown.communicate(timeout=60)
    assert unknown.returncode == 2 and "unknown source 'nope'" in err

    bad_since = cli(tmp_path, "ingest", "opensanctions", "--since", "last week")
    _, err = bad_since.communicate(timeout=60)
    assert bad_since.returncode == 2 and "ISO date" in err
    try:
        missing = cli(tmp_path, "ingest", "opensanctions", "--file", str(tmp_path / "absent.json"))
        out, err = missing.communicate(timeout=180)
        assert missing.returncode == 1
        assert "no such file" in err and "Traceback" not in err
    finally:
        embedded_engine(engine_dir_settings(tmp_path)).stop()
