"""One graph per test session: the embedded engine in a temporary data directory, or Neo4j when
TIETRACE_GRAPH_URI is set (the same suite runs on both, as yente runs one suite on two search engines). The API's
and the page's suites run on both engines in one session when it is set, and say why their Neo4j half is skipped
when it is not."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Provenance
from graph.settings import Settings, get_settings
from graph.store import GraphStore, embedded_engine, open_store

# Read from the environment alone, never a developer's .env: the suite writes test records into the graph it is
# pointed at, so running it on a server is asked for explicitly, on the command line.
ON_NEO4J = bool(os.environ.get("TIETRACE_GRAPH_URI"))


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """get_settings() reads the environment once per process; each test starts from a fresh read, so one that sets
    a variable (monkeypatch.setenv) sees it and leaves no trace for the next."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# The suites that run on both engines in one session: the API's and the investigation page's. Each of their tests
# is collected twice, [embedded] and [neo4j]; the Neo4j one runs when TIETRACE_GRAPH_URI points at a Neo4j 5 and
# is skipped, saying so, otherwise. (test_api_cli drives the CLI against the embedded engine's data dir.)
BOTH_ENGINES = re.compile(r"tests/e2e/(test_api_(?!cli\b)\w+|test_ui_browser)\.py$")
ENGINES = ("embedded", "neo4j")
NEO4J_SKIP = (
    "TIETRACE_GRAPH_URI is not set: to run this on Neo4j too, point it (with TIETRACE_GRAPH_USER and "
    "TIETRACE_GRAPH_PASSWORD) at a Neo4j 5, e.g. docker compose's (README: Testing on Neo4j)"
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = Path(str(metafunc.definition.path)).as_posix()
    if "graph_settings" in metafunc.fixturenames and (
        BOTH_ENGINES.search(path) or metafunc.definition.get_closest_marker("both_engines")
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True, scope="session")


class Engines:
    """One Settings and one open store per engine for the whole session, whichever fixture instance asks: a test
    on the default engine and an [embedded] test share one embedded engine (pytest makes a fixture instance per
    parameter, and tears one down when the parameter changes, so the stores are closed here, at the end)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._settings: dict[str, Settings] = {}
        self._stores: dict[str, GraphStore] = {}

    def settings(self, engine: str) -> Settings:
        if engine not in self._settings:
            # Settings() reads TIETRACE_GRAPH_URI, TIETRACE_GRAPH_USER and TIETRACE_GRAPH_PASSWORD.
            self._settings[engine] = (
                Settings() if engine == "neo4j" else Settings(data_dir=self._tmp.mktemp("graph"), query_timeout=5.0)
            )
        return self._settings[engine]

    def store(self, engine: str) -> GraphStore:
        if engine not in self._stores:
            self._stores[engine] = open_store(self.settings(engine))
        return self._stores[engine]

    def close(self) -> None:
        for engine, opened in self._stores.items():
            opened.close()
            if self._settings[engine].embedded:
                embedded_engine(self._settings[engine]).stop()


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    registry = Engines(tmp_path_factory)
    yield registry
    registry.close()


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine under test: a parameter for the suites on both engines; otherwise Neo4j when TIETRACE_GRAPH_URI
    is set (the whole suite runs on it) and the embedded engine when not."""
    name: str = getattr(request, "param", "neo4j" if ON_NEO4J else "embedded")
    if name == "neo4j" and not ON_NEO4J:
        pytest.skip(NEO4J_SKIP)
    return name


@pytest.fixture(scope="session")
def graph_settings(engines: Engines, engine: str) -> Settings:
    return engines.settings(engine)


@pytest.fixture(scope="session")
def store(engines: Engines, engine: str) -> GraphStore:
    return engines.store(engine)


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
