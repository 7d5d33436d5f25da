"""Investigations on a hand-built graph whose answers were worked out by hand (tests/fixtures/graphs)."""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from queries import profiles
from queries.check import check
from queries.control import controlled_entities, controllers
from queries.funding import funding
from queries.proximity import proximity
from queries.target import AmbiguousEntity, find
from queries.ties import ties
from tests.check_parts import assert_answers_as_asked_alone, assert_checked_together_as_alone
from tests.graphs import load_graph

US = profiles.load("us-research-security")
CN = profiles.load("cn-biosecurity")


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "kx", name_suffix=" Kestrel")


def by_name(found: list, ids: dict[str, str]) -> dict[str, object]:  # type: ignore[type-arg]
    reverse = {v: k for k, v in ids.items()}
    return {reverse[c.id]: c for c in found}


def test_chain_multiplies_shares_and_the_top_is_the_ultimate_controller(store: GraphStore, ids: dict[str, str]) -> None:
    found = by_name(controllers(store, ids["x"]), ids)
    a, b = found["a"], found["b"]
    assert a.effective_pct == 60.0 and a.controls and not a.is_ultimate  # type: ignore[attr-defined]
    assert b.effective_pct == pytest.approx(42.0) and b.controls and b.is_ultimate  # type: ignore[attr-defined]
    [path] = b.paths  # type: ignore[attr-defined]
    assert [n.id for n in path.nodes] == [ids["x"], ids["a"], ids["b"]]
    assert [h.share_pct for h in path.hops] == [60.0, 70.0]
    assert all(h.source.dataset == "fixture" and h.source.source_id for h in path.hops)


def test_diamond_adds_both_chains(store: GraphStore, ids: dict[str, str]) -> None:
    found = by_name(controllers(store, ids["y"]), ids)
    r = found["r"]
    assert r.effective_pct == pytest.approx(70.0)  # 50% x 100% + 50% x 40%  # type: ignore[attr-defined]
    assert len(r.paths) == 2  # type: ignore[attr-defined]
    assert not r.controls  # no step of either chain is a majority all the way  # type: ignore[attr-defined]


def test_cycle_is_walked_once(store: GraphStore, ids: dict[str, str]) -> None:
    found = by_name(controllers(store, ids["z"]), ids)
    assert set(found) == {"c", "d", "e"}
    assert found["c"].effective_pct == pytest.approx(80.0)  # type: ignore[attr-defined]
    assert found["d"].effective_pct == pytest.approx(24.0)  # 30% x 80%  # type: ignore[attr-defined]
    assert found["e"].effective_pct == pytest.approx(24.0)  # 100% x 30% x 80%  # type: ignore[attr-defined]
    assert found["c"].controls and found["c"].is_ultimate  # type: ignore[attr-defined]
    assert not found["e"].controls  # type: ignore[attr-defined]


def test_ranges_are_carried_as_min_max(store: GraphStore, ids: dict[str, str]) -> None:
    found = by_name(controllers(store, ids["w"]), ids)
    assert found["f"].effective_pct is None and found["f"].effective_pct_range == [25.0, 50.0]  # type: ignore[attr-defined]
    assert found["g"].effective_pct_range == [pytest.approx(18.75), pytest.approx(50.0)]  # type: ignore[attr-defined]
    assert not found["f"].controls  # type: ignore[attr-defined]


def test_control_without_equity(store: GraphStore, ids: dict[str, str]) -> None:
    [h] = controllers(store, ids["v"])
    assert h.id == ids["h"] and h.controls and h.is_ultimate and h.effective_pct is None
    assert h.paths[0].hops[0].control_type == "golden_share"


def test_as_of_selects_the_owner_of_the_day(store: GraphStore, ids: dict[str, str]) -> None:
    assert [c.id for c in controllers(store, ids["u"], as_of="2018-06-30")] == [ids["i"]]
    assert [c.id for c in controllers(store, ids["u"], as_of="2024-06-30")] == [ids["j"]]
    assert {c.id for c in controllers(store, ids["u"])} == {ids["i"], ids["j"]}  # no date: all of history


def test_funding_converts_currencies_and_sees_through_domestic_subsidiaries(
    store: GraphStore, ids: dict[str, str]
) -> None:
    money = funding(store, ids["m"], US, as_of="2025-01-01")
    flows = {(f.kind, {v: k for k, v in ids.items()}[f.funder.id]): f for f in money.flows}
    assert set(flows) == {
        ("grant", "k"),
        ("grant", "o"),
        ("monetary", "n"),
        ("monetary", "o"),
        ("equipment", "donor"),
        ("grant", "n"),
    }
    k = flows[("grant", "k")]
    assert k.funder.country == "US" and k.funder_ultimate_country == "CN" and k.foreign
    assert flows[("grant", "o")].amount_converted == pytest.approx(1_000_000 / 163.06 * 1.0389, abs=0.01)
    assert flows[("monetary", "n")].amount_converted == pytest.approx(1000 / 0.82918 * 1.0389, abs=0.01)
    assert flows[("monetary", "o")].amount_converted is None and money.unconverted == 1  # KRW has no rate
    # The lab M owns is funded too: its grant counts as M's funding, via the lab.
    assert flows[("grant", "n")].recipient.id == ids["sub"]
    assert flows[("grant", "n")].amount_converted == pytest.approx(5000 * 1.0389, abs=0.01)
    expected_total = 100_000 + 1_000_000 / 163.06 * 1.0389 + 1000 / 0.82918 * 1.0389 + 250_000 + 5000 * 1.0389
    assert money.total == pytest.approx(expected_total, abs=0.05)
    assert money.foreign_total == pytest.approx(expected_total - 0, abs=0.05)  # every funder is foreign or CN-owned
    assert money.by_ultimate_country[0].key == "CN"
    assert money.rates_date == "2024-12-31"


