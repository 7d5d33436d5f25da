"""Tables computed once per machine and kept in the user's cache: `$XDG_CACHE_HOME/tietrace/` (default
`~/.cache/tietrace/`), each under a name that hashes what it was computed from, so that a stale table is never read.

A table is a JSON object of strings to strings, written whole or not at all (a temporary file renamed), so that a
reader never sees half of one. A cache that cannot be written (a read-only home) only means the table is computed
each time; one that cannot be read, or holds something else, is computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def digest(*parts: object) -> str:
    """A short digest of what a table depends on (its sources, the versions of the libraries that compute it)."""
    listed = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(listed.encode("utf-8")).hexdigest()[:16]


def cache_file(kind: str, hashed: str) -> Path:
    # XDG_CACHE_HOME is the desktop standard's variable, not one of tietrace's settings.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tietrace" / f"{kind}-{hashed}.json"


def read_table(path: Path) -> dict[str, str] | None:
    """The table kept at path, or None (absent, unreadable or not a table of strings)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return None
    return data


def store_table(path: Path, table: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            json.dump(table, handle, ensure_ascii=False)
        Path(handle.name).replace(path)
    except OSError:
        return  # no cache: computed again next time, which is all it costs
