"""Liveness, readiness and graph counts."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import HealthResponse, Problem, StatsResponse
from graph.errors import StoreUnavailable

router = APIRouter(tags=["system"])


@router.get("/healthz", response_model=HealthResponse, summary="The process is alive")
def healthz() -> HealthResponse:
    """Answers without touching the graph: for liveness probes."""
    return HealthResponse(status="ok")


@router.get(
    "/readyz",
    response_model=HealthResponse,
    responses={503: {"model": Problem, "description": "The graph cannot be reached."}},
    summary="The graph answers",
)
def readyz(store: StoreDep) -> HealthResponse:
    """Runs a trivial query on the graph: for readiness probes and load balancers."""
    if not store.check_health():
        raise StoreUnavailable("the graph did not answer a health check")
    return HealthResponse(status="ok", backend=store.backend)


@router.get("/v1/stats", response_model=StatsResponse, summary="Counts per label and relationship type")
def stats(store: StoreDep) -> StatsResponse:
    counts = store.stats()
    return StatsResponse(backend=store.backend, **counts)
