"""The compose file keeps the shape the README promises: Neo4j healthy before the API, ingest on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_neo4j_has_a_volume_auth_from_the_environment_and_a_health_check() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5")
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    # Published on loopback only: the graph is not for the network.
    assert all(p.startswith("127.0.0.1:") for p in neo4j["ports"])


def test_api_is_built_here_and_waits_for_a_healthy_neo4j() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["environment"]["TIETRACE_GRAPH_URI"] == "bolt://neo4j:7687"
    assert (ROOT / "Dockerfile").exists()


def test_ingest_runs_only_under_its_profile() -> None:
    ingest = compose()["services"]["ingest"]
    assert ingest["profiles"] == ["ingest"]
    assert ingest["environment"]["TIETRACE_GRAPH_URI"] == "bolt://neo4j:7687"


def test_neo4j_reads_no_file_through_load_csv_and_bounds_transactions() -> None:
    environment = compose()["services"]["neo4j"]["environment"]
    assert environment["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert environment["NEO4J_db_transaction_timeout"].endswith("s")
