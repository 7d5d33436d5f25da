"""The API from the command line: `tietrace serve` (uvicorn, one or more workers), `tietrace screen FILE` (the
API's bulk screening). API keys are tietrace/cli_keys.py."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tietrace.cli_base import EXIT_QUERY, collect_as_usual, err, fail, graph_errors, out

if TYPE_CHECKING:
    from rich.console import Console

    from graph.store import GraphStore
    from queries.profiles import Profile
    from screening.collaborators import Batch, InputProblem
    from screening.models import ScreenMatch, ScreenResult, ScreenSummary

STATUS_STYLE = {"match": "bold", "review": "yellow", "no_match": "dim", "error": "red"}
# `tietrace screen` exits 0 when every row was screened, 6 when it completed but some rows could not be screened
# (each is in the output with status error and its reason), 2 when the file cannot be read at all.
EXIT_ROW_ERRORS = 6

# An import string, not an app: uvicorn imports it in every worker process, and each worker builds its own app,
# whose lifespan opens its own store (driver and connection pool) from the environment's settings.
APP_FACTORY = "api.app:create_app"
SCREEN_WORKERS = "TIETRACE_API_SCREEN_WORKERS"  # api.screen_workers: processes matching long lists per server
# A worker is CPU-bound Python (the driver unpacking results, JSON), idle only while the engine answers, so a
# second worker per core can fill those gaps; more only adds processes waiting for a core.
WORKERS_PER_CORE = 2


def usable_cores() -> int:
    """Cores this process may run on: a container's or taskset's limit, not the host's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_problem(workers: int, cores: int) -> str | None:
    """Why `--workers` is refused, or None when it is sensible on this machine."""
    if workers < 1:
        return f"--workers must be at least 1, got {workers}"
    ceiling = WORKERS_PER_CORE * cores
    if workers > ceiling:
        return (
            f"--workers {workers} is more than {ceiling} ({WORKERS_PER_CORE} per core, {cores} usable cores): each "
            "worker is a Python process with its own graph connections and matching index, and workers beyond "
            "that only wait for a core"
        )
    return None


def reach_graph() -> None:
    """Reach the graph once before any worker starts: the embedded engine is started here, so the workers find it
    running rather than queue on its start lock, and a graph that cannot be reached is one clear error (exit 4)
    instead of every worker failing in its lifespan."""
    from graph.errors import StoreUnavailable
    from graph.store import open_store

    with open_store() as store:
        if not store.check_health():
            raise StoreUnavailable("the graph does not answer its health check; see the log above")


def read_file(path: Path) -> Batch:
    """The list, with the API's limits (TIETRACE_API_MAX_ROWS, TIETRACE_API_MAX_NAME_LENGTH)."""
    from graph.settings import get_settings
    from screening.collaborators import InputProblem, read_csv, read_json

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputProblem(422, f"cannot be read ({exc.strerror})") from None  # explain() names the path
    limits = get_settings().api
    read = read_json if path.suffix.lower() == ".json" else read_csv
    return read(data, limits.max_rows, limits.max_name_length)


def explain(console: Console, problem: InputProblem, path: Path) -> None:
    console.print(f"[bold red]error:[/] {path}: ", end="")
    console.print(problem.detail, markup=False, highlight=False)
    for error in problem.errors[3:20]:
        where = f"row {error.row}" + (f", column {error.column!r}" if error.column else "")
        console.print(f"  {where}: {error.msg}", markup=False, highlight=False)


def run_screen(
    store: GraphStore, batch: Batch, profile: Profile, as_of: str, console: Console, workers: int | None = None
) -> list[ScreenResult]:
    """Screen every row, with a progress bar on a terminal (stderr), silently otherwise; a long list's organizations
    are matched in `workers` processes (screening/parallel.py; None: one per core)."""
    from resolve.organization_pages import first_page_ahead

    # The graph reads the organizations while the matching code is imported (resolve/organization_pages.py).
    first_page = first_page_ahead(store)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.settings import get_settings
    from resolve.matcher import Matcher
    from screening.parallel import answered_ahead, workers_for
    from screening.people import people_matcher
    from screening.screen import Screener, needs_people

    people = people_matcher(store) if needs_people(batch.rows) else None
    matcher = Matcher.from_store(store, keep_in=get_settings().index_folder, first_page=first_page)
    screener = Screener(store, matcher, profile, as_of, people)
    rows = answered_ahead(matcher, batch.rows, workers_for(len(batch.rows), workers))
    if not console.is_terminal:
        return list(screener.screen_all(rows))
    results = []
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("screen", total=len(batch.rows))
        for result in screener.screen_all(rows):
            results.append(result)
            progress.advance(task)
    return results


def _candidate(match: ScreenMatch) -> str:
    from rich.markup import escape

    return f"{escape(match.name or '')} [{escape(match.id)}] ({match.country or '?'}) {match.score:.2f}"


