"""Reading GLEIF golden-copy CSV files for the `gleif` source: which of the three files it is, and in what order
its rows become records.

- LEI-CDF Level 1 (`LEI`, `Entity.LegalName`, ...): one record per row, in file order.
- RR-CDF relationships (`Relationship.StartNode.NodeID`, ...): read twice. The first pass only collects the
  current direct parents (IS_DIRECTLY_CONSOLIDATED_BY, ACTIVE, registration neither void nor retired); the second
  yields every row in file order, each IS_ULTIMATELY_CONSOLIDATED_BY row marked when the chain of direct parents
  from its child already reaches its parent, and looks the rows' endpoints up in the graph in chunks, so an LEI
  a Level 1 load marked ANNULLED or DUPLICATE makes no relationship. Two passes cost a second parse of the file
  but hold only a child -> parent map in memory (about 60 MB for the full golden copy), not the ultimate rows.
- Reporting exceptions (`LEI`, `ExceptionCategory`, `ExceptionReason`, `ExceptionReference`): rows in chunks,
  each chunk's LEIs looked up in the graph once, so an exception is written as a partial update onto a node that
  already has its legal name, and as a node named by its LEI only when there is none yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

import queries
from graph.ids import make_id
from ingest.context import JobContext
from ingest.errors import SourceError
from ingest.files import csv_rows
from ingest.source import RawRecord

DIRECT = "IS_DIRECTLY_CONSOLIDATED_BY"
ULTIMATE = "IS_ULTIMATELY_CONSOLIDATED_BY"
L1_REQUIRED = ("LEI", "Entity.LegalName")
RR_REQUIRED = ("Relationship.StartNode.NodeID", "Relationship.EndNode.NodeID", "Relationship.RelationshipType")
REPEX_REQUIRED = ("LEI", "ExceptionCategory")
REPEX_REASON = "ExceptionReason"
# An LEI or relationship registered in error (ANNULLED) or twice (DUPLICATE) never counts.
VOID_REGISTRATIONS = frozenset({"ANNULLED", "DUPLICATE"})
# A relationship record GLEIF retired describes a relationship that has ended.
ENDED_REGISTRATIONS = frozenset({"RETIRED"})
CHUNK = 5000  # rows per indexed lookup of their LEIs in the graph
MAX_CHAIN = 50  # longer direct chains than this are not real consolidation trees; stop walking
_FILE_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})-")

Rows = Iterator[tuple[int, dict[str, str]]]


def file_kind(header: Iterable[str], path: Any) -> str:
    """'rr', 'l1' or 'repex' from the header; a SourceError naming the three shapes otherwise."""
    columns = set(header)
    if all(column in columns for column in RR_REQUIRED):
        return "rr"
    if all(column in columns for column in L1_REQUIRED):
        return "l1"
    if all(column in columns for column in REPEX_REQUIRED) and any(c.startswith(REPEX_REASON) for c in columns):
        return "repex"
    raise SourceError(
        f"{path}: neither a GLEIF LEI-CDF Level 1 file (needs {', '.join(L1_REQUIRED)}), an RR-CDF relationship "
        f"file (needs {', '.join(RR_REQUIRED)}) nor a reporting-exceptions file (needs "
        f"{', '.join(REPEX_REQUIRED)}, {REPEX_REASON})"
    )


def file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    rows = csv_rows(ctx.file, ctx.encoding, notes=ctx.state)
    first = next(rows, None)
    if first is None:
        return
    kind = file_kind(first[1], ctx.file)
    if kind == "l1":
        rows.close()  # this read only learned the file's shape; Level 1 rows are read again with their cells only
        yield from _level1(ctx, csv_rows(ctx.file, ctx.encoding, notes=ctx.state, skip_empty=True))
    elif kind == "rr":
        rows.close()  # this read only learned the file's shape; the two passes read it from the start
        yield from _relationships(ctx)
    else:
        yield from _exceptions(ctx, chain([first], rows))


def _level1(ctx: JobContext, rows: Rows) -> Iterator[RawRecord]:
    """One record per row, read with its non-empty cells only (csv_rows skip_empty): the golden copy has some 330
    columns, most of them empty, and every later step (aliases, the audit of unread columns) would otherwise walk
    all of them. An absent column reads as an empty one everywhere in gleif.csv_organization."""
    assert ctx.file is not None
    described: set[str] = ctx.state.setdefault("described", set())
    for number, row in rows:
        lei = row.get("LEI", "").strip()
        if lei:
            described.add(lei)
        yield RawRecord(f"{ctx.file.name}:row {number}", {"kind": "l1", "row": row}, source_id=lei or None)


def current_direct(row: dict[str, str]) -> bool:
    """A direct-parent row that makes a current parent: ACTIVE, its registration neither void nor retired."""
    return (
        row.get("Relationship.RelationshipType", "").strip() == DIRECT
        and row.get("Relationship.RelationshipStatus", "").strip().upper() in ("", "ACTIVE")
        and row.get("Registration.RegistrationStatus", "").strip().upper()
        not in VOID_REGISTRATIONS | ENDED_REGISTRATIONS
    )


def reaches(direct: dict[str, str], child: str, parent: str) -> bool:
    """True when following current direct parents from `child` arrives at `parent` (cycles and long chains stop)."""
    node, seen = child, {child}
    for _ in range(MAX_CHAIN):
        node_parent = direct.get(node)
        if node_parent is None or node_parent in seen:
            return False
        if node_parent == parent:
            return True
        seen.add(node_parent)
        node = node_parent
    return False


def _relationships(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    direct: dict[str, str] = ctx.state.setdefault("direct_parent", {})
    for _, row in csv_rows(ctx.file, ctx.encoding):
        if current_direct(row):
            direct[row["Relationship.StartNode.NodeID"].strip()] = row["Relationship.EndNode.NodeID"].strip()
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in csv_rows(ctx.file, ctx.encoding, notes=ctx.state):
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from _relationship_chunk(ctx, chunk, direct)
            chunk = []
    yield from _relationship_chunk(ctx, chunk, direct)


def _relationship_chunk(
    ctx: JobContext, chunk: list[tuple[int, dict[str, str]]], direct: dict[str, str]
) -> Iterator[RawRecord]:
    """The chunk's rows as records, after one lookup of their endpoints in the graph: an LEI a Level 1 load marked
    ANNULLED or DUPLICATE goes to ctx.state['void'], so no relationship of it is written (see gleif.control); an
    LEI whose node exists goes to ctx.state['described'], so no placeholder is sent for it (it would change
    nothing, and at full size it was two idle MERGEs per relationship)."""
    assert ctx.file is not None
    if not chunk:
        return
    endpoints = [
        row.get(column, "").strip()
        for _, row in chunk
        for column in ("Relationship.StartNode.NodeID", "Relationship.EndNode.NodeID")
    ]
    found = _in_graph(ctx, endpoints)
    void: set[str] = ctx.state.setdefault("void", set())
    void |= {lei for lei, status in found.items() if status in VOID_REGISTRATIONS}
    ctx.state.setdefault("described", set()).update(found)
    for number, row in chunk:
        data: dict[str, Any] = {"kind": "rr", "row": row}
        if row.get("Relationship.RelationshipType", "").strip() == ULTIMATE:
            child = row.get("Relationship.StartNode.NodeID", "").strip()
            data["viaDirectChain"] = reaches(direct, child, row.get("Relationship.EndNode.NodeID", "").strip())
        yield RawRecord(f"{ctx.file.name}:row {number}", data, source_id=rr_key(row) or None)


def rr_key(row: dict[str, str]) -> str:
    return "|".join(
        row.get(column, "").strip()
        for column in ("Relationship.StartNode.NodeID", "Relationship.RelationshipType", "Relationship.EndNode.NodeID")
    )


def file_date(ctx: JobContext) -> str:
    """The golden copy's publication day from its file name (`20240505-0000-gleif-goldencopy-repex-...`), else the
    day of this run: the day GLEIF was known to say so."""
    assert ctx.file is not None
    match = _FILE_DATE.match(ctx.file.name)
    return "-".join(match.groups()) if match else ctx.retrieved_at[:10]


def _exceptions(ctx: JobContext, rows: Rows) -> Iterator[RawRecord]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from _exception_chunk(ctx, chunk)
            chunk = []
    yield from _exception_chunk(ctx, chunk)


def _exception_chunk(ctx: JobContext, chunk: list[tuple[int, dict[str, str]]]) -> Iterator[RawRecord]:
    assert ctx.file is not None
    if not chunk:
        return
    named = _named(ctx, [row.get("LEI", "").strip() for _, row in chunk])
    as_of = file_date(ctx)
    for number, row in chunk:
        lei = row.get("LEI", "").strip()
        data = {"kind": "repex", "row": row, "named": lei in named, "asOf": as_of}
        yield RawRecord(f"{ctx.file.name}:row {number}", data, source_id=lei or None)


def _named(ctx: JobContext, leis: list[str]) -> set[str]:
    """The LEIs whose node already exists (in the graph, or described by a Level 1 file earlier in this run)."""
    found = {lei for lei in leis if lei in ctx.state.get("described", set())}
    return found | set(_in_graph(ctx, leis))


def _in_graph(ctx: JobContext, leis: list[str]) -> dict[str, str]:
    """The LEIs of `leis` that have a node in the graph, with its registration status in upper case ('' when it
    has none); one indexed lookup for the whole list. Nothing without a graph (unit tests read files alone)."""
    if ctx.store is None:
        return {}
    ids = sorted({make_id("gleif", lei) for lei in leis if lei})
    rows = ctx.store.run(queries.load("organization_statuses"), {"ids": ids})
    return {str(row["id"]).removeprefix("gleif-"): str(row.get("registrationStatus") or "").upper() for row in rows}
