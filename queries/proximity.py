"""How close is X to a listed entity: the shortest explanation per listing, each with its sources.

A listing of another record of the same organization (SAME_AS) is a listing of it: one answer per real listed
organization and watchlist, its distance counted without the steps between records of one organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import queries
from graph.lists import catalogue
from graph.store import GraphStore
from queries.answers import ListRef, PathAnswer, Proximity
from queries.identity import SAME_AS, Identity, IdentityCache, identity_of, organizations_on, walks_cleanly
from queries.paths import path as to_path
from queries.profiles import ListWeight, Profile
from queries.walks import Neighbourhood, around

DEFAULT_MAX_HOPS = 4
MAX_PATHS = 2000
MAX_NEAR = 20_000  # paths through ownership to listed records kept per entity, before MAX_PATHS of all


def proximity(
    store: GraphStore,
    entity_id: str,
    profile: Profile,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    identities: IdentityCache | None = None,
) -> list[Proximity]:
    """One answer per (listed entity, watchlist): the shortest path found, shortest answers first."""
    found = listing_paths(store, entity_id, as_of, max_hops)
    return proximity_from_paths(found, profile, identity_of(store, found.organizations(), identities))


@dataclass(frozen=True, slots=True)
class ListingPaths:
    """The rows of queries/proximity.cypher and the same paths typed, before the shortest per listing is chosen."""

    rows: list[dict[str, Any]]
    paths: list[PathAnswer]
    as_of: str | None = None

    def organizations(self) -> set[str]:
        return organizations_on(self.paths)


def listing_paths(
    store: GraphStore,
    entity_id: str,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    hood: Neighbourhood | None = None,
) -> ListingPaths:
    return listing_paths_of(store, [entity_id], as_of, max_hops, hood)[entity_id]


def listing_paths_of(
    store: GraphStore,
    entity_ids: list[str],
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    hood: Neighbourhood | None = None,
) -> dict[str, ListingPaths]:
    """Paths to listings from each entity, by its id: through ownership and control, walked in queries/walks.py
    (the listings of every record within reach first, then the paths to the listed ones), and the others (people,
    units, funders, donors, vendors) by proximity.cypher; shortest first, MAX_PATHS at most. `hood`: the answer's
    Neighbourhood, made for the same date. Each part is one query for all the entities (the walk: one a level)."""
    if not 0 <= max_hops <= 4:
        raise ValueError("max_hops must be between 0 and 4")
    hood = Neighbourhood(store, as_of) if hood is None else hood
    walk = around(max_hops)
    hood.reach(entity_ids, walk.way, walk.max_steps)
    # The listings of every record the walks can reach first, so that only paths to a listed one are walked.
    reachable = {i: hood.within(i, walk.way, walk.max_steps) if i in hood.nodes else set() for i in entity_ids}
    listed = hood.listings(sorted(set().union(*reachable.values())))
    targets = {node for node, found in listed.items() if found}
    near = {i: hood.walk(i, walk, MAX_NEAR, targets) for i in entity_ids}
    rows: dict[str, list[dict[str, Any]]] = {
        i: [
            {"nodes": [*p.nodes_of(hood), watchlist], "hops": [*p.hops, listing]}
            for p in paths
            for watchlist, listing in listed[p.nodes[-1]]
        ]
        for i, paths in near.items()
    }
    params = {"ids": entity_ids, "maxHops": max_hops, "asOf": as_of, "maxPaths": MAX_PATHS}
    for row in store.run(queries.load("proximity"), params):
        rows.setdefault(row["nodes"][0]["id"], []).append(row)
    found = {}
    for entity_id, mine in rows.items():
        mine = sorted(mine, key=lambda row: len(row["hops"]))[:MAX_PATHS]  # stable: ownership paths first at a length
        found[entity_id] = ListingPaths(mine, [to_path(row["nodes"], row["hops"]) for row in mine], as_of)
    return found


def list_ref(watchlist: dict[str, Any], listing: dict[str, Any]) -> ListRef:
    """The list a Watchlist node is, by the catalogue: its listId, or (graphs loaded before the catalogue) the
    program, name and authority it was written with."""
    entry = catalogue().identify(
        list_id=watchlist.get("listId") or listing.get("listId"),
        program=watchlist.get("program"),
        name=watchlist.get("name"),
        authority=watchlist.get("authority"),
    )
    if entry is None:
        return ListRef(title=watchlist.get("name") or watchlist["id"], authority=watchlist.get("authority"),
                       jurisdiction=watchlist.get("country"), snapshot=watchlist.get("snapshot"))  # fmt: skip
    return ListRef(
        id=entry.id,
        title=entry.title_with(listing.get("program")),
        authority=entry.authority,
        jurisdiction=entry.jurisdiction,
        kind=entry.kind.value,
        url=entry.url or None,
        snapshot=watchlist.get("snapshot"),
    )


def weigh(
    profile: Profile, listed: dict[str, Any], ref: ListRef, listing: dict[str, Any], as_of: str | None
) -> tuple[ListWeight, str | None]:
    """How one listing weighs under the profile, and why when it is not simply counted.

    The as-of rule: asked about a past date, a listing whose start is unknown may not have applied then, so it
    is shown as "date unknown" and weighs as information only. Asked about today, a listing in force counts."""
    kind = profile.list_weight(ref.id, listing.get("program"), ref.title, listed_country=listed.get("country"))
    if kind is ListWeight.INFORMATION:
        reason = (
            f"a {ref.jurisdiction or 'foreign'} list's designation of a {profile.home} entity: information only "
            f"under {profile.name}"
            if listed.get("country") == profile.home
            else f"not a list {profile.name} weighs"
        )
        return kind, reason
    if as_of is not None and as_of < date.today().isoformat() and not listing.get("validFrom"):
        return ListWeight.INFORMATION, f"listing date unknown: it may not have applied on {as_of}, so it is not weighed"
    if kind is ListWeight.UNCOUNTED:
        return kind, f"a list {profile.name} does not count: weighs {profile.uncounted_weight:g} of a counted one"
    return kind, None


def proximity_from_paths(found: ListingPaths, profile: Profile, identity: Identity) -> list[Proximity]:
    """What proximity returns, from the paths and the clusters of the organizations on them."""
    rows, paths = found.rows, found.paths
    best: dict[tuple[str, str], Proximity] = {}
    for row, p in zip(rows, paths, strict=True):
        if not walks_cleanly(p, identity):
            continue
        listed, watchlist = p.nodes[-2], p.nodes[-1]
        listing = row["hops"][-1]
        raw_watchlist = row["nodes"][-1]
        # The LISTED_ON step is the listing itself, not distance; a step between two records of one organization
        # (SAME_AS) is no distance either.
        hops = sum(1 for h in p.hops if h.type != SAME_AS) - 1
        key = (identity.canonical(listed.id), watchlist.id)
        # Of two paths to one listing, the shorter wins; at equal length, the one whose listing says when it took
        # effect (a Sanction record beside the entity's own topics), then the earliest (two records of one
        # organization on one list: when it was first listed), then by record, so every engine answers alike.
        rank = (hops, len(p.hops), listing.get("validFrom") is None, listing.get("validFrom") or "", listed.id)
        if key in best and _rank(best[key]) <= rank:
            continue
        ref = list_ref(raw_watchlist, listing)
        weight, note = weigh(profile, row["nodes"][-2], ref, listing, found.as_of)
        best[key] = Proximity(
            listed=listed,
            watchlist=watchlist,
            list=ref,
            program=listing.get("program") or raw_watchlist.get("program"),
            hops=hops,
            counts_under_profile=weight is ListWeight.COUNTED,
            weight=weight.value,
            listed_from=listing.get("validFrom"),
            listed_to=listing.get("validTo"),
            note=note,
            path=p,
        )
    order = {ListWeight.COUNTED.value: 0, ListWeight.UNCOUNTED.value: 1, ListWeight.INFORMATION.value: 2}
    return sorted(best.values(), key=lambda a: (a.hops, order[a.weight], a.listed.id, a.watchlist.id))


def _rank(answer: Proximity) -> tuple[int, int, bool, str, str]:
    return (answer.hops, len(answer.path.hops), answer.listed_from is None, answer.listed_from or "", answer.listed.id)
