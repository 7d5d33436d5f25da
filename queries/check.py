"""The whole due-diligence answer for one entity: controllers, funding, proximity, ties and risk."""

from __future__ import annotations

from datetime import date

from graph.store import GraphStore
from queries.answers import CheckResult
from queries.control import controllers
from queries.funding import funding
from queries.profiles import Profile
from queries.proximity import proximity
from queries.risk import assess
from queries.target import find
from queries.ties import ties


def check(store: GraphStore, text: str, profile: Profile, as_of: str | None = None) -> CheckResult:
    """The answer as of a date: today unless asked otherwise, so ties that ended do not count as current."""
    as_of = as_of or date.today().isoformat()
    entity = find(store, text)
    owners = controllers(store, entity.id, as_of, control_pct=profile.thresholds.control_pct)
    for owner in owners:
        owner.foreign = profile.is_foreign(owner.country)
    money = funding(store, entity.id, profile, as_of)
    near = proximity(store, entity.id, profile, as_of)
    research = ties(store, entity.id, profile, as_of)
    return CheckResult(
        entity=entity,
        as_of=as_of,
        controllers=owners,
        funding=money,
        proximity=near,
        ties=research,
        risk=assess(owners, money, near, research, profile),
    )
