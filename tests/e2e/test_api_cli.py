"""CLI parity: `tietrace screen` gives the API's answer as JSON or CSV; `tietrace keys` manages the API's keys."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from api.keys import KeyStore
from graph.settings import Settings
from graph.store import GraphStore
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")
SCREENING = FIXTURES / "screening"


def tietrace(settings: Settings, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TIETRACE_DATA_DIR": str(settings.data_dir),
        "TIETRACE_API_KEYS_FILE": str(tmp / "api-keys.json"),
    }
    return subprocess.run(
        [sys.executable, "-m", "tietrace.cli", *args], env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    for name in ("zala-cluster.ftm.jsonl", "parteispenden-payments.ftm.jsonl"):
        ingest(store, "opensanctions", tmp_path_factory.mktemp("os"), file=FIXTURES / "opensanctions" / name)
    return store


def test_screen_to_json_is_the_api_shape(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    done = tietrace(graph_settings, tmp_path, "screen", str(SCREENING / "collaborators.csv"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert set(answer) == {"profile", "as_of", "encoding", "delimiter", "warnings", "summary", "results"}
    assert [(r["row"], r["status"]) for r in answer["results"]] == [
        (2, "match"), (3, "review"), (4, "match"), (5, "match"), (6, "match"), (7, "no_match"),
    ]  # fmt: skip
    assert set(answer["results"][0]) == {"row", "input", "status", "matches", "risk", "error"}
    assert answer["results"][0]["risk"]["level"] in ("high", "critical")
    assert "6 rows: 4 match, 1 review, 1 no_match" in done.stderr
    assert "column(s) not used: 'notes'" in done.stderr


def test_screen_to_csv_has_one_line_per_row(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    source = SCREENING / "collaborators-cp1252-semicolon.csv"
    done = tietrace(graph_settings, tmp_path, "screen", str(source), "-o", str(out), "--profile", "cn-biosecurity")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["row"], r["Organisation"], r["status"]) for r in table] == [
        ("2", "Märkischer Arbeitgeberverband e. V.", "match"),
        ("3", "Gießner Bauunternehmung GmbH", "match"),
        ("4", "Robert Bosch GmbH", "match"),
    ]
    assert "Windows-1252" in done.stderr and "3 rows: 3 match, 0 review, 0 no_match" in done.stderr


def test_screen_without_output_prints_a_table(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    done = tietrace(graph_settings, tmp_path, "screen", str(SCREENING / "collaborators-utf16-tab.csv"))
    assert done.returncode == 0, done.stderr
    assert "Daimler AG" in done.stdout and "Porsche AG" in done.stdout and "match" in done.stdout


def test_screen_refuses_bad_input_with_row_and_column(graph_settings: Settings, tmp_path: Path) -> None:
    bad = tietrace(graph_settings, tmp_path, "screen", str(SCREENING / "invalid-rows.csv"))
    assert bad.returncode == 2
    assert "row 2, country: 'Narnia'" in bad.stderr and "row 4" in bad.stderr and "Traceback" not in bad.stderr
    wrong = tietrace(graph_settings, tmp_path, "screen", str(SCREENING / "collaborators.csv"), "-o", "out.xlsx")
    assert wrong.returncode == 2 and ".csv or .json" in wrong.stderr
    profile = tietrace(graph_settings, tmp_path, "screen", str(SCREENING / "collaborators.csv"), "--profile", "nope")
    assert profile.returncode == 5 and "no profile named 'nope'" in profile.stderr


def test_keys_create_list_revoke(graph_settings: Settings, tmp_path: Path) -> None:
    created = tietrace(graph_settings, tmp_path, "keys", "create", "--role", "investigator", "--name", "ci bot")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("tt_") and "shown once" in created.stderr
    store = KeyStore(tmp_path / "api-keys.json")
    record = store.verify(key)
    assert record is not None and record.role.value == "investigator" and record.name == "ci bot"
    assert stat.S_IMODE((tmp_path / "api-keys.json").stat().st_mode) == 0o600
    listed = tietrace(graph_settings, tmp_path, "keys", "list", "--json")
    [shown] = json.loads(listed.stdout)
    assert shown == {
        "id": record.id,
        "name": "ci bot",
        "role": "investigator",
        "created_at": record.created_at,
        "revoked_at": None,
    }
    assert key not in listed.stdout and record.sha256 not in listed.stdout
    revoked = tietrace(graph_settings, tmp_path, "keys", "revoke", record.id)
    assert revoked.returncode == 0 and store.verify(key) is None
    unknown = tietrace(graph_settings, tmp_path, "keys", "revoke", "nope")
    assert unknown.returncode == 5 and "no API key with id 'nope'" in unknown.stderr
    bad_role = tietrace(graph_settings, tmp_path, "keys", "create", "--role", "root")
    assert bad_role.returncode == 2
