"""Consolidated Screening List rows and API results normalized into the graph model (no engine)."""

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
from ingest.sources import trade_csl
from tests.ingest_helpers import FIXTURES

DIR = FIXTURES / "payloads" / "trade_csl"
CSV = DIR / "consolidated_sample.csv"
PAGES = [DIR / f"search_sources_EL_SSI_offset{n}.CONSTRUCTED.json" for n in (0, 1)]
EL = "Entity List (EL) - Bureau of Industry and Security"


def context(**kwargs: Any) -> JobContext:
    return JobContext(source="trade_csl", retrieved_at="2026-11-25T00:00:00+00:00", **kwargs)


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in trade_csl.records(ctx) if not record.error for item in trade_csl.normalize(ctx, record)]


def test_csv_rows_map_to_listed_parties_watchlists_and_listings() -> None:
    items = all_items(context(file=CSV))
    nodes = {i.id: i for i in items if isinstance(i, Entity)}
    assert sum(n.label is Label.ORGANIZATION for n in nodes.values()) == 9
    assert sum(n.label is Label.PERSON for n in nodes.values()) == 4
    assert sum(n.label is Label.WATCHLIST for n in nodes.values()) == 10
    listings = [i for i in items if isinstance(i, Relation)]
    assert len(listings) == 13 and all(r.type is Rel.LISTED_ON for r in listings)


def test_entity_list_row() -> None:
    items = all_items(context(file=CSV))
    cetc = next(
        i
        for i in items
        if isinstance(i, Entity) and i.id == "trade_csl-99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"
    )
    assert cetc.label is Label.ORGANIZATION
    assert cetc.props["name"] == "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
    assert cetc.props["country"] == "CN"
    assert "CETC Research Institute 13" in cetc.props["aliases"]  # the "and " joining the last alias is dropped
    assert len(cetc.props["aliases"]) == 6
    listing = next(i for i in items if isinstance(i, Relation) and i.start_id == cetc.id)
    watchlist = next(i for i in items if isinstance(i, Entity) and i.id == listing.end_id)
    assert watchlist.props == {
        "name": EL,
        "authority": "Bureau of Industry and Security",
        "program": "EL",
        "country": "US",
    }
    assert listing.props == {
        "program": None,
        "validFrom": "2018-08-01",
        "validTo": None,
        "reason": "83 FR 37423; 87 FR 77505",  # no remarks: the Federal Register notice is the reason
    }


def test_people_take_their_nationality_and_lists_their_dates() -> None:
    items = all_items(context(file=CSV))
    nodes = {i.id: i for i in items if isinstance(i, Entity)}
    rim = nodes["trade_csl-52291"]
    assert (rim.label, rim.props["name"], rim.props["country"]) == (Label.PERSON, "RIM, Ryong Nam", "KP")
    ash = next(i for i in items if isinstance(i, Relation) and i.start_id.startswith("trade_csl-b601cbf2"))
    assert (ash.props["validFrom"], ash.props["validTo"], ash.props["reason"]) == (
        "2002-03-04",
        "2056-06-29",
        "50 YEAR DENIAL",
    )
    isn = nodes["trade_csl-233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"]
    assert isn.props["name"] == "Sinobright Import and Export Company"  # successor clause cut
    tnk = next(i for i in items if isinstance(i, Relation) and i.start_id == "trade_csl-28603")
    assert tnk.props["program"] == "VENEZUELA-EO13850; UKRAINE-EO13662"


def test_vessels_are_audited_and_skipped(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "vessel.csv"
    path.write_text("\n".join([lines[0], lines[8].replace('"Entity"', '"Vessel"')]) + "\n", encoding="utf-8")
    ctx = context(file=path)
    (record,) = list(trade_csl.records(ctx))
    assert trade_csl.normalize(ctx, record) == []
    assert ctx.unknown_fields["type:Vessel"] == 1


def test_malformed_rows_are_rejected(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    nameless = lines[13].replace('"SME BANK"', '""')
    bad_date = lines[7].replace('"2002-03-04"', '"March 2002"')
    assert nameless != lines[13] and bad_date != lines[7]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([lines[0], nameless, bad_date]) + "\n", encoding="utf-8")
    ctx = context(file=path)
    first, second = list(trade_csl.records(ctx))
    with pytest.raises(RecordRejected, match="CSL entry 18283 has no name"):
        trade_csl.normalize(ctx, first)
    with pytest.raises(RecordRejected, match="start_date is not a date: 'March 2002'"):
        trade_csl.normalize(ctx, second)


def test_api_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(trade_csl.KEY_ENV, raising=False)
    with pytest.raises(SourceError, match=r"developer\.trade\.gov.*TIETRACE_TRADE_GOV_KEY"):
        list(trade_csl.records(context(query={"name": "x"})))


def test_api_pages_by_offset_until_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(trade_csl.KEY_ENV, "test-key")
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in PAGES]
    seen: list[dict[str, str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET" and request.url.path == "/consolidated_screening_list/v1/search"
        params = dict(request.url.params)
        seen.append(params)
        assert request.headers["subscription-key"] == "test-key"
        assert "subscription-key" not in params  # the key travels in a header, never in the URL
        assert (params["sources"], params["size"]) == ("EL,SSI", "1")
        return httpx.Response(200, json=pages[int(params["offset"])])

    http = HttpFetcher("trade_csl", None, min_interval=0, transport=httpx.MockTransport(handle))
    items = all_items(context(query={"sources": "EL,SSI", "size": "1"}, http=http))
    assert [p["offset"] for p in seen] == ["0", "1"]  # total 2 reached after the second page
    orgs = {i.id: i for i in items if isinstance(i, Entity) and i.label is Label.ORGANIZATION}
    assert orgs["trade_csl-18283"].props["country"] == "RU"
    cetc = orgs["trade_csl-99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"]
    assert cetc.props["country"] == "CN" and "CETC Research Institute 13" in cetc.props["aliases"]
    listings = [i for i in items if isinstance(i, Relation)]
    assert [r.props["program"] for r in listings] == [None, "UKRAINE-EO13662"]
    # the same party gets the same ids from the API and from the CSV file
    csv_ids = {i.id for i in all_items(context(file=CSV))}
    assert {i.id for i in items} <= csv_ids


def test_json_file_of_results(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"results": [json.loads(p.read_text(encoding="utf-8"))["results"][0] for p in PAGES]}))
    items = all_items(context(file=path))
    assert sum(isinstance(i, Relation) for i in items) == 2
