"""Settings of the API process (prefix TIETRACE_API_), beside the graph's own (graph.settings, prefix TIETRACE_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.settings import Settings

MIB = 1024 * 1024


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIETRACE_API_", env_file=".env", extra="ignore")

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

    def keys_path(self, graph: Settings) -> Path:
        return self.keys_file or graph.data_dir / "api-keys.json"

    def audit_path(self, graph: Settings) -> Path:
        return self.audit_file or graph.data_dir / "audit.jsonl"


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    return ApiSettings()
