"""API keys (hashed, revocable, reread when the file changes), roles, and the append-only audit log."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest

from access.audit import AuditLog
from access.keys import KeyStore, Role, digest, key_id
from graph.errors import NotFound


def test_roles_include_the_ones_below() -> None:
    assert Role.ADMIN.includes(Role.INVESTIGATOR) and Role.ADMIN.includes(Role.VIEWER)
    assert Role.INVESTIGATOR.includes(Role.VIEWER) and not Role.INVESTIGATOR.includes(Role.ADMIN)
    assert not Role.VIEWER.includes(Role.INVESTIGATOR) and Role.VIEWER.includes(Role.VIEWER)


def test_a_key_is_shown_once_and_stored_as_its_hash(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "data" / "api-keys.json")
    record, key = store.create(Role.VIEWER, "alice")
    assert key.startswith(f"tt_{record.id}_") and len(key) > 50
    assert record.sha256 == digest(key) and record.name == "alice" and record.active
    text = store.path.read_text(encoding="utf-8")
    assert key not in text and key.split("_", 2)[2] not in text
    assert json.loads(text)["keys"][0]["sha256"] == record.sha256
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert not list(store.path.parent.glob(".api-keys.*.tmp"))


def test_verify_accepts_the_key_and_nothing_like_it(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "api-keys.json")
    record, key = store.create(Role.INVESTIGATOR)
    assert store.verify(key) == record and record.name == record.id
    for wrong in (key[:-1], key + "x", f"tt_{record.id}_", "tt_", "", "Bearer " + key, key.upper()):
        assert store.verify(wrong) is None, wrong
    other = KeyStore(tmp_path / "elsewhere.json")
    assert other.verify(key) is None


def test_key_ids_are_parsed_from_our_shape_only() -> None:
    assert key_id("tt_abc123_secret_with_underscores") == "abc123"
    assert key_id("abc_def") is None and key_id("tt_abc") is None and key_id("tt__x") is None


def test_revoking_keeps_the_record_and_stops_the_key(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "api-keys.json")
    record, key = store.create(Role.ADMIN, "ops")
    kept, other_key = store.create(Role.VIEWER, "kept")
    revoked = store.revoke(record.id)
    assert revoked.revoked_at is not None and store.verify(key) is None
    assert store.verify(other_key) == kept
    assert store.revoke(record.id).revoked_at == revoked.revoked_at  # revoking twice changes nothing
    assert [k.id for k in store.all_keys()] == [record.id, kept.id]
    with pytest.raises(NotFound):
        store.revoke("nope")


def test_a_running_reader_sees_keys_another_process_writes(tmp_path: Path) -> None:
    reader, writer = KeyStore(tmp_path / "api-keys.json"), KeyStore(tmp_path / "api-keys.json")
    assert reader.verify("tt_x_y") is None and reader.all_keys() == []
    record, key = writer.create(Role.VIEWER)
    assert reader.verify(key) == record
    writer.revoke(record.id)
    assert reader.verify(key) is None


def test_concurrent_creates_lose_no_key(tmp_path: Path) -> None:
    path = tmp_path / "api-keys.json"
    made: list[str] = []

    def create() -> None:
        made.append(KeyStore(path).create(Role.VIEWER)[0].id)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(k.id for k in KeyStore(path).all_keys()) == sorted(made)


def test_the_audit_log_appends_whole_lines(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit" / "audit.jsonl")
    log.write({"path": "/v1/a", "cypher": "MATCH (n)\nRETURN n", "name": "Gießner"})
    log.write({"path": "/v1/b"})
    assert [r["path"] for r in log.read()] == ["/v1/a", "/v1/b"]
    assert log.read()[0]["cypher"] == "MATCH (n)\nRETURN n" and log.read()[0]["name"] == "Gießner"
    assert len(log.path.read_text(encoding="utf-8").splitlines()) == 2
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    assert AuditLog(tmp_path / "missing.jsonl").read() == []
