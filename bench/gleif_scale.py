"""GLEIF at full scale: generated golden-copy files (bench/gleif_files.py) loaded by the real `gleif` source through
`ingest.run.run_source` into a fresh embedded engine, one file after the other as a user would (Level 1, then the
relationships, then the reporting exceptions), with time, rate and memory per phase, and a check of the answers.

    .venv/bin/python -m bench.gleif_scale [--entities 100000] [--exception-share 0.25] [--heap 4g] [--out PATH]
                                          [--profile PATH] [--keep DIR [--generate-only]]

The golden copy holds about 3 million entities and 600,000 relationships: `--entities 3000000`. Memory: the
loader's peak resident set (VmHWM of this process) and the engine's (VmHWM of the engine process, a JVM with
`--heap`). Checks after the load (each must hold, or the run says which failed): every Level 1 row is an
Organization; a sample of generated chains child > direct parent > ... > top is a path of CONTROLS with no
shortcut edge from the top; INACTIVE relationships without an end date end on their record's last update;
an ANNULLED top parent controls nothing; reporting-exception reasons are on their entities. Writes
bench/results/gleif_scale.json (or --out).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.gleif_files import Expected, generate
from bench.machine import context, cpu_seconds, engine_pid, process_memory
from bench.workspace import Workspace, private_graph
from graph.cypher import Query, parse
from graph.store import GraphStore
from ingest.run import IngestOptions, IngestSummary, run_source
from ingest.sources import get

RESULTS = Path(__file__).parent / "results"


def _probe(name: str, text: str) -> Query:
    return parse(f"// name: {name}\n// summary: gleif_scale check\n// returns: n\n{text}", name)


COUNT_ORGS = _probe("bench_gleif_orgs", "MATCH (n:Organization) WHERE n.dataset = 'gleif' RETURN count(n) AS n")
COUNT_CONTROLS = _probe(
    "bench_gleif_controls", "MATCH ()-[r:CONTROLS]->() WHERE r.dataset = 'gleif' RETURN r.role AS role, count(r) AS n"
)
CHAIN = _probe(
    "bench_gleif_chain",
    "UNWIND $chains AS chain\n"
    "MATCH (top:Organization {id: last(chain)})\n"
    "OPTIONAL MATCH p = (top)-[:CONTROLS*1..10]->(child:Organization {id: head(chain)})\n"
    "WITH chain, top, [q IN collect(p) WHERE q IS NOT NULL | length(q)] AS lengths\n"
    "OPTIONAL MATCH (top)-[s:CONTROLS {role: 'ultimate_parent'}]->(:Organization {id: head(chain)})\n"
    "RETURN chain, lengths, count(s) AS n",
)
EDGE = _probe(
    "bench_gleif_edge",
    "UNWIND $pairs AS pair\n"
    "MATCH (parent:Organization {id: pair[0]})\n"
    "OPTIONAL MATCH (parent)-[r:CONTROLS]->(:Organization {id: pair[1]})\n"
    "RETURN pair, collect(r.validTo) AS validTo, count(r) AS n",
)
REASONS = _probe(
    "bench_gleif_reasons",
    "UNWIND $ids AS oid\nMATCH (n:Organization {id: oid})\n"
    "RETURN n.id AS id, n.directParentExceptionReasons AS reasons, n.name AS name, 1 AS n",
)


def gid(lei: str) -> str:
    return f"gleif-{lei}"


def check(store: GraphStore, expected: Expected) -> dict[str, Any]:
    """Compare the graph with what the generated files imply; returns each check's verdict and the failures."""
    failures: list[str] = []
    orgs = int(store.run(COUNT_ORGS)[0]["n"])
    if orgs != expected.entities:
        failures.append(f"{orgs} Organization nodes, expected {expected.entities}")
    roles = {str(row["role"]): int(row["n"]) for row in store.run(COUNT_CONTROLS)}
    chains = [[gid(lei) for lei in chain] for chain in expected.chains]
    for row in store.run(CHAIN, {"chains": chains}):
        if len(row["chain"]) - 1 not in row["lengths"] or row["n"]:
            failures.append(f"chain {row['chain']}: paths of length {row['lengths']}, {row['n']} shortcut edges")
    inactive = [[gid(parent), gid(child)] for child, parent, _ in expected.inactive_no_end]
    ends = {(child, parent): day for child, parent, day in expected.inactive_no_end}
    for row in store.run(EDGE, {"pairs": inactive}):
        parent, child = (value.removeprefix("gleif-") for value in row["pair"])
        if ends[(child, parent)] not in row["validTo"]:
            failures.append(f"INACTIVE {child}->{parent}: validTo {row['validTo']}, expected {ends[(child, parent)]}")
    annulled = [[gid(parent), gid(child)] for parent, child in expected.annulled_parents]
    for row in store.run(EDGE, {"pairs": annulled}):
        if row["n"]:
            failures.append(f"ANNULLED parent {row['pair'][0]} controls {row['pair'][1]}")
    reasons = {gid(lei): reason for lei, reason in expected.exception_reasons.items()}
    for row in store.run(REASONS, {"ids": sorted(reasons)}):
        if row["reasons"] != [reasons[row["id"]]] or row["name"] == row["id"].removeprefix("gleif-"):
            failures.append(f"{row['id']}: reasons {row['reasons']} name {row['name']!r}")
    return {
        "organizations": orgs,
        "controls_by_role": roles,
        "checked": {
            "chains": len(chains),
            "inactive_without_end": len(inactive),
            "annulled_parents": len(annulled),
            "exception_reasons": len(reasons),
        },
        "failures": failures[:20],
        "ok": not failures,
    }


