"""Han-script institution names translated word by word into English, so that they can be compared as English names.

The lists publish no Chinese, and most Chinese institutions carry no record with their Han-script name, so
"国防科技大学" can only be found as "National University of Defense Technology". Institution names are compositional:
a place or proper noun, then fields ("航空航天" aeronautics and astronautics), then the kind of institution ("大学"
university, "研究所" research institute), maybe an ordinal ("第五十四研究所" 54th research institute). The glossary
(han.yml) renders the vocabulary, matched greedily longest first; the characters it does not know are proper nouns
and are romanized in pinyin, the syllables of a run joined ("榆林" -> "yulin"), places whose English name is not
their pinyin taken from its gazetteer. A term with several renderings gives a few variants, the usual renderings
first. Word order stays Chinese ("harbin industrial university"): the scorer compares bags of weighted words.
"""

from __future__ import annotations

import heapq
import re
import threading
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import icu

from names.yaml_tables import safe_load

GLOSSARY = Path(__file__).with_name("han.yml")
MAX_VARIANTS = 6  # renderings multiply: the best few combinations, not all of them
MAX_CHARACTERS = 64  # longer is a pasted paragraph or list, no institution's name: not translated
_SEARCHED = 500  # combinations looked at, at most, to find them (renderings that drop a term can coincide)
# A word rendered twice in a row, once by a group's name and once by its 公司 ("... group corporation corporation").
_REPEATED = re.compile(r"\b(\w+)(?: \1\b)+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z0-9]+")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")
# Without 第 before it, a numeral is an ordinal only before the unit it numbers ("五十四所", "七〇一所"), and only
# with two characters or more: one alone is a word of a name ("统一", "一汽").
_NUMBERED = re.compile(r"(?:研究所|研究院|所|院|厂|医院|部队|基地)")
_NUMBERED_ACADEMY = ("academy", "research institute")
_ORDINALS = dict(
    enumerate(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1)
)
# ICU transliterators are not documented as safe to share between threads; the API screens in a thread pool.
_ICU = threading.Lock()


