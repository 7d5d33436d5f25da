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
    # the ultimate parent is the direct parent: its record is not fetched twice; Apple Inc. publishes only
    # reporting exceptions, so nothing is asked about its parents
    assert seen == [
        f"/api/v1/lei-records/{APPLE_ENERGY}",
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent-relationship",
        f"/api/v1/lei-records/{APPLE_ENERGY}/direct-parent",
        f"/api/v1/lei-records/{APPLE_ENERGY}/ultimate-parent-relationship",
    ]
    orgs = {i.id: i for i in items if isinstance(i, Entity)}
    assert set(orgs) == {"gleif-549300YX4S1LLSMK2627", "gleif-HWUPKR0MPOU8FGXBT394"}
    assert orgs["gleif-HWUPKR0MPOU8FGXBT394"].props["name"] == "Apple Inc."
    rels = sorted((r for r in items if isinstance(r, Relation)), key=lambda r: r.props["role"])
    assert [(r.start_id, r.end_id, r.props["role"]) for r in rels] == [
        ("gleif-HWUPKR0MPOU8FGXBT394", "gleif-549300YX4S1LLSMK2627", "direct_parent"),
        ("gleif-HWUPKR0MPOU8FGXBT394", "gleif-549300YX4S1LLSMK2627", "ultimate_parent"),
    ]


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
    assert len(rels) == 5
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
    assert by_child[("gleif-549300YX4S1LLSMK2627", "ultimate_parent")].props["validFrom"] is None
    # API and file modes give the same relationship id
    assert by_child[("gleif-549300IUT8F6T4KV4469", "direct_parent")].id == (
        "gleif-549300IUT8F6T4KV4469.IS_DIRECTLY_CONSOLIDATED_BY.KY37LUS27QQX7BB93L28"
    )


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
