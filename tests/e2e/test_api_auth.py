"""Keys, roles, request ids, the access log and the audit trail, over HTTP."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator

import pytest

from access.audit import digest_of
from access.keys import Role
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api

READ = {"query": "MATCH (o:Organization) RETURN o.id AS id LIMIT 1"}


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-auth")) as harness:
        yield harness


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer tt_000000000000_not-a-real-secret"},
        {"Authorization": "Bearer not-even-our-shape"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-API-Key": "tt_abc_def"},
    ],
    ids=["none", "unknown", "malformed", "basic-auth", "unknown-x-api-key"],
)
def test_missing_or_unknown_keys_are_401(api: Harness, headers: dict[str, str]) -> None:
    response = api.client.get("/v1/entities", params={"q": "x"}, headers=headers)
    body = assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "key" in body["detail"]


def test_a_key_works_as_bearer_and_as_x_api_key(api: Harness) -> None:
    assert api.client.get("/v1/stats", headers=api.auth()).status_code == 200
    assert api.client.get("/v1/stats", headers={"X-API-Key": api.keys[Role.VIEWER]}).status_code == 200


def test_a_revoked_key_stops_at_once(api: Harness) -> None:
    record, key = api.key_store.create(Role.INVESTIGATOR, "short-lived")
    headers = {"Authorization": f"Bearer {key}"}
    assert api.client.post("/v1/cypher", json=READ, headers=headers).status_code == 200
    api.key_store.revoke(record.id)
    refused = api.client.post("/v1/cypher", json=READ, headers={**headers, "X-Request-ID": "revoked-1"})
    body = assert_problem(refused, 401)
    assert "revoked" in body["detail"]
    # Audited as the revoked key, not as an anonymous caller.
    [line] = [r for r in api.audit.read() if r["request_id"] == "revoked-1"]
    assert line["key_id"] == record.id and line["key_name"] == "short-lived" and line["outcome"] == "revoked"
    assert line["status"] == 401


@pytest.mark.parametrize(
    ("role", "stats", "cypher", "judgements"),
    [
        (Role.VIEWER, 200, 403, 403),
        (Role.INVESTIGATOR, 200, 200, 403),
        (Role.ADMIN, 200, 200, 422),
    ],
)
def test_each_role_reaches_what_it_may(api: Harness, role: Role, stats: int, cypher: int, judgements: int) -> None:
    headers = api.auth(role)
    assert api.client.get("/v1/stats", headers=headers).status_code == stats
    assert api.client.get("/v1/entities", params={"q": "Cycle"}, headers=headers).status_code == 200
    response = api.client.post("/v1/cypher", json=READ, headers=headers)
    assert response.status_code == cypher
    if cypher == 403:
        body = assert_problem(response, 403, "forbidden")
        assert "'investigator' role" in body["detail"] and api.key_ids[role] in body["detail"]
    response = api.client.post("/v1/judgements", headers=headers)  # no body: an admin gets as far as validation
    assert response.status_code == judgements
    assert_problem(response, judgements, "forbidden" if judgements == 403 else "invalid-input")


def test_the_key_is_checked_before_anything_else(api: Harness) -> None:
    """No key and a bad profile, date or body: still 401, so nothing is revealed to an anonymous caller."""
    assert_problem(api.client.get("/v1/entities/x/check", params={"profile": "nope", "as_of": "bad"}), 401)
    assert_problem(api.client.post("/v1/cypher", json={"nonsense": 1}), 401)
    assert_problem(api.client.post("/v1/screen", content=b"\x00\x01", headers={"content-type": "text/csv"}), 401)


def test_request_ids_go_in_and_out(api: Harness) -> None:
    given = api.client.get("/v1/stats", headers={**api.auth(), "X-Request-ID": "case-42.a"})
    assert given.headers["x-request-id"] == "case-42.a"
    made = api.client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
    unsafe = api.client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces" + "x" * 200})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces" and len(unsafe.headers["x-request-id"]) == 32
    failed = api.client.get("/v1/stats", headers={"X-Request-ID": "refused-1"})
    assert assert_problem(failed, 401)["request_id"] == "refused-1"


def test_the_audit_trail_names_the_key_never_the_key_itself(api: Harness) -> None:
    api.client.get("/v1/entities", params={"q": "Cycle", "limit": "3"}, headers=api.auth())
    query = "MATCH (o:Organization) WHERE o.name = $name RETURN o.id AS id"
    api.client.post(
        "/v1/cypher",
        json={"query": query, "params": {"name": "x"}},
        headers={**api.auth(Role.INVESTIGATOR), "X-Request-ID": "audit-cypher"},
    )
    api.client.get("/v1/stats", headers={"X-Request-ID": "audit-anonymous"})
    api.client.get("/healthz", headers={"X-Request-ID": "audit-health"})
    records = {r["request_id"]: r for r in api.audit.read()}
    search = next(r for r in records.values() if r["path"] == "/v1/entities" and r["query"].get("limit") == "3")
    assert search["key_id"] == api.key_ids[Role.VIEWER] and search["key_name"] == "test viewer"
    assert search["role"] == "viewer" and search["method"] == "GET" and search["status"] == 200
    assert search["query"] == {"q": "Cycle", "limit": "3"} and search["at"].endswith("Z")
    cypher = records["audit-cypher"]
    assert cypher["cypher"]["text"] == query and cypher["cypher"]["chars"] == len(query)
    assert cypher["params"]["names"] == ["name"] and cypher["params"]["sha256"] == digest_of({"name": "x"})["sha256"]
    assert cypher["params"]["count"] == 1 and cypher["role"] == "investigator"
    assert cypher["outcome"] == "ok"
    anonymous = records["audit-anonymous"]
    assert anonymous["status"] == 401 and anonymous["key_id"] is None and anonymous["outcome"] == "no-key"
    assert "audit-health" not in records  # probes are not audited
    text = api.audit.path.read_text(encoding="utf-8")
    assert not any(key in text for key in api.keys.values())
    assert stat.S_IMODE(api.audit.path.stat().st_mode) == 0o600


def test_the_audit_file_only_grows(api: Harness) -> None:
    before = api.audit.path.read_bytes()
    api.client.get("/v1/stats", headers=api.auth())
    after = api.audit.path.read_bytes()
    assert after.startswith(before) and len(after.splitlines()) == len(before.splitlines()) + 1


def test_one_json_access_line_per_request(api: Harness) -> None:
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger = logging.getLogger("tietrace.api.access")
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        api.client.get("/v1/stats", headers={**api.auth(Role.ADMIN), "X-Request-ID": "logged-1"})
        api.client.get("/v1/stats", headers={"X-Request-ID": "logged-2"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    first, second = (json.loads(line) for line in lines)
    assert first["request_id"] == "logged-1" and first["status"] == 200 and first["key_id"] == api.key_ids[Role.ADMIN]
    assert set(first) == {"request_id", "method", "path", "status", "duration_ms", "key_id"}
    assert first["method"] == "GET" and first["path"] == "/v1/stats" and first["duration_ms"] >= 0
    assert second["status"] == 401 and second["key_id"] is None
    assert not any(key in line for line in lines for key in api.keys.values())


def test_keys_file_is_private_and_holds_only_hashes(api: Harness) -> None:
    path = api.key_store.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert not any(key in text for key in api.keys.values())
    assert all(len(k.sha256) == 64 for k in api.key_store.all_keys())


def test_open_access_is_explicit_and_limited(
    graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-open"), open=True) as open_api:
        assert open_api.client.get("/v1/stats").status_code == 200
        assert open_api.client.post("/v1/cypher", json=READ).status_code == 200
        assert_problem(open_api.client.post("/v1/judgements"), 403, "forbidden")  # open access is not admin
        bad = {"Authorization": "Bearer tt_000000000000_wrong"}
        assert_problem(open_api.client.get("/v1/stats", headers=bad), 401)  # a wrong key is still wrong
        [record] = [r for r in open_api.audit.read() if r["path"] == "/v1/stats" and r["status"] == 200]
        assert record["key_id"] == "open"
