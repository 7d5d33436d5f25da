"""The whole due-diligence answer for entities: controllers, funding, proximity, ties and risk.

Each question works alone (queries.control.controllers and the others), but asked together they share one
IdentityCache and one Neighbourhood (queries/walks.py: the ownership steps around the entity, fetched once for
controllers, controlled and proximity), and the paths around the entity are fetched first so that the graph is
asked about the SAME_AS clusters of everything they reach in one lookup; the funders' clusters, known only once the
funding is, make the second. Asked one by one the questions make four to seven such lookups (bench/investigations.py
measures both).

`check_entities` answers many entities with each question asked once for all of them (screening asks for the risk of
every organization a list matched: BENCHMARKS.md); `check` is the same for one. Their clusters are read together,
so an entity's answer may know a longer SAME_AS chain than it would alone (one found through another's records).
Each answer fills the CheckResult field of one registered question (queries/questions.py); tests/check_parts.py
holds each to the question asked alone.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from graph.store import GraphStore
from queries.answers import CheckResult, EntityRef, NameSet
from queries.control import DEFAULT_MAX_HOPS as CONTROL_HOPS
from queries.control import (
    controlled_from_paths,
    controllers_from_paths,
    downstream_paths_of,
    flag_foreign,
    upstream_paths,
)
from queries.display import display
from queries.exceptions import reporting_exceptions_of
from queries.funding import funding_of
from queries.identity import IdentityCache, organizations_on
from queries.people import person_roles
from queries.profiles import Profile
from queries.proximity import DEFAULT_MAX_HOPS as PROXIMITY_HOPS
from queries.proximity import listing_paths_of, proximity_from_paths
from queries.risk import assess
from queries.target import find
from queries.ties import partners, tie_rows_of, ties_from_rows
from queries.walks import Neighbourhood, around, downstream, upstream


def check(
    store: GraphStore,
    text: str,
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
) -> CheckResult:
    """The answer as of a date: today unless asked otherwise, so ties that ended do not count as current.
    `identities` is a fresh IdentityCache unless the caller wants to read how often the graph was asked."""
    return check_entities(store, [find(store, text)], profile, as_of, identities)[0]


def check_entities(
    store: GraphStore,
    entities: list[EntityRef],
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
) -> list[CheckResult]:
    """The answers for these entities (found in the graph: queries.target), in their order."""
    as_of = as_of or date.today().isoformat()
    ids = list(dict.fromkeys(e.id for e in entities))
    pct = profile.thresholds.control_pct
    hood = Neighbourhood(store, as_of)
    # The three ownership walks' steps, a level of all three per query; the questions below find them fetched.
    walks = (upstream(CONTROL_HOPS), downstream(CONTROL_HOPS), around(PROXIMITY_HOPS))
    hood.reach_all((ids, walk.way, walk.max_steps) for walk in walks)
    upstream_of = upstream_paths(store, ids, as_of, hood=hood)
    downstream_of = downstream_paths_of(store, ids, as_of, hood)
    listings = listing_paths_of(store, ids, as_of, hood=hood)
    research = tie_rows_of(store, ids, as_of)
    identities = IdentityCache() if identities is None else identities
    reached = [*ids]
    for i in ids:
        reached += [*organizations_on(upstream_of[i]), *organizations_on(downstream_of[i])]
        reached += [*listings[i].organizations(), *partners(research[i])]
    identity = identities.around(store, reached)
    owners = {i: flag_foreign(controllers_from_paths(upstream_of[i], pct, identity), profile) for i in ids}
    controlled = {i: controlled_from_paths(downstream_of[i], i, pct, identity) for i in ids}
    money = funding_of(store, ids, profile, as_of, identities, controlled)
    near = {i: proximity_from_paths(listings[i], profile, identity) for i in ids}
    tied = {i: ties_from_rows(research[i], i, profile, identity) for i in ids}
    exceptions = reporting_exceptions_of(store, {i: identity.members(i) for i in ids})
    roles = {e.id: person_roles(store, e.id, as_of) if e.label == "Person" else [] for e in entities}
    # Names people recognise, before risk quotes them: each organization and person by its cluster's display name.
    parts = [[e, owners[e.id], money[e.id], near[e.id], tied[e.id], roles[e.id]] for e in entities]
    names = display(store, [part for answer in parts for part in answer], identities.around(store, ids))
    results = []
    for entity in entities:
        i = entity.id
        shown = names.get(i)
        results.append(
            CheckResult(
                entity=entity,
                names=NameSet(**asdict(shown)) if shown is not None else NameSet(display=entity.name),
                roles=roles[i],
                as_of=as_of,
                controllers=owners[i],
                funding=money[i],
                proximity=near[i],
                ties=tied[i],
                reporting_exceptions=exceptions[i],
                risk=assess(owners[i], money[i], near[i], tied[i], profile, exceptions[i]),
            )
        )
    return results
