"""What every benchmark records beside its figures: the commit, the machine, its load, and process memory.

The machines these run on are shared and noisy, so each result carries the load average when it was measured,
and memory is read from /proc (VmRSS now, VmHWM the peak) rather than through a dependency.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from graph.settings import Settings
from graph.store import embedded_engine

RESULTS = Path(__file__).parent / "results"


def git_commit(tree: Path | None = None) -> str:
    """The short commit of the work tree (this one unless given): benchmarks name what they measured."""
    try:
        git = shutil.which("git") or "git"
        where = ["-C", str(tree)] if tree is not None else []
        return subprocess.run(
            [git, *where, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def work_trees(baseline: Path | None, this: Path) -> dict[str, Path]:
    """The work trees a before/after benchmark runs, by name: this one ("after") and the baseline ("before")."""
    return {"after": this} if baseline is None else {"before": baseline.resolve(), "after": this}


def interleaved(rounds: int, trees: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """(round, tree name) in the order a benchmark runs them: each round reverses the last one's order, so that
    neither tree always goes first on a shared machine."""
    for round_ in range(rounds):
        for name in list(trees) if round_ % 2 == 0 else list(reversed(trees)):
            yield round_, name


def record_result(benchmark: str, summary: dict[str, Any], runs: dict[str, Any], **fields: Any) -> None:
    """Write bench/results/<benchmark>.json (the machine, its load, the given fields, the summary and every run)
    and print the summary."""
    result = {
        "benchmark": benchmark,
        "machine": describe(),
        "load_average_at_end": load_average(),
        **fields,
        "summary": summary,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{benchmark}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return float("nan")


def describe() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {memory_gib()} GiB, Python {platform.python_version()}, "
        f"Bolt codec {bolt_codec()}"
    )


def bolt_codec() -> str:
    """Whether the driver packs Bolt messages in Rust (neo4j-rust-ext) or in pure Python: it sets ingest speed."""
    try:
        return f"rust (neo4j-rust-ext {metadata.version('neo4j-rust-ext')})"
    except metadata.PackageNotFoundError:
        return "pure Python"


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: how busy the shared machine was (what `uptime` prints)."""
    return [round(x, 2) for x in os.getloadavg()]


def process_memory(pid: int | None) -> dict[str, int | None]:
    """Resident memory of a process now and at its peak, in MB; None for a process we cannot see."""
    found: dict[str, int | None] = {"rss_mb": None, "peak_rss_mb": None}
    if pid is None:
        return found
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        if line.startswith("VmRSS:"):
            found["rss_mb"] = round(int(line.split()[1]) / 1024)
        elif line.startswith("VmHWM:"):
            found["peak_rss_mb"] = round(int(line.split()[1]) / 1024)
    return found


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used so far; None for a process we cannot see.

    On a shared machine CPU time per unit of work moves far less with other people's load than wall time does.
    """
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process now, in MB (NaN when it cannot be read)."""
    current = process_memory(pid)["rss_mb"]
    return float("nan") if current is None else float(current)


def engine_pid(settings: Settings) -> int | None:
    """The embedded engine's process, from its state file; None on Neo4j (a server we do not see)."""
    return embedded_engine(settings).status().pid if settings.embedded else None


def context() -> dict[str, Any]:
    """The fields every result file starts with."""
    return {"commit": git_commit(), "machine": describe(), "load_average": load_average()}
