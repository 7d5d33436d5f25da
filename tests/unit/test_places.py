"""Place words (names/places.py): ROR's cities and regions, told apart when spelt alike, one place spelt two ways
still one. The records are real ROR v2 records (tests/fixtures/payloads/ror, as ROR publishes them)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from names.places import places, spelt_alike, two_places

ROOT = Path(__file__).parents[2]
ROR_V2 = ROOT / "tests" / "fixtures" / "payloads" / "ror" / "ror-records-v2.json"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("place_words", ROOT / "tools" / "place_words.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_place_words_are_rors_one_word_cities_and_regions() -> None:
    records = json.loads(ROR_V2.read_text(encoding="utf-8"))
    found = _tool().place_words(records)
    # HIT's Harbin and Heilongjiang, Sun Yat-sen University's Guangzhou, Central South University's Changsha ...
    assert {"harbin", "heilongjiang", "guangzhou", "changsha", "beijing"} <= found
    assert "new" not in found and "york" not in found  # L-3's New York is two words: no one-word place
    # The file the tool wrote from the whole dump holds what it reads from these records.
    assert found <= places()
    # A word that is also a field or a kind of institution is no place word ("Normal", Illinois).
    assert "normal" not in places() and "institute" not in places()


def test_two_places_spelt_alike_are_two_and_one_spelt_two_ways_is_one() -> None:
    assert two_places("xiamen", "xian") and two_places("hebei", "hubei") and two_places("shaanxi", "shanxi")
    assert not two_places("odesa", "odessa") and not two_places("bern", "berne") and not two_places("ghent", "gent")
    assert spelt_alike("zaporizhzhya") == spelt_alike("zaporizhzhia")
    assert not two_places("xian", "xian")  # the same word
    assert not two_places("xian", "xidian")  # only one of them a place: spelling decides, as before
