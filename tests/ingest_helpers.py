"""Helpers for ingest tests: run a source into the shared graph and read back what one dataset holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from graph.cypher import parse
from graph.store import GraphStore
from ingest.run import IngestOptions, IngestSummary, run_source
from ingest.sources import get

FIXTURES = Path(__file__).parent / "fixtures"

# Nodes and relationships of one dataset that lack any provenance property (must be none).
_MISSING_PROVENANCE = parse(
    "// name: missing_provenance\n// summary: test probe\n// params: $dataset: string\n// returns: n\n"
    "CALL { MATCH (n) WHERE n.dataset = $dataset AND (n.sourceId IS NULL OR n.retrievedAt IS NULL) RETURN n AS x "
    "UNION ALL MATCH ()-[r]->() WHERE r.dataset = $dataset AND (r.sourceId IS NULL OR r.retrievedAt IS NULL) "
    "RETURN r AS x } RETURN count(x) AS n",
    "missing_provenance",
)


def ingest(
    store: GraphStore,
    source: str,
    data_dir: Path,
    file: Path | None = None,
    transport: httpx.BaseTransport | None = None,
    **options: Any,
) -> IngestSummary:
    opts = IngestOptions(file=file, transport=transport, progress=False, **options)
    return run_source(store, get(source), opts, data_dir)


def dataset_counts(store: GraphStore, dataset: str) -> dict[str, dict[str, int]]:
    """{nodes: {label: n}, relationships: {type: n}} of one dataset, as `tietrace stats --json` reports it."""
    return store.stats()["sources"].get(dataset, {"nodes": {}, "relationships": {}})  # type: ignore[no-any-return]


def missing_provenance(store: GraphStore, dataset: str) -> int:
    return int(store.run(_MISSING_PROVENANCE, {"dataset": dataset})[0]["n"])
