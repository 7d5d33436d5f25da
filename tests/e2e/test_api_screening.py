"""POST /v1/screen over HTTP: JSON, uploaded and posted CSV in several encodings and dialects, NDJSON and CSV
out, and every refusal (size, rows, encoding, malformed CSV, format, profile, date)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from access.keys import Role
from graph.model import Entity, Label, Provenance
from graph.settings import Settings
from graph.store import GraphStore
from tests.api_harness import Harness, assert_problem, running_api
from tests.ingest_helpers import FIXTURES, ingest

SCREENING = FIXTURES / "screening"
CST = "opensanctions-NK-abdzbEBkqyT29GyREbiURZ"  # CST LLC, a.k.a. Zala Aero Group
ZALA_AERO_JSC = "opensanctions-NK-cPks3aTbes8k4aCerfBAzN"
KALASHNIKOV = "opensanctions-NK-nR5AXM9AVPq4pQaSPSaVam"
AEROSCAN = "opensanctions-NK-iE6m5ryPeTAMZozfECVSL7"
ALLIANZ = "opensanctions-efccc434cdf141c7ba6f6e539bb6b42ecd97c368"
# collaborators.csv: row -> (status, best match)
EXPECTED = {
    2: ("match", CST),
    3: ("review", None),
    4: ("match", KALASHNIKOV),
    5: ("match", ALLIANZ),
    6: ("match", AEROSCAN),
    7: ("no_match", None),
}


@pytest.fixture(scope="module")
def loaded(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The real OpenSanctions fixtures (stable ids: loading them again changes nothing)."""
    for name in ("zala-cluster.ftm.jsonl", "parteispenden-payments.ftm.jsonl"):
        summary = ingest(store, "opensanctions", tmp_path_factory.mktemp("os"), file=FIXTURES / "opensanctions" / name)
        assert summary.failed is None
    return store