def test_funding_is_relative_to_the_home_jurisdiction(store: GraphStore, ids: dict[str, str]) -> None:
    money = funding(store, ids["m"], CN, as_of="2025-01-01")
    foreign = {f.funder.id for f in money.flows if f.foreign}
    assert ids["k"] in foreign  # a US company is foreign to China
    assert ids["donor"] not in foreign  # a Chinese donor is domestic
    assert money.currency == "CNY"


def test_proximity_finds_the_listed_parent_of_a_funder(store: GraphStore, ids: dict[str, str]) -> None:
    [near] = [p for p in proximity(store, ids["m"], US) if p.listed.id == ids["l"]]
    assert near.hops == 3 and near.counts_under_profile and near.program == "US-BIS-EL"
    assert [n.id for n in near.path.nodes] == [ids["m"], ids["grant_k"], ids["k"], ids["l"], ids["list"]]
    assert proximity(store, ids["m"], US, max_hops=2) == []
    [itself] = proximity(store, ids["l"], US)[:1]
    assert itself.hops == 0


def test_ties_flag_sensitive_foreign_equipment_and_co_publications(store: GraphStore, ids: dict[str, str]) -> None:
    found = ties(store, ids["m"], US)
    equipment = [t for t in found if t.kind == "equipment"]
    [sequencer] = equipment
    assert sequencer.sensitive == ["sequencer", "sequencing"] and sequencer.foreign
    assert sequencer.details["vendor"] == "Sequencer Vendor Kestrel" and sequencer.details["vendorCountry"] == "CN"
    [paper] = [t for t in found if t.kind == "co_publication"]
    assert paper.other is not None and paper.other.id == ids["s"] and paper.foreign


def test_check_assembles_everything_with_evidence(store: GraphStore, ids: dict[str, str]) -> None:
    result = check(store, ids["m"], US, as_of="2025-01-01")
    assert result.entity.id == ids["m"]
    factors = {f.name: f for f in result.risk.factors}
    assert factors["watchlist_proximity"].value == pytest.approx(0.4)
    assert factors["foreign_funding"].value == 1.0  # all foreign, and some from a country of concern
    assert factors["sensitive_exposure"].value == 1.0
    assert factors["flagged_equipment"].value == 0.7  # donor and vendor in a country of concern
    assert factors["foreign_control"].value == 0.0 and not factors["foreign_control"].evidence
    assert all(f.evidence for f in result.risk.factors if f.value > 0)
    expected = round(30 * 0.4 + 20 * 1.0 + 10 * 1.0 + 10 * 0.7 + 5 * factors["data_quality"].value)
    assert result.risk.score == expected
    assert result.risk.level == ("high" if expected >= 50 else "medium")
    dumped = result.model_dump()
    assert set(dumped) == {
        "entity", "names", "roles", "as_of", "controllers", "funding", "proximity", "ties",
        "reporting_exceptions", "risk",
    }  # fmt: skip


def test_entities_are_found_by_id_identifier_or_name(store: GraphStore, ids: dict[str, str]) -> None:
    assert find(store, ids["m"]).id == ids["m"]
    assert find(store, "Funded Research Institute Kestrel").id == ids["m"]
    with pytest.raises(AmbiguousEntity) as many:
        find(store, "Cycle Kestrel")
    assert {c.id for c, _ in many.value.candidates} >= {ids["c"], ids["d"]}


def test_controlled_entities_follow_majority_chains_down(store: GraphStore, ids: dict[str, str]) -> None:
    assert [(ref.id, len(path.hops)) for ref, path in controlled_entities(store, ids["m"])] == [(ids["sub"], 1)]
    # B controls A (70%) which controls X (60%): both are B's; Y's owners hold 50% each, which is not control.
    assert {ref.id for ref, _ in controlled_entities(store, ids["b"])} == {ids["a"], ids["x"]}
    assert controlled_entities(store, ids["p"]) == []


@pytest.mark.parametrize("name", ["x", "y", "z", "w", "v", "u", "m", "k", "sub"])
@pytest.mark.parametrize("profile", [US, CN], ids=lambda p: p.name)
def test_the_check_answers_as_each_question_asked_alone(
    store: GraphStore, ids: dict[str, str], name: str, profile: profiles.Profile
) -> None:
    # check fetches the paths first and shares one IdentityCache; the answers must not change for it.
    entity_id, as_of = ids[name], "2026-01-01"
    assert_answers_as_asked_alone(store, check(store, entity_id, profile, as_of=as_of), entity_id, profile, as_of)


def test_many_entities_checked_together_answer_as_each_checked_alone(store: GraphStore, ids: dict[str, str]) -> None:
    assert_checked_together_as_alone(
        store,
        [ids[name] for name in ["x", "y", "z", "w", "v", "u", "m", "k", "sub", "b", "l", "pat"]],
        US,
        "2026-01-01",
    )
