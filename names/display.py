"""The name to show for an entity: the name most of its records agree on, in the reader's script.

Sanctions lists publish an entity under dozens of spellings: the entity's own name, transliterations, each list's
translation of its legal form ("Товариство з обмеженою відповідальністю" is Ukrainian for LLC), and former names.
The first value a record carries is whatever the last list wrote, which is how the demo partner came to be shown
by a Ukrainian list's spelling. The rule (docs/names.md), over every record of the entity (a SAME_AS cluster):

1. Candidates are the records' names and aliases; previous names are never shown as the name (only when nothing
   else is known), and abbreviations (acronyms, weak aliases) are not candidates.
2. Spellings are grouped by the name they spell: OpenSanctions' fingerprint with legal forms removed, so "LLC CST",
   "Limited Liability Company "CST"", "Общество с ограниченной ответственностью "ЦСТ"" and "SOCIÉTÉ À
   RESPONSABILITÉ LIMITÉE "CST"" are one name, "CST", in four spellings; a place in brackets at the end, ROR's
   way to tell namesakes apart ("Illumina (United States)"), is not part of the name.
3. The name chosen is the group the most records carry (in any script: a registry's own Cyrillic record agrees
   with a list's Latin spelling), then the most spellings in the reader's script (names and aliases alike: the
   graph keeps a record's first name apart, not which of the others a source called a name): the name sources
   agree on, not one list's translation; then the group more records give as their own name rather than an
   alias. Only groups with a spelling in the
   reader's script (Latin unless asked otherwise) compete while any has one.
4. Within the group the legal form most spellings use wins ("LLC" over "SARL" and "KFT"), then rigour's pick_name
   among its spellings in the reader's script (the most central spelling, mixed case preferred), those without a
   place in brackets first.

Pure: no graph, no I/O. queries/display.py feeds it what the graph holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rigour.names import pick_name

from names import company_types
from names.territory_words import territory_code

LATIN = "Latin"


@dataclass(frozen=True, slots=True)
class NamedRecord:
    """The names one record gives an entity: names (the main name and other names), aliases, previous names."""

    names: Sequence[str]
    aliases: Sequence[str] = ()
    previous: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Names:
    """What to show: the display name, the other names it is known by (also known as), and former names."""

    display: str | None
    also_known_as: list[str] = field(default_factory=list)
    previously: list[str] = field(default_factory=list)


# A graph's names with their keys (_keys) and script, computed once and kept with its matching index
# (resolve/snapshots.py), installed by `remember`: read, not computed again (0.1 ms a name, most of it ICU's
# transliteration; 1.5 s for the candidates a 1,000-row screen shows).
known_keys: dict[str, tuple[str, str]] = {}
known_scripts: dict[str, str | None] = {}
_UNKNOWN = "?"


def computed_tables(names: Iterable[str]) -> tuple[dict[str, tuple[str, str]], dict[str, str | None]]:
    """The keys and scripts of these names, for `remember`."""
    listed = list(dict.fromkeys(names))
    return {n: _keys(n) for n in listed}, {n: script_of(n) for n in listed}


def remember(keys: dict[str, tuple[str, str]], scripts: dict[str, str | None]) -> None:
    """Read these names' keys and scripts from now on (the tables of the last index loaded replace the others')."""
    global known_keys, known_scripts  # one table per process, replaced whole, read without locks
    known_keys, known_scripts = keys, scripts


_SCRIPT_WORDS = {"LATIN": LATIN, "CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARABIC": "Arabic", "HEBREW": "Hebrew"}
_HAN = ("CJK", "HIRAGANA", "KATAKANA")


def script_of(text: str) -> str | None:
    """The script most letters of a text are written in: Latin, Cyrillic, Greek, Arabic, Hebrew, Han (Chinese and
    Japanese), Hangul, or None when it has no letters."""
    found = known_scripts.get(text, _UNKNOWN)
    return _script(text) if found == _UNKNOWN else found


@lru_cache(maxsize=65536)
def _script(text: str) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        word = name.split(" ", 1)[0]
        if word in _SCRIPT_WORDS:
            counts[_SCRIPT_WORDS[word]] += 1
        elif word in _HAN or name.startswith("CJK"):
            counts["Han"] += 1
        elif word == "HANGUL":
            counts["Hangul"] += 1
        else:
            counts["other"] += 1
    return max(counts, key=lambda k: counts[k]) if counts else None


_QUALIFIER = re.compile(r"\s*\(([^()]+)\)\s*$")


def qualifier_country(text: str) -> str | None:
    """The country (ISO alpha-2) that a trailing place in brackets names ("Huawei Technologies (Poland)" -> "PL"),
    or None: ROR's records named by another's relationship carry that label and no country of their own."""
    found = _QUALIFIER.search(text)
    if found is None or found.start() == 0:
        return None
    code = territory_code(found.group(1).strip())
    country = code.split("-")[0] if code else ""
    return country.upper() if len(country) == 2 else None


@lru_cache(maxsize=65536)
def unqualified(text: str) -> str:
    """The name without a trailing place in brackets, which ROR adds to tell namesakes apart ("Illumina (United
    States)", "ECS (Germany)"): the place is not part of the name. Other brackets stay ("... (CETC-7)")."""
    found = _QUALIFIER.search(text)
    if found is None or found.start() == 0 or territory_code(found.group(1).strip()) is None:
        return text
    return text[: found.start()]


