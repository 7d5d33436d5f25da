"""Opening the graph: Neo4j when TIETRACE_GRAPH_URI is set, the embedded engine otherwise; Bolt either way."""

from __future__ import annotations

from graph.settings import Settings, get_settings
from graph.statements import neo4j_only_ddl, schema_ddl
from graph.store.base import GraphStore, GraphWriter, GuardedResult, SearchIndexes, WriteSummary
from graph.store.bolt import Backend, BoltGraphStore
from graph.store.embedded import EmbeddedEngine
from graph.store.engine_files import ALIAS_FULLTEXT_INDEX, PERSON_ALIAS_FULLTEXT_INDEX, PERSON_FULLTEXT_INDEX

__all__ = [
    "GraphStore",
    "GraphWriter",
    "GuardedResult",
    "SearchIndexes",
    "WriteSummary",
    "embedded_engine",
    "open_store",
]

NEO4J_FULLTEXT_INDEX = "organization_name_ft"


def search_indexes(organization_names: str) -> SearchIndexes:
    """Only the organizations' name index is named differently by the two engines (ArcadeDB names it after its
    type and property); the others carry the same explicit name on both (graph/schema_neo4j.cypher)."""
    return SearchIndexes(
        organization_names=organization_names,
        organization_aliases=ALIAS_FULLTEXT_INDEX,
        person_names=PERSON_FULLTEXT_INDEX,
        person_aliases=PERSON_ALIAS_FULLTEXT_INDEX,
    )


def embedded_engine(settings: Settings | None = None) -> EmbeddedEngine:
    settings = settings or get_settings()
    return EmbeddedEngine(
        settings.data_dir,
        heap=settings.engine_heap,
        start_timeout=settings.engine_start_timeout,
        command_timeout=settings.query_timeout,
    )


def open_store(settings: Settings | None = None, apply_schema: bool = True) -> GraphStore:
    """Connect to the configured graph, starting the embedded engine on demand; schema applied idempotently."""
    settings = settings or get_settings()
    if settings.graph_uri:
        backend = Backend(
            name="neo4j",
            database=settings.graph_database or "neo4j",
            ddl=(*schema_ddl(), *neo4j_only_ddl()),
            search_indexes=search_indexes(NEO4J_FULLTEXT_INDEX),
        )
        uri = settings.graph_uri
        auth = (settings.graph_user, settings.graph_password.get_secret_value())
    else:
        engine = embedded_engine(settings)
        status = engine.ensure_running()
        assert status.bolt_uri is not None  # ensure_running raises rather than return a stopped engine
        backend = Backend(
            name="embedded",
            database=settings.graph_database or status.database,
            ddl=schema_ddl(),
            search_indexes=search_indexes(status.fulltext_index),
            read_only_verdict=engine.read_only,
            locate=engine.locate,
            on_runaway=engine.restart_runaway,
        )
        uri = status.bolt_uri
        auth = engine.credentials()
    store = BoltGraphStore(uri, auth, backend, query_timeout=settings.query_timeout, row_cap=settings.cypher_row_cap)
    if apply_schema:
        try:
            store.apply_schema()
        except Exception:
            store.close()
            raise
    return store
