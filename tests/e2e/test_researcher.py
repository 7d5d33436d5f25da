"""Researcher due diligence on the real engine: known answers per rule of the DoW decision matrix (March 2026) and
NSF's 2026-07-08 letter, on real OpenAlex authorships and real list rows (tests/researcher_graph.py says what is
constructed). Its own engine, so the constructed ties never reach other tests' graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store import GraphStore, embedded_engine, open_store
from queries import decision_rules
from queries.decision_rules import Action
from queries.researcher import facts, review
from queries.researcher_answers import FactKind, ResearcherReview
from tests import researcher_graph as g
from tests.api_harness import assert_problem, running_api
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J, engine_dir_settings

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="writes constructed ties; runs on its own embedded engine")

DOW = decision_rules.load("dow-decision-matrix-2026-03")
NSF = decision_rules.load("nsf-dcl-2026-07-08")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    chosen = engine_dir_settings(tmp_path_factory.mktemp("researcher-engine"))
    yield chosen
    embedded_engine(chosen).stop()


@pytest.fixture(scope="module")
def graph(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = open_store(settings)
    g.build(store, tmp_path_factory.mktemp("researcher-data"))
    yield store
    store.close()


def actions(answer: ResearcherReview) -> dict[str, Action]:
    return {f.rule: f.action for f in answer.findings if f.action is not Action.NONE}


def test_records_by_orcid_openalex_id_and_node_id_are_one_researcher(graph: GraphStore) -> None:
    by_orcid = review(graph, "orcid:0000-0003-1613-5981", DOW, date(2022, 6, 1))
    by_author = review(graph, "A5048491430", DOW, date(2022, 6, 1))
    assert by_orcid.person.id == by_author.person.id == g.PIWOWAR
    assert by_orcid.person.name == "Heather Piwowar"
    assert by_orcid.overall == by_author.overall


def test_dow_coauthorship_within_five_years_requires_mitigation(graph: GraphStore) -> None:
    """DoW matrix, March 9, 2026 update (Illinois ORS summary): published in the past 5 years with entities on
    restricted lists -> rules dow.1286.coauthorship and dow.restricted.coauthorship."""
    answer = review(graph, "orcid:0000-0003-1613-5981", DOW, date(2022, 6, 1))
    assert actions(answer) == {
        "dow.1286.coauthorship": Action.MITIGATION_REQUIRED,
        "dow.restricted.coauthorship": Action.MITIGATION_REQUIRED,
    }
    assert answer.overall is Action.MITIGATION_REQUIRED
    finding = next(f for f in answer.findings if f.rule == "dow.1286.coauthorship")
    (fact,) = finding.facts
    assert fact.publication is not None and fact.publication.doi == "10.7717/peerj.4375"
    assert fact.publication.year == 2018
    assert fact.coauthor is not None and fact.coauthor.name == "Vincent Larivière"
    assert fact.organization.name == "Université de Montréal"
    assert {li.list_id for li in fact.listings} == {"us.dow.1286", "us.bis.entity_list"}
    assert fact.sources[0].dataset == "openalex" and fact.sources[0].source_id == "W2741809807"
    assert finding.citation.url == "https://researchsecurity.research.illinois.edu/dowriskmatrix/"


def test_dow_coauthorship_older_than_five_years_counts_no_more(graph: GraphStore) -> None:
    answer = review(graph, "orcid:0000-0003-1613-5981", DOW, date(2023, 3, 1))
    assert "dow.1286.coauthorship" not in actions(answer)


def test_dow_equipment_after_effective_date_is_prohibited(graph: GraphStore) -> None:
    """DoW matrix, March 9, 2026 update: no fundamental research using equipment from listed entities (in force by
    May 8, 2026) -> dow.restricted.equipment; the 10-year in-use rule shows it too."""
    answer = review(graph, g.PIWOWAR, DOW, date(2026, 7, 1))
    assert actions(answer) == {
        "dow.restricted.equipment": Action.PROHIBITED,
        "dow.restricted.equipment_in_use": Action.MITIGATION_REQUIRED,
    }
    assert answer.overall is Action.PROHIBITED
    (fact,) = next(f for f in answer.findings if f.rule == "dow.restricted.equipment").facts
    assert fact.organization.name == "Harbin Institute of Technology" and fact.detail == "donor"


def test_dow_appointment_at_a_1286_institution_is_prohibited(graph: GraphStore) -> None:
    """Section 238, NDAA FY2025, in the May 2025 matrix: employees of 1286-listed institutions -> dow.1286.appointment;
    dow.restricted.appointment for the other lists."""
    answer = review(graph, "orcid:0000-0002-2733-0689", DOW, date(2022, 6, 1))
    assert actions(answer) == {
        "dow.1286.appointment": Action.PROHIBITED,
        "dow.restricted.appointment": Action.MITIGATION_REQUIRED,
    }
    spans = {s.organization.name: s for s in answer.timeline}
    assert spans["Université de Montréal"].listed and spans["Université de Montréal"].first == "2018-02-13"
    assert not spans["Université du Québec à Montréal"].listed


def test_an_investigator_record_with_the_name_at_a_shared_institution_joins_and_another_orcid_does_not(
    graph: GraphStore,
) -> None:
    answer = review(graph, "orcid:0000-0002-2733-0689", DOW, date(2022, 6, 1))
    via = {r.id: r.via for r in answer.records}
    assert via == {g.LARIVIERE: "orcid", g.INVESTIGATOR: "name_affiliation"}
    spans = {s.organization.name: s for s in answer.timeline}
    assert spans["Université de Montréal"].last == "2019-09-01"  # the investigator record's affiliation counts


def test_dow_talent_program_since_august_2024_is_prohibited(graph: GraphStore) -> None:
    """CHIPS Act Section 10632 as DoD applies it from August 9, 2024; the program is on the 1286 list's Table 2."""
    answer = review(graph, "orcid:0000-0002-2733-0689", DOW, date(2025, 6, 1))
    found = actions(answer)
    assert found["dow.talent_program"] is Action.PROHIBITED
    assert "dow.1286.appointment" in found  # the program is itself on the 1286 list
    assert answer.overall is Action.PROHIBITED


