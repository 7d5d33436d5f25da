"""What every command module shares: the two consoles, the exit codes, and graph errors as one line and a code.

Light on purpose: every `tietrace` call imports it, so the store (and with it the driver) is imported only by
`with_store`, when a command actually opens the graph.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import typer

from graph.errors import GraphError, NotFound, QueryError, StoreUnavailable, WriteRefused

if TYPE_CHECKING:
    from rich.console import Console

    from graph.store import GraphStore


class _FirstUse:
    """A rich Console made when it is first used: importing rich is 0.05 s that `check --json` into a pipe or a
    file never needs (print_json writes plain JSON there). Everything else is the Console's own."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:  # only called for what this object does not have itself
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return getattr(self._console, name)


out = cast("Console", _FirstUse(stderr=False))
err = cast("Console", _FirstUse(stderr=True))

# A command's start allocates about a million objects that live as long as its process (the driver's date and
# packing tables, pydantic's schemas, the query catalogue), and the collector's default first threshold (700
# allocations) rescans them again and again: 0.06 s of the 0.45 s `check` spends importing. One command is one short
# process, so the CLI collects less often (cli.main); a server restores the default before it starts serving.
CLI_GC_THRESHOLD = (50_000, 20, 100)
DEFAULT_GC_THRESHOLD = (700, 10, 10)


def collect_less_often() -> None:
    gc.set_threshold(*CLI_GC_THRESHOLD)


def collect_as_usual() -> None:
    """The interpreter's default thresholds, for a process that will run for long (the API)."""
    gc.set_threshold(*DEFAULT_GC_THRESHOLD)


# Exit codes a script can act on.
EXIT_ERROR, EXIT_QUERY, EXIT_REFUSED, EXIT_UNAVAILABLE, EXIT_NOT_FOUND = 1, 2, 3, 4, 5
_EXIT_FOR: list[tuple[type[GraphError], int]] = [
    (WriteRefused, EXIT_REFUSED),
    (QueryError, EXIT_QUERY),
    (StoreUnavailable, EXIT_UNAVAILABLE),
    (NotFound, EXIT_NOT_FOUND),
]


def print_json(text: str) -> None:
    """JSON text on standard output, indented by two: what `out.print_json` prints, without its cost when nothing
    would be coloured (output to a file or a pipe). Rich then still splits and measures the text line by line, which
    took 0.3 s of `check --json`'s 0.9 s for a 240 kB answer; its output there is exactly json.dumps(indent=2)."""
    if _may_colour():
        out.print_json(text)  # rich decides; where it colours nothing it prints the same plain JSON
        return
    sys.stdout.write(json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n")


def _may_colour() -> bool:
    """False only when rich surely colours nothing: standard output is no terminal, nothing forces rich to treat it
    as one (FORCE_COLOR, TTY_COMPATIBLE) and this is no notebook. Otherwise rich is asked."""
    forced = any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE"))
    isatty = getattr(sys.stdout, "isatty", None)
    return forced or "ipykernel" in sys.modules or (callable(isatty) and bool(isatty()))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    err.print("[bold red]error:[/] ", end="")
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def exit_code(exc: GraphError) -> int:
    """The exit code a graph error maps to."""
    return next((c for kind, c in _EXIT_FOR if isinstance(exc, kind)), EXIT_ERROR)


@contextmanager
def graph_errors() -> Iterator[None]:
    """Graph errors become one clear line on stderr and a distinct exit code, never a traceback."""
    try:
        yield
    except GraphError as exc:
        label = "refused" if isinstance(exc, WriteRefused) else "error"
        err.print(f"[bold red]{label}:[/] ", end="")
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(exit_code(exc)) from None


T = TypeVar("T")


def with_store(action: Callable[[GraphStore], T]) -> T:
    from graph.store import open_store

    with graph_errors(), open_store() as store:
        return action(store)


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
