"""The CLI as a user runs it, in a child process, against the graph the given settings (or data directory) name."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from graph.settings import Settings


def cli_env(graph: Settings | Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment with TIETRACE_DATA_DIR set to the graph's data directory, then `env` over it."""
    data_dir = graph.data_dir if isinstance(graph, Settings) else graph
    return {**os.environ, "TIETRACE_DATA_DIR": str(data_dir), **(env or {})}


def tietrace(
    graph: Settings | Path,
    *args: str,
    stdin: str | None = None,
    timeout: float = 300,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`tietrace ARGS` on the graph's data directory; env: further variables (a query timeout, a keys file)."""
    return subprocess.run(
        [sys.executable, "-m", "tietrace.cli", *args],
        env=cli_env(graph, env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
