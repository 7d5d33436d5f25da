"""CSV files are read as RFC 4180 whenever they are RFC 4180, and the dialect used is reported."""

from __future__ import annotations

import csv
from pathlib import Path

from ingest.files import RFC4180, choose_dialect, csv_rows
from tests.ingest_helpers import FIXTURES

# Real GLEIF Level 1 records (golden copy 2024-05-05), fully quoted as GLEIF publishes its CSV; see ORIGIN.md.
GLEIF_L1 = FIXTURES / "payloads" / "gleif" / "20240505-0000-gleif-goldencopy-lei2-intra-day.TRANSCRIBED.csv"


def test_fully_quoted_gleif_rows_are_read_as_rfc4180() -> None:
    notes: dict[str, str] = {}
    rows = {row["LEI"]: row for _, row in csv_rows(GLEIF_L1, notes=notes)}
    assert notes["csvDialect"] == RFC4180
    # commas inside quoted fields stay inside their field
    assert rows["5493006HNCQSOJIWXV85"]["Entity.LegalName"] == "CARTHAGE ASSOCIATES, LLC"
    assert rows["54930070OU0R7YXZXH12"]["Entity.LegalAddress.FirstAddressLine"] == (
        "C/O Fredrik Åkerblad, Swedenborgsgatan 61 B"
    )
    assert rows["54930070OU0R7YXZXH12"]["Entity.EntityCreationDate"] == "2019-09-20T00:00:00+02:00"


def test_the_sniffer_alone_would_not_read_doubled_quotes_in_such_a_file() -> None:
    # Why the standard is tried first: on a fully quoted sample without a doubled quote, Python's sniffer guesses
    # doublequote=False, so a later `""E""` would be split into the wrong columns (issue 19).
    sample = GLEIF_L1.read_text(encoding="utf-8")
    assert csv.Sniffer().sniff(sample, delimiters=",;\t|").doublequote is False
    assert choose_dialect(sample).description == RFC4180


def test_doubled_quotes_inside_a_quoted_field(tmp_path: Path) -> None:
    # RFC 4180 section 2, rule 7, its own example: a double quote inside a quoted field is written twice.
    path = tmp_path / "rfc.csv"
    path.write_text('"field_1","field_2","field_3"\r\n"aaa","b""bb","ccc"\r\n', encoding="utf-8")
    notes: dict[str, str] = {}
    assert [row for _, row in csv_rows(path, notes=notes)] == [{"field_1": "aaa", "field_2": 'b"bb', "field_3": "ccc"}]
    assert notes["csvDialect"] == RFC4180


def test_other_dialects_are_still_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "semicolons.csv"
    path.write_text("name;country\nZala Aero;RU\n", encoding="utf-8")
    notes: dict[str, str] = {}
    assert [row for _, row in csv_rows(path, notes=notes)] == [{"name": "Zala Aero", "country": "RU"}]
    assert notes["csvDialect"].startswith("sniffed: delimiter ';'")


def test_rows_of_unequal_width_are_not_taken_for_rfc4180() -> None:
    # one column on the header line and three below: the standard reading is inconsistent, so it is not chosen
    assert choose_dialect("a\n1,2,3\n4,5,6\n").description != RFC4180
    # a sample cut in the middle of its last row is judged on its complete rows
    assert choose_dialect('"a","b"\r\n"1","2"\r\n"3",').description == RFC4180


def test_skip_empty_rows_hold_the_same_cells_as_full_rows(tmp_path: Path) -> None:
    """The real GLEIF rows, and a blank line, a short row and a row with a cell too many: with skip_empty each row
    is the full row without its empty cells, numbered alike."""
    lines = GLEIF_L1.read_text(encoding="utf-8").splitlines()
    short = ",".join(lines[4].split(",")[:5])  # ROGER SUSHI AS: no comma inside its first five cells
    path = tmp_path / "wide.csv"
    path.write_text("\r\n".join([*lines, "", short, lines[2] + ',"extra"']) + "\r\n", encoding="utf-8")
    full = list(csv_rows(path))
    sparse = list(csv_rows(path, skip_empty=True))
    assert [n for n, _ in sparse] == [n for n, _ in full] == [1, 2, 3, 4, 5, 6]
    for (_, whole), (_, cells) in zip(full, sparse, strict=True):
        assert cells == {key: value for key, value in whole.items() if value}
    assert sparse[5][1]["__extra_cells__"] == "yes" and "Entity.LegalAddress.Country" not in sparse[4][1]
    becura = sparse[2][1]
    assert becura["Entity.LegalName"] == "Becura AB" and "Entity.LegalAddress.AdditionalAddressLine.1" not in becura
