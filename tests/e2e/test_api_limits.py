"""Bodies are limited and read only after the key is checked; Cypher parameters are checked at the edge; the audit
trail keeps a request's size and hash, not the request.

The "was the body read?" tests drive the app as an ASGI callable with a receive() that counts what it hands out,
so they show the body was never asked for, not merely that memory stayed low; one test sends a real socket
request to uvicorn announcing 200 MB and sending a few bytes.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from access.audit import MAX_LINE_BYTES, digest_of
from access.keys import Role
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import PROBLEM, Harness, assert_problem, running_api

MIB = 1024 * 1024
HUGE = 200 * MIB
READ = "RETURN $n AS n"


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-limits")) as harness:
        yield harness


# -- the body is not read before the key is checked, nor past its limit --------------------------------------


@dataclass
class Exchange:
    """One request driven straight through the ASGI app: the body chunks it may ask for, and what it answered."""

    chunks: int = 0  # how many 64 KiB chunks the body has (an "endless" body: far more than any limit)
    chunk: bytes = b"x" * 65536
    asked: int = 0  # receive() calls
    handed: int = 0  # body bytes handed to the app
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    async def receive(self) -> dict[str, Any]:
        self.asked += 1
        if self.handed < self.chunks * len(self.chunk):
            self.handed += len(self.chunk)
            return {"type": "http.request", "body": self.chunk, "more_body": True}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def problem(self) -> dict[str, Any]:
        assert self.headers["content-type"] == PROBLEM
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


def drive(api: Harness, path: str, headers: dict[str, str], chunks: int) -> Exchange:
    exchange = Exchange(chunks=chunks)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(api.app(scope, exchange.receive, exchange.send))
    return exchange


ENDLESS = HUGE // 65536  # 200 MB in 64 KiB chunks, handed out only if asked for


@pytest.mark.parametrize("path", ["/v1/cypher", "/v1/judgements", "/v1/screen"])
@pytest.mark.parametrize(
    "key", [None, "tt_000000000000_not-a-real-secret", "not-our-shape"], ids=["no-key", "unknown", "malformed"]
)
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_keyless_huge_body_is_refused_without_reading_a_byte(
    api: Harness, path: str, key: str | None, declared: bool
) -> None:
    headers = {"content-type": "application/json"}
    if declared:
        headers["content-length"] = str(HUGE)
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    exchange = drive(api, path, headers, ENDLESS)
    assert exchange.status == 401 and exchange.problem()["type"] == "urn:tietrace:problem:unauthorized"
    assert exchange.asked == 0 and exchange.handed == 0


@pytest.mark.parametrize(("path", "role"), [("/v1/cypher", Role.INVESTIGATOR), ("/v1/judgements", Role.ADMIN)])
def test_a_declared_body_over_the_limit_is_413_unread(api: Harness, path: str, role: Role) -> None:
    headers = {"content-type": "application/json", "content-length": str(HUGE), **api.auth(role)}
    exchange = drive(api, path, headers, ENDLESS)
    assert exchange.status == 413 and exchange.asked == 0
    problem = exchange.problem()
    assert problem["type"] == "urn:tietrace:problem:too-large"
    assert "1,048,576" in problem["detail"] and "TIETRACE_API_MAX_BODY_BYTES" in problem["detail"]
    assert f"{HUGE:,}" in problem["detail"]


@pytest.mark.parametrize(("path", "role"), [("/v1/cypher", Role.INVESTIGATOR), ("/v1/judgements", Role.ADMIN)])
def test_a_chunked_body_is_cut_off_at_the_limit(api: Harness, path: str, role: Role) -> None:
    exchange = drive(api, path, {"content-type": "application/json", **api.auth(role)}, ENDLESS)
    assert exchange.status == 413
    problem = exchange.problem()
    assert problem["type"] == "urn:tietrace:problem:too-large" and "TIETRACE_API_MAX_BODY_BYTES" in problem["detail"]
    # Read up to the limit and one chunk past it, never the 200 MB on offer.
    assert api.settings.max_body_bytes < exchange.handed <= api.settings.max_body_bytes + len(exchange.chunk)


def test_screening_keeps_its_larger_upload_limit(api: Harness) -> None:
    """1.5 MB passes the gate on /v1/screen (its limit is TIETRACE_API_MAX_UPLOAD_BYTES, 10 MB here); the list
    reader then finds it is not JSON. 11 MB is refused as too large, naming the upload setting."""
    body = b"[" + b" " * (3 * MIB // 2)
    response = api.client.post("/v1/screen", content=body, headers={**api.auth(), "content-type": "application/json"})
    assert_problem(response, 422)
    big = api.client.post("/v1/screen", content=b" " * 11 * MIB, headers={**api.auth(), "content-type": "text/csv"})
    assert "TIETRACE_API_MAX_UPLOAD_BYTES" in assert_problem(big, 413, "too-large")["detail"]


def test_a_body_just_under_the_limit_is_served(api: Harness) -> None:
    padding = ["x" * 98] * ((api.settings.max_body_bytes - 2000) // 101)  # 98 characters, two quotes, a comma
    body = {"query": READ, "params": {"n": 1, "padding": padding}}
    response = api.client.post("/v1/cypher", json=body, headers=api.auth(Role.INVESTIGATOR))
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [{"n": 1}]


def test_the_limit_is_a_setting(graph_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-limit-set"), max_body_bytes=1000) as small:
        body = {"query": READ, "params": {"n": "y" * 1000}}
        response = small.client.post("/v1/cypher", json=body, headers=small.auth(Role.INVESTIGATOR))
        assert "1,000 bytes" in assert_problem(response, 413, "too-large")["detail"]
        ok = small.client.post("/v1/cypher", json={"query": READ, "params": {"n": 2}}, headers=small.auth(Role.ADMIN))
        assert ok.status_code == 200


# -- the same over a real socket: 200 MB announced, a few bytes sent --------------------------------------------


@pytest.fixture(scope="module")
def live(api: Harness) -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(api.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(timeout=10)


def raw_post(address: tuple[str, int], path: str, extra: str = "") -> tuple[int, dict[str, Any]]:
    """Announce a 200 MB JSON body, send ten bytes of it, and read the answer that comes without the rest."""
    with socket.create_connection(address, timeout=10) as conn:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {HUGE}\r\n{extra}\r\n"
        )
        conn.sendall(head.encode() + b'{"query":"')
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = conn.recv(65536)
            if not data:
                break
            answer += data
    status_line, _, rest = answer.partition(b"\r\n")
    parsed: dict[str, Any] = json.loads(rest.partition(b"\r\n\r\n")[2])
    return int(status_line.split()[1]), parsed


def test_uvicorn_answers_before_the_announced_body_arrives(api: Harness, live: tuple[str, int]) -> None:
    status, problem = raw_post(live, "/v1/cypher")
    assert status == 401 and problem["type"] == "urn:tietrace:problem:unauthorized"
    status, problem = raw_post(live, "/v1/cypher", f"Authorization: Bearer {api.keys[Role.INVESTIGATOR]}\r\n")
    assert status == 413 and "TIETRACE_API_MAX_BODY_BYTES" in problem["detail"]


# -- Cypher parameters ----------------------------------------------------------------------------------------


def cypher(api: Harness, params: dict[str, Any], request_id: str | None = None) -> Any:
    headers = {**api.auth(Role.INVESTIGATOR), "content-type": "application/json"}
    if request_id:
        headers["X-Request-ID"] = request_id
    # json.dumps escapes to ASCII, so a lone surrogate travels as JSON's "\ud800", as an attacker would send it.
    return api.client.post("/v1/cypher", content=json.dumps({"query": READ, "params": params}), headers=headers)


@pytest.mark.parametrize(
    ("params", "where", "says"),
    [
        ({"n": 10**30}, ["body", "params", "n"], "signed 64 bits"),
        ({"n": -(2**63) - 1}, ["body", "params", "n"], "signed 64 bits"),
        ({"n": [1, {"deep": [2, 10**19]}]}, ["body", "params", "n", 1, "deep", 1], "signed 64 bits"),
        ({"n": "z" * 100_001}, ["body", "params", "n"], "100,000"),
        ({"n": json.loads("[" * 20 + "]" * 20)}, ["body", "params", "n", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
         "nested deeper"),
        ({"n": list(range(100_001))}, ["body", "params"], "100,000 values"),
        ({"n": float("nan")}, ["body", "params", "n"], "finite"),
        ({"n": float("inf")}, ["body", "params", "n"], "finite"),
        ({"n": ["ok", "\ud800"]}, ["body", "params", "n", 1], "lone surrogate"),
        ({"n": {"\udc00": 1}}, ["body", "params", "n"], "lone surrogate"),
    ],
    ids=["10^30", "below-int64", "nested-big-int", "long-string", "deep", "too-many-values", "nan", "inf",
         "surrogate", "surrogate-key"],
)  # fmt: skip
def test_parameters_the_graph_cannot_take_are_422_naming_where(
    api: Harness, params: dict[str, Any], where: list[Any], says: str
) -> None:
    body = assert_problem(cypher(api, params), 422, "invalid-input")
    assert body["errors"][0]["loc"] == where and says in body["errors"][0]["msg"]
    assert says in body["detail"]


def test_refused_values_are_audited_without_failing(api: Harness) -> None:
    """A lone surrogate cannot be written as UTF-8: the audit line escapes it instead of failing the request."""
    response = cypher(api, {"n": "\ud800", "\udfff": 1}, request_id="audit-surrogate")
    assert_problem(response, 422, "invalid-input")
    [record] = [r for r in api.audit.read() if r["request_id"] == "audit-surrogate"]
    assert record["status"] == 422 and record["params"]["names"] == ["n", "\udfff"]


def test_a_screening_identifier_with_a_lone_surrogate_is_422(api: Harness) -> None:
    body = json.dumps([{"organization": "x", "identifiers": {"lei": "\ud800"}}])
    response = api.client.post("/v1/screen", content=body, headers={**api.auth(), "content-type": "application/json"})
    assert "lone surrogate" in assert_problem(response, 422, "invalid-input")["detail"]


def test_parameters_at_the_edges_of_the_types_are_served(api: Harness) -> None:
    for n in (2**63 - 1, -(2**63), 1.5e308, [[[["ok"]]]], {"a": {"b": [1, "two", None, True]}}):
        response = cypher(api, {"n": n})
        assert response.status_code == 200, (n, response.text)
        assert response.json()["rows"] == [{"n": n}]


# -- the audit trail ------------------------------------------------------------------------------------------


def test_a_large_request_leaves_a_short_audit_line_with_its_hash(api: Harness) -> None:
    params = {"n": 1, "blob": ["b" * 1000] * 900}
    response = cypher(api, params, request_id="audit-large")
    assert response.status_code == 200
    lines = [line for line in api.audit.path.read_text(encoding="utf-8").splitlines() if "audit-large" in line]
    [line] = lines
    assert len(line.encode("utf-8")) <= MAX_LINE_BYTES and "bbbbbbbbbb" not in line
    record = json.loads(line)
    assert record["params"] == {"names": ["blob", "n"], "count": 2, **digest_of(params)}
    assert record["cypher"]["text"] == READ and record["outcome"] == "ok"


def test_a_long_query_is_kept_as_its_start_and_hash(api: Harness) -> None:
    query = "RETURN 1 AS one // " + "c" * 19_000
    response = api.client.post(
        "/v1/cypher", json={"query": query}, headers={**api.auth(Role.INVESTIGATOR), "X-Request-ID": "audit-long"}
    )
    assert response.status_code == 200, response.text
    [record] = [r for r in api.audit.read() if r["request_id"] == "audit-long"]
    assert record["cypher"]["text"].startswith("RETURN 1 AS one //") and len(record["cypher"]["text"]) <= 301
    assert record["cypher"]["chars"] == len(query) and record["cypher"]["sha256"] == digest_of(query)["sha256"]


def test_refused_parameters_and_bodies_are_audited(api: Harness) -> None:
    cypher(api, {"n": 10**30}, request_id="audit-int")
    api.client.post(
        "/v1/judgements", content=b"{" + b" " * (2 * MIB), headers={**api.auth(Role.ADMIN), "X-Request-ID": "audit-413"}
    )
    records = {r["request_id"]: r for r in api.audit.read()}
    assert records["audit-int"]["status"] == 422 and records["audit-int"]["params"]["count"] == 1
    assert records["audit-413"]["status"] == 413 and records["audit-413"]["outcome"] == "too-large"
    assert records["audit-413"]["key_id"] == api.key_ids[Role.ADMIN]


def test_the_cli_checks_parameters_the_same_way(tmp_path: Path) -> None:
    """`tietrace cypher -p n=10^30` stops before it reaches the graph (exit 2, the place named), as the API does."""
    env = {**os.environ, "TIETRACE_DATA_DIR": str(tmp_path)}  # no engine here: the check comes first
    done = subprocess.run(
        [sys.executable, "-m", "tietrace.cli", "cypher", "RETURN $n AS n", "-p", f"n={10**30}"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "params.n: integer outside signed 64 bits" in " ".join(done.stderr.split())
