"""Where the time of an OpenSanctions bulk load goes: reading and parsing, normalising, writing (per Cypher
statement), and the rest, on the generated file of `bench.opensanctions_scale`.

    .venv/bin/python -m bench.opensanctions_profile [--entities 50000] [--heap 2g]

Three runs over the same file: the source's `records` alone (read and parse), `records` and `normalize` with the
rows the writer would send (no graph), then the real `run_source` into a private engine with every write statement
timed. Wall time moves with the shared machine's load, so each phase also gives the CPU seconds of this process and
of the engine. Writes to bench/results/opensanctions_profile-<entities>.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.machine import context, cpu_seconds, engine_pid, process_memory
from bench.opensanctions_scale import generate
from bench.workspace import private_graph
from graph.cypher import Query
from ingest.context import JobContext
from ingest.errors import RecordRejected
from ingest.run import IngestOptions, run_source
from ingest.sources import get

RESULTS = Path(__file__).parent / "results"


def own_cpu() -> float:
    """CPU seconds of this process, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def phase(work: Callable[[], int]) -> dict[str, float | int]:
    wall, cpu = time.monotonic(), own_cpu()
    count = work()
    return {"seconds": round(time.monotonic() - wall, 2), "cpu_seconds": round(own_cpu() - cpu, 2), "count": count}


def read_only(path: Path) -> int:
    source = get("opensanctions")
    return sum(1 for _ in source.records(JobContext(source="opensanctions", file=path)))


def read_and_normalize(path: Path) -> int:
    """Records normalised and turned into the rows the writer sends; returns how many rows."""
    source = get("opensanctions")
    ctx = JobContext(source="opensanctions", file=path)
    rows = 0
    for record in source.records(ctx):
        try:
            items = source.normalize(ctx, record)
        except RecordRejected:
            continue
        rows += sum(1 for item in items if item.row())
    return rows


class StatementTimer:
    """Wall seconds, calls and rows per write statement (the writer thread's wait on the engine)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.rows: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def wrap(self, write_batch: Callable[[Query, list[dict[str, Any]]], int]) -> Callable[..., int]:
        def timed(query: Query, rows: list[dict[str, Any]]) -> int:
            began = time.monotonic()
            written = write_batch(query, rows)
            with self._lock:
                self.seconds[query.name] += time.monotonic() - began
                self.calls[query.name] += 1
                self.rows[query.name] += len(rows)
            return written

        return timed

    def report(self) -> dict[str, dict[str, float | int]]:
        return {
            name: {
                "seconds": round(self.seconds[name], 2),
                "statements": self.calls[name],
                "rows": self.rows[name],
                "rows_per_second": round(self.rows[name] / self.seconds[name]) if self.seconds[name] else 0,
            }
            for name in sorted(self.seconds, key=self.seconds.__getitem__, reverse=True)
        }


def full_load(path: Path, heap: str | None) -> dict[str, Any]:
    timer = StatementTimer()
    with private_graph(heap) as space:
        engine = engine_pid(space.settings)
        # The writer calls store.write_batch: time it on this store only.
        setattr(space.store, "write_batch", timer.wrap(space.store.write_batch))  # noqa: B010
        engine_cpu = cpu_seconds(engine)
        loaded = phase(
            lambda: (
                run_source(
                    space.store, get("opensanctions"), IngestOptions(file=path, progress=False), space.settings.data_dir
                ).read
            )
        )
        after = cpu_seconds(engine)
        engine_memory = process_memory(engine)
    statements = timer.report()
    return {
        **loaded,
        "engine_cpu_seconds": round(after - engine_cpu, 2) if after is not None and engine_cpu is not None else None,
        "write_seconds": round(sum(s["seconds"] for s in statements.values()), 2),
        "statements": statements,
        "engine_memory": engine_memory,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--heap", default=None, help="Java heap of the private engine (default: settings)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    started = context()
    with tempfile.TemporaryDirectory(prefix="tietrace-os-profile-") as folder:
        path = Path(folder) / "entities.ftm.json"
        generate(path, args.entities)
        read = phase(lambda: read_only(path))
        normalize = phase(lambda: read_and_normalize(path))
        load = full_load(path, args.heap)
    result = {
        "entities": args.entities,
        "read_parse": read,
        "read_parse_normalize": normalize,
        "normalize_only_cpu_seconds": round(float(normalize["cpu_seconds"]) - float(read["cpu_seconds"]), 2),
        "load": load,
        "entities_per_second": round(args.entities / float(load["seconds"])),
        "loader_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "context_before": started,
        "load_average_after": context()["load_average"],
    }
    out = args.out or RESULTS / f"opensanctions_profile-{args.entities}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("context")}, indent=2))


if __name__ == "__main__":
    main()
