"""Two place names spelt alike are two places: Xiamen is not Xi'an misspelt, nor Hunan Henan.

Names pair words spelt alike (names.score, WORDS_PAIR), so that typos and transliterations still meet. Place names
defeat that: short, made of the same syllables, and the very word that tells two namesake institutions apart
("Xiamen University of Technology", "Xi'an Technological University"). The places are the one-word names of the
cities and regions ROR's records are in (names/places.txt, written by tools/place_words.py). Of the 1,735 pairs of
them spelt at least WORDS_PAIR alike, nearly all are two places (zhejiang/zhenjiang, shaanxi/shanxi, hangzhou/
zhangzhou, dayton/daytona); the few that are one place spelt two ways differ by a doubled consonant, y for i, ou
for u, gh for g or a final h or e (odesa/odessa, zaporizhzhya/zaporizhzhia, tartous/tartus, zawiyah/zawiya,
ghent/gent, bern/berne), which `spelt_alike` reads as one (bench/place_words.py).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.txt")
_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1")


@cache
def places() -> frozenset[str]:
    """The place words (names/places.txt), read once."""
    text = PLACES_FILE.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def spelt_alike(word: str) -> str:
    """A place word as its spellings agree: doubled consonants single, y as i, ou as u, gh as g, no final h or e."""
    word = _DOUBLED_CONSONANT.sub(r"\1", word).replace("y", "i").replace("ou", "u").replace("gh", "g")
    return word[:-1] if word.endswith(("h", "e")) else word


def two_places(x: str, y: str) -> bool:
    """Whether two different words are two places, not one place spelt two ways."""
    known = places()
    return x != y and x in known and y in known and spelt_alike(x) != spelt_alike(y)
