"""OpenSanctions entities in the FollowTheMoney (FtM) JSON-lines format: watchlists, ownership, directorships,
and payments.

Bulk files such as https://data.opensanctions.org/datasets/latest/<dataset>/entities.ftm.json (the BIS Entity
List is `us_bis_entity`, the DoD 1260H list `us_dod_chinese_milcorp`, the consolidated data `sanctions`). Each
line is an entity: `id`, `schema`, `properties` (lists of strings), optional `datasets`. Things (companies,
people) are read in a first pass and interests (Ownership, Directorship, Sanction, Payment) in a second, so
every relationship finds its endpoints and knows their labels. A Payment becomes a Gift with one GAVE edge from
each of its payers and one GIVEN_TO edge to each of its beneficiaries (FtM reference properties hold lists).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graph.ids import make_id
from graph.lists import ListEntry, catalogue, list_node_id
from graph.model import ControlType, Entity, GiftType, Label, OrgKind, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected
from ingest.files import json_lines
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="opensanctions",
    title="OpenSanctions (FollowTheMoney JSON lines)",
    license="CC BY-NC 4.0 (non-commercial; attribution: OpenSanctions)",
    url="https://www.opensanctions.org/datasets/",
    modes=("file",),
    file_formats=("entities.ftm.json (JSON lines)",),
    notes="Watchlists (Sanction), ownership (Ownership), board seats (Directorship), payments (Payment).",
    write_behind=True,  # normalize reads only the file and the list catalogue, never the graph
)

THING_LABELS: dict[str, tuple[Label, OrgKind | None]] = {
    "Company": (Label.ORGANIZATION, OrgKind.COMPANY),
    "Organization": (Label.ORGANIZATION, OrgKind.OTHER),
    "LegalEntity": (Label.ORGANIZATION, OrgKind.OTHER),
    "PublicBody": (Label.ORGANIZATION, OrgKind.GOVERNMENT),
    "Person": (Label.PERSON, None),
}
INTERESTS = frozenset({"Ownership", "Directorship", "Sanction", "Payment"})
# FtM topics that say an entity is itself on a list (https://www.opensanctions.org/docs/topics/). `sanction.linked`
# (linked to a sanctioned entity) and `poi` are not listings: they are left to the graph's paths.
LISTING_TOPICS = ("sanction", "export.control", "debarment", "sanction.counter")
_COUNTRY = re.compile(r"^[a-z]{2}$")
_PCT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
_PCT_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*[-\u2013]\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


def records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    labels: dict[str, Label] = ctx.state.setdefault("labels", {})
    name = ctx.file.name
    # Pass 1: things. Pass 2: interests between them. Unreadable lines are reported in pass 1 only.
    for number, value in json_lines(ctx.file, ctx.encoding):
        location = f"{name}:line {number}"
        if not isinstance(value, dict):
            yield RawRecord(location, {}, error=str(value))
            continue
        schema = value.get("schema")
        if schema in INTERESTS:
            continue
        if schema in THING_LABELS and isinstance(value.get("id"), str):
            labels[value["id"]] = THING_LABELS[schema][0]
        yield RawRecord(location, value, source_id=value.get("id"))
    for number, value in json_lines(ctx.file, ctx.encoding):
        if isinstance(value, dict) and value.get("schema") in INTERESTS:
            yield RawRecord(f"{name}:line {number}", value, source_id=value.get("id"))


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    ftm_id = data.pop("id", None)
    schema = data.pop("schema", None)
    props: dict[str, list[str]] = dict(data.pop("properties", None) or {})
    data.pop("caption", None)
    datasets = [d for d in data.pop("datasets", None) or [] if isinstance(d, str)]
    data.pop("referents", None)
    data.pop("first_seen", None)
    data.pop("last_seen", None)
    data.pop("last_change", None)
    data.pop("target", None)
    ctx.audit(data, "entity")
    if not isinstance(ftm_id, str) or not ftm_id:
        raise RecordRejected("entity without an id")
    if not isinstance(props, dict):
        raise RecordRejected("properties is not an object")
    source_url = first(props, "sourceUrl")
    prov = ctx.provenance(ftm_id, source_url)
    if schema in THING_LABELS:
        found = thing(ctx, ftm_id, schema, props, prov)
        return [found, *topic_listings(ctx, found, props, datasets, prov)]
    if schema == "Sanction":
        return sanction(ctx, ftm_id, props, prov, datasets)
    handler = {"Ownership": ownership, "Directorship": directorship, "Payment": payment}
    if schema in handler:
        return handler[schema](ctx, ftm_id, props, prov)
    ctx.audit([f"schema:{schema}"])  # Address, Family, Passport...: not in the graph model
    return []


def first(props: dict[str, list[str]], key: str) -> str | None:
    values = props.get(key) or []
    return values[0] if values else None


def node_id(ftm_id: str) -> str:
    return make_id("opensanctions", ftm_id)


def country_of(ctx: JobContext, props: dict[str, list[str]]) -> str | None:
    for key in ("jurisdiction", "country", "mainCountry", "nationality", "citizenship"):
        for value in props.get(key) or []:
            if _COUNTRY.match(value):
                return value.upper()
            ctx.audit([f"country:{value}"])
    return None


def thing(ctx: JobContext, ftm_id: str, schema: str, props: dict[str, list[str]], prov: Any) -> Entity:
    label, kind = THING_LABELS[schema]
    names = props.get("name") or []
    if not names:
        raise RecordRejected(f"{schema} {ftm_id} has no name")
    weak = props.get("weakAlias") or []
    # A one-word weak alias is an abbreviation the list publishes (AVIC, CASIC, ZALA): matched as a whole name only.
    acronyms = sorted({w.strip() for w in weak if w.strip() and len(w.split()) == 1} - {names[0]})
    # Former names stay searchable as aliases, and are also kept as such, so answers list them as "Previously" and
    # never show one as the name (names/display.py).
    previous = sorted(set(props.get("previousName") or []) - set(names))
    aliases = sorted(
        {*names[1:], *(props.get("alias") or []), *previous, *(w for w in weak if len(w.split()) > 1)} - {names[0]}
    )
    attrs: dict[str, Any] = {
        "name": names[0],
        "country": country_of(ctx, props),
        "aliases": aliases or None,
        "acronyms": acronyms or None,
        "previousNames": previous or None,
    }
    if kind is not None:
        attrs["kind"] = kind.value
        attrs["lei"] = first(props, "leiCode")
        attrs["wikidata"] = first(props, "wikidataId")
        attrs["uei"] = first(props, "uniqueEntityId")
        attrs["duns"] = first(props, "dunsCode")
        attrs["registryId"] = first(props, "ogrnCode") or first(props, "registrationNumber") or first(props, "innCode")
        attrs["validFrom"] = first(props, "incorporationDate")
        attrs["validTo"] = first(props, "dissolutionDate")
    else:
        attrs["wikidata"] = first(props, "wikidataId")
    return Entity(node_id(ftm_id), label, prov, attrs)


def endpoint(ctx: JobContext, props: dict[str, list[str]], key: str, role: str) -> tuple[str, Label]:
    return endpoints(ctx, props, key, role)[0]


def endpoints(ctx: JobContext, props: dict[str, list[str]], key: str, role: str) -> list[tuple[str, Label]]:
    """Every entity a reference property names (FtM properties are lists), each one an entity of this file.

    An FtM reference holds the referenced entity's `id` exactly, so each value is looked up as it is.
    """
    refs = list(dict.fromkeys(props.get(key) or []))
    if not refs:
        raise RecordRejected(f"no {key} ({role})")
    found = []
    for ref in refs:
        label = ctx.state.get("labels", {}).get(ref)
        if label is None:
            raise RecordRejected(f"{role} {ref} is not an entity of this file")
        found.append((node_id(ref), label))
    return found


def share(value: str | None) -> dict[str, float]:
    """FtM percentages are free text: '50', '50.5%', '25-50'. Unparseable text yields no share."""
    if value is None:
        return {}
    exact = _PCT.match(value)
    if exact:
        pct = float(exact.group(1).replace(",", "."))
        return {"sharePct": pct} if 0 <= pct <= 100 else {}
    ranged = _PCT_RANGE.match(value)
    if ranged:
        low, high = (float(g.replace(",", ".")) for g in ranged.groups())
        return {"shareMin": low, "shareMax": high} if 0 <= low <= high <= 100 else {}
    return {}


def ownership(ctx: JobContext, ftm_id: str, props: dict[str, list[str]], prov: Any) -> Items:
    owner, owner_label = endpoint(ctx, props, "owner", "owner")
    asset, asset_label = endpoint(ctx, props, "asset", "asset")
    if asset_label is not Label.ORGANIZATION:
        raise RecordRejected(f"asset of ownership {ftm_id} is a {asset_label}, not an organization")
    attrs: dict[str, Any] = {
        **share(first(props, "percentage")),
        "role": first(props, "role"),
        "validFrom": first(props, "startDate"),
        "validTo": first(props, "endDate"),
    }
    return [Relation(node_id(ftm_id), Rel.OWNS, owner, owner_label, asset, asset_label, prov, attrs)]


def directorship(ctx: JobContext, ftm_id: str, props: dict[str, list[str]], prov: Any) -> Items:
    director, director_label = endpoint(ctx, props, "director", "director")
    org, org_label = endpoint(ctx, props, "organization", "organization")
    attrs = {
        "controlType": ControlType.BOARD_SEATS.value,
        "role": first(props, "role"),
        "validFrom": first(props, "startDate"),
        "validTo": first(props, "endDate"),
    }
    return [Relation(node_id(ftm_id), Rel.CONTROLS, director, director_label, org, org_label, prov, attrs)]


def list_node(ctx: JobContext, entry: ListEntry) -> Entity:
    """The catalogued list's one Watchlist node, whichever record or source names it (made once per run: a bulk
    export names the same few lists on most of its millions of records)."""
    made: dict[str, Entity] = ctx.state.setdefault("listNodes", {})
    if entry.id not in made:
        made[entry.id] = _list_node(ctx, entry)
    return made[entry.id]


def _list_node(ctx: JobContext, entry: ListEntry) -> Entity:
    return Entity(
        list_node_id(entry.id),
        Label.WATCHLIST,
        ctx.provenance(entry.id, entry.url or None),
        {
            "name": entry.title,
            "authority": entry.authority,
            "country": entry.jurisdiction if _COUNTRY.match(entry.jurisdiction.lower()) else None,
            "listId": entry.id,
        },
    )


def sanction(ctx: JobContext, ftm_id: str, props: dict[str, list[str]], prov: Any, datasets: list[str]) -> Items:
    """A Sanction record: the listing of one entity on one list, with its program, reason and dates.

    The list is the catalogue's (graph/lists.yml) when the record's dataset, program or authority names one; a
    list the catalogue does not know keeps a node of its own, named by its program and authority."""
    listed, listed_label = endpoint(ctx, props, "entity", "listed entity")
    authority = first(props, "authority")
    program = first(props, "program") or first(props, "programId")
    if authority is None and program is None and not datasets:
        raise RecordRejected(f"sanction {ftm_id} names neither an authority nor a program")
    entry = catalogue().identify(
        datasets=datasets, program=first(props, "programId"), name=first(props, "program"), authority=authority
    )
    if entry is not None:
        watchlist = list_node(ctx, entry)
    else:
        watchlist_key = first(props, "programId") or f"{authority}|{program}"
        watchlist = Entity(
            make_id("opensanctions", "list", watchlist_key),
            Label.WATCHLIST,
            ctx.provenance(watchlist_key, first(props, "programUrl")),
            {
                "name": " - ".join(dict.fromkeys(v for v in (authority, program) if v)),
                "authority": authority,
                "program": first(props, "programId") or program,
                "country": country_of(ctx, props),
            },
        )
    listing = Relation(
        node_id(ftm_id),
        Rel.LISTED_ON,
        listed,
        listed_label,
        watchlist.id,
        Label.WATCHLIST,
        prov,
        {
            "program": program,
            "reason": first(props, "reason"),
            "validFrom": first(props, "listingDate") or first(props, "startDate"),
            "validTo": first(props, "endDate"),
            "listId": entry.id if entry is not None else None,
        },
    )
    return [watchlist, listing]


def topic_listings(
    ctx: JobContext, listed: Entity, props: dict[str, list[str]], datasets: list[str], prov: Any
) -> Items:
    """Listings an entity's own record states: its FtM topics say it is sanctioned, export-controlled or debarred,
    and its datasets say on which lists. One LISTED_ON per catalogued dataset (the record is the evidence; the
    date is unknown), or one on the topic's own entry when no dataset names a list. A Sanction record of the same
    listing adds its program, reason and dates beside it."""
    topics = [t for t in props.get("topics") or [] if t in LISTING_TOPICS]
    if not topics:
        return []
    entries = {e.id: e for d in datasets if (e := catalogue().identify(datasets=[d])) is not None}
    if not entries:
        entries = {e.id: e for t in topics if (e := catalogue().identify(program=f"topic:{t}")) is not None}
    items: list[Entity | Relation] = []
    for entry in entries.values():
        items.append(list_node(ctx, entry))
        items.append(
            Relation(
                make_id("opensanctions", listed.provenance.source_id, "listed", entry.id),
                Rel.LISTED_ON,
                listed.id,
                listed.label,
                list_node_id(entry.id),
                Label.WATCHLIST,
                prov,
                {"listId": entry.id, "reason": "topics: " + ", ".join(topics)},
            )
        )
    return items


def payment(ctx: JobContext, ftm_id: str, props: dict[str, list[str]], prov: Any) -> Items:
    payers = endpoints(ctx, props, "payer", "payer")
    beneficiaries = endpoints(ctx, props, "beneficiary", "beneficiary")
    amount_text = first(props, "amountEur") or first(props, "amount")
    try:
        amount = float(amount_text) if amount_text is not None else None
    except ValueError:
        raise RecordRejected(f"payment {ftm_id} has an amount that is not a number: {amount_text!r}") from None
    currency = "EUR" if first(props, "amountEur") is not None else first(props, "currency")
    gift = Entity(
        node_id(ftm_id),
        Label.GIFT,
        prov,
        {
            "giftType": GiftType.MONETARY.value,
            "amount": amount,
            "currency": currency,
            "date": first(props, "date"),
            "description": first(props, "purpose") or first(props, "summary"),
        },
    )
    gave = [
        Relation(_role_id(ftm_id, "payer", n, ref), Rel.GAVE, ref, label, gift.id, Label.GIFT, prov)
        for n, (ref, label) in enumerate(payers)
    ]
    given_to = [
        Relation(_role_id(ftm_id, "beneficiary", n, ref), Rel.GIVEN_TO, gift.id, Label.GIFT, ref, label, prov)
        for n, (ref, label) in enumerate(beneficiaries)
    ]
    return [gift, *gave, *given_to]


def _role_id(ftm_id: str, role: str, index: int, ref: str) -> str:
    """The id of one payer or beneficiary edge. The first keeps the id it always had (`<payment>.payer`), so a
    graph loaded before several payers or beneficiaries were read is updated, not duplicated; the others add the
    id of the entity they reach."""
    return make_id("opensanctions", ftm_id, role) if index == 0 else make_id("opensanctions", ftm_id, role, ref)
