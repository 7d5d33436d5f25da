"""What a source module provides, and the records it yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from graph.model import Entity, Relation

if TYPE_CHECKING:
    from ingest.context import JobContext


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source's identity and documentation, shown by `tietrace ingest --list`."""

    name: str  # the CLI name and the `dataset` of everything it writes
    title: str
    license: str
    url: str
    modes: tuple[str, ...]  # "api", "file"
    file_formats: tuple[str, ...] = ()
    notes: str = ""
    # Write each batch while the next is read (ingest/committer.py): only for sources whose normalize never reads
    # the graph, which could otherwise miss the batch still being written.
    write_behind: bool = False


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as the source gave it, with where it came from (for rejects and provenance)."""

    location: str  # e.g. "file.csv:row 12" or "GET /works?cursor=...#3"
    data: dict[str, Any]
    source_id: str | None = None
    source_url: str | None = None
    error: str | None = None  # set when the record could not even be read (e.g. a line that is not JSON)


Items = list[Entity | Relation]


@dataclass(frozen=True, slots=True)
class Source:
    """A source module seen through its three required attributes."""

    spec: SourceSpec
    records: Callable[[JobContext], Iterator[RawRecord]]
    normalize: Callable[[JobContext, RawRecord], Items]
    module: ModuleType = field(repr=False, compare=False)

    @classmethod
    def from_module(cls, module: ModuleType) -> Source:
        missing = [name for name in ("SOURCE", "records", "normalize") if not hasattr(module, name)]
        if missing:
            raise TypeError(f"{module.__name__} is not a source: it lacks {', '.join(missing)}")
        return cls(spec=module.SOURCE, records=module.records, normalize=module.normalize, module=module)
