"""API keys with roles, stored hashed in one JSON file (mode 0600) that the CLI writes and the API reads.

A key is `tt_<id>_<secret>`: the id names the record (and appears in logs and the audit trail), the secret is
256 random bits. Only the SHA-256 of the whole key is stored; a high-entropy secret needs no slow hash, and
the comparison is constant-time (hmac.compare_digest). The key itself is printed once, when it is created.

The API rereads the file when it changes, so a key created or revoked with `tietrace keys` counts at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.errors import NotFound

PREFIX = "tt_"
FILE_VERSION = 1


class Role(StrEnum):
    """What a key may do; each role includes the ones before it."""

    VIEWER = "viewer"  # entities, due diligence, screening, stats
    INVESTIGATOR = "investigator"  # + read-only Cypher
    ADMIN = "admin"  # + resolution judgements (and ingest, when it has an endpoint)

    def includes(self, other: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(other)


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    role: Role
    sha256: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def public(self) -> dict[str, Any]:
        """What `keys list` shows: everything but the hash."""
        return {k: v for k, v in asdict(self).items() if k != "sha256"}


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_id(key: str) -> str | None:
    """The id part of a presented key, or None when it does not have our shape."""
    if not key.startswith(PREFIX):
        return None
    kid, sep, secret = key[len(PREFIX) :].partition("_")
    return kid if sep and kid and secret else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyStore:
    """The keys file: created on first write with mode 0600, rewritten atomically under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[tuple[int, int], dict[str, ApiKey]] | None = None
        self._cache_lock = threading.Lock()

    # -- reading ----------------------------------------------------------------------------------------

    def _load(self) -> dict[str, ApiKey]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {
            item["id"]: ApiKey(
                id=item["id"],
                name=item["name"],
                role=Role(item["role"]),
                sha256=item["sha256"],
                created_at=item["created_at"],
                revoked_at=item.get("revoked_at"),
            )
            for item in raw.get("keys", [])
        }

    def _current(self) -> dict[str, ApiKey]:
        """The keys, reread only when the file changed (its mtime or size)."""
        try:
            info = self.path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            return {}
        with self._cache_lock:
            if self._cache is None or self._cache[0] != stamp:
                self._cache = (stamp, self._load())
            return self._cache[1]

    def all_keys(self) -> list[ApiKey]:
        """Every key, active or revoked, in the order they were created."""
        return list(self._current().values())

    def find(self, presented: str) -> ApiKey | None:
        """The key this is, active or revoked, or None (unknown or malformed). The audit trail names a revoked key."""
        kid = key_id(presented)
        record = self._current().get(kid) if kid else None
        expected = record.sha256 if record is not None else "0" * 64
        same = hmac.compare_digest(digest(presented), expected)
        return record if same else None

    def verify(self, presented: str) -> ApiKey | None:
        """The active key this is, or None (unknown, malformed or revoked)."""
        record = self.find(presented)
        return record if record is not None and record.active else None

    # -- writing ----------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, ApiKey]]:
        """Read-modify-write under an exclusive lock; the new file replaces the old one atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            keys = self._load()
            yield keys
            payload = {"version": FILE_VERSION, "keys": [asdict(k) for k in keys.values()]}
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".api-keys.", suffix=".tmp")
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(payload, handle, indent=2)
                    handle.write("\n")
                Path(tmp).replace(self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def create(self, role: Role, name: str = "") -> tuple[ApiKey, str]:
        """A new key: (its record, the key itself, which is shown this once and stored nowhere)."""
        with self._locked() as keys:
            kid = secrets.token_hex(6)
            while kid in keys:
                kid = secrets.token_hex(6)
            key = f"{PREFIX}{kid}_{secrets.token_urlsafe(32)}"
            record = ApiKey(id=kid, name=name or kid, role=role, sha256=digest(key), created_at=_now())
            keys[kid] = record
        return record, key

    def revoke(self, kid: str) -> ApiKey:
        """Revoke a key by its id; the record stays, so the audit trail can still name it."""
        with self._locked() as keys:
            record = keys.get(kid)
            if record is None:
                raise NotFound(f"no API key with id {kid!r}")
            if record.active:
                record = replace(record, revoked_at=_now())
                keys[kid] = record
        return record
