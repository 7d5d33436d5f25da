"""Lists published only as PDFs or web pages, as the source tables OpenSanctions keeps for them by hand
(opensanctions/opensanctions datasets/, bundled in tietrace/lists_data/opensanctions/). One CSV each; the format
is recognised from its header:

- `cn_sanctions.csv` (Type, Name, Alias, Chinese name, Country, Topics, Summary, Body, List, Date, End date,
  Source URL): China's lists (MOFCOM Unreliable Entity List, export-control control and watch lists, MOFCOM and
  MFA countermeasures, Anti-Foreign Sanctions Law, Taiwan Affairs Office). The list is named by `List` and `Body`
  (graph/lists.yml `names`, "Body|List", then the body alone); dates are DD.MM.YY or DD.MM.YYYY.
- `us_dod_chinese_milcorps.csv` (Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
  Source Url): the DoD/DoW Section 1260H list, one row per company per edition.
- `us_section_1286.csv` (schema, name, aliases, ..., report-date, start-date, end-date, country, notes,
  source_url): the Section 1286 lists, one row per institution per yearly edition (FY22-FY25).
- `us_bis_mieu.csv` (Type, Name, Alias, Country, Topics, Program, Date, End date, Source URL): BIS military-
  intelligence end users (§ 744.22): the catalogue's `us.bis.mieu`, a list of its own (not the MEU list).

Mapping: each party -> Organization or Person (Type / schema column), aliases split on ";" and cleaned by
`ingest.listings.clean_names` (the Chinese name is an alias; short capitals such as AVIC are acronyms), country to
ISO alpha-2; each listing -> LISTED_ON to the catalogue's Watchlist with listId, validFrom/validTo and reason.
Tables kept one row per edition (1260H, 1286) become one party per company (rows joined by name and by
`Previous Name`) with one listing from its first edition; a company absent from a later edition and given no end
date ends on the first edition that left it out, so a company dropped from the list is not listed today.
Only China's lists get a `snapshot` here ("latest listing dated ..."): the US lists take theirs from the NSF-letter
bundle (source us_lists), so one list does not carry two snapshot texts.
Query key `only`: comma-separated catalogue ids; other lists' rows are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from graph.ids import make_id
from graph.lists import ListEntry, catalogue
from graph.model import Label
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.files import csv_rows
from ingest.listings import Names, clean_names, country_code, iso_date, listing, party, watchlist
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="list_tables",
    title="Lists kept as tables by OpenSanctions: China's lists, DoD 1260H, Section 1286, BIS MIEU",
    license="CC BY-NC 4.0 (non-commercial; attribution: OpenSanctions); the lists themselves are public",
    url="https://github.com/opensanctions/opensanctions/tree/main/datasets",
    modes=("file",),
    file_formats=("cn_sanctions.csv", "us_dod_chinese_milcorps.csv", "us_section_1286.csv", "us_bis_mieu.csv"),
    notes="`tietrace lists load` loads the bundled copies; query key `only` = comma-separated list ids.",
)

FORMATS: dict[str, tuple[str, ...]] = {
    "cn": ("Type", "Name", "Chinese name", "Body", "List", "Date"),
    "milcorps": ("Clean Name", "Start date", "End date"),
    "s1286": ("schema", "name", "report-date", "end-date"),
    "mieu": ("Type", "Name", "Program", "Date"),
}
DATASETS = {"milcorps": "us_dod_chinese_milcorps", "s1286": "us_section_1286"}
LABELS = {"person": Label.PERSON, "company": Label.ORGANIZATION, "organization": Label.ORGANIZATION}


def _format(header: list[str]) -> str:
    for name, required in FORMATS.items():
        if all(column in header for column in required):
            return name
    known = "; ".join(f"{k}: {', '.join(v)}" for k, v in FORMATS.items())
    raise SourceError(f"unknown table: its columns ({', '.join(header)}) match none of the formats ({known})")


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    rows = list(csv_rows(ctx.file, ctx.encoding))
    if not rows:
        return
    fmt = _format(list(rows[0][1]))
    ctx.state["format"] = fmt
    only = {x.strip() for x in ctx.query.get("only", "").split(",") if x.strip()}
    name = ctx.file.name
    if fmt in DATASETS:
        yield from _grouped(ctx, fmt, rows, only)
        return
    latest: dict[str, str] = {}
    for _, row in rows:
        entry = _entry(fmt, row)
        if entry is None or (only and entry.id not in only):
            continue
        try:
            day = iso_date(row.get("Date"))
        except ValueError:
            day = None
        if day and day > latest.get(entry.id, ""):
            latest[entry.id] = day
    ctx.state["latest"] = latest
    for number, row in rows:
        entry = _entry(fmt, row)
        if only and (entry is None or entry.id not in only):
            continue
        yield RawRecord(f"{name}:row {number}", row, source_id=f"{name}#{number}", source_url=_url(row) or None)


def _url(row: dict[str, str]) -> str:
    return row.get("Source URL") or row.get("Source Url") or row.get("source_url") or ""


def _entry(fmt: str, row: dict[str, str]) -> ListEntry | None:
    if fmt in DATASETS:
        return catalogue().identify(datasets=(DATASETS[fmt],))
    if fmt == "mieu":
        return catalogue().identify(program=row.get("Program"))
    body, named = (row.get("Body") or "").strip(), (row.get("List") or "").strip()
    return catalogue().identify(name=named or None, authority=body or None) or catalogue().identify(
        datasets=("cn_sanctions",)
    )


def _grouped(ctx: JobContext, fmt: str, rows: list[tuple[int, dict[str, str]]], only: set[str]) -> Iterator[RawRecord]:
    """One record per party of a table kept one row per edition, with the editions the table has."""
    entry = _entry(fmt, rows[0][1])
    if entry is None or (only and entry.id not in only):
        return
    name_col, start_col = ("Clean Name", "Start date") if fmt == "milcorps" else ("name", "report-date")
    key_of: dict[str, str] = {}
    groups: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for number, row in rows:
        key = " ".join((row.get(name_col) or row.get("Name") or "").casefold().split())
        previous = [" ".join(p.casefold().split()) for p in (row.get("Previous Name") or "").split(";")]
        # A renamed company is one company: its rows join the group of its previous name.
        group = next((key_of[p] for p in previous if p in key_of), key_of.get(key, key))
        key_of[key] = group
        groups[group].append((number, row))
    editions = sorted({row[start_col].strip() for _, row in rows if row.get(start_col, "").strip()})
    for members in groups.values():
        numbers = ", ".join(str(n) for n, _ in members)
        data = {"rows": [row for _, row in members], "editions": editions, "nameColumn": name_col}
        first_url = next((_url(r) for _, r in members if _url(r)), None)
        yield RawRecord(f"{ctx.file.name if ctx.file else fmt}:rows {numbers}", data, source_url=first_url)


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    fmt = ctx.state["format"]
    if fmt in DATASETS:
        return _normalize_grouped(ctx, fmt, record)
    row = dict(record.data)
    entry = _entry(fmt, row)
    if entry is None:
        raise RecordRejected(f"no catalogued list for Body {row.get('Body')!r}, List {row.get('List')!r}")
    raw_name = (row.pop("Name", "") or row.get("Chinese name", "")).strip()
    if not raw_name:
        raise RecordRejected("row without a name")
    aliases = [a for a in (row.pop("Alias", "") or "").split(";") if a.strip()]
    chinese = (row.pop("Chinese name", "") or "").strip()
    if chinese and chinese != raw_name:
        aliases.append(chinese)
    kind = (row.pop("Type", "") or "").strip().lower()
    label = LABELS.get(kind)
    if label is None:
        raise RecordRejected(f"Type {kind!r} is none of Person, Company, Organization")
    try:
        names = clean_names(raw_name, aliases)
        valid_from, valid_to = iso_date(row.pop("Date", None)), iso_date(row.pop("End date", None))
    except ValueError as exc:
        raise RecordRejected(str(exc)) from None
    country = _country(ctx, row.pop("Country", ""))
    reason = (row.pop("Summary", "") or "").strip() or None
    for used in ("Source URL", "Body", "List", "Topics", "Program", "QID", "Chinese summary", "Address"):
        row.pop(used, None)
    ctx.audit(row, fmt)
    node_id = make_id(SOURCE.name, fmt, label.value, names.name.casefold())
    items: Items = []
    written: set[str] = ctx.state.setdefault("watchlists", set())
    if entry.id not in written:
        latest = ctx.state.get("latest", {}).get(entry.id)
        snapshot = f"{ctx.file.name if ctx.file else fmt} as kept by OpenSanctions, latest listing dated {latest}"
        items.append(watchlist(ctx, entry, None if entry.bundled else snapshot))
        written.add(entry.id)
    source_id = record.source_id or node_id
    items.append(party(ctx, node_id, label, names, country, source_id, record.source_url))
    props = {"reason": reason, "validFrom": valid_from, "validTo": valid_to}
    rel_id = make_id(SOURCE.name, fmt, entry.id, label.value, names.name.casefold(), valid_from)
    items.append(listing(ctx, rel_id, (node_id, label), entry, source_id, record.source_url, props))
    return items


def _country(ctx: JobContext, text: str | None) -> str | None:
    for part in (text or "").split(";"):
        if part.strip():
            code = country_code(part)
            if code is None:
                ctx.audit([f"country:{part.strip()}"])
            return code
    return None


def _normalize_grouped(ctx: JobContext, fmt: str, record: RawRecord) -> Items:
    rows: list[dict[str, str]] = record.data["rows"]
    editions: list[str] = record.data["editions"]
    name_col: str = record.data["nameColumn"]
    entry = _entry(fmt, rows[0])
    if entry is None:
        raise RecordRejected(f"no catalogued list for {DATASETS[fmt]}")
    latest_row = rows[-1]
    raw_name = (latest_row.get(name_col) or latest_row.get("Name") or "").strip()
    if not raw_name:
        raise RecordRejected("row without a name")
    alias_col = "Alias" if fmt == "milcorps" else "aliases"
    aliases: list[str] = []
    for row in rows:
        for column in (alias_col, "Previous Name"):
            aliases.extend(a for a in (row.get(column) or "").split(";") if a.strip())
        if (row.get(name_col) or "").strip() != raw_name:
            aliases.append(row[name_col])
    try:
        names: Names = clean_names(raw_name, aliases)
        valid_from, valid_to = _period(fmt, rows, editions)
    except ValueError as exc:
        raise RecordRejected(str(exc)) from None
    label = Label.PERSON if (latest_row.get("schema") or "").lower() == "person" else Label.ORGANIZATION
    country = country_code(latest_row.get("country")) or ("CN" if fmt == "milcorps" else None)
    node_id = make_id(SOURCE.name, fmt, names.name.casefold())
    items: Items = []
    if not ctx.state.get("watchlist_written"):
        items.append(watchlist(ctx, entry, None))
        ctx.state["watchlist_written"] = True
    source_id = f"{DATASETS[fmt]}:{names.name}"
    items.append(party(ctx, node_id, label, names, country, source_id, record.source_url))
    notes = "; ".join(dict.fromkeys(n for r in rows for n in [(r.get("Note") or r.get("notes") or "").strip()] if n))
    parent = (latest_row.get("Parent Name") or "").strip()
    reason_parts = [notes, parent and f"parent: {parent}", f"editions: {', '.join(_editions_of(fmt, rows))}"]
    props = {"reason": "; ".join(p for p in reason_parts if p), "validFrom": valid_from, "validTo": valid_to}
    rel_id = make_id(SOURCE.name, fmt, entry.id, names.name.casefold())
    items.append(listing(ctx, rel_id, (node_id, label), entry, source_id, record.source_url, props))
    return items


def _start(fmt: str, row: dict[str, str]) -> str:
    return (row.get("Start date") if fmt == "milcorps" else row.get("report-date")) or ""


def _editions_of(fmt: str, rows: list[dict[str, str]]) -> list[str]:
    return sorted({_start(fmt, r).strip() for r in rows if _start(fmt, r).strip()})


def _period(fmt: str, rows: list[dict[str, str]], editions: list[str]) -> tuple[str | None, str | None]:
    """First edition to the end: a stated end date, else the first later edition that left the party out."""
    own = _editions_of(fmt, rows)
    end_col = "End date" if fmt == "milcorps" else "end-date"
    valid_from = iso_date(own[0]) if own else None
    last = max(rows, key=lambda r: _start(fmt, r).strip())
    if (last.get(end_col) or "").strip():
        return valid_from, iso_date(last[end_col])
    later = [e for e in editions if e > _start(fmt, last).strip()]
    return valid_from, (iso_date(later[0]) if later else None)
