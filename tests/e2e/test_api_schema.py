"""The API against its own OpenAPI document: schemathesis generates requests from the schema and checks every
answer (no 5xx, documented status codes, content types, headers and bodies, and that the key is not ignored).
Bounded: 20 examples per operation, every operation (14), a deadline per example: about 15 s here.

The document is the app's own (`create_app().openapi()`); the requests go in-process (ASGI) to an app on the
session's graph, which exists only once the fixtures ran, hence the small proxy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")
checks = pytest.importorskip("schemathesis.specs.openapi.checks")

from fastapi import FastAPI  # noqa: E402  # after the skips: schemathesis is a dev dependency

from access.keys import KeyStore, Role  # noqa: E402
from api.app import create_app  # noqa: E402
from graph.settings import ApiSettings, Settings  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from tests.graphs import load_graph  # noqa: E402


class LateApp:
    """An ASGI app that forwards to the one the fixture builds (schemathesis wants an app at import time)."""

    def __init__(self) -> None:
        self.app: FastAPI | None = None
        self.headers: dict[str, str] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None, "the app fixture did not run"
        await self.app(scope, receive, send)


LATE = LateApp()
# Building an app does not touch the graph (its lifespan does, when it runs).
OFFLINE = ApiSettings(access_log=False, open=False)
schema = schemathesis.openapi.from_dict(create_app(Settings(data_dir=Path("/nonexistent"), api=OFFLINE)).openapi())
schema.app = LATE
schema.config.update(base_url="http://testserver")


@pytest.fixture(scope="module", autouse=True)
def app(graph_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The app on the session's graph (the known-answer graph loaded), with an investigator key."""
    load_graph(store, "known_answers", "apisch", name_suffix=" Apisch")
    folder = tmp_path_factory.mktemp("api-schema")
    options = ApiSettings(
        keys_file=folder / "keys.json", audit_file=folder / "audit.jsonl", access_log=False, open=False
    )
    settings = graph_settings.model_copy(update={"api": options})
    _, key = KeyStore(settings.keys_path).create(Role.INVESTIGATOR, "schemathesis")
    LATE.app = create_app(settings)
    LATE.headers = {"Authorization": f"Bearer {key}"}


@schema.parametrize()  # type: ignore[untyped-decorator]  # schemathesis arrives through importorskip
@hypothesis.settings(  # type: ignore[untyped-decorator]  # so does hypothesis, here
    max_examples=20,
    deadline=10_000,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_keeps_its_openapi_contract(case: Any) -> None:
    """Every check but positive_data_acceptance: some requests the schema allows are rightly refused for reasons
    a schema cannot state (Cypher that does not parse is a 400; `q` and `identifier` together are a 422)."""
    case.call_and_validate(headers=LATE.headers, excluded_checks=[checks.positive_data_acceptance])
