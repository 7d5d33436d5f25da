"""Settings from the environment (prefix TIETRACE_), with defaults that run on a fresh machine."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIETRACE_", env_file=".env", extra="ignore")

    graph_uri: str | None = Field(
        default=None,
        description="Bolt URI of a Neo4j 5 server (neo4j:// or bolt://). Unset: the embedded engine.",
    )
    graph_user: str = Field(default="neo4j", description="Neo4j user name.")
    graph_password: SecretStr = Field(default=SecretStr(""), description="Neo4j password.")
    graph_database: str | None = Field(
        default=None, description="Database name; defaults to 'neo4j' on Neo4j and 'tietrace' embedded."
    )
    data_dir: Path = Field(default=Path(".tietrace"), description="Where the embedded engine keeps its data.")
    query_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a query may run. On the embedded engine it bounds every statement and is fixed "
        "when the engine starts (restart it to change it).",
    )
    cypher_row_cap: int = Field(default=1000, gt=0, le=100_000, description="Rows the Cypher endpoint returns.")
    engine_start_timeout: float = Field(default=90.0, gt=0, description="Seconds to wait for the engine.")
    engine_heap: str = Field(default="4g", description="Java heap of the embedded engine.")
    ingest_commit_every: int = Field(
        default=1000, gt=0, description="Records per committed ingest batch (and checkpoint)."
    )
    spacy_model: str = Field(
        default="",
        description="An installed spaCy model (package name such as en_core_web_sm, or a path) whose ORG entities "
        "text extraction adds to its phrase and rule hits. Empty: no model; extraction never needs one, and a "
        "model that cannot be loaded is a warning, not an error.",
    )

    @property
    def embedded(self) -> bool:
        return not self.graph_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
