"""CLI parity: `tietrace screen` gives the API's answer as JSON or CSV; `tietrace keys` manages the API's keys;
`tietrace serve --workers N` serves the API from N processes sharing one engine, one keys file and one audit log."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from access.keys import KeyStore, Role
from graph.settings import Settings
from graph.store import GraphStore, embedded_engine
from queries import profiles
from queries.check import check
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")
SCREENING = FIXTURES / "screening"
CST = "opensanctions-NK-abdzbEBkqyT29GyREbiURZ"  # CST LLC, a.k.a. Zala Aero Group, in zala-cluster.ftm.jsonl


def keys_in(tmp: Path) -> dict[str, str]:
    """The API keys of a test in its own folder, not the session's data directory."""
    return {"TIETRACE_API_KEYS_FILE": str(tmp / "api-keys.json")}


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    for name in ("zala-cluster.ftm.jsonl", "parteispenden-payments.ftm.jsonl"):
        ingest(store, "opensanctions", tmp_path_factory.mktemp("os"), file=FIXTURES / "opensanctions" / name)
    return store


def test_screen_to_json_is_the_api_shape(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    done = tietrace(
        graph_settings, "screen", str(SCREENING / "collaborators.csv"), "-o", str(out), env=keys_in(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert set(answer) == {"profile", "as_of", "encoding", "delimiter", "warnings", "summary", "results"}
    assert [(r["row"], r["status"]) for r in answer["results"]] == [
        (2, "match"), (3, "review"), (4, "match"), (5, "match"), (6, "match"), (7, "no_match"),
    ]  # fmt: skip
    assert set(answer["results"][0]) == {
        "row", "input", "original", "status", "organization_status", "matches", "person", "risk", "error"
    }  # fmt: skip
    assert answer["results"][0]["risk"]["level"] in ("high", "critical")
    assert "6 rows: 4 match, 1 review, 1 no_match" in done.stderr
    assert "column(s) not used: 'notes'" in done.stderr


def test_screen_to_csv_has_one_line_per_row(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    source = SCREENING / "collaborators-cp1252-semicolon.csv"
    done = tietrace(
        graph_settings, "screen", str(source), "-o", str(out), "--profile", "cn-biosecurity", env=keys_in(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfrow,")  # a byte-order mark by default, for Excel
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["row"], r["Organisation"], r["status"]) for r in table] == [
        ("2", "Märkischer Arbeitgeberverband e. V.", "match"),
        ("3", "Gießner Bauunternehmung GmbH", "match"),
        ("4", "Robert Bosch GmbH", "match"),
    ]
    assert "Windows-1252" in done.stderr and "3 rows: 3 match, 0 review, 0 no_match" in done.stderr


def test_a_long_list_matched_in_workers_is_answered_as_in_one_process(
    graph_settings: Settings, loaded: GraphStore, tmp_path: Path
) -> None:
    """978 real names (the screening dev set): past 200 rows `tietrace screen` matches in forked workers; the answers
    are those of the process alone, row for row."""
    answers = []
    for workers in ("2", "0"):
        out = tmp_path / f"workers-{workers}.json"
        source = SCREENING / "devset" / "devset.csv"
        done = tietrace(graph_settings, "screen", str(source), "-o", str(out), "--workers", workers, timeout=600)
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(out.read_text(encoding="utf-8"))["results"])
    in_workers, alone = answers
    assert len(in_workers) == 978
    assert in_workers == alone
    assert any(r["status"] == "match" for r in alone)  # the session's graph holds some of these names


def test_screen_to_csv_defuses_formula_headers(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('organization,"=HYPERLINK(""http://evil"",""x"")"\nZala Aero,a\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    done = tietrace(graph_settings, "screen", str(source), "-o", str(out), env=keys_in(tmp_path))
    assert done.returncode == 0, done.stderr
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))  # the file starts with a BOM
    assert header[:3] == ["row", "organization", '\'=HYPERLINK("http://evil","x")']


def test_screen_without_output_prints_a_table(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    done = tietrace(graph_settings, "screen", str(SCREENING / "collaborators-utf16-tab.csv"), env=keys_in(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Daimler AG" in done.stdout and "Porsche AG" in done.stdout and "match" in done.stdout


def test_screen_completes_with_row_errors(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    source = SCREENING / "partner-institutions-bad-rows.csv"
    done = tietrace(graph_settings, "screen", str(source), "-o", str(out), "--no-bom", env=keys_in(tmp_path))
    assert done.returncode == 6, done.stderr  # completed with row errors
    assert "6 rows: 2 match, 0 review, 0 no_match, 4 error (row 3, 4, 5, 7: not screened)" in done.stderr
    assert out.read_bytes().startswith(b"row,Partner Institution,")  # --no-bom
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["row"], r["status"]) for r in table] == [
        ("2", "match"), ("3", "error"), ("4", "error"), ("5", "error"), ("6", "match"), ("7", "error"),
    ]  # fmt: skip
    assert table[2]["error"] == "Country/Region: 'Narnia' is not a country name or ISO 3166 code"
    shown = tietrace(graph_settings, "screen", str(SCREENING / "invalid-rows.csv"), env=keys_in(tmp_path))
    assert shown.returncode == 6 and "Narnia" in shown.stdout and "Traceback" not in shown.stderr


def test_screen_refuses_bad_input_with_row_and_column(graph_settings: Settings, tmp_path: Path) -> None:
    bad = tietrace(graph_settings, "screen", str(SCREENING / "malformed-quote.csv"), env=keys_in(tmp_path))
    assert bad.returncode == 2
    assert "row 3 (line 4)" in bad.stderr and "Traceback" not in bad.stderr
    unknown = tietrace(
        graph_settings, "screen", str(SCREENING / "collaborators.csv") + ".missing", env=keys_in(tmp_path)
    )
    assert unknown.returncode == 2 and "No such file or directory" in unknown.stderr
    wrong = tietrace(
        graph_settings, "screen", str(SCREENING / "collaborators.csv"), "-o", "out.xlsx", env=keys_in(tmp_path)
    )
    assert wrong.returncode == 2 and ".csv or .json" in wrong.stderr
    profile = tietrace(
        graph_settings, "screen", str(SCREENING / "collaborators.csv"), "--profile", "nope", env=keys_in(tmp_path)
    )
    assert profile.returncode == 5 and "no profile named 'nope'" in profile.stderr


def test_keys_create_list_revoke(graph_settings: Settings, tmp_path: Path) -> None:
    created = tietrace(
        graph_settings, "keys", "create", "--role", "investigator", "--name", "ci bot", env=keys_in(tmp_path)
    )
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("tt_") and "shown once" in created.stderr
    store = KeyStore(tmp_path / "api-keys.json")
    record = store.verify(key)
    assert record is not None and record.role.value == "investigator" and record.name == "ci bot"
    assert stat.S_IMODE((tmp_path / "api-keys.json").stat().st_mode) == 0o600
    listed = tietrace(graph_settings, "keys", "list", "--json", env=keys_in(tmp_path))
    [shown] = json.loads(listed.stdout)
    assert shown == {
        "id": record.id,
        "name": "ci bot",
        "role": "investigator",
        "created_at": record.created_at,
        "revoked_at": None,
    }
    assert key not in listed.stdout and record.sha256 not in listed.stdout
    revoked = tietrace(graph_settings, "keys", "revoke", record.id, env=keys_in(tmp_path))
    assert revoked.returncode == 0 and store.verify(key) is None
    unknown = tietrace(graph_settings, "keys", "revoke", "nope", env=keys_in(tmp_path))
    assert unknown.returncode == 5 and "no API key with id 'nope'" in unknown.stderr
    bad_role = tietrace(graph_settings, "keys", "create", "--role", "root", env=keys_in(tmp_path))
    assert bad_role.returncode == 2


def test_serve_refuses_a_senseless_number_of_workers(graph_settings: Settings, tmp_path: Path) -> None:
    none = tietrace(graph_settings, "serve", "--workers", "0", env=keys_in(tmp_path))
    assert none.returncode == 2 and "--workers must be at least 1, got 0" in none.stderr
    cores = len(os.sched_getaffinity(0))
    many = tietrace(graph_settings, "serve", "--workers", str(2 * cores + 1), env=keys_in(tmp_path))
    assert many.returncode == 2 and f"more than {2 * cores} (2 per core, {cores} usable cores)" in many.stderr
    assert "Traceback" not in none.stderr + many.stderr


def test_serve_stops_at_once_when_the_graph_cannot_be_reached(graph_settings: Settings, tmp_path: Path) -> None:
    env = {**os.environ, "TIETRACE_GRAPH_URI": "bolt://127.0.0.1:1"}  # port 1: nothing listens, refused at once
    command = [sys.executable, "-m", "tietrace.cli", "serve", "--workers", "2", "--port", str(free_port())]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 4 and "cannot be reached" in done.stderr and "Traceback" not in done.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def connections_to(pid: int, port: int) -> int:
    """Established TCP connections one process holds to a loopback port: its socket inodes found in /proc/net."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = str(fd.readlink())
        if target.startswith("socket:["):
            inodes.add(target.removeprefix("socket:[").removesuffix("]"))
    count = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            remote_port, state, inode = int(fields[2].rsplit(":", 1)[1], 16), fields[3], fields[9]
            count += state == "01" and remote_port == port and inode in inodes  # 01: ESTABLISHED
    return count


@contextmanager
def serving(graph_settings: Settings, tmp: Path, workers: int) -> Iterator[tuple[str, int, list[int]]]:
    """`tietrace serve --workers N` on a free port; yields its URL, its pid and its workers' pids once every
    worker has finished starting and /readyz answers."""
    port, log_path = free_port(), tmp / "serve.log"
    env = {
        **os.environ,
        "TIETRACE_DATA_DIR": str(graph_settings.data_dir),
        "TIETRACE_API_KEYS_FILE": str(tmp / "api-keys.json"),
        "TIETRACE_API_AUDIT_FILE": str(tmp / "audit.jsonl"),
        "TIETRACE_API_OPEN": "false",
    }
    command = [sys.executable, "-m", "tietrace.cli", "serve", "--port", str(port), "--workers", str(workers)]
    with log_path.open("wb") as log_out:
        server = subprocess.Popen(command, env=env, stdout=log_out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            log = log_path.read_text(errors="replace")
            assert server.poll() is None, f"serve exited with {server.returncode}:\n{log}"
            assert time.monotonic() < deadline, f"serve did not start its {workers} workers in 120 s:\n{log}"
            if log.count("Application startup complete") == workers and httpx.get(f"{base}/readyz").is_success:
                break
            time.sleep(0.5)
        yield base, server.pid, [int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", log)]
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_serve_with_two_workers_answers_from_the_one_engine(
    graph_settings: Settings, loaded: GraphStore, tmp_path: Path
) -> None:
    engine = embedded_engine(graph_settings).status()
    assert engine.running and engine.bolt_uri is not None
    bolt_port = int(engine.bolt_uri.rsplit(":", 1)[1])
    record, key = KeyStore(tmp_path / "api-keys.json").create(Role.VIEWER, "workers test")
    expected = check(loaded, CST, profiles.load("us-research-security"), "2026-01-01").model_dump(mode="json")
    with serving(graph_settings, tmp_path, workers=2) as (base, serve_pid, workers):
        assert len(set(workers)) == 2 and all(parent_of(pid) == serve_pid for pid in workers)
        # Each worker opened its own driver, to the engine that was already running: none started another.
        assert all(connections_to(pid, bolt_port) >= 1 for pid in workers)
        assert connections_to(serve_pid, bolt_port) == 0  # the parent only checked the graph, then closed
        assert embedded_engine(graph_settings).status().pid == engine.pid
        url = f"{base}/v1/entities/{CST}/check?profile=us-research-security&as_of=2026-01-01"
        auth = {"Authorization": f"Bearer {key}"}
        answers = [httpx.get(url, headers=auth, timeout=60) for _ in range(6)]  # a new connection each
        assert [r.status_code for r in answers] == [200] * 6, answers[0].text
        assert all(r.json() == expected for r in answers)
        assert expected["risk"]["level"] in ("high", "critical")
        KeyStore(tmp_path / "api-keys.json").revoke(record.id)  # the one keys file: refused by every worker
        assert [httpx.get(url, headers=auth).status_code for _ in range(6)] == [401] * 6
    # Both workers append to the one audit log; the refused requests name the revoked key, as revoked.
    lines = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    path = f"/v1/entities/{CST}/check"
    audited = sorted((a["status"], a["key_id"], a["outcome"]) for a in lines if a["path"] == path)
    assert audited == [(200, record.id, "ok")] * 6 + [(401, record.id, "revoked")] * 6
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)  # stopped with the server