@pytest.fixture(scope="module")
def api(graph_settings: Settings, loaded: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with running_api(graph_settings, tmp_path_factory.mktemp("api-screen")) as harness:
        yield harness


def upload(api: Harness, path: Path, role: Role = Role.VIEWER, **params: str) -> Any:
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    return api.client.post("/v1/screen", files=files, params=params, headers=api.auth(role))


def statuses(results: list[dict[str, Any]]) -> dict[int, tuple[str, str | None]]:
    return {r["row"]: (r["status"], r["matches"][0]["id"] if r["status"] == "match" else None) for r in results}


def test_an_uploaded_csv_is_screened_row_by_row(api: Harness) -> None:
    response = upload(api, SCREENING / "collaborators.csv", as_of="2025-06-30")
    assert response.status_code == 200, response.text
    body = response.json()
    assert statuses(body["results"]) == EXPECTED
    assert body["summary"] | {"seconds": 0} == {
        "rows": 6, "match": 4, "review": 1, "no_match": 1, "error": 0, "seconds": 0
    }  # fmt: skip
    assert (body["encoding"], body["delimiter"], body["profile"], body["as_of"]) == (
        "utf-8",
        ",",
        "us-research-security",
        "2025-06-30",
    )
    assert body["warnings"] == ["column(s) not used: 'notes'"]
    first = body["results"][0]
    assert first["input"] == {"name": "Zala Aero Group", "organization": "Zala Aero Group", "country": "RU"}
    assert first["original"]["country"] == "Russia" and first["original"]["notes"].startswith("an alias")
    best = first["matches"][0]
    assert best["score"] == 1.0 and "country agrees (RU)" in best["reasons"]
    assert first["risk"]["level"] in ("high", "critical") and first["risk"]["profile"] == "us-research-security"
    assert first["risk"]["top_factors"][0]["name"] == "watchlist_proximity"


def test_ambiguous_rows_are_marked_for_review_never_resolved(api: Harness) -> None:
    [review] = [r for r in upload(api, SCREENING / "collaborators.csv").json()["results"] if r["row"] == 3]
    assert review["status"] == "review" and review["risk"] is None
    assert {m["id"] for m in review["matches"][:2]} == {CST, ZALA_AERO_JSC}
    assert review["matches"][0]["score"] == review["matches"][1]["score"]


def test_identifiers_and_affiliations_are_screened(api: Harness) -> None:
    results = {r["row"]: r for r in upload(api, SCREENING / "collaborators.csv").json()["results"]}
    assert "identifier registry matches" in results[4]["matches"][0]["reasons"]
    # Matches are shown by their display name (docs/names.md): AEROSCAN's record agrees on "Aeroscan"
    assert results[6]["input"]["person"] == "Aleksandr Zakharov"
    assert results[6]["matches"][0]["name"] == "Limited Liability Company Aeroscan"
    person = results[6]["person"]  # the person is screened too, against the graph's persons
    best = person["matches"][0]
    assert (best["name"], best["label"]) == ("Aleksandr Vyacheslavovich Zakharov", "Person")
    assert person["status"] in ("match", "review") and best["reasons"]
    assert results[7]["matches"] == [] and results[7]["risk"] is None


def test_a_json_list_is_screened_the_same_way(api: Harness) -> None:
    rows = [
        {"organization": "Zala Aero Group", "country": "Russia"},
        {"organization": "Zala Aero", "country": "RU"},
        {"identifiers": {"registry": "1111832003018"}},
        {"organization": "Allianz SE", "country": "Germany"},
        {"person": "Aleksandr Zakharov", "affiliation": "Aeroscan"},
        {"organization": "Quixotic Zymurgy Collective", "country": "US"},
    ]
    body = api.client.post("/v1/screen", json=rows, headers=api.auth()).json()
    assert statuses(body["results"]) == {row - 1: expected for row, expected in EXPECTED.items()}
    assert body["results"][2]["input"] == {"identifiers": {"registry": "1111832003018"}}
    assert body["encoding"] is None and body["delimiter"] is None


def test_windows_1252_is_read_and_announced(api: Harness) -> None:
    body = upload(api, SCREENING / "collaborators-cp1252-semicolon.csv").json()
    assert body["encoding"] == "cp1252" and body["delimiter"] == ";"
    assert any("Windows-1252" in w for w in body["warnings"])
    names = [r["original"]["Organisation"] for r in body["results"]]
    assert [r["input"]["name"] for r in body["results"]] == names
    assert names == ["Märkischer Arbeitgeberverband e. V.", "Gießner Bauunternehmung GmbH", "Robert Bosch GmbH"]
    assert body["results"][2]["original"]["Notes"] == "Stuttgart; Gerlingen"
    assert [r["status"] for r in body["results"]] == ["match"] * 3


def test_utf16_with_a_bom_and_tabs(api: Harness) -> None:
    body = upload(api, SCREENING / "collaborators-utf16-tab.csv").json()
    assert (body["encoding"], body["delimiter"], body["warnings"]) == ("utf-16", "\t", [])
    assert [(r["row"], r["status"], r["matches"][0]["name"]) for r in body["results"]] == [
        (2, "match", "Daimler AG"),
        (3, "match", "Porsche AG"),
    ]


def test_a_csv_body_works_without_multipart(api: Harness) -> None:
    data = "\ufefforganization,country\nAllianz SE,DE\n".encode()
    response = api.client.post("/v1/screen", content=data, headers={**api.auth(), "content-type": "text/csv"})
    body = response.json()
    assert body["encoding"] == "utf-8-sig" and body["results"][0]["matches"][0]["id"] == ALLIANZ


@pytest.mark.parametrize("how", ["accept", "query"])
def test_ndjson_streams_one_result_per_line(api: Harness, how: str) -> None:
    path = SCREENING / "collaborators-cp1252-semicolon.csv"
    headers = {**api.auth(), **({"Accept": "application/x-ndjson"} if how == "accept" else {})}
    params = {"format": "ndjson"} if how == "query" else {}
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    response = api.client.post("/v1/screen", files=files, params=params, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["row"] for line in lines] == [2, 3, 4] and all(line["status"] == "match" for line in lines)
    assert response.headers["tietrace-encoding"] == "cp1252" and response.headers["tietrace-delimiter"] == ";"
    assert "Windows-1252" in json.loads(response.headers["tietrace-warnings"])[0]


def csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_out_has_one_line_per_input_row(api: Harness) -> None:
    response = upload(api, SCREENING / "collaborators.csv", format="csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # a byte-order mark by default: Excel reads UTF-8
    table = csv_rows(response)
    assert [int(r["row"]) for r in table] == list(EXPECTED)
    assert list(table[0]) == [
        "row", "organization", "country", "registry", "person", "affiliation", "notes",
        "status", "match_id", "match_name", "match_country", "match_score", "reasons", "candidates",
        "risk_score", "risk_level", "person_status", "person_match_id", "person_match_name", "person_match_score",
        "error",
    ]  # fmt: skip
    assert table[0]["match_id"] == CST and table[0]["risk_level"] in ("high", "critical")
    assert "country agrees (RU)" in table[0]["reasons"] and table[0]["candidates"] == ""
    assert table[1]["status"] == "review" and table[1]["risk_score"] == ""
    assert table[5]["status"] == "no_match" and table[5]["match_id"] == ""


def test_a_review_row_carries_its_rivals_everywhere(api: Harness) -> None:
    [review] = [r for r in upload(api, SCREENING / "collaborators.csv").json()["results"] if r["row"] == 3]
    rivals = [m for m in review["matches"] if m["score"] >= 0.75]
    assert {m["id"] for m in rivals} >= {CST, ZALA_AERO_JSC} and all(m["reasons"] for m in rivals)
    streamed = upload(api, SCREENING / "collaborators.csv", format="ndjson").text.splitlines()
    assert json.loads(streamed[1])["matches"] == review["matches"]
    [line] = [r for r in csv_rows(upload(api, SCREENING / "collaborators.csv", format="csv")) if r["row"] == "3"]
    cells = line["candidates"].split(" || ")
    assert len(cells) == len(review["matches"])
    assert all(f"[{m['id']}] {m['score']:.2f}: " in cell for m, cell in zip(review["matches"], cells, strict=True))


def test_csv_out_without_a_byte_order_mark(api: Harness) -> None:
    response = upload(api, SCREENING / "collaborators.csv", format="csv", bom="false")
    assert response.content.startswith(b"row,organization,")


def test_csv_out_defuses_formulas(api: Harness) -> None:
    data = b'organization,notes\nAllianz SE,=HYPERLINK("http://evil")\n'
    response = api.client.post(
        "/v1/screen", content=data, params={"format": "csv"}, headers={**api.auth(), "content-type": "text/csv"}
    )
    [line] = csv_rows(response)
    assert line["notes"] == '\'=HYPERLINK("http://evil")'


def test_csv_out_defuses_formulas_in_the_header(api: Harness) -> None:
    """A column name from the uploaded file is echoed in the header line: defused like any cell."""
    data = b'organization,"=HYPERLINK(""http://evil"",""x"")",@cmd\nAllianz SE,a,b\n'
    response = api.client.post(
        "/v1/screen", content=data, params={"format": "csv"}, headers={**api.auth(), "content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))  # the CSV starts with a BOM
    assert header[:4] == ["row", "organization", '\'=HYPERLINK("http://evil","x")', "'@cmd"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header)


# -- rows that cannot be screened -----------------------------------------------------------------------------


def test_bad_rows_are_answered_as_errors_and_the_rest_screened(api: Harness) -> None:
    response = upload(api, SCREENING / "partner-institutions-bad-rows.csv")
    assert response.status_code == 200, response.text
    body = response.json()
    found = {r["row"]: (r["status"], r["error"]) for r in body["results"]}
    assert found[2] == ("match", None) and found[6] == ("match", None)
    assert found[3] == ("error", "no organization, affiliation, person or identifier: nothing to screen")
    assert found[4] == ("error", "Country/Region: 'Narnia' is not a country name or ISO 3166 code")
    assert found[5][0] == "error" and "longer than 500 characters" in found[5][1]
    assert found[7][0] == "error" and "4 cells but the header has 3 columns" in found[7][1]
    assert body["summary"] | {"seconds": 0} == {
        "rows": 6, "match": 2, "review": 0, "no_match": 0, "error": 4, "seconds": 0
    }  # fmt: skip
    errors = [r for r in body["results"] if r["status"] == "error"]
    assert all(r["matches"] == [] and r["risk"] is None for r in errors)
    assert body["results"][1]["input"] == {"country": "DE"}  # what the row held, under the canonical keys


def test_error_rows_stream_and_write_as_csv(api: Harness) -> None:
    lines = upload(api, SCREENING / "partner-institutions-bad-rows.csv", format="ndjson").text.splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["match", "error", "error", "error", "match", "error"]
    table = csv_rows(upload(api, SCREENING / "partner-institutions-bad-rows.csv", format="csv"))
    assert [r["status"] for r in table] == ["match", "error", "error", "error", "match", "error"]
    assert table[2]["error"] == "Country/Region: 'Narnia' is not a country name or ISO 3166 code"
    assert table[2]["Partner Institution"] == "Allianz SE"


def test_the_name_length_limit_is_a_setting(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    with running_api(graph_settings, tmp_path, max_name_length=3000) as roomy:
        path = SCREENING / "partner-institutions-bad-rows.csv"
        files = {"file": (path.name, path.read_bytes(), "text/csv")}
        body = roomy.client.post("/v1/screen", files=files, headers=roomy.auth()).json()
        assert body["results"][3]["status"] != "error" and body["summary"]["error"] == 3


# -- refusals -----------------------------------------------------------------------------------------------


def test_malformed_csv_names_the_row(api: Harness) -> None:
    body = assert_problem(upload(api, SCREENING / "malformed-quote.csv"), 422, "invalid-input")
    assert "row 3" in body["detail"] and body["errors"][0]["row"] == 3


def test_invalid_rows_are_named_with_their_columns(api: Harness) -> None:
    body = upload(api, SCREENING / "invalid-rows.csv").json()
    assert [(r["row"], r["status"]) for r in body["results"]] == [
        (2, "error"),
        (3, "error"),
        (4, "error"),
        (5, "match"),
    ]
    assert "Narnia" in body["results"][0]["error"] and body["results"][0]["error"].startswith("country: ")


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ("organization\nAllianz SE\n".encode("utf-16-le"), 422, "byte-order mark"),
        (b"PK\x03\x04\x14\x00\x06\x00", 415, "save it as CSV"),
        (b"organization\nA\x81\x8d\x8f\x90\x9d\n", 422, "cannot be decoded"),
        (b"", 422, "empty"),
        (b"organization,country\n", 422, "no collaborators"),
        (b"city,notes\nBerlin,x\n", 422, "no column names the organization"),
        (b"organization,organization\nA,B\n", 422, "repeats"),
    ],
    ids=["utf16-no-bom", "xlsx", "undecodable", "empty", "header-only", "no-name-column", "duplicate-header"],
)
def test_unreadable_files_are_refused_clearly(api: Harness, data: bytes, status: int, says: str) -> None:
    files = {"file": ("list.csv", data, "text/csv")}
    body = assert_problem(api.client.post("/v1/screen", files=files, headers=api.auth()), status)
    assert says in body["detail"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ([], None),
        ({"organization": "x"}, None),
        ([{"organization": "x", "colour": "red"}], (1, "colour")),
        ([{"organization": "x", "identifiers": {"passport": "1"}}], (1, "identifiers")),
        ([{"organization": "x"}, "Allianz SE"], (2, None)),
    ],
    ids=["empty", "not-a-list", "unknown-field", "bad-scheme", "not-an-object"],
)
def test_json_bodies_that_break_the_schema_are_422_naming_row_and_field(
    api: Harness, body: object, where: tuple[int, str | None] | None
) -> None:
    problem = assert_problem(api.client.post("/v1/screen", json=body, headers=api.auth()), 422, "invalid-input")
    if where is not None:
        assert (problem["errors"][0]["row"], problem["errors"][0].get("column")) == where


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ({"country": "DE"}, "nothing to screen"),
        ({"organization": "Allianz SE", "country": "Narnia"}, "country: 'Narnia' is not a country"),
        ({"organization": "Allianz SE " * 50}, "organization: longer than 500 characters"),
    ],
    ids=["nothing-to-screen", "bad-country", "too-long"],
)
def test_json_rows_that_cannot_be_screened_are_error_rows(api: Harness, row: object, says: str) -> None:
    response = api.client.post("/v1/screen", json=[{"organization": "Allianz SE"}, row], headers=api.auth())
    assert response.status_code == 200, response.text
    good, bad = response.json()["results"]
    assert (good["status"], good["matches"][0]["id"]) == ("match", ALLIANZ)
    assert (bad["row"], bad["status"]) == (2, "error") and says in bad["error"]