def phase(space: Workspace, path: Path, rows: int, engine: int | None) -> dict[str, Any]:
    """One file through run_source, batched as the CLI batches (TIETRACE_INGEST_COMMIT_EVERY)."""
    options = IngestOptions(file=path, progress=False, commit_every=space.settings.ingest_commit_every)
    began, cpu = time.monotonic(), cpu_seconds(os.getpid())
    engine_cpu = cpu_seconds(engine)
    summary: IngestSummary = run_source(space.store, get("gleif"), options, space.settings.data_dir)
    seconds = time.monotonic() - began
    loader_cpu = (cpu_seconds(os.getpid()) or 0.0) - (cpu or 0.0)
    return {
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "loader_cpu_seconds": round(loader_cpu, 1),
        "engine_cpu_seconds": round((cpu_seconds(engine) or 0.0) - (engine_cpu or 0.0), 1),
        "read": summary.read,
        "rejected": summary.rejected,
        "nodes": summary.nodes,
        "relationships": summary.relationships,
        "missing_endpoints": summary.missing_endpoints,
        "audit": dict(sorted(summary.unknown_fields.items())),
        "failed": summary.failed,
        "engine_memory": process_memory(engine),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def files(args: argparse.Namespace, folder: Path) -> tuple[dict[str, Path], Expected, float]:
    """The generated files and their answers; reused from `folder` when an earlier --keep run left them there."""
    saved = folder / f"expected-{args.entities}-{args.exception_share}.json"
    if saved.exists():
        data = json.loads(saved.read_text(encoding="utf-8"))
        paths = {name: Path(path) for name, path in data.pop("paths").items()}
        data["inactive_no_end"] = [tuple(item) for item in data["inactive_no_end"]]
        data["annulled_parents"] = [tuple(item) for item in data["annulled_parents"]]
        return paths, Expected(**data), 0.0
    began = time.monotonic()
    paths, expected = generate(folder, args.entities, args.exception_share)
    generated = time.monotonic() - began
    record = {**asdict(expected), "paths": {name: str(path) for name, path in paths.items()}}
    saved.write_text(json.dumps(record), encoding="utf-8")
    return paths, expected, generated


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    paths, expected, generated = files(args, folder)
    if args.generate_only:
        return {"entities": args.entities, "generate_seconds": round(generated, 1), "folder": str(folder)}
    counts = {"level1": expected.entities, "relationships": expected.relationships, "exceptions": expected.exceptions}
    phases: dict[str, Any] = {}
    with private_graph(heap=args.heap) as space:
        engine = engine_pid(space.settings)
        profiler = cProfile.Profile() if args.profile else None
        if profiler is not None:
            profiler.enable()
        for name, path in paths.items():
            phases[name] = phase(space, path, counts[name], engine)
            print(name, json.dumps({k: phases[name][k] for k in ("seconds", "rows_per_second", "rejected")}))
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        began = time.monotonic()
        verdict = check(space.store, expected)
        verdict["seconds"] = round(time.monotonic() - began, 1)
        engine_memory = process_memory(engine)
    total = sum(p["seconds"] for p in phases.values())
    entities_and_relationships = phases["level1"]["seconds"] + phases["relationships"]["seconds"]
    return {
        "entities": args.entities,
        "rows": counts,
        "expected_types": expected.types,
        "expected_registration": expected.registration,
        "heap": args.heap or os.environ.get("TIETRACE_ENGINE_HEAP") or "setting default",
        "commit_every": int(os.environ.get("TIETRACE_INGEST_COMMIT_EVERY", "1000")),
        "generate_seconds": round(generated, 1),
        "phases": phases,
        "ingest_seconds": round(total, 1),
        "level1_and_relationships_seconds": round(entities_and_relationships, 1),
        "loader_memory": process_memory(os.getpid()),
        "engine_memory": engine_memory,
        "checks": verdict,
        "sample": asdict(expected)["chains"][:2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--exception-share", type=float, default=0.25)
    parser.add_argument("--heap", default=None, help="engine heap (default: TIETRACE_ENGINE_HEAP or the setting)")
    parser.add_argument("--out", type=Path, default=RESULTS / "gleif_scale.json")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of the loading to this path")
    parser.add_argument(
        "--keep", type=Path, default=None, help="generate the files into this folder and keep them (reused next time)"
    )
    parser.add_argument("--generate-only", action="store_true", help="only write the files (into --keep)")
    args = parser.parse_args()
    started = context()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="tietrace-gleif-scale-") as folder:
            result = run(args, Path(folder))
    result = {"context_before": started, **result, "load_average_after": context()["load_average"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in ("phases", "sample")}, indent=2))


if __name__ == "__main__":
    main()
