"""GLEIF LEI records and Level 2 relationships normalized into the graph model, on recorded payloads (no engine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.http import HttpFetcher
from ingest.source import RawRecord
from ingest.sources import gleif
from tests.ingest_helpers import FIXTURES

DIR = FIXTURES / "payloads" / "gleif"
APPLE_ENERGY = "549300YX4S1LLSMK2627"
APPLE = "HWUPKR0MPOU8FGXBT394"
L1 = DIR / "golden_copy_lei2_sample.CONSTRUCTED.csv"
RR = DIR / "golden_copy_rr_sample.CONSTRUCTED.csv"


def load(name: str) -> Any:
    return json.loads((DIR / name).read_text(encoding="utf-8"))


def context(**kwargs: Any) -> JobContext:
    return JobContext(source="gleif", retrieved_at="2026-11-25T00:00:00+00:00", **kwargs)


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in gleif.records(ctx) if not record.error for item in gleif.normalize(ctx, record)]


# ------------------------------------------------------------------ API payloads


def test_lei_record_maps_to_an_organization() -> None:
    record = load("lei_record_549300YX4S1LLSMK2627.json")["data"]
    org = gleif.api_organization(context(), record)
    assert org.id == "gleif-549300YX4S1LLSMK2627"
    assert org.label is Label.ORGANIZATION
    assert org.props["name"] == "APPLE ENERGY LLC"
    assert org.props["lei"] == APPLE_ENERGY
    assert org.props["country"] == "US"
    assert org.props["kind"] == "company"
    assert org.props["registryId"] == "6021863"
    assert org.props["validFrom"] == "2016-05-20"
    assert org.props["validTo"] is None  # ACTIVE
    assert org.provenance.source_url == "https://api.gleif.org/api/v1/lei-records/549300YX4S1LLSMK2627"


def test_parent_record_keeps_previous_names_as_aliases() -> None:
    parent = gleif.api_organization(context(), load("lei_record_549300YX4S1LLSMK2627_direct_parent.json")["data"])
    assert (parent.id, parent.props["name"], parent.props["aliases"]) == (
        "gleif-HWUPKR0MPOU8FGXBT394",
        "Apple Inc.",
        ["Apple Computer, Inc."],
    )


def test_documented_relationship_record_is_control_without_share() -> None:
    ctx = context()
    rr = load("direct_parent_relationship_549300IUT8F6T4KV4469.gleif_docs.json")["data"]
    items = gleif.api_relationship(ctx, rr, None, "https://example.invalid/rr")
    nodes = [i for i in items if isinstance(i, Entity)]
    (rel,) = [i for i in items if isinstance(i, Relation)]
    # neither endpoint was described in this run: both become placeholders named by their LEI
    assert {n.id for n in nodes} == {"gleif-KY37LUS27QQX7BB93L28", "gleif-549300IUT8F6T4KV4469"}
    assert all(n.placeholder and n.props["name"] == n.props["lei"] for n in nodes)
    assert rel.type is Rel.CONTROLS
    assert (rel.start_id, rel.end_id) == ("gleif-KY37LUS27QQX7BB93L28", "gleif-549300IUT8F6T4KV4469")
    assert rel.id == "gleif-549300IUT8F6T4KV4469.IS_DIRECTLY_CONSOLIDATED_BY.KY37LUS27QQX7BB93L28"
    assert rel.props == {
        "controlType": "accounting_consolidation",
        "role": "direct_parent",
        "validFrom": "2018-07-12",  # the RELATIONSHIP_PERIOD, not the ACCOUNTING_PERIOD
        "validTo": None,
        "relationshipStatus": "ACTIVE",
        "registrationStatus": "PUBLISHED",
    }
    assert not {"sharePct", "shareMin", "shareMax"} & set(rel.props)


def test_ultimate_parent_role() -> None:
    rr = load("ultimate_parent_relationship_5493003WV2LOTUAI8M83.gleif_docs.json")["data"]
    (rel,) = [i for i in gleif.api_relationship(context(), rr, None, None) if isinstance(i, Relation)]
    assert rel.props["role"] == "ultimate_parent"
    assert rel.start_id == "gleif-KY37LUS27QQX7BB93L28"


def handler_for(expected: dict[str, Any]) -> tuple[httpx.MockTransport, list[str]]:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET"
        key = request.url.path
        seen.append(key)
        if key not in expected:
            pytest.fail(f"unexpected request {request.url}")
        status, body = expected[key]
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle), seen


def api_context(transport: httpx.MockTransport, **query: str) -> JobContext:
    return context(query=query, http=HttpFetcher("gleif", None, min_interval=0, transport=transport))


APPLE_ENERGY_API = {
    f"/api/v1/lei-records/{APPLE}/direct-parent-reporting-exception": (404, {"errors": []}),
    f"/api/v1/lei-records/{APPLE}/ultimate-parent-reporting-exception": (404, {"errors": []}),
    f"/api/v1/lei-records/{APPLE_ENERGY}": (200, load("lei_record_549300YX4S1LLSMK2627.json")),
    f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent-relationship": (
        200,
        load("direct_parent_relationship_549300YX4S1LLSMK2627.CONSTRUCTED.json"),
    ),
    f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent": (
        200,
        load("lei_record_549300YX4S1LLSMK2627_direct_parent.json"),
    ),
    f"/api/v1/lei-records/{APPLE_ENERGY}/ultimate-parent-relationship": (
        200,
        load("ultimate_parent_relationship_549300YX4S1LLSMK2627.CONSTRUCTED.json"),
    ),
}


def test_api_follows_the_parent_links_the_record_publishes() -> None:
    transport, seen = handler_for(APPLE_ENERGY_API)
    ctx = api_context(transport, lei=APPLE_ENERGY)
    items = all_items(ctx)
    # the direct parent's record is read and followed: Apple Inc. publishes reporting exceptions instead of
    # parents, so those are asked for (404 here: none recorded); the ultimate parent is the direct parent, so
    # its relationship is read but written as no edge of its own
    assert seen == [
        f"/api/v1/lei-records/{APPLE_ENERGY}",
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent-relationship",
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent",
        f"/api/v1/lei-records/{APPLE}/direct-parent-reporting-exception",
        f"/api/v1/lei-records/{APPLE}/ultimate-parent-reporting-exception",
        f"/api/v1/lei-records/{APPLE_ENERGY}/ultimate-parent-relationship",
    ]
    orgs = {i.id: i for i in items if isinstance(i, Entity)}
    assert set(orgs) == {"gleif-549300YX4S1LLSMK2627", "gleif-HWUPKR0MPOU8FGXBT394"}
    assert orgs["gleif-HWUPKR0MPOU8FGXBT394"].props["name"] == "Apple Inc."
    assert not any(o.placeholder for o in orgs.values())
    rels = [r for r in items if isinstance(r, Relation)]
    assert [(r.start_id, r.end_id, r.props["role"]) for r in rels] == [
        ("gleif-HWUPKR0MPOU8FGXBT394", "gleif-549300YX4S1LLSMK2627", "direct_parent"),
    ]
    assert ctx.unknown_fields["ultimate_parent:reached_through_direct_parents"] == 1


def test_api_404_means_no_parent_not_an_error() -> None:
    expected = dict(APPLE_ENERGY_API)
    expected[f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent-relationship"] = (404, {"errors": []})
    expected[f"/api/v1/lei-records/{APPLE_ENERGY}/ultimate-parent-relationship"] = (404, {"errors": []})
    transport, _ = handler_for(expected)
    items = all_items(api_context(transport, lei=APPLE_ENERGY))
    assert [i.id for i in items] == ["gleif-549300YX4S1LLSMK2627"]


def test_api_unknown_lei_is_a_reject_and_parents_can_be_skipped() -> None:
    transport, seen = handler_for({f"/api/v1/lei-records/{APPLE_ENERGY}": (404, {"errors": []})})
    records = list(gleif.records(api_context(transport, lei=APPLE_ENERGY, parents="no")))
    assert [r.error for r in records] == [f"GLEIF has no LEI record {APPLE_ENERGY} (HTTP 404)"]
    assert seen == [f"/api/v1/lei-records/{APPLE_ENERGY}"]


def test_api_name_search_pages_until_the_last_page() -> None:
    requests: list[httpx.Request] = []
    page = {
        "meta": {"pagination": {"currentPage": 1, "perPage": 15, "from": 1, "to": 1, "total": 1, "lastPage": 1}},
        "links": {},
        "data": [load("lei_record_549300YX4S1LLSMK2627.json")["data"]],
    }

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        assert request.url.path == "/api/v1/lei-records"
        return httpx.Response(200, json=page)

    ctx = api_context(httpx.MockTransport(handle), name="APPLE ENERGY LLC", page_size="15", parents="no")
    records = list(gleif.records(ctx))
    assert len(requests) == 1  # lastPage 1: no second request
    params = dict(requests[0].url.params)
    assert params == {"filter[entity.legalName]": "APPLE ENERGY LLC", "page[size]": "15", "page[number]": "1"}
    assert [r.source_id for r in records] == [APPLE_ENERGY]


def test_api_needs_a_query_and_real_leis() -> None:
    with pytest.raises(SourceError, match="--query lei="):
        list(gleif.records(context()))
    with pytest.raises(SourceError, match="not an LEI"):
        list(gleif.records(context(query={"lei": "APPLE"})))


# ------------------------------------------------------------------ golden-copy files


def test_level1_file_is_detected_by_header_and_mapped() -> None:
    items = all_items(context(file=L1))
    orgs = {i.id: i for i in items if isinstance(i, Entity)}
    assert len(orgs) == 3 and not [i for i in items if isinstance(i, Relation)]
    apple = orgs["gleif-HWUPKR0MPOU8FGXBT394"]
    assert (apple.props["name"], apple.props["aliases"], apple.props["registryId"], apple.props["validFrom"]) == (
        "Apple Inc.",
        ["Apple Computer, Inc."],
        "806592",
        "1977-01-03",
    )
    danish = orgs["gleif-98450096607E853DEE28"]
    assert (danish.props["name"], danish.props["country"]) == ("Grundejerforeningen Rødtjørnevej", "DK")
    assert danish.props["validTo"] is None  # INACTIVE but GLEIF gives no expiration date: none is invented


def test_relationship_file_makes_controls_with_periods_and_lei_only_endpoints() -> None:
    ctx = context(file=RR)
    items = all_items(ctx)
    rels = [i for i in items if isinstance(i, Relation)]
    nodes = {i.id: i for i in items if isinstance(i, Entity)}
    # five rows; Apple Energy's ultimate parent is its direct parent, so that row is no edge of its own
    assert len(rels) == 4
    assert ctx.unknown_fields["ultimate_parent:reached_through_direct_parents"] == 1
    assert all(r.type is Rel.CONTROLS and r.props["controlType"] == "accounting_consolidation" for r in rels)
    assert set(nodes) == {
        "gleif-549300IUT8F6T4KV4469",
        "gleif-5493003WV2LOTUAI8M83",
        "gleif-549300XT0UV2RKUQZT49",
        "gleif-KY37LUS27QQX7BB93L28",
        "gleif-549300YX4S1LLSMK2627",
        "gleif-HWUPKR0MPOU8FGXBT394",
    }
    assert all(n.placeholder and set(n.props) == {"name", "lei", "kind"} for n in nodes.values())
    by_child = {(r.end_id, r.props["role"]): r for r in rels}
    assert by_child[("gleif-549300IUT8F6T4KV4469", "direct_parent")].props["validFrom"] == "2018-07-12"
    assert ("gleif-549300YX4S1LLSMK2627", "ultimate_parent") not in by_child
    # API and file modes give the same relationship id
    assert by_child[("gleif-549300IUT8F6T4KV4469", "direct_parent")].id == (
        "gleif-549300IUT8F6T4KV4469.IS_DIRECTLY_CONSOLIDATED_BY.KY37LUS27QQX7BB93L28"
    )
    assert ctx.state["csvDialect"].startswith("RFC 4180")


def test_level1_rows_described_earlier_are_not_overwritten_by_placeholders(tmp_path: Path) -> None:
    ctx = context(file=L1)
    all_items(ctx)
    ctx.file = RR
    nodes = {i.id for i in all_items(ctx) if isinstance(i, Entity)}
    assert "gleif-HWUPKR0MPOU8FGXBT394" not in nodes and "gleif-549300YX4S1LLSMK2627" not in nodes


def test_malformed_rows_are_rejected_with_reasons(tmp_path: Path) -> None:
    lines = L1.read_text(encoding="utf-8").splitlines()
    nameless = lines[1].replace('"APPLE ENERGY LLC"', '""')
    bad_date = lines[2].replace('"1977-01-03T00:00:00Z"', '"third of January"')
    path = tmp_path / "l1.csv"
    path.write_text("\n".join([lines[0], nameless, bad_date]) + "\n", encoding="utf-8")
    ctx = context(file=path)
    first, second = list(gleif.records(ctx))
    with pytest.raises(RecordRejected, match="LEI record 549300YX4S1LLSMK2627 has no legal name"):
        gleif.normalize(ctx, first)
    with pytest.raises(RecordRejected, match="not a date: 'third of January'"):
        gleif.normalize(ctx, second)
    rr_lines = RR.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "rr.csv"
    path.write_text("\n".join([rr_lines[0], rr_lines[1].replace('"549300IUT8F6T4KV4469"', '"NOT-AN-LEI"')]) + "\n")
    ctx = context(file=path)
    (record,) = list(gleif.records(ctx))
    with pytest.raises(RecordRejected, match=r"Relationship\.StartNode\.NodeID is not an LEI: 'NOT-AN-LEI'"):
        gleif.normalize(ctx, record)


def test_unknown_file_shape_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SourceError, match="neither a GLEIF LEI-CDF Level 1 file"):
        list(gleif.records(context(file=path)))


def test_fund_relationships_are_audited_and_skipped() -> None:
    ctx = context()
    row = {
        "Relationship.StartNode.NodeID": "549300IUT8F6T4KV4469",
        "Relationship.EndNode.NodeID": "KY37LUS27QQX7BB93L28",
        "Relationship.RelationshipType": "IS_FUND-MANAGED_BY",
    }
    assert gleif.normalize(ctx, RawRecord("x", {"kind": "rr", "row": row})) == []
    assert ctx.unknown_fields["relationshipType:IS_FUND-MANAGED_BY"] == 1


# ------------------------------------------------------------------ statuses, dates, reporting exceptions

REAL_L1 = DIR / "20240505-0000-gleif-goldencopy-lei2-intra-day.TRANSCRIBED.csv"
REPEX = DIR / "20190201-gleif-repex-lei-rdf-sample.TRANSCRIBED.csv"


def rr_row(child: str) -> dict[str, str]:
    """A row of the relationship fixture (GLEIF-documented records, see ORIGIN.md) by its child LEI."""
    for record in gleif.records(context(file=RR)):
        if record.data["row"]["Relationship.StartNode.NodeID"] == child:
            return dict(record.data["row"])
    raise AssertionError(child)


def test_level1_statuses_and_dates_written_with_an_offset() -> None:
    orgs = {i.id: i for i in all_items(context(file=REAL_L1)) if isinstance(i, Entity)}
    becura = orgs["gleif-54930070OU0R7YXZXH12"].props
    # '2019-09-20T00:00:00+02:00': the day written in the publisher's offset, not 19 September (UTC)
    assert (becura["validFrom"], becura["entityStatus"], becura["registrationStatus"]) == (
        "2019-09-20",
        "ACTIVE",
        "ISSUED",
    )
    carthage = orgs["gleif-5493006HNCQSOJIWXV85"].props
    assert (carthage["name"], carthage["validFrom"], carthage["registrationStatus"]) == (
        "CARTHAGE ASSOCIATES, LLC",
        "2011-08-11",
        "LAPSED",
    )
    danish = all_items(context(file=L1))[2]
    assert isinstance(danish, Entity)
    assert (danish.props["entityStatus"], danish.props["registrationStatus"]) == ("INACTIVE", "RETIRED")


def test_inactive_relationship_without_end_date_is_ended_not_current() -> None:
    # GLEIF's documented ultimate-child relationship of 549300XT0UV2RKUQZT49: INACTIVE, a RELATIONSHIP_PERIOD
    # with no end date. It ends at the record's last update (2018-03-26), which GLEIF dates before the period's
    # start (2018-07-12): the relationship is then ended on its first day rather than before it began.
    ctx = context()
    (rel,) = [i for i in gleif.csv_relationship(ctx, rr_row("549300XT0UV2RKUQZT49")) if isinstance(i, Relation)]
    assert (rel.props["relationshipStatus"], rel.props["validFrom"], rel.props["validTo"]) == (
        "INACTIVE",
        "2018-07-12",
        "2018-07-12",
    )


def test_inactive_relationship_ends_at_the_last_update() -> None:
    # The documented ACTIVE record of 549300IUT8F6T4KV4469 (last update 2019-07-04), read as GLEIF would publish it
    # once set INACTIVE: the end is the last update, the latest day the relationship can have ended.
    row = rr_row("549300IUT8F6T4KV4469")
    row["Relationship.RelationshipStatus"] = "INACTIVE"
    (rel,) = [i for i in gleif.csv_relationship(context(), dict(row)) if isinstance(i, Relation)]
    assert (rel.props["validFrom"], rel.props["validTo"]) == ("2018-07-12", "2019-07-04")
    # with no last update either, an ended relationship with no date is not written as if it were current
    row["Registration.LastUpdateDate"] = ""
    ctx = context()
    assert gleif.csv_relationship(ctx, row) == []
    assert ctx.unknown_fields["relationshipStatus:INACTIVE:no_end_date:not_written"] == 1


def test_void_and_retired_relationship_registrations() -> None:
    row = rr_row("549300IUT8F6T4KV4469")
    for status in ("ANNULLED", "DUPLICATE"):
        ctx = context()
        assert gleif.csv_relationship(ctx, {**row, "Registration.RegistrationStatus": status}) == []
        assert ctx.unknown_fields[f"relationship.registrationStatus:{status}:not_written"] == 1
    items = gleif.csv_relationship(context(), {**row, "Registration.RegistrationStatus": "RETIRED"})
    (rel,) = [i for i in items if isinstance(i, Relation)]
    assert (rel.props["registrationStatus"], rel.props["validTo"]) == ("RETIRED", "2019-07-04")


def test_an_annulled_lei_makes_no_parent_and_is_no_parent() -> None:
    # Apple Energy's Level 1 row, as GLEIF would publish it had the LEI been annulled (made in error)
    ctx = context(file=L1)
    (first, *_) = list(gleif.records(ctx))
    row = {**first.data["row"], "Registration.RegistrationStatus": "ANNULLED"}
    entity = gleif.csv_organization(ctx, row)
    assert entity.props["registrationStatus"] == "ANNULLED"  # stored and shown
    assert gleif.csv_relationship(ctx, rr_row(APPLE_ENERGY)) == []  # but no relationship of it counts
    assert ctx.unknown_fields["relationship_of_void_lei:not_written"] == 1


def test_the_latest_relationship_period_is_used_not_the_last_in_the_record() -> None:
    # The documented record's periods, then an older RELATIONSHIP_PERIOD after the current one (GLEIF promises
    # no order): the one that starts last wins, with its timestamps read as days, not cut to ten characters.
    periods = load("direct_parent_relationship_549300IUT8F6T4KV4469.gleif_docs.json")["data"]["attributes"][
        "relationship"
    ]["periods"]
    older = {"startDate": "2009-01-12T00:00:00+01:00", "endDate": "2018-07-11T23:00:00Z", "type": "RELATIONSHIP_PERIOD"}
    assert gleif.latest_period([*periods, older]) == ("2018-07-12", None)
    assert gleif.latest_period([older]) == ("2009-01-12", "2018-07-11")
    # GLEIF's 2019 files write dates as epoch milliseconds (issue 19): 1494979200000 is 2017-05-17
    assert gleif.latest_period([{"startDate": "1494979200000", "periodType": "RELATIONSHIP_PERIOD"}]) == (
        "2017-05-17",
        None,
    )


def test_reporting_exceptions_file_stores_the_reason_per_category() -> None:
    # GLEIF's own published sample (GLEIF-IT/lei-rdf, 2019-02-01), see ORIGIN.md
    ctx = context(file=REPEX)
    records = list(gleif.records(ctx))
    assert [r.data["kind"] for r in records] == ["repex"] * 3
    entities = [e for r in records for e in gleif.normalize(ctx, r) if isinstance(e, Entity)]
    bank = entities[0].props
    assert bank["ultimateParentExceptionReasons"] == ["NO_KNOWN_PERSON"]
    assert bank["ultimateParentExceptionReference"].startswith("Материнские компании")
    assert bank["ultimateParentExceptionAsOf"] == "2019-02-01"  # the golden copy's date, from its file name
    assert "directParentExceptionReasons" not in bank
    # no node yet (no graph, no Level 1 file in this run): written named by its LEI, like a placeholder
    assert (bank["name"], bank["lei"]) == ("253400UEEJPNF0G35X65", "253400UEEJPNF0G35X65")
    second, third = entities[1].props, entities[2].props
    assert (second["directParentExceptionReasons"], third["ultimateParentExceptionReasons"]) == (
        ["NO_KNOWN_PERSON"],
        ["NO_KNOWN_PERSON"],
    )
    assert entities[0].provenance.source_id == "253400UEEJPNF0G35X65"  # the LEI record's own provenance


def test_an_exception_onto_a_named_node_never_writes_a_name() -> None:
    ctx = context(file=REPEX)
    ctx.state["described"] = {"506700GE1G29325QX363"}  # its Level 1 row was read earlier in this run
    records = list(gleif.records(ctx))
    entity = gleif.normalize(ctx, records[1])[0]
    assert isinstance(entity, Entity)
    assert "name" not in entity.props and entity.props["directParentExceptionReasons"] == ["NO_KNOWN_PERSON"]
    with pytest.raises(RecordRejected, match="unknown reporting-exception category 'SOMETHING_ELSE'"):
        gleif.csv_exception(ctx, {**records[1].data["row"], "ExceptionCategory": "SOMETHING_ELSE"}, True, "2019-02-01")


def test_api_reporting_exceptions_are_read_as_gleif_answers_them() -> None:
    # GLEIF's documented answers of /direct-parent-reporting-exception (7245007V4CF0OV507N07, NON_CONSOLIDATING)
    # and /ultimate-parent-reporting-exception (5299002HNCMIUBHOMK35, NO_KNOWN_PERSON)
    direct = load("direct_parent_reporting_exception_7245007V4CF0OV507N07.gleif_docs.json")["data"]
    ultimate = load("ultimate_parent_reporting_exception_5299002HNCMIUBHOMK35.gleif_docs.json")["data"]
    assert gleif.api_exception_props(context(), {"direct": direct}) == {
        "directParentExceptionReasons": ["NON_CONSOLIDATING"],
        "directParentExceptionReference": None,
        "directParentExceptionAsOf": "2026-11-25",  # the API gives no date: the day GLEIF answered
    }
    assert gleif.api_exception_props(context(), {"ultimate": ultimate})["ultimateParentExceptionReasons"] == [
        "NO_KNOWN_PERSON"
    ]


def test_api_exceptions_end_up_on_the_entity_of_the_record() -> None:
    # Apple Inc.'s real record links both exceptions; the answers here are 404 (no recording of Apple's own
    # exceptions was found), so the entity carries none and nothing else is asked
    answers = {
        f"/api/v1/lei-records/{APPLE}": (200, load("lei_record_549300YX4S1LLSMK2627_direct_parent.json")),
        f"/api/v1/lei-records/{APPLE}/direct-parent-reporting-exception": (404, {"errors": []}),
        f"/api/v1/lei-records/{APPLE}/ultimate-parent-reporting-exception": (404, {"errors": []}),
    }
    transport, seen = handler_for(answers)
    (org,) = all_items(api_context(transport, lei=APPLE))
    assert isinstance(org, Entity) and len(seen) == 3
    assert not {"directParentExceptionReasons", "ultimateParentExceptionReasons"} & set(org.props)
    # parents=no asks for no Level 2 at all, exceptions included
    transport, seen = handler_for(answers)
    all_items(api_context(transport, lei=APPLE, parents="no"))
    assert seen == [f"/api/v1/lei-records/{APPLE}"]