def _keys(text: str) -> tuple[str, str]:
    """(the name without its legal form, the name with it), both as fingerprints of the name without a place
    qualifier: what groups spellings."""
    found = known_keys.get(text)
    return _computed_keys(text) if found is None else found


@lru_cache(maxsize=65536)
def _computed_keys(text: str) -> tuple[str, str]:
    text = unqualified(text)
    full = company_types.generate(text) or " ".join(text.casefold().split())
    core = company_types.generate(company_types.remove_types(text) or "") or full
    return core, full


def _clean(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    listed = [values] if isinstance(values, str) else list(values)
    return list(dict.fromkeys(v.strip() for v in listed if isinstance(v, str) and v.strip()))


def display_name(records: Sequence[NamedRecord], script: str = LATIN) -> str | None:
    """The name to show for the entity these records describe (the rule in the module docstring)."""
    support: dict[str, float] = defaultdict(float)  # name group -> spellings (names 1, aliases 1/2)
    carried_by: dict[str, set[int]] = defaultdict(set)  # name group -> records carrying it
    named_by: dict[str, set[int]] = defaultdict(set)  # name group -> records giving it as their own (first) name
    forms: dict[tuple[str, str], float] = defaultdict(float)  # (group, with legal form) -> spellings
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)  # (group, with legal form) -> spellings
    # Spellings vote in the reader's script only, when there is one: a Cyrillic "Аэроскан" transliterates to
    # "aeroskan" and would otherwise outvote the "Aeroscan" the company itself writes in Latin letters.
    readable_anywhere = any(script_of(v) == script for r in records for v in (*_clean(r.names), *_clean(r.aliases)))
    for index, record in enumerate(records):
        previous = set(_clean(record.previous))
        seen: set[str] = set()
        own = _clean(record.names)[:1]
        if own and own[0] not in previous:
            named_by[_keys(own[0])[0]].add(index)
        for values in (record.names, record.aliases):
            for text in _clean(values):
                if text in previous or text in seen:
                    continue
                seen.add(text)
                core, full = _keys(text)
                carried_by[core].add(index)
                spellings[(core, full)].add(text)
                if script_of(text) == script or not readable_anywhere:
                    support[core] += 1
                    forms[(core, full)] += 1
    if not carried_by:
        fallback = [v for r in records for v in _clean(r.previous)]
        return pick_name(fallback) if fallback else None

    def in_script(key: tuple[str, str]) -> bool:
        return any(script_of(s) == script for s in spellings[key])

    readable = {core for core, full in spellings if in_script((core, full))}
    groups = readable or set(support)
    # At equal agreement and spellings, the name records give as their own beats one they list as an alias, never
    # the alphabet ("China Electronics Technology Group Corporation 13th Research Institute" over its alias "Hebei
    # Semiconductor Research Institute").
    core = max(groups, key=lambda g: (len(carried_by[g]), support.get(g, 0.0), len(named_by[g]), g))
    variants = [k for k in forms if k[0] == core and (not readable or in_script(k))]
    best = max(variants, key=lambda k: (forms.get(k, 0.0), k[1]))
    chosen = sorted(s for s in spellings[best] if not readable or script_of(s) == script)
    plain = [s for s in chosen if unqualified(s) == s]  # a spelling without ROR's place in brackets, if any
    return pick_name(plain or chosen) or (plain or chosen)[0]


def names_of(records: Sequence[NamedRecord], script: str = LATIN) -> Names:
    """The display name, and every other name and alias (also known as) and previous name (previously) of the
    records, each listed once, in the reader's script first."""
    shown = display_name(records, script)
    previous = _clean(v for r in records for v in _clean(r.previous))
    others = _clean(v for r in records for v in (*_clean(r.names), *_clean(r.aliases)))
    aka = [n for n in others if n != shown and n not in previous]
    aka.sort(key=lambda n: script_of(n) != script)  # stable: the reader's script first, sources' order kept
    return Names(display=shown, also_known_as=aka, previously=[p for p in previous if p != shown])
