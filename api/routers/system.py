"""Liveness, readiness and graph counts."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep, Viewer
from api.errors import responses
from api.schemas import HealthResponse, StatsResponse
from graph.errors import StoreUnavailable

router = APIRouter(tags=["system"])


@router.get("/healthz", response_model=HealthResponse, summary="The process is alive")
def healthz() -> HealthResponse:
    """Answers without touching the graph or asking for a key: for liveness probes."""
    return HealthResponse(status="ok")


@router.get(
    "/readyz",
    response_model=HealthResponse,
    responses=responses(503),
    summary="The graph answers",
)
def readyz(store: StoreDep) -> HealthResponse:
    """Runs a trivial query on the graph, without a key: for readiness probes and load balancers."""
    if not store.check_health():
        raise StoreUnavailable("the graph did not answer a health check")
    return HealthResponse(status="ok", backend=store.backend)


@router.get(
    "/v1/stats",
    response_model=StatsResponse,
    responses=responses(401, 403, 503),
    summary="Counts per label and relationship type",
)
def stats(who: Viewer, store: StoreDep) -> StatsResponse:
    counts = store.stats()
    return StatsResponse(backend=store.backend, **counts)
