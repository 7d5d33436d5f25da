"""Known answers on real records (tests/fixtures/known_entities/known_entities.yml): for each entity of the demo
graph (the demo's files and the bundled lists), the level under both shipped profiles, the lists it is itself on
and the name it is shown by, each written down with its reason before the test ran.

The graph is the demo's own (`tietrace demo --no-serve` in a data directory of this module), so these answers are
the ones a newcomer gets after the README's first command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.settings import Settings
from graph.store import GraphStore, embedded_engine, open_store
from queries.check import check
from queries.profiles import load as load_profile
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.e2e.test_demo import DEMO_ENV

KNOWN = Path(__file__).resolve().parents[1] / "fixtures" / "known_entities" / "known_entities.yml"
ENTITIES: list[dict[str, Any]] = yaml.safe_load(KNOWN.read_text(encoding="utf-8"))["entities"]

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="loads the demo into its own embedded engine")


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    data_dir = tmp_path_factory.mktemp("known-entities")
    loaded = tietrace(data_dir, "demo", "--no-serve", env=DEMO_ENV, timeout=1200)
    assert loaded.returncode == 0, loaded.stderr
    settings = Settings(data_dir=data_dir, query_timeout=30.0)
    store = open_store(settings)
    yield store
    store.close()
    embedded_engine(settings).stop()


def test_the_suite_is_large_enough_and_says_why() -> None:
    assert len(ENTITIES) >= 40
    assert all({"query", "lists", "us", "cn"} <= set(e) for e in ENTITIES)


@pytest.mark.parametrize("known", ENTITIES, ids=[e["query"][:40] for e in ENTITIES])
def test_known_answer(demo_graph: GraphStore, known: dict[str, Any]) -> None:
    for profile in ("us", "cn"):
        answer = check(
            demo_graph, known["query"], load_profile({"us": "us-research-security", "cn": "cn-biosecurity"}[profile])
        )
        own = {p.list.id for p in answer.proximity if p.hops == 0}
        assert set(known["lists"]) <= own, f"{known['query']} under {profile}: listed on {sorted(own)}"
        assert answer.risk.level == known[profile], (
            f"{known['query']} under {profile}: {answer.risk.level} {answer.risk.score}/100, "
            f"rules {[r.rule for r in answer.risk.rules]}"
        )
        assert answer.risk.level == _level(answer.risk.score)  # the level and the score agree
        if "name" in known:
            assert answer.names.display == known["name"]


def _level(score: int) -> str:
    return "critical" if score >= 75 else "high" if score >= 50 else "medium" if score >= 25 else "low"
