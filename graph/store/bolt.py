"""The GraphStore over Bolt with the official neo4j driver: Neo4j 5 in production, the embedded engine by default.

This is the only module that uses `neo4j` (graph/store/driver.py imports it, without numpy). Driver exceptions are
translated here (yente's elastic.py habit), so callers see only graph.errors. What differs between the two engines
is data in `Backend`, never a second copy of a query.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from graph import guard
from graph.cypher import Query
from graph.errors import GraphError, QueryError, QueryTimeout, StoreUnavailable, WriteRefused
from graph.model import Entity, Label, Rel, Relation
from graph.statements import (
    count_nodes,
    count_rels,
    delete_dataset_nodes,
    delete_dataset_rels,
    ensure_nodes,
    health_check,
    upsert_nodes,
    upsert_rels,
)
from graph.store.base import GraphStore, GraphWriter, GuardedResult, SearchIndexes, WriteSummary
from graph.store.deadline import DeadlineExceeded, run_within
from graph.store.driver import GraphDatabase, neo4j, neo4j_errors, neo4j_graph, neo4j_time

log = logging.getLogger(__name__)

T = TypeVar("T")

# Says whether the engine considers a query read-only, without running it. None: ask Neo4j's EXPLAIN.
ReadOnlyVerdict = Callable[[str], bool]
# Where the engine listens now (its Bolt URI), or None when it is not running: the embedded engine moves to a new
# port when it is restarted, and a store that kept dialling the old one answered 503 until the API restarted.
Locator = Callable[[], str | None]
# Called with the URI of an engine that did not stop a query at its time limit: bounds that engine (restarts it).
RunawayHandler = Callable[[str], None]

# Seconds to wait beyond the engine's own time limit before the caller stops waiting (the engine's timeout error
# normally arrives first), and the bound on a health check.
DEADLINE_GRACE = 3.0
HEALTH_DEADLINE = 1.5
# Seconds to open a Bolt connection and to get one from the pool: a stopped engine is a quick 503, not a minute.
CONNECT_TIMEOUT = 1.5
ACQUIRE_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Backend:
    """What differs between engines, as data."""

    name: str
    database: str
    ddl: tuple[Query, ...]
    search_indexes: SearchIndexes
    read_only_verdict: ReadOnlyVerdict | None = None
    locate: Locator | None = None
    on_runaway: RunawayHandler | None = None
    # Query types EXPLAIN may report for a query an investigator may run ('r' = read only).
    readable_query_types: frozenset[str] = field(default_factory=lambda: frozenset({"r"}))


@contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Turn driver exceptions into graph.errors, with what we were doing."""
    try:
        yield
    except GraphError:
        raise
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        # The driver's message names the internal address; it goes to the log, not to the caller.
        log.warning("%s: the graph engine cannot be reached: %s", action, exc)
        raise StoreUnavailable(f"{action}: the graph engine cannot be reached") from exc
    except neo4j_errors.AuthError as exc:
        raise StoreUnavailable(f"{action}: the graph engine refused the credentials ({exc.message})") from exc
    except neo4j_errors.ClientError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryTimeout(f"{action}: the query exceeded its time limit") from exc
        if "ForbiddenOnReadOnlyDatabase" in code or "AccessMode" in code or "Forbidden" in code:
            # A write in a read-only transaction, or what the engine forbids outright (it reads no local file).
            raise WriteRefused(f"{action}: the engine refused the query ({code.rsplit('.', 1)[-1]})") from exc
        raise QueryError(f"{action}: {_engine_message(exc)}") from exc
    except neo4j_errors.Neo4jError as exc:
        raise QueryError(f"{action}: {_engine_message(exc)}") from exc
    except neo4j_errors.DriverError as exc:
        log.warning("%s: driver error: %s", action, exc)
        raise StoreUnavailable(f"{action}: the graph engine cannot be reached") from exc


# The embedded engine runs in production mode, which conceals its error messages from clients (they go to its
# log); the status code still says what kind of error it was.
_CONCEALED = "The request failed. Check the server log for the details"


def _engine_message(exc: neo4j_errors.Neo4jError) -> str:
    message = exc.message or str(exc)
    if message.startswith(_CONCEALED):
        kind = (exc.code or "Error").rsplit(".", 1)[-1]
        return f"the engine answered {kind} (it gives details only in its own log, engine/engine.log)"
    return message


