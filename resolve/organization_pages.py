"""The graph's organizations as the matching index reads them (queries/organizations.cypher), a page at a time, and
the first page asked for ahead, while the caller does something else.

`tietrace screen` opens the graph, then imports the matching and screening code (about 0.5 s: numpy, rigour, the
name tables) and only then reads the organizations (about 1 s on the bundled lists, most of it the engine's). The
engine can answer while the code is imported: `first_page_ahead` sends the query from a thread, and
`Matcher.from_store` takes the page when it needs it (0.3-0.6 s of a 1,000-row list's 5 to 6 s, BENCHMARKS.md).
Only the first page is read ahead, so a graph of millions of organizations holds no more rows at once than before.
This module imports nothing heavy, so that the read can start before the matcher is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import queries
from graph.store import GraphStore

PAGE = 20_000

Rows = list[dict[str, Any]]


def _page(store: GraphStore, after: str) -> Rows:
    return store.run(queries.load("organizations"), {"afterId": after, "limit": PAGE})


def organization_pages(store: GraphStore, first: Future[Rows] | None = None) -> Iterator[Rows]:
    """The organizations, PAGE rows at a time in id order; `first`, the first page read ahead (first_page_ahead),
    is waited for, and a failure to read it is raised here, as a page read here would raise it."""
    rows = first.result() if first is not None else _page(store, "")
    while True:
        yield rows
        if len(rows) < PAGE:
            return
        rows = _page(store, rows[-1]["id"])


def first_page_ahead(store: GraphStore) -> Future[Rows]:
    """The first page of organization_pages, asked for now in a thread of its own (the store is used by threads
    already: screening asks risks in a pool). A caller that never takes it leaves only a finished thread."""
    pending: Future[Rows] = Future()

    def read() -> None:
        if not pending.set_running_or_notify_cancel():
            return
        try:
            pending.set_result(_page(store, ""))
        except BaseException as problem:  # raised again where the page is taken (organization_pages)
            pending.set_exception(problem)

    threading.Thread(target=read, name="organizations-ahead", daemon=True).start()
    return pending
