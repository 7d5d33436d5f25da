"""`tietrace graph start|stop|status`: the embedded engine's lifecycle (ignored when TIETRACE_GRAPH_URI is set)."""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

import typer

from tietrace.cli_base import EXIT_UNAVAILABLE, fail, graph_errors, out, print_json

app = typer.Typer(name="graph", help="Manage the embedded graph engine (ignored when TIETRACE_GRAPH_URI is set).")


def _require_embedded() -> None:
    from graph.settings import get_settings

    if get_settings().graph_uri:
        fail("TIETRACE_GRAPH_URI is set: the graph is an external Neo4j server, not the embedded engine")


@app.command("start")
def graph_start() -> None:
    """Start the embedded engine (a no-op when it already runs) and apply the schema."""
    from graph.store import embedded_engine, open_store

    _require_embedded()
    began = time.monotonic()
    with graph_errors():
        status = embedded_engine().ensure_running()
        with open_store():
            pass
    out.print(f"embedded graph running: pid {status.pid}, {status.bolt_uri}, data in {status.data_dir}")
    out.print(f"ready in {time.monotonic() - began:.1f} s", style="dim")


@app.command("stop")
def graph_stop() -> None:
    """Stop the embedded engine cleanly. Its data stays in TIETRACE_DATA_DIR."""
    from graph.store import embedded_engine

    _require_embedded()
    stopped = embedded_engine().stop()
    out.print("embedded graph stopped" if stopped else "embedded graph was not running")


@app.command("status")
def graph_status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Say whether the graph is running and where. Exit code 4 when it is not."""
    from graph.settings import get_settings
    from graph.store import embedded_engine, open_store

    settings = get_settings()
    if settings.graph_uri:
        with graph_errors(), open_store(apply_schema=False) as store:
            healthy = store.check_health()
        info: dict[str, Any] = {"backend": "neo4j", "running": healthy, "uri": settings.graph_uri}
    else:
        status = embedded_engine().status()
        info = {
            "backend": "embedded",
            "running": status.running,
            "pid": status.pid,
            "uri": status.bolt_uri,
            "dataDir": status.data_dir,
            "uptimeSeconds": round(time.time() - status.started_at, 1) if status.started_at else None,
        }
    if as_json:
        print_json(json.dumps(info))
    else:
        state = "[green]running[/]" if info["running"] else "[yellow]stopped[/]"
        details = ", ".join(f"{k} {v}" for k, v in info.items() if k not in ("running",) and v is not None)
        out.print(f"graph {state}: {details}", highlight=False)
    if not info["running"]:
        raise typer.Exit(EXIT_UNAVAILABLE)
