"""`tietrace ingest SOURCE [--file PATH] [--since DATE] [--query k=v]` and `tietrace ingest --list`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ingest.source_index import SOURCES
from tietrace.cli_base import err, fail, graph_errors, out, parse_param, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from graph.store import GraphStore
    from ingest.run import IngestSummary

app = typer.Typer()


def _print_sources(console: Console) -> None:
    """From the light index, not the registry: listing the sources imports none of them (a test holds the two
    alike)."""
    from rich.table import Table

    table = Table("source", "reads", "title", "license")
    for spec in SOURCES:
        reads = " + ".join(("API" if m == "api" else "file") for m in spec.modes)
        table.add_row(spec.name, reads, spec.title, spec.license)
    console.print(table)


def _print_summary(console: Console, summary: IngestSummary) -> None:
    from rich.table import Table

    table = Table(title=f"ingest {summary.source}", show_header=False)
    table.add_row("read", f"{summary.read:,}")
    table.add_row("skipped (already committed)", f"{summary.skipped:,}")
    table.add_row("rejected", f"{summary.rejected:,}")
    table.add_row("upserted", f"{summary.upserted:,}")
    for name, n in {**summary.nodes, **summary.relationships}.items():
        table.add_row(f"  {name}", f"{n:,}")
    if summary.missing_endpoints:
        table.add_row("relationships to unknown nodes", f"{summary.missing_endpoints:,}")
    if summary.csv_dialect:
        table.add_row("CSV read as", summary.csv_dialect)
    table.add_row("seconds", f"{summary.seconds:.1f}")
    console.print(table)
    if summary.rejects_file:
        console.print(f"rejected records and their reasons: {summary.rejects_file}")
    if summary.unknown_fields:
        shown = ", ".join(f"{k} ({v})" for k, v in sorted(summary.unknown_fields.items())[:12])
        console.print(f"fields not used: {shown}", style="dim")


def _resolve_source(store: GraphStore, dataset: str, data_dir: Path, quiet: bool) -> dict[str, Any]:
    """Resolution of what a source wrote, against the whole graph (people's judgements are kept, as always)."""
    from graph.settings import get_settings
    from resolve.run import dataset_organizations, resolve, write_review

    if not quiet:
        err.print("resolving the source's organizations against the graph...", style="dim")
    summary = resolve(store, only=dataset_organizations(store, dataset), keep_in=get_settings().index_folder)
    return summary.as_dict(write_review(summary, data_dir / "ingest" / dataset / "review.jsonl"))


@app.command("ingest")
def ingest(
    source: Annotated[str | None, typer.Argument(help="Source name; see --list.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Load this bulk file instead of the API.")] = None,
    since: Annotated[str | None, typer.Option(help="Only records changed since this ISO date (or year).")] = None,
    query: Annotated[
        list[str] | None, typer.Option("--query", "-q", help="A source filter as name=value; repeatable.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of --file (default UTF-8).")] = None,
    dataset: Annotated[
        str | None,
        typer.Option(help="opensanctions: download this dataset's current export (default, sanctions, ...)."),
    ] = None,
    download: Annotated[
        bool, typer.Option("--download", help="trade_csl: download the full current list (consolidated.csv).")
    ] = False,
    list_sources: Annotated[bool, typer.Option("--list", help="List the sources and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    resolve_after: Annotated[
        bool,
        typer.Option(
            "--resolve/--no-resolve",
            help="Afterwards, match the source's organizations against the graph and link sure pairs (SAME_AS); "
            "pairs to review go to review.jsonl beside the rejects.",
        ),
    ] = True,
) -> None:
    """Pull a source into the graph: idempotent, resumable, bad records to a rejects file."""
    if list_sources:
        _print_sources(out)
        return
    from graph.settings import get_settings
    from graph.store import open_store
    from ingest.errors import IngestError
    from ingest.run import IngestOptions, run_source
    from ingest.sources import get

    if source is None:
        fail("name a source (see `tietrace ingest --list`)", 2)
    if since is not None and not (len(since) == 4 and since.isdigit()):  # a year means from its first day
        try:
            date.fromisoformat(since)
        except ValueError:
            fail(f"--since must be an ISO date such as 2024-01-31 or a year such as 2021, got {since!r}", 2)
    params = {k: str(v) for k, v in (parse_param(q) for q in query or [])}
    try:
        chosen = get(source)
    except IngestError as exc:
        fail(str(exc), 2)
    settings = get_settings()
    if dataset is not None or download:
        from tietrace.cli_refresh import run_refresh

        if file is not None:
            fail("--dataset and --download fetch the current export; drop --file (or load the file alone)", 2)
        run_refresh(chosen.spec.name, dataset, settings, as_json=as_json, resolve_after=resolve_after)
        return
    options = IngestOptions(
        file=file, since=since, query=params, encoding=encoding, commit_every=settings.ingest_commit_every
    )
    resolution: dict[str, Any] | None = None
    with graph_errors(), open_store() as store:
        try:
            summary = run_source(store, chosen, options, settings.data_dir)
        except IngestError as exc:
            fail(str(exc))
        if resolve_after and not summary.failed:
            resolution = _resolve_source(store, chosen.spec.name, settings.data_dir, quiet=as_json)
    if as_json:
        print_json(json.dumps({**summary.as_dict(), "resolution": resolution}))
    else:
        _print_summary(out, summary)
        if resolution is not None:
            out.print(
                f"resolution: {resolution['organizations']:,} organizations matched against the graph, "
                f"{resolution['linked']:,} pairs linked, {resolution['review']:,} for review "
                f"({resolution['reviewFile']})",
                markup=False,
            )
    if summary.failed:
        err.print(f"[bold red]{source} failed:[/] {summary.failed}", highlight=False)
        raise typer.Exit(1)
