"""`tietrace lists [show]`, `tietrace lists load [--only ID ...]` and `tietrace lists load-own FILE --name NAME`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tietrace.cli_base import err, fail, graph_errors, out, print_json

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(name="lists", help="The restricted lists in the graph: show them, load the bundled ones or your own.")


def _print_watchlists(console: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("list id", "title", "listings", "current", "snapshot")
    for row in rows:
        table.add_row(
            row.get("listId") or row["id"],
            row["title"] or "",
            f"{row['listings']:,}",
            f"{row['current']:,}",
            row.get("snapshot") or "",
        )
    console.print(table)
    if not rows:
        console.print("no lists loaded yet: `tietrace lists load` loads the bundled ones", style="dim")


def show_lists(as_json: bool) -> None:
    from graph.store import open_store
    from tietrace.bundled_lists import watchlists

    with graph_errors(), open_store() as store:
        rows = watchlists(store)
    if as_json:
        print_json(json.dumps(rows))
    else:
        _print_watchlists(out, rows)


@app.callback(invoke_without_command=True)
def lists_main(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Without a subcommand: the lists in the graph (as `lists show`)."""
    if ctx.invoked_subcommand is None:
        show_lists(as_json)


@app.command("show")
def show(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Every list in the graph: catalogue id, title, listings (all and current), the snapshot it was read from."""
    show_lists(as_json)


@app.command("load")
def load(
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Load only this list (catalogue or bundled id); repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    resolve_after: Annotated[
        bool, typer.Option("--resolve/--no-resolve", help="Link records of one institution across lists.")
    ] = True,
) -> None:
    """Load the bundled lists (13 US lists of NSF's 2026-07-08 letter, China's lists, 1260H, 1286, MIEU)."""
    from graph.settings import get_settings
    from graph.store import open_store
    from tietrace.bundled_lists import ListsError, load_lists, watchlists

    settings = get_settings()
    with graph_errors(), open_store() as store:
        try:
            summary = load_lists(store, settings, only=only or (), progress=not as_json, resolve_after=resolve_after)
        except ListsError as exc:
            fail(str(exc))
        rows = watchlists(store)
    if as_json:
        print_json(json.dumps({**summary.as_dict(), "lists": rows}))
        return
    _print_watchlists(out, rows)
    done = summary.as_dict()
    out.print(
        f"{done['read']:,} records read from {len(summary.files)} files, {done['rejected']:,} rejected, "
        f"{summary.linked:,} pairs linked across records, {summary.review:,} for review, "
        f"in {summary.seconds:.1f} s",
        markup=False,
    )
    for load in summary.files:
        if load.rejects_file:
            err.print(f"{load.file}: rejected records in {load.rejects_file}", markup=False)


@app.command("load-own")
def load_own(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX: name, aliases, country, list, reason, from, to.")],
    name: Annotated[str, typer.Option("--name", help="The list's name, as answers will show it.")],
    list_id: Annotated[str | None, typer.Option("--id", help="Its id, own.<slug> (default: from the name).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of a CSV (default UTF-8).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Load an institution's own restricted list as a named list profiles can count (docs/own-lists-format.md)."""
    from graph.settings import get_settings
    from graph.store import open_store
    from ingest.errors import IngestError
    from ingest.run import IngestOptions, run_source
    from ingest.sources import get

    settings = get_settings()
    query = {"name": name, **({"id": list_id} if list_id else {})}
    options = IngestOptions(file=file, query=query, encoding=encoding, commit_every=settings.ingest_commit_every)
    with graph_errors(), open_store() as store:
        try:
            summary = run_source(store, get("own_list"), options, settings.data_dir)
        except IngestError as exc:
            fail(str(exc))
    if as_json:
        print_json(json.dumps(summary.as_dict()))
    else:
        out.print(
            f"{summary.read:,} rows read, {summary.rejected:,} rejected, {summary.upserted:,} upserted",
            markup=False,
        )
        if summary.rejects_file:
            err.print(f"rejected rows and their reasons: {summary.rejects_file}", markup=False)
    if summary.failed:
        err.print(f"[bold red]{file} failed:[/] {summary.failed}", highlight=False)
        raise typer.Exit(1)
