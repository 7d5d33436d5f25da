"""resolve/snapshots.py: a matching index kept on disk answers every screening dev-set row as the index it was
built as; a file of another key is never read, a damaged one is rebuilt, and only the newest are kept."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from names import display
from resolve import matcher, snapshots
from resolve.matcher import Matcher
from screening.collaborators import read_csv
from screening.screen import organization_question

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    """The dev set's expected organizations as index records (real names: lists', ROR's), with the rows' aliases."""
    batch = read_csv(DEVSET.read_bytes())
    names: dict[str, dict[str, object]] = {}
    for row in batch.rows:
        expected = row.input.get("expected_name") or row.input["name"]
        record = names.setdefault(expected, {"id": f"dev-{len(names)}", "name": expected, "aliases": []})
        if row.input["name"] != expected:
            record["aliases"].append(row.input["name"])  # type: ignore[union-attr]
        record["country"] = row.country
        record["listings"] = 1 if row.input.get("expected_list") else 0
    return list(names.values())


def _questions() -> list[dict[str, object]]:
    return [q for row in read_csv(DEVSET.read_bytes()).rows if (q := organization_question(row)) is not None]


def test_a_kept_index_answers_every_dev_set_row_as_the_index_built(
    records: list[dict[str, object]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display, "known_keys", {})  # the process's tables, put back afterwards
    monkeypatch.setattr(display, "known_scripts", {})
    built = Matcher.from_rows(records)
    built.ready_to_keep()
    hashed = snapshots.key(records, built.match_threshold, built.review_threshold)
    snapshots.save(tmp_path, hashed, built)
    (kept,) = tmp_path.glob("organizations-*.pickle")
    assert kept.stat().st_mode & 0o777 == 0o600
    loaded = snapshots.load(tmp_path, hashed, len(records))
    assert loaded is not None and loaded is not built
    # Every name comes prepared: no process that loads the index prepares the names its rows meet again.
    assert all(found is not None for org in loaded.orgs for found in org.prepared)
    loaded.remember_display_tables()
    assert display.known_keys  # the display rule reads the kept keys of the index's names...
    fresh = Matcher.from_rows(records)  # ...and answers as when it computes them, its names prepared when met
    assert not any(found is not None for org in fresh.orgs for found in org.prepared)
    questions = _questions()
    assert len(questions) > 900
    for question in questions:
        assert loaded.match(**question) == fresh.match(**question), question


def test_the_key_changes_with_the_organizations_and_the_thresholds(records: list[dict[str, object]]) -> None:
    base = snapshots.key(records, 0.9, 0.7)
    assert snapshots.key(records, 0.9, 0.7) == base
    assert snapshots.key(records, 0.92, 0.7) != base
    assert snapshots.key(records, 0.9, 0.75) != base
    renamed = [dict(r) for r in records]
    renamed[0]["name"] = f"{renamed[0]['name']} (renamed)"
    assert snapshots.key(renamed, 0.9, 0.7) != base
    assert snapshots.key(records[:-1], 0.9, 0.7) != base


def test_a_damaged_snapshot_is_a_warning_removed_and_never_an_answer(
    records: list[dict[str, object]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    hashed = "0123456789abcdef01234567"
    path = snapshots.snapshot_file(tmp_path, hashed)
    path.write_bytes(b"\x80\x05 not a pickle")
    with caplog.at_level(logging.WARNING, logger="resolve.snapshots"):
        assert snapshots.load(tmp_path, hashed, len(records)) is None
    assert "could not be used" in caplog.text and not path.exists()
    # A readable pickle of something else (or another graph's index) is no index of this graph.
    path.write_bytes(pickle.dumps({"orgs": []}))
    assert snapshots.load(tmp_path, hashed, len(records)) is None and not path.exists()
    snapshots.save(tmp_path, hashed, Matcher.from_rows(records[:10]))
    assert snapshots.load(tmp_path, hashed, len(records)) is None  # ten organizations, not the graph's


def test_only_the_newest_snapshots_are_kept(records: list[dict[str, object]], tmp_path: Path) -> None:
    small = Matcher.from_rows(records[:5])
    folder = tmp_path / "index"
    for hashed in ("a" * 24, "b" * 24, "c" * 24):
        snapshots.save(folder, hashed, small)
    assert folder.stat().st_mode & 0o777 == 0o700  # made by save: its owner's alone
    kept = sorted(p.name for p in folder.glob("organizations-*.pickle"))
    assert len(kept) == snapshots.KEPT
    assert snapshots.snapshot_file(folder, "c" * 24).name in kept  # the one just written
    assert not list(folder.glob(".building-*"))


def test_a_folder_that_cannot_be_written_only_costs_the_next_build(
    records: list[dict[str, object]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="resolve.snapshots"):
        snapshots.save(blocker, "d" * 24, Matcher.from_rows(records[:5]))
    assert "not kept" in caplog.text
    assert snapshots.load(blocker, "d" * 24, 5) is None


def test_an_index_of_more_names_than_are_kept_prepared_prepares_them_when_met(
    records: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Matcher.from_rows(records)
    names = sum(len(org.compared) for org in index.orgs)
    monkeypatch.setattr(matcher, "PREPARED_KEPT", names - 1)
    index.ready_to_keep()
    assert not any(found is not None for org in index.orgs for found in org.prepared)
    index.match("Harbin Institute of Technology", "CN")
    assert 0 < sum(found is not None for org in index.orgs for found in org.prepared) < names