def test_json_that_is_not_json_is_422(api: Harness) -> None:
    response = api.client.post("/v1/screen", content=b"[{", headers={**api.auth(), "content-type": "application/json"})
    assert "not JSON" in assert_problem(response, 422)["detail"]


def test_unsupported_media_types_are_415(api: Harness) -> None:
    response = api.client.post(
        "/v1/screen", content=b"<rows/>", headers={**api.auth(), "content-type": "application/xml"}
    )
    assert "application/json" in assert_problem(response, 415, "unsupported-format")["detail"]


def test_a_multipart_upload_without_a_file_is_422(api: Harness) -> None:
    response = api.client.post("/v1/screen", data={"other": "x"}, files={"x": ("a", b"b")}, headers=api.auth())
    assert "'file'" in assert_problem(response, 422)["detail"]


def test_unknown_profiles_and_bad_dates(api: Harness) -> None:
    assert_problem(upload(api, SCREENING / "collaborators.csv", profile="nope"), 404, "not-found")
    assert_problem(upload(api, SCREENING / "collaborators.csv", as_of="2024-13-01"), 422)
    assert_problem(upload(api, SCREENING / "collaborators.csv", format="xml"), 422)


def test_size_and_row_limits(graph_settings: Settings, loaded: GraphStore, tmp_path: Path) -> None:
    with running_api(graph_settings, tmp_path, max_upload_bytes=200, max_rows=3) as small:
        big = b"organization\n" + b"Allianz SE\n" * 40
        files = {"file": ("big.csv", big, "text/csv")}
        body = assert_problem(small.client.post("/v1/screen", files=files, headers=small.auth()), 413, "too-large")
        assert "TIETRACE_API_MAX_UPLOAD_BYTES" in body["detail"]
        posted = small.client.post("/v1/screen", content=big, headers={**small.auth(), "content-type": "text/csv"})
        assert_problem(posted, 413)
        as_json = small.client.post("/v1/screen", json=[{"organization": "A" * 50}] * 4, headers=small.auth())
        assert_problem(as_json, 413)
        rows = b"organization\nAllianz SE\nDaimler AG\nPorsche AG\nRobert Bosch GmbH\n"
        many = small.client.post("/v1/screen", files={"file": ("m.csv", rows, "text/csv")}, headers=small.auth())
        assert "more than 3" in assert_problem(many, 413)["detail"]
        ok = small.client.post("/v1/screen", files={"file": ("m.csv", rows[:45], "text/csv")}, headers=small.auth())
        assert ok.status_code == 200 and ok.json()["summary"]["rows"] == 3


