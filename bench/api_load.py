"""API under load: the due-diligence endpoint under concurrent clients from a second process, on loopback.

    .venv/bin/python -m bench.api_load [--orgs 100000] [--concurrency 1,4,16] [--requests 600] [--seconds 30]

Loads a generated graph (bench/generate.py) into a private embedded engine in a temporary directory (or uses the
Neo4j of TIETRACE_GRAPH_URI unchanged), starts the API as `tietrace serve` does (uvicorn, `api.app:create_app`,
one process on 127.0.0.1, with a viewer key in a private keys file), and drives it with bench/api_client.py, a
second process of N concurrent httpx clients bounded by a request count and a time limit.

Per concurrency level, in the same run:
- `GET /v1/entities/{id}/check` (the whole due-diligence answer) over random organizations deep in ownership
  trees, profile us-research-security, as of 2026-01-01;
- baseline `GET /healthz` (the same HTTP stack, auth-free, no graph work): what the server costs on its own;
- baseline `queries.check.check` called in this process, one at a time, for the same entities: the graph work
  without HTTP, JSON or concurrency.
Before measuring, every entity is asked once through the API (warm-up, not counted: the engine compiles on
first use). Memory: the API process's RSS (now and peak), the engine's, and the load generator's peak.
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from api.keys import KeyStore, Role
from bench.api_client import KEY_VARIABLE, percentile
from bench.generate import generate
from bench.investigations import AS_OF, PROFILE, sample_entities
from bench.machine import context, cpu_seconds, engine_pid, process_memory
from bench.workspace import private_graph
from graph.settings import Settings
from graph.store import GraphStore
from queries.check import check

RESULTS = Path(__file__).parent / "results"
READY_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def api_server(settings: Settings, folder: Path, keys_file: Path) -> Iterator[tuple[str, int]]:
    """The API in its own process, as `tietrace serve` runs it; yields its base URL and pid once /readyz answers."""
    port = free_port()
    env = {
        **os.environ,
        "TIETRACE_API_KEYS_FILE": str(keys_file),
        "TIETRACE_API_AUDIT_FILE": str(folder / "audit.jsonl"),
        "TIETRACE_API_OPEN": "false",  # a developer's demo setting must not skip authentication here
    }
    if settings.embedded:
        env |= {"TIETRACE_DATA_DIR": str(settings.data_dir), "TIETRACE_QUERY_TIMEOUT": str(settings.query_timeout)}
    log_path = folder / "api.log"
    command = [
        *(sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"),
        *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"),
    ]
    with log_path.open("wb") as log_out:
        server = subprocess.Popen(command, env=env, stdout=log_out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(server, base, log_path)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_ready(server: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the API exited with status {server.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=5.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the API did not become ready within {READY_TIMEOUT:.0f} s; see {log_path}")


def load(base: str, paths: list[str], key: str, folder: Path, concurrency: int, requests: int, seconds: float) -> Any:
    """One bounded run of the load generator in a second process; its JSON summary."""
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    command = [
        *(sys.executable, "-m", "bench.api_client", "--base", base, "--paths", str(paths_file)),
        *("--concurrency", str(concurrency), "--requests", str(requests), "--seconds", str(seconds)),
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


def cpu_per_request(
    before: tuple[float | None, float | None], after: tuple[float | None, float | None], requests: int
) -> dict[str, float | None]:
    """CPU milliseconds per request spent by the API process and by the engine: where the time goes, and a figure
    other people's load on the machine moves far less than requests/s."""
    shares: dict[str, float | None] = {}
    for name, start, end in (("api", before[0], after[0]), ("engine", before[1], after[1])):
        if start is None or end is None or requests == 0:
            shares[f"{name}_cpu_ms_per_request"] = None
        else:
            shares[f"{name}_cpu_ms_per_request"] = round((end - start) * 1000 / requests, 2)
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=100, help="distinct organizations the clients ask about")
    parser.add_argument("--concurrency", default="1,4,16", help="comma-separated numbers of concurrent clients")
    parser.add_argument("--requests", type=int, default=600, help="request budget per run")
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default=None, help="Java heap of the private embedded engine, e.g. 4g")
    args = parser.parse_args()
    try:
        levels = [int(x) for x in args.concurrency.split(",")]
    except ValueError:
        parser.error(f"--concurrency {args.concurrency!r} is not a comma-separated list of integers")
    if not levels or min(levels) < 1 or args.entities < 1 or args.requests < 1 or args.seconds <= 0:
        parser.error("concurrency levels, --entities and --requests must be at least 1, --seconds positive")

    started = context()
    runs: list[dict[str, Any]] = []
    with private_graph(args.heap) as space, tempfile.TemporaryDirectory(prefix="tietrace-api-") as tmp:
        folder = Path(tmp)
        loaded = generate(space.store, args.orgs, args.seed, progress=True)
        print(f"loaded {loaded.items:,} items for {args.orgs:,} organizations in {loaded.seconds:.0f} s", flush=True)
        entities = sample_entities(args.orgs, args.entities, args.seed)
        keys_file = folder / "api-keys.json"
        _, key = KeyStore(keys_file).create(Role.VIEWER, "bench")
        check_paths = [f"/v1/entities/{e}/check?profile={PROFILE.name}&as_of={AS_OF}" for e in entities]
        with api_server(space.settings, folder, keys_file) as (base, api_pid):
            warm = load(base, check_paths, key, folder, 1, len(check_paths), args.seconds * 4)
            print(f"warm-up: {warm['requests']} requests, {warm['failures'] or 'no failures'}", flush=True)
            runs.append({"name": "baseline: queries.check.check in-process", **in_process(space.store, entities)})
            scenarios = (("baseline: GET /healthz", ["/healthz"]), ("GET /v1/entities/{id}/check", check_paths))
            engine = engine_pid(space.settings)
            for level in levels:
                for name, paths in scenarios:
                    before = (cpu_seconds(api_pid), cpu_seconds(engine))
                    run = load(base, paths, key, folder, level, args.requests, args.seconds)
                    after = (cpu_seconds(api_pid), cpu_seconds(engine))
                    runs.append({"name": name, **run, **cpu_per_request(before, after, run["requests"])})
                    print(f"{name:45} c={level:<3} {run['requests_per_s']} req/s p95 {run['p95_ms']} ms", flush=True)
            api_memory = process_memory(api_pid)
        engine_memory = process_memory(engine)
        backend = space.store.backend
    result = {
        "benchmark": "api-load",
        **started,
        "load_average_after": context()["load_average"],
        "backend": backend,
        "orgs": args.orgs,
        "load_seconds": round(loaded.seconds, 1),
        "entities": len(entities),
        "request_budget": args.requests,
        "time_budget_s": args.seconds,
        "runs": runs,
        "api_rss_mb": api_memory["rss_mb"],
        "api_peak_rss_mb": api_memory["peak_rss_mb"],
        "engine_rss_mb": engine_memory["rss_mb"],
        "engine_peak_rss_mb": engine_memory["peak_rss_mb"],
        "bench_peak_rss_mb": process_memory(os.getpid())["peak_rss_mb"],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api-load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        "\n| run | clients | requests | failures | requests/s | p50 ms | p95 ms | API CPU ms/req | engine CPU ms/req |"
        "\n|---|---|---|---|---|---|---|---|---|"
    )
    for run in runs:
        failures = sum(run["failures"].values())
        print(
            f"| {run['name']} | {run['concurrency']} | {run['requests']} | {failures} | {run['requests_per_s']} | "
            f"{run['p50_ms']} | {run['p95_ms']} | {run.get('api_cpu_ms_per_request', '')} | "
            f"{run.get('engine_cpu_ms_per_request', '')} |"
        )
    print(
        f"\nAPI RSS {api_memory['rss_mb']} MB (peak {api_memory['peak_rss_mb']}); "
        f"engine RSS {engine_memory['rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
