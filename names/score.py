"""The evidence one comparison weighs: name similarity, country agreement, legal forms.

Two names are compared word by word, each word weighed by how much it tells organizations apart: its rarity among
the names of the matcher's index (an IDF weight: "university", "technology" and "of" weigh little, "henan",
"nanjing" and "alabama" much). Words pair up when they are spelt alike (rapidfuzz, so typos and transliteration
variants still pair); the similarity is the weight of the paired words over the weight of the heavier name, so a
distinctive word that only one name has costs what it weighs. When each name keeps a distinctive word the other
lacks ("Henan" / "Nanjing University of Science and Technology", "Hong Kong" / "Changchun ..."), the names say
they are different organizations, and that conflict costs more on top. Without an index (a pair compared alone),
a small table of generic words stands in for the rarity.

Names also meet by meaning (resolve/symbols.py: "Banco Nacional de Cuba" and "National Bank of Cuba"), but only
where that explains nearly every word of both. Names in Han
script (and kana, hangul) are compared in their script, exactly: their transliteration is syllables, which neither
pair with English words nor carry rarity a word does, and two such names a character or two apart are mostly two
organizations (中国科学院声学研究所 and 化学研究所, acoustics and chemistry).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from names.brands import uncommon
from names.initials import SKIPPED
from names.normalize import (
    STOPWORDS,
    cjk,
    core,
    legal_forms,
    legal_forms_conflict,
    numbers,
    qualified_variants,
    qualifiers,
    variants,
)
from names.places import places, spelt_alike, two_places
from names.symbols import symbol_similarity
from names.territory_words import territory_code

COUNTRY_AGREES = 0.05
COUNTRY_DIFFERS = -0.25
COUNTRY_UNKNOWN = -0.03
LEGAL_FORM_DIFFERS = -0.15
KIND_DIFFERS = -0.10  # a university is no institute: "Beijing University of Technology", "Beijing Institute of ..."
# Academy, college and school are one sort of teaching institution, which records of one organization name either
# way (ROR's v2 sample: 24 organizations named with two of them, 4 pairs of organizations told apart by them
# alone; university / institute / college: 187 and 62): what differs costs half, and the rest agreeing is a review.
KIND_RENDERED = -0.05
RENDERED_PAIR = 0.5  # how alike two of TEACHING_KINDS pair in names' words
TEACHING_KINDS = frozenset({"academy", "college", "school"})
COMPANY_NOT_INSTITUTION = -0.25  # as much as legal forms that differ: "China Three Gorges University" / "Corporation"
WORD_CONFLICT = -0.30  # each name keeps a distinctive word the other lacks
FIELD_DIFFERS = -0.10  # two institutions of one kind, a field of study only one of them says (FIELDS)
WORDS_PAIR = 0.8  # two words spelt at least this alike are one word (typos, transliterations)
# A word this short spelt a consonant apart from another is another word more often than a typo ("toin" / "tokin",
# "nanda" / "panda", "casic" / "casio"): below SHORT_PAIR it pairs only when the two differ in their vowels, as
# transliterations do ("ahd" / "ahad"), or one ends the other ("wheel" / "wheeled"), or as one place spelt two ways.
SHORT_WORD = 5
SHORT_PAIR = 0.9
_VOWELS = re.compile(r"[aeiouy]")
DISTINCTIVE = 0.5  # a word weighing at least this share of the heaviest word of the two names is distinctive
MEANING_FLOOR = 0.5
MEANING_ACCEPTED = 0.95
REDUNDANT_COUNTRY = 0.1
# A place the query starts or ends with and the other name does not say, where the two share a brand ("Hangzhou
# Hikvision" / "Hikvision", "Inspur Jinan" / "Inspur Group"), weighs a tenth (as a redundant country does): a company
# is written with its city. The names then reach review at most: PLACE_CAP, and COUNTRY_AGREES on top, stays below a
# match.
UNSAID_PLACE = 0.1
PLACE_CAP = 0.86
ABBREVIATED_RUN = (3, 8)  # letters of a word that may abbreviate the words the other name spells out
QUALIFIERS_ALIKE = 85  # two bracketed qualifiers spelt this alike (rapidfuzz ratio) say the same ("Tian Jin")

Weight = Callable[[str], float]

# Words that name what kind of organization one is, not which: without an index's rarity they weigh little.
GENERIC = frozenset(
    {
        "university",
        "institute",
        "academy",
        "college",
        "school",
        "center",
        "laboratory",
        "laboratories",
        "research",
        "science",
        "sciences",
        "technology",
        "technologies",
        "technical",
        "engineering",
        "national",
        "international",
        "group",
        "company",
        "corporation",
        "holding",
        "holdings",
        "industry",
        "industries",
        "industrial",
        "electronics",
        "electronic",
        "systems",
        "system",
        "equipment",
        "trading",
        "import",
        "export",
        "development",
        "china",
        "chinese",
        "peoples",
        "republic",
        "general",
        "limited",
        "key",
        "hospital",
        "medical",
        "military",
        "defense",
        "defence",
        "aerospace",
        "aviation",
        "machinery",
        "information",
        "communication",
        "communications",
        "network",
        "networks",
        "bank",
        "office",
        "branch",
    }
)


# Fields of study, as a university's or an institute's name says them. Two institutions of one kind and place differ
# by their field as often as not: "Changchun University" / "Changchun University of Technology" / "of Science and
# Technology", "Chongqing Medical University", "Academy of Military (Medical) Sciences". These words are common, so
# their rarity weighs them little; a name that says one the other lacks (unpaired, the kind shared) costs
# FIELD_DIFFERS. Measured on ROR (bench/field_words.py): of the ROR name pairs of two records that one of these
# words set apart, in the review band and beyond, most are two organizations; of the names of one record, few.
FIELDS = frozenset(
    {
        "medical",
        "medicine",
        "dental",
        "pharmaceutical",
        "pharmacy",
        "nursing",
        "veterinary",
        "science",
        "sciences",
        "technology",
        "technological",
        "polytechnic",
        "polytechnical",
        "engineering",
        "normal",
        "pedagogical",
        "teachers",
        "agricultural",
        "agriculture",
        "forestry",
        "fisheries",
        "maritime",
        "ocean",
        "arts",
        "art",
        "music",
        "sports",
        "sport",
        "economics",
        "finance",
        "financial",
        "business",
        "commerce",
        "law",
        "political",
        "petroleum",
        "mining",
        "geosciences",
        "chemical",
        "aeronautics",
        "aeronautical",
        "astronautics",
        "aerospace",
        "electronic",
        "telecommunications",
        "posts",
        "jiaotong",
        "information",
        "transportation",
        "railway",
        "foreign",
        "languages",
        "applied",
    }
)
# The kinds of institution whose names say a field: the kind must be a word both names share.
FIELDED_KINDS = frozenset({"university", "college", "institute", "academy", "school"})


@lru_cache(maxsize=100_000)
def country_word(word: str) -> str | None:
    """The country a word names ("us" for "U.S.", "ru" for "Russian"), or None. Provinces and cities ("Henan",
    "Alabama") name none."""
    if len(word) < 2 or word in STOPWORDS or word.isdigit():
        return None
    found = territory_code(word)
    return found if found is not None and "-" not in found else None


def place_word(word: str) -> bool:
    """Whether a word names a place or a country: a city is where a unit is, not whose ("Penza", "Kathmandu")."""
    return word in places() or country_word(word) is not None


def default_weight(word: str) -> float:
    """The weight of a word when no index says how rare it is."""
    if word in STOPWORDS:
        return 0.05
    return 0.3 if word in GENERIC else 1.0


@dataclass(frozen=True, slots=True)
class WordMatch:
    score: float
    conflict: tuple[str, str] | None = None  # the heaviest distinctive word each name keeps for itself
    field: str | None = None  # a field of study only one name says (FIELDS), the first in alphabetical order
    place: str | None = None  # the query's leading or closing place, weighed UNSAID_PLACE (capped at PLACE_CAP)


@dataclass(frozen=True, slots=True)
class Words:
    """A normalized name as word_similarity reads it, split once: a query meets a dozen candidates, and an index
    name many queries."""

    text: str
    squeezed: str  # without spaces: "beihang" is "bei hang"
    words: frozenset[str]
    first: str  # the leading word, "" for an empty name
    last: str = ""  # the closing word


@lru_cache(maxsize=400_000)
def words_of(name: str) -> Words:
    split = name.split()
    return Words(name, name.replace(" ", ""), frozenset(split), split[0] if split else "", split[-1] if split else "")


EXACT = WordMatch(1.0)
NOTHING = WordMatch(0.0)


def word_similarity(
    a: str, b: str, weight: Weight = default_weight, countries: frozenset[str] = frozenset()
) -> WordMatch:
    """0-1: how much of two normalized names' weight their paired words carry, and any conflict between them."""
    if a == b:
        return EXACT
    return compare_words(words_of(a), words_of(b), weight, countries)


