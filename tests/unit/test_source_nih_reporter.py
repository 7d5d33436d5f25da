"""NIH RePORTER projects normalized into the graph model, on recorded real payloads (no engine).

The API tests replay the recorded projects/search response through httpx.MockTransport. Where a test needs more
than that one page can show (several pages, a total above the offset ceiling), the handler serves the same real
records sliced or filtered by fiscal year, with meta.total rewritten; no record is invented.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.http import HttpFetcher
from ingest.source import RawRecord
from ingest.sources import nih_reporter
from tests.ingest_helpers import FIXTURES

PAYLOADS = FIXTURES / "payloads" / "nih_reporter"
FULL_RECORD = PAYLOADS / "project_record_appl_11128875.json"
SEARCH = PAYLOADS / "projects_search_pi_sgro_include_fields.json"
REQUEST = PAYLOADS / "projects_search_pi_sgro_include_fields.request.json"
RETRIEVED = "2026-11-25T00:00:00+00:00"


def context(file: Path | None = None, http: HttpFetcher | None = None, **query: str) -> JobContext:
    return JobContext(source="nih_reporter", file=file, query=query, http=http, retrieved_at=RETRIEVED)


def full_record() -> dict[str, Any]:
    return json.loads(FULL_RECORD.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def search_payload() -> dict[str, Any]:
    return json.loads(SEARCH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def items_of(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in nih_reporter.records(ctx) for item in nih_reporter.normalize(ctx, record)]


def by_id(items: list[Entity | Relation]) -> dict[str, Entity | Relation]:
    return {item.id: item for item in items}


# ------------------------------------------------------------------------------------------------ normalize


def test_full_record_maps_grant_funder_recipient_and_pi() -> None:
    ctx = context(FULL_RECORD)
    [record] = list(nih_reporter.records(ctx))
    assert (record.location, record.source_id) == ("project_record_appl_11128875.json", "11128875")
    assert record.source_url == "https://reporter.nih.gov/project-details/11128875"
    items = by_id(nih_reporter.normalize(ctx, record))
    assert len(items) == 8

    grant = items["nih_reporter-3R01CA276279-02S1"]
    assert isinstance(grant, Entity) and grant.label is Label.GRANT
    props = dict(grant.props)
    assert str(props.pop("description")).startswith("This application is being submitted in response to the Notice")
    assert props == {
        "awardId": "3R01CA276279-02S1",
        "title": "The Role of Egfl6 in Tumor Immunity",
        "amount": 215041,
        "currency": "USD",
        "startDate": "2025-04-01",
        "endDate": "2026-03-31",
        "date": "2024-09-04",
        "year": 2024,
        "program": "R01",
    }
    assert grant.provenance.source_id == "11128875"
    assert grant.provenance.source_url == "https://reporter.nih.gov/project-details/11128875"

    nci = items["nih_reporter-ic.NCI"]
    assert isinstance(nci, Entity) and nci.label is Label.ORGANIZATION
    assert dict(nci.props) == {
        "name": "National Cancer Institute",
        "aliases": ["NCI"],
        "kind": "funder",
        "country": "US",
    }
    funds = items["nih_reporter-3R01CA276279-02S1.funded_by.NCI"]
    assert isinstance(funds, Relation) and funds.type is Rel.FUNDS
    assert (funds.start_id, funds.end_id) == (nci.id, grant.id)
    assert dict(funds.props) == {"role": "administering_and_funding", "amount": 215041, "currency": "USD", "year": 2024}

    magee = items["nih_reporter-org.3840801"]
    assert isinstance(magee, Entity)
    assert dict(magee.props) == {
        "name": "MAGEE-WOMEN'S RES INST AND FOUNDATION",
        "country": "US",
        "uei": "J3Z5MNJJ3FZ4",
        "duns": "119132785",
        "kind": "other",
    }
    recipient = items["nih_reporter-3R01CA276279-02S1.recipient"]
    assert isinstance(recipient, Relation) and recipient.type is Rel.AWARDED_TO
    assert (recipient.start_id, recipient.end_id, recipient.end_label) == (grant.id, magee.id, Label.ORGANIZATION)

    cascio = items["nih_reporter-pi.10814385"]
    assert isinstance(cascio, Entity) and cascio.label is Label.PERSON
    assert dict(cascio.props) == {"name": "Sandra Cascio"}
    to_pi = items["nih_reporter-3R01CA276279-02S1.pi.10814385"]
    assert isinstance(to_pi, Relation) and to_pi.type is Rel.AWARDED_TO and to_pi.end_label is Label.PERSON
    assert to_pi.props["role"] == "contact_pi"
    affiliation = items["nih_reporter-pi.10814385.affiliated.org.3840801"]
    assert isinstance(affiliation, Relation) and affiliation.type is Rel.AFFILIATED_WITH
    assert (affiliation.start_id, affiliation.end_id) == (cascio.id, magee.id)
    assert all(i.provenance.dataset == "nih_reporter" for i in items.values())
    assert ctx.unknown_fields == {}  # every field of the full record is mapped or deliberately ignored


def test_include_fields_search_yields_grants_funded_by_nigms_without_recipient() -> None:
    ctx = context(SEARCH)
    items = items_of(ctx)
    grants = [i for i in items if isinstance(i, Entity) and i.label is Label.GRANT]
    assert sorted(g.props["awardId"] for g in grants) == [
        "1F32GM103062-01A1",
        "1R35GM133616-01",
        "3R35GM133616-03S1",
        "3R35GM133616-03S2",
        "5F32GM103062-02",
        "5R35GM133616-02",
        "5R35GM133616-03",
    ]
    assert sum(g.props["amount"] for g in grants) == 412500 * 3 + 59087 + 150000 + 53282 + 49214
    assert {i.id for i in items if isinstance(i, Entity) and i.label is Label.ORGANIZATION} == {"nih_reporter-ic.NIGMS"}
    funds = [i for i in items if isinstance(i, Relation)]
    assert len(funds) == 7 and {f.type for f in funds} == {Rel.FUNDS}
    assert {f.props["role"] for f in funds} == {"administering"}
    assert ctx.unknown_fields == {}


def test_foreign_organization_keeps_its_country() -> None:
    # Derived from the real record: the organization's country changed to CANADA, its department set.
    data = full_record()
    data["organization"]["org_country"] = "CANADA"
    data["organization"]["dept_type"] = "PEDIATRICS"
    ctx = context()
    items = by_id(nih_reporter.normalize(ctx, RawRecord("x", data, source_id="11128875")))
    org = items["nih_reporter-org.3840801"]
    assert isinstance(org, Entity) and org.props["country"] == "CA" and org.props["kind"] == "university"


@pytest.mark.parametrize(
    ("name", "type_name", "dept", "kind"),
    [
        ("JOHNS HOPKINS UNIVERSITY", None, None, "university"),
        ("MAGEE-WOMEN'S RES INST AND FOUNDATION", "Other Domestic Non-Profits", None, "other"),
        ("SOME CENTER", "SCHOOLS OF MEDICINE", None, "university"),
        ("SOME CENTER", None, "NONE", "other"),
    ],
)
def test_org_kind(name: str, type_name: str | None, dept: str | None, kind: str) -> None:
    assert nih_reporter.org_kind(name, {"name": type_name} if type_name else None, dept).value == kind


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("award_amount", "n/a", "award_amount is not a number: 'n/a'"),
        ("project_num", "", "project record without a project_num"),
        ("fiscal_year", "FY24", "fiscal_year is not a year: 'FY24'"),
    ],
)
def test_bad_records_are_rejected_with_a_reason(field: str, value: str, reason: str) -> None:
    data = full_record()
    data[field] = value
    with pytest.raises(RecordRejected, match=reason):
        nih_reporter.normalize(context(), RawRecord("x", data))


def test_a_recipient_without_a_name_is_rejected() -> None:
    data = full_record()
    data["organization"]["org_name"] = " "
    with pytest.raises(RecordRejected, match="recipient organization has no org_name"):
        nih_reporter.normalize(context(), RawRecord("x", data))


def test_an_unreadable_date_is_dropped_and_audited() -> None:
    data = full_record()
    data["project_end_date"] = "31/03/2026"
    ctx = context()
    grant = nih_reporter.normalize(ctx, RawRecord("x", data))[0]
    assert grant.props["endDate"] is None and grant.props["startDate"] == "2025-04-01"
    assert ctx.unknown_fields == {"unreadable_date:project_end_date": 1}


# ---------------------------------------------------------------------------------------------------- files


def test_file_formats(tmp_path: Path) -> None:
    search = search_payload()["results"]
    array = tmp_path / "projects.json"
    array.write_text(json.dumps([*search, full_record()]), encoding="utf-8")
    records = list(nih_reporter.records(context(array)))
    assert [r.location for r in records][-1] == "projects.json[7]"
    assert [r.source_id for r in records][-1] == "11128875"

    lines = tmp_path / "projects.jsonl"
    lines.write_text("\n".join([json.dumps(full_record()), "{broken", json.dumps(search_payload())]) + "\n")
    records = list(nih_reporter.records(context(lines)))
    assert len(records) == 1 + 1 + 7
    assert records[1].location == "projects.jsonl:line 2" and records[1].error is not None
    assert records[2].location == "projects.jsonl:line 3[0]"

    response = list(nih_reporter.records(context(SEARCH)))
    assert [r.location for r in response][:2] == [
        "projects_search_pi_sgro_include_fields.json:results[0]",
        "projects_search_pi_sgro_include_fields.json:results[1]",
    ]

    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(SourceError, match="expected a projects/search response"):
        list(nih_reporter.records(context(other)))


def test_foreign_filter_in_file_mode(tmp_path: Path) -> None:
    # Derived from the real record: a second copy whose organization is in CANADA.
    canadian = full_record()
    canadian["organization"]["org_country"] = "CANADA"
    canadian["appl_id"] = 1
    path = tmp_path / "two.json"
    path.write_text(json.dumps([full_record(), canadian]), encoding="utf-8")
    ctx = context(path, foreign="true")
    assert [r.source_id for r in nih_reporter.records(ctx)] == ["1"]
    assert ctx.state["foreign_filter"] == {"kept": 1, "dropped": 1}


# ------------------------------------------------------------------------------------------------------ api


def test_criteria_from_query_and_since() -> None:
    ctx = context(
        org_names="JOHNS HOPKINS, HARVARD",
        fiscal_years="2019-2021,2024",
        pi_names="Allyson Sgro",
        project_nums="5R35GM133616-*",
        foreign="true",
    )
    ctx.since = "2025-01-01"
    assert nih_reporter.build_criteria(ctx) == {
        "org_names": ["JOHNS HOPKINS", "HARVARD"],
        "project_nums": ["5R35GM133616-*"],
        "fiscal_years": [2019, 2020, 2021, 2024],
        "pi_names": [{"any_name": "Allyson Sgro"}],
        "date_added": {"from_date": "2025-01-01", "to_date": "2026-11-25"},
    }
    with pytest.raises(SourceError, match="unknown query key"):
        nih_reporter.build_criteria(context(organisation="x"))
    with pytest.raises(SourceError, match="fiscal_years entry 'FY2020'"):
        nih_reporter.build_criteria(context(fiscal_years="FY2020"))


Handler = Callable[[dict[str, Any]], dict[str, Any]]


def replay(handler: Handler, bodies: list[dict[str, Any]]) -> httpx.MockTransport:
    def respond(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST", f"unexpected {request.method}"
        assert str(request.url) == nih_reporter.API_URL, f"unexpected URL {request.url}"
        body = json.loads(request.content)
        assert body["limit"] == 500 and (body["sort_field"], body["sort_order"]) == ("appl_id", "asc")
        bodies.append(body)
        return httpx.Response(200, json=handler(body))

    return httpx.MockTransport(respond)


def api_context(handler: Handler, bodies: list[dict[str, Any]], **query: str) -> JobContext:
    http = HttpFetcher("nih_reporter", None, min_interval=0, transport=replay(handler, bodies))
    ctx = context()
    ctx.query = query
    ctx.http = http
    return ctx


def test_api_one_page_as_recorded() -> None:
    recorded_request = json.loads(REQUEST.read_text(encoding="utf-8"))

    def handler(body: dict[str, Any]) -> dict[str, Any]:
        assert body["criteria"] == {"pi_names": recorded_request["criteria"]["pi_names"]}
        assert body["offset"] == 0
        return search_payload()

    bodies: list[dict[str, Any]] = []
    ctx = api_context(handler, bodies, pi_names="Allyson Sgro")
    records = list(nih_reporter.records(ctx))
    assert len(bodies) == 1 and len(records) == 7
    assert records[0].location == f"POST {nih_reporter.API_URL} search offset 0#0"
    assert records[0].source_id == "5R35GM133616-03"


def sliced(size: int, total: int | None = None) -> Handler:
    """Serve the recorded results `size` at a time from the requested offset (total rewritten if given)."""

    def handler(body: dict[str, Any]) -> dict[str, Any]:
        page = search_payload()
        offset = body["offset"]
        page["results"] = page["results"][offset : offset + size]
        page["meta"].update(offset=offset, total=total if total is not None else page["meta"]["total"])
        return page

    return handler


def test_api_pages_by_offset_until_meta_total() -> None:
    bodies: list[dict[str, Any]] = []
    records = list(nih_reporter.records(api_context(sliced(3), bodies, pi_names="Allyson Sgro")))
    assert [b["offset"] for b in bodies] == [0, 3, 6]
    assert len(records) == 7 and len({r.source_id for r in records}) == 7
    assert records[3].location.endswith("offset 3#0")


def test_api_splits_by_fiscal_year_above_the_offset_ceiling() -> None:
    def handler(body: dict[str, Any]) -> dict[str, Any]:
        page = search_payload()
        years = body["criteria"].get("fiscal_years")
        if len(years) > 1:  # the whole search: more than offset paging reaches
            page["meta"]["total"] = nih_reporter.REACHABLE + 1
            return page
        assert body["offset"] == 0
        page["results"] = [r for r in page["results"] if r["fiscal_year"] == years[0]]
        page["meta"]["total"] = len(page["results"])
        return page

    bodies: list[dict[str, Any]] = []
    ctx = api_context(handler, bodies, pi_names="Allyson Sgro", fiscal_years="2012-2022")
    records = list(nih_reporter.records(ctx))
    assert [b["criteria"]["fiscal_years"] for b in bodies] == [
        list(range(2012, 2023)),
        *([y] for y in range(2012, 2023)),
    ]
    assert all(b["criteria"]["pi_names"] == [{"any_name": "Allyson Sgro"}] for b in bodies)
    assert len(records) == 7
    assert sorted({r.location.split()[2] for r in records}) == ["FY2013", "FY2014", "FY2019", "FY2020", "FY2021"]


def test_api_single_year_is_read_up_to_the_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nih_reporter, "REACHABLE", 6)
    bodies: list[dict[str, Any]] = []
    ctx = api_context(sliced(3, total=20), bodies, fiscal_years="2021")
    records = list(nih_reporter.records(ctx))
    assert [b["offset"] for b in bodies] == [0, 3]
    assert len(records) == 6
    assert ctx.state["truncated"] == {"FY2021": 14}


def test_api_answer_without_results_fails_the_source() -> None:
    bodies: list[dict[str, Any]] = []
    ctx = api_context(lambda body: {"meta": copy.deepcopy(search_payload()["meta"])}, bodies)
    with pytest.raises(SourceError, match="without a results list"):
        list(nih_reporter.records(ctx))


def test_api_without_fiscal_years_splits_over_every_year_since_1985() -> None:
    def handler(body: dict[str, Any]) -> dict[str, Any]:
        page = search_payload()
        years = body["criteria"].get("fiscal_years")
        if years is None:
            page["meta"]["total"] = nih_reporter.REACHABLE + 1
            return page
        page["results"] = [r for r in page["results"] if r["fiscal_year"] == years[0]]
        page["meta"]["total"] = len(page["results"])
        return page

    bodies: list[dict[str, Any]] = []
    records = list(nih_reporter.records(api_context(handler, bodies, pi_names="Allyson Sgro")))
    years = [b["criteria"].get("fiscal_years") for b in bodies]
    assert years == [None, *([y] for y in range(1985, date.today().year + 2))]
    assert len(records) == 7
