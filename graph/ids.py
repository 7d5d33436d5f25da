"""Stable ids: the same source record always yields the same id, so a rerun upserts instead of duplicating."""

from __future__ import annotations

import hashlib
import re

_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


def make_id(source: str, *parts: str | int | None) -> str:
    """An id from a source name and the record's own key parts (like FtM's make_entity_id).

    Readable when the key is short and plain (`gleif-5493001KJTIIGC8Y1R12`), a SHA-1 of the key otherwise,
    so ids stay valid in URLs and log lines. Case is kept: registries treat `ABC` and `abc` as different keys.
    """
    if not _SOURCE.match(source):
        raise ValueError(f"source must be a lower-case slug such as 'nih_reporter', got {source!r}")
    keys = [str(p).strip() for p in parts if p is not None and str(p).strip()]
    if not keys:
        raise ValueError(f"make_id({source!r}) needs at least one non-empty key part")
    joined = ".".join(keys)
    if _PLAIN_KEY.match(joined):
        return f"{source}-{joined}"
    return f"{source}-{hashlib.sha1(joined.encode('utf-8'), usedforsecurity=False).hexdigest()}"