# Word pairs already weighed: a row compares its words with the same candidate words again and again (each variant
# of each name; a translated name's every rendering), 16 times each on average in a 1,000-row list. Cleared when
# full, so that a long-running server's memory stays bounded (about 100 bytes a pair).
_PAIRED: dict[tuple[str, str], float] = {}
PAIRS_KEPT = 500_000


def _pairing(x: str, y: str) -> float:
    """How alike two words are spelt when they pair (WORDS_PAIR or more; a short word only with its own first
    letter, and from SHORT_PAIR unless they are variant spellings, "ahd" / "ahad"; never two places,
    names/places.py), else 0.0; two of TEACHING_KINDS, one kind in two words, RENDERED_PAIR; remembered."""
    similarity = fuzz.ratio(x, y) / 100 if x[0] == y[0] or len(x) > 3 else 0.0
    if similarity < WORDS_PAIR or two_places(x, y) or _short_apart(x, y, similarity):
        similarity = 0.0
    if x in TEACHING_KINDS and y in TEACHING_KINDS:
        similarity = RENDERED_PAIR  # two words for one kind ("Army Infantry Academy" / "... College"): half a pair
    if len(_PAIRED) >= PAIRS_KEPT:
        _PAIRED.clear()
    _PAIRED[(x, y)] = similarity
    return similarity