def test_nsf_letter_talent_program_and_appointment_before_the_letter(graph: GraphStore) -> None:
    answer = review(graph, "orcid:0000-0002-2733-0689", NSF, date(2026, 9, 1))
    assert actions(answer) == {
        "nsf.talent_program": Action.PROHIBITED,
        "nsf.appointment.before": Action.MITIGATION_REQUIRED,
    }


def test_nsf_letter_before_its_date_says_so(graph: GraphStore) -> None:
    answer = review(graph, "orcid:0000-0003-1613-5981", NSF, date(2026, 6, 1))
    assert answer.limitations[0].startswith("The review date 2026-06-01 is before nsf-dcl-2026-07-08")
    assert actions(answer) == {}
    assert answer.overall is Action.NONE


def test_an_unknown_researcher_is_not_found(graph: GraphStore) -> None:
    from graph.errors import NotFound

    with pytest.raises(NotFound, match="0000-0001-0000-0000"):
        review(graph, "orcid:0000-0001-0000-0000", DOW, date(2026, 6, 1))


def test_cli_report_names_the_rule_the_publication_and_the_citation(settings: Settings, graph: GraphStore) -> None:
    result = tietrace(settings, "researcher", "orcid:0000-0003-1613-5981", "--as-of", "2022-06-01")
    assert result.returncode == 0, result.stderr
    assert "overall mitigation_required under dow-decision-matrix-2026-03 as of 2022-06-01" in result.stdout
    assert "! dow.1286.coauthorship: mitigation_required (from 2017-06-01 to 2022-06-01)" in result.stdout
    assert "2018-02-13 co-authored 10.7717/peerj.4375 with Vincent Larivière at Université de Montréal (CA)" in (
        result.stdout
    )
    assert "researchsecurity.research.illinois.edu/dowriskmatrix" in result.stdout


