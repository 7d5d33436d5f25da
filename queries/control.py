"""Who controls X: effective ownership, control and ultimate controllers from upstream paths.

Effective ownership of a controller C in X is the product of the shares along each chain of OWNS relationships
from C to X, summed over the distinct simple chains (no node twice), so diamonds add up and cycles are walked
once. A chain with a published range contributes (product of minimums, product of maximums); a chain with a
share missing on any step makes the exact figure unknown. C controls X when some chain from C reaches X with
every step either control without equity (CONTROLS) or an ownership above the control threshold (default 50 %).
The ultimate controllers are the controllers that no other controller on the paths controls.

A board seat (CONTROLS with controlType board_seats, e.g. an FtM Directorship) is influence, not control: a
director sits on the board, a source has not said the director controls the company. Such a controller is
answered with `controls: false, influence: true`, is never an ultimate controller, and a chain through a board
seat makes nothing controlled. Other control without equity (voting rights, golden share, consolidation,
founding) is control because the source states it.

Records of one organization from different sources (SAME_AS, queries/identity.py) are one entity here: a SAME_AS
step carries 100 % and control, a chain is keyed by its sequence of real organizations so a holding two sources
both record counts once, and a controller known under two records is one answer listing both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph.store import GraphStore
from queries.answers import Controller, EntityRef, Hop, PathAnswer
from queries.identity import (
    SAME_AS,
    Identity,
    IdentityCache,
    collapse,
    identity_of,
    organizations_on,
    walks_cleanly,
)
from queries.paths import path as to_path
from queries.profiles import Profile
from queries.walks import Neighbourhood, Walk, downstream, upstream

DEFAULT_MAX_HOPS = 10
MAX_PATHS = 2000


@dataclass(frozen=True, slots=True)
class ChainShare:
    """What one chain contributes: exact product, or a range, or unknown."""

    exact: float | None
    low: float | None
    high: float | None


def chain_share(hops: Iterable[Hop]) -> ChainShare | None:
    """The ownership one chain carries, or None when the chain is not ownership all the way."""
    exact: float | None = 1.0
    low: float | None = 1.0
    high: float | None = 1.0
    for h in hops:
        if h.type == SAME_AS:
            continue  # two records of one organization: the whole of it, nothing lost
        if h.type != "OWNS":
            return None
        if h.share_pct is not None:
            fraction = h.share_pct / 100
            exact = exact * fraction if exact is not None else None
            low = low * fraction if low is not None else None
            high = high * fraction if high is not None else None
        elif h.share_range is not None:
            exact = None
            low = low * h.share_range[0] / 100 if low is not None else None
            high = high * h.share_range[1] / 100 if high is not None else None
        else:
            exact = low = high = None
    return ChainShare(exact, low, high)


def effective_ownership(chains: list[ChainShare]) -> tuple[float | None, list[float] | None]:
    """(effective %, [min %, max %]) summed over distinct chains; unknown parts make the figure None."""
    if not chains:
        return None, None
    if all(c.exact is not None for c in chains):
        return round(min(100.0, sum(c.exact or 0.0 for c in chains) * 100), 6), None
    if all(c.low is not None and c.high is not None for c in chains):
        low = sum(c.low or 0.0 for c in chains) * 100
        high = sum(c.high or 0.0 for c in chains) * 100
        return None, [round(min(100.0, low), 6), round(min(100.0, high), 6)]
    return None, None


INFLUENCE_ONLY = frozenset({"board_seats"})  # control types that are influence unless a source states control


def is_influence_hop(h: Hop) -> bool:
    """A board seat: influence over the organization, not control of it."""
    return h.type == "CONTROLS" and h.control_type in INFLUENCE_ONLY


def is_control_hop(h: Hop, control_pct: float) -> bool:
    if is_influence_hop(h):
        return False
    if h.type in ("CONTROLS", SAME_AS):
        return True
    if h.share_pct is not None:
        return h.share_pct > control_pct
    return h.share_range is not None and h.share_range[0] > control_pct


def _recency(p: PathAnswer) -> tuple[str, ...]:
    return tuple(h.valid_from or "" for h in p.hops if h.type != SAME_AS)


def distinct_chains(paths: list[PathAnswer], identity: Identity | None = None) -> list[PathAnswer]:
    """One path per sequence of real organizations. Registers file the same holding again when it changes (51 %,
    later 100 %), and two sources may record one holding between two records each of the same pair: those are
    versions of one tie, not ties to add up, so the most recent record is kept (latest validFrom; an undated
    record counts as the oldest; between equals, the shorter path, then the first in id order)."""
    identity = identity or Identity.from_paths(paths)
    chosen: dict[tuple[str, ...], PathAnswer] = {}
    for p in paths:
        if not walks_cleanly(p, identity):
            continue
        key = collapse((n.id for n in p.nodes), identity)
        current = chosen.get(key)
        if current is None or _preferred(p, current):
            chosen[key] = p
    return list(chosen.values())


def _preferred(p: PathAnswer, current: PathAnswer) -> bool:
    if _recency(p) != _recency(current):
        return _recency(p) > _recency(current)
    if len(p.hops) != len(current.hops):
        return len(p.hops) < len(current.hops)
    return [n.id for n in p.nodes] < [n.id for n in current.nodes]


def _controls_along(p: PathAnswer, control_pct: float) -> bool:
    return all(is_control_hop(h, control_pct) for h in p.hops)


def _influences_along(p: PathAnswer, control_pct: float) -> bool:
    """Every step controls or is a board seat, and one is a board seat: influence, short of control."""
    return any(is_influence_hop(h) for h in p.hops) and all(
        is_control_hop(h, control_pct) or is_influence_hop(h) for h in p.hops
    )


def controllers_from_paths(
    paths: list[PathAnswer], control_pct: float = 50.0, identity: Identity | None = None
) -> list[Controller]:
    """Turn upstream paths (X first, the controller last) into one answer per upstream organization, its records
    in other sources folded in."""
    identity = identity or Identity.from_paths(paths)
    records: dict[str, dict[str, EntityRef]] = defaultdict(dict)  # every record of each controller on the paths
    for p in paths:
        for n in p.nodes[1:]:
            records[identity.canonical(n.id)][n.id] = n
    by_controller: dict[str, list[PathAnswer]] = defaultdict(list)
    for p in distinct_chains(paths, identity):
        target = identity.canonical(p.nodes[0].id)
        top = identity.canonical(p.nodes[-1].id)
        if top == target:
            continue  # a record of the entity itself, met again through a twin
        by_controller[top].append(p)
    controlling = {cid for cid, ps in by_controller.items() if any(_controls_along(p, control_pct) for p in ps)}
    # A controller is controlled by another when a control path of that other one passes through it.
    controlled_by_someone: set[str] = set()
    for cid in controlling:
        for p in by_controller[cid]:
            if _controls_along(p, control_pct):
                controlled_by_someone.update(identity.canonical(n.id) for n in p.nodes[1:-1])
    answers = []
    for cid, ps in by_controller.items():
        chains = [c for c in (chain_share(p.hops) for p in ps) if c is not None]
        exact, span = effective_ownership(chains)
        ps.sort(key=lambda p: (len(p.hops), [n.id for n in p.nodes]))
        # The cluster's canonical record speaks for the organization, so the answer is stable across runs.
        shown = records[cid].get(cid) or ps[0].nodes[-1]
        answers.append(
            Controller(
                **shown.model_dump(),
                effective_pct=exact,
                effective_pct_range=span,
                controls=cid in controlling,
                influence=cid not in controlling and any(_influences_along(p, control_pct) for p in ps),
                is_ultimate=cid in controlling and cid not in controlled_by_someone,
                foreign=False,
                same_as=[ref for rid, ref in sorted(records[cid].items()) if rid != shown.id],
                paths=ps,
            )
        )
    return sorted(answers, key=lambda c: (not c.controls, -(c.effective_pct or 0.0), len(c.paths[0].hops), c.id))


def upstream_paths(
    store: GraphStore,
    entity_ids: list[str],
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    hood: Neighbourhood | None = None,
) -> dict[str, list[PathAnswer]]:
    """Upstream paths of each organization, by its id (queries/walks.py: a query per level for all of them). An
    answer asking several questions passes its Neighbourhood (made for the same date), so steps are fetched once."""
    return _walked(Neighbourhood(store, as_of) if hood is None else hood, entity_ids, upstream(max_hops))


def _walked(hood: Neighbourhood, entity_ids: list[str], walk: Walk) -> dict[str, list[PathAnswer]]:
    """The walk's paths from each entity as typed paths, by its id."""
    hood.reach(entity_ids, walk.way, walk.max_steps)
    return {i: [to_path(p.nodes_of(hood), list(p.hops)) for p in hood.walk(i, walk, MAX_PATHS)] for i in entity_ids}


