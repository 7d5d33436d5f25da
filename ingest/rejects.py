"""The rejects file: one JSON line per bad record, with its reason and where it came from."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

MAX_EXCERPT = 2000


class RejectsWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._handle: IO[str] | None = None

    def write(self, source: str, location: str, reason: str, raw: Any = None) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        excerpt = json.dumps(raw, default=str, ensure_ascii=False)[:MAX_EXCERPT] if raw is not None else None
        line = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": source,
            "location": location,
            "reason": reason,
            "record": excerpt,
        }
        self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._handle.flush()
        self.count += 1

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._handle is not None:
            self._handle.close()
