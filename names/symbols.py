"""Name similarity that knows what words mean: the same word across languages counts as the same word.

"BANCO NACIONAL DE CUBA" and "NATIONAL BANK OF CUBA" share no spelling of their distinctive words, yet every word
of one has its counterpart in the other. OpenSanctions' `rigour` (MIT) tags the parts of organization names with
language-independent symbols: an organization class (banco, bank -> BANK), a generic word (nacional, national ->
NATL), a place (Cuba, "Islamic Republic of Iran" -> a territory code), a legal form, a number. We pair the parts of
two names through the symbols they share, compare what is left with rigour's typo-aware edit distance, and weigh
every part by how much it says about identity:

- a part explained by a shared place or number counts fully, a shared generic word or organization class counts
  half (it is a weaker sign of one identity), a legal form not at all (score.py weighs legal forms apart);
- a part that found no counterpart counts against, fully when it is distinctive, half when it is a generic word,
  not at all when it is a stop word or a legal form.

The result is the weighted share of both names' parts that found their counterpart, 0-1. It is one more way two
names can be similar: score.py takes the better of it and the spelling-based similarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import (
    Alignment,
    Name,
    NamePartTag,
    NameTypeTag,
    Symbol,
    SymbolCategory,
    analyze_names,
    compare_parts,
    pair_symbols,
)

from names.normalize import name_variants

FULL = frozenset({Symbol.Category.LOCATION, Symbol.Category.NUMERIC, Symbol.Category.NAME})
IGNORED = frozenset({Symbol.Category.ORG_CLASS})
GENERIC_WEIGHT = 0.5
IGNORED_TAGS = frozenset({NamePartTag.STOP, NamePartTag.LEGAL})
# A residue pair below this is not the same word misspelt; rigour already returns 0 for most of those.
RESIDUE_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class Analyzed:
    """A tagged name and what each of its parts (by index) weighs when it finds no counterpart."""

    name: Name
    weights: tuple[float, ...]  # by part index; a tuple of floats, which the garbage collector need not track


@lru_cache(maxsize=250_000)
def analyzed(name: str) -> tuple[Analyzed, ...]:
    """The tagged forms of a name and of the names it holds (brackets, ';'), for comparison."""
    names = analyze_names(NameTypeTag.ORG, list(name_variants(name)), consolidate=False, phonetics=False)
    return tuple(Analyzed(n, _weights(n)) for n in sorted(names, key=lambda n: n.form))


def _weights(name: Name) -> tuple[float, ...]:
    """What each part says about identity, by itself: its length, less for generic words, nothing for stop words
    and legal forms. Worked out once per name: matching compares one name with many."""
    categories: dict[int, set[SymbolCategory]] = {part.index: set() for part in name.parts}
    for span in name.spans:
        for part in span.parts:
            categories[part.index].add(span.symbol.category)
    weights = [0.0] * (max(categories, default=-1) + 1)
    for part in name.parts:
        found = categories[part.index]
        if part.tag in IGNORED_TAGS or (found & IGNORED and not found - IGNORED):
            weights[part.index] = 0.0
        elif found and not found & FULL:
            weights[part.index] = GENERIC_WEIGHT * len(part.comparable)
        else:
            weights[part.index] = float(len(part.comparable))
    return tuple(weights)


def _paired_weight(alignment: Alignment) -> float:
    """The weight a symbol pairing carries on each side, by the category of the symbol."""
    assert alignment.symbol is not None
    category = alignment.symbol.category
    if category in IGNORED:
        return 0.0
    factor = 1.0 if category in FULL else GENERIC_WEIGHT
    return factor * (len(alignment.qstr) + len(alignment.rstr))


def _best_pairing(query: Name, result: Name) -> tuple[Alignment, ...]:
    """The symbol pairing that explains the most characters of both names."""
    options = pair_symbols(query, result)
    return max(options, key=lambda al: sum(len(a.qstr) + len(a.rstr) for a in al), default=())


def _covered(alignments: Iterable[Alignment]) -> tuple[set[int], set[int]]:
    query: set[int] = set()
    result: set[int] = set()
    for alignment in alignments:
        query.update(p.index for p in alignment.qps)
        result.update(p.index for p in alignment.rps)
    return query, result


def compare_names(left: Analyzed, right: Analyzed) -> float:
    """0-1: the weighted share of both names' parts that found a counterpart in the other."""
    query, result = left.name, right.name
    pairing = _best_pairing(query, result)
    matched = sum(_paired_weight(a) for a in pairing)
    total = matched
    in_query, in_result = _covered(pairing)
    query_rest = [p for p in query.parts if p.index not in in_query]
    result_rest = [p for p in result.parts if p.index not in in_result]
    for alignment in compare_parts(query_rest, result_rest):
        weight = sum(left.weights[p.index] for p in alignment.qps) + sum(right.weights[p.index] for p in alignment.rps)
        total += weight
        if alignment.qps and alignment.rps and alignment.score >= RESIDUE_FLOOR:
            matched += weight * alignment.score
    return matched / total if total else 0.0


def symbol_similarity(a: str, b: str) -> float:
    """0-1: the best symbol-aware similarity between any form of name a and any form of name b."""
    return max((compare_names(x, y) for x in analyzed(a) for y in analyzed(b)), default=0.0)
