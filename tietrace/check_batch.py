"""`tietrace check --from FILE`: many entities checked in one process, over one connection to the graph.

The input is one identifier or name per line, or a CSV whose header names an `id` (or `identifier`) column or a
`name` column (a row's id when it has one, else its name). A line that cannot be answered (no such entity, a
name that matches several) is reported with its line number and the batch goes on; a graph that stops
answering stops the batch, since every later line would fail alike.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from graph.store import GraphStore
    from queries.answers import CheckResult
    from queries.profiles import Profile

STDIN = "-"
ID_COLUMNS = ("id", "identifier")
NAME_COLUMNS = ("name",)
COMMENT = "#"  # a plain list may carry comment lines


class BatchInputError(ValueError):
    """The file as a whole cannot be read (missing, not UTF-8, a CSV without a name or id column)."""


@dataclass(frozen=True, slots=True)
class Entry:
    line: int  # where it is in the file, counted from 1 (a CSV row's last line)
    text: str  # what to check: an id, scheme:value or a name


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one entry has no answer: the exit code `tietrace check` would give it, the message, any candidates."""

    code: int
    message: str
    candidates: list[dict[str, Any]] = field(default_factory=list)


def read_text(source: str) -> str:
    """The text of a file (UTF-8, a byte-order mark allowed) or of standard input."""
    if source == STDIN:
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise BatchInputError(f"{source}: no such file")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchInputError(f"{source}: not UTF-8 text (byte {exc.start}); convert it first") from exc
    except OSError as exc:
        raise BatchInputError(f"{source}: cannot be read ({exc.strerror})") from exc


def entries(text: str, where: str) -> list[Entry]:
    """The entities to check, in file order. A first line naming an id or name column makes the text a CSV; a
    file called *.csv must have one. Otherwise each non-blank line is one entity, commas and all."""
    text = text.removeprefix("\ufeff")  # standard input keeps its byte-order mark
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = [cell.strip().lower() for cell in next(csv.reader([first]), [])]
    if any(c in ID_COLUMNS + NAME_COLUMNS for c in header):
        return _csv_entries(text, where)
    if where.lower().endswith(".csv"):
        raise BatchInputError(
            f"{where}: line 1: a CSV needs a header with an id or name column, got {', '.join(header) or 'nothing'}"
        )
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.strip()
        if value and not value.startswith(COMMENT):
            found.append(Entry(number, value))
    if not found:
        raise BatchInputError(f"{where}: no entities to check")
    return found


def _csv_entries(text: str, where: str) -> list[Entry]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    columns: list[int] = []
    found = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if not header:
            header = [cell.strip().lower() for cell in row]
            columns = [header.index(c) for c in ID_COLUMNS + NAME_COLUMNS if c in header]
            continue
        value = next((row[i].strip() for i in columns if i < len(row) and row[i].strip()), "")
        # A row with neither an id nor a name still gets its line of output: it is one of the file's rows.
        found.append(Entry(reader.line_num, value))
    if not found:
        raise BatchInputError(f"{where}: no rows after the header")
    return found


def check_all(
    store: GraphStore, todo: list[Entry], profile: Profile, as_of: str | None
) -> Iterator[tuple[Entry, CheckResult | Failure]]:
    """Each entry's answer, or why it has none. StoreUnavailable is raised: the graph is gone for every line."""
    from graph.errors import NotFound, QueryError, StoreUnavailable
    from queries.check import check
    from queries.target import AmbiguousEntity
    from tietrace.cli_base import EXIT_NOT_FOUND, exit_code

    for entry in todo:
        if not entry.text:
            yield entry, Failure(EXIT_NOT_FOUND, "no id or name on this row")
            continue
        try:
            yield entry, check(store, entry.text, profile, as_of)
        except AmbiguousEntity as exc:
            candidates = [
                {"id": c.id, "name": c.name, "country": c.country, "score": round(score, 1)}
                | ({"as": exc.aliases[c.id]} if c.id in exc.aliases else {})
                for c, score in exc.candidates
            ]
            yield entry, Failure(EXIT_NOT_FOUND, f"{entry.text!r} matches several entities", candidates)
        except StoreUnavailable:
            raise
        except (NotFound, QueryError) as exc:
            yield entry, Failure(exit_code(exc), str(exc))


def check_many(source: str, profile: Profile, as_of: str | None, *, as_json: bool) -> int:
    """Check every entity the file names and print each answer as `tietrace check` does (or one JSON line each, in
    file order, an error line for an entity without an answer). Returns how many had no answer."""
    from graph.store import open_store
    from tietrace.cli_base import EXIT_QUERY, err, fail, graph_errors, out
    from tietrace.cli_check import report

    where = "standard input" if source == STDIN else source
    try:
        todo = entries(read_text(source), where)
    except BatchInputError as exc:
        fail(str(exc), EXIT_QUERY)
    failed: list[int] = []
    with graph_errors(), open_store() as store:
        for n, (entry, answer) in enumerate(check_all(store, todo, profile, as_of)):
            if isinstance(answer, Failure):
                failed.append(entry.line)
                print_failure(err, where, entry, answer)
                if as_json:
                    out.file.write(json.dumps(failure_json(entry, answer), ensure_ascii=False) + "\n")
            elif as_json:
                out.file.write(answer.model_dump_json() + "\n")
            else:
                if n:
                    out.print()
                heading = f"# {where}, line {entry.line}: {entry.text}"
                out.print(heading, markup=False, highlight=False, style="dim", soft_wrap=True)
                report(out, answer)
    shown = ", ".join(map(str, failed[:20])) + (f" and {len(failed) - 20} more" if len(failed) > 20 else "")
    err.print(
        f"{len(todo)} checked, {len(todo) - len(failed)} answered"
        + (f", {len(failed)} without an answer (line {shown})" if failed else ""),
        highlight=False,
        soft_wrap=True,
    )
    return len(failed)


def failure_json(entry: Entry, failure: Failure) -> dict[str, Any]:
    """An entity without an answer as a JSON line: where it is, what it said, why (with the exit code of `check`)."""
    reason: dict[str, Any] = {"code": failure.code, "message": failure.message}
    if failure.candidates:
        reason["candidates"] = failure.candidates
    return {"line": entry.line, "input": entry.text, "error": reason}


def print_failure(console: Console, where: str, entry: Entry, failure: Failure) -> None:
    """One line per failure (soft-wrapped, so a terminal's width never splits it for grep), then any candidates."""
    console.print(f"[bold red]error:[/] {where}, line {entry.line}: ", end="", highlight=False, soft_wrap=True)
    console.print(failure.message, markup=False, highlight=False, soft_wrap=True)
    if failure.candidates:
        console.print("  name one by its id:", highlight=False)
    for c in failure.candidates:
        line = f"  {c['id']}  {c['name']} ({c['country'] or '?'})  score {c['score']:.0f}"
        console.print(line + (f"  as {c['as']!r}" if "as" in c else ""), markup=False, soft_wrap=True)