def _short_apart(x: str, y: str, similarity: float) -> bool:
    """Whether two short words spelt alike enough to pair are two words all the same (SHORT_PAIR)."""
    return similarity < SHORT_PAIR and min(len(x), len(y)) <= SHORT_WORD and not _variant_spellings(x, y)


def _variant_spellings(x: str, y: str) -> bool:
    """Whether two short words spelt alike are one word: their consonants the same, one the start of the other, or
    one place spelt two ways (names/places.py)."""
    if x.startswith(y) or y.startswith(x) or spelt_alike(x) == spelt_alike(y):
        return True
    return _VOWELS.sub("", x) == _VOWELS.sub("", y)


def compare_words(
    a: Words, b: Words, weight: Weight, countries: frozenset[str] = frozenset(), unsaid_places: bool = False
) -> WordMatch:
    """word_similarity on names already split. The arithmetic (the order of every sum) is word_similarity's own:
    the scores are the same to the last bit, whichever way they are asked for. `unsaid_places`: a is a screened
    row, which may write a company with its city (UNSAID_PLACE; two records of companies named so are two) and
    misspell a word (a pair spelt alike weighs as its lighter word)."""
    if a.text == b.text or a.squeezed == b.squeezed:
        return EXACT  # the same letters spaced otherwise ("beihang" / "bei hang")
    wa, wb = a.words, b.words
    shared = wa & wb
    left_a, left_b = set(wa - shared), set(wb - shared)
    # Sums over sets are exact (fsum): a set's order follows the interpreter's hash seed, and a plain sum's last bit
    # with it, which decided ties between a name's variants (two renderings scoring alike) differently in two
    # processes: a server's workers must answer as the server does, to the reason's word.
    paired = math.fsum(map(weight, shared))
    paired_a = paired_b = paired
    if left_a and left_b:
        # Pair the rest greedily, best spelt pairs first; pairs spelt less alike than WORDS_PAIR never pair.
        known = _PAIRED.get
        pairs = []
        for x in left_a:
            for y in left_b:
                similarity = known((x, y))
                if similarity is None:
                    similarity = _pairing(x, y)
                if similarity:
                    pairs.append((similarity, x, y))
        if pairs:
            pairs.sort(reverse=True)
            for similarity, x, y in pairs:
                if x in left_a and y in left_b:
                    left_a.discard(x)
                    left_b.discard(y)
                    wx, wy = weight(x), weight(y)
                    if unsaid_places:
                        # A screened row's misspelling ("Insttiute") is a word the index has never seen, so it
                        # weighs as the rarest: the word it misspells weighs for both, the lighter of the two.
                        wx = wy = min(wx, wy)
                    paired += similarity * (wx + wy) / 2
                    paired_a += wx
                    paired_b += wy

    if shared and left_a and left_b and (len(left_a) == 1 or len(left_b) == 1):
        # One name abbreviates what the other spells out: "Bauman MSTU", "Lomonosov MSU". Beside a word both say: an
        # abbreviation alone ("ECS") is matched as one, and one several organizations hold never matches alone.
        for short_side, long_side, long_name in ((left_a, left_b, b), (left_b, left_a, a)):
            if len(short_side) != 1:
                continue
            (short,) = short_side
            run = _abbreviated_run(short, long_side, long_name)
            if run:
                # The abbreviation weighs what it stands for: the two names say the same words.
                spelt = sum(map(weight, run))
                paired += spelt
                paired_a += spelt
                paired_b += spelt
                short_side.clear()
                long_side.difference_update(run)
                break

    # A word that only one name has and that names the very country the organizations are in, as the name's first
    # word ("U.S. National Science Foundation", a US record), repeats the country: it weighs a tenth. After the
    # name it qualifies, a country names a national unit of a group ("Allianz Deutschland AG" is not "Allianz SE"),
    # and elsewhere a country is a word like any other ("Prensa Latina Canada" is not "Prensa Latina").
    # Only a leading word left unpaired can be such a word, and seldom is one: the plain sums stand unless one is.
    if countries and (a.first in left_a or b.first in left_b) and _repeats_country(a, b, left_a, left_b, countries):
        leading = {a.first, b.first}

        def one_sided(word: str, other: set[str]) -> float:
            code = country_word(word) if word in leading else None
            redundant = code is not None and code in countries and not any(map(country_word, other))
            return weight(word) * (REDUNDANT_COUNTRY if redundant else 1.0)

        total_a = paired_a + math.fsum(one_sided(w, left_b) for w in left_a)
        total_b = paired_b + math.fsum(one_sided(w, left_a) for w in left_b)
    else:
        total_a = paired_a + math.fsum(map(weight, left_a))  # weight(w) * 1.0 is weight(w): the same sums as above
        total_b = paired_b + math.fsum(map(weight, left_b))
    score = paired / max(total_a, total_b, 1e-9)
    conflict = None
    if left_a and left_b:
        # The heaviest word each name keeps for itself, the first in alphabetical order among equals (a set's order
        # follows the interpreter's hash seed: the reason must name the same word in every process). The words are
        # looked for only when their weights make a conflict, which needs only the weights.
        most_a, most_b = max(map(weight, left_a)), max(map(weight, left_b))
        heaviest = max(max(map(weight, wa)), max(map(weight, wb)))
        if min(most_a, most_b) >= DISTINCTIVE * heaviest:
            da = min(w for w in left_a if weight(w) == most_a)
            db = min(w for w in left_b if weight(w) == most_b)
            conflict = (da, db)
    field = None
    if (left_a or left_b) and not FIELDED_KINDS.isdisjoint(shared):
        # A field among words that also name a kind belongs to another body the name names, its parent or unit
        # ("Institute of Chemistry of Slovak Academy of Sciences", "... School of Medicine"), not to the institution.
        fields = [w for left in (left_a, left_b) if FIELDED_KINDS.isdisjoint(left) for w in left if w in FIELDS]
        field = min(fields) if fields else None
    if unsaid_places and len(left_a) == 1 and score < PLACE_CAP:
        (own,) = left_a
        if (own == a.first or own == a.last) and _unsaid_place(own, shared, left_b):
            # The query's one word of its own is the place it starts or ends with ("Hangzhou Hikvision",
            # "BGI-Shenzhen"): weighed a tenth.
            unsaid = paired / max(total_a - (1.0 - UNSAID_PLACE) * weight(own), total_b, 1e-9)
            if unsaid > score:
                return WordMatch(min(unsaid, PLACE_CAP), conflict, field, own)
    return WordMatch(min(1.0, score), conflict, field)


