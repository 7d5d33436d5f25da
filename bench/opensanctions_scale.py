"""Ingest at scale: a generated file of the shape of OpenSanctions' `default` export, loaded by the real
`opensanctions` source through `ingest.run.run_source` (checkpoints and all), with time and memory.

    .venv/bin/python -m bench.opensanctions_scale [--entities 100000] [--heap 2g] [--out PATH]

Shape: the schema mix and property sets of the real FtM lines in tests/fixtures/opensanctions/ (a company or
person with names, aliases, country, identifiers; Sanction, Ownership and Directorship interests between them),
repeated with fresh ids and names in the proportions of the default export (about 2.7 million entities: roughly
45 % Person, 25 % Company/Organization/LegalEntity, 15 % Sanction, 8 % Ownership, 3 % Directorship, the rest
Address/Family/... which the model does not keep). Prints a table and writes bench/results/opensanctions_scale-<N>.json
with CPU seconds of loader and engine (steadier than wall time on a shared machine), and a progress line every 30 s
to opensanctions_scale-<N>.progress.jsonl, so a run stopped early still gives its size and rate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.machine import context, cpu_seconds, engine_pid, load_average, process_memory
from bench.workspace import private_graph
from ingest.run import IngestOptions, run_source
from ingest.sources import get

RESULTS = Path(__file__).parent / "results"
MIX = (("Person", 45), ("Company", 20), ("Organization", 5), ("Sanction", 15), ("Ownership", 8), ("Directorship", 3))
OTHER = 4  # Address, Family, Passport: read and skipped
COUNTRIES = ("ru", "cn", "ir", "kp", "by", "us", "gb", "de", "ae", "tr")
ORGS: list[str] = []  # organization ids written so far: an ownership's asset and a board seat's organization
PROGRAMS = ("US-BIS-EL", "US-OFAC-SDN", "EU-SANC", "GB-FCDO", "UA-NSDC", "JP-MOF")


def generate(path: Path, entities: int, seed: int = 7) -> dict[str, int]:
    """Write `entities` FtM lines: things first in the file order the export uses (sorted by id), interests
    referring to things already written."""
    rng = random.Random(seed)
    weights = [w for _, w in MIX] + [OTHER]
    schemas = [s for s, _ in MIX] + ["Address"]
    things: list[str] = []
    ORGS.clear()
    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as handle:
        for i in range(entities):
            schema = rng.choices(schemas, weights)[0]
            if schema in {"Sanction", "Ownership", "Directorship"} and not ORGS:
                schema = "Company"
            counts[schema] = counts.get(schema, 0) + 1
            handle.write(json.dumps(_line(rng, i, schema, things)) + "\n")
    return counts


def _line(rng: random.Random, i: int, schema: str, things: list[str]) -> dict[str, Any]:
    ident = f"bench-{i:08d}"
    country = rng.choice(COUNTRIES)
    props: dict[str, list[str]]
    if schema in {"Person", "Company", "Organization"}:
        things.append(ident)
        if schema != "Person":
            ORGS.append(ident)
        name = f"{rng.choice(('Alpha', 'Vostok', 'Zhongxin', 'Pars', 'Orion'))} {i}"
        props = {"name": [name], "alias": [f"{name} Ltd"], "country": [country], "topics": ["sanction"]}
        if schema != "Person":
            props["registrationNumber"] = [str(1_000_000 + i)]
    elif schema == "Sanction":
        props = {
            "entity": [rng.choice(things)],
            "authority": ["Bureau of Industry and Security"],
            "programId": [rng.choice(PROGRAMS)],
            "startDate": [f"20{rng.randrange(10, 26)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}"],
            "country": ["us"],
        }
    elif schema == "Ownership":
        owner, asset = rng.choice(things), rng.choice(ORGS)
        props = {"owner": [owner], "asset": [asset], "percentage": [str(rng.randrange(1, 100))]}
    elif schema == "Directorship":
        director, org = rng.choice(things), rng.choice(ORGS)
        props = {"director": [director], "organization": [org], "role": ["General Director"]}
    else:
        props = {"full": [f"{i} Street, City"], "country": [country]}
    return {"id": ident, "schema": schema, "properties": props, "datasets": ["bench"]}


def own_cpu() -> float:
    """CPU seconds of this process, every thread (the writer thread included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Sampler:
    """Every `every` seconds, one JSON line of progress: records committed (the checkpoint), CPU seconds of loader
    and engine, engine memory, load average. A run stopped before the end still says how far it got and how fast."""

    def __init__(self, log: Path, checkpoint: Path, engine: int | None, every: float = 30.0) -> None:
        self._log, self._checkpoint, self._engine, self._every = log, checkpoint, engine, every
        self._began = time.monotonic()
        self._cpu = (own_cpu(), cpu_seconds(engine) or 0.0)  # progress lines count CPU from the start of the load
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)
        self.engine_peak_rss_mb = 0

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.sample()

    def sample(self) -> None:
        try:
            committed = json.loads(self._checkpoint.read_text(encoding="utf-8"))["committed"]
        except (OSError, ValueError, KeyError):
            committed = 0
        engine_rss = process_memory(self._engine)["rss_mb"] or 0
        self.engine_peak_rss_mb = max(self.engine_peak_rss_mb, engine_rss)
        line = {
            "seconds": round(time.monotonic() - self._began, 1),
            "committed": committed,
            "loader_cpu_seconds": round(own_cpu() - self._cpu[0], 1),
            "engine_cpu_seconds": round((cpu_seconds(self._engine) or 0.0) - self._cpu[1], 1),
            "engine_rss_mb": engine_rss,
            "loader_rss_mb": process_memory(os.getpid())["rss_mb"],
            "load_average": load_average(),
        }
        with self._log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--heap", default=None, help="Java heap of the private engine (default: settings)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--progress-log", type=Path, default=None, help="JSON lines of progress every 30 s")
    args = parser.parse_args()
    out = args.out or RESULTS / f"opensanctions_scale-{args.entities}.json"
    progress_log = args.progress_log or out.with_suffix(".progress.jsonl")
    progress_log.unlink(missing_ok=True)
    started = context()
    with tempfile.TemporaryDirectory(prefix="tietrace-os-scale-") as folder:
        path = Path(folder) / "entities.ftm.json"
        began = time.monotonic()
        counts = generate(path, args.entities)
        generated = time.monotonic() - began
        with private_graph(args.heap) as space:
            engine = engine_pid(space.settings)
            options = IngestOptions(file=path, progress=False)
            checkpoint = space.settings.data_dir / "ingest" / "opensanctions" / "checkpoint.json"
            loader_cpu, engine_cpu = own_cpu(), cpu_seconds(engine)
            began = time.monotonic()
            with Sampler(progress_log, checkpoint, engine) as sampler:
                summary = run_source(space.store, get("opensanctions"), options, space.settings.data_dir)
                seconds = time.monotonic() - began
                loader_cpu, engine_cpu_after = own_cpu() - loader_cpu, cpu_seconds(engine)
            engine_memory = process_memory(engine)
        size = path.stat().st_size
    rate = args.entities / seconds
    result = {
        "entities": args.entities,
        "file_mb": round(size / 2**20, 1),
        "schemas": counts,
        "generate_seconds": round(generated, 1),
        "ingest_seconds": round(seconds, 1),
        "entities_per_second": round(rate),
        "upserted": summary.upserted,
        "nodes": summary.nodes,
        "relationships": summary.relationships,
        "rejected": summary.rejected,
        "failed": summary.failed,
        "loader_cpu_seconds": round(loader_cpu, 1),
        "engine_cpu_seconds": (
            round(engine_cpu_after - engine_cpu, 1) if engine_cpu is not None and engine_cpu_after is not None else None
        ),
        "engine_heap": args.heap or "settings default",
        "loader_memory": process_memory(os.getpid()),
        "engine_memory": {**engine_memory, "sampled_peak_rss_mb": sampler.engine_peak_rss_mb},
        "extrapolated_minutes_for_2_7M": round(2_700_000 / rate / 60, 1),
        "context_before": started,
        "load_average_after": context()["load_average"],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("context")}, indent=2))


if __name__ == "__main__":
    main()
