"""The one settings object of every layer: the environment and the .env file (prefix TIETRACE_), read once, with
defaults that run on a fresh machine. It sits at the bottom (graph/ imports nothing of ours) so that ingest, queries,
the API and the CLI all read the same object; nothing reads os.environ for a TIETRACE_ variable itself."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class ApiSettings(BaseModel):
    """The API process's options: the `api` section of Settings, read from TIETRACE_API_* (TIETRACE_API_MAX_ROWS
    is `api.max_rows`)."""

    open: bool = Field(
        default=False,
        description="Serve requests without a key, as the 'investigator' role. For local demos only; off by default.",
    )
    keys_file: Path | None = Field(
        default=None, description="The hashed API keys (JSON). Default: TIETRACE_DATA_DIR/api-keys.json."
    )
    audit_file: Path | None = Field(
        default=None, description="The append-only audit log (JSON lines). Default: TIETRACE_DATA_DIR/audit.jsonl."
    )
    max_body_bytes: int = Field(
        default=1 * MIB,
        gt=0,
        description="Largest request body of every route but screening (JSON for /v1/cypher, /v1/judgements...): "
        "a larger one is refused with 413, from its Content-Length or as soon as the stream passes the limit.",
    )
    max_upload_bytes: int = Field(
        default=10 * MIB, gt=0, description="Largest screening list (POST /v1/screen: a CSV or JSON body or upload)."
    )
    max_rows: int = Field(default=50_000, gt=0, description="Most collaborators one screening request may hold.")
    max_name_length: int = Field(
        default=500,
        gt=0,
        description="Longest organization, affiliation or person name in a screening row; a longer one makes that "
        "row an `error` row (the rest of the list is screened).",
    )
    matcher_ttl: float = Field(
        default=600.0,
        ge=0,
        description="Seconds the in-memory matching index is reused before it is rebuilt even if the graph's counts "
        "did not change (a changed count rebuilds it at once).",
    )
    access_log: bool = Field(default=True, description="One JSON line per request on stderr.")


class Settings(BaseSettings):
    # TIETRACE_API_MAX_ROWS fills api.max_rows: a section's variables are its prefix, one "_", the field's name
    # (split once only, so max_rows stays one name); every other field is read whole, as before.
    model_config = SettingsConfigDict(
        env_prefix="TIETRACE_",
        env_file=".env",
        extra="ignore",
        env_ignore_empty=True,  # an empty variable means the default, as an unset one does
        env_nested_delimiter="_",
        env_nested_max_split=1,
    )

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

    profiles_dir: Path | None = Field(
        default=None, description="A folder of your own jurisdiction profiles (YAML), beside the shipped ones."
    )
    rules_dir: Path | None = Field(
        default=None, description="A folder of your own funders' decision rule sets (YAML), beside the shipped ones."
    )
    openalex_mailto: str = Field(default="", description="An e-mail address for OpenAlex's polite pool.")
    openalex_api_key: SecretStr = Field(default=SecretStr(""), description="An OpenAlex premium API key.")
    trade_gov_key: SecretStr = Field(
        default=SecretStr(""), description="A key for the Consolidated Screening List API (developer.trade.gov)."
    )
    api: ApiSettings = Field(default_factory=ApiSettings, description="The API's options (TIETRACE_API_*).")

    @property
    def embedded(self) -> bool:
        return not self.graph_uri

    @property
    def keys_path(self) -> Path:
        return self.api.keys_file or self.data_dir / "api-keys.json"

    @property
    def audit_path(self) -> Path:
        return self.api.audit_file or self.data_dir / "audit.jsonl"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read once per process; a test that changes the environment clears it (tests/conftest.py)."""
    return Settings()
