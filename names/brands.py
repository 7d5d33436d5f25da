"""Whether a word may be a brand: a word of its own, not one the world's organization names share.

A short name ("Huawei", "SenseTime", "Tencent") at the start of an affiliation, a unit after it ("Huawei Noah's Ark
Lab", "SenseTime Research"), names a unit of the organization when its word is no common word nor a place
(resolve/units.py). How rare a word is in the matcher's index cannot say so alone: one listed family repeats its brand
in a hundred names ("huawei" is in 126 of the bundled lists' 6,877 organizations, "inspur" in 11), while ROR's names
hold each of them once or twice. The common words are ROR's (names/common_words.txt, tools/common_words.py); no
place is a brand (names.score.place_word).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

COMMON_WORDS_FILE = Path(__file__).with_name("common_words.txt")
MIN_LETTERS = 3  # shorter words are abbreviations, which the matcher reads apart (names/initials.py)


@cache
def common_words() -> frozenset[str]:
    """The words of names/common_words.txt, read once."""
    text = COMMON_WORDS_FILE.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def uncommon(word: str) -> bool:
    """Whether a word of letters is in no more than a few of ROR's names: a name of its own, maybe a brand."""
    return len(word) >= MIN_LETTERS and word.isalpha() and word not in common_words()
