"""The GraphStore port: what the rest of tietrace may ask of a graph, in domain words, no driver types."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from graph.cypher import Query
from graph.model import Entity, Relation


@dataclass(frozen=True, slots=True)
class GuardedResult:
    """Rows of an investigator's read-only Cypher, capped, with graph objects as plain JSON values."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    row_cap: int


@dataclass(slots=True)
class WriteSummary:
    """What a writer did, for the ingest summary and for the tests."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    missing_endpoints: int = 0
    batches: int = 0

    def add(self, other: WriteSummary) -> None:
        for key, value in other.nodes.items():
            self.nodes[key] = self.nodes.get(key, 0) + value
        for key, value in other.relationships.items():
            self.relationships[key] = self.relationships.get(key, 0) + value
        self.missing_endpoints += other.missing_endpoints
        self.batches += other.batches


class GraphWriter(ABC):
    """Buffers entities and relations and writes them in idempotent batches; flushes on a clean exit."""

    summary: WriteSummary

    @abstractmethod
    def add(self, item: Entity | Relation) -> None: ...

    def add_all(self, items: Sequence[Entity | Relation]) -> None:
        for item in items:
            self.add(item)

    @abstractmethod
    def flush(self) -> WriteSummary:
        """Write everything buffered (nodes before relationships); returns the writer's running totals."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Flush only on success: after an error the buffer may hold half a record, and what was already
        # committed stays committed, so a rerun resumes from the last committed batch.
        if exc_type is None:
            self.flush()


@dataclass(frozen=True, slots=True)
class SearchIndexes:
    """The full-text indexes of names, by what they index, as the engine in use names them: callers pass them to
    a search query as a parameter and never need to know which engine they talk to."""

    organization_names: str
    organization_aliases: str
    person_names: str
    person_aliases: str


class GraphStore(ABC):
    """One graph, read and written through the same port whatever engine holds it."""

    backend: str
    fulltext_index: str  # the organizations' names (search_indexes.organization_names)
    search_indexes: SearchIndexes

    @abstractmethod
    def writer(self, batch_size: int = 5000) -> GraphWriter: ...

    @abstractmethod
    def run(self, query: Query, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a shipped read query in a read transaction with the configured timeout."""

    @abstractmethod
    def run_guarded(
        self, text: str, params: Mapping[str, Any] | None = None, row_cap: int | None = None
    ) -> GuardedResult:
        """Run an investigator's Cypher only if the engine says it cannot write; refuse it otherwise."""

    @abstractmethod
    def apply_schema(self) -> None:
        """Create constraints and indexes; safe to call on every start."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts of nodes per label and relationships per type, in total (`nodes`, `relationships`) and per
        source dataset (`sources`: {dataset: {nodes: {...}, relationships: {...}}})."""

    @abstractmethod
    def delete_dataset(self, dataset: str) -> int:
        """Remove everything one source wrote (to reload it from scratch); returns how much was deleted."""

    @abstractmethod
    def check_health(self) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