class GlossaryError(ValueError):
    """han.yml holds an entry that is not a Han-script term with English renderings."""


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: dict[str, tuple[str, ...]]  # term or place -> its renderings, the usual one first
    longest: int
    # term -> how far each rendering strays from the usual (0 for the first); renderings a term has equally often
    # share a rank. Terms left out rank theirs 0, 1, 2 ...
    ranks: dict[str, tuple[int, ...]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # the provinces, regions and cities among the terms (places, plain_places)
    brands: frozenset[str] = frozenset()  # the companies' brands among the terms: proper nouns all the same


@cache
def glossary(path: Path = GLOSSARY) -> Glossary:
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    terms: dict[str, tuple[str, ...]] = {}
    ranks: dict[str, tuple[int, ...]] = {}
    for section in ("terms", "places", "names", "brands"):
        for term, renderings in (data.get(section) or {}).items():
            where = f"{path.name}: {section}.{term}"
            if not isinstance(term, str) or not term or not all(_HAN.match(ch) for ch in term):
                raise GlossaryError(f"{where}: a term is written in Han characters only")
            values = [renderings] if isinstance(renderings, str) else renderings
            # A list inside the list holds renderings equally usual: one rank for all of them.
            groups = [[v] if isinstance(v, str) else v for v in values] if isinstance(values, list) else []
            if not groups or not all(g and isinstance(g, list) and all(isinstance(v, str) for v in g) for g in groups):
                raise GlossaryError(
                    f"{where}: give one English rendering or a list of them (a list within it: equally usual ones)"
                )
            if section == "brands" and pinyin(term) not in (v.strip().lower() for g in groups for v in g):
                groups.append([pinyin(term)])  # lists write a company's brand in pinyin too
            terms[term] = tuple(v.strip().lower() for g in groups for v in g)
            if any(len(g) > 1 for g in groups):
                ranks[term] = tuple(rank for rank, g in enumerate(groups) for _ in g)
    for place in data.get("plain_places") or []:
        if not isinstance(place, str) or not place or not all(_HAN.match(ch) for ch in place):
            raise GlossaryError(f"{path.name}: plain_places: {place!r} is not a place name in Han characters")
        terms.setdefault(place, (pinyin(place),))
    places = frozenset([*(data.get("places") or {}), *(data.get("plain_places") or [])])
    brands = frozenset(data.get("brands") or {})
    return Glossary(terms, max(map(len, terms), default=1), ranks, places, brands)


# Built on first use, not on import: the two cost 0.15 s, which every process importing the matcher paid, though
# only a name in Han script needs them.
@cache
def _icu(transform: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transform)


@lru_cache(maxsize=50_000)
def simplified(text: str) -> str:
    """Traditional characters as simplified ones ('國立清華大學' -> '国立清华大学'), the glossary's script."""
    with _ICU:
        return str(_icu("Hant-Hans").transliterate(text))


@lru_cache(maxsize=50_000)
def pinyin(run: str) -> str:
    """A proper noun in pinyin, its syllables joined: '榆林' -> 'yulin'."""
    with _ICU:
        return "".join(str(_icu("Han-Latin; Latin-ASCII").transliterate(run)).split()).lower()


def chinese_number(numeral: str) -> int | None:
    """'五十四' -> 54, '七〇一' -> 701, '十' -> 10, '二十' -> 20; None for what is not a number."""
    if not numeral or not _NUMERAL.fullmatch(numeral):
        return None
    if not any(ch in _UNITS for ch in numeral):  # digit by digit: 七〇一
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            digit = _DIGITS[ch]
    return total + (digit or 0)


_ORDINAL_NUMERAL = re.compile(
    r"第([零〇一二两三四五六七八九十百千]+)|([零〇一二两三四五六七八九十百千]{2,})(?=研究所|研究院|所|院|厂|医院|部队|基地)"
)


def han_numbers(name: str) -> frozenset[str]:
    """The numbers a Han-script name gives its unit, as digits: '中国船舶重工集团公司第七一九研究所' -> {'719'}.

    Numbered units of one group differ by their number only (the 715th and 719th institutes of one shipbuilder),
    and two names in Han script meet only when the same: names.normalize.numbers reads these too, so that their
    translations conflict as "13th" and "55th" do in English. The same rule as the translation: after 第, or two
    numerals or more before the unit they number ("一汽" is a name, not a number)."""
    if not _HAN.search(name):
        return frozenset()
    found = (chinese_number(_numeral(m)) for m in _ORDINAL_NUMERAL.finditer(name))
    return frozenset(str(n) for n in found if n is not None)


def _numeral(found: re.Match[str]) -> str:
    """The numeral an _ORDINAL_NUMERAL match read: after 第, or before the unit it numbers."""
    return found.group(1) or found.group(2)


def numerals_as_digits(name: str) -> str:
    """The numbers a Han-script name gives its units written in digits, as han_numbers reads them: '第七一九研究所'
    -> '第719研究所', so that a unit written either way is one name in its script."""
    if not _HAN.search(name):
        return name

    def digits(found: re.Match[str]) -> str:
        numeral = _numeral(found)
        number = chinese_number(numeral)
        return found.group().replace(numeral, str(number)) if number is not None else found.group()

    return _ORDINAL_NUMERAL.sub(digits, name)


def segments(name: str) -> list[tuple[str, ...]]:
    """The name as a sequence of segments, each with its renderings: glossary terms, romanized proper nouns,
    numbers, and Latin letters or digits as written."""
    return [renderings for renderings, _ in _ranked_segments(name)]


def proper_nouns(name: str) -> tuple[str, ...]:
    """The runs of Han characters no glossary term covers, and the glossary's brands, as translation reads the name
    (in simplified characters): a brand or a person's name ("北京旷视科技" -> ("旷视",)); () for a name of glossary
    terms only."""
    return _read(name)[1]


def _ranked_segments(name: str) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    """segments, each with the rank of each rendering (Glossary.ranks)."""
    return _read(name)[0]


def _read(name: str) -> tuple[list[tuple[tuple[str, ...], tuple[int, ...]]], tuple[str, ...]]:
    """_ranked_segments, and proper_nouns."""
    text = simplified(name)
    known = glossary()
    terms, longest = known.terms, known.longest
    out: list[tuple[str, ...]] = []
    ranks: dict[int, tuple[int, ...]] = {}  # by position in out: a term's own ranks, where it has them
    pending: list[str] = []  # characters of a proper noun, romanized together
    nouns: list[str] = []

    def flush() -> None:
        if pending:
            nouns.append("".join(pending))
            out.append((pinyin(nouns[-1]),))
            pending.clear()

    at = 0
    while at < len(text):
        ch = text[at]
        numeral = _NUMERAL.match(text, at + 1 if ch == "第" else at)
        if numeral is not None and (ch == "第" or (len(numeral.group()) >= 2 and _NUMBERED.match(text, numeral.end()))):
            number = chinese_number(numeral.group())
            if number is not None:
                flush()
                # "第二研究院" is the Second Academy as often as the 2nd: small ordinals also as words.
                word = _ORDINALS.get(number) if ch == "第" else None
                out.append((str(number), word) if word else (str(number),))
                at = numeral.end()
                if ch == "第" and text.startswith("研究院", at):
                    out.append(_NUMBERED_ACADEMY)  # a group's numbered 研究院 is its "Nth Academy"
                    at += len("研究院")
                continue
        if _HAN.match(ch):
            for size in range(min(longest, len(text) - at), 0, -1):
                term = text[at : at + size]
                found = terms.get(term)
                if found is not None:
                    flush()
                    if term in known.brands:
                        nouns.append(term)  # a brand is a proper noun that the glossary renders
                    if term in known.ranks:
                        ranks[len(out)] = known.ranks[term]
                    out.append(found)
                    at += size
                    break
            else:
                pending.append(ch)
                at += 1
            continue
        flush()
        latin = _LATIN.match(text, at)
        if latin is not None:
            out.append((latin.group().lower(),))
            at = latin.end()
        else:
            at += 1  # punctuation and brackets separate words
    flush()
    return [(part, ranks.get(i) or tuple(range(len(part)))) for i, part in enumerate(out)], tuple(nouns)


# A place a company's Han-script name starts with may end in 市 (city) or 省 (province): "深圳市大疆创新科技".
_PLACE_ENDS = ("市", "省")
PROPER_NOUN_LEAST = 2  # characters: a brand ("旷视", "华大"); one alone is mostly a word (第, 新)


@lru_cache(maxsize=20_000)
def place_apart(a: str, b: str) -> str | None:
    """The place one of two Han-script forms (names.normalize.cjk) starts with where the other, otherwise the same,
    says none: "北京旷视科技" / "旷视科技" -> "北京", as a company writes its city before its brand. None when the two
    differ otherwise, when what comes first is no place of the glossary's (places, plain_places; 市 or 省 after it),
    or when the rest holds no proper noun (PROPER_NOUN_LEAST characters): the rest of 杭州电子科技大学 (Hangzhou
    Dianzi University) is 电子科技大学, another university's whole name. Measured on ROR's 9,982 Han-script names
    (bench/han_place_names.py): of 80 pairs a place apart, 73 were two organizations (杭州电子科技大学 and UESTC's
    电子科技大学; most, a city's university and ZEN University, whose form is 大学); of the 7 whose rest holds a brand,
    5 were one organization and 2 a city's branch of the other (BGI Research, Wuhan)."""
    if len(a) == len(b):
        return None
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not longer.endswith(shorter):
        return None
    said = longer[: len(longer) - len(shorter)]
    if not is_place(said):
        return None
    return said if any(len(noun) >= PROPER_NOUN_LEAST for noun in proper_nouns(shorter)) else None


def is_place(said: str) -> bool:
    """Whether the characters are a place of the glossary's (places, plain_places), maybe with 市 or 省 after it."""
    return (said[:-1] if said.endswith(_PLACE_ENDS) else said) in glossary().places


def translate(name: str) -> tuple[str, ...]:
    """English renderings of a Han-script name, the most usual first, at most MAX_VARIANTS: '哈尔滨工业大学' ->
    ('harbin university of technology', 'harbin polytechnical university', ...). () for a name without Han."""
    return tuple(english for english, _ in renderings(name))


@lru_cache(maxsize=20_000)
def renderings(name: str) -> tuple[tuple[str, int], ...]:
    """translate's renderings, each with how far it strays from the usual one: the sum over its terms of the rank of
    the rendering taken (0 for the first; renderings equally usual share a rank: Glossary.ranks)."""
    if not _HAN.search(name) or len(name) > MAX_CHARACTERS:
        return ()
    parts = _ranked_segments(name)
    # Combinations by how far they stray from the usual renderings (the sum of the ranks chosen), the last terms
    # (the kind of institution: "research institute" or "institute") varying first: best first from the usual
    # combination, each step one term's next rendering, so a long name costs what its few best combinations do.
    start = tuple(0 for _ in parts)
    frontier, seen = [(0, start)], {start}
    found: dict[str, int] = {}
    while frontier and len(found) < MAX_VARIANTS and len(seen) < _SEARCHED:
        strays, chosen = heapq.heappop(frontier)
        words = _REPEATED.sub(
            r"\1", " ".join(w for (texts, _), c in zip(parts, chosen, strict=True) if (w := texts[c]))
        )
        if words and words not in found:
            found[words] = strays
        for at, (texts, ranks) in enumerate(parts):
            if chosen[at] + 1 < len(texts):
                step = (*chosen[:at], chosen[at] + 1, *chosen[at + 1 :])
                if step not in seen:
                    seen.add(step)
                    heapq.heappush(frontier, (strays - ranks[chosen[at]] + ranks[chosen[at] + 1], step))
    return tuple(found.items())
