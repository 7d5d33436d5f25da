"""Rule evaluation is pure: facts in, findings out. Known answers per rule of the DoW decision matrix (March 2026)
for the factors the e2e graph does not hold (funding, countries of concern), and the date-window edges."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from queries import decision_rules
from queries.decision_rules import Action
from queries.researcher import date_range, evaluate, in_window, meets, person_ref
from queries.researcher_answers import Fact, FactKind, ListingRef, OrgRef, SourceRef

DOW = decision_rules.load("dow-decision-matrix-2026-03")
RULES = {r.id: r for r in DOW.rules}


def fact(kind: FactKind, day: str | None, list_id: str | None = None, country: str = "CN", **listing: str) -> Fact:
    listings = [ListingRef.model_validate({"list_id": list_id, "watchlist": "w", "listed": "o", **listing})]
    if not list_id:
        listings = []
    return Fact(
        kind=kind,
        detail="grant" if kind is FactKind.FUNDING else "affiliation",
        date=day,
        organization=OrgRef(id="o", name="Org", country=country),
        listings=listings,
        sources=[SourceRef(dataset="nih_reporter", source_id="R01XX")],
    )


def fired(facts: list[Fact], as_of: date) -> dict[str, Action]:
    return {f.rule: f.action for f in evaluate(DOW, facts, as_of) if f.action is not Action.NONE}


def test_funding_from_an_entity_list_organization_requires_mitigation() -> None:
    """COGR summary of the DoD matrix: funding from entities of concern -> dow.restricted.funding; the funder is in
    China, so dow.country_of_concern.funding (suggested) fires too; the overall is the most severe."""
    found = fired([fact(FactKind.FUNDING, "2023-04-01", "us.bis.entity_list")], date(2026, 6, 1))
    assert found == {
        "dow.restricted.funding": Action.MITIGATION_REQUIRED,
        "dow.country_of_concern.funding": Action.MITIGATION_SUGGESTED,
    }


def test_unlisted_funding_and_appointment_in_a_country_of_concern_suggest_mitigation() -> None:
    facts = [fact(FactKind.FUNDING, "2024-01-01"), fact(FactKind.APPOINTMENT, "2024-01-01", country="RU")]
    assert fired(facts, date(2026, 6, 1)) == {
        "dow.country_of_concern.funding": Action.MITIGATION_SUGGESTED,
        "dow.country_of_concern.appointment": Action.MITIGATION_SUGGESTED,
    }
    assert fired([fact(FactKind.FUNDING, "2024-01-01", country="CA")], date(2026, 6, 1)) == {}


def test_a_talent_program_needs_the_1286_table_2_listing_and_a_date_after_august_9_2024() -> None:
    rule = RULES["dow.talent_program"]
    table2 = "FY2024 Section 1286 list, Table 2: foreign talent recruitment programs"
    assert meets(rule, fact(FactKind.APPOINTMENT, "2024-08-09", "us.dow.1286", reason=table2), date(2026, 1, 1))
    assert not meets(rule, fact(FactKind.APPOINTMENT, "2024-08-08", "us.dow.1286", reason=table2), date(2026, 1, 1))
    table1 = "FY2024 Section 1286 list, Table 1: institutions with specified characteristics"
    assert not meets(rule, fact(FactKind.APPOINTMENT, "2025-01-01", "us.dow.1286", reason=table1), date(2026, 1, 1))


def test_the_five_year_window_edges() -> None:
    rule = RULES["dow.1286.coauthorship"]
    as_of = date(2026, 6, 1)
    assert in_window(rule, fact(FactKind.COAUTHORSHIP, "2021-06-01"), as_of)
    assert not in_window(rule, fact(FactKind.COAUTHORSHIP, "2021-05-31"), as_of)
    assert not in_window(rule, fact(FactKind.COAUTHORSHIP, "2026-06-02"), as_of)  # after the review date
    assert in_window(rule, fact(FactKind.COAUTHORSHIP, "2021"), as_of)  # a year overlapping the window counts
    assert in_window(rule, fact(FactKind.COAUTHORSHIP, None), as_of)  # undated: shown, not dropped


def test_equipment_before_the_effective_date_is_not_prohibited_but_still_shown() -> None:
    found = fired([fact(FactKind.EQUIPMENT, "2025-09-01", "us.dow.1260h")], date(2026, 6, 1))
    assert found == {"dow.restricted.equipment_in_use": Action.MITIGATION_REQUIRED}


def test_a_listing_that_ended_before_the_review_date_does_not_count() -> None:
    ended = fact(FactKind.COAUTHORSHIP, "2024-01-01", "us.bis.entity_list", valid_to="2025-01-01")
    assert fired([ended], date(2026, 6, 1)) == {}
    assert fired([ended], date(2024, 6, 1)) == {"dow.restricted.coauthorship": Action.MITIGATION_REQUIRED}


def test_dates_and_references() -> None:
    assert date_range("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_range("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_range("2024-12-05T00:00:00") == (date(2024, 12, 5), date(2024, 12, 5))
    assert date_range("unknown") is None
    assert person_ref("orcid:0000-0002-2733-068x") == (None, "0000-0002-2733-068X")
    assert person_ref("https://orcid.org/0000-0002-2733-0689") == (None, "0000-0002-2733-0689")
    assert person_ref("A5068542997") == ("openalex-A5068542997", None)
    assert person_ref("nih_reporter-abc") == ("nih_reporter-abc", None)


# ------------------------------------------------------------------------------------- known answers, rule by rule
NSF = decision_rules.load("nsf-dcl-2026-07-08")
SETS = {DOW.name: DOW, NSF.name: NSF}
TABLE2 = "FY2024 Section 1286 list, Table 2: foreign talent recruitment programs"
A, C, F, E = FactKind.APPOINTMENT, FactKind.COAUTHORSHIP, FactKind.FUNDING, FactKind.EQUIPMENT


class Case(NamedTuple):
    rule_set: str
    rule: str
    section: str  # words of the document section the rule cites, as its citation says them
    as_of: date
    meets: Fact  # a fact the rule counts (the known answer: the rule's action)
    misses: Fact  # the nearest fact it does not count (a day out of the window, another list, another country)


CASES = [
    Case("dow-decision-matrix-2026-03", "dow.1286.appointment", "Section 1286 list, or employees of such institutions",
         date(2026, 6, 1), fact(A, "2024-01-01", "us.dow.1286"), fact(A, "2021-05-31", "us.dow.1286")),
    Case("dow-decision-matrix-2026-03", "dow.1286.coauthorship", "published in the past 5 years",
         date(2026, 6, 1), fact(C, "2021-06-01", "us.dow.1286"), fact(C, "2021-06-01", "us.bis.entity_list")),
    Case("dow-decision-matrix-2026-03", "dow.restricted.coauthorship", "now expanded group of U.S. restricted lists",
         date(2026, 6, 1), fact(C, "2024-01-01", "us.bis.entity_list"), fact(C, "2021-05-31", "us.bis.entity_list")),
    Case("dow-decision-matrix-2026-03", "dow.restricted.appointment", "expanded group of U.S. restricted lists",
         date(2026, 6, 1), fact(A, "2024-01-01", "us.bis.meu", country="RU"),
         fact(A, "2024-01-01", "own.partners", country="CA")),
    Case("dow-decision-matrix-2026-03", "dow.restricted.funding", "funding from entities of concern",
         date(2026, 6, 1), fact(F, "2024-01-01", "us.ofac.nscmic"), fact(F, "2021-05-31", "us.ofac.nscmic")),
    Case("dow-decision-matrix-2026-03", "dow.country_of_concern.funding", "problematic foreign funding sources",
         date(2026, 6, 1), fact(F, "2024-01-01", country="IR"), fact(F, "2024-01-01", country="CA")),
    Case("dow-decision-matrix-2026-03", "dow.country_of_concern.appointment", "affiliations with foreign entities",
         date(2026, 6, 1), fact(A, "2024-01-01", country="KP"), fact(A, "2024-01-01", country="JP")),
    Case("dow-decision-matrix-2026-03", "dow.talent_program", "malign foreign talent recruitment program",
         date(2026, 6, 1), fact(A, "2024-08-09", "us.dow.1286", reason=TABLE2),
         fact(A, "2024-08-08", "us.dow.1286", reason=TABLE2)),
    Case("dow-decision-matrix-2026-03", "dow.restricted.equipment", "using equipment from, listed entities",
         date(2026, 6, 1), fact(E, "2026-05-08", "us.dow.1260h"), fact(E, "2026-05-07", "us.dow.1260h")),
    Case("dow-decision-matrix-2026-03", "dow.restricted.equipment_in_use", "equipment you use in your research",
         date(2026, 6, 1), fact(E, "2016-06-01", "us.fcc.covered"), fact(E, "2016-05-31", "us.fcc.covered")),
    Case("nsf-dcl-2026-07-08", "nsf.coauthorship", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(C, "2026-07-08", "us.dow.1260h"), fact(C, "2026-07-07", "us.dow.1260h")),
    Case("nsf-dcl-2026-07-08", "nsf.coauthorship.before", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(C, "2026-07-07", "us.dow.1260h"), fact(C, "2026-07-08", "us.dow.1260h")),
    Case("nsf-dcl-2026-07-08", "nsf.appointment", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(A, "2026-08-01", "us.state.nonproliferation"),
         fact(A, "2026-08-01", "own.partners")),
    Case("nsf-dcl-2026-07-08", "nsf.appointment.before", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(A, "2021-09-01", "us.bis.dpl"), fact(A, "2021-08-31", "us.bis.dpl")),
    Case("nsf-dcl-2026-07-08", "nsf.funding", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(F, "2026-08-01", "us.dhs.uflpa"), fact(F, "2026-07-07", "us.dhs.uflpa")),
    Case("nsf-dcl-2026-07-08", "nsf.equipment", "13 listed US restricted-party lists",
         date(2026, 9, 1), fact(E, "2026-08-01", "us.cbp.wro"), fact(E, "2026-07-07", "us.cbp.wro")),
    Case("nsf-dcl-2026-07-08", "nsf.talent_program", "PAPPG Chapter II.D.1.e(ii)",
         date(2026, 9, 1), fact(F, "2024-05-20", "us.dow.1286", reason=TABLE2),
         fact(F, "2024-05-19", "us.dow.1286", reason=TABLE2)),
]  # fmt: skip


def test_every_shipped_rule_has_a_known_answer() -> None:
    shipped = {(ruleset.name, rule.id) for ruleset in SETS.values() for rule in ruleset.rules}
    assert {(case.rule_set, case.rule) for case in CASES} == shipped


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule} [{c.section}]" for c in CASES])
def test_the_rule_gives_its_action_for_the_fact_it_encodes_and_none_for_the_nearest_other(case: Case) -> None:
    ruleset = SETS[case.rule_set]
    rule = next(r for r in ruleset.rules if r.id == case.rule)
    assert case.section in rule.citation.section  # the test names the section the rule encodes
    assert meets(rule, case.meets, case.as_of)
    assert not meets(rule, case.misses, case.as_of)
    findings = {f.rule: f for f in evaluate(ruleset, [case.meets], case.as_of)}
    assert findings[case.rule].action is rule.action is not Action.NONE
    assert findings[case.rule].facts == [case.meets]
    assert findings[case.rule].citation.section == rule.citation.section
    assert {f.rule: f.action for f in evaluate(ruleset, [case.misses], case.as_of)}[case.rule] is Action.NONE