def _unsaid_place(own: str, shared: frozenset[str], other: set[str]) -> bool:
    """Whether the query's word of its own is a place the other name does not say, while both say a brand (a word
    few of ROR's names hold, names/brands.py) and the other keeps no place of its own."""
    known = places()
    return own in known and any(uncommon(w) and w not in known for w in shared) and not any(w in known for w in other)


def _abbreviated_run(short: str, left: set[str], name: Words) -> list[str]:
    """The words a name keeps for itself, in its order, when a word the other name keeps is their initials
    ("mstu": moscow state technical university; "of", "and" ... give none); else []."""
    if not ABBREVIATED_RUN[0] <= len(short) <= ABBREVIATED_RUN[1] or len(left) < 2 or not short.isalpha():
        return []
    run = [w for w in name.text.split() if w in left]
    initials = "".join(w[0] for w in run if w not in SKIPPED)
    return run if initials == short and len(run) == len(left) else []


def _repeats_country(a: Words, b: Words, left_a: set[str], left_b: set[str], countries: frozenset[str]) -> bool:
    """Whether a name's leading word, left unpaired, names the organizations' country while no word the other
    name keeps for itself names one: compare_words then weighs it a tenth."""
    for word, mine, other in ((a.first, left_a, left_b), (b.first, left_b, left_a)):
        if word in mine:
            code = country_word(word)
            if code is not None and code in countries and not any(map(country_word, other)):
                return True
    return False


