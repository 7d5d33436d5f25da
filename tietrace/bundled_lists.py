"""The lists bundled with tietrace (tietrace/lists_data/, origins in its SOURCES.md), loaded through the normal
ingest path: each file of `manifest.yml` by `ingest.run.run_source` in file mode, exactly as `tietrace ingest
SOURCE --file FILE` would (checkpoints, rejects, idempotent rerun), then resolved against the whole graph so one
institution's records on several lists are linked by SAME_AS.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from rich.console import Console

import queries
from graph.lists import catalogue
from graph.model import Entity, Label
from graph.settings import Settings
from graph.store import GraphStore
from ingest.context import JobContext
from ingest.run import IngestOptions, run_source
from ingest.sources import get
from resolve.run import dataset_organizations, resolve, write_review

LISTS_DIR = Path(__file__).resolve().parent / "lists_data"
MANIFEST = LISTS_DIR / "manifest.yml"


class ListsError(Exception):
    """The bundled lists could not load: an unknown list id, a broken manifest, or a source that failed."""


@dataclass(frozen=True, slots=True)
class FileLoad:
    """One file's ingest: what was read, rejected and written, and how long it took (the lists and the demo)."""

    source: str
    file: str
    read: int
    rejected: int
    upserted: int
    seconds: float
    rejects_file: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "read": self.read,
            "rejected": self.rejected,
            "upserted": self.upserted,
            "seconds": round(self.seconds, 2),
            "rejectsFile": self.rejects_file,
        }


@dataclass(slots=True)
class ListsSummary:
    files: list[FileLoad] = field(default_factory=list)
    linked: int = 0
    review: int = 0
    review_file: str | None = None
    seconds: float = 0.0
    reference_ids: set[str] = field(default_factory=set)  # the organizations the reference files wrote

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": [f.as_dict() for f in self.files],
            "read": sum(f.read for f in self.files),
            "rejected": sum(f.rejected for f in self.files),
            "linked": self.linked,
            "review": self.review,
            "reviewFile": self.review_file,
            "seconds": round(self.seconds, 2),
        }


def bundled_files(manifest: Path = MANIFEST) -> list[tuple[str, Path]]:
    """(source, file) in load order."""
    return [(source, path) for source, path, _ in manifest_entries(manifest)]


def manifest_entries(manifest: Path = MANIFEST) -> list[tuple[str, Path, bool]]:
    """(source, file, reference) in load order. A reference file (ROR's records of the listed research
    organizations and their namesakes) is no list: `--only` does not choose among its records, and its records are
    resolved with the lists', each by every one of its names, for they serve only linked (a Han-script name or an
    abbreviation found in a ROR record that is not linked to the list's record flags nothing)."""
    try:
        data: Any = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ListsError(f"{manifest}: cannot be read ({exc})") from exc
    entries = data.get("files") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ListsError(f"{manifest}: expected a list under 'files'")
    found = []
    for number, entry in enumerate(entries, start=1):
        path = (manifest.parent / str(entry.get("file", ""))).resolve() if isinstance(entry, dict) else None
        if path is None or not path.is_file() or not isinstance(entry.get("source"), str):
            raise ListsError(f"{manifest}: entry {number} needs a 'source' and an existing 'file', got {entry!r}")
        found.append((str(entry["source"]), path, bool(entry.get("reference", False))))
    return found


def _organizations_in(source: str, path: Path) -> set[str]:
    """The ids of the organizations a file's records become, as its source reads them."""
    found = get(source)
    ctx = JobContext(source=source, file=path)
    return {
        item.id
        for record in found.records(ctx)
        for item in found.normalize(ctx, record)
        if isinstance(item, Entity) and item.label is Label.ORGANIZATION
    }


def check_only(only: Collection[str]) -> list[str]:
    """The catalogue ids `--only` names (a catalogue id or a bundled id such as bis-entity-list)."""
    ids = []
    for word in only:
        entry = catalogue().identify(list_id=word, bundled=word)
        if entry is None:
            known = ", ".join(e.id for e in catalogue() if e.bundled or e.jurisdiction == "CN")
            raise ListsError(f"--only {word!r} is not a list id; bundled lists: {known}")
        ids.append(entry.id)
    return ids


def load_lists(
    store: GraphStore,
    settings: Settings,
    *,
    only: Collection[str] = (),
    progress: bool = False,
    resolve_after: bool = True,
    files: Literal["all", "lists", "references"] = "all",
) -> ListsSummary:
    """Load every bundled list (or those `only` names) and the reference records; a rerun leaves the graph as it
    was. `files` loads the lists only or the reference records only: the demo loads the references before its own
    files and the lists after them, so that what its files find in the graph is the same on every run."""
    began = time.monotonic()
    ids = check_only(only)
    console = Console(stderr=True) if progress else None
    summary = ListsSummary()
    query = {"only": ",".join(ids)} if ids else {}
    references: set[str] = set()  # the organization ids the reference files wrote
    list_sources: set[str] = set()
    for source, path, reference in manifest_entries():
        if (files == "lists" and reference) or (files == "references" and not reference):
            continue
        options = IngestOptions(
            file=path,
            query={} if reference else query,
            commit_every=settings.ingest_commit_every,
            progress=None if progress else False,
        )
        loaded = run_source(store, get(source), options, settings.data_dir)
        if loaded.failed:
            raise ListsError(f"{path.name} ({source}) failed: {loaded.failed}")
        if loaded.read == 0:
            continue  # a list --only left out
        if reference:
            references |= _organizations_in(source, path)
        else:
            list_sources.add(source)
        name = str(path.relative_to(LISTS_DIR))
        summary.files.append(
            FileLoad(source, name, loaded.read, loaded.rejected, loaded.upserted, loaded.seconds, loaded.rejects_file)
        )
        if console is not None:
            console.print(
                f"{name}: {loaded.read:,} read, {loaded.rejected:,} rejected in {loaded.seconds:.1f} s",
                highlight=False,
                style="dim",
            )
    summary.reference_ids = references
    if resolve_after and summary.files:
        if console is not None:
            console.print("resolving the lists' organizations against the graph...", highlight=False, style="dim")
        wanted = set(references)  # not every ROR record a user loaded: those of the reference files
        for source in list_sources:
            wanted |= dataset_organizations(store, source)
        resolved = resolve(store, only=wanted, keep_in=settings.index_folder)
        summary.linked, summary.review = resolved.merged, len(resolved.review)
        summary.review_file = str(write_review(resolved, settings.data_dir / "ingest" / "lists" / "review.jsonl"))
    summary.seconds = time.monotonic() - began
    return summary


def watchlists(store: GraphStore, as_of: str | None = None) -> list[dict[str, Any]]:
    """Every watchlist in the graph with its catalogue title, snapshot and listing counts."""
    rows = store.run(queries.load("watchlists"), {"asOf": as_of or date.today().isoformat()})
    for row in rows:
        entry = catalogue().get(row.get("listId"))
        row["title"] = entry.title if entry is not None else row.get("name")
    return rows
