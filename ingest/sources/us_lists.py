"""The 13 US restricted-party lists of NSF's Dear Colleague Letter of 2026-07-08 ("Prohibition on Collaborations
with Restricted Entities"), as one JSON file per list with a `lists.json` beside it.

Format (phagehunter/nsfreg data/, bundled in tietrace/lists_data/us/): a list file holds `list_id` (e.g.
`bis-entity-list`), `source_file`, `extracted`, `count` and `entities`, each with name, aliases (a list), country
(a name), address, status, effective_date (ISO or "June 21, 2022"), federal_register (a citation) and notes.
`lists.json` holds per list its official name, agency, official URL and `snapshot` (the publication the copy was
taken from, e.g. "Federal Register notice of June 10, 2026 (Vol. 91, No. 111)").

Mapping:
- the list -> the catalogue's Watchlist (graph/lists.yml, matched by its `bundled` id) with `snapshot` from
  lists.json, so every answer can say which publication a listing was read from;
- each entity -> Organization (kind other) or, on the lists that name individuals (Denied Persons, State's
  debarments), a Person when the name reads as a personal name ("Adams, Ryan", "PEARL LI": see `label_for`); name,
  aliases and
  acronyms cleaned by `ingest.listings.clean_names`, country to ISO alpha-2; the address is not kept;
- a LISTED_ON edge with listId, validFrom = effective_date, reason = notes with the Federal Register citation,
  and a CBP order's status when it is not "Active".
Node ids are `us_lists-<list>-<name>`: the same input gives the same graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from rigour.names import NamePartTag, NameTypeTag, Symbol, analyze_names

from graph.ids import make_id
from graph.lists import ListEntry, catalogue
from graph.model import Label
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_document
from ingest.listings import clean_names, country_code, iso_date, listing, party, watchlist
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="us_lists",
    title="US restricted lists of NSF's 2026-07-08 letter (bundled snapshot, one JSON file per list)",
    license="Public domain (US Government works)",
    url="https://www.nsf.gov/funding/information/dcl-prohibition-collaborations-entities-us-prohibited-party",
    modes=("file",),
    file_formats=("<list>.json with lists.json beside it",),
    notes="`tietrace lists load` loads the bundled copies; query key `only` = comma-separated list ids.",
)

# Lists whose entries name people as often as firms; on the others a personal-looking name is still a firm's
# (a Chinese company name can consist only of syllables that are also personal names).
INDIVIDUAL_LISTS = frozenset({"bis-dpl", "state-debarred-statutory", "state-debarred-admin"})
_SURNAME_FIRST = re.compile(r"^[^\d,;&]+,\s*[^\d,;&]+$")  # "Adams, Ryan", "de la Paz, Santos Isidro"
_NOT_PERSONAL = re.compile(r"\d|[;&(]|\b(?:and|of|the|for)\b", re.IGNORECASE)
_ORG_SYMBOLS = frozenset({Symbol.Category.ORG_CLASS, Symbol.Category.SYMBOL, Symbol.Category.DOMAIN})


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    document = json_document(ctx.file, ctx.encoding)
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise SourceError(f"{ctx.file}: expected an object with 'list_id' and 'entities' (a bundled list file)")
    list_id = str(document.get("list_id") or "")
    entry = catalogue().identify(bundled=list_id)
    if entry is None:
        raise SourceError(f"{ctx.file}: list_id {list_id!r} is not in the list catalogue (graph/lists.yml)")
    only = {x.strip() for x in ctx.query.get("only", "").split(",") if x.strip()}
    if only and not only & {entry.id, list_id}:
        return
    meta = list_meta(ctx.file.parent / "lists.json").get(list_id, {})
    ctx.state["list"] = (entry, list_id, meta)
    for number, entity in enumerate(document["entities"], start=1):
        location = f"{ctx.file.name}:entities[{number - 1}]"
        if not isinstance(entity, dict):
            yield RawRecord(location, {}, error=f"expected an object, got {type(entity).__name__}")
            continue
        yield RawRecord(location, entity, source_id=f"{list_id}#{number}", source_url=meta.get("official_url"))


@cache
def list_meta(path: Path) -> dict[str, dict[str, Any]]:
    """lists.json's description of each list, by its id; the snapshot text is what answers cite."""
    if not path.is_file():
        raise SourceError(f"{path}: missing; the list files need the lists.json they were published with")
    data = json_document(path)
    lists = data.get("lists") if isinstance(data, dict) else None
    if not isinstance(lists, list):
        raise SourceError(f"{path}: expected an object with 'lists'")
    return {str(item["id"]): item for item in lists if isinstance(item, dict) and "id" in item}


