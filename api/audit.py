"""The append-only audit trail: who (key id and name, never the key) asked what, when, and what came of it.

One JSON object per line. The file is opened in append mode (O_APPEND) for every record and never rewritten,
so concurrent API processes interleave whole lines and nothing already written can be changed by the API.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, line)
                finally:
                    os.close(fd)
        except OSError as exc:  # the request was served; losing its audit line must be loud, not fatal
            log.error("could not write the audit log %s: %s", self.path, exc)

    def read(self) -> list[dict[str, Any]]:
        """Every record, oldest first (for tests and for people reading the trail)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]
