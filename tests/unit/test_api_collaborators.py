"""Reading collaborator lists at the edge (encodings, dialects, headers, row checks) and writing CSV results."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from api.collaborators import InputProblem, decode, read_csv, read_json
from api.schemas import ScreenMatch, ScreenResult
from api.screening import csv_header, csv_line

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


def test_invalid_rows_are_reported_together() -> None:
    with pytest.raises(InputProblem) as refused:
        read_csv((SCREENING / "invalid-rows.csv").read_bytes())
    problem = refused.value
    assert problem.status == 422
    assert [(e.row, e.column) for e in problem.errors] == [(2, "country"), (3, None), (4, None)]
    assert problem.errors[0].loc == ["file", 2, "country"]
    assert problem.detail.startswith("the file has 3 invalid row(s): row 2, country: 'Narnia'")


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
    with pytest.raises(InputProblem) as refused:
        read_json(b'[{"organization": "A"}, {"organization": 5}]')
    assert refused.value.errors[0].row == 2 and refused.value.errors[0].column == "organization"


def test_csv_lines_flatten_a_result_and_defuse_formulas() -> None:
    result = ScreenResult(
        row=2,
        input={"organization": "=cmd|' /C calc'!A0", "country": "DE"},
        status="match",
        matches=[ScreenMatch(id="e1", name="-Minus AG", country="DE", score=0.97, reasons=["a", "b"])],
    )
    assert csv_header(["organization", "country"])[:4] == ["row", "organization", "country", "status"]
    # Column names come from the uploaded file: a header cell can be a formula as well as a value.
    assert csv_header(['=HYPERLINK("http://evil","x")', "+1", "@SUM(A1)", "-2", "notes"])[1:6] == [
        '\'=HYPERLINK("http://evil","x")', "'+1", "'@SUM(A1)", "'-2", "notes",
    ]  # fmt: skip
    assert csv_line(result, ["organization", "country"]) == [
        "2", "'=cmd|' /C calc'!A0", "DE", "match", "e1", "'-Minus AG", "DE", "0.97", "a | b", "", "",
    ]  # fmt: skip