def reads_as_organization(name: str) -> bool:
    """A legal form or an organization word (company, institute, trading, aviation...) in rigour's tagging of the
    name (OpenSanctions' name data; the organization tables load in well under a second, unlike its person names)."""
    for org in analyze_names(NameTypeTag.ORG, [name], consolidate=False, phonetics=False):
        if any(part.tag is NamePartTag.LEGAL for part in org.parts):
            return True
        if any(span.symbol.category in _ORG_SYMBOLS for span in org.spans):
            return True
    return False


def label_for(list_id: str, name: str) -> Label:
    """Person only on the lists that name individuals, and only for a name with no organization word, no digit or
    connective, written "Surname, Given names" or as two to four words ("PEARL LI", "JOHN B. PRIDMORE-SMITH")."""
    if list_id not in INDIVIDUAL_LISTS or _NOT_PERSONAL.search(name) or reads_as_organization(name):
        return Label.ORGANIZATION
    if _SURNAME_FIRST.match(name) or 2 <= len(name.split()) <= 4:
        return Label.PERSON
    return Label.ORGANIZATION


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    entry: ListEntry
    entry, list_id, meta = ctx.state["list"]
    data = dict(record.data)
    raw_name = data.pop("name", None)
    if not isinstance(raw_name, str) or not raw_name.strip():
        raise RecordRejected("entity without a name")
    aliases = data.pop("aliases", None) or []
    if not isinstance(aliases, list):
        raise RecordRejected(f"aliases is not a list: {aliases!r}")
    country_text = data.pop("country", None)
    data.pop("address", None)  # not needed: the graph keeps no addresses
    status = data.pop("status", None)
    effective = data.pop("effective_date", None)
    citation = data.pop("federal_register", None)
    notes = data.pop("notes", None)
    ctx.audit(data, "entity")
    try:
        names = clean_names(raw_name, [str(a) for a in aliases])
        valid_from = iso_date(effective)
    except ValueError as exc:
        raise RecordRejected(str(exc)) from None
    country = country_code(country_text) if isinstance(country_text, str) else None
    if country_text and country is None:
        ctx.audit([f"country:{country_text}"])
    label = label_for(list_id, names.name)
    node_id = make_id(SOURCE.name, list_id, names.name.casefold())
    items: Items = []
    if not ctx.state.get("watchlist_written"):
        items.append(watchlist(ctx, entry, meta.get("snapshot"), meta.get("official_url")))
        ctx.state["watchlist_written"] = True
    items.append(party(ctx, node_id, label, names, country, record.source_id or node_id, record.source_url))
    # A CBP order's status ("Inactive-Pending Litigation") says nothing of when it ended: it is kept as text.
    parts = (notes, citation and f"citation: {citation}", status and status != "Active" and f"status: {status}")
    reason = "; ".join(str(p) for p in parts if p) or None
    props = {"program": meta.get("short_name"), "reason": reason, "validFrom": valid_from}
    items.append(
        listing(
            ctx,
            make_id(SOURCE.name, list_id, names.name.casefold(), "listed"),
            (node_id, label),
            entry,
            record.source_id or node_id,
            record.source_url,
            props,
        )
    )
    return items
