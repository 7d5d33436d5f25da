"""Consolidated Screening List rows and API results normalized into the graph model (no engine)."""

from __future__ import annotations

import csv
import io
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
FTM = FIXTURES / "opensanctions"
CSV = DIR / "consolidated_sample.csv"
PAGES = [DIR / f"search_sources_EL_SSI_offset{n}.CONSTRUCTED.json" for n in (0, 1)]
EL = "Entity List (EL) - Bureau of Industry and Security"
ASH = "trade_csl-b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e"  # the Denied Persons List row "I. ASH"
BENITEZ = "trade_csl-34d6611355974b0ba70eba9a096971f8"  # the ITAR Debarred row "Cesareo Estanislao Benitez"


def context(**kwargs: Any) -> JobContext:
    return JobContext(source="trade_csl", retrieved_at="2026-11-25T00:00:00+00:00", **kwargs)


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in trade_csl.records(ctx) if not record.error for item in trade_csl.normalize(ctx, record)]


def test_csv_rows_map_to_listed_parties_watchlists_and_listings() -> None:
    items = all_items(context(file=CSV))
    nodes = {i.id: i for i in items if isinstance(i, Entity)}
    # 4 rows typed Individual + 2 blank-type rows whose names are people's (test_blank_type_rows_... below)
    assert sum(n.label is Label.ORGANIZATION for n in nodes.values()) == 7
    assert sum(n.label is Label.PERSON for n in nodes.values()) == 6
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
    # the CSL source names a catalogued list: its one node, titled by the catalogue (graph/lists.yml)
    assert watchlist.id == "list-us.bis.entity_list"
    assert watchlist.props == {
        "name": "US BIS Entity List",
        "authority": "US Department of Commerce, Bureau of Industry and Security",
        "country": "US",
        "listId": "us.bis.entity_list",
    }
    assert listing.props == {
        "program": None,
        "validFrom": "2018-08-01",
        "validTo": None,
        "reason": "83 FR 37423; 87 FR 77505",  # no remarks: the Federal Register notice is the reason
        "listId": "us.bis.entity_list",
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


# ---------------------------------------------------------------- rows without a type


def test_blank_type_rows_naming_people_become_people() -> None:
    ctx = context(file=CSV)
    nodes = {i.id: i for i in all_items(ctx) if isinstance(i, Entity)}
    # "I. ASH" is Ihsan Medhat Elashi: the row's own Federal Register citation (71 F.R. 38843, 7/10/06) is the BIS
    # Decision and Order "In the Matter of: Ihsan Medhat Elashi, a/k/a I. Ash ...". Benitez is a statutory
    # debarment (53 FR 27097) under the AECA, which debars persons convicted in a US court.
    ash, benitez = nodes[ASH], nodes[BENITEZ]
    assert (ash.label, ash.props["name"], ash.props["country"]) == (Label.PERSON, "I. ASH", "US")
    assert "kind" not in ash.props  # a person has no organization kind
    assert (benitez.label, benitez.props["country"]) == (Label.PERSON, None)
    # The other blank-type rows stay organizations: none of their lists names individuals, and no name reads
    # as a person's ("Atlas Sanatgaran", UVL, is an Armenian firm).
    blank_orgs = {
        n.props["name"] for n in nodes.values() if n.label is Label.ORGANIZATION and n.props["kind"] == "other"
    }
    assert {"Atlas Sanatgaran", "Sinobright Import and Export Company"} <= blank_orgs
    # Every blank-type label says why it was given, and the organizations say theirs is assumed.
    assert dict(ctx.unknown_fields) == {
        "type:blank->Organization (assumed)": 4,
        "type:blank->Person (personal name on DPL)": 1,
        "type:blank->Person (personal name on DTC)": 1,
    }


def _row(name: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(CSV.read_text(encoding="utf-8"))))
    return next(r for r in rows if r["name"] == name)


def _normalize_row(row: dict[str, str], tmp_path: Path) -> tuple[Entity, JobContext]:
    path = tmp_path / "row.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    ctx = context(file=path)
    (record,) = list(trade_csl.records(ctx))
    listed = trade_csl.normalize(ctx, record)[0]
    assert isinstance(listed, Entity)
    return listed, ctx


def test_a_person_only_field_makes_a_blank_type_row_a_person(tmp_path: Path) -> None:
    # The real FSE row of Evren KAYAKIRAN (citizenship TR, born 1980-02-08) with its type left blank, as the BIS
    # and State lists leave it: the date of birth alone says it is a person, whatever the list.
    row = {**_row("Evren KAYAKIRAN"), "type": ""}
    listed, ctx = _normalize_row(row, tmp_path)
    assert (listed.label, listed.props["country"]) == (Label.PERSON, "TR")
    assert dict(ctx.unknown_fields) == {"type:blank->Person (dates_of_birth)": 1}


def test_a_personal_name_alone_does_not_make_a_person_on_an_organization_list(tmp_path: Path) -> None:
    # The same real DPL row moved to the Entity List: that list names mostly organizations, so the name is not
    # enough and the label stays an (assumed) organization.
    row = {**_row("I. ASH"), "source": EL}
    listed, ctx = _normalize_row(row, tmp_path)
    assert listed.label is Label.ORGANIZATION
    assert dict(ctx.unknown_fields) == {"type:blank->Organization (assumed)": 1}


def test_typed_rows_keep_their_stated_type(tmp_path: Path) -> None:
    # A stated type wins over any evidence: the real SSI row of SME BANK typed Entity stays an organization even
    # on a list that names individuals.
    row = {**_row("SME BANK"), "source": "Denied Persons List (DPL) - Bureau of Industry and Security"}
    listed, ctx = _normalize_row(row, tmp_path)
    assert listed.label is Label.ORGANIZATION
    assert not any(key.startswith("type:blank") for key in ctx.unknown_fields)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("I. ASH", True),
        ("Cesareo Estanislao Benitez", True),
        ("RIM, Ryong Nam", True),
        ("Atlas Sanatgaran", False),  # "Sanatgaran" is no personal name
        ("Sinobright Import and Export Company", False),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", False),
        ("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)", False),
        ("ROSNEFT TRADE LIMITED", False),
        ("SME BANK", False),
        ("TNK Trading International S.A.", False),
        ("Evren KAYAKIRAN", False),  # a person, but a surname the name list does not know: no claim
    ],
)
def test_personal_name_reading_on_real_csl_names(name: str, expected: bool) -> None:
    assert trade_csl.reads_as_personal_name(name) is expected


def test_no_real_organization_name_reads_as_a_personal_name() -> None:
    # Precision on 85 real organization records (the OpenSanctions fixtures: German party donors and the ZALA
    # cluster). The one hit is the donor "Dr. Gerhard Frey", a Company record that carries a man's name.
    flagged = set()
    people = []
    for path in (FTM / "parteispenden-payments.ftm.jsonl", FTM / "zala-cluster.ftm.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            entity = json.loads(line)
            name = entity["properties"].get("name", [None])[0]
            if entity["schema"] in ("Company", "Organization") and trade_csl.reads_as_personal_name(name):
                flagged.add(name)
            if entity["schema"] == "Person":
                people.append(trade_csl.reads_as_personal_name(name))
    assert flagged == {"Dr. Gerhard Frey"}
    assert sum(people) == 16 and len(people) == 28  # recall is partial by design: unknown surnames make no claim