def cjk_similarity(a: str, b: str) -> float:
    """1.0 for two names in Han script that are the same (their forms by normalize.cjk: simplified characters, legal
    forms cut), else 0.0: nothing to go on, and a name no record holds is translated (resolve/translation.py).

    Names a character or two apart ("one in ten", which this once accepted at 0.9) were two organizations 253 times
    in 275 among ROR's 10,113 Han-script, kana and hangul names (a field word: 昆明植物研究所 / 昆明动物研究所; a unit
    added: 中国人民武装警察部队 / ...学院), one organization 22 times."""
    return 1.0 if a and a == b else 0.0


def name_similarity(query_core: str, variants: Sequence[str], weight: Weight = default_weight) -> float:
    """0-1: the best word-weighted similarity between a normalized name and any variant, conflicts counted."""
    return max((_scored(word_similarity(query_core, v, weight)) for v in variants), default=0.0)


def _scored(found: WordMatch) -> float:
    return max(0.0, found.score + _penalty(found))


def _penalty(found: WordMatch) -> float:
    """What a conflict costs: distinctive words each name keeps, else a field only one says (the lesser)."""
    if found.conflict:
        return WORD_CONFLICT
    return FIELD_DIFFERS if found.field else 0.0


def best_similarity(queries: Sequence[str], candidates: Sequence[str], weight: Weight = default_weight) -> float:
    """0-1: the best similarity between any variant of one name and any variant of the other."""
    return max((name_similarity(q, candidates, weight) for q in queries), default=0.0)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How similar a name is to the best of a candidate's names, which name that was, and which way."""

    score: float
    name: str | None
    by_meaning: bool
    conflict: tuple[str, str] | None = None
    by_script: bool = False
    field: str | None = None
    place: str | None = None  # WordMatch.place

    @property
    def reason(self) -> str:
        if self.by_script:
            how = "same name in its script"
        else:
            how = "same words across languages" if self.by_meaning else "name similarity"
        text = f"{how} {self.score:.2f}"
        if self.conflict:
            text += f" (distinguishing words differ: {self.conflict[0]} vs {self.conflict[1]})"
        elif self.field:
            text += f" (a field only one name says: {self.field})"
        if self.place:
            text += f" (a place the other name does not say: {self.place}, weighed little; a review at most)"
        return text


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a comparison reads of a name, worked out once: its script form, its numbers, its variants split into
    words. The matcher keeps one per index name, and a query is prepared once for all its candidates."""

    name: str
    cjk: str
    numbers: frozenset[str]
    variants: tuple[Words, ...]
    qualifiers: tuple[str, ...] = ()  # normalize.qualifiers: which of several organizations the name says it is
    qualified: tuple[Words, ...] = ()  # the variants that keep the qualifiers


def prepare(name: str) -> Prepared:
    said = qualifiers(name)
    kept = tuple(words_of(v) for v in qualified_variants(name)) if said else ()
    return Prepared(name, cjk(name), numbers(name), tuple(words_of(v) for v in variants(name)), said, kept)


def qualifiers_differ(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names say in brackets that they are different ones of several ("(Tianjin)" and "(Shenzhen)"):
    both say something, and nothing either says is the other's, spelt alike or not."""
    return bool(a and b) and not any(x == y or fuzz.ratio(x, y) >= QUALIFIERS_ALIKE for x in a for y in b)


