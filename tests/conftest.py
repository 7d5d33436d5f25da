"""One graph per test session: the embedded engine in a temporary data directory, or Neo4j when
TIETRACE_GRAPH_URI is set (the same suite runs on both, as yente runs one suite on two search engines)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Provenance
from graph.settings import Settings, get_settings
from graph.store import GraphStore, embedded_engine, open_store

ON_NEO4J = bool(os.environ.get("TIETRACE_GRAPH_URI"))


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """get_settings() reads the environment once per process; each test starts from a fresh read, so one that sets
    a variable (monkeypatch.setenv) sees it and leaves no trace for the next."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def graph_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if ON_NEO4J:
        return Settings()
    return Settings(data_dir=tmp_path_factory.mktemp("graph"), query_timeout=5.0)


@pytest.fixture(scope="session")
def store(graph_settings: Settings) -> Iterator[GraphStore]:
    opened = open_store(graph_settings)
    yield opened
    opened.close()
    if graph_settings.embedded:
        embedded_engine(graph_settings).stop()


@pytest.fixture
def prefix() -> str:
    """A unique id prefix, so tests sharing one graph never see each other's records."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def provenance() -> Provenance:
    return Provenance(dataset="test", source_id="fixture", retrieved_at="2026-11-25T00:00:00+00:00")


def engine_dir_settings(path: Path, **overrides: object) -> Settings:
    """Settings for a private embedded engine (lifecycle tests must not stop the shared one)."""
    return Settings(data_dir=path, query_timeout=5.0, **overrides)  # type: ignore[arg-type]
