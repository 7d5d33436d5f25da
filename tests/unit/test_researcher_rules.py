"""Rule evaluation is pure: facts in, findings out. Known answers per rule of the DoW decision matrix (March 2026)
for the factors the e2e graph does not hold (funding, countries of concern), and the date-window edges."""

from __future__ import annotations

from datetime import date

from queries import decision_rules
from queries.decision_rules import Action
from queries.researcher import date_range, evaluate, in_window, meets, person_ref
from queries.researcher_answers import Fact, FactKind, ListingRef, OrgRef, SourceRef

DOW = decision_rules.load("dow-decision-matrix-2026-03")
RULES = {r.id: r for r in DOW.rules}


def fact(kind: FactKind, day: str | None, list_id: str | None = None, country: str = "CN", **listing: str) -> Fact:
    listings = [ListingRef(list_id=list_id, watchlist="w", listed="o", **listing)] if list_id else []
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
