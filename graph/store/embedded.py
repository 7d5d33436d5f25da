"""Starts, finds and stops the embedded engine process; asks it for read-only verdicts. Knows no queries.

One engine serves one data directory. Every CLI and API process that needs it calls `ensure_running()`: the
first starts it (under a file lock, so two processes starting at once start one engine), the others find it
through its state file, check that the pid is alive and the Bolt port answers, and connect.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import QueryError, StoreUnavailable
from graph.store.engine_files import EngineFiles

log = logging.getLogger(__name__)

ENGINE_MODULE = "graph.store.engine_process"


@dataclass(frozen=True, slots=True)
class EngineStatus:
    running: bool
    pid: int | None = None
    bolt_uri: str | None = None
    started_at: float | None = None
    data_dir: str = ""
    database: str = ""
    fulltext_index: str = ""


def _pid_is_engine(pid: int, directory: Path) -> bool:
    """True when pid is alive and is the engine of this directory: not a recycled pid of something else, nor the
    engine of another data directory whose state file was copied here with the rest (a data directory copied while
    its engine ran would otherwise send this directory's reads and writes to the original's graph)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return True
    try:
        args = cmdline.read_bytes().split(b"\0")
    except OSError:  # it ended meanwhile
        return False
    if ENGINE_MODULE.encode() not in args:
        return False
    # The engine is started with --dir and this directory, resolved (EngineFiles.dir).
    served = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == b"--dir"]
    return served == [str(directory).encode()]


def _port_answers(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


class EmbeddedEngine:
    def __init__(
        self, data_dir: Path, heap: str = "4g", start_timeout: float = 90.0, command_timeout: float = 30.0
    ) -> None:
        self.files = EngineFiles(data_dir / "engine")
        self._heap = heap
        self._start_timeout = start_timeout
        # Engine-wide and fixed when the engine starts: the Bolt listener ignores per-transaction timeouts.
        self._command_timeout = command_timeout
        self._recovery_lock = threading.Lock()
        self._recovering = False

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.files.ensure_dir()
        with os.fdopen(os.open(self.files.lock_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def status(self) -> EngineStatus:
        state = self.files.read_state()
        data_dir = str(self.files.dir.parent)
        if state is None or not _pid_is_engine(int(state.get("pid", -1)), self.files.dir):
            return EngineStatus(running=False, data_dir=data_dir)
        port = int(state["boltPort"])
        return EngineStatus(
            running=_port_answers(port),
            pid=int(state["pid"]),
            bolt_uri=f"bolt://127.0.0.1:{port}",
            started_at=float(state.get("startedAt", 0.0)),
            database=str(state.get("database", "")),
            fulltext_index=str(state.get("fulltextIndex", "")),
            data_dir=data_dir,
        )

    def ensure_running(self) -> EngineStatus:
        current = self.status()
        if current.running:
            return current
        with self._locked():
            current = self.status()  # another process may have started it while we waited for the lock
            if current.running:
                return current
            return self._start()

    def _start(self) -> EngineStatus:
        self.files.clear_state()  # a stale state file from a killed engine
        self.files.read_or_create_secret()
        log.info("starting the embedded graph engine in %s", self.files.dir)
        with os.fdopen(os.open(self.files.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as log_out:
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    ENGINE_MODULE,
                    "--dir",
                    str(self.files.dir),
                    "--heap",
                    self._heap,
                    "--command-timeout",
                    str(self._command_timeout),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_out,
                stderr=subprocess.STDOUT,
                cwd=self.files.dir,  # ArcadeDB writes ./log relative to its working directory
                start_new_session=True,  # survives the CLI that started it; Ctrl-C there does not reach it
                env={
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join(p for p in sys.path if Path(p).is_absolute()),
                },
            )
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise StoreUnavailable(
                    f"the embedded engine exited with status {child.returncode} while starting; "
                    f"last lines of {self.files.log_file}:\n{self._log_tail()}"
                )
            state = self.files.read_state()
            if state is not None and state.get("pid") == child.pid and _port_answers(int(state["boltPort"])):
                return self.status()
            time.sleep(0.2)
        child.terminate()
        raise StoreUnavailable(
            f"the embedded engine did not answer within {self._start_timeout:.0f} s "
            f"(TIETRACE_ENGINE_START_TIMEOUT); see {self.files.log_file}:\n{self._log_tail()}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the engine cleanly; True if one was running. Data stays in the data directory."""
        with self._locked():
            state = self.files.read_state()
            if state is None or not _pid_is_engine(int(state.get("pid", -1)), self.files.dir):
                self.files.clear_state()
                return False
            pid = int(state["pid"])
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _pid_is_engine(pid, self.files.dir):
                time.sleep(0.2)
            if _pid_is_engine(pid, self.files.dir):
                log.warning("engine %d did not stop within %.0f s; killing it", pid, timeout)
                os.kill(pid, signal.SIGKILL)
            self.files.clear_state()
            return True

    def locate(self) -> str | None:
        """The Bolt URI the engine answers on now, or None when it is not running.

        An engine that died (its state file left behind, its pid gone: kill -9, out of memory, a runaway query
        killed by a CLI that exited before it could restart it) is started again in the background; one stopped
        on purpose (`tietrace graph stop` removes the state file) stays stopped.
        """
        status = self.status()
        if status.running:
            return status.bolt_uri
        state = self.files.read_state()
        if state is not None and not _pid_is_engine(int(state.get("pid", -1)), self.files.dir):
            self._recover_in_background()
        return None

    def restart_runaway(self, bolt_uri: str) -> None:
        """Kill the engine serving bolt_uri (a query it could not stop) and start it again in the background.

        SIGKILL, not SIGTERM: a clean stop waits for the runaway statement. Only reads run past their time limit
        (writes are never bounded this way) and ArcadeDB replays its journal on the next start, so no committed
        data is lost; an ingest batch in flight fails and is redone from its checkpoint.
        """
        status = self.status()
        if status.pid is None or status.bolt_uri != bolt_uri:
            return  # already restarted by someone else
        log.error("the embedded engine (pid %d) did not stop a query at its time limit; restarting it", status.pid)
        os.kill(status.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _pid_is_engine(status.pid, self.files.dir):
            time.sleep(0.05)
        self._recover_in_background()

    def _recover_in_background(self) -> None:
        with self._recovery_lock:
            if self._recovering:
                return
            self._recovering = True
        # Not a daemon: a short-lived process (the CLI) waits for the restart at exit instead of dying half-way
        # through it and leaving an engine that no state file names (and no `graph stop` can find).
        threading.Thread(target=self._recover, name="engine-restart", daemon=False).start()

    def _recover(self) -> None:
        try:
            self.ensure_running()
        except StoreUnavailable as exc:
            log.error("restarting the embedded engine failed: %s", exc)
        finally:
            with self._recovery_lock:
                self._recovering = False

    def credentials(self) -> tuple[str, str]:
        return ("root", self.files.read_or_create_secret())

    def read_only(self, query: str) -> bool:
        """The engine's own verdict: would it run this query as read-only? Raises QueryError on bad syntax."""
        request = json.dumps({"secret": self.credentials()[1], "query": query}).encode("utf-8") + b"\n"
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(10.0)
                conn.connect(str(self.files.socket))
                conn.sendall(request)
                reply = json.loads(conn.makefile("rb").readline())
        except (OSError, ValueError) as exc:
            raise StoreUnavailable(f"the embedded engine's verdict socket did not answer: {exc}") from exc
        if "error" in reply:
            raise QueryError(f"the query does not parse: {reply['error']}")
        return bool(reply["readOnly"])

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.files.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
