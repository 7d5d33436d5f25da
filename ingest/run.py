"""The stage driver shared by every source: fetch > parse/normalize > resolve > upsert > checkpoint.

A bad record is rejected (counted, written to the rejects file with its reason and location) and the job goes
on; a broken source stops the job with a clear message and a non-zero exit. After each committed batch the
checkpoint names how many records of this input are in the graph, so a rerun after Ctrl-C, kill -9 or a lost
network skips them and ends with the same graph as an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from graph.errors import GraphError
from graph.model import ModelError
from graph.store import GraphStore
from ingest.checkpoint import Checkpoint, CheckpointStore
from ingest.committer import Committer, WriteBehindCommitter
from ingest.context import JobContext
from ingest.errors import IngestBusy, RecordRejected, SourceError
from ingest.http import HttpFetcher
from ingest.progress import IngestProgress
from ingest.rejects import RejectsWriter
from ingest.source import Items, RawRecord, Source

log = logging.getLogger(__name__)

# The resolve stage: entity resolution (issue #4) plugs in here; until then records pass through unchanged.
Resolver = Callable[[Items], Items]


def _no_resolution(items: Items) -> Items:
    return items


@dataclass(slots=True)
class IngestOptions:
    file: Path | None = None
    since: str | None = None
    query: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    commit_every: int = 1000  # records per committed batch (and checkpoint)
    batch_size: int = 5000  # rows per UNWIND statement
    use_cache: bool = True
    transport: httpx.BaseTransport | None = None  # tests replay recorded payloads through httpx.MockTransport
    progress: bool | None = None  # None: on when stderr is a terminal
    resolver: Resolver = _no_resolution


@dataclass(slots=True)
class IngestSummary:
    source: str
    read: int = 0
    skipped: int = 0  # committed by an earlier, interrupted run of the same input
    rejected: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    missing_endpoints: int = 0
    unknown_fields: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    seconds: float = 0.0
    failed: str | None = None
    csv_dialect: str | None = None  # how a CSV file was read (RFC 4180 or what sniffing guessed)

    @property
    def upserted(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "read": self.read,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "upserted": self.upserted,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "missingEndpoints": self.missing_endpoints,
            "unknownFields": self.unknown_fields,
            "rejectsFile": self.rejects_file,
            "seconds": round(self.seconds, 2),
            "failed": self.failed,
            "csvDialect": self.csv_dialect,
        }


def _fingerprint(source: Source, options: IngestOptions, since: str | None) -> str:
    """Which input a checkpoint is about; a changed file or query starts from the beginning."""
    identity: dict[str, Any] = {"source": source.spec.name, "query": options.query, "since": since}
    if options.file is not None:
        path = options.file.resolve()
        stat = path.stat() if path.is_file() else None
        identity["file"] = {"path": str(path), "size": stat and stat.st_size, "mtime": stat and stat.st_mtime_ns}
    return json.dumps(identity, sort_keys=True)


def source_dir(data_dir: Path, source: str) -> Path:
    return data_dir / "ingest" / source


LOCK_FILE = "ingest.lock"


@contextlib.contextmanager
def source_lock(data_dir: Path, source: str) -> Iterator[Path]:
    """One ingest of a source at a time. Two at once would MERGE the same ids in parallel (the second failed on
    a duplicate key) and race on one checkpoint. The lock is flock(2) on a file in the source's folder: released
    by the kernel when the holder exits, however it exits, so a crashed run never leaves a stale lock."""
    workdir = source_dir(data_dir, source)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / LOCK_FILE
    with os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise IngestBusy(
                f"another ingest of {source} is running{f' (process {holder})' if holder else ''}; "
                f"wait for it to finish (lock: {path})"
            ) from None
        try:
            handle.truncate(0)
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield path
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_source(store: GraphStore, source: Source, options: IngestOptions, data_dir: Path) -> IngestSummary:
    """Run one source under its lock; IngestBusy when another ingest of it is running."""
    spec = source.spec
    if options.file is not None and "file" not in spec.modes:
        raise SourceError(f"{spec.name} reads from its API only; drop --file")
    if options.file is None and "api" not in spec.modes:
        formats = ", ".join(spec.file_formats) or "a file"
        raise SourceError(f"{spec.name} loads bulk files only: pass --file PATH ({formats})")
    with source_lock(data_dir, spec.name):
        return _run(store, source, options, data_dir)


def _run(store: GraphStore, source: Source, options: IngestOptions, data_dir: Path) -> IngestSummary:
    spec = source.spec
    began = time.monotonic()
    workdir = source_dir(data_dir, spec.name)
    checkpoints = CheckpointStore(workdir / "checkpoint.json")
    previous = checkpoints.load()
    since = options.since or (previous.since if previous.completed else None)
    fingerprint = _fingerprint(source, options, since)
    skip = previous.committed if (previous.fingerprint == fingerprint and not previous.completed) else 0
    if skip:
        log.info("%s: resuming after %d records committed by an interrupted run", spec.name, skip)

    http = None
    if options.file is None:
        cache = workdir / "http-cache" if options.use_cache else None
        http = HttpFetcher(spec.name, cache, transport=options.transport)
    ctx = JobContext(
        source=spec.name,
        file=options.file,
        since=since,
        query=options.query,
        encoding=options.encoding,
        http=http,
        store=store,
        workdir=workdir,
    )
    summary = IngestSummary(source=spec.name)
    checkpoint = Checkpoint(fingerprint=fingerprint, committed=skip, since=previous.since)
    rejects = RejectsWriter(workdir / "rejects.jsonl")
    run_started = datetime.now(UTC).date().isoformat()

    writer = store.writer(batch_size=options.batch_size)
    position = 0

    def committed(done: int) -> None:
        checkpoint.committed = done
        checkpoints.save(checkpoint)

    committer = (WriteBehindCommitter if spec.write_behind else Committer)(writer, committed)
    try:
        with rejects, IngestProgress(spec.name, options.progress) as progress:
            for position, record in enumerate(source.records(ctx), start=1):
                summary.read += 1
                if position <= skip:
                    summary.skipped += 1
                    continue
                items = _normalize(source, ctx, record, rejects)
                if items is None:
                    summary.rejected += 1
                else:
                    committer.add_all(options.resolver(items))
                if position % options.commit_every == 0:
                    committer.commit(position)
                progress.update(summary.read, summary.rejected)
            committer.commit(position)
            committer.finish()
            checkpoint.completed = True
            checkpoint.since = run_started
            checkpoints.save(checkpoint)
    except SourceError as exc:
        summary.failed = str(exc)
        log.error("%s failed: %s", spec.name, exc)
        # Keep what was read before the failure: the rerun resumes after it.
        committer.finish()
        if position > checkpoint.committed:
            committer.commit(position)
            committer.finish()
    except GraphError as exc:
        summary.failed = f"the graph refused a batch: {exc}"
        log.error("%s failed: %s", spec.name, exc)
    finally:
        committer.close()
        if http is not None:
            http.close()
    written = writer.summary
    summary.nodes, summary.relationships = dict(written.nodes), dict(written.relationships)
    summary.missing_endpoints = written.missing_endpoints
    summary.unknown_fields = dict(ctx.unknown_fields)
    summary.csv_dialect = ctx.state.get("csvDialect")
    summary.rejects_file = str(rejects.path) if rejects.count else None
    summary.seconds = time.monotonic() - began
    return summary


def _normalize(source: Source, ctx: JobContext, record: RawRecord, rejects: RejectsWriter) -> Items | None:
    """The record's entities and relations, or None after writing it to the rejects file."""
    if record.error is not None:
        rejects.write(ctx.source, record.location, record.error, record.data or None)
        return None
    try:
        return source.normalize(ctx, record)
    except (RecordRejected, ModelError) as exc:
        reason = str(exc)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        # A record whose shape the parser did not expect: a reject with the reason, not a crash of the job.
        reason = f"unexpected record shape: {type(exc).__name__}: {exc}"
    rejects.write(ctx.source, record.location, reason, record.data)
    return None