def test_cli_json_and_team_file(settings: Settings, graph: GraphStore, tmp_path: Path) -> None:
    result = tietrace(settings, "researcher", "A5068542997", "--rules", "nsf-dcl-2026-07-08", "--as-of", "2026-09-01",
                      "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["overall"] == "prohibited" and answer["rule_set"] == "nsf-dcl-2026-07-08"
    team_csv = tmp_path / "team.csv"
    team_csv.write_text("name,orcid,openalex\nPiwowar,0000-0003-1613-5981,\nLarivière,,A5068542997\n"
                        "Nobody,0000-0001-0000-0000,\n", encoding="utf-8")  # fmt: skip
    result = tietrace(settings, "researcher", "--team", str(team_csv), "--as-of", "2022-06-01", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert [r["overall"] for r in rows] == ["mitigation_required", "prohibited", None]
    assert "0000-0001-0000-0000" in rows[2]["error"]


def test_cli_unknown_rule_set_and_bad_date_fail_clearly(settings: Settings, graph: GraphStore) -> None:
    result = tietrace(settings, "researcher", "A5068542997", "--rules", "nih-2024")
    assert result.returncode == 5 and "no rule set named 'nih-2024'" in result.stderr
    result = tietrace(settings, "researcher", "A5068542997", "--as-of", "May 2026")
    assert result.returncode == 2 and "--as-of must be an ISO date" in result.stderr


def test_api_review_and_team(settings: Settings, graph: GraphStore, tmp_path: Path) -> None:
    with running_api(settings, tmp_path) as api:
        response = api.client.get(
            "/v1/people/orcid:0000-0002-2733-0689/review", params={"as_of": "2022-06-01"}, headers=api.auth()
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["overall"] == "prohibited"
        assert {f["rule"] for f in body["findings"] if f["action"] != "none"} == {
            "dow.1286.appointment",
            "dow.restricted.appointment",
        }
        response = api.client.post(
            "/v1/people/review",
            params={"rules": "nsf-dcl-2026-07-08", "as_of": "2026-09-01"},
            json={"people": ["A5068542997", "orcid:0000-0003-1613-5981"]},
            headers=api.auth(),
        )
        assert response.status_code == 200, response.text
        assert [r["overall"] for r in response.json()["rows"]] == ["prohibited", "none"]
        assert_problem(api.client.get("/v1/people/A1/review", headers=api.auth()), 404, "not-found")
        assert_problem(
            api.client.get("/v1/people/A5068542997/review", params={"rules": "nope"}, headers=api.auth()), 404
        )
        assert api.client.get("/v1/people/A5068542997/review").status_code == 401
        empty = api.client.post("/v1/people/review", json={"people": [" "]}, headers=api.auth())
        assert_problem(empty, 422)
        assert any(line.get("path", "").startswith("/v1/people/") for line in api.audit.read())


def test_a_coauthor_at_a_unit_of_a_listed_university_counts_with_the_ror_path(graph: GraphStore) -> None:
    """ROR's real records make the State Key Laboratory of Urban Water Resources and Water Environment PART_OF Harbin
    Institute of Technology (Section 1286 list, Entity List): a co-author there is a co-author at a listed institution
    (DoW matrix, March 2026: published in the past 5 years with entities on restricted lists), the path the evidence."""
    answer = review(graph, "orcid:0000-0002-8517-9411", DOW, date(2022, 6, 1))
    assert answer.person.id == g.ARIA
    assert actions(answer) == {
        "dow.1286.coauthorship": Action.MITIGATION_REQUIRED,
        "dow.restricted.coauthorship": Action.MITIGATION_REQUIRED,
    }
    (fact,) = next(f for f in answer.findings if f.rule == "dow.1286.coauthorship").facts
    assert fact.organization.id == g.HIT_LAB and fact.coauthor is not None
    assert fact.coauthor.name == "Unit Co-author" and fact.publication is not None
    assert fact.publication.doi == "10.1016/j.joi.2017.08.007"
    listing = next(li for li in fact.listings if li.list_id == "us.dow.1286")
    assert listing.through == "part_of" and listing.listed == g.HIT
    assert [step.id for step in listing.path] == [g.HIT_LAB, g.HIT_ROR, g.HIT]


def test_an_appointment_at_a_unit_of_a_1286_institution_is_prohibited(graph: GraphStore) -> None:
    """Section 238, NDAA FY2025 (May 2025 matrix): employees of 1286-listed institutions, a unit's included."""
    answer = review(graph, g.UNIT_COAUTHOR, DOW, date(2022, 6, 1))
    assert actions(answer) == {
        "dow.1286.appointment": Action.PROHIBITED,
        "dow.restricted.appointment": Action.MITIGATION_REQUIRED,
        "dow.country_of_concern.appointment": Action.MITIGATION_SUGGESTED,  # the laboratory is in China
    }
    (span,) = answer.timeline
    assert span.organization.id == g.HIT_LAB and span.listed


def test_the_cli_says_a_unit_of_which_listed_organization(settings: Settings, graph: GraphStore) -> None:
    result = tietrace(settings, "researcher", "orcid:0000-0002-8517-9411", "--as-of", "2022-06-01")
    assert result.returncode == 0, result.stderr
    assert "as a unit of Harbin Institute of Technology" in result.stdout


def test_nih_and_nsf_investigator_records_answer_from_their_grants(graph: GraphStore) -> None:
    """Real NIH RePORTER and NSF Award Search records: the PI's grant institution is an appointment dated by the
    grant, the agency that funds it a funding fact, each with its record as source; nothing listed, so no rule fires.
    The co-PI of the NSF award, at the same university under another name, is not taken as the PI."""
    nsf = review(graph, g.LU_LIN, NSF, date(2026, 9, 1))
    assert [(r.id, r.via) for r in nsf.records] == [(g.LU_LIN, "id")]
    assert nsf.person.name == "Lu Lin" and nsf.overall is Action.NONE
    spans = {s.organization.name: s for s in nsf.timeline}
    assert spans["Pennsylvania State Univ University Park"].first == "2025-07-15"
    funded = [f for f in facts(graph, [g.LU_LIN]) if f.kind is FactKind.FUNDING]
    assert {(f.organization.name, f.award_id, f.sources[0].dataset) for f in funded} == {
        ("U.S. National Science Foundation", "2450546", "nsf_awards")
    }
    nih = review(graph, g.CASCIO, DOW, date(2026, 6, 1))
    assert nih.person.name == "Sandra Cascio" and nih.overall is Action.NONE
    assert {s.organization.name for s in nih.timeline} == {"MAGEE-WOMEN'S RES INST AND FOUNDATION"}
    funders = {f.organization.name for f in facts(graph, [g.CASCIO]) if f.kind is FactKind.FUNDING}
    assert "National Cancer Institute" in funders


def test_an_investigator_record_joins_the_openalex_author_by_name_at_a_linked_institution(graph: GraphStore) -> None:
    """An NIH or NSF PI record carries a name and an institution, no ORCID: it joins the researcher's OpenAlex record
    when the names are one and the institutions are one organization (the same node, or linked by SAME_AS)."""
    answer = review(graph, "orcid:0000-0002-2733-0689", DOW, date(2022, 6, 1))
    joined = {r.id: r for r in answer.records}
    assert joined[g.INVESTIGATOR].via == "name_affiliation"
    assert g.NAMESAKE not in joined  # the same name with another ORCID is another researcher
