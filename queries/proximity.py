"""How close is X to a listed entity: the shortest explanation per listing, each with its sources."""

from __future__ import annotations

import queries
from graph.store import GraphStore
from queries.answers import Proximity
from queries.paths import path as to_path
from queries.profiles import Profile

DEFAULT_MAX_HOPS = 4
MAX_PATHS = 2000


def proximity(
    store: GraphStore, entity_id: str, profile: Profile, as_of: str | None = None, max_hops: int = DEFAULT_MAX_HOPS
) -> list[Proximity]:
    """One answer per (listed entity, watchlist): the shortest path found, shortest answers first."""
    if not 0 <= max_hops <= 4:
        raise ValueError("max_hops must be between 0 and 4")
    rows = store.run(
        queries.load("proximity"), {"id": entity_id, "maxHops": max_hops, "asOf": as_of, "maxPaths": MAX_PATHS}
    )
    best: dict[tuple[str, str], Proximity] = {}
    for row in rows:
        p = to_path(row["nodes"], row["hops"])
        listed, watchlist = p.nodes[-2], p.nodes[-1]
        listing = row["hops"][-1]
        raw_watchlist = row["nodes"][-1]
        hops = len(p.hops) - 1  # the LISTED_ON step is the listing itself, not distance
        key = (listed.id, watchlist.id)
        if key in best and best[key].hops <= hops:
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
