"""The load generator of the API benchmark: N concurrent clients GET a list of URLs, bounded in count and time.

    .venv/bin/python -m bench.api_client --base http://127.0.0.1:8000 --paths paths.txt --concurrency 8 \
        [--requests 1000] [--seconds 30] [--stagger-ms 25]   # the key, if any, in TIETRACE_BENCH_API_KEY

Run by bench/api_load.py as a second process, so the clients' work does not share an interpreter (or its GIL)
with the API. Each client keeps one connection open (keep-alive) and takes the next path in turn (round robin
over the file) until the request budget or the time budget is spent. Prints one JSON object: requests, failures
by status, requests/s, latency percentiles, and this process's peak RSS.

Clients start --stagger-ms apart, as users arrive over time rather than in one instant. It matters with several
API workers: they share one listening socket, and a worker that wakes up accepts every connection waiting, so
clients connecting at the same instant all land on one worker and stay there; connections arriving while the
workers are busy go to whichever is free to accept first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.machine import process_memory

KEY_VARIABLE = "TIETRACE_BENCH_API_KEY"


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    issued: int = 0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


async def one_client(
    client: httpx.AsyncClient, paths: list[str], tally: Tally, budget: int, deadline: float, delay: float
) -> None:
    await asyncio.sleep(delay)
    while tally.issued < budget and time.perf_counter() < deadline:
        path = paths[tally.issued % len(paths)]
        tally.issued += 1  # one event loop: no two clients take the same slot
        began = time.perf_counter()
        try:
            response = await client.get(path)
            await response.aread()
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        tally.latencies_ms.append((time.perf_counter() - began) * 1000)
        tally.statuses[status] += 1


async def drive(
    base: str, paths: list[str], concurrency: int, requests: int, seconds: float, stagger: float = 0.0
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {os.environ[KEY_VARIABLE]}"} if os.environ.get(KEY_VARIABLE) else {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    tally = Tally()
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120.0) as client:
        began = time.perf_counter()
        deadline = began + seconds
        await asyncio.gather(
            *(one_client(client, paths, tally, requests, deadline, i * stagger) for i in range(concurrency))
        )
        elapsed = time.perf_counter() - began
    done = len(tally.latencies_ms)
    ok = tally.statuses.get("200", 0)
    return {
        "concurrency": concurrency,
        "requests": done,
        "ok": ok,
        "failures": {k: v for k, v in tally.statuses.items() if k != "200"},
        "seconds": round(elapsed, 2),
        "requests_per_s": round(done / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": round(statistics.median(tally.latencies_ms), 1) if done else None,
        "p95_ms": round(percentile(tally.latencies_ms, 95), 1) if done else None,
        "p99_ms": round(percentile(tally.latencies_ms, 99), 1) if done else None,
        "client_peak_rss_mb": process_memory(os.getpid())["peak_rss_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the API's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--paths", required=True, type=Path, help="a file with one path per line")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=30.0, help="stop after this many seconds")
    parser.add_argument("--stagger-ms", type=float, default=0.0, help="delay between the starts of two clients")
    args = parser.parse_args()
    if args.concurrency < 1 or args.requests < 1 or args.seconds <= 0 or args.stagger_ms < 0:
        parser.error("--concurrency and --requests must be at least 1, --seconds positive, --stagger-ms not negative")
    paths = [line.strip() for line in args.paths.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not paths:
        parser.error(f"{args.paths} holds no paths")
    stagger = args.stagger_ms / 1000
    result = asyncio.run(drive(args.base, paths, args.concurrency, args.requests, args.seconds, stagger))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
