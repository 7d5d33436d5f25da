"""The one settings object of every layer: the environment and the .env file (prefix TIETRACE_), read once, with
defaults that run on a fresh machine. It sits at the bottom (graph/ imports nothing of ours) so that ingest, queries,
the API and the CLI all read the same object; nothing reads os.environ for a TIETRACE_ variable itself.

The variables are read here rather than through pydantic-settings, which cost every `tietrace` command that opens
the graph about 0.1 s to import; the rules are the ones it applied (tests/unit/test_settings.py holds them):
arguments win over the environment, which wins over the .env file of the working directory, which wins over the
defaults; names are matched without regard to case; an empty variable means the default; TIETRACE_API_MAX_ROWS is
`api.max_rows` (a section's prefix, one "_", the field's whole name); an unknown TIETRACE_ variable is ignored."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

MIB = 1024 * 1024
PREFIX = "tietrace_"
DOTENV = Path(".env")


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
    screen_workers: int | None = Field(
        default=None,
        ge=0,
        description="Processes that match the rows of a screening list of 200 rows or more, each holding a copy of "
        "the organization matching index (about 200 MB on the bundled lists; more on a larger graph). Unset: one per "
        "core, up to 8 (none on one core); 0 or 1: matched in the serving process. Only an index kept on disk "
        "(TIETRACE_INDEX_SNAPSHOTS, a graph of 1,000 organizations or more) is shared this way.",
    )
    access_log: bool = Field(default=True, description="One JSON line per request on stderr.")


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

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
    index_snapshots: bool = Field(
        default=True,
        description="Keep the organization matching index built from the graph in data_dir/index/ and load it "
        "while the graph's organizations are unchanged, so that `tietrace screen` does not build it again (2-3 s on "
        "the bundled lists). False: built every time, nothing written.",
    )
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

    @model_validator(mode="before")
    @classmethod
    def _read_environment(cls, given: Any) -> Any:
        """Fields not given as arguments come from the environment, then the .env file, then the defaults."""
        if not isinstance(given, dict):
            return given
        return _merged(_merged(_variables(_dotenv()), _variables(os.environ)), given)

    @property
    def embedded(self) -> bool:
        return not self.graph_uri

    @property
    def index_folder(self) -> Path | None:
        """Where matching index snapshots are kept (resolve/snapshots.py), or None when they are not."""
        return self.data_dir / "index" if self.index_snapshots else None

    @property
    def keys_path(self) -> Path:
        return self.api.keys_file or self.data_dir / "api-keys.json"

    @property
    def audit_path(self) -> Path:
        return self.api.audit_file or self.data_dir / "audit.jsonl"


SECTIONS = ("api",)  # the fields that are a section of their own, filled from TIETRACE_<SECTION>_<FIELD>


def _variables(source: Mapping[str, str | None]) -> dict[str, Any]:
    """The TIETRACE_ variables of one source as field values: TIETRACE_X_Y is x_y, TIETRACE_API_X_Y is api.x_y."""
    found: dict[str, Any] = {}
    for variable, value in source.items():
        name = variable.lower()
        if not name.startswith(PREFIX) or not value:  # an empty variable means the default, as an unset one does
            continue
        name = name.removeprefix(PREFIX)
        section, _, field = name.partition("_")
        if name in SECTIONS:  # a whole section as JSON (TIETRACE_API='{"max_rows": 10}'); its own variables win
            found[name] = _merged(_json_object(variable, value), found.get(name, {}))
        elif section in SECTIONS and field:
            found.setdefault(section, {})[field] = value
        else:
            found[name] = value
    return found


def _json_object(variable: str, value: str) -> dict[str, Any]:
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ValueError(f"{variable} must be a JSON object: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError(f"{variable} must be a JSON object, got {value!r}")
    return parsed


def _merged(low: dict[str, Any], high: dict[str, Any]) -> dict[str, Any]:
    """high over low; a section given in both is merged field by field."""
    merged = dict(low)
    for key, value in high.items():
        below = merged.get(key)
        merged[key] = _merged(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return merged


def _dotenv() -> dict[str, str | None]:
    """The .env file of the working directory, parsed as python-dotenv parses it (quotes, comments, `export`,
    ${VAR} expansion); imported only when there is one."""
    if not DOTENV.is_file():
        return {}
    from dotenv import dotenv_values

    return dict(dotenv_values(DOTENV, encoding="utf-8"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read once per process; a test that changes the environment clears it (tests/conftest.py)."""
    return Settings()
