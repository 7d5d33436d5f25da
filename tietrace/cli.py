"""The `tietrace` command: thin, it calls the same functions as the API and prints their answers."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from graph.errors import GraphError, NotFound, QueryError, StoreUnavailable, WriteRefused
from graph.settings import get_settings
from graph.store import GraphStore, embedded_engine, open_store

app = typer.Typer(
    name="tietrace",
    help="Which foreign organizations own, control or fund the partners we work with, and how do we know?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
graph_app = typer.Typer(help="Manage the embedded graph engine (ignored when TIETRACE_GRAPH_URI is set).")
app.add_typer(graph_app, name="graph")

out = Console()
err = Console(stderr=True)

# Exit codes a script can act on.
EXIT_ERROR, EXIT_QUERY, EXIT_REFUSED, EXIT_UNAVAILABLE, EXIT_NOT_FOUND = 1, 2, 3, 4, 5
_EXIT_FOR: list[tuple[type[GraphError], int]] = [
    (WriteRefused, EXIT_REFUSED),
    (QueryError, EXIT_QUERY),
    (StoreUnavailable, EXIT_UNAVAILABLE),
    (NotFound, EXIT_NOT_FOUND),
]


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    err.print("[bold red]error:[/] ", end="")
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


@contextmanager
def graph_errors() -> Iterator[None]:
    """Graph errors become one clear line on stderr and a distinct exit code, never a traceback."""
    try:
        yield
    except GraphError as exc:
        code = next((c for kind, c in _EXIT_FOR if isinstance(exc, kind)), EXIT_ERROR)
        label = "refused" if isinstance(exc, WriteRefused) else "error"
        err.print(f"[bold red]{label}:[/] ", end="")
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(code) from None


T = TypeVar("T")


def with_store(action: Callable[[GraphStore], T]) -> T:
    with graph_errors(), open_store() as store:
        return action(store)


@app.callback()
def main_options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("neo4j", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# -- graph start | stop | status ----------------------------------------------------------------------------


def _require_embedded() -> None:
    if get_settings().graph_uri:
        fail("TIETRACE_GRAPH_URI is set: the graph is an external Neo4j server, not the embedded engine")


@graph_app.command("start")
def graph_start() -> None:
    """Start the embedded engine (a no-op when it already runs) and apply the schema."""
    _require_embedded()
    began = time.monotonic()
    with graph_errors():
        status = embedded_engine().ensure_running()
        with open_store():
            pass
    out.print(f"embedded graph running: pid {status.pid}, {status.bolt_uri}, data in {status.data_dir}")
    out.print(f"ready in {time.monotonic() - began:.1f} s", style="dim")


@graph_app.command("stop")
def graph_stop() -> None:
    """Stop the embedded engine cleanly. Its data stays in TIETRACE_DATA_DIR."""
    _require_embedded()
    stopped = embedded_engine().stop()
    out.print("embedded graph stopped" if stopped else "embedded graph was not running")


@graph_app.command("status")
def graph_status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Say whether the graph is running and where. Exit code 4 when it is not."""
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
        out.print_json(json.dumps(info))
    else:
        state = "[green]running[/]" if info["running"] else "[yellow]stopped[/]"
        details = ", ".join(f"{k} {v}" for k, v in info.items() if k not in ("running",) and v is not None)
        out.print(f"graph {state}: {details}", highlight=False)
    if not info["running"]:
        raise typer.Exit(EXIT_UNAVAILABLE)


# -- stats ------------------------------------------------------------------------------------------------


@app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Count nodes per label and relationships per type."""
    backend, counts = with_store(lambda store: (store.backend, store.stats()))
    if as_json:
        out.print_json(json.dumps({"backend": backend, **counts}))
        return
    table = Table(title=f"graph ({backend})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind in ("nodes", "relationships"):
        for name, n in counts[kind].items():
            table.add_row(kind, name, f"{n:,}")
    out.print(table)


# -- cypher -----------------------------------------------------------------------------------------------


def parse_param(text: str) -> tuple[str, Any]:
    """`k=v`: v as JSON when it parses (numbers, booleans, lists, null), else as a plain string."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip().isidentifier():
        raise typer.BadParameter(f"expected name=value, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw
    return key.strip(), value


def cell(value: Any) -> str:
    """A value as a table cell: text as itself, everything else as JSON (non-ASCII kept readable)."""
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


@app.command("cypher")
def cypher(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value; repeatable.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Row cap (default TIETRACE_CYPHER_ROW_CAP).", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run read-only Cypher. Anything that could write is refused before it runs (exit code 3)."""
    from api import cypher_params  # here, not at the top: the other commands need nothing of the API

    params = dict(parse_param(p) for p in param or [])
    found = cypher_params.problems(params)  # the API's own checks: 10^30 cannot travel over Bolt
    if found:
        fail(cypher_params.describe(found), EXIT_QUERY)
    result = with_store(lambda store: store.run_guarded(query, params, row_cap=limit))
    if as_json:
        payload = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
        out.print_json(json.dumps(payload, default=str))
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(cell(row[c]) for c in result.columns))
    out.print(table)
    more = f" (capped at {result.row_cap}; more rows exist)" if result.truncated else ""
    out.print(f"{len(result.rows)} rows{more}", style="dim")


def main() -> None:
    # Files the CLI (and `tietrace serve`) creates in the data directory are the owner's alone: keys, audit log,
    # demo key, engine secret and logs.
    os.umask(0o077)
    from tietrace import (
        cli_api,
        cli_check,
        cli_demo,
        cli_extract,
        cli_ingest,
        cli_lists,
        cli_researcher,
        cli_resolve,
    )

    for module in (cli_demo, cli_ingest, cli_lists, cli_check, cli_researcher, cli_resolve, cli_extract, cli_api):
        module.register(app)
    app()


if __name__ == "__main__":
    main()
