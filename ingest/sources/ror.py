"""ROR, the Research Organization Registry: research organizations with their names in many languages, their
abbreviations, parent/child units and identifiers (GRID, ISNI, Wikidata, FundRef).

File mode only (`tietrace ingest ror --file PATH`), reading ROR's data dump (https://ror.readme.io/docs/data-dump)
as it ships:
- the zip: one JSON array per file inside it. A release zip holds a schema v1 and a schema v2 JSON file (and CSV
  copies); the v2 file (`*schema_v2.json`) is read unless `--query member=NAME` picks another member;
- a plain `.json` file holding the array (or a single record);
- JSON lines, one record per line.
The array is read element by element (ingest/json_stream.py), never loaded whole:
`json.load` of the 35,990-record sample alone takes 314 MB, so the full dump (about 120,000 records) would need
about a gigabyte beside the graph engine. `--since` is not applied to files (ROR publishes whole releases).
The resolution `tietrace ingest` runs afterwards matches every ROR organization against the graph (4.5 minutes of
CPU for the 43,835 organizations of the 36k sample); two ROR records never link, as their ROR ids differ, so a
bulk load can pass `--no-resolve` and leave linking to `tietrace resolve run` after the other sources.

Each record is read in either schema (v2: `names[]` typed ror_display/label/alias/acronym with `lang`,
`locations[].geonames_details`, `external_ids[]`; v1: `name`, `aliases`, `acronyms`, `labels[{label, iso639}]`,
`country`, `external_ids{GRID: {preferred, all}}`, capitalized types and relationship types).

Mapping (node id `ror-<ror id>`, the same for both schemas, so a v1 and a v2 release upsert one node):
- Organization: name = the ror_display name (v2) / `name` (v1); aliases = every other full name (labels in every
  language and aliases); acronyms apart, in `acronyms` (screening treats an abbreviation as a whole name and never
  lets one shared by several organizations decide alone); `langNames` = "iso639:name" for names ROR tags with a
  language; country = the first location's ISO code; kind from ROR's types (education > healthcare > government >
  company > funder > nonprofit > other; the full list in `rorTypes`); validFrom = the year established.
- Identifiers: `ror` without the `https://ror.org/` prefix (the form openalex.py writes, so OpenAlex institutions
  and ROR records meet in `tietrace resolve run`), `grid`, `isni` (16 characters, no spaces: the ISNI URI form),
  `wikidata` (Q...), `fundref` (Crossref Funder Registry digits): the preferred value, else the first.
- `status`: active, inactive (the organization ceased) or withdrawn (a duplicate or an error in ROR). Such records
  are kept, marked by `status`: their names and identifiers are still what older documents and lists use.
- parent/child -> child -PART_OF-> parent (id `ror-<child>.part_of.<parent>`; the parent's and the child's records
  write the same relationship, once). Proximity walks it upward (a lab of a listed university, up to 3 steps) and
  downward (a listed lab of the university checked, up to 2 steps), never sideways: not CONTROLS, because proximity
  walks CONTROLS in both directions, and through ROR's hubs (CNRS has 1,038 relationships, a joint lab up to six
  parents) that walk reaches tens of thousands of sibling paths: proximity from a French joint lab ran past the
  30 s query limit on the 36k-record sample. A unit is not controlled in the ownership sense either.
- related -> RELATED_TO (one relationship per pair, id from the sorted pair); successor/predecessor -> predecessor
  -SUCCEEDED_BY-> successor, and the predecessors' names in the successor's `previousNames`. No investigation walks
  RELATED_TO or SUCCEEDED_BY: they are recorded for people and for later questions.
- A related organization this file does not describe is a placeholder (its ROR id and the label the record gives),
  created when missing and never overwriting its own record, so relationships do not depend on record order.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.ids import make_id
from graph.model import Entity, Label, OrgKind, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_lines, open_text
from ingest.json_stream import array_items
from ingest.source import Items, RawRecord, SourceSpec
from ingest.values import clean_text

SOURCE = SourceSpec(
    name="ror",
    title="Research Organization Registry (ROR) data dump",
    license="CC0 1.0 (ROR data)",
    url="https://ror.readme.io/docs/data-dump",
    modes=("file",),
    file_formats=("ROR data dump zip (schema v2 or v1)", "a JSON array of ROR records", "JSON lines of ROR records"),
    notes="Query key: member=NAME (the JSON file inside the zip; default the schema v2 one). "
    "Parent/child -> PART_OF; acronyms kept apart from names.",
)

QUERY_KEYS = ("member",)
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})$")
# ROR types in the order they decide the kind when a record has several (education + funder is a university).
KINDS: tuple[tuple[str, OrgKind], ...] = (
    ("education", OrgKind.UNIVERSITY),
    ("healthcare", OrgKind.HOSPITAL),
    ("government", OrgKind.GOVERNMENT),
    ("company", OrgKind.COMPANY),
    ("funder", OrgKind.FUNDER),
    ("nonprofit", OrgKind.NONPROFIT),
)
ID_SCHEMES = ("grid", "isni", "wikidata", "fundref")
STATUSES = ("active", "inactive", "withdrawn")
RELATION_TYPES = ("parent", "child", "related", "successor", "predecessor")
IGNORED_V2 = ("admin", "domains", "links")
IGNORED_V1 = ("email_address", "ip_addresses", "links", "wikipedia_url", "addresses")


@dataclass(slots=True)
class RorRecord:
    """One ROR record in either schema, reduced to what the graph keeps."""

    ror: str
    name: str
    aliases: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    lang_names: list[str] = field(default_factory=list)
    country: str | None = None
    types: list[str] = field(default_factory=list)
    status: str | None = None
    established: int | None = None
    ids: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str, str | None]] = field(default_factory=list)  # (type, ror id, label)


# ---------------------------------------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is None:
        raise SourceError("ror loads ROR's data dump: pass --file PATH")
    unknown = sorted(set(ctx.query) - set(QUERY_KEYS))
    if unknown:
        raise SourceError(f"ror: unknown query keys {', '.join(unknown)} (accepted: {', '.join(QUERY_KEYS)})")
    path = ctx.file
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        yield from _zip_records(ctx, path)
        return
    with open_text(path, ctx.encoding) as handle:
        first = _first_char(handle, path)
    if first == "[":
        with open_text(path, ctx.encoding) as handle:
            yield from _array_records(handle, path.name, ctx.encoding)
    elif first == "{":
        yield from _object_records(ctx, path)
    elif first:
        raise SourceError(f"{path}: expected ROR's JSON (an array, an object or JSON lines), found {first!r} first")


def _first_char(handle: IO[str], path: Path) -> str:
    try:
        while chunk := handle.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[0]
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not valid UTF-8 near offset {exc.start}; pass --encoding if it uses another"
        ) from exc
    return ""


def _zip_records(ctx: JobContext, path: Path) -> Iterator[RawRecord]:
    with zipfile.ZipFile(path) as archive:
        member = _member(path, archive, ctx.query.get("member"))
        with archive.open(member) as raw, io.TextIOWrapper(raw, encoding=ctx.encoding or "utf-8-sig") as handle:
            yield from _array_records(handle, f"{path.name}!{member}", ctx.encoding)


def _member(path: Path, archive: zipfile.ZipFile, wanted: str | None) -> str:
    """The JSON file to read in a dump zip: the one named, else the schema v2 one, else the only one."""
    names = [n for n in archive.namelist() if n.lower().endswith(".json")]
    if wanted:
        if wanted not in archive.namelist():
            raise SourceError(f"{path}: no member {wanted!r} (JSON members: {', '.join(names) or 'none'})")
        return wanted
    v2 = [n for n in names if "schema_v2" in n.lower() or "-v2" in n.lower()]
    if len(v2) == 1:
        return v2[0]
    if len(names) == 1:
        return names[0]
    raise SourceError(
        f"{path}: {len(names)} JSON members ({', '.join(names) or 'none'}); pick one with --query member=NAME"
    )


def _array_records(handle: IO[str], where: str, encoding: str | None) -> Iterator[RawRecord]:
    try:
        for index, value in enumerate(array_items(handle, where)):
            yield _record(f"{where}:[{index}]", value)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{where}: not valid {encoding or 'UTF-8'} near offset {exc.start} of a read block; pass --encoding"
        ) from exc


def _object_records(ctx: JobContext, path: Path) -> Iterator[RawRecord]:
    """JSON lines of records, or one pretty-printed record."""
    with open_text(path, ctx.encoding) as handle:
        first_line = handle.readline()
    try:
        first = json.loads(first_line)
        lines = isinstance(first, dict)
    except ValueError:
        lines = False
    if lines:
        for number, value in json_lines(path, ctx.encoding):
            location = f"{path.name}:line {number}"
            if isinstance(value, RecordRejected):
                yield RawRecord(location, {}, error=str(value))
            else:
                yield _record(location, value)
        return
    with open_text(path, ctx.encoding) as handle:
        try:
            document = json.load(handle)
        except ValueError as exc:
            raise SourceError(f"{path}: not valid JSON ({exc})") from exc
    yield _record(path.name, document)  # one pretty-printed record


def _record(location: str, value: Any) -> RawRecord:
    if not isinstance(value, dict):
        return RawRecord(location, {}, error=f"expected a ROR record (a JSON object), got {type(value).__name__}")
    ror = ror_id(value.get("id"))
    return RawRecord(location, value, source_id=ror, source_url=f"https://ror.org/{ror}" if ror else None)


# ---------------------------------------------------------------------------------------------- normalize


def ror_id(value: Any) -> str | None:
    """`https://ror.org/01yqg2h08` or `01yqg2h08` -> `01yqg2h08` (the form every source writes); else None."""
    if not isinstance(value, str):
        return None
    match = _ROR.match(value.strip().lower())
    return match.group(1) if match else None


def node_id(ror: str) -> str:
    return make_id("ror", ror)


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    rec = parse_v2(ctx, data) if isinstance(data.get("names"), list) else parse_v1(ctx, data)
    return items(ctx, rec)


def _unique(values: list[str], exclude: set[str]) -> list[str]:
    seen = set(exclude)
    kept: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            kept.append(value)
    return kept


def _required_id(data: dict[str, Any]) -> str:
    raw = data.pop("id", None)
    ror = ror_id(raw)
    if ror is None:
        raise RecordRejected(f"id is not a ROR id: {raw!r}")
    return ror


def _status(value: Any) -> str | None:
    status = clean_text(value)
    if status is not None and status.lower() not in STATUSES:
        raise RecordRejected(f"status must be one of {', '.join(STATUSES)}, got {value!r}")
    return status.lower() if status else None


def _established(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return value
    raise RecordRejected(f"established must be a year, got {value!r}")


def parse_v2(ctx: JobContext, data: dict[str, Any]) -> RorRecord:
    ror = _required_id(data)
    display: str | None = None
    full: list[str] = []
    acronyms: list[str] = []
    lang_names: list[str] = []
    for entry in data.pop("names", None) or []:
        if not isinstance(entry, dict):
            raise RecordRejected("names[] holds something other than {value, types, lang}")
        value = clean_text(entry.get("value"))
        types = [str(t).lower() for t in entry.get("types") or []]
        if value is None:
            continue
        if "ror_display" in types and display is None:
            display = value
        elif "acronym" in types:
            acronyms.append(value)
        else:
            full.append(value)
        lang = clean_text(entry.get("lang"))
        if lang and "acronym" not in types:
            lang_names.append(f"{lang.lower()}:{value}")
    if display is None:
        if not full:
            raise RecordRejected("no name: names[] has no ror_display, label or alias")
        display = full.pop(0)
    country = None
    for location in data.pop("locations", None) or []:
        details = location.get("geonames_details") if isinstance(location, dict) else None
        if isinstance(details, dict):
            country = to_alpha2(details.get("country_code")) or to_alpha2(details.get("country_name"))
            if country:
                break
    ids: dict[str, str] = {}
    for entry in data.pop("external_ids", None) or []:
        if isinstance(entry, dict):
            _add_id(ids, str(entry.get("type") or ""), entry.get("preferred"), entry.get("all"))
    names = (display, _unique(full, {display}), acronyms, lang_names)
    return _ror_record(ctx, data, "v2", IGNORED_V2, ror, names, country, ids)


def parse_v1(ctx: JobContext, data: dict[str, Any]) -> RorRecord:
    ror = _required_id(data)
    name = clean_text(data.pop("name", None))
    if name is None:
        raise RecordRejected("no name: neither names[] (schema v2) nor name (schema v1)")
    labels: list[str] = []
    lang_names: list[str] = []
    for entry in data.pop("labels", None) or []:
        label = clean_text(entry.get("label")) if isinstance(entry, dict) else None
        if label is None:
            continue
        labels.append(label)
        lang = clean_text(entry.get("iso639"))
        if lang:
            lang_names.append(f"{lang.lower()}:{label}")
    aliases = [a for a in (clean_text(v) for v in data.pop("aliases", None) or []) if a]
    acronyms = [a for a in (clean_text(v) for v in data.pop("acronyms", None) or []) if a]
    country_field = data.pop("country", None)
    country = None
    if isinstance(country_field, dict):
        country = to_alpha2(country_field.get("country_code")) or to_alpha2(country_field.get("country_name"))
    ids: dict[str, str] = {}
    external = data.pop("external_ids", None) or {}
    if isinstance(external, dict):
        for scheme, entry in external.items():
            if isinstance(entry, dict):
                _add_id(ids, scheme, entry.get("preferred"), entry.get("all"))
    names = (name, _unique([*labels, *aliases], {name}), acronyms, lang_names)
    return _ror_record(ctx, data, "v1", IGNORED_V1, ror, names, country, ids)


def _ror_record(
    ctx: JobContext,
    data: dict[str, Any],
    schema: str,
    ignored: Iterable[str],
    ror: str,
    names: tuple[str, list[str], list[str], list[str]],
    country: str | None,
    ids: dict[str, str],
) -> RorRecord:
    """The fields both schemas write alike (types, status, founding, relationships), then the audit of the rest."""
    name, aliases, acronyms, lang_names = names
    relations = [
        (str(r.get("type") or "").lower(), str(r.get("id") or ""), clean_text(r.get("label")))
        for r in data.pop("relationships", None) or []
        if isinstance(r, dict)
    ]
    rec = RorRecord(
        ror=ror,
        name=name,
        aliases=aliases,
        acronyms=_unique(acronyms, set()),
        lang_names=_unique(lang_names, set()),
        country=country,
        types=[str(t).lower() for t in data.pop("types", None) or []],
        status=_status(data.pop("status", None)),
        established=_established(data.pop("established", None)),
        ids=ids,
        relations=relations,
    )
    for key in ignored:
        data.pop(key, None)
    ctx.audit(data, schema)
    return rec


def _add_id(ids: dict[str, str], scheme: str, preferred: Any, every: Any) -> None:
    """The preferred value of a scheme the graph keeps, else its first; other schemes (OrgRef, HESA...) are not kept."""
    key = scheme.strip().lower()
    if key not in ID_SCHEMES:
        return
    values = every if isinstance(every, list) else [every]
    value = clean_text(preferred) or next((v for v in (clean_text(x) for x in values) if v), None)
    if value is None:
        return
    if key == "isni":
        value = value.replace(" ", "")  # ROR writes "0000 0001 0193 3564"; the ISNI URI form has no spaces
    elif key == "wikidata":
        value = value.upper()
    ids[key] = value


def _kind(types: list[str]) -> OrgKind:
    for ror_type, kind in KINDS:
        if ror_type in types:
            return kind
    return OrgKind.OTHER


def items(ctx: JobContext, rec: RorRecord) -> Items:
    url = f"https://ror.org/{rec.ror}"
    prov = ctx.provenance(rec.ror, url)
    found: dict[str, Entity | Relation] = {}
    previous: list[str] = []
    for rel_type, other_raw, label in rec.relations:
        other = ror_id(other_raw)
        if other is None or rel_type not in RELATION_TYPES:
            ctx.audit([f"relationship:{rel_type or 'untyped'}" if other else "relationship:not a ROR id"])
            continue
        if other == rec.ror:
            continue
        if node_id(other) not in found:
            found[node_id(other)] = Entity(
                node_id(other),
                Label.ORGANIZATION,
                prov,
                {"name": label or other, "ror": other},
                placeholder=True,
            )
        relation = _relation(rec.ror, rel_type, other, prov)
        found[relation.id] = relation
        if rel_type == "predecessor" and label:
            previous.append(label)
    org = Entity(
        node_id(rec.ror),
        Label.ORGANIZATION,
        prov,
        {
            "name": rec.name,
            "aliases": rec.aliases or None,
            "acronyms": rec.acronyms or None,
            "langNames": rec.lang_names or None,
            "previousNames": _unique(previous, {rec.name}) or None,
            "country": rec.country,
            "kind": _kind(rec.types).value,
            "rorTypes": rec.types or None,
            "status": rec.status,
            "validFrom": f"{rec.established:04d}" if rec.established else None,  # ISO 8601 year (0970)
            "ror": rec.ror,
            **rec.ids,
        },
    )
    return [org, *found.values()]


def _relation(this: str, rel_type: str, other: str, prov: Provenance) -> Relation:
    """The one relationship both records of a pair describe, with an id that is the same from either side."""
    if rel_type in ("parent", "child"):
        parent, child = (other, this) if rel_type == "parent" else (this, other)
        return Relation(
            make_id("ror", child, "part_of", parent),
            Rel.PART_OF,
            node_id(child),
            Label.ORGANIZATION,
            node_id(parent),
            Label.ORGANIZATION,
            prov,
        )
    if rel_type == "related":
        first, second = sorted((this, other))
        rel, start, end, key = Rel.RELATED_TO, first, second, "related"
    else:
        start, end = (this, other) if rel_type == "successor" else (other, this)
        rel, key = Rel.SUCCEEDED_BY, "succeeded_by"
    return Relation(
        make_id("ror", start, key, end), rel, node_id(start), Label.ORGANIZATION, node_id(end), Label.ORGANIZATION, prov
    )
