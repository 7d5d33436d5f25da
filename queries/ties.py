"""Research ties of X: co-publications and shared grants with foreign or listed organizations, and equipment or
in-kind gifts received (item, vendor, donor, date, value), flagged when the profile calls them sensitive."""

from __future__ import annotations

from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import EntityRef, Tie
from queries.identity import Identity, IdentityCache, identity_of
from queries.paths import path as to_path
from queries.profiles import Profile

MAX_ROWS = 5000


def ties(
    store: GraphStore,
    entity_id: str,
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
) -> list[Tie]:
    rows = tie_rows(store, entity_id, as_of)
    return ties_from_rows(rows, entity_id, profile, identity_of(store, [entity_id, *partners(rows)], identities))


def tie_rows(store: GraphStore, entity_id: str, as_of: str | None = None) -> list[dict[str, Any]]:
    return tie_rows_of(store, [entity_id], as_of)[entity_id]


def tie_rows_of(store: GraphStore, entity_ids: list[str], as_of: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of queries/ties.cypher for each organization, by its id (one query for all of them)."""
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in entity_ids}
    for row in store.run(queries.load("ties"), {"ids": entity_ids, "asOf": as_of, "maxRows": MAX_ROWS}):
        found.setdefault(row["nodes"][0]["id"], []).append(row)
    return found


def partners(rows: list[dict[str, Any]]) -> list[str]:
    """The organizations at the other end of the ties, whose other records the answer must recognize."""
    return [r["other"]["id"] for r in rows if "Organization" in r["other"]["labels"]]


def ties_from_rows(rows: list[dict[str, Any]], entity_id: str, profile: Profile, identity: Identity) -> list[Tie]:
    """What ties returns, from the rows of queries/ties.cypher and the clusters of the entity and its partners."""
    seen: set[tuple[str, str, str]] = set()
    answers: list[Tie] = []
    for row in rows:
        via, other = row["via"], row["other"]
        if identity.same(other["id"], entity_id):
            continue  # two records of the entity itself co-authoring is not a tie
        key = (row["kind"], via["id"], identity.canonical(other["id"]))
        if key in seen:  # one tie per publication/grant/gift and partner, however many authors or records link them
            continue
        seen.add(key)
        foreign = profile.is_foreign(other.get("country")) or profile.is_foreign(via.get("vendorCountry"))
        sensitive = profile.sensitive(
            via.get("name"), via.get("item"), via.get("model"), via.get("description"), via.get("conditions")
        )
        details = {
            k: via[k]
            for k in ("item", "model", "vendor", "amount", "currency", "conditions", "doi", "giftType")
            if via.get(k) is not None
        }
        if via.get("vendorId"):
            details["vendorCountry"] = via.get("vendorCountry")
        answers.append(
            Tie(
                kind=row["kind"],
                other=EntityRef.from_row(other),
                via=EntityRef(id=via["id"], name=via.get("name"), label=(via.get("labels") or [None])[0]),
                date=via.get("date"),
                details=details,
                foreign=foreign,
                listed=bool(other.get("listed")),
                sensitive=sensitive,
                path=to_path(row["nodes"], row["hops"]),
            )
        )
    return sorted(
        answers,
        key=lambda t: (not t.listed, not t.sensitive, not t.foreign, t.kind, t.date or "", t.via.id if t.via else ""),
    )
