"""The embedded engine's files inside the data directory, shared by the engine process and its manager.

DIR/engine/root/       ArcadeDB server root (databases, config, logs)
DIR/engine/secret      the root password, mode 0600, kept across restarts
DIR/engine/state.json  pid and ports of the running engine; absent when it is stopped
DIR/engine/lock        held while one process starts or stops the engine
DIR/engine/engine.log  what the engine process printed
DIR/engine/verdict.sock  the engine's read-only verdicts (see engine_process)
DIR/engine/import/     LOAD CSV's import directory, empty (the engine reads no file; see engine_process)

DIR itself is made 0700 and DIR/engine 0700: the secret, keys, audit log and databases are the owner's alone.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path
from typing import Any, Final

DATABASE: Final = "tietrace"
# ArcadeDB names a full-text index after its type and property.
FULLTEXT_INDEX: Final = "Organization[name]"
# The aliases' full-text index is named explicitly, with the name Neo4j gives it (graph/schema_neo4j.cypher), so it
# is the same on both engines. ArcadeDB refuses to index a list as FULL_TEXT ("only STRING properties") but indexes
# each item `BY ITEM`; it is a second index because ArcadeDB leaves out of a (name, aliases) index every record
# without aliases.
ALIAS_FULLTEXT_INDEX: Final = "organization_alias_ft"
# People's names and aliases, named the same on both engines (graph/schema_neo4j.cypher).
PERSON_FULLTEXT_INDEX: Final = "person_name_ft"
PERSON_ALIAS_FULLTEXT_INDEX: Final = "person_alias_ft"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EngineFiles:
    def __init__(self, directory: Path) -> None:
        self.dir = directory.resolve()
        self.root = self.dir / "root"
        self.config_dir = self.root / "config"
        self.secret_file = self.dir / "secret"
        self.state_file = self.dir / "state.json"
        self.lock_file = self.dir / "lock"
        self.log_file = self.dir / "engine.log"
        self.socket = self.dir / "verdict.sock"
        self.import_dir = self.dir / "import"

    def ensure_dir(self) -> None:
        data_dir = self.dir.parent
        if not data_dir.exists():
            data_dir.mkdir(mode=0o700, parents=True)
        data_dir.chmod(0o700)  # also one made 0755 by an earlier version, or by the API's keys file
        self.dir.mkdir(mode=0o700, exist_ok=True)
        self.dir.chmod(0o700)

    def read_or_create_secret(self) -> str:
        self.ensure_dir()
        if self.secret_file.exists():
            return self.secret_file.read_text(encoding="utf-8").strip()
        secret = secrets.token_urlsafe(24)
        fd = os.open(self.secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secret)
        return secret

    def read_state(self) -> dict[str, Any] | None:
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def write_state(self, state: dict[str, Any]) -> None:
        # Write then rename: a reader never sees half a file.
        tmp = self.state_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(state))
        tmp.replace(self.state_file)

    def clear_state(self, pid: int | None = None) -> None:
        """Forget the running engine (only if it is the given pid, when one is given)."""
        state = self.read_state()
        if pid is None or (state is not None and state.get("pid") == pid):
            self.state_file.unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)
