"""How close is X to a listed entity: the shortest explanation per listing, each with its sources.

A listing of another record of the same organization (SAME_AS) is a listing of it: one answer per real listed
organization and watchlist, its distance counted without the steps between records of one organization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import PathAnswer, Proximity
from queries.identity import SAME_AS, Identity, IdentityCache, identity_of, organizations_on, walks_cleanly
from queries.paths import path as to_path
from queries.profiles import Profile

DEFAULT_MAX_HOPS = 4
MAX_PATHS = 2000


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

    def organizations(self) -> set[str]:
        return organizations_on(self.paths)


def listing_paths(
    store: GraphStore, entity_id: str, as_of: str | None = None, max_hops: int = DEFAULT_MAX_HOPS
) -> ListingPaths:
    if not 0 <= max_hops <= 4:
        raise ValueError("max_hops must be between 0 and 4")
    rows = store.run(
        queries.load("proximity"), {"id": entity_id, "maxHops": max_hops, "asOf": as_of, "maxPaths": MAX_PATHS}
    )
    return ListingPaths(rows, [to_path(row["nodes"], row["hops"]) for row in rows])


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
        if key in best and (best[key].hops, len(best[key].path.hops)) <= (hops, len(p.hops)):
            continue
        best[key] = Proximity(
            listed=listed,
            watchlist=watchlist,
            program=listing.get("program") or raw_watchlist.get("program"),
            hops=hops,
            counts_under_profile=profile.counts(raw_watchlist.get("program"), raw_watchlist.get("name")),
            path=p,
        )
    return sorted(best.values(), key=lambda a: (a.hops, not a.counts_under_profile, a.listed.id, a.watchlist.id))