def identity_of_paths(store: GraphStore, paths: list[PathAnswer], identities: IdentityCache | None = None) -> Identity:
    """The clusters of every organization the paths visit: two controllers may be one organization even when no
    path joins them (each reached through its own records)."""
    return identity_of(store, organizations_on(paths), identities)


def controllers(
    store: GraphStore,
    entity_id: str,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    control_pct: float = 50.0,
    identities: IdentityCache | None = None,
) -> list[Controller]:
    """Who controls the entity: every upstream owner and controller within max_hops (at most 10). An investigation
    asking several questions passes its IdentityCache, so the graph is asked about each record's twins once."""
    if not 1 <= max_hops <= 10:
        raise ValueError("max_hops must be between 1 and 10")
    paths = upstream_paths(store, [entity_id], as_of, max_hops)[entity_id]
    return controllers_from_paths(paths, control_pct, identity_of_paths(store, paths, identities))


def controllers_under(
    store: GraphStore,
    entity_id: str,
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
) -> list[Controller]:
    """Who controls the entity under a profile: its control threshold, and `foreign` set by its home country. The
    question as the routes and the registry (queries/questions.py) ask it."""
    found = controllers(store, entity_id, as_of, control_pct=profile.thresholds.control_pct, identities=identities)
    return flag_foreign(found, profile)


