"""`tietrace stats` and `tietrace cypher QUERY [-p k=v] [--limit N]`: what the graph holds, read-only Cypher."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from tietrace.cli_base import EXIT_QUERY, fail, out, parse_param, print_json, with_store

app = typer.Typer()


@app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Count nodes per label and relationships per type."""
    backend, counts = with_store(lambda store: (store.backend, store.stats()))
    if as_json:
        print_json(json.dumps({"backend": backend, **counts}))
        return
    from rich.table import Table  # here: JSON needs no rich

    table = Table(title=f"graph ({backend})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind in ("nodes", "relationships"):
        for name, n in counts[kind].items():
            table.add_row(kind, name, f"{n:,}")
    out.print(table)


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
        print_json(json.dumps(payload, default=str))
        return
    from rich.table import Table  # here: JSON needs no rich

    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(cell(row[c]) for c in result.columns))
    out.print(table)
    more = f" (capped at {result.row_cap}; more rows exist)" if result.truncated else ""
    out.print(f"{len(result.rows)} rows{more}", style="dim")
