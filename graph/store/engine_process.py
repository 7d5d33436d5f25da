"""The embedded engine's own process: ArcadeDB with only its Bolt listener, bound to 127.0.0.1.

Started by graph.store.embedded as `python -m graph.store.engine_process --dir DIR`; shared by every CLI and API
process of one data directory. Besides Bolt it answers one question on a Unix socket inside DIR (mode 0600):
"would the engine treat this Cypher as read-only?", from ArcadeDB's own Cypher parser (the idempotency verdict
its HTTP query endpoint uses to refuse writes), without running the query. ArcadeDB's Bolt listener ignores the
READ access mode and its EXPLAIN reports every query as a write, so this is the engine's equivalent of Neo4j's
EXPLAIN query type.

Knows nothing of tietrace's queries; the only DDL here is what Neo4j's Cypher cannot express on this engine.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
import signal
import socketserver
import sys
import threading
import time
from pathlib import Path
from typing import Any

from graph.store.engine_files import (
    ALIAS_FULLTEXT_INDEX,
    DATABASE,
    FULLTEXT_INDEX,
    PERSON_ALIAS_FULLTEXT_INDEX,
    PERSON_FULLTEXT_INDEX,
    EngineFiles,
    free_port,
)

log = logging.getLogger("tietrace.engine")

# ArcadeDB SQL for the full-text indexes Neo4j creates with CREATE FULLTEXT INDEX (refused by this engine). An index
# needs its property declared; `aliases` is declared an untyped LIST so nothing written to it is converted. Run at
# every start, IF NOT EXISTS: a data directory made before an index existed gets it built from the records it holds.
FULLTEXT_DDL = (
    "CREATE VERTEX TYPE Organization IF NOT EXISTS",
    "CREATE PROPERTY Organization.name IF NOT EXISTS STRING",
    "CREATE INDEX IF NOT EXISTS ON Organization (name) FULL_TEXT",
    "CREATE PROPERTY Organization.aliases IF NOT EXISTS LIST",
    f"CREATE INDEX {ALIAS_FULLTEXT_INDEX} IF NOT EXISTS ON Organization (aliases BY ITEM) FULL_TEXT",
    # People are found by name too (tietrace check "Aleksandr Zakharov"), by the same two kinds of index.
    "CREATE VERTEX TYPE Person IF NOT EXISTS",
    "CREATE PROPERTY Person.name IF NOT EXISTS STRING",
    f"CREATE INDEX {PERSON_FULLTEXT_INDEX} IF NOT EXISTS ON Person (name) FULL_TEXT",
    "CREATE PROPERTY Person.aliases IF NOT EXISTS LIST",
    f"CREATE INDEX {PERSON_ALIAS_FULLTEXT_INDEX} IF NOT EXISTS ON Person (aliases BY ITEM) FULL_TEXT",
)
MAX_REQUEST_BYTES = 64 * 1024


class _VerdictHandler(socketserver.StreamRequestHandler):
    server: _VerdictServer

    def handle(self) -> None:
        line = self.rfile.readline(MAX_REQUEST_BYTES + 1)
        reply: dict[str, Any]
        try:
            request = json.loads(line)
            if not hmac.compare_digest(str(request.get("secret", "")), self.server.secret):
                reply = {"error": "unauthorized"}
            else:
                reply = {"readOnly": self.server.read_only(str(request["query"]))}
        except (ValueError, KeyError) as exc:
            reply = {"error": f"bad request: {exc}"}
        except Exception as exc:  # the parser's CommandParsingException and friends arrive through JPype
            reply = {"error": str(exc).removeprefix("com.arcadedb.exception.CommandParsingException: ")}
        self.wfile.write(json.dumps(reply).encode("utf-8") + b"\n")


class _VerdictServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, secret: str, java_database: Any) -> None:
        self.secret = secret
        self._statements = java_database.getCypherStatementCache()
        super().__init__(str(path), _VerdictHandler)

    def read_only(self, query: str) -> bool:
        return bool(self._statements.isIdempotent(query))


def _configure_plugins(files: EngineFiles) -> None:
    """MCP registers itself on the HTTP port whatever the plugin list says; its config file turns it off."""
    files.config_dir.mkdir(parents=True, exist_ok=True)
    mcp = {
        "enabled": False,
        "allowReads": False,
        "allowInsert": False,
        "allowUpdate": False,
        "allowDelete": False,
        "allowSchemaChange": False,
        "allowAdmin": False,
    }
    (files.config_dir / "mcp-config.json").write_text(json.dumps(mcp), encoding="utf-8")


def _configure_engine(files: EngineFiles, command_timeout: float) -> None:
    """JVM-wide settings, set before the server starts (ArcadeDB's Cypher reads these, not the server's own
    configuration: passed only to the server, allowFileUrls=false still let LOAD CSV read /etc/passwd).

    - Abort any statement running longer than the time limit. ArcadeDB's Bolt listener ignores the driver's
      transaction timeout; this command timeout is checked inside scan, expand and filter loops (not inside an
      expression such as `reduce`: the store bounds those, see graph.store.bolt).
    - No local file and no URL through LOAD CSV, whatever the guard lets through: the engine runs as the user
      who owns the data directory and could otherwise read its own secret. The import directory is an empty
      folder of its own, in case a later version honours it before the switch.
    """
    import jpype

    config = jpype.JClass("com.arcadedb.GlobalConfiguration")
    config.COMMAND_TIMEOUT.setValue(int(command_timeout * 1000))
    config.OPENCYPHER_LOAD_CSV_ALLOW_FILE_URLS.setValue(False)
    config.OPENCYPHER_LOAD_CSV_ALLOW_REMOTE_URLS.setValue(False)
    files.import_dir.mkdir(mode=0o700, exist_ok=True)
    config.OPENCYPHER_LOAD_CSV_IMPORT_DIRECTORY.setValue(str(files.import_dir))
    config.SERVER_SECURITY_IMPORT_ALLOWED_LOCAL_PATHS.setValue(str(files.import_dir))
    config.SERVER_RESTORE_IMPORT_ALLOW_LOCAL_URLS.setValue(False)


def serve(files: EngineFiles, heap: str, command_timeout: float) -> None:
    from arcadedb_embedded.server import ArcadeDBServer

    os.umask(0o077)  # every file the engine writes (databases, logs, config) is the owner's alone
    secret = files.read_or_create_secret()
    _configure_plugins(files)
    bolt_port, http_port = free_port(), free_port()
    server = ArcadeDBServer(
        str(files.root),
        secret,
        {
            "host": "127.0.0.1",
            # Production mode serves no Studio page on the HTTP port (the HTTP API there needs the root
            # password) and force-disables LOAD CSV's local files at startup.
            "mode": "production",
            "http_port": http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
            "bolt_host": "127.0.0.1",
        },
        jvm_kwargs={"heap_size": heap},
    )
    _configure_engine(files, command_timeout)
    server.start()
    database = server.create_database(DATABASE)  # opens it when it exists already
    for statement in FULLTEXT_DDL:
        database.command("sql", statement)

    files.socket.unlink(missing_ok=True)
    verdicts = _VerdictServer(files.socket, secret, database._java_db)
    files.socket.chmod(0o600)
    threading.Thread(target=verdicts.serve_forever, name="verdicts", daemon=True).start()

    files.write_state(
        {
            "pid": os.getpid(),
            "boltPort": bolt_port,
            "httpPort": http_port,
            "database": DATABASE,
            "fulltextIndex": FULLTEXT_INDEX,
            "commandTimeout": command_timeout,
            "startedAt": time.time(),
        }
    )
    log.info("engine ready: bolt on 127.0.0.1:%d, data in %s", bolt_port, files.root)

    stopping = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("signal %d: stopping the engine", signum)
        stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    while not stopping.wait(1.0):
        pass
    verdicts.shutdown()
    verdicts.server_close()
    server.stop()
    files.clear_state(os.getpid())
    log.info("engine stopped cleanly")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, type=Path, help="the engine directory inside TIETRACE_DATA_DIR")
    parser.add_argument("--heap", default="4g", help="Java heap size")
    parser.add_argument("--command-timeout", type=float, default=30.0, help="seconds any statement may run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    files = EngineFiles(args.dir)
    try:
        serve(files, args.heap, args.command_timeout)
    except OSError as exc:
        log.error("engine failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