def flag_foreign(owners: list[Controller], profile: Profile) -> list[Controller]:
    """The one place a controller's `foreign` is set: whether its country is foreign under the profile."""
    for owner in owners:
        owner.foreign = profile.is_foreign(owner.country)
    return owners


def ultimate_countries(
    store: GraphStore,
    entity_ids: list[str],
    as_of: str | None = None,
    control_pct: float = 50.0,
    identities: IdentityCache | None = None,
) -> dict[str, list[str]]:
    """Countries of the ultimate controllers of each organization (empty when none is known)."""
    result: dict[str, list[str]] = {}
    found = upstream_paths(store, entity_ids, as_of)
    reached = organizations_on(p for paths in found.values() for p in paths)
    if identities is not None:
        reached |= set(entity_ids)  # the caller (funding) asks about their clusters next: one lookup for both
    identity = identity_of(store, reached, identities)
    for entity_id, paths in found.items():
        tops = [c for c in controllers_from_paths(paths, control_pct, identity) if c.is_ultimate]
        result[entity_id] = sorted({c.country for r in tops for c in (r, *r.same_as) if c.country})
    return result


def controlled_entities(
    store: GraphStore,
    entity_id: str,
    as_of: str | None = None,
    control_pct: float = 50.0,
    identities: IdentityCache | None = None,
) -> list[tuple[EntityRef, PathAnswer]]:
    """Records of the entities the given one controls (majority or non-equity control at every step), with the
    shortest path to each. Every record of a controlled organization is returned, since each may carry its own
    funding; records of the entity itself are not."""
    paths = downstream_paths(store, entity_id, as_of)
    return controlled_from_paths(paths, entity_id, control_pct, identity_of_paths(store, paths, identities))


def downstream_paths(
    store: GraphStore, entity_id: str, as_of: str | None = None, hood: Neighbourhood | None = None
) -> list[PathAnswer]:
    """Paths from the entity down to what it may control (the entity first), before control is decided."""
    return downstream_paths_of(store, [entity_id], as_of, hood)[entity_id]


def downstream_paths_of(
    store: GraphStore, entity_ids: list[str], as_of: str | None = None, hood: Neighbourhood | None = None
) -> dict[str, list[PathAnswer]]:
    """Downstream paths of each organization, by its id (a query per level for all of them)."""
    return _walked(Neighbourhood(store, as_of) if hood is None else hood, entity_ids, downstream(DEFAULT_MAX_HOPS))


def controlled_from_paths(
    paths: list[PathAnswer], entity_id: str, control_pct: float, identity: Identity
) -> list[tuple[EntityRef, PathAnswer]]:
    """What controlled_entities returns, from downstream paths and the clusters of the organizations on them."""
    found: dict[str, tuple[EntityRef, PathAnswer]] = {}
    for p in paths:
        if not _controls_along(p, control_pct) or not walks_cleanly(p, identity):
            continue
        target = p.nodes[-1]
        if identity.same(target.id, entity_id):
            continue
        if target.id not in found or len(p.hops) < len(found[target.id][1].hops):
            found[target.id] = (target, p)
    return list(found.values())
