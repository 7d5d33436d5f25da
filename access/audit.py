"""The append-only audit trail: who (key id and name, never the key) asked what, when, and what came of it.

One JSON object per line. The file is opened in append mode (O_APPEND) for every record and never rewritten,
so concurrent API processes interleave whole lines and nothing already written can be changed by the API.

A line is capped (MAX_LINE_BYTES): what a caller sends is recorded by its size and SHA-256, with a short prefix of
a query for a person reading the trail, never in full (one 60 MB Cypher request once wrote a 63 MB line). The
hash still lets an investigation tie a line to the exact request a caller kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 16 * 1024
MAX_FIELD_BYTES = 1024  # a field of an over-long line larger than this is replaced by its summary
QUERY_PREFIX_CHARS = 300
PARAM_NAMES_SHOWN = 50
CORE_FIELDS = ("at", "request_id", "method", "path", "status", "duration_ms", "key_id", "key_name", "role", "outcome")


def _json(value: Any, canonical: bool = False) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"), sort_keys=canonical)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON's "\ud800"): not UTF-8, so written as an escape
        text = json.dumps(value, ensure_ascii=True, default=str, separators=(",", ":"), sort_keys=canonical)
    return text


def digest_of(value: Any) -> dict[str, Any]:
    """Size and SHA-256 of a value as canonical JSON (a string: of its UTF-8 text; lone surrogates as such)."""
    data = (value if isinstance(value, str) else _json(value, canonical=True)).encode("utf-8", "surrogatepass")
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def summarize_query(text: str) -> dict[str, Any]:
    """A query as the trail keeps it: its first characters, to read, and its size and hash, to match."""
    shown = text if len(text) <= QUERY_PREFIX_CHARS else text[:QUERY_PREFIX_CHARS] + "…"
    return {"text": shown, "chars": len(text), **digest_of(text)}


def summarize_params(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters by name, size and hash: never their values, which may be large or sensitive."""
    names = sorted(params)
    return {"names": [n[:100] for n in names[:PARAM_NAMES_SHOWN]], "count": len(names), **digest_of(params)}


def capped(record: dict[str, Any]) -> str:
    """The record as one JSON line of at most MAX_LINE_BYTES: an over-long field becomes its size and hash, and if
    that is not enough only the fields saying who, what route, when and with what outcome are kept."""
    line = _json(record)
    if len(line.encode("utf-8")) <= MAX_LINE_BYTES:
        return line
    smaller = {
        k: v if len(_json(v).encode("utf-8")) <= MAX_FIELD_BYTES else {"summarized": True, **digest_of(v)}
        for k, v in record.items()
    }
    line = _json(smaller)
    if len(line.encode("utf-8")) <= MAX_LINE_BYTES:
        return line
    core = {k: (v[:500] if isinstance(v := record.get(k), str) else v) for k in CORE_FIELDS}
    return _json({**core, "truncated": True, "record": digest_of(record)})


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = (capped(record) + "\n").encode("utf-8")
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
