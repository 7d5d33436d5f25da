"""Risk as pure functions: each factor, the level-rule table, and the as-of rule for unknown listing dates.

The listings below are shaped after real ones of the demo data (tests/fixtures/opensanctions/zala-cluster.ftm.jsonl:
CST LLC on the BIS Entity List since 2023-11-02 and on OFAC's SDN list by its record's topics, date unknown;
its owner Zakharov on the SDN list), so the numbers are the ones a user sees for them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from queries import profiles
from queries.answers import Controller, EntityRef, Funding, Hop, PathAnswer, Proximity, Source
from queries.profiles import ListWeight
from queries.proximity import list_ref, weigh
from queries.risk import LEVEL_FLOOR, LEVEL_RULES, assess, level_for, level_rules, watchlist_factor

US = profiles.load("us-research-security")
CN = profiles.load("cn-biosecurity")
NO_MONEY = Funding(
    currency="USD", rates_date="2024-12-31", total=0, foreign_total=0, foreign_share=None, unconverted=0,
    by_funder=[], by_funder_country=[], by_ultimate_country=[], flows=[],
)  # fmt: skip
CST = EntityRef(id="cst", name="LLC CST", country="RU", kind="company")
ZAKHAROV = EntityRef(id="zakharov", name="Aleksandr Vyacheslavovich Zakharov", country="RU")


def listing(listed: EntityRef, list_id: str, hops: int, weight: ListWeight, since: str | None = None) -> Proximity:
    ref = list_ref({"id": f"list-{list_id}", "listId": list_id}, {})
    return Proximity(
        listed=listed, watchlist=EntityRef(id=f"list-{list_id}", name=ref.title), list=ref, hops=hops,
        counts_under_profile=weight is ListWeight.COUNTED, weight=weight.value, listed_from=since,
        path=PathAnswer(nodes=[listed], hops=[]),
    )  # fmt: skip


def controller(who: EntityRef, controls: bool) -> Controller:
    return Controller(
        **who.model_dump(), effective_pct=51.0 if controls else 10.0, controls=controls, is_ultimate=controls,
        paths=[PathAnswer(nodes=[who], hops=[])],
    )  # fmt: skip


def test_levels_read_from_the_score() -> None:
    assert [level_for(s) for s in (0, 24, 25, 49, 50, 74, 75, 100)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical",
    ]  # fmt: skip


def test_every_rule_lifts_the_score_into_its_level() -> None:
    for level, floor in LEVEL_RULES.values():
        assert level_for(floor) == level and floor >= LEVEL_FLOOR[level]


def test_a_direct_counted_listing_is_critical_with_a_critical_score() -> None:
    # CETC 13 was "CRITICAL 30/100": the level and the score now agree.
    near = [listing(CST, "us.bis.entity_list", 0, ListWeight.COUNTED, "2023-11-02")]
    risk = assess([], NO_MONEY, near, [], US)
    assert (risk.level, risk.score) == ("critical", 90)
    assert [r.rule for r in risk.rules] == ["listed_on_counted_list"]
    assert "US BIS Entity List since 2023-11-02" in risk.rules[0].evidence[0]["summary"]


def test_control_by_a_listed_owner_is_high_at_least() -> None:
    near = [listing(ZAKHAROV, "us.ofac.sdn", 1, ListWeight.COUNTED)]
    risk = assess([controller(ZAKHAROV, controls=True)], NO_MONEY, near, [], US)
    assert risk.level == "high" and risk.score >= 60
    assert [r.rule for r in risk.rules] == ["controlled_by_listed"]


def test_a_unit_of_a_listed_university_is_high_at_least() -> None:
    # ROR: "State Key Laboratory of ..." -PART_OF-> Harbin Institute of Technology, on the BIS Entity List
    lab = EntityRef(id="lab", name="HIT laboratory", country="CN")
    hit = EntityRef(id="hit", name="Harbin Institute of Technology", country="CN")
    source = Source(dataset="ror")
    up = Hop(type="PART_OF", start="lab", end="hit", source=source)
    listed = Hop(type="LISTED_ON", start="hit", end="list-us.bis.entity_list", source=source)
    near = listing(hit, "us.bis.entity_list", 1, ListWeight.COUNTED)
    near.path = PathAnswer(nodes=[lab, hit, near.watchlist], hops=[up, listed])
    risk = assess([], NO_MONEY, [near], [], US)
    assert risk.level == "high" and [r.rule for r in risk.rules] == ["unit_of_listed"]
    # the other way round: the university of a listed lab is not a unit of it
    listed_lab = listing(lab, "us.bis.entity_list", 1, ListWeight.COUNTED)
    lab_listed = Hop(type="LISTED_ON", start="lab", end="list-us.bis.entity_list", source=source)
    listed_lab.path = PathAnswer(nodes=[hit, lab, listed_lab.watchlist], hops=[up, lab_listed])
    assert [r.rule for r in assess([], NO_MONEY, [listed_lab], [], US).rules] == []


def test_a_listed_minority_owner_sets_no_rule() -> None:
    near = [listing(ZAKHAROV, "us.ofac.sdn", 1, ListWeight.COUNTED)]
    assert level_rules([controller(ZAKHAROV, controls=False)], near) == []


def test_a_listing_on_another_jurisdictions_sanctions_list_is_high() -> None:
    # ZALA AERO JSC: on Ukraine's NSDC and GUR lists only (zala-cluster), none of which the US profile counts
    near = [listing(CST, "ua.nsdc", 0, ListWeight.UNCOUNTED, "2022-04-08")]
    risk = assess([], NO_MONEY, near, [], US)
    assert risk.level == "high" and risk.score == 60
    assert [r.rule for r in risk.rules] == ["sanctioned_elsewhere"]
    assert watchlist_factor(near, US).value == pytest.approx(US.uncounted_weight)


def test_a_listing_on_an_uncounted_export_control_list_is_medium() -> None:
    near = [listing(CST, "jp.meti.eul", 0, ListWeight.UNCOUNTED)]
    risk = assess([], NO_MONEY, near, [], US)
    assert risk.level == "medium" and risk.score == 25
    assert [r.rule for r in risk.rules] == ["listed_on_other_list"]


def test_information_listings_are_shown_never_weighed() -> None:
    near = [listing(CST, "us.bis.entity_list", 0, ListWeight.INFORMATION)]
    factor = watchlist_factor(near, CN)
    assert factor.value == 0 and factor.evidence == []
    assert "1 listing(s) shown as information only" in factor.explanation
    assert assess([], NO_MONEY, near, [], CN).level == "low"


def test_the_us_profile_counts_the_nsf_letter_lists_and_sdn() -> None:
    assert US.list_weight("us.dow.1286", None, None) is ListWeight.COUNTED
    assert US.list_weight("us.ofac.sdn", None, None) is ListWeight.COUNTED
    assert US.list_weight("gb.fcdo", None, None) is ListWeight.UNCOUNTED
    # a graph loaded before the catalogue: the program still names the BIS Entity List
    assert US.list_weight(None, "US-BIS-EL", "Entity List (EL) - Bureau of Industry and Security") is ListWeight.COUNTED


def test_the_cn_profile_counts_chinas_lists_and_shows_foreign_designations_of_chinese_entities() -> None:
    assert CN.list_weight("cn.mofcom.uel", None, None, listed_country="US") is ListWeight.COUNTED
    assert CN.list_weight("us.bis.entity_list", None, None, listed_country="CN") is ListWeight.INFORMATION
    assert CN.list_weight("us.bis.entity_list", None, None, listed_country="RU") is ListWeight.UNCOUNTED
    # and the US profile the same way round: China's Unreliable Entity List naming Illumina, Inc.
    assert US.list_weight("cn.mofcom.uel", None, None, listed_country="US") is ListWeight.INFORMATION


def test_unknown_listing_dates_under_a_past_as_of_are_information() -> None:
    ref = list_ref({"id": "list-us.ofac.sdn", "listId": "us.ofac.sdn"}, {})
    past = "2010-01-01"
    kind, note = weigh(US, {"country": "RU"}, ref, {"validFrom": None}, past)
    assert kind is ListWeight.INFORMATION and note is not None and "date unknown" in note
    assert weigh(US, {"country": "RU"}, ref, {"validFrom": "2022-02-24"}, past)[0] is ListWeight.COUNTED
    today = date.today().isoformat()
    assert weigh(US, {"country": "RU"}, ref, {"validFrom": None}, today)[0] is ListWeight.COUNTED
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert weigh(US, {"country": "RU"}, ref, {"validFrom": None}, tomorrow)[0] is ListWeight.COUNTED


def test_list_titles_come_from_the_catalogue_not_the_record() -> None:
    # The demo's records named lists "Reciprocal (Reciprocal)", "La Principauté de Monaco", "761/2024".
    monaco = list_ref(
        {"id": "list-mc.fund_freezes", "name": "La Principauté de Monaco", "listId": "mc.fund_freezes"}, {}
    )
    assert monaco.title == "Monaco asset freezes"
    unknown = list_ref({"id": "x", "name": "Some list", "authority": "Somebody"}, {})
    assert (unknown.id, unknown.title) == (None, "Some list")  # a list the catalogue does not know keeps its name
    nsdc = list_ref({"id": "list-ua.nsdc", "listId": "ua.nsdc"}, {"program": "761/2024"})
    assert nsdc.title == "Ukraine NSDC Sanctions (761/2024)"
    sam = list_ref({"id": "list-us.sam.exclusions", "listId": "us.sam.exclusions"}, {"program": "Reciprocal"})
    assert sam.title == "US SAM.gov Exclusions (Reciprocal)"
