"""Reading collaborator lists at the edge (encodings, dialects, headers, row checks) and writing CSV results."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from screening.collaborators import InputProblem, decode, read_csv, read_json
from screening.models import ScreenMatch, ScreenResult
from screening.screen import csv_header, csv_line

SCREENING = Path(__file__).parents[1] / "fixtures" / "screening"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("organization\nGießner\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "organization\nGießner\n".encode(), "utf-8-sig"),
        ("\ufefforganization\nGießner\n".encode("utf-16-le"), "utf-16"),
        ("\ufefforganization\nGießner\n".encode("utf-16-be"), "utf-16"),
        ("organization\nGießner\n".encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    text, found, warnings = decode(data)
    assert found == encoding and text.lstrip("\ufeff") == "organization\nGießner\n"
    assert bool(warnings) == (encoding == "cp1252")


def test_the_cp1252_fallback_names_the_line_of_the_first_bad_byte() -> None:
    _, _, [warning] = decode(b"organization\nAllianz\nG\xe4rtner\n")
    assert "byte 0xe4 on line 3" in warning and "Windows-1252" in warning


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ("organization\nx\n".encode("utf-16-le"), 422, "NUL byte"),
        (b"PK\x03\x04rest", 415, "workbook"),
        (b"organization\n\x81\n", 422, "byte 0x81 on line 2"),
    ],
)
def test_undecodable_files_are_refused(data: bytes, status: int, says: str) -> None:
    with pytest.raises(InputProblem) as refused:
        decode(data)
    assert refused.value.status == status and says in refused.value.detail


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_dialects_are_sniffed(delimiter: str) -> None:
    data = f'organization{delimiter}country\n"A{delimiter}B"{delimiter}DE\nC{delimiter}FR\n'.encode()
    batch = read_csv(data)
    assert batch.delimiter == delimiter
    quoted = "A B" if delimiter == "\t" else f"A{delimiter}B"  # whitespace inside a value is collapsed
    assert [(r.organization, r.country) for r in batch.rows] == [(quoted, "DE"), ("C", "FR")]


def test_a_single_column_file_needs_no_delimiter() -> None:
    batch = read_csv(b"Institution\nAllianz SE\n\nDaimler AG\n")
    assert [(r.row, r.organization) for r in batch.rows] == [(2, "Allianz SE"), (4, "Daimler AG")]
    assert batch.delimiter == ","


def test_headers_are_recognized_by_their_common_names() -> None:
    data = b"Organisation Name,Country Code,LEI code,ROR ID,Researcher,Affiliation,Notes\nA,cn,L1,R1,Ann,B,x\n"
    batch = read_csv(data)
    [row] = batch.rows
    assert (row.organization, row.country, row.person, row.affiliation) == ("A", "CN", "Ann", "B")
    assert row.identifiers == {"lei": "L1", "ror": "R1"}
    assert row.input["Notes"] == "x" and batch.warnings == ["column(s) not used: 'Notes'"]


def test_an_affiliation_stands_in_for_a_missing_organization() -> None:
    [row] = read_csv(b"person,affiliation\nAnn Lee,Tsinghua University\n").rows
    assert row.organization is None and row.name == "Tsinghua University" and row.person == "Ann Lee"


def test_short_rows_are_padded_and_whitespace_collapsed() -> None:
    [row] = read_csv(b"organization,country,lei\n  Allianz   SE ,DE\n").rows
    assert row.organization == "Allianz SE" and row.identifiers == {} and row.input["lei"] == ""


def test_full_width_letters_a_chinese_keyboard_types_are_read_as_plain_ones() -> None:
    # "HIT" and "CN" as a Chinese or Japanese input method types them (U+FF28 U+FF29 U+FF34), with an ideographic
    # space; the row as read keeps what the file said.
    text = "organization,country\n\uff28\uff29\uff34\u3000 ,\uff23\uff2e\n"
    [row] = read_csv(text.encode("utf-8")).rows
    assert row.organization == "HIT" and row.country == "CN" and row.error is None
    assert row.input["organization"].startswith("\uff28")


def test_invalid_rows_are_kept_with_their_reasons() -> None:
    batch = read_csv((SCREENING / "invalid-rows.csv").read_bytes())
    assert [(r.row, r.error is None) for r in batch.rows] == [(2, False), (3, False), (4, False), (5, True)]
    assert batch.rows[0].error == "country: 'Narnia' is not a country name or ISO 3166 code"
    assert batch.rows[1].error == "no organization, affiliation, person or identifier: nothing to screen"
    assert batch.rows[2].error is not None and batch.rows[2].error.startswith("4 cells but the header has 3 columns")
    assert batch.rows[2].organization == "Daimler AG"  # kept as read, so the reason shows beside the name
    assert [r.row for r in batch.errors] == [2, 3, 4]


def test_real_partner_rows_with_mistakes_are_each_named() -> None:
    batch = read_csv((SCREENING / "partner-institutions-bad-rows.csv").read_bytes())
    errors = {r.row: r.error for r in batch.rows}
    assert errors[2] is None and errors[6] is None
    assert errors[3] == "no organization, affiliation, person or identifier: nothing to screen"
    assert errors[4] == "Country/Region: 'Narnia' is not a country name or ISO 3166 code"
    assert errors[5] == "Partner Institution: longer than 500 characters (2,999; TIETRACE_API_MAX_NAME_LENGTH)"
    assert errors[7] is not None and "4 cells but the header has 3 columns" in errors[7]
    assert batch.rows[0].canonical() == {"name": "Zala Aero Group", "organization": "Zala Aero Group", "country": "RU"}
    assert batch.rows[0].input == {"Partner Institution": "Zala Aero Group", "Country/Region": "Russia",
                                   "Notes": "an alias of CST LLC"}  # fmt: skip


def test_the_name_length_limit_is_configurable() -> None:
    data = (SCREENING / "partner-institutions-bad-rows.csv").read_bytes()
    assert read_csv(data, max_name_length=3000).rows[3].error is None
    [row] = read_json(b'[{"organization": "Robert Bosch GmbH"}]', max_name_length=10).rows
    assert row.error == "organization: longer than 10 characters (17; TIETRACE_API_MAX_NAME_LENGTH)"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Partner Institution", "organization"),
        ("Institution", "organization"),
        ("Organisation", "organization"),
        ("ORGANIZATION NAME", "organization"),
        ("Name of institution", "organization"),
        ("Company", "organization"),
        ("Collaborator", "organization"),
        ("Foreign Institution", "organization"),
        ("Affiliation", "affiliation"),
        ("Organizational Affiliation", "affiliation"),
    ],
)
def test_header_names_are_case_spacing_and_punctuation_insensitive(title: str, role: str) -> None:
    [row] = read_csv(f"{title},Country/Region\nTsinghua University,China\n".encode()).rows
    assert getattr(row, role) == "Tsinghua University" and row.country == "CN" and row.error is None


@pytest.mark.parametrize("beside", ["Affiliation", "Institution", "Organisation"])
def test_a_name_column_beside_an_organization_is_the_person(beside: str) -> None:
    [row] = read_csv(f"Name,{beside}\nLin Lu,The Pennsylvania State University\n".encode()).rows
    assert (row.person, row.name) == ("Lin Lu", "The Pennsylvania State University")
    [alone] = read_csv(b"Name,Country\nThe Pennsylvania State University,US\n").rows
    assert (alone.person, alone.name) == (None, "The Pennsylvania State University")


def test_nsf_coa_table_4_is_read_as_person_affiliation_and_last_active() -> None:
    batch = read_csv((SCREENING / "nsf-coa-table4.csv").read_bytes())
    assert batch.warnings == []  # the type code, email and department columns are known, echoed, not matched
    first = batch.rows[0]
    assert first.canonical() == {
        "name": "The Pennsylvania State University",
        "person": "Lin, Lu",
        "affiliation": "The Pennsylvania State University",
        "last_active": "07/11/2025",
    }
    assert first.input["Name:"] == "Lin, Lu" and first.input["4"] == "A:"
    assert [r.row for r in batch.errors] == [7]


def test_an_unknown_header_names_the_headers_found_and_accepted() -> None:
    with pytest.raises(InputProblem) as refused:
        read_csv(b"City,Notes\nBerlin,x\n")
    detail = refused.value.detail
    assert refused.value.status == 422
    assert "found 'City', 'Notes'" in detail
    assert all(f"'{name}'" in detail for name in ("partner institution", "organizational affiliation", "name"))


def test_malformed_quoting_names_the_row_and_line() -> None:
    with pytest.raises(InputProblem) as refused:
        read_csv((SCREENING / "malformed-quote.csv").read_bytes())
    assert "row 3 (line 4)" in refused.value.detail and refused.value.errors[0].row == 3


def test_row_limits_count_rows_not_bytes() -> None:
    data = b"organization\n" + b"A\n" * 5
    assert len(read_csv(data, max_rows=5).rows) == 5
    with pytest.raises(InputProblem) as refused:
        read_csv(data, max_rows=4)
    assert refused.value.status == 413
    with pytest.raises(InputProblem):
        read_json(json.dumps([{"organization": "A"}] * 5).encode(), max_rows=4)


def test_json_lists_are_validated_per_row() -> None:
    batch = read_json(
        b'[{"organization": "A", "country": "Germany", "identifiers": {"lei": "X"}}, {"affiliation": "B"}]'
    )
    assert [(r.row, r.name, r.country, r.identifiers) for r in batch.rows] == [
        (1, "A", "DE", {"lei": "X"}),
        (2, "B", None, {}),
    ]
    assert batch.rows[0].input == {"organization": "A", "country": "Germany", "identifiers": {"lei": "X"}}
    mixed = read_json(b'[{"organization": "A"}, {"country": "DE"}, {"person": "Lu Lin", "country": "Narnia"}]')
    assert [r.row for r in mixed.errors] == [2, 3]
    assert mixed.rows[1].error == "no organization, affiliation, person or identifier: nothing to screen"
    assert mixed.rows[2].error == "country: 'Narnia' is not a country name or ISO 3166 code"
    with pytest.raises(InputProblem) as refused:  # breaking the published schema is a client's bug: refused
        read_json(b'[{"organization": "A"}, {"organization": 5}, "Allianz SE"]')
    assert [(e.row, e.column) for e in refused.value.errors] == [(2, "organization"), (3, None)]


def test_csv_lines_flatten_a_result_and_defuse_formulas() -> None:
    result = ScreenResult(
        row=2,
        input={"name": "=cmd|' /C calc'!A0", "country": "DE"},
        original={"organization": "=cmd|' /C calc'!A0", "country": "DE"},
        status="match",
        organization_status="match",
        matches=[ScreenMatch(id="e1", name="-Minus AG", country="DE", score=0.97, reasons=["a", "b"])],
    )
    assert csv_header(["organization", "country"])[:4] == ["row", "organization", "country", "status"]
    # Column names come from the uploaded file: a header cell can be a formula as well as a value.
    assert csv_header(['=HYPERLINK("http://evil","x")', "+1", "@SUM(A1)", "-2", "notes"])[1:6] == [
        '\'=HYPERLINK("http://evil","x")', "'+1", "'@SUM(A1)", "'-2", "notes",
    ]  # fmt: skip
    assert csv_line(result, ["organization", "country"]) == [
        "2", "'=cmd|' /C calc'!A0", "DE", "match", "e1", "'-Minus AG", "DE", "0.97", "a | b", "", "", "", "", "", "",
        "", "",
    ]  # fmt: skip


def test_a_review_row_lists_every_candidate_in_one_cell() -> None:
    rivals = [
        ScreenMatch(id="os-cst", name="CST LLC", country="RU", score=1.0, reasons=["alias matches", "country agrees"]),
        ScreenMatch(id="os-zala", name="ZALA AERO JSC", country="RU", score=1.0, reasons=["name matches"]),
    ]
    result = ScreenResult(row=3, input={}, original={}, status="review", organization_status="review", matches=rivals)
    line = dict(zip(csv_header([]), csv_line(result, []), strict=True))
    assert line["candidates"] == (
        "CST LLC (RU) [os-cst] 1.00: alias matches, country agrees || ZALA AERO JSC (RU) [os-zala] 1.00: name matches"
    )


def test_an_error_row_carries_its_reason_in_the_csv() -> None:
    result = ScreenResult(row=4, input={}, original={"organization": ""}, status="error", matches=[], error="why")
    line = dict(zip(csv_header(["organization"]), csv_line(result, ["organization"]), strict=True))
    assert (line["status"], line["error"], line["match_id"]) == ("error", "why", "")
