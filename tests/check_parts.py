"""One assertion shared by the investigation tests: a whole check answers as each of its questions asked alone
(check fetches paths first and shares one IdentityCache; that must never change an answer)."""

from __future__ import annotations

from graph.store import GraphStore
from queries.answers import CheckResult
from queries.control import controllers
from queries.funding import funding
from queries.profiles import Profile
from queries.proximity import proximity
from queries.ties import ties


def assert_answers_as_asked_alone(
    store: GraphStore, result: CheckResult, entity_id: str, profile: Profile, as_of: str
) -> None:
    alone = controllers(store, entity_id, as_of, control_pct=profile.thresholds.control_pct)
    for owner in alone:
        owner.foreign = profile.is_foreign(owner.country)
    assert result.controllers == alone
    assert result.funding == funding(store, entity_id, profile, as_of)
    assert result.proximity == proximity(store, entity_id, profile, as_of)
    assert result.ties == ties(store, entity_id, profile, as_of)
