"""API under load: the due-diligence endpoint under concurrent clients from a second process, on loopback.

    .venv/bin/python -m bench.api_load [--orgs 100000] [--concurrency 1,4,16] [--workers 1,2] [--repeats 3] \
        [--requests 600] [--seconds 30]

Loads a generated graph (bench/generate.py) into a private embedded engine in a temporary directory (or uses the
Neo4j of TIETRACE_GRAPH_URI unchanged), starts the API with `tietrace serve --workers N` on 127.0.0.1 once per
worker count (with a viewer key in a private keys file), and drives it with bench/api_client.py, a second process
of N concurrent httpx clients bounded by a request count and a time limit.

Per repeat, concurrency level and worker count, in the same run (the first worker count is the baseline):
- `GET /v1/entities/{id}/check` (the whole due-diligence answer) over random organizations deep in ownership
  trees, profile us-research-security, as of 2026-01-01;
- baseline `GET /healthz` (the same HTTP stack, auth-free, no graph work): what the server costs on its own;
- baseline `queries.check.check` called in this process, one at a time, for the same entities (once per repeat):
  the graph work without HTTP, JSON or concurrency.
The servers run side by side and the runs alternate between them, so other people's load on a shared machine
falls on every configuration alike; the summary gives the median over the repeats. Before measuring, every
entity is asked through each server (warm-up, not counted: the engine compiles on first use). CPU is counted for
the whole server (the supervisor and its workers) and per process, so an uneven spread over workers shows.
Prints a table and writes bench/results/api-load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from access.keys import KeyStore, Role
from bench.api_client import KEY_VARIABLE, percentile
from bench.generate import generate
from bench.investigations import AS_OF, PROFILE, sample_entities
from bench.machine import context, cpu_seconds, engine_pid, load_average, process_memory
from bench.workspace import private_graph
from graph.settings import Settings
from graph.store import GraphStore
from queries.check import check

RESULTS = Path(__file__).parent / "results"
READY_TIMEOUT = 120.0
CHECK = "GET /v1/entities/{id}/check"
HEALTHZ = "baseline: GET /healthz"
IN_PROCESS = "baseline: queries.check.check in-process"


@dataclass(frozen=True)
class Server:
    workers: int
    base: str
    pids: list[int]  # the serving process first, then its workers (with one worker, it serves itself)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_tree(root: int) -> list[int]:
    """root and every process descended from it, read from /proc (uvicorn's workers are its children)."""
    children: dict[int, list[int]] = defaultdict(list)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        children[parent].append(int(proc.name))
    found = [root]
    for pid in found:  # grows while it is walked: breadth first
        found.extend(sorted(children.get(pid, [])))
    return found


@contextmanager
def api_server(settings: Settings, folder: Path, keys_file: Path, workers: int, engine: int | None) -> Iterator[Server]:
    """The API as `tietrace serve --workers N` runs it; yields once /readyz answers and every worker has started.
    Its processes are the serving process and its descendants, but for the engine (its child when serve started it)."""
    port = free_port()
    env = {
        **os.environ,
        "TIETRACE_API_KEYS_FILE": str(keys_file),
        "TIETRACE_API_AUDIT_FILE": str(folder / "audit.jsonl"),
        "TIETRACE_API_OPEN": "false",  # a developer's demo setting must not skip authentication here
    }
    if settings.embedded:
        env |= {"TIETRACE_DATA_DIR": str(settings.data_dir), "TIETRACE_QUERY_TIMEOUT": str(settings.query_timeout)}
    log_path = folder / f"api-{workers}-workers.log"
    command = [
        *(sys.executable, "-m", "tietrace.cli", "serve"),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
    ]
    with log_path.open("wb") as log_out:
        server = subprocess.Popen(command, env=env, stdout=log_out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(server, base, log_path, workers)
        yield Server(workers, base, [pid for pid in process_tree(server.pid) if pid != engine])
    finally:
        server.terminate()  # uvicorn's supervisor stops its workers on SIGTERM
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_ready(server: subprocess.Popen[bytes], base: str, log_path: Path, workers: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the API exited with status {server.returncode}:\n{log_path.read_text()[-2000:]}")
        started = log_path.read_text(errors="replace").count("Application startup complete")
        try:
            if started >= workers and httpx.get(f"{base}/readyz", timeout=5.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the API did not become ready within {READY_TIMEOUT:.0f} s; see {log_path}")


def load(
    base: str, paths: list[str], key: str, folder: Path, concurrency: int, requests: int, seconds: float, stagger: float
) -> Any:
    """One bounded run of the load generator in a second process; its JSON summary."""
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    command = [
        *(sys.executable, "-m", "bench.api_client", "--base", base, "--paths", str(paths_file)),
        *("--concurrency", str(concurrency), "--requests", str(requests), "--seconds", str(seconds)),
        *("--stagger-ms", str(stagger)),
    ]
    done = subprocess.run(command, env={**os.environ, KEY_VARIABLE: key}, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def in_process(store: GraphStore, entities: list[str]) -> dict[str, Any]:
    """The same question through queries.check.check in this process, one at a time: no HTTP, no concurrency."""
    latencies = []
    began = time.perf_counter()
    for entity in entities:
        started = time.perf_counter()
        check(store, entity, PROFILE, AS_OF)
        latencies.append((time.perf_counter() - started) * 1000)
    elapsed = time.perf_counter() - began
    return {
        "concurrency": 1,
        "requests": len(entities),
        "ok": len(entities),
        "failures": {},
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(entities) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


def measured(server: Server, engine: int | None, run_load: Any) -> dict[str, Any]:
    """Run the load and count CPU milliseconds per request: the server's processes (together and each) and the
    engine's. Where the time goes, and a figure other people's load on the machine moves far less than
    requests/s."""
    before = {pid: cpu_seconds(pid) for pid in (*server.pids, engine)}
    run: dict[str, Any] = run_load()
    after = {pid: cpu_seconds(pid) for pid in (*server.pids, engine)}
    used = {pid: (after[pid] or 0.0) - (before[pid] or 0.0) for pid in after if before[pid] is not None}
    requests = max(run["requests"], 1)
    api = [used[pid] for pid in server.pids if pid in used]
    return {
        **run,
        "api_cpu_ms_per_request": round(sum(api) * 1000 / requests, 2),
        "api_cpu_s_per_process": [round(seconds, 2) for seconds in api],
        "engine_cpu_ms_per_request": round(used[engine] * 1000 / requests, 2) if engine in used else None,
        "load_average_1m": load_average()[0],
    }


def summarize(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Medians over the repeats for each (run, workers, clients), with the spread of requests/s."""
    groups: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
    for run in runs:
        groups[(run["name"], run["workers"], run["concurrency"])].append(run)
    rows = []
    for (name, workers, clients), same in groups.items():

        def median(field: str, of: list[dict[str, Any]] = same) -> float | None:
            values = [r[field] for r in of if r.get(field) is not None]
            return round(statistics.median(values), 2) if values else None

        rate = [r["requests_per_s"] for r in same]
        rows.append({
            "name": name, "workers": workers, "concurrency": clients, "repeats": len(same),
            "requests": sum(r["requests"] for r in same), "failures": sum(sum(r["failures"].values()) for r in same),
            "requests_per_s": median("requests_per_s"), "requests_per_s_range": [min(rate), max(rate)],
            "p50_ms": median("p50_ms"), "p95_ms": median("p95_ms"),
            "api_cpu_ms_per_request": median("api_cpu_ms_per_request"),
            "engine_cpu_ms_per_request": median("engine_cpu_ms_per_request"),
        })  # fmt: skip
    return rows


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=100, help="distinct organizations the clients ask about")
    parser.add_argument("--concurrency", default="1,4,16", help="comma-separated numbers of concurrent clients")
    parser.add_argument("--workers", default="1,2", help="comma-separated API worker counts; the first is the baseline")
    parser.add_argument("--repeats", type=int, default=3, help="times every configuration is measured")
    parser.add_argument("--requests", type=int, default=600, help="request budget per run")
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per run")
    parser.add_argument("--stagger-ms", type=float, default=25.0, help="delay between two clients' starts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default=None, help="Java heap of the private embedded engine, e.g. 4g")
    args = parser.parse_args()
    try:
        args.levels = [int(x) for x in args.concurrency.split(",")]
        args.worker_counts = [int(x) for x in args.workers.split(",")]
    except ValueError:
        parser.error("--concurrency and --workers take comma-separated lists of integers")
    if min(args.levels) < 1 or min(args.worker_counts) < 1:
        parser.error("concurrency levels and worker counts must be at least 1")
    if args.entities < 1 or args.requests < 1 or args.repeats < 1 or args.seconds <= 0:
        parser.error("--entities, --requests and --repeats must be at least 1, --seconds positive")
    return args


def main() -> None:
    args = arguments()
    started = context()
    runs: list[dict[str, Any]] = []
    memory: dict[str, Any] = {}
    with private_graph(args.heap) as space, tempfile.TemporaryDirectory(prefix="tietrace-api-") as tmp:
        folder = Path(tmp)
        loaded = generate(space.store, args.orgs, args.seed, progress=True)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s", flush=True)
        entities = sample_entities(args.orgs, args.entities, args.seed)
        keys_file = folder / "api-keys.json"
        _, key = KeyStore(keys_file).create(Role.VIEWER, "bench")
        check_paths = [f"/v1/entities/{e}/check?profile={PROFILE.name}&as_of={AS_OF}" for e in entities]
        engine = engine_pid(space.settings)
        with ExitStack() as stack:
            servers = [
                stack.enter_context(api_server(space.settings, folder, keys_file, n, engine))
                for n in args.worker_counts
            ]
            for server in servers:  # every worker sees every entity at least once, most likely
                warm = load(
                    server.base,
                    check_paths,
                    key,
                    folder,
                    2 * server.workers,
                    2 * len(check_paths),
                    300,
                    args.stagger_ms,
                )
                print(f"warm-up, {server.workers} worker(s): {warm['requests']} requests, {warm['failures'] or 'ok'}")
            for repeat in range(1, args.repeats + 1):
                runs.append({"name": IN_PROCESS, "workers": 0, "repeat": repeat, **in_process(space.store, entities)})
                for level in args.levels:
                    for server in servers:
                        for name, paths in ((HEALTHZ, ["/healthz"]), (CHECK, check_paths)):

                            def run_load(paths: list[str] = paths, server: Server = server, level: int = level) -> Any:
                                return load(
                                    server.base, paths, key, folder, level, args.requests, args.seconds, args.stagger_ms
                                )

                            run = measured(server, engine, run_load)
                            runs.append({"name": name, "workers": server.workers, "repeat": repeat, **run})
                            print(
                                f"#{repeat} {name:30} workers={server.workers} clients={level:<3} "
                                f"{run['requests_per_s']} req/s p95 {run['p95_ms']} ms "
                                f"API CPU {run['api_cpu_ms_per_request']} ms/req {run['api_cpu_s_per_process']} s "
                                f"load {run['load_average_1m']}",
                                flush=True,
                            )
            for server in servers:
                memory[f"api_{server.workers}_workers_rss_mb"] = [process_memory(p)["rss_mb"] for p in server.pids]
        memory["engine"] = process_memory(engine)
        backend = space.store.backend
    summary = summarize(runs)
    result = {
        "benchmark": "api-load",
        **started,
        "load_average_after": load_average(),
        "backend": backend,
        "orgs": args.orgs,
        "load_seconds": round(loaded.seconds, 1),
        "entities": len(entities),
        "request_budget": args.requests,
        "time_budget_s": args.seconds,
        "stagger_ms": args.stagger_ms,
        "repeats": args.repeats,
        "summary": summary,
        "runs": runs,
        "memory_mb": memory,
        "bench_peak_rss_mb": process_memory(os.getpid())["peak_rss_mb"],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api-load.json").write_text(json.dumps(result, indent=2) + "\n")
    print_summary(summary, memory)


def blank(value: float | None) -> str:
    return "" if value is None else str(value)


def print_summary(summary: list[dict[str, Any]], memory: dict[str, Any]) -> None:
    print(
        "\n| run | workers | clients | requests | failures | requests/s (median, range) | p50 ms | p95 ms "
        "| API CPU ms/req | engine CPU ms/req |\n|---|---|---|---|---|---|---|---|---|---|"
    )
    for row in summary:
        low, high = row["requests_per_s_range"]
        print(
            f"| {row['name']} | {row['workers'] or ''} | {row['concurrency']} | {row['requests']} | "
            f"{row['failures']} | {row['requests_per_s']} ({low}-{high}) | {row['p50_ms']} | {row['p95_ms']} | "
            f"{blank(row['api_cpu_ms_per_request'])} | {blank(row['engine_cpu_ms_per_request'])} |"
        )
    print(f"\nmemory (MB): {json.dumps(memory)}")


if __name__ == "__main__":
    main()
