"""What a source's functions get: options, the HTTP client, the file, provenance helpers and an audit log."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import Provenance
from ingest.http import HttpFetcher

if TYPE_CHECKING:
    from graph.store import GraphStore

log = logging.getLogger(__name__)


@dataclass(slots=True)
class JobContext:
    source: str
    file: Path | None = None
    since: str | None = None  # ISO date: only records changed on or after it (sources that support it)
    query: dict[str, str] = field(default_factory=dict)  # source-specific filters from --query k=v
    encoding: str | None = None
    http: HttpFetcher | None = None
    retrieved_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    unknown_fields: Counter[str] = field(default_factory=Counter)
    state: dict[str, Any] = field(default_factory=dict)  # per-run memory of a source (e.g. ids seen so far)
    store: GraphStore | None = None  # the graph being loaded, for sources that read it (e.g. names to link text to)
    workdir: Path | None = None  # this source's folder beside rejects.jsonl, for files a person should review

    def fetcher(self) -> HttpFetcher:
        if self.http is None:
            raise RuntimeError(f"{self.source}: no HTTP client in this context")
        return self.http

    def provenance(self, source_id: str, source_url: str | None = None) -> Provenance:
        return Provenance(
            dataset=self.source, source_id=source_id, retrieved_at=self.retrieved_at, source_url=source_url
        )

    def audit(self, leftovers: dict[str, Any] | Iterable[str], where: str = "") -> None:
        """Record fields a parser did not use (pop, then audit), so upstream schema drift shows in the summary."""
        for key in leftovers:
            name = f"{where}.{key}" if where else str(key)
            if self.unknown_fields[name] == 0:
                log.info("%s: unused field %s", self.source, name)
            self.unknown_fields[name] += 1