_SCALARS = frozenset({str, int, float, bool})


def to_plain(value: Any) -> Any:
    """Driver values as JSON-friendly Python: nodes, relationships and paths as tagged maps."""
    if value is None or type(value) in _SCALARS:
        return value  # most values of an answer are scalars: answer them before the type checks below
    if isinstance(value, neo4j_graph.Node):
        return {
            "kind": "node",
            "elementId": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: to_plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j_graph.Relationship):
        return {
            "kind": "relationship",
            "elementId": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node is not None else None,
            "end": value.end_node.element_id if value.end_node is not None else None,
            "properties": {k: to_plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j_graph.Path):
        return {
            "kind": "path",
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time | neo4j_time.Duration):
        return value.iso_format()
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


class BoltWriter(GraphWriter):
    """Batched, idempotent UNWIND upserts inside managed write transactions (retried on transient errors)."""

    def __init__(self, store: BoltGraphStore, batch_size: int) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._store = store
        self._batch_size = batch_size
        # Node rows by id: a record that names a node many times (every listing names its list) is one MERGE.
        self._nodes: dict[tuple[Label, bool], dict[str, dict[str, Any]]] = {}
        self._folded: dict[tuple[Label, bool], int] = {}  # rows folded into an earlier row of the same node
        self._rels: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = {}
        self.summary = WriteSummary()

    def add(self, item: Entity | Relation) -> None:
        if isinstance(item, Entity):
            node_key = (item.label, item.placeholder)
            nodes = self._nodes.setdefault(node_key, {})
            row = item.row()
            earlier = nodes.get(item.id)
            if earlier is None:
                nodes[item.id] = row
            else:
                # Same result as two MERGEs in one statement: a full record's properties land in order (the later
                # wins), a placeholder only creates, so its first row is the one that counts.
                if not item.placeholder:
                    earlier["props"].update(row["props"])
                self._folded[node_key] = self._folded.get(node_key, 0) + 1
            if len(nodes) >= self._batch_size:
                self._write_nodes(node_key)
        else:
            rel_key = (item.type, item.start_label, item.end_label)
            rows = self._rels.setdefault(rel_key, [])
            rows.append(item.row())
            if len(rows) >= self._batch_size:
                # Endpoints may still sit in a node buffer: write them first so the MATCH finds them.
                self._write_all_nodes()
                self._write_rels(rel_key)

    def flush(self) -> WriteSummary:
        self._write_all_nodes()
        for key in list(self._rels):
            self._write_rels(key)
        return self.summary

    def _write_all_nodes(self) -> None:
        # Full records first: in one flush, a placeholder of a node described in the same batch changes nothing.
        for key in sorted(self._nodes, key=lambda k: k[1]):
            self._write_nodes(key)

    def _write_nodes(self, key: tuple[Label, bool]) -> None:
        rows = list(self._nodes.pop(key, {}).values())
        folded = self._folded.pop(key, 0)
        label, placeholder = key
        if rows:
            statement = ensure_nodes(label) if placeholder else upsert_nodes(label)
            # Folded rows count as written, as they did when each was its own MERGE.
            written = self._store.write_batch(statement, rows) + folded
            self.summary.nodes[label.value] = self.summary.nodes.get(label.value, 0) + written
            self.summary.batches += 1

    def _write_rels(self, key: tuple[Rel, Label, Label]) -> None:
        rows = self._rels.pop(key, [])
        if rows:
            rel, start, end = key
            written = self._store.write_batch(upsert_rels(rel, start, end), rows)
            self.summary.relationships[rel.value] = self.summary.relationships.get(rel.value, 0) + written
            # A relationship whose endpoint is not in the graph matches nothing and is not written.
            self.summary.missing_endpoints += len(rows) - written
            self.summary.batches += 1


class BoltGraphStore(GraphStore):
    """A GraphStore on one driver, created once and shared (neo4j-graphrag habit); re-created only when the
    embedded engine comes back on another port."""

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str],
        backend: Backend,
        query_timeout: float = 30.0,
        row_cap: int = 1000,
    ) -> None:
        self.backend = backend.name
        self.search_indexes = backend.search_indexes
        self.fulltext_index = backend.search_indexes.organization_names
        self._backend = backend
        self._auth = auth
        self._query_timeout = query_timeout
        self._row_cap = row_cap
        self._lock = threading.Lock()
        self._uri = uri
        self._driver = self._connect(uri)

    def _connect(self, uri: str) -> neo4j.Driver:
        with translated_errors("connecting to the graph engine"):
            return GraphDatabase.driver(
                uri,
                auth=self._auth,
                connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=ACQUIRE_TIMEOUT,
            )

    # -- writes -------------------------------------------------------------------------------------------

    def writer(self, batch_size: int = 5000) -> GraphWriter:
        return BoltWriter(self, batch_size)

    def delete_dataset(self, dataset: str, chunk: int = 10_000) -> int:
        # In chunks, each its own transaction: a large dataset never needs one huge transaction.
        deleted = 0
        statements = [*(delete_dataset_rels(rel) for rel in Rel), *(delete_dataset_nodes(label) for label in Label)]
        for statement in statements:
            while True:
                done = self._write_one(statement, {"dataset": dataset, "limit": chunk}, "deleted")
                deleted += done
                if done < chunk:
                    break
        return deleted

    def _write_one(self, query: Query, params: dict[str, Any], column: str) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(query.text, params).single()
            return int(record[column]) if record is not None else 0

        def attempt() -> int:
            with self._session() as session:
                return session.execute_write(work)

        with translated_errors(f"running {query.name}"):
            return self._reconnecting(attempt)

    def write_batch(self, query: Query, rows: list[dict[str, Any]]) -> int:
        """One managed write transaction for one batch; returns how many rows the statement wrote."""
        run_at = datetime.now(UTC).isoformat(timespec="seconds")
        return self._write_one(query, {"rows": rows, "runAt": run_at}, "upserted")

    def apply_schema(self) -> None:
        for statement in self._backend.ddl:

            def attempt(text: str = statement.text) -> None:
                with self._session() as session:
                    session.run(text).consume()

            with translated_errors(f"applying {statement.name}"):
                self._reconnecting(attempt)
        log.info("schema applied", extra={"backend": self.backend, "statements": len(self._backend.ddl)})

    # -- reads --------------------------------------------------------------------------------------------

    def run(self, query: Query, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """One of the project's own queries (queries/*.cypher: reads), as an auto-commit query in a read session:
        one round trip where a managed transaction makes three (BEGIN, RUN, COMMIT), which halves what a short
        query costs (0.9 -> 0.45 ms on the embedded engine; a risk summary asks about ten of them). An
        investigator's text goes through run_guarded's managed read transaction instead."""
        timed = neo4j.Query(query.text, timeout=self._query_timeout)

        def attempt() -> list[dict[str, Any]]:
            with self._session(neo4j.READ_ACCESS) as session:
                result = session.run(timed, dict(params or {}))
                # SIM118 is wrong here: a neo4j Record is a tuple, iterating it yields values, not keys.
                return [{k: to_plain(record[k]) for k in record.keys()} for record in result]  # noqa: SIM118

        return self._bounded(attempt, f"running {query.name}")

    def run_guarded(
        self, text: str, params: Mapping[str, Any] | None = None, row_cap: int | None = None
    ) -> GuardedResult:
        guard.check_text(text)
        self._refuse_unless_read_only(text, params or {})
        cap = row_cap or self._row_cap

        def work(tx: neo4j.ManagedTransaction) -> GuardedResult:
            result = tx.run(text, dict(params or {}))
            columns = list(result.keys())
            records = list(itertools.islice(result, cap + 1))
            result.consume()  # discards what is left on the server instead of streaming it
            rows = [{k: to_plain(r[k]) for k in columns} for r in records[:cap]]
            return GuardedResult(columns=columns, rows=rows, truncated=len(records) > cap, row_cap=cap)

        return self._read(work, "running the investigator's query")

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T], action: str) -> T:
        """One read transaction with the engine's timeout, waited for no longer than the time limit (plus a
        little): an engine that cannot stop the query is bounded by on_runaway, the caller gets a QueryError."""
        timed = neo4j.unit_of_work(timeout=self._query_timeout)(work)

        def attempt() -> T:
            # No retries of a read: the driver would retry an unreachable engine for 30 s before saying so.
            with self._session(neo4j.READ_ACCESS, max_transaction_retry_time=0.0) as session:
                return session.execute_read(timed)

        return self._bounded(attempt, action)

    def _bounded(self, attempt: Callable[[], T], action: str) -> T:
        """attempt() (reconnecting once if the engine moved), waited for no longer than the time limit plus a
        little; past it the engine is bounded (on_runaway) and the caller gets a QueryTimeout."""
        uri = self._uri
        with translated_errors(action):
            try:
                return run_within(self._query_timeout + DEADLINE_GRACE, lambda: self._reconnecting(attempt))
            except DeadlineExceeded:
                self._runaway(uri, action)
                raise QueryTimeout(
                    f"{action}: the query exceeded its time limit of {self._query_timeout:g} s and was stopped"
                ) from None

    def _runaway(self, uri: str, action: str) -> None:
        log.error("%s: no answer %.0f s past the time limit; bounding the engine", action, DEADLINE_GRACE)
        if self._backend.on_runaway is not None:
            try:
                self._backend.on_runaway(uri)
            except Exception:  # the caller's answer (a timeout error) matters more than the restart's
                log.exception("could not restart the runaway graph engine")

    def _refuse_unless_read_only(self, text: str, params: Mapping[str, Any]) -> None:
        """Ask the engine what the query does before it runs; refuse anything that is not a plain read."""
        verdict = self._backend.read_only_verdict
        if verdict is not None:
            if not verdict(text):
                raise WriteRefused("the engine classifies this query as one that writes; it was not run")
            return

        def explain(tx: neo4j.ManagedTransaction) -> str | None:
            return tx.run(f"EXPLAIN {text}", dict(params)).consume().query_type

        query_type = self._read(explain, "planning the investigator's query")
        if query_type not in self._backend.readable_query_types:
            raise WriteRefused(
                f"the engine classifies this query as type {query_type!r} (not read-only); it was not run"
            )

    def stats(self) -> dict[str, Any]:
        totals: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        by_source: dict[str, dict[str, dict[str, int]]] = {}

        def tally(kind: str, name: str, rows: list[dict[str, Any]]) -> None:
            totals[kind][name] = sum(int(r["n"]) for r in rows)
            for row in rows:
                counts = by_source.setdefault(row["dataset"] or "(none)", {"nodes": {}, "relationships": {}})
                counts[kind][name] = int(row["n"])

        for label in Label:
            tally("nodes", label.value, self.run(count_nodes(label)))
        for rel in Rel:
            tally("relationships", rel.value, self.run(count_rels(rel)))
        return {**totals, "sources": dict(sorted(by_source.items()))}

    # -- lifecycle ----------------------------------------------------------------------------------------

    def check_health(self) -> bool:
        def attempt() -> bool:
            with self._session(neo4j.READ_ACCESS, max_transaction_retry_time=0.0) as session:
                record = session.run(health_check().text).single()
            return record is not None and record["ok"] == 1

        try:
            return run_within(HEALTH_DEADLINE, lambda: self._reconnecting(attempt), name="graph-health")
        except DeadlineExceeded:
            log.warning("graph health check: no answer within %.1f s", HEALTH_DEADLINE)
            return False
        except (GraphError, neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            log.warning("graph health check failed: %s", exc)
            return False

    def close(self) -> None:
        with self._lock:
            self._driver.close()

    def _reconnecting(self, attempt: Callable[[], T]) -> T:
        """attempt(); when the engine cannot be reached, find where it listens now and try once more there."""
        try:
            return attempt()
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError):
            if self._backend.locate is None:
                raise
            failed = self._uri
            current = self._backend.locate()
            if current is None:
                raise StoreUnavailable(
                    "the graph engine is not running (start it with `tietrace graph start`)"
                ) from None
            if current == failed:
                raise
            self._switch(failed, current)
            return attempt()

    def _switch(self, failed: str, current: str) -> None:
        with self._lock:
            if self._uri != failed:
                return  # another thread switched already
            old, self._driver, self._uri = self._driver, self._connect(current), current
        log.info("the graph engine moved; reconnected")
        old.close()

    def _session(self, access_mode: str = neo4j.WRITE_ACCESS, **config: Any) -> neo4j.Session:
        return self._driver.session(database=self._backend.database, default_access_mode=access_mode, **config)