def test_screening_is_audited_with_its_row_count(api: Harness) -> None:
    upload(api, SCREENING / "collaborators.csv", role=Role.ADMIN)
    [record] = [r for r in api.audit.read() if r["path"] == "/v1/screen" and r["role"] == "admin"]
    assert record["rows"] == 6 and record["status"] == 200 and record["encoding"] == "utf-8"
    assert record["row_errors"] == 0


def test_the_matching_index_is_reused_and_rebuilt_when_the_graph_changes(api: Harness, store: GraphStore) -> None:
    cache = api.app.state.matchers
    rows = [{"organization": "Zymurgical Apiscreen Institute", "country": "NZ"}]
    first = api.client.post("/v1/screen", json=rows, headers=api.auth()).json()
    builds = cache.builds
    api.client.post("/v1/screen", json=rows, headers=api.auth())
    assert cache.builds == builds  # nothing changed: the same index
    assert first["results"][0]["status"] == "no_match"
    provenance = Provenance(dataset="test", source_id="screen", retrieved_at="2026-11-25T00:00:00+00:00")
    with store.writer() as writer:
        writer.add(
            Entity(
                "apiscreen-zym",
                Label.ORGANIZATION,
                provenance,
                {"name": "Zymurgical Apiscreen Institute", "country": "NZ"},
            )
        )
    after = api.client.post("/v1/screen", json=rows, headers=api.auth()).json()
    assert cache.builds == builds + 1
    assert after["results"][0]["status"] == "match" and after["results"][0]["matches"][0]["id"] == "apiscreen-zym"
    # The rebuilt index warms in the background: every name of every organization is then prepared.
    assert cache.warming is not None
    cache.warming.join(timeout=60)
    index = cache.get(store)
    assert index.orgs and all(p is not None for org in index.orgs for p in org.prepared)
