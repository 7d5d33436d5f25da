"""One assertion shared by the investigation tests: a whole check answers as each of its questions asked alone
(check fetches paths first and shares one IdentityCache; that must never change an answer). A check names every
organization by the display-name rule (docs/names.md); the questions asked alone are named by it the same way."""

from __future__ import annotations

from graph.store import GraphStore
from queries.answers import CheckResult
from queries.control import controllers
from queries.display import display, refs_in
from queries.funding import funding
from queries.identity import identity_of
from queries.profiles import Profile
from queries.proximity import proximity
from queries.ties import ties


def assert_answers_as_asked_alone(
    store: GraphStore, result: CheckResult, entity_id: str, profile: Profile, as_of: str
) -> None:
    alone = controllers(store, entity_id, as_of, control_pct=profile.thresholds.control_pct)
    for owner in alone:
        owner.foreign = profile.is_foreign(owner.country)
    money = funding(store, entity_id, profile, as_of)
    near = proximity(store, entity_id, profile, as_of)
    tied = ties(store, entity_id, profile, as_of)
    answers = [alone, money, near, tied]
    display(store, answers, identity_of(store, {r.id for a in answers for r in refs_in(a)} | {entity_id}))
    assert result.controllers == alone
    assert result.funding == money
    assert result.proximity == near
    assert result.ties == tied
