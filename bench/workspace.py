"""The graph a benchmark runs on: the Neo4j of TIETRACE_GRAPH_URI unchanged, or a private embedded engine.

A private engine lives in a temporary directory under /tmp and is stopped and deleted afterwards, so a benchmark
never touches the developer's graph and a 1M-organization run does not leave gigabytes behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.settings import Settings
from graph.store import GraphStore, embedded_engine, open_store

# Loading a large graph runs statements far longer than an interactive query may.
BENCH_QUERY_TIMEOUT = 300.0


@dataclass(frozen=True)
class Workspace:
    settings: Settings
    store: GraphStore


@contextmanager
def private_graph(heap: str | None = None) -> Iterator[Workspace]:
    """Open the benchmark's graph; heap sizes the embedded engine (ignored on Neo4j, which sizes itself)."""
    if os.environ.get("TIETRACE_GRAPH_URI"):
        settings = Settings()
        store = open_store(settings)
        try:
            yield Workspace(settings, store)
        finally:
            store.close()
        return
    with tempfile.TemporaryDirectory(prefix="tietrace-bench-") as folder:
        overrides: dict[str, Any] = {"data_dir": Path(folder), "query_timeout": BENCH_QUERY_TIMEOUT}
        if heap is not None:
            overrides["engine_heap"] = heap
        settings = Settings(**overrides)
        try:
            store = open_store(settings)
            try:
                yield Workspace(settings, store)
            finally:
                store.close()
        finally:
            embedded_engine(settings).stop()