def _best_words(
    query: Sequence[Words],
    candidate: Sequence[Words],
    weight: Weight,
    countries: frozenset[str],
    fields: bool,
    unsaid_places: bool = False,
) -> WordMatch:
    best, best_scored = NOTHING, 0.0
    for q in query:
        for c in candidate:
            found = compare_words(q, c, weight, countries, unsaid_places)
            if found.field and not fields:
                found = replace(found, field=None)
            found_scored = found.score + _penalty(found) if found.conflict or found.field else found.score  # _scored
            if found_scored < 0.0:
                found_scored = 0.0
            if found_scored > best_scored or (best.score == 0.0 and found.score > 0):
                best, best_scored = found, found_scored
                if found.score == 1.0:
                    return best
    return best


def best_name_match(
    name: str | None,
    candidates: Sequence[str],
    weight: Weight = default_weight,
    countries: frozenset[str] = frozenset(),
) -> NameMatch:
    """The best of spelling, meaning and script between a name and any of a candidate's names.

    A candidate name whose numbers conflict with the name's is no match at all, however alike the rest."""
    if not name:
        return NameMatch(0.0, None, False)
    return best_prepared_match(prepare(name), [prepare(c) for c in candidates], weight, countries)


def best_prepared_match(
    query: Prepared,
    candidates: Sequence[Prepared],
    weight: Weight,
    countries: frozenset[str] = frozenset(),
    fields: bool = True,
    unsaid_places: bool = False,
) -> NameMatch:
    """best_name_match on prepared names (the query's name not empty). Without `fields`, a field only one name
    says costs nothing: a translation's words are a glossary's guess (中国矿业大学, "China University of Mining", is
    ROR's China University of Mining and Technology). `unsaid_places` for a screened row (compare_words)."""
    best = NameMatch(0.0, None, False)
    name, query_cjk, query_numbers = query.name, query.cjk, query.numbers
    for prepared in candidates:
        candidate = prepared.name
        numbered = prepared.numbers
        if query_numbers and numbered and not (query_numbers <= numbered or numbered <= query_numbers):
            continue  # normalize.numbers_conflict, on numbers already read
        if query_cjk:
            script = cjk_similarity(query_cjk, prepared.cjk)
            if script > best.score:
                best = NameMatch(script, candidate, False, by_script=True)
            if unsaid_places and not script and prepared.cjk and best.score < PLACE_CAP:
                # A screened row may write a company with its city before its brand, or without it, where the
                # record does otherwise ("深圳华大基因" / "华大基因"): as in Latin script, a review at most.
                from names.han import place_apart  # here: ICU is loaded only for a name in Han script

                place = place_apart(query_cjk, prepared.cjk)
                if place is not None:
                    best = NameMatch(PLACE_CAP, candidate, False, by_script=True, place=place)
            if script or prepared.cjk:
                continue  # two names in Han script: their syllables say no more than their characters
        # Two names saying in brackets which of several they are, differently, are compared with what they say:
        # without it, "Semiconductor Manufacturing International (Tianjin) Corporation" was its Shenzhen sister.
        differ = qualifiers_differ(query.qualifiers, prepared.qualifiers)
        if differ:
            words = _best_words(query.qualified, prepared.qualified, weight, countries, fields, unsaid_places)
        else:
            words = _best_words(query.variants, prepared.variants, weight, countries, fields, unsaid_places)
        spelling = _scored(words)
        # On equal scores a match by spelling is the plainer explanation, and the earlier name (the main one) wins.
        if spelling > best.score or (spelling == best.score and best.by_meaning) or best.name is None:
            best = NameMatch(spelling, candidate, False, words.conflict, field=words.field, place=words.place)
        # Meaning is asked only where the spelling already resembles (it is what costs), and it may only vouch for
        # a pair it explains nearly whole: "Alabama State University" is not "University of Alabama" (0.91).
        if MEANING_FLOOR <= words.score < 1.0 and best.score < 1.0 and not differ:
            meaning = symbol_similarity(name, candidate)
            if meaning >= MEANING_ACCEPTED and meaning > best.score:
                best = NameMatch(meaning, candidate, True)
    return best


