"""One assertion shared by the investigation tests: a whole check answers as each of its questions asked alone
(check fetches paths first and shares one IdentityCache; that must never change an answer). A check names every
organization by the display-name rule (docs/names.md); the questions asked alone are named by it the same way.
The questions are the registry's (queries/questions.py), so a new question is held to this without a change here."""

from __future__ import annotations

from graph.store import GraphStore
from queries.answers import CheckResult
from queries.check import check, check_entities
from queries.display import display, refs_in
from queries.identity import identity_of
from queries.profiles import Profile
from queries.questions import QUESTIONS
from queries.target import entities_of


def assert_answers_as_asked_alone(
    store: GraphStore, result: CheckResult, entity_id: str, profile: Profile, as_of: str
) -> None:
    alone = {q.name: q.ask(store, entity_id, profile, as_of) for q in QUESTIONS}
    answers = list(alone.values())
    display(store, answers, identity_of(store, {r.id for a in answers for r in refs_in(a)} | {entity_id}))
    for name, answer in alone.items():
        assert getattr(result, name) == answer, f"{name}: the check's answer differs from the question asked alone"


def assert_checked_together_as_alone(store: GraphStore, wanted: list[str], profile: Profile, as_of: str) -> None:
    """Screening asks for the risks of a list's organizations together (queries.check.check_entities: each question
    once for all of them); every answer is the one a check of that entity alone gives."""
    known = entities_of(store, [*wanted, "no-such-entity"])
    assert list(known) == wanted  # in the order asked, the missing id left out
    together = check_entities(store, list(known.values()), profile, as_of=as_of)
    assert [r.entity.id for r in together] == wanted
    for result in together:
        assert result == check(store, result.entity.id, profile, as_of=as_of), result.entity.id
