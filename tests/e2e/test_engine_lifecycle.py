"""The embedded engine as a shared child process: started once, found by others, stopped cleanly, data kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.model import Entity, Label, Provenance
from graph.store import embedded_engine, open_store
from tests.conftest import ON_NEO4J, engine_dir_settings

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the embedded engine's lifecycle; Neo4j runs on its own")

COUNT = "MATCH (n:Organization) RETURN count(n) AS n"


def engine_pids(data_dir: Path) -> list[int]:
    """Engine processes serving this data directory, found from the process table."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"graph.store.engine_process" in cmdline and str(data_dir / "engine").encode() in cmdline:
                pids.append(int(proc.name))
    return pids


def test_data_survives_stop_and_restart(tmp_path: Path, provenance: Provenance) -> None:
    settings = engine_dir_settings(tmp_path)
    with open_store(settings) as store, store.writer() as writer:
        writer.add_all([Entity(f"o{i}", Label.ORGANIZATION, provenance, {"name": f"Org {i}"}) for i in range(7)])
    engine = embedded_engine(settings)
    assert engine.stop() is True
    assert not engine.status().running
    assert engine_pids(tmp_path) == []
    with open_store(settings) as store:
        assert store.run_guarded(COUNT).rows == [{"n": 7}]
    assert engine.stop() is True
    assert engine.stop() is False  # stopping a stopped engine says so and does nothing


def test_concurrent_starts_share_one_engine(tmp_path: Path) -> None:
    env = {**os.environ, "TIETRACE_DATA_DIR": str(tmp_path)}
    starters = [
        subprocess.Popen([sys.executable, "-m", "tietrace.cli", "graph", "start"], env=env, stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=180)[0].decode() for p in starters]
    try:
        assert [p.returncode for p in starters] == [0, 0, 0], outputs
        assert len(engine_pids(tmp_path)) == 1
        status = embedded_engine(engine_dir_settings(tmp_path)).status()
        assert status.running and all(f"pid {status.pid}" in out for out in outputs)
    finally:
        embedded_engine(engine_dir_settings(tmp_path)).stop()


def test_a_killed_engine_is_restarted_with_its_data(tmp_path: Path, provenance: Provenance) -> None:
    settings = engine_dir_settings(tmp_path)
    with open_store(settings) as store, store.writer() as writer:
        writer.add(Entity("kept", Label.ORGANIZATION, provenance, {"name": "Kept Org"}))
    engine = embedded_engine(settings)
    pid = engine.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and engine_pids(tmp_path):
        time.sleep(0.2)
    assert not engine.status().running  # the stale state file does not fool it
    try:
        with open_store(settings) as store:
            rows = store.run_guarded("MATCH (n:Organization {id: 'kept'}) RETURN n.name AS name").rows
        assert rows == [{"name": "Kept Org"}]
        assert engine.status().pid != pid
    finally:
        engine.stop()


def test_a_state_file_copied_from_another_data_directory_names_no_engine_of_this_one(
    tmp_path: Path, provenance: Provenance
) -> None:
    # A data directory copied while its engine ran carries that engine's state file (its pid, alive, and ports):
    # the copy's reads and writes went to the original's graph. The engine must be this directory's own.
    original, copy = engine_dir_settings(tmp_path / "original"), engine_dir_settings(tmp_path / "copy")
    with open_store(copy) as store, store.writer() as writer:
        writer.add(Entity("copy-only", Label.ORGANIZATION, provenance, {"name": "Copy Org"}))
    embedded_engine(copy).stop()
    with open_store(original) as store, store.writer() as writer:
        writer.add(Entity("original-only", Label.ORGANIZATION, provenance, {"name": "Original Org"}))
    running = embedded_engine(original)
    copied = embedded_engine(copy)
    try:
        copied.files.state_file.write_bytes(running.files.state_file.read_bytes())
        assert running.status().running and not copied.status().running
        assert copied.stop() is False  # nor is the original's engine stopped from the copy
        assert running.status().running
        copied.files.state_file.write_bytes(running.files.state_file.read_bytes())
        with open_store(copy) as store:
            ids = [row["id"] for row in store.run_guarded("MATCH (n:Organization) RETURN n.id AS id").rows]
        assert ids == ["copy-only"]
        assert copied.status().pid != running.status().pid
    finally:
        copied.stop()
        running.stop()


def test_the_engine_listens_on_loopback_only_with_mcp_off(tmp_path: Path) -> None:
    settings = engine_dir_settings(tmp_path)
    engine = embedded_engine(settings)
    try:
        status = engine.ensure_running()
        assert status.bolt_uri is not None and status.bolt_uri.startswith("bolt://127.0.0.1:")
        mcp = json.loads((engine.files.config_dir / "mcp-config.json").read_text())
        assert mcp["enabled"] is False
        assert oct(engine.files.secret_file.stat().st_mode & 0o777) == "0o600"
        assert oct(engine.files.socket.stat().st_mode & 0o777) == "0o600"
        listening = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
        state = engine.files.read_state()
        assert state is not None
        for port in (state["boltPort"], state["httpPort"]):
            local = [line.split()[1] for line in listening.splitlines()[1:] if line.split()[3] == "0A"]
            bound = [addr for addr in local if int(addr.rsplit(":", 1)[1], 16) == port]
            assert bound, f"port {port} is not listening"
            # 0100007F is 127.0.0.1 (little-endian hex); in tcp6 it appears as ::ffff:127.0.0.1.
            assert all(addr.startswith(("0100007F", "0000000000000000FFFF00000100007F")) for addr in bound)
    finally:
        engine.stop()
