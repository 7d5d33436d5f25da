"""The whole due-diligence answer for one entity: controllers, funding, proximity, ties and risk.

Each question works alone (queries.control.controllers and the others), but asked together they share one
IdentityCache, and the paths around the entity are fetched first so that the graph is asked about the SAME_AS
clusters of everything they reach in one lookup; the funders' clusters, known only once the funding is, make the
second. Asked one by one the questions make four to seven such lookups (bench/investigations.py measures both).
Each answer fills the CheckResult field of one registered question (queries/questions.py); tests/check_parts.py
holds each to the question asked alone.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from graph.store import GraphStore
from queries.answers import CheckResult, NameSet
from queries.control import (
    controlled_from_paths,
    controllers_from_paths,
    downstream_paths,
    flag_foreign,
    upstream_paths,
)
from queries.display import display
from queries.exceptions import reporting_exceptions
from queries.funding import funding
from queries.identity import IdentityCache, organizations_on
from queries.people import person_roles
from queries.profiles import Profile
from queries.proximity import listing_paths, proximity_from_paths
from queries.risk import assess
from queries.target import find
from queries.ties import partners, tie_rows, ties_from_rows


def check(
    store: GraphStore,
    text: str,
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
) -> CheckResult:
    """The answer as of a date: today unless asked otherwise, so ties that ended do not count as current.
    `identities` is a fresh IdentityCache unless the caller wants to read how often the graph was asked."""
    as_of = as_of or date.today().isoformat()
    entity = find(store, text)
    pct = profile.thresholds.control_pct
    upstream = upstream_paths(store, [entity.id], as_of)[entity.id]
    downstream = downstream_paths(store, entity.id, as_of)
    listings = listing_paths(store, entity.id, as_of)
    research = tie_rows(store, entity.id, as_of)
    identities = IdentityCache() if identities is None else identities
    identity = identities.around(
        store,
        [
            entity.id,
            *organizations_on(upstream),
            *organizations_on(downstream),
            *listings.organizations(),
            *partners(research),
        ],
    )
    owners = flag_foreign(controllers_from_paths(upstream, pct, identity), profile)
    controlled = controlled_from_paths(downstream, entity.id, pct, identity)
    money = funding(store, entity.id, profile, as_of, identities, controlled)
    near = proximity_from_paths(listings, profile, identity)
    tied = ties_from_rows(research, entity.id, profile, identity)
    exceptions = reporting_exceptions(store, identity.members(entity.id))
    roles = person_roles(store, entity.id, as_of) if entity.label == "Person" else []
    # Names people recognise, before risk quotes them: each organization and person by its cluster's display name.
    names = display(store, [entity, owners, money, near, tied, roles], identities.around(store, [entity.id]))
    shown = names.get(entity.id)
    return CheckResult(
        entity=entity,
        names=NameSet(**asdict(shown)) if shown is not None else NameSet(display=entity.name),
        roles=roles,
        as_of=as_of,
        controllers=owners,
        funding=money,
        proximity=near,
        ties=tied,
        reporting_exceptions=exceptions,
        risk=assess(owners, money, near, tied, profile, exceptions),
    )
