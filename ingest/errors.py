"""Two kinds of failure (nomenklatura's EnrichmentException vs Abort): a bad record, and a broken source."""

from __future__ import annotations


class IngestError(Exception):
    """Base of ingest errors."""


class RecordRejected(IngestError):
    """One record cannot be used: it is written to the rejects file with this reason, and the job goes on."""


class SourceError(IngestError):
    """The source as a whole failed (unreachable, 401/403, unreadable file): the job stops with this message."""


class ResourceMissing(SourceError):
    """The source answered 404 for one resource: for some APIs a normal answer ("no parent reported")."""


class IngestBusy(IngestError):
    """Another ingest of the same source holds its lock: this one does not start."""