def print_table(console: Console, results: list[ScreenResult]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table("row", "input", "status", "best match (rivals when review)", "person", "risk")
    for r in results:
        shown = r.input.get("name") or r.input.get("person") or next(iter(r.original.values()), "")
        if r.status == "error":
            found = f"[red]{escape(r.error or '')}[/]"
        elif r.organization_status == "review":
            found = "\n".join(_candidate(m) for m in r.matches)
        else:
            found = _candidate(r.matches[0]) if r.matches else ""
        person = ""
        if r.person is not None:
            top = r.person.matches[0] if r.person.matches and r.person.status != "no_match" else None
            person = f"{r.person.status}" + (f": {_candidate(top)}" if top else "")
        table.add_row(
            str(r.row),
            escape(str(shown or "")),
            f"[{STATUS_STYLE[r.status]}]{r.status}[/]",
            found,
            person,
            f"{r.risk.level} {r.risk.score}" if r.risk else "",
        )
    console.print(table)


def summary_line(summary: ScreenSummary, results: list[ScreenResult]) -> str:
    """The counts, and which rows could not be screened (their reasons are in the table or the output file)."""
    line = f"{summary.rows} rows: {summary.match} match, {summary.review} review, {summary.no_match} no_match"
    if summary.error:
        rows = [str(r.row) for r in results if r.status == "error"]
        shown = ", ".join(rows[:20]) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
        line += f", {summary.error} error (row {shown}: not screened)"
    return line + f" in {summary.seconds:.1f} s"


def share_screening_workers(servers: int, cores: int, setting: int | None) -> None:
    """With several server processes, each starts cores // servers screening workers (screening/workers.py), not one
    per core each, unless the setting (TIETRACE_API_SCREEN_WORKERS) says how many: written for uvicorn's processes,
    which inherit this one's environment."""
    if servers > 1 and setting is None:
        os.environ[SCREEN_WORKERS] = str(cores // servers)


app = typer.Typer()


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(help="Worker processes, each with its own graph connections; more than 1 uses more cores."),
    ] = 1,
) -> None:
    """Serve the REST API with uvicorn (OpenAPI at /docs)."""
    problem = workers_problem(workers, usable_cores())
    if problem is not None:
        fail(problem, EXIT_QUERY)
    with graph_errors():
        reach_graph()
    import uvicorn

    from graph.settings import get_settings

    collect_as_usual()
    share_screening_workers(workers, usable_cores(), get_settings().api.screen_workers)
    # access_log off: the API writes its own JSON line per request (with the request id and key id).
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="info", access_log=False)


@app.command("screen")
def screen(
    file: Annotated[Path, typer.Argument(help="A CSV file of collaborators (or a JSON list, FILE.json).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write results to OUT.csv or OUT.json.")] = None,
    profile: Annotated[str, typer.Option(help="Jurisdiction profile.")] = "us-research-security",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Risk as of this ISO date.")] = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom/--no-bom",
            help="Start a CSV output with a UTF-8 byte-order mark (the default), so Excel reads Cyrillic and CJK "
            "names right; --no-bom for tools that do not expect one.",
        ),
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Processes that match a list of 200 rows or more (default: one per core, up to 8; 0 or 1: none).",
        ),
    ] = None,
) -> None:
    """Match each collaborator against the graph (match / review / no_match) with the risk of clear matches.

    A row that cannot be screened (no name, a name too long, an unknown country) is reported with status
    error and its reason, and the rest is screened. Exit codes: 0 every row screened; 6 completed with row
    errors; 2 the file cannot be read (or a bad option); 4 the graph is unavailable."""
    from graph.store import open_store
    from queries.profiles import load as load_profile
    from screening.collaborators import InputProblem
    from screening.models import ScreenResponse

    if output is not None and output.suffix.lower() not in (".csv", ".json"):
        fail(f"--output must end in .csv or .json, got {output.name!r}", EXIT_QUERY)
    try:
        day = date.fromisoformat(as_of).isoformat() if as_of else date.today().isoformat()
    except ValueError:
        fail(f"--as-of must be an ISO date such as 2024-01-31, got {as_of!r}", EXIT_QUERY)
    with graph_errors():
        chosen = load_profile(profile)
    try:
        batch = read_file(file)
    except InputProblem as problem:
        explain(err, problem, file)
        raise typer.Exit(EXIT_QUERY) from None
    for warning in batch.warnings:
        err.print(f"[yellow]note:[/] {warning}", highlight=False)
    began = time.monotonic()
    with graph_errors(), open_store() as store:
        results = run_screen(store, batch, chosen, day, err, workers)
    # Imported once the graph was asked for the organizations (run_screen): the matching code comes with it.
    from screening.screen import BOM, csv_header, csv_line, csv_text, summarize

    summary = summarize(results, time.monotonic() - began)
    if output is None:
        print_table(out, results)
    elif output.suffix.lower() == ".json":
        answer = ScreenResponse(
            profile=chosen.name,
            as_of=day,
            encoding=batch.encoding,
            delimiter=batch.delimiter,
            warnings=batch.warnings,
            summary=summary,
            results=results,
        )
        output.write_text(answer.model_dump_json(indent=2) + "\n", encoding="utf-8")
    else:
        lines = [csv_header(batch.columns), *(csv_line(r, batch.columns) for r in results)]
        output.write_text((BOM if bom else "") + csv_text(lines), encoding="utf-8", newline="")
    err.print(summary_line(summary, results) + (f"; written to {output}" if output else ""), highlight=False)
    if summary.error:
        raise typer.Exit(EXIT_ROW_ERRORS)
