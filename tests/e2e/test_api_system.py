"""The API's system routes over HTTP (httpx through Starlette's TestClient, which runs the lifespan)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore


@pytest.fixture(scope="module")
def client(graph_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(graph_settings)) as test_client:
        yield test_client


def test_healthz_answers_without_the_graph(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": None}


def test_readyz_checks_the_graph(client: TestClient, store: GraphStore) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": store.backend}


def test_stats_count_what_was_written(
    client: TestClient, store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    before = client.get("/v1/stats").json()
    with store.writer() as writer:
        writer.add(Entity(f"{prefix}-api", Label.ORGANIZATION, provenance, {"name": "API Org"}))
    after = client.get("/v1/stats").json()
    assert after["nodes"]["Organization"] == before["nodes"]["Organization"] + 1
    assert set(after["relationships"]) == set(before["relationships"])


def test_unknown_routes_are_404(client: TestClient) -> None:
    assert client.get("/v1/nope").status_code == 404
