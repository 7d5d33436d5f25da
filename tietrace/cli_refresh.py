"""`tietrace ingest opensanctions --dataset NAME` and `tietrace ingest trade_csl --download`: the current export,
downloaded conditionally, applied so that delisted entries end (ingest/downloads.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from graph.store import open_store
from ingest.downloads import refresh
from ingest.errors import IngestError
from tietrace.cli_base import err, fail, graph_errors, out, print_json
from tietrace.cli_ingest import _resolve_source

if TYPE_CHECKING:
    from graph.settings import Settings


def run_refresh(source: str, dataset: str | None, settings: Settings, *, as_json: bool, resolve_after: bool) -> None:

    resolution = None
    with graph_errors(), open_store() as store:
        try:
            if not as_json:
                err.print(f"downloading the current {dataset or source} export...", style="dim", highlight=False)
            result = refresh(
                store, source, settings.data_dir, dataset=dataset, commit_every=settings.ingest_commit_every
            )
        except IngestError as exc:
            fail(str(exc))
        if resolve_after and result.status == "downloaded" and not result.failed:
            resolution = _resolve_source(store, source, settings.data_dir, quiet=as_json)
    if as_json:
        print_json(json.dumps({**result.as_dict(), "resolution": resolution}))
    else:
        out.print(f"{result.url}: {result.status}; licence: {result.licence}", markup=False)
        out.print(
            f"listings: {result.added:,} added, {result.changed:,} changed, {result.removed:,} removed (ended today)",
            markup=False,
        )
        for load in result.loads:
            out.print(
                f"  loaded {load.read:,} records, {load.rejected:,} rejected, {load.upserted:,} upserted", markup=False
            )
    if result.failed:
        err.print(f"[bold red]{source} failed:[/] {result.failed}", highlight=False)
        raise typer.Exit(1)
