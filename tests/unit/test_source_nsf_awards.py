"""NSF awards normalized into the graph model, on the recorded real awards.json response (no engine).

Only a one-award response was found recorded, so the paging tests shrink the page size (rpp) to 1 and rewrite
metadata.totalCount; the award served is always the recorded one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.http import HttpFetcher
from ingest.source import RawRecord
from ingest.sources import nsf_awards
from tests.ingest_helpers import FIXTURES

AWARD_FILE = FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json"
RETRIEVED = "2026-11-25T00:00:00+00:00"


def context(file: Path | None = None, http: HttpFetcher | None = None, **query: str) -> JobContext:
    return JobContext(source="nsf_awards", file=file, query=query, http=http, retrieved_at=RETRIEVED)


def response() -> dict[str, Any]:
    return json.loads(AWARD_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def award() -> dict[str, Any]:
    return response()["response"]["award"][0]  # type: ignore[no-any-return]


def test_award_maps_to_grant_funder_awardee_and_investigators() -> None:
    ctx = context(AWARD_FILE)
    [record] = list(nsf_awards.records(ctx))
    assert (record.location, record.source_id) == ("awards_id_2450546.json:response.award[0]", "2450546")
    assert record.source_url == "https://www.nsf.gov/awardsearch/showAward?AWD_ID=2450546"
    items = {i.id: i for i in nsf_awards.normalize(ctx, record)}
    assert len(items) == 11

    grant = items["nsf_awards-2450546"]
    assert isinstance(grant, Entity) and grant.label is Label.GRANT
    props = dict(grant.props)
    assert str(props.pop("description")).startswith("Large language models (LLMs) have revolutionized")
    assert props == {
        "awardId": "2450546",
        "title": "CIRC: Planning-C: Accelerating LLM Safety Research with Self-Evolving Evaluation Infrastructure",
        "amount": 100000,
        "currency": "USD",
        "startDate": "2025-07-15",
        "endDate": "2027-06-30",
        "date": "2025-07-11",
        "year": 2025,
        "program": "CCRI-CISE Cmnty Rsrch Infrstrc",
    }
    nsf = items["nsf_awards-funder.NSF"]
    assert isinstance(nsf, Entity)
    assert dict(nsf.props) == {
        "name": "U.S. National Science Foundation",
        "aliases": ["NSF"],
        "kind": "funder",
        "country": "US",
    }
    funds = items["nsf_awards-2450546.funded_by.NSF"]
    assert isinstance(funds, Relation) and funds.type is Rel.FUNDS
    assert (funds.start_id, funds.end_id) == (nsf.id, grant.id)

    psu = items["nsf_awards-org-uei.NPM2J7MSCF61"]
    assert isinstance(psu, Entity) and psu.label is Label.ORGANIZATION
    assert dict(psu.props) == {
        "name": "Pennsylvania State Univ University Park",
        "aliases": ["THE PENNSYLVANIA STATE UNIVERSITY"],
        "country": "US",
        "uei": "NPM2J7MSCF61",
        "kind": "university",
    }
    recipient = items["nsf_awards-2450546.recipient"]
    assert isinstance(recipient, Relation) and (recipient.type, recipient.end_id) == (Rel.AWARDED_TO, psu.id)

    lin = items["nsf_awards-pi.270080258"]
    assert isinstance(lin, Entity) and lin.label is Label.PERSON and dict(lin.props) == {"name": "Lu Lin"}
    to_lin = items["nsf_awards-2450546.pi"]
    assert isinstance(to_lin, Relation) and (to_lin.type, to_lin.end_id) == (Rel.AWARDED_TO, lin.id)
    assert to_lin.props["role"] == "principal_investigator"
    lin_at = items["nsf_awards-2450546.pi.affiliated"]
    assert isinstance(lin_at, Relation) and lin_at.type is Rel.AFFILIATED_WITH
    assert (lin_at.start_id, lin_at.end_id) == (lin.id, psu.id)

    people = [i for i in items.values() if isinstance(i, Entity) and i.label is Label.PERSON]
    assert sorted(p.props["name"] for p in people) == ["Jinghui Chen", "Lu Lin"]  # e-mail addresses are not kept
    co_pi_roles = [i.props["role"] for i in items.values() if isinstance(i, Relation) and "copi" in i.id]
    assert co_pi_roles == ["co_principal_investigator", "co_principal_investigator"]
    assert not any("@" in str(v) for i in items.values() for v in i.props.values())
    assert all(i.provenance.source_id == "2450546" for i in items.values())
    assert ctx.unknown_fields == {}


def test_foreign_awardee_country_survives() -> None:
    data = award()
    data["awardeeCountryCode"] = "CA"  # derived from the real award: the awardee country changed
    items = nsf_awards.normalize(context(), RawRecord("x", data, source_id="2450546"))
    org = next(i for i in items if isinstance(i, Entity) and i.id == "nsf_awards-org-uei.NPM2J7MSCF61")
    assert org.props["country"] == "CA"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("fundsObligatedAmt", "one hundred thousand", "fundsObligatedAmt is not a number: 'one hundred thousand'"),
        ("id", "", "award without an id"),
    ],
)
def test_bad_awards_are_rejected(field: str, value: str, reason: str) -> None:
    data = award()
    data[field] = value
    with pytest.raises(RecordRejected, match=reason):
        nsf_awards.normalize(context(), RawRecord("x", data))


def test_an_award_without_an_awardee_is_rejected() -> None:
    data = award()
    data["awardeeName"] = ""
    data["awardee"] = ""
    with pytest.raises(RecordRejected, match="without an awardeeName"):
        nsf_awards.normalize(context(), RawRecord("x", data))


def test_an_unreadable_date_is_dropped_and_audited() -> None:
    data = award()
    data["expDate"] = "2027-30-06"
    ctx = context()
    grant = nsf_awards.normalize(ctx, RawRecord("x", data))[0]
    assert grant.props["endDate"] is None and grant.props["startDate"] == "2025-07-15"
    assert ctx.unknown_fields == {"unreadable_date:expDate": 1}


def test_file_as_a_json_array_and_a_wrong_document(tmp_path: Path) -> None:
    array = tmp_path / "awards.json"
    array.write_text(json.dumps([award(), "x"]), encoding="utf-8")
    records = list(nsf_awards.records(context(array)))
    assert [r.location for r in records] == ["awards.json[0]", "awards.json[1]"]
    assert records[1].error == "award is a str, not an object"
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"award": []}', encoding="utf-8")
    with pytest.raises(SourceError, match="expected"):
        list(nsf_awards.records(context(wrong)))


def test_params_from_query_and_since() -> None:
    ctx = context(keyword="LLM safety", awardeeName="Pennsylvania State", dateEnd="2025-12-31")
    ctx.since = "2025-07-01"
    params = nsf_awards.build_params(ctx)
    assert params == {
        "keyword": "LLM safety",
        "awardeeName": "Pennsylvania State",
        "dateEnd": "12/31/2025",
        "dateStart": "07/01/2025",
        "printFields": nsf_awards.PRINT_FIELDS,
        "rpp": "25",
    }
    with pytest.raises(SourceError, match="unknown query key"):
        nsf_awards.build_params(context(q="x"))
    with pytest.raises(SourceError, match="is not a date"):
        nsf_awards.build_params(context(dateStart="July 2025"))


Handler = Callable[[dict[str, str]], dict[str, Any]]


def api_context(handler: Handler, seen: list[dict[str, str]], **query: str) -> JobContext:
    def respond(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET", f"unexpected {request.method}"
        assert f"{request.url.scheme}://{request.url.host}{request.url.path}" == nsf_awards.API_URL
        params = dict(request.url.params)
        assert params["printFields"] == nsf_awards.PRINT_FIELDS
        seen.append(params)
        return httpx.Response(200, json=handler(params))

    http = HttpFetcher("nsf_awards", None, min_interval=0, transport=httpx.MockTransport(respond))
    ctx = context()
    ctx.query = query
    ctx.http = http
    return ctx


def test_api_one_page_with_the_query() -> None:
    seen: list[dict[str, str]] = []
    ctx = api_context(lambda params: response(), seen, id="2450546")
    records = list(nsf_awards.records(ctx))
    assert [(p["id"], p["offset"], p["rpp"]) for p in seen] == [("2450546", "1", "25")]
    assert [r.source_id for r in records] == ["2450546"]
    assert records[0].location == f"GET {nsf_awards.API_URL} offset 1#0"


def test_api_pages_by_one_based_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nsf_awards, "RPP", 1)

    def handler(params: dict[str, str]) -> dict[str, Any]:
        page = response()
        page["response"]["metadata"]["totalCount"] = 3
        if params["offset"] == "3":
            del page["response"]["award"]  # past the end: no award list
        return page

    seen: list[dict[str, str]] = []
    records = list(nsf_awards.records(api_context(handler, seen, keyword="LLM")))
    # offset 2 serves the same recorded award again: the repeat stops the paging before offset 3
    assert [p["offset"] for p in seen] == ["1", "2"]
    assert len(records) == 1


def test_api_stops_at_total_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nsf_awards, "RPP", 1)
    seen: list[dict[str, str]] = []
    records = list(nsf_awards.records(api_context(lambda params: response(), seen, keyword="LLM")))
    assert [p["offset"] for p in seen] == ["1"] and len(records) == 1  # totalCount 1 reached


def test_api_answer_of_another_shape_fails_the_source() -> None:
    seen: list[dict[str, str]] = []
    ctx = api_context(lambda params: award(), seen)  # the award itself, not wrapped in response.award
    with pytest.raises(SourceError, match="expected"):
        list(nsf_awards.records(ctx))
