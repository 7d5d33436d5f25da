"""One ingest of a source at a time: a second one, while the first holds the source's lock, stops at once with
"another ingest of X is running" and exit code 1, instead of racing the first into a duplicate-key error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from ingest.errors import IngestBusy
from ingest.run import LOCK_FILE, source_dir, source_lock
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
HOLD = """
import fcntl, os, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
handle.truncate(0); handle.write(f"{os.getpid()}\\n"); handle.flush()
print("held", flush=True)
time.sleep(120)
"""


@contextmanager
def held_by_another_process(data_dir: Path, source: str) -> Iterator[subprocess.Popen[str]]:
    """The source's lock held by a separate process, as a running `tietrace ingest` holds it."""
    workdir = source_dir(data_dir, source)
    workdir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(workdir / LOCK_FILE)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.skipif(ON_NEO4J, reason="the CLI reaches the session's embedded engine through its data dir")
def test_a_second_cli_ingest_of_a_source_stops_with_a_clear_message(
    graph_settings: Settings, store: GraphStore
) -> None:
    data_dir = graph_settings.data_dir
    with held_by_another_process(data_dir, "opensanctions") as holder:
        busy = tietrace(data_dir, "ingest", "opensanctions", "--file", str(ZALA), "--no-resolve")
        assert busy.returncode == 1, busy.stderr
        message = " ".join(busy.stderr.split())
        assert f"another ingest of opensanctions is running (process {holder.pid})" in message
        assert "Traceback" not in busy.stderr and "duplicate" not in message.lower()
    # The holder gone (killed, not cleaned up), the lock is free: the kernel released it with the process.
    done = tietrace(data_dir, "ingest", "opensanctions", "--file", str(ZALA), "--no-resolve", "--json")
    assert done.returncode == 0, done.stderr
    assert '"failed": null' in done.stdout


def test_the_lock_is_per_source_and_released_after_a_run(
    graph_settings: Settings, store: GraphStore, tmp_path: Path
) -> None:
    with source_lock(tmp_path, "opensanctions"):
        with pytest.raises(IngestBusy, match="another ingest of opensanctions is running"):
            ingest(store, "opensanctions", tmp_path, file=ZALA)
        with source_lock(tmp_path, "trade_csl"):  # another source is not held up
            pass
    first = ingest(store, "opensanctions", tmp_path, file=ZALA)
    again = ingest(store, "opensanctions", tmp_path, file=ZALA)  # the first run let go of its lock
    assert first.failed is None and again.failed is None and first.read == again.read > 0
