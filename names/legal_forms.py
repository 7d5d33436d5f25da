"""Legal forms found in organization names, from the table in legal_forms.yml, and what family each belongs to.

fingerprints already strips the common forms; this table adds the ones it misses in some languages (Hungarian
"Kft", Finnish "yhtiö", Portuguese "Sociedade de responsabilidade limitada", Russian and Ukrainian forms spelled
out in transliteration, Soviet-era types such as NPO) and gives every form a family, so that a joint-stock
company and a limited-liability company of the same name can be told apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from names.yaml_tables import safe_load

TABLE = Path(__file__).with_name("legal_forms.yml")
FAMILIES = ("joint_stock", "limited_liability", "other", "descriptor")
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Case- and accent-insensitive form of a word: 'Yhtiö' -> 'yhtio', 'Társaság' -> 'tarsasag'."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Table:
    phrases: dict[tuple[str, ...], str]  # folded words of a form -> its abbreviation
    substrings: list[tuple[str, str]]  # forms in scripts without spaces, longest first, with their abbreviation
    family: dict[str, str]  # abbreviation -> family
    longest: int
    starts: frozenset[str]  # first words of the forms: a name without any of them holds none


@cache
def table() -> Table:
    data = safe_load(TABLE.read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], str] = {}
    substrings: list[tuple[str, str]] = []
    family: dict[str, str] = {}
    for kind, forms in data.items():
        if kind not in FAMILIES:
            raise ValueError(f"{TABLE.name}: unknown family {kind!r}, expected one of {FAMILIES}")
        for abbreviation, spellings in forms.items():
            family[abbreviation] = kind
            for spelling in spellings:
                if _CJK.search(spelling):
                    substrings.append((spelling, abbreviation))
                else:
                    phrases[tuple(fold(w) for w in _WORD.findall(spelling))] = abbreviation
    substrings.sort(key=lambda sa: -len(sa[0]))
    return Table(phrases, substrings, family, max(len(p) for p in phrases), frozenset(p[0] for p in phrases))


def strip(name: str) -> tuple[str, frozenset[str]]:
    """(the name with every legal form in the table cut out, the abbreviations of the forms found).

    'Az Aeroscan Kft' -> ('Az Aeroscan ', {'kft'}); forms are whole words, the longest match wins."""
    t = table()
    found: set[str] = set()
    text = unicodedata.normalize("NFKC", name)
    for form, abbreviation in t.substrings:
        if form in text:
            text = text.replace(form, " ")
            found.add(abbreviation)
    words = list(_WORD.finditer(text))
    folded = [fold(m.group()) for m in words]
    cuts: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if folded[i] not in t.starts:
            i += 1
            continue
        for size in range(min(t.longest, len(words) - i), 0, -1):
            matched = t.phrases.get(tuple(folded[i : i + size]))
            if matched is not None:
                cuts.append((words[i].start(), words[i + size - 1].end()))
                found.add(matched)
                i += size
                break
        else:
            i += 1
    for start, end in reversed(cuts):
        text = f"{text[:start]} {text[end:]}"
    return text, frozenset(found)


def family(abbreviation: str) -> str | None:
    """joint_stock, limited_liability, other or descriptor; None for a form the table does not know."""
    return table().family.get(abbreviation)
