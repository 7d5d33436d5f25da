"""The API under test: the app on the session's graph, with its own keys file (one key per role) and audit log.

Shared by the tests/e2e/test_api_*.py modules (it holds no tests itself). Tests reach the app over HTTP through
Starlette's TestClient, which runs the lifespan, so the store is opened and closed as under uvicorn.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from access.audit import AuditLog
from access.keys import KeyStore, Role
from api.app import create_app
from graph.settings import ApiSettings, Settings

PROBLEM = "application/problem+json"


@dataclass
class Harness:
    app: FastAPI
    client: TestClient
    keys: dict[Role, str]
    key_ids: dict[Role, str]
    key_store: KeyStore
    audit: AuditLog
    settings: ApiSettings

    def auth(self, role: Role = Role.VIEWER) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


@contextmanager
def running_api(graph_settings: Settings, folder: Path, **overrides: Any) -> Iterator[Harness]:
    # Every setting the tests rely on is explicit, so a developer's TIETRACE_API_* environment cannot change them.
    chosen: dict[str, Any] = {
        "keys_file": folder / "api-keys.json",
        "audit_file": folder / "audit.jsonl",
        "access_log": False,
        "open": False,
        "max_upload_bytes": 10 * 1024 * 1024,
        "max_rows": 50_000,
        "max_name_length": 500,
        "matcher_ttl": 600.0,
        "screen_workers": 0,  # processes of their own per app: only the tests of them start them
    }
    options = ApiSettings(**{**chosen, **overrides})
    settings = graph_settings.model_copy(update={"api": options})
    key_store = KeyStore(settings.keys_path)
    keys, key_ids = {}, {}
    for role in Role:
        record, key = key_store.create(role, f"test {role.value}")
        keys[role], key_ids[role] = key, record.id
    app = create_app(settings)
    with TestClient(app) as client:
        yield Harness(app, client, keys, key_ids, key_store, AuditLog(settings.audit_path), options)


def assert_problem(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and type), naming its request id; returns it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    if kind is not None:
        assert body["type"] == f"urn:tietrace:problem:{kind}", body
    return body
