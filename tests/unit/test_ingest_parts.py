"""Checkpoints, country names, and the file readers' errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.checkpoint import Checkpoint, CheckpointStore
from ingest.countries import to_alpha2
from ingest.errors import SourceError
from ingest.files import csv_rows
from tests.ingest_helpers import FIXTURES


def test_checkpoint_round_trip_and_damage(tmp_path: Path) -> None:
    store = CheckpointStore(tmp_path / "x" / "checkpoint.json")
    assert store.load() == Checkpoint()
    store.save(Checkpoint(fingerprint="f", committed=42, since="2026-01-01"))
    loaded = store.load()
    assert (loaded.fingerprint, loaded.committed, loaded.completed, loaded.since) == ("f", 42, False, "2026-01-01")
    store.path.write_text("{half")
    assert store.load().committed == 0  # a damaged checkpoint costs a replay, never a crash


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CHINA", "CN"),
        ("ENGLAND", "GB"),
        ("SAUDI ARABIA", "SA"),
        ("Korea, Republic of", "KR"),
        ("ru", "RU"),
        ("CHN", "CN"),
        ("Hong Kong", "HK"),
        ("TAIWAN", "TW"),
        ("Turkey", "TR"),
        ("Narnia", None),
        ("  ", None),
    ],
)
def test_country_names(name: str, code: str | None) -> None:
    assert to_alpha2(name) == code


SECTION117 = FIXTURES / "payloads" / "section117" / "foreign_gifts_edu_sample.csv"


def test_csv_rows_are_numbered_as_in_the_file() -> None:
    rows = list(csv_rows(SECTION117, required=("Institution Name", "Country of Giftor")))
    assert rows[0][0] == 1
    assert rows[0][1]["Institution Name"] == "Jacksonville State University"


def test_missing_columns_are_named() -> None:
    with pytest.raises(SourceError, match="missing columns Giftor Country"):
        list(csv_rows(SECTION117, required=("Giftor Country",)))


def test_a_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(SECTION117.read_text(encoding="utf-8").replace("Troy", "Tr\u00f6y").encode("latin-1"))
    with pytest.raises(SourceError, match=r"not valid UTF-8.*--encoding"):
        list(csv_rows(path))
    assert any("Tr\u00f6y" in row["Institution Name"] for _, row in csv_rows(path, encoding="latin-1"))
