"""The shipped legal-form table is the one fingerprints computes here, and a table made elsewhere is not used."""

from __future__ import annotations

import json
from pathlib import Path

import fingerprints
import pytest
from fingerprints.cleanup import clean_name_ascii
from fingerprints.types import replacer

import names.display  # noqa: F401  (installs the table)
from names import fingerprint_types


def test_the_shipped_table_is_what_fingerprints_computes_in_this_environment() -> None:
    table = fingerprint_types.shipped()
    assert table is not None, "regenerate it: python -m names.fingerprint_types"
    assert table == fingerprint_types._computed(clean_name_ascii)
    assert len(table) > 500 and table["limited liability company"] == "llc"


def test_fingerprints_reads_the_table_through_it_once_names_display_is_imported() -> None:
    assert replacer.normalize_replacements is fingerprint_types._normalized
    # Ukrainian and French legal forms fold to LLC's fingerprint as the library's own table folds them
    assert fingerprints.generate("Товариство з обмеженою відповідальністю «Альфа»") == "alfa llc"
    assert fingerprints.remove_types("SOCIÉTÉ À RESPONSABILITÉ LIMITÉE CST") == "cst"


def test_a_table_made_with_another_icu_or_list_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "fingerprint_types.json"
    data = json.loads(fingerprint_types.TABLE.read_text(encoding="utf-8"))
    data["environment"]["icu"] = "0.0"
    data["replacements"]["limited liability company"] = "wrong"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(fingerprint_types, "TABLE", stale)
    assert fingerprint_types.shipped() is None
    assert fingerprint_types._normalized(clean_name_ascii)["limited liability company"] == "llc"  # computed anew
