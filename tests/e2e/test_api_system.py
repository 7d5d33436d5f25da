"""The API's system routes over HTTP (httpx through Starlette's TestClient, which runs the lifespan)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from access.keys import Role
from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api


@pytest.fixture(scope="module")
def api(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-system")) as harness:
        yield harness


def test_healthz_answers_without_the_graph_or_a_key(api: Harness) -> None:
    response = api.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": None}


def test_readyz_checks_the_graph_without_a_key(api: Harness, store: GraphStore) -> None:
    response = api.client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": store.backend}


def test_stats_count_what_was_written(api: Harness, store: GraphStore, prefix: str, provenance: Provenance) -> None:
    before = api.client.get("/v1/stats", headers=api.auth()).json()
    with store.writer() as writer:
        writer.add(Entity(f"{prefix}-api", Label.ORGANIZATION, provenance, {"name": "API Org"}))
    after = api.client.get("/v1/stats", headers=api.auth()).json()
    assert after["nodes"]["Organization"] == before["nodes"]["Organization"] + 1
    assert set(after["relationships"]) == set(before["relationships"])


def test_stats_need_a_key(api: Harness) -> None:
    assert_problem(api.client.get("/v1/stats"), 401, "unauthorized")
    assert api.client.get("/v1/stats", headers=api.auth(Role.ADMIN)).status_code == 200


def test_unknown_routes_and_methods_are_problems(api: Harness) -> None:
    missing = assert_problem(api.client.get("/v1/nope", headers=api.auth()), 404)
    assert "/docs" in missing["detail"]
    assert_problem(api.client.get("/v1/nope"), 401)  # the key comes first under /v1: no map of routes for free
    assert_problem(api.client.get("/nope"), 404)
    assert_problem(api.client.delete("/v1/stats", headers=api.auth()), 405)


def test_the_openapi_document_describes_every_route_and_its_problems(api: Harness) -> None:
    schema = api.client.get("/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/healthz", "/readyz", "/v1/stats", "/v1/entities", "/v1/entities/{entity_id}",
        "/v1/entities/{entity_id}/check", "/v1/entities/{entity_id}/controllers", "/v1/entities/{entity_id}/funding",
        "/v1/entities/{entity_id}/proximity", "/v1/entities/{entity_id}/ties", "/v1/entities/{entity_id}/risk",
        "/v1/screen", "/v1/cypher", "/v1/judgements",
    }  # fmt: skip
    check = schema["paths"]["/v1/entities/{entity_id}/check"]["get"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CheckResult"
    }
    for status in ("401", "403", "404", "409", "422", "503"):
        assert set(check["responses"][status]["content"]) == {"application/problem+json"}
    screen = schema["paths"]["/v1/screen"]["post"]
    assert set(screen["requestBody"]["content"]) == {"application/json", "multipart/form-data", "text/csv"}
    assert set(screen["responses"]["200"]["content"]) == {"application/json", "application/x-ndjson", "text/csv"}
    assert set(schema["components"]["securitySchemes"]) == {"HTTPBearer", "APIKeyHeader"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_a_fresh_data_dir_holds_no_keys(graph_settings: Settings, tmp_path: Path) -> None:
    """No implicit open access: without keys and without TIETRACE_API_OPEN, nothing under /v1 answers."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.settings import ApiSettings

    options = ApiSettings(
        keys_file=tmp_path / "none.json", audit_file=tmp_path / "audit.jsonl", access_log=False, open=False
    )
    with TestClient(create_app(graph_settings.model_copy(update={"api": options}))) as client:
        assert_problem(client.get("/v1/stats"), 401)
        assert client.get("/healthz").status_code == 200


def test_an_unexpected_error_is_a_500_problem_without_internals(api: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    def broken() -> dict[str, object]:
        raise RuntimeError("secret internals /etc/tietrace")

    monkeypatch.setattr(api.app.state.store, "stats", broken)
    client = TestClient(api.app, raise_server_exceptions=False)  # no `with`: the running lifespan's store stays
    response = client.get("/v1/stats", headers={**api.auth(), "X-Request-ID": "boom-1"})
    body = assert_problem(response, 500, "internal")
    assert "boom-1" in body["detail"] and "secret" not in response.text and "RuntimeError" not in response.text


def test_an_unreachable_graph_is_503(api: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.errors import StoreUnavailable

    def down() -> dict[str, object]:
        raise StoreUnavailable("the graph engine did not answer")

    monkeypatch.setattr(api.app.state.store, "stats", down)
    monkeypatch.setattr(api.app.state.store, "check_health", lambda: False)
    assert_problem(api.client.get("/v1/stats", headers=api.auth()), 503, "graph-unavailable")
    assert_problem(api.client.get("/readyz"), 503, "graph-unavailable")
    assert api.client.get("/healthz").status_code == 200
