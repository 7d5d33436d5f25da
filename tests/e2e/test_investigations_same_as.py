"""Investigations see through resolution: records of one organization in two sources are one organization.

The graph (tests/fixtures/graphs/twins.yml) holds, for each shape, records from two sources joined by SAME_AS
judgements; the answers below were worked out by hand.
"""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from queries import profiles
from queries.answers import Controller
from queries.check import check
from queries.control import controlled_entities, controllers
from queries.funding import funding
from queries.identity import IdentityCache
from queries.proximity import proximity
from queries.ties import ties
from tests.check_parts import assert_answers_as_asked_alone, assert_checked_together_as_alone
from tests.graphs import load_graph

US = profiles.load("us-research-security")


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "twins", "tw", name_suffix=" Osprey")


def found(answers: list[Controller], ids: dict[str, str]) -> dict[str, Controller]:
    reverse = {v: k for k, v in ids.items()}
    return {reverse[c.id]: c for c in answers}


def test_a_chain_split_across_two_sources_is_followed_through_the_twin(store: GraphStore, ids: dict[str, str]) -> None:
    owners = found(controllers(store, ids["x"]), ids)
    assert set(owners) == {"p", "q"}  # P and P' are one controller, not two
    p, q = owners["p"], owners["q"]
    assert p.effective_pct == 60.0 and [r.id for r in p.same_as] == [ids["p_b"]]
    assert q.effective_pct == pytest.approx(48.0)  # 60 % x (P = P') x 80 %
    assert q.controls and q.is_ultimate and p.controls and not p.is_ultimate
    [path] = q.paths
    assert [n.id for n in path.nodes] == [ids["x"], ids["p"], ids["p_b"], ids["q"]]
    assert [h.type for h in path.hops] == ["OWNS", "SAME_AS", "OWNS"]
    same_as_step = path.hops[1]
    assert same_as_step.judgement == "auto" and same_as_step.evidence == "name 0.95"


def test_a_holding_both_sources_record_counts_once(store: GraphStore, ids: dict[str, str]) -> None:
    owners = found(controllers(store, ids["y"]), ids)
    assert set(owners) == {"r"}  # R and R' are one owner
    owner = owners["r"]
    assert owner.effective_pct == 100.0  # not 200 %: one holding, recorded twice
    assert [c.id for c in owner.same_as] == [ids["r_b"]]
    # The most recent record of the holding explains it (source B's, from 2018).
    [path] = owner.paths
    assert [h.valid_from for h in path.hops if h.type == "OWNS"] == ["2018-01-01"]


def test_a_rejected_pair_is_never_crossed(store: GraphStore, ids: dict[str, str]) -> None:
    owners = found(controllers(store, ids["z"]), ids)
    assert set(owners) == {"s"}  # T owns S', which a person said is not S


def test_controlled_entities_are_reached_through_a_twin_and_exclude_the_entity_itself(
    store: GraphStore, ids: dict[str, str]
) -> None:
    reached = {ref.id for ref, _ in controlled_entities(store, ids["q"])}
    assert reached == {ids["p_b"], ids["x"]}  # Q -> P' = P -> X; P' itself is the record Q owns
    assert ids["y_b"] in {ref.id for ref, _ in controlled_entities(store, ids["r"])}
    assert all(not ref.id.endswith("-r_b") for ref, _ in controlled_entities(store, ids["r"]))


def test_a_listing_of_the_parents_other_record_is_one_hop_away(store: GraphStore, ids: dict[str, str]) -> None:
    [near] = proximity(store, ids["w"], US, as_of="2026-01-01")
    assert near.listed.id == ids["l_b"] and near.hops == 1 and near.counts_under_profile
    assert [h.type for h in near.path.hops] == ["OWNS", "SAME_AS", "LISTED_ON"]


def test_funding_of_both_records_from_one_funder_under_two_records(store: GraphStore, ids: dict[str, str]) -> None:
    money = funding(store, ids["m"], US, as_of="2026-01-01")
    assert sorted((f.funder.id, f.recipient.id, f.amount) for f in money.flows) == [
        (ids["f"], ids["m_b"], 1000),
        (ids["f_b"], ids["m"], 500),
    ]
    [group] = money.by_funder  # one funder, known under two records
    assert group.amount == 1500.0 and group.flows == 2
    assert group.key == f"Twin Foreign Funder Osprey [{ids['f']}]"
    assert money.foreign_total == 1500.0


def test_ties_count_a_partner_listed_under_its_other_record_and_not_the_entity_itself(
    store: GraphStore, ids: dict[str, str]
) -> None:
    [tie] = ties(store, ids["m"], US, as_of="2026-01-01")  # pub_self joins two records of M: no tie
    assert tie.kind == "co_publication" and tie.other.id == ids["partner"]
    assert tie.listed and tie.foreign


def test_the_check_sees_through_records_from_the_subsidiary(store: GraphStore, ids: dict[str, str]) -> None:
    result = check(store, ids["w"], US, as_of="2026-01-01")
    assert [c.id for c in result.controllers] == [ids["l"]]
    assert result.controllers[0].same_as == []  # L' owns nothing itself, so no ownership path passes through it
    names = {f.name for f in result.risk.factors if f.value > 0}
    assert "watchlist_proximity" in names and "foreign_control" in names


@pytest.mark.parametrize("name", ["x", "y", "z", "w", "m", "q", "r", "partner"])
def test_the_check_asks_for_clusters_at_most_twice_and_answers_as_each_question_alone(
    store: GraphStore, ids: dict[str, str], name: str
) -> None:
    entity_id, as_of = ids[name], "2026-01-01"
    identities = IdentityCache()
    result = check(store, entity_id, US, as_of=as_of, identities=identities)
    assert 1 <= identities.lookups <= 2  # the entity's neighbourhood, then its funders (asked alone: up to 7)
    assert_answers_as_asked_alone(store, result, entity_id, US, as_of)


def test_a_shared_cache_asks_about_each_record_once(store: GraphStore, ids: dict[str, str]) -> None:
    identities = IdentityCache()
    first = controllers(store, ids["x"], identities=identities)
    assert identities.lookups == 1
    assert controllers(store, ids["x"], identities=identities) == first
    assert identities.lookups == 1  # every record on the paths was asked about already
    assert funding(store, ids["m"], US, "2026-01-01", identities) == funding(store, ids["m"], US, "2026-01-01")
    assert identities.lookups > 1


def test_many_entities_checked_together_answer_as_each_checked_alone(store: GraphStore, ids: dict[str, str]) -> None:
    assert_checked_together_as_alone(
        store, [ids[name] for name in ["x", "y", "z", "w", "m", "q", "r", "partner"]], US, "2026-01-01"
    )
