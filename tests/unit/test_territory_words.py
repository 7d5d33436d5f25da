"""names.territory_words: rigour's territory lookup from a table kept in the user's cache, word for word the same."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rigour.territories import lookup_territory

from names import territory_words
from names.normalize import tokens
from resolve.matcher import compact

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    territory_words._table.cache_clear()
    yield tmp_path
    territory_words._table.cache_clear()


def _real_words() -> set[str]:
    """Every word of the dev set's real names as the matcher reads them: tokens and compacted acronyms, in Latin,
    Cyrillic and Han script, with country and place names among them."""
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    words = {w for name in names for w in tokens(name)} | {compact(w) for name in names for w in name.split()}
    return {w for w in words if w} | {"U.S.", "Hong Kong", "Россия", "(HK)", "deutschland", "prc"}


def test_every_real_word_names_the_territory_rigour_names(cache_home: Path) -> None:
    words = _real_words()
    assert len(words) > 1_000
    expected = {w: (t.code if (t := lookup_territory(w)) is not None else None) for w in words}
    assert {w: territory_words.territory_code(w) for w in words} == expected
    assert sum(code is not None for code in expected.values()) > 50  # the check meets places, not only misses


def test_the_table_is_computed_once_then_read_from_the_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert territory_words.territory_code("russian") == "ru"
    kept = list((cache_home / "tietrace").glob("territory-words-*.json"))
    assert len(kept) == 1
    territory_words._table.cache_clear()
    monkeypatch.setattr(territory_words, "_computed", lambda: pytest.fail("computed despite the cache"))
    assert territory_words.territory_code("henan") == "cn-ha"


def test_a_damaged_cache_is_computed_again(cache_home: Path) -> None:
    territory_words.territory_code("china")
    (kept,) = (cache_home / "tietrace").glob("territory-words-*.json")
    kept.write_text('{"name:china": ', encoding="utf-8")
    territory_words._table.cache_clear()
    assert territory_words.territory_code("china") == "cn"
    assert json.loads(kept.read_text(encoding="utf-8"))["name:china"] == "cn"
