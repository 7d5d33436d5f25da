"""The CLI as a user runs it, in a child process, against the graph the given settings name."""

from __future__ import annotations

import os
import subprocess
import sys

from graph.settings import Settings


def tietrace(
    settings: Settings, *args: str, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIETRACE_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "tietrace.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
