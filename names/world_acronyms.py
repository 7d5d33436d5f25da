"""How many of the world's research organizations publish an abbreviation, by ROR's records (names/shared_acronyms.txt,
written by tools/shared_acronyms.py from ROR's v2 dump).

The matcher's index holds the listed organizations and few others: "SAU" has one holder there, Shenyang Aerospace
University, while ROR records five universities publishing it, two of them in China. An abbreviation written alone is
a match only when it says one organization; one that several of the world's organizations publish (in the row's
country when it gives one) is a question for a person, whatever the index holds (resolve/matcher.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SHARED_ACRONYMS_FILE = Path(__file__).with_name("shared_acronyms.txt")


@cache
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in SHARED_ACRONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            short, countries = line.split("\t")
            table[short] = tuple(countries.split())
    return table


def publishers(short: str, country: str | None = None) -> int:
    """How many of ROR's records publish the (compacted) abbreviation, in the country when one is given; 0 or 1 when
    the table does not hold it (it lists only those two or more records publish)."""
    countries = _table().get(short, ())
    if country is None:
        return len(countries)
    return sum(c == country.upper() for c in countries)