def country_evidence(a: str | None, b: str | None) -> tuple[float, str | None]:
    """(score adjustment, reason): agreement is evidence, disagreement strong evidence against. A query with a
    country that meets a record without one gets a little less: the record could be anywhere."""
    if not a:
        return 0.0, None
    if not b:
        return COUNTRY_UNKNOWN, "record has no country"
    if a.upper() == b.upper():
        return COUNTRY_AGREES, f"country agrees ({b.upper()})"
    return COUNTRY_DIFFERS, f"country differs ({a.upper()} vs {b.upper()})"


def legal_form_evidence(a: str | None, b: str | None) -> tuple[float, str | None]:
    if legal_forms_conflict(a, b):
        return LEGAL_FORM_DIFFERS, "legal forms differ (joint-stock vs limited liability)"
    return 0.0, None


# What kind of institution a name says it is, as normalize spells it in every language (universite -> university).
INSTITUTION_KINDS = frozenset({"university", "institute", "college", "academy", "school", "hospital"})


def kinds(name: str | None) -> frozenset[str]:
    """The kinds of institution a name says it is, and "company" when it carries a legal form."""
    said = frozenset(core(name).split()) & INSTITUTION_KINDS
    return said | {"company"} if legal_forms(name) else said


def kind_evidence(a: str | None, b: str | None) -> tuple[float, str | None]:
    """(score adjustment, reason): two names that each say what kind of institution they are, and no kind in
    common, name two institutions ("Beijing University of Technology" is not "Beijing Institute of Technology"); a
    company and a university (or academy, hospital...) are two all the more ("China Three Gorges University" is not
    the listed China Three Gorges Corporation)."""
    ka, kb = kinds(a), kinds(b)
    if ka and kb and ka.isdisjoint(kb):
        cost = COMPANY_NOT_INSTITUTION if "company" in ka | kb else KIND_DIFFERS
        if ka | kb <= TEACHING_KINDS:
            cost = KIND_RENDERED  # "Army Infantry Academy" / "Army Infantry College": a translation's two words
        return cost, f"kinds differ ({', '.join(sorted(ka))} vs {', '.join(sorted(kb))})"
    return 0.0, None


def pair_score(a: str, a_country: str | None, b: str, b_country: str | None) -> float:
    """The score the matcher would give name b (with its aliases left aside) for the query a."""
    country, _ = country_evidence(a_country, b_country)
    form, _ = legal_form_evidence(a, b)
    kind, _ = kind_evidence(a, b)
    countries = frozenset(c.lower() for c in (a_country, b_country) if c)
    return max(0.0, min(1.0, best_name_match(a, [b], countries=countries).score + country + form + kind))
