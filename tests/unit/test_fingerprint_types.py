"""fingerprints' legal-form table is computed once per environment and read back from the user's cache."""

from __future__ import annotations

import json
from pathlib import Path

import fingerprints
import normality
import pytest
from fingerprints.cleanup import clean_name_ascii
from fingerprints.types import replacer

import names.company_types  # noqa: F401  (installs the table)
from names import fingerprint_types


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_the_first_computation_is_cached_and_is_what_fingerprints_computes(cache_home: Path) -> None:
    assert fingerprint_types.cached() is None
    table = fingerprint_types._normalized(clean_name_ascii)
    assert table == fingerprint_types._computed(clean_name_ascii)
    assert len(table) > 500 and table["limited liability company"] == "llc"
    assert fingerprint_types.cache_file().parent == cache_home / "tietrace"
    assert fingerprint_types.cached() == table


def test_a_cached_table_is_read_not_computed(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fingerprint_types.cache_file().parent.mkdir(parents=True)
    fingerprint_types.cache_file().write_text(json.dumps({"marker company": "mc"}), encoding="utf-8")
    monkeypatch.setattr(fingerprint_types, "_computed", lambda _: pytest.fail("computed despite the cache"))
    assert fingerprint_types._normalized(clean_name_ascii) == {"marker company": "mc"}


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"llc": 3}'])
def test_a_damaged_cache_is_computed_anew_and_replaced(cache_home: Path, content: str) -> None:
    fingerprint_types.cache_file().parent.mkdir(parents=True)
    fingerprint_types.cache_file().write_text(content, encoding="utf-8")
    assert fingerprint_types._normalized(clean_name_ascii)["limited liability company"] == "llc"
    assert fingerprint_types.cached() is not None


def test_an_unwritable_cache_only_costs_the_computation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where a folder should be
    assert fingerprint_types._normalized(clean_name_ascii)["limited liability company"] == "llc"
    assert fingerprint_types.cached() is None


def test_another_version_of_the_legal_form_list_names_another_file(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprint_types.cache_file()
    monkeypatch.setattr(normality, "__version__", "0.0.0")
    assert fingerprint_types.cache_file() != before


def test_fingerprints_reads_the_table_through_it_once_company_types_is_imported(cache_home: Path) -> None:
    assert replacer.normalize_replacements is fingerprint_types._normalized
    # Ukrainian and French legal forms fold to LLC's fingerprint as the library's own table folds them
    assert fingerprints.generate("Товариство з обмеженою відповідальністю «Альфа»") == "alfa llc"
    assert fingerprints.remove_types("SOCIÉTÉ À RESPONSABILITÉ LIMITÉE CST") == "cst"
