"""An institution's own restricted list (CSV or XLSX), loaded as a named list that profiles can count.

Format (docs/own-lists-format.md): a header row, then one row per listed party. Columns (case-insensitive):
name (required), aliases (";"-separated), country (a name or ISO code), type (organization | person; default
organization), list (a sub-list or program, kept as the listing's program), reason, from, to (ISO dates, or
DD.MM.YYYY), source_url, id (the list's own row id). Any other column stops the load, naming it.
Query keys (set by `tietrace lists load-own`): `name` (the list's name, required) and `id` (`own.<slug>`,
default from the name). The list becomes the Watchlist `list_node_id(id)` with listId = id, kind other, and
snapshot = the file's name and date; each row an Organization or Person with a LISTED_ON edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.ids import make_id
from graph.lists import list_node_id
from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.files import csv_rows
from ingest.listings import clean_names, country_code, iso_date, party
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="own_list",
    title="Your own restricted list (CSV or XLSX)",
    license="Yours",
    url="docs/own-lists-format.md",
    modes=("file",),
    file_formats=("CSV", "XLSX"),
    notes="Use `tietrace lists load-own FILE --name NAME [--id own.slug]`; query keys name, id.",
)

COLUMNS = ("name", "aliases", "country", "type", "list", "reason", "from", "to", "source_url", "id")
LABELS = {"": Label.ORGANIZATION, "organization": Label.ORGANIZATION, "person": Label.PERSON}
_SLUG = re.compile(r"[^a-z0-9]+")
_OWN_ID = re.compile(r"^own\.[a-z0-9][a-z0-9_]*$")


def list_id_of(name: str, given: str | None) -> str:
    """`own.<slug>`: the given id when well formed, else one made from the list's name."""
    if given:
        if not _OWN_ID.match(given):
            raise SourceError(f"--id {given!r}: an own list's id is own.<slug> (lower case, digits, _), e.g. own.rpl")
        return given
    slug = _SLUG.sub("_", name.casefold()).strip("_")
    if not slug:
        raise SourceError(f"--name {name!r}: give the list a name with letters or digits")
    return f"own.{slug}"


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook  # only for XLSX files

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a file that is not XLSX
        raise SourceError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        for number, cells in enumerate(rows, start=1):
            values = ["" if c is None else (c.date().isoformat() if isinstance(c, datetime) else str(c)) for c in cells]
            if any(v.strip() for v in values):
                yield number, dict(zip(header, values, strict=False))
    finally:
        book.close()


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.query.get("name", "").strip()
    if not name:
        raise SourceError("an own list needs a name: tietrace lists load-own FILE --name 'Our restricted list'")
    list_id = list_id_of(name, ctx.query.get("id"))
    xlsx = ctx.file.suffix.lower() in {".xlsx", ".xlsm"}
    rows = _xlsx_rows(ctx.file) if xlsx else csv_rows(ctx.file, ctx.encoding)
    modified = datetime.fromtimestamp(ctx.file.stat().st_mtime, UTC).date().isoformat()
    ctx.state["list"] = (list_id, name, f"{ctx.file.name} of {modified}")
    checked = False
    for number, row in rows:
        if not checked:
            header = [k.strip().lower() for k in row if k != "__extra_cells__"]
            unknown = [k for k in header if k not in COLUMNS]
            if unknown or "name" not in header:
                problem = f"unknown columns {', '.join(unknown)}" if unknown else "no 'name' column"
                raise SourceError(f"{ctx.file}: {problem}; the columns are {', '.join(COLUMNS)} (name required)")
            checked = True
        data = {k.strip().lower(): (v or "").strip() for k, v in row.items()}
        yield RawRecord(f"{ctx.file.name}:row {number}", data, source_id=data.get("id") or f"row {number}")


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    list_id, list_name, snapshot = ctx.state["list"]
    row: dict[str, Any] = record.data
    if row.pop("__extra_cells__", None):
        raise RecordRejected("more cells than header columns")
    if not row.get("name"):
        raise RecordRejected("no name")
    kind = row.get("type", "").lower()
    if kind not in LABELS:
        raise RecordRejected(f"type {row['type']!r} is neither organization nor person")
    label = LABELS[kind]
    try:
        names = clean_names(row["name"], [a for a in row.get("aliases", "").split(";") if a.strip()])
        valid_from, valid_to = iso_date(row.get("from")), iso_date(row.get("to"))
    except ValueError as exc:
        raise RecordRejected(str(exc)) from None
    country = country_code(row.get("country"))
    if row.get("country") and country is None:
        raise RecordRejected(f"country {row['country']!r} is not a country name or ISO code")
    url = row.get("source_url") or None
    key = row.get("id") or names.name.casefold()
    node_id = make_id(SOURCE.name, list_id, label.value, key)
    items: Items = []
    if not ctx.state.get("watchlist_written"):
        props = {"name": list_name, "authority": "own", "listId": list_id, "kind": "other", "snapshot": snapshot}
        items.append(Entity(list_node_id(list_id), Label.WATCHLIST, ctx.provenance(list_id), props))
        ctx.state["watchlist_written"] = True
    source_id = record.source_id or key
    items.append(party(ctx, node_id, label, names, country, source_id, url))
    listing_props = {
        "listId": list_id,
        "program": row.get("list") or None,
        "reason": row.get("reason") or None,
        "validFrom": valid_from,
        "validTo": valid_to,
    }
    items.append(
        Relation(
            make_id(SOURCE.name, list_id, label.value, key, "listed"),
            Rel.LISTED_ON,
            node_id,
            label,
            list_node_id(list_id),
            Label.WATCHLIST,
            ctx.provenance(source_id, url),
            listing_props,
        )
    )
    return items
