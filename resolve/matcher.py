"""Matching a name (and maybe a country and identifiers) against every organization in the graph.

Identifiers first: an exact LEI, ROR, OpenAlex, Wikidata, UEI/DUNS, GRID, ISNI or registry number wins over any
name, and a conflicting one counts strongly against. Names second: candidates come from a blocking index (each
distinct token of a normalized name and its first four letters, so transliteration variants such as kalasnikov
and kalashnikov meet), ranked by how rare the shared keys are, and only the best few are scored with rapidfuzz on
the normalized forms, each word weighed by its rarity among the index's names (resolve/score.py). Names in Han
script are also blocked on their characters (pairs of them), and compared in that script.

Abbreviations (a record's `acronyms`, a bracketed acronym in its name, a one-word name of five letters or fewer
such as "CSU" or "AVIC") are matched only as whole names, exactly and case-insensitively, never by likeness: an
abbreviation held by one organization alone is a match, unless several of the world's organizations publish it
(ROR's records, names/world_acronyms.py; in the row's country when it gives one), which makes it a review of the one
the index holds; one shared by several organizations is a review at most:
when the country agrees, or, with no country given, when one of the holders is on a list ("HIT": Harbin Institute
of Technology, listed, or Harare Institute of Technology?), the listed holder first, its rivals beside it. A name
that holds a listed organization's whole name and otherwise only a unit designation ("China Academy of Engineering
Physics 902 Institute") is at least a review: it names a unit of that organization (resolve/units.py).

Country agreement and disagreement are evidence. Three outcomes at configurable thresholds: match, review,
no_match; two strong candidates that disagree make a review, never a silent choice. Screening asks for candidates
as resolved organizations (`collapse=True`): records joined by SAME_AS are one candidate, carrying every record.
"""

from __future__ import annotations

import gc
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import queries
from graph.model import ENTITY_SCHEMES, IDENTIFIER_PROPS
from graph.store import GraphStore
from names import known_cores, legal_forms, thresholds
from names.brands import uncommon
from names.display import NamedRecord, display_name, qualifier_country
from names.display import computed_tables as computed_display_tables
from names.display import remember as remember_display
from names.han import glossary, translate
from names.initials import ENGLISH, SYLLABLES, initialisms, syllables
from names.normalize import (
    STOPWORDS,
    cjk,
    closes_the_name,
    core,
    spelled_out,
    tokens,
    variants,
    without_address,
)
from names.places import places
from names.score import (
    COMPANY_NOT_INSTITUTION,
    COUNTRY_AGREES,
    COUNTRY_DIFFERS,
    KIND_RENDERED,
    NameMatch,
    Prepared,
    best_prepared_match,
    country_evidence,
    country_word,
    default_weight,
    kind_evidence,
    legal_form_evidence,
    place_word,
    prepare,
)
from names.spelling import Spelling
from names.world_acronyms import publishers
from queries.answers import EntityRef
from queries.identity import Identity, Link, identity_keys
from resolve import snapshots
from resolve.blocking import Blocking
from resolve.organization_pages import Rows, organization_pages
from resolve.translation import found_by_script, translated_candidates
from resolve.units import UNIT_WORDS, named_under, unit_by_abbreviation, unit_of

MATCH_THRESHOLD = thresholds.MATCH
REVIEW_THRESHOLD = thresholds.REVIEW
AMBIGUITY_MARGIN = thresholds.AMBIGUITY_MARGIN
IDENTIFIER_DIFFERS = -0.35
CANDIDATES_SCORED = 15
# For each comma-separated part of an affiliation that found nothing, its listed ones among them: "School of Computer
# Science, National University of Defense Technology" reached only the Section 1286 laboratories that share its
# common words ("Defense S&T Key Laboratory of ... at ..."), dozens of them, and never the university the unit rules
# read it as a unit of.
PART_CANDIDATES = 5
# Answers kept per index (Matcher.match): a collaborator list names the same institution for every collaborator there,
# and a server is sent the same lists again. An answer is a few candidates (about 2 KB); the table is emptied when
# full, so that a long-running server's memory stays bounded, and dropped with the index when the graph changes.
ANSWERS_KEPT = 20_000
# Names whose display keys an index kept on disk holds (Matcher.ready_to_keep): 0.1 ms each to compute, 1.3 s for
# the bundled lists' 13,000; past it, a shown candidate's names are keyed when first shown, as without a snapshot.
DISPLAY_TABLES_KEPT = 60_000
# Names an index kept on disk holds prepared (Matcher.ready_to_keep): about 160 us each to prepare, 2.2 s for the
# bundled lists' 13,800, once when the index is kept; loading them costs 0.15 s more, and the workers of a
# 1,000-row screen no longer prepare the 6,000 names their rows meet, each its own (BENCHMARKS.md, session 19).
# The load grows with the index and the names a list meets do not: past this, names are prepared the first time a
# query meets them, as without a snapshot.
PREPARED_KEPT = 20_000
# A Han-script name that writes its state group first, then the institute's own name of four characters or more and
# no ordinal ("中国电子科技集团公司第十四研究所" is the group's 14th institute, which the group's name tells apart).
_GROUP_FIRST = re.compile(r"^(\S{2,16}?集团(?:有限)?(?:公司)?)(?!第|公司|有限)(\S{4,})$")
CANDIDATES_AFTER_GROUP = 3  # the institute's own name's best candidates weighed
UNIT_PARTS_SCREENED = 2  # parts after an affiliation's unit screened alone: its organization's, maybe its city
# A bracket closing a name in Han script, in either width: "哈尔滨工业大学(深圳)", "...（深圳）".
_HAN_TRAILING_BRACKET = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])\s*[(（][^()（）]{1,20}[)）]\s*$")
# A word in at most this share of the index's names (and RARE_WORD_MIN) is rare enough that a short name holding it
# can say a unit's parent (resolve/units.py): 11 names of 55,000 ("beihang" 6, "iflytek" 2; "harbin" 24, "nanjing" 69).
RARE_WORD_SHARE = 1 / 5000
RARE_WORD_MIN = 3
MIN_INDEX_FOR_RARITY = 200  # below this many organizations, word counts say nothing: the generic-word table stands in
ACRONYM_UNIQUE = 0.95  # an abbreviation one organization alone holds
ACRONYM_SHARED = 0.77  # an abbreviation several organizations hold: a review at most, with the country agreeing
# The initials of one organization's name (names/initials.py), which no source publishes as its abbreviation: a
# review with the country agreeing, never a match; initials several organizations' names have are no review.
INITIALS_ONE = 0.82
INITIALS_SHARED = 0.60
# With no country to tell the holders apart, a shared abbreviation one listed organization holds is a review, unless
# this many organizations or more share it: the letters then say little of which one is meant. Measured on the dev
# set with countries blanked (bench/screening_devset_cap.py, ROR sample of 51k): cap 5 / 8 / 12 / none, abbreviation
# recall 0.94 / 0.97 / 0.98 / 0.98, unlisted ROR organizations flagged by their own acronym 0.7 / 1.0 / 1.1 / 1.2 %.
ACRONYM_SHARED_CAP = 12
# A record without a country is in one of its list's countries when the list places nearly all its records (theirs
# or their SAME_AS twins'): Section 1286 publishes none, and 88 % of its records have twins that do (CN, RU, IR).
LIST_COUNTRIES_SHARE = 0.8
LIST_COUNTRIES_MIN = 20
SHORT_NAME = 5  # a one-word name this short is an abbreviation
# An acronym in brackets, maybe with its unit's number ("(CETC 38)", "(CETC55)").
_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([A-Z][A-Z0-9&-]{1,9}(?:[ -]?\d{1,4})?)\s*\)")
# What follows a parent's acronym in a numbered unit's name, to its end: "(CSSC) 719th Research Institute".
_NUMBERED_UNIT = re.compile(r"\s*(\d{1,4})(?:st|nd|rd|th)?\s+(?:research\s+)?(?:institute|academy|factory)\s*$", re.I)
_BRACKETED = re.compile(r"\([^)]*\)")
_JOINED_CAPITALS = re.compile(r"[A-Z0-9]+(?:[-.][A-Z0-9]+)+\.?")
_NONE: list[str] = []  # no identifier asked for: none matches, none differs (never appended to)
_NO_NAME = NameMatch(0.0, None, False)


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: EntityRef
    score: float
    reasons: list[str]
    records: tuple[str, ...] = ()  # with collapse=True: every record of the organization (SAME_AS), its own first


def _published_by(short: str, country: str | None, count: int) -> str:
    """The reason an abbreviation several of ROR's records publish gives (names/world_acronyms.py)."""
    where = f" in {country.upper()}" if country else ""
    return f"abbreviation {short.upper()} published by {count} organizations{where} in ROR"


AnswerKey = tuple[Any, ...]


def answer_key(
    name: str | None,
    country: str | None = None,
    identifiers: dict[str, str] | None = None,
    limit: int = 5,
    collapse: bool = False,
    displayed: bool = False,
    affiliation: bool = False,
) -> AnswerKey:
    """What Matcher.match keeps an answer under: its question, every argument that changes the answer."""
    return (name, country, tuple(sorted((identifiers or {}).items())), limit, collapse, displayed, affiliation)


@dataclass(slots=True)
class _Org:
    ref: EntityRef
    names: list[str]
    identifiers: dict[str, str]
    acronyms: list[str] = field(default_factory=list)
    listed: bool = False  # on a list: the store row's count of LISTED_ON (queries/organizations.cypher)
    lists: tuple[str, ...] = ()  # the ids of the lists naming it (queries/organizations.cypher)
    compared: list[str] = field(default_factory=list)  # the names compared by likeness: not the abbreviations
    keys: list[frozenset[str]] = field(default_factory=list)  # each compared name's blocking keys
    # Each compared name as comparisons read it (resolve/score.py), prepared the first time a query meets it: only
    # the names queries do meet take the memory (a prepared name holds its split variants, about 1 KB).
    prepared: list[Prepared | None] = field(default_factory=list)
    # Its names of two words or more that are an abbreviation with a legal form ("BYD Company Limited": its core is
    # "byd"), as written (_written): compared by likeness they are not, so the very same name is read here.
    written: frozenset[str] = frozenset()


# German spells ä, ö and ü as ae, oe and ue where a keyboard has none ("Duesseldorf", "Muenchen"), while the lists
# transliterate the umlaut as the bare vowel ("Dusseldorf"), as a name written with it folds ("Düsseldorf"). The
# scorer pairs the two spellings (0.95 alike), but a row's word spelt so shares no key with the record's: a family's
# many records sharing every other word ("Huawei Technologies ... GmbH") kept the one with that word from the
# candidates. A row's word no index name holds is therefore also keyed without the e (Matcher._query_keys); a word
# the index knows is not ("optoelectronics", "israel"), which would only count twice.
_UMLAUT_SPELT = re.compile(r"(?<=[a-pr-z])([aou])e(?=[a-z])")


def _with_prefixes(words: Collection[str]) -> set[str]:
    """Words as blocking keys: each word, and the first four letters of a longer one ("kala*"), so that
    transliteration variants such as kalasnikov and kalashnikov meet."""
    return set(words) | {f"{w[:4]}*" for w in words if len(w) > 4}


@lru_cache(maxsize=400_000)
def _keys(name: str) -> frozenset[str]:
    keys = _with_prefixes(tokens(name))
    han = cjk(name)
    pairs = {f"#{han[i : i + 2]}" for i in range(len(han) - 1)} | ({f"#{han}"} if len(han) == 1 else set())
    return frozenset(keys | pairs)


@lru_cache(maxsize=4096)
def _countries_compared(query: str | None, record: str | None) -> frozenset[str]:
    """The countries a comparison knows of, lower case: a row's and a record's, asked once per candidate."""
    return frozenset(c.lower() for c in (query, record) if c)


# country_evidence is a pure function of two codes, asked once per candidate: its answers are kept.
_country_evidence = lru_cache(maxsize=4096)(country_evidence)


_WRITTEN = re.compile(r"[\s(),]+")  # the words of a name as written
_ASCII_LOWER = re.compile(r"[a-z]")
# What str.isalnum() is not: a pattern's \w is exactly isalnum() or "_".
_NOT_ALNUM = re.compile(r"[\W_]+")


def compact(text: str) -> str:
    """An abbreviation as it is compared: letters and digits only, case folded ('C.A.S.I.C.' -> 'casic')."""
    return _NOT_ALNUM.sub("", text.casefold())


def abbreviation(name: str) -> str | None:
    """A record's name as an abbreviation, when it is one: one word (after legal forms and a bracketed place, as
    ROR writes "ECS (United States)"), written in capitals, of five letters or fewer ('CSU', 'AVIC', 'CASIC'), or
    capitals joined by hyphens or full stops, of ten or fewer ('CETC-E.', 'NSCC-GZ'); else None. It is then matched
    only as a whole name."""
    # Capitals joined by hyphens or full stops, with no space ("CETC-E.", "NSCC-GZ"): one abbreviation, its letters
    # together. Read word by word, "CETC-E." was "cetc e", and "CETC" met it at 0.99 (one letter weighs nothing).
    joined = _JOINED_CAPITALS.fullmatch(_BRACKETED.sub(" ", name).strip())
    if joined is not None and 2 <= len(short := compact(joined.group())) <= 10:
        return short
    # Only a name with a short word written in capitals can be one: the others are not read further (reading a
    # name's core is most of what building the matching index costs).
    if not any(_short_capitals(w) for w in _WRITTEN.split(name)):
        return None
    words = core(_BRACKETED.sub(" ", name)).split()
    if len(words) != 1 or cjk(name):
        return None
    written = _written_as(name, words[0])
    if written is None or any(ch.islower() for ch in written):
        return None
    short = compact(written)
    return short if len(short) <= SHORT_NAME else None


def _written_as(name: str, word: str) -> str | None:
    """The word of the name as written whose core is this word: "SCH" for "school" (normalize expands the
    abbreviations of affiliations, which an acronym may spell)."""
    for written in _WRITTEN.split(name):
        if compact(written) == word or (written and core(written) == word):
            return written
    return None


def _short_capitals(word: str) -> bool:
    """A word without a lower-case letter, of one to SHORT_NAME letters and digits. An ASCII word is read by a
    regular expression, in C: every name of the index is asked this when the index is built."""
    if word.isascii():
        if _ASCII_LOWER.search(word):
            return False
    elif any(ch.islower() for ch in word):
        return False
    return 0 < len(compact(word)) <= SHORT_NAME


def _merged(scored: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """The candidates with those a part of the name found: a record new to them added, one they hold raised to the
    part's score when it is higher."""
    at = {c.entity.id: n for n, c in enumerate(scored)}
    for candidate in found:
        if candidate.entity.id not in at:
            scored.append(candidate)
        elif scored[at[candidate.entity.id]].score < candidate.score:
            scored[at[candidate.entity.id]] = candidate
    return scored


# Two words of a name that may each be one pinyin syllable ("Yu Shu"), and a word that may be two ("Jihua").
_SYLLABLE_PAIR = re.compile(r"\b([A-Za-z]{1,6})[ -]([A-Za-z]{1,6})\b")
_SPLIT_WORD = re.compile(r"\b[A-Za-z]{4,12}\b")
_SYLLABLES_APART = frozenset(s for s in SYLLABLES if len(s) > 1) - ENGLISH  # "a", "e", "o" are words too


def _unit_part(part: str) -> bool:
    """Whether a part of an affiliation names a unit by its subject: two words or more, a unit word first
    ("Department of Physics", "School of Computing", "Key Laboratory of ...")."""
    words = part.split()
    return len(words) >= 2 and words[0].casefold() in UNIT_WORDS


def _query_abbreviation(name: str) -> str | None:
    """A query as a whole name to look up among the abbreviations: one word, any case ('hit', 'CASIC',
    'C.A.S.I.C.'), with a legal form ('ZTE Corporation'), one unbroken string ('CETC-7', 'NSCC-GZ'), or up to three
    words all in capitals or numbers ('ISSP RAS', 'ИФТТ РАН', 'MIPT (SU)', 'CETC 14')."""
    outside = _BRACKETED.sub(" ", name).split()
    if len(outside) == 1 and outside[0] != name.strip() and _short_capitals(outside[0]) and not cjk(name):
        # An abbreviation with a word in brackets after it, a place or another name ("NUDT (China)", "HIT (Harbin)",
        # "BUAA (Beihang)"), asks for the abbreviation, as a record's "ECS (United States)" holds it (abbreviation).
        # Brackets in capitals are read with it below ("MIPT (SU)" is MIPTSU).
        bracketed = _BRACKETED.findall(name)
        if not all(_short_capitals(inner.strip("() ")) for inner in bracketed):
            return compact(outside[0])
    words = core(name).split()
    short = compact(name)
    if len(words) == 1 and len(name.split()) > 1:
        # A legal form is no part of an abbreviation written in capitals: "ZTE Corporation" asks for ZTE, as the
        # record named so holds it. "UK PT Sovtest OOO" and "AO TsKBA" ask for nothing: they are names.
        letters = _written_as(name, words[0])
        if letters is not None and _short_capitals(letters):
            short = compact(letters)
    if cjk(name) or not short or len(short) > 10:
        return None
    written = name.split()
    if len(written) == 1 or len(words) == 1:
        return short
    capitals = [w.isupper() or w.isdigit() for w in written]  # "CETC 14": a unit's number beside its group's letters
    return short if len(written) <= 3 and all(capitals) and not all(w.isdigit() for w in written) else None


def bracketed_acronyms(name: str) -> list[str]:
    """The acronyms in brackets that abbreviate the record itself. One that more name words follow abbreviates the
    words before it, a parent ("China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy",
    "Chinese Academy of Sciences (CAS) - Institute of Computing Technology (ICT)": CSSC and CAS are not theirs); a
    legal form or a place in brackets ("Speed Business Trading (HK) Ltd.", "... (CJSC)") abbreviates no name. A
    parent's acronym that only the unit's number follows is the unit's with the number ("... (CSSC) 719th Research
    Institute": CSSC719, as collaborators write "CSSC 719"). After a comma, an acronym closing the name abbreviates a
    parent when the name before the comma had its own ("... (IITP), Russian Academy of Sciences (RAS)": not RAS)."""
    found = []
    own_until = -1  # where the last acronym of the record's own ended
    for m in _ACRONYM_IN_BRACKETS.finditer(name):
        short = compact(m.group(1))
        if not core(m.group(1)) or country_word(short) is not None:
            continue
        if closes_the_name(name, m):
            if own_until >= 0 and "," in name[own_until : m.start()]:
                continue
            found.append(short)
            own_until = m.end()
            continue
        # A parent's acronym, then the unit's number and nothing more: the unit is written so ("CSSC 719").
        unit = _NUMBERED_UNIT.match(name, m.end())
        if unit is not None and short.isalpha():
            found.append(short + unit.group(1))
    return found


def _acronyms(row: dict[str, Any], names: list[str]) -> list[str]:
    """Every abbreviation a record publishes: its acronyms, one-word short names, its own acronyms in brackets."""
    found = [compact(a) for a in (row.get("acronyms") or []) if isinstance(a, str)]
    for name in names:
        short = abbreviation(name)
        if short:
            found.append(short)
        found += bracketed_acronyms(name)
    return [a for a in dict.fromkeys(found) if len(a) >= 2]


def _abbreviation_or_acronym(name: str, acronyms: list[str]) -> bool:
    return abbreviation(name) is not None or compact(name) in acronyms


_NOT_A_LETTER = re.compile(r"[\W_]+")


def _written(name: str) -> str:
    """A name as written, but for case, punctuation and spacing: "BYD Company Limited" is "byd company limited"."""
    return " ".join(_NOT_A_LETTER.sub(" ", name.casefold()).split())


def _names_sharing(org: _Org, query_keys: frozenset[str]) -> list[str]:
    """The organization's names that share two blocking keys or more with the query: only those can stand whole in
    it (ROR's names in other languages cannot)."""
    return [n for n, keys in zip(org.compared, org.keys, strict=True) if len(keys & query_keys) >= 2]


def _identifiers(row: dict[str, Any]) -> dict[str, str]:
    found = {}
    for scheme in ENTITY_SCHEMES:  # scheme -> the property holding it, as graph/model.py declares them
        value = row.get(IDENTIFIER_PROPS[scheme].value)
        if value:
            found[scheme] = str(value).strip().lower()
    return found


class _Rarity(dict[str, float]):
    """word -> its weight, worked out the first time it is asked for. Scoring asks a few hundred times a row:
    through `__getitem__` a known word costs one lookup in C, not a call of a Python method."""

    def __init__(self, orgs: list[_Org], counts: dict[str, int]) -> None:
        super().__init__()
        self.orgs, self.counts = orgs, counts

    def __missing__(self, word: str) -> float:
        total = len(self.orgs)
        if total < MIN_INDEX_FOR_RARITY:
            found = default_weight(word)
        elif word in STOPWORDS:
            found = 0.05
        else:
            found = math.log(1 + total / (1 + self.counts.get(word, 0)))
        self[word] = found
        return found


@dataclass(slots=True)
class Matcher:
    orgs: list[_Org] = field(default_factory=list)
    blocking: Blocking = field(default_factory=Blocking)
    by_identifier: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_acronym: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    match_threshold: float = MATCH_THRESHOLD
    review_threshold: float = REVIEW_THRESHOLD
    identity: Identity = field(default_factory=Identity)
    # Han-script names no record holds are translated (resolve/translation.py); the people index turns it off:
    # a person's name is no institution's words.
    translate: bool = True
    # An abbreviation no record publishes is looked for among the initials of institutions' names (names/initials.py);
    # the people index turns it off too: "JPS" is no initials to guess a person by.
    initials: bool = True
    _display: dict[int, EntityRef] = field(default_factory=dict, repr=False)
    _words: dict[str, int] = field(default_factory=lambda: defaultdict(int), repr=False)
    _weights: _Rarity = field(init=False, repr=False)
    _by_id: dict[str, int] = field(default_factory=dict, repr=False)
    _clusters: dict[str, list[int]] | None = field(default=None, repr=False)
    _listed_clusters: set[str] | None = field(default=None, repr=False)
    _answers: dict[tuple[Any, ...], tuple[Candidate, ...]] = field(default_factory=dict, repr=False)
    _by_initials: dict[str, list[int]] | None = field(default=None, repr=False)  # built on first use
    _list_countries: dict[str, frozenset[str]] | None = field(default=None, repr=False)  # built on first use
    # By record: the initials of its compared names (names/initials.py); links leave them as they are.
    _initialisms: list[frozenset[str]] | None = field(default=None, repr=False)  # built on first use
    _spelling: Spelling | None = field(default=None, repr=False)  # the index's common words, built on first use
    # The display rule's keys and scripts of every name, computed for an index kept on disk (`ready_to_keep`).
    _display_tables: tuple[dict[str, tuple[str, str]], dict[str, str | None]] | None = field(default=None, repr=False)
    # The file this index was loaded from or kept in (resolve/snapshots.py), for worker processes to load it too.
    snapshot: Path | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._weights = _Rarity(self.orgs, self._words)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[dict[str, Any]],
        match_threshold: float = MATCH_THRESHOLD,
        review_threshold: float = REVIEW_THRESHOLD,
    ) -> Matcher:
        matcher = cls(match_threshold=match_threshold, review_threshold=review_threshold)
        for row in rows:
            matcher.add(row)
        return matcher

    def link(self, links: Iterable[Link]) -> None:
        """The SAME_AS judgements between the index's records: candidates collapse along them."""
        self.use_identity(Identity.from_links(links))

    def use_identity(self, identity: Identity) -> None:
        """The clusters another copy of this index was linked into (`link`), for a worker process holding a copy."""
        self.identity = identity
        self._clusters = self._listed_clusters = self._by_initials = self._list_countries = None
        self.forget_answers()

    def keep_answers(self, answers: Iterable[tuple[AnswerKey, tuple[Candidate, ...]]]) -> None:
        """Keep answers `match` gave elsewhere, in a copy of this index (screening/parallel.py): asked here, they
        are read, not computed again."""
        for key, kept in answers:
            if len(self._answers) >= ANSWERS_KEPT:
                self._answers.clear()
            self._answers[key] = kept

    def forget_answers(self) -> None:
        """Drop the answers kept (Matcher.match): the index changed, or what scoring costs is to be measured."""
        self._answers.clear()

    @classmethod
    def from_store(
        cls,
        store: GraphStore,
        match_threshold: float = MATCH_THRESHOLD,
        review_threshold: float = REVIEW_THRESHOLD,
        keep_in: Path | None = None,
        first_page: Future[Rows] | None = None,
    ) -> Matcher:
        """All organizations of the graph, read in pages (the first maybe read ahead: resolve/organization_pages.py).
        With `keep_in`, a folder: the index built from the same organizations before is loaded from it, or the one
        built now is kept in it (resolve/snapshots.py)."""
        matcher = cls(match_threshold=match_threshold, review_threshold=review_threshold)
        pages = organization_pages(store, first_page)
        held: list[dict[str, Any]] = []  # the rows, while a snapshot may still be used
        if keep_in is not None:
            for rows in pages:
                held += rows
                if len(held) > snapshots.MAX_ORGANIZATIONS:
                    keep_in = None  # too many to hold: the rest built as they come, no snapshot
                    break
        if keep_in is not None and len(held) < snapshots.MIN_ORGANIZATIONS:
            keep_in = None
        hashed = snapshots.key(held, match_threshold, review_threshold) if keep_in is not None else ""
        kept = snapshots.load(keep_in, hashed, len(held)) if keep_in is not None else None
        if kept is not None:
            matcher = kept  # nothing to normalize: the machine's table of cores is not even read
        else:
            with known_cores.remembered():  # the names' cores as this machine normalized them before
                for row in chain(held, (row for rows in pages for row in rows)):
                    matcher.add(row)
            if keep_in is not None:
                matcher.ready_to_keep()
                snapshots.save(keep_in, hashed, matcher)
        kept_in = snapshots.snapshot_file(keep_in, hashed) if keep_in is not None else None
        if kept_in is not None and kept_in.is_file():
            matcher.snapshot = kept_in
        matcher.remember_display_tables()
        matcher.link(
            Link(
                r["a"],
                r["b"],
                r["judgement"] or "auto",
                float(r["score"] or 0.0),
                identity_keys(r.get("aKeys")),
                identity_keys(r.get("bKeys")),
            )
            for r in store.run(queries.load("same_as_links"), {})
        )
        # The index lives as long as the process and holds a few objects per organization: out of the collector's
        # sight, each full collection no longer walks it (screening 100k organizations: 0.36 -> 0.26 ms of CPU per
        # row).
        gc.freeze()
        return matcher

    def add(self, row: dict[str, Any]) -> None:
        listed = [row.get("name"), *(row.get("aliases") or [])]
        every = [n for n in dict.fromkeys(listed) if isinstance(n, str) and n.strip()]
        acronyms = _acronyms(row, every)
        # An abbreviation is matched as a whole name only, never by likeness; the names it carries in brackets are.
        names: list[str] = []
        abbreviations: list[str] = []
        for name in every:
            (abbreviations if _abbreviation_or_acronym(name, acronyms) else names).append(name)
        names += [n for a in abbreviations for n in spelled_out(a) if n not in names]
        identifiers = _identifiers(row)
        index = len(self.orgs)
        said = qualifier_country(every[0]) if every and every[0] == row.get("name") and not row.get("country") else None
        if said is not None:
            # A record known only by another's relationship ("Huawei Technologies (Poland)", a child of ROR's
            # Huawei): no country of its own, but its name says one, and a row in China is not it.
            row = {**row, "country": said, "countryNote": "as its name says"}
        ref = EntityRef.from_row({**row, "labels": ["Organization"]})
        on_list = bool(row.get("listings"))
        lists = tuple(str(x) for x in row.get("lists") or ())
        written = frozenset(_written(a) for a in abbreviations if len(a.split()) > 1)
        self.orgs.append(
            _Org(
                ref,
                every,
                identifiers,
                acronyms,
                on_list,
                lists,
                names,
                [_keys(n) for n in names],
                [None] * len(names),
                written,
            )
        )
        self._by_id[ref.id] = index
        self._clusters = self._listed_clusters = self._by_initials = self._list_countries = None
        self._initialisms = self._display_tables = self._spelling = None
        self.forget_answers()
        self.blocking.add(index, {k for n in names for k in _keys(n)})
        for word in {w for n in names for v in variants(n) for w in v.split()}:
            self._words[word] += 1
        self._weights.clear()
        for acronym in acronyms:
            self.by_acronym[acronym].append(index)
        for scheme, value in identifiers.items():
            self.by_identifier[(scheme, value)].append(index)

    def weight(self, word: str) -> float:
        """How much a word tells organizations apart: its rarity among the index's names (a smoothed IDF)."""
        return self._weights[word]

    def _cluster_of(self, index: int) -> str:
        return self.identity.canonical(self.orgs[index].ref.id)

    def _members(self, cluster: str) -> list[int]:
        if self._clusters is None:
            grouped: dict[str, list[int]] = defaultdict(list)
            for i, org in enumerate(self.orgs):
                grouped[self.identity.canonical(org.ref.id)].append(i)
            self._clusters = dict(grouped)
        return self._clusters.get(cluster, [])

    def listed(self, index: int, collapse: bool = False) -> bool:
        """Whether a record (with collapse: any record of its organization, SAME_AS) is on a list."""
        if not collapse:
            return self.orgs[index].listed
        if self._listed_clusters is None:
            self._listed_clusters = {self._cluster_of(i) for i, org in enumerate(self.orgs) if org.listed}
        return self._cluster_of(index) in self._listed_clusters

    def _blocked(self, name: str, keys: frozenset[str] | None = None) -> list[int]:
        """Candidate indexes sharing rare keys with the name (its _query_keys, unless the caller has them), most
        informative first (resolve/blocking.py)."""
        return self.blocking.ranked(self._query_keys(name) if keys is None else keys, len(self.orgs), CANDIDATES_SCORED)

    def _query_keys(self, name: str) -> frozenset[str]:
        """A row's blocking keys (_keys), and for each word of it no index name holds that spells an umlaut out
        ("duesseldorf"), the word without the e, and its first letters (_UMLAUT_SPELT)."""
        keys = _keys(name)
        postings = self.blocking.postings
        folded = {
            plain
            for word in keys
            if not word.endswith("*") and word not in postings and (plain := _UMLAUT_SPELT.sub(r"\1", word)) != word
        }
        if not folded:
            return keys
        return keys | _with_prefixes(folded)

    def _respaced(self, name: str) -> str | None:
        """The name with its romanized Chinese syllables spaced as the index's names space them, None when that is
        how it is written: two syllables written apart that an index name writes as one word ("Yu Shu" -> "Yushu",
        "Pei Yang" -> "Peiyang"), and a word no index name holds that is two syllables the index's names each hold
        ("Jihua" -> "Ji Hua"). Pinyin's syllables are written joined or apart as each writer likes; the letters are
        the same, and blocking, which keys words, saw nothing in common."""
        postings = self.blocking.postings
        changed = False

        def joined(found: re.Match[str]) -> str:
            nonlocal changed
            first, second = found.group(1), found.group(2)
            one = (first + second).casefold()
            if first.casefold() in _SYLLABLES_APART and second.casefold() in _SYLLABLES_APART and one in postings:
                changed = True
                return first + second.casefold()
            return found.group()

        def split(found: re.Match[str]) -> str:
            nonlocal changed
            word = found.group()
            spelled = syllables(word.casefold()) if word.casefold() not in postings else None
            if spelled is None or len(spelled) != 2 or not all(s in postings for s in spelled):
                return word
            changed = True
            first, second = word[: len(spelled[0])], word[len(spelled[0]) :]
            return f"{first} {second.capitalize() if word.istitle() else second}"

        text = _SPLIT_WORD.sub(split, _SYLLABLE_PAIR.sub(joined, name))
        return text if changed else None

    def warm(self) -> int:
        """Prepare every index name now, weigh every index word, lay out every blocking posting and load the
        tables read on first use, rather than when a query first meets them: the index warm, so that no query pays
        for names (or tables) it is the first to meet. Returns how many names it
        prepared. It costs what preparing lazily would cost for the whole index at once (about 160 us of CPU and
        1.3 KB of memory a name, BENCHMARKS.md), so a one-off list is better served lazily; a long-running server
        warms its index in the background (screening.screen.MatcherCache). Safe beside queries: a name prepared
        twice is prepared alike."""
        done = self._prepare_all()
        weigh = self._weights.__getitem__  # _Rarity.__missing__ weighs a word and keeps its weight
        for word in list(self._words):
            weigh(word)
        self.blocking.warm()
        # Tables read on first use: the territories a word may name (compare_words), the place words (two places
        # never pair), the Han glossary (a name no record holds in its script is translated).
        country_word("china")
        places()
        if self.translate:
            glossary()
        if self.initials:
            self._initials_index()
        if self._list_countries is None:  # the countries lists place their records in (list_countries)
            self._list_countries = self._countries_of_lists()
        return done

    def _prepare_all(self) -> int:
        """Prepare every index name not prepared yet; how many were."""
        done = 0
        for org in self.orgs:
            prepared = org.prepared
            for j, found in enumerate(prepared):
                if found is None:
                    prepared[j] = prepare(org.compared[j])
                    done += 1
        return done

    @staticmethod
    def _prepared(org: _Org, j: int) -> Prepared:
        found = org.prepared[j]
        if found is None:
            found = org.prepared[j] = prepare(org.compared[j])
        return found

    def match(
        self,
        name: str | None,
        country: str | None = None,
        identifiers: dict[str, str] | None = None,
        limit: int = 5,
        collapse: bool = False,
        displayed: bool = False,
        affiliation: bool = False,
        remember: bool = True,
    ) -> list[Candidate]:
        """_matched's answer, kept for the same question asked again of this index (`remember`; resolution, which
        asks once for each of the graph's own names, does not keep them). The candidates are copies: a caller may
        change its own."""
        key = answer_key(name, country, identifiers, limit, collapse, displayed, affiliation)
        kept = self._answers.get(key)
        if kept is None:
            kept = tuple(self._spelt(name, country, identifiers, limit, collapse, displayed, affiliation))
            if remember:
                if len(self._answers) >= ANSWERS_KEPT:
                    self._answers.clear()
                self._answers[key] = kept
        return [Candidate(c.entity, c.score, list(c.reasons), c.records) for c in kept]

    def _spelt(
        self,
        name: str | None,
        country: str | None,
        identifiers: dict[str, str] | None,
        limit: int,
        collapse: bool,
        displayed: bool,
        affiliation: bool,
    ) -> list[Candidate]:
        """_matched's answer; for a screened row (collapse) that finds nothing at review, also that of the row with
        its misspelt words read as the common words they misspell (names/spelling.py), each candidate the better of
        the two, "read ... as ..." where the reading gave it. Resolution compares records as their sources spell
        them."""
        found = self._matched(name, country, identifiers, limit, collapse, displayed, affiliation)
        if not collapse or not name or any(c.score >= self.review_threshold for c in found):
            return found
        spelling = self._spelling
        if spelling is None:
            forms = {word for phrase in legal_forms.table().phrases for word in phrase}
            spelling = self._spelling = Spelling(self._words, forms)
        corrected = spelling.corrected(name)
        if corrected is None:
            return found
        text, read = corrected
        said = ", ".join(f'"{written}" as "{spelt}"' for written, spelt in read)
        again = self._matched(text, country, identifiers, limit, collapse, displayed, affiliation)
        better = [replace(c, reasons=[f"read {said}", *c.reasons]) for c in again]
        merged = self._ranked(_merged(list(found), better), collapse)
        # One candidate per organization: the two readings may have found it through two of its records.
        seen: set[str] = set()
        out = []
        for candidate in merged:
            cluster = self.identity.canonical(candidate.entity.id)
            if cluster not in seen:
                seen.add(cluster)
                out.append(candidate)
        return out[:limit]

    def _matched(
        self,
        name: str | None,
        country: str | None,
        identifiers: dict[str, str] | None,
        limit: int,
        collapse: bool,
        displayed: bool,
        affiliation: bool,
    ) -> list[Candidate]:
        """The best candidates, best first, each with its score (0-1) and the reasons for it. With collapse, records
        joined by SAME_AS are one candidate: the best-scoring record, carrying the ids of all of them. `displayed`:
        named as answers show them (screening), not as stored (resolution compares records as they are).
        `affiliation`: the name as a collaborator list writes one, maybe with an address after it ("Harbin Institute
        of Technology, Harbin, Heilongjiang, China"), which is no part of the name (names.normalize.without_address);
        not for a record's names, whose sources cut their addresses (a list's "X, Y" may name a unit Y of X)."""
        wanted = {k.lower(): str(v).strip().lower() for k, v in (identifiers or {}).items() if v}
        hits: set[int] = set()
        for scheme, value in wanted.items():
            hits.update(self.by_identifier.get((scheme, value), []))
        written = name
        addressed = without_address(name) if affiliation and name else None
        if addressed is not None:
            name = addressed
        short = _query_abbreviation(name) if name else None
        # Resolution asks with each record's own name: one named by an abbreviation alone may meet its other source.
        named = bool(short) and not collapse and abbreviation(name or "") == short
        by_acronym = self._acronym_candidates(short, country, collapse, name if named else None) if short else {}
        if short and self.initials and not any(c.score >= self.review_threshold for c in by_acronym.values()):
            # No organization that publishes the abbreviation is a likely one (none does, or only abroad): it may be
            # the initials of a name no source abbreviates.
            by_acronym.update(self._initials_candidates(short, country, collapse))
        query_keys = self._query_keys(name) if name else frozenset()
        # A screened row's romanized Chinese words spaced otherwise than the index spaces them ("Yu Shu Technology",
        # "Jihua Laboratory"): the row so spaced is blocked and compared too.
        respaced = self._respaced(name) if collapse and name else None
        if respaced is not None:
            query_keys = query_keys | self._query_keys(respaced)
        blocked = self._blocked(name, query_keys) if name else []
        # The one listed organization holding an abbreviation the row writes beside other words ("Institute of Fluid
        # Physics, CAEP"): a candidate, so that _units may find the row names a unit of it.
        # An address cut from an affiliation may be such an abbreviation ("School of Materials Science, HIT").
        whole_name = written if addressed is not None else name
        parents = (
            self._abbreviated_parents(whole_name, country, collapse) if whole_name and not short and not hits else {}
        )
        pool = list(dict.fromkeys([*hits, *by_acronym, *blocked, *parents]))
        query = prepare(name) if name else None
        if query is not None and addressed is not None and written is not None:
            # The whole as written stays a variant: "Bank of China, Hong Kong" may be its Hong Kong company.
            query = replace(query, variants=tuple(dict.fromkeys([*query.variants, *prepare(written).variants])))
        if query is not None and respaced is not None:
            query = replace(query, variants=tuple(dict.fromkeys([*query.variants, *prepare(respaced).variants])))
        scored = []
        for i in pool:
            candidate = self._score(self.orgs[i], name, country, wanted, collapse, query, query_keys)
            acronym = by_acronym.get(i)
            if acronym is not None and acronym.score > candidate.score and i not in hits:
                candidate = acronym
            scored.append(candidate)
        if name and not hits and _HAN_TRAILING_BRACKET.search(name) and not found_by_script(self, name, scored):
            scored = self._before_brackets(name, country, scored)
        if self.translate and name and cjk(name) and not found_by_script(self, name, scored):
            # A Han-script name no record holds in its script: its English translation is compared instead.
            for i, translated in translated_candidates(self, name, country, wanted, collapse).items():
                at = pool.index(i) if i in pool else None
                if at is None:
                    pool.append(i)
                    scored.append(translated)
                elif translated.score > scored[at].score:
                    scored[at] = translated
        if name and not hits:
            scored = self._units(name, country, scored, collapse, parents=parents)
            if affiliation and "," in name and not any(c.score >= self.review_threshold for c in scored):
                # Nothing found: the listed organizations each part of the affiliation reaches may be its parent.
                known = set(pool)
                extra = [i for i in self._part_candidates(name, collapse) if i not in known]
                more = [self._score(self.orgs[i], name, country, wanted, collapse, query, query_keys) for i in extra]
                scored += self._units(name, country, more, collapse)
            if affiliation and "," in (written or "") and not any(c.score >= self.review_threshold for c in scored):
                # The organization after its unit as a brand or an abbreviation, which an address cut may have taken
                # for a town ("Department of Physics, Megvii"): the row as written.
                scored = self._after_unit(written or name, country, scored, collapse)
            if self.translate and cjk(name):
                # Chinese names the unit after its parent, its kind last ("中国工程物理研究院流体物理研究所", "china
                # academy of engineering physics fluid physics institute"): read in the usual rendering.
                usual = translate(name)
                if usual:
                    scored = self._units(usual[0], country, scored, collapse, kind_last=True)
                scored = self._after_group(name, country, scored, collapse)
        if short and collapse and not hits:
            scored = self._world_shared(short, country, scored)
        scored = self._ranked(scored, collapse)
        if collapse:
            scored = self._collapsed(scored, limit)
        if not displayed:
            return scored[:limit]
        return [replace(c, entity=self._shown(self._by_id[c.entity.id], collapse)) for c in scored[:limit]]

    def _ranked(self, scored: list[Candidate], collapse: bool) -> list[Candidate]:
        """Best first; among equal scores a listed organization first, the one a compliance officer must not miss."""
        listed = self.listed
        return sorted(scored, key=lambda c: (-c.score, not listed(self._by_id[c.entity.id], collapse), c.entity.id))

    def _shown(self, index: int, collapse: bool = False) -> EntityRef:
        """The organization as answers show it: named by the display-name rule (resolve/display.py) over the names
        of its records (all of them with collapse), computed for the candidates a row returns only, once each."""
        ref = self._display.get(index)
        if ref is None:
            members = self._members(self._cluster_of(index)) if collapse else [index]
            named = [NamedRecord(self.orgs[i].names[:1], self.orgs[i].names[1:]) for i in members or [index]]
            org = self.orgs[index]
            shown = display_name(named) or org.ref.name
            ref = self._display[index] = org.ref.model_copy(update={"name": shown})
        return ref

    def _collapsed(self, scored: list[Candidate], limit: int) -> list[Candidate]:
        """One candidate per organization (SAME_AS cluster): its best record, carrying the ids of all of them; the
        first `limit` organizations only (the rest would be cut: their records are not gathered in vain)."""
        out: list[Candidate] = []
        seen: set[str] = set()
        for candidate in scored:
            if len(out) == limit:
                break
            cluster = self.identity.canonical(candidate.entity.id)
            if cluster in seen:
                continue
            seen.add(cluster)
            ids = [self.orgs[i].ref.id for i in self._members(cluster)]
            records = (candidate.entity.id, *sorted(set(ids) - {candidate.entity.id}))
            reasons = list(candidate.reasons)
            if len(records) > 1:
                reasons.append(f"one organization of {len(records)} records (SAME_AS)")
            out.append(Candidate(candidate.entity, candidate.score, reasons, records))
        return out

    def _countries(self, index: int, collapse: bool) -> set[str]:
        """The countries of a record, or with collapse of its whole organization (a record without one borrows
        its twins')."""
        members = self._members(self._cluster_of(index)) if collapse else [index]
        return {c.upper() for i in members if (c := self.orgs[i].ref.country)}

    def record_country(self, record_id: str) -> str | None:
        """A record's own country (upper case), None without one or for a record the index does not hold."""
        index = self._by_id.get(record_id)
        return min(self._countries(index, collapse=False), default=None) if index is not None else None

    def record_listed(self, record_id: str) -> bool:
        """Whether a record the index holds is on a list (the record itself, not its organization)."""
        index = self._by_id.get(record_id)
        return index is not None and self.listed(index)

    def list_countries(self, index: int, collapse: bool = False) -> frozenset[str]:
        """The countries a record without one is in, as its lists tell: those of the records of every list naming it
        (with collapse, naming any of its organization's records), when each of those lists gives the country of
        nearly all its records; else none. Section 1286 gives none, but its records' SAME_AS twins are in China,
        Russia and Iran: its "National Defense University" is no American, Taiwanese or Mongolian one."""
        members = self._members(self._cluster_of(index)) if collapse else [index]
        names = {name for i in members for name in self.orgs[i].lists}
        if not names:
            return frozenset()
        if self._list_countries is None:
            self._list_countries = self._countries_of_lists()
        found: set[str] = set()
        for name in names:
            countries = self._list_countries.get(name)
            if not countries:
                return frozenset()  # a list that tells too little: the record could be anywhere
            found |= countries
        return frozenset(found)

    def _countries_of_lists(self) -> dict[str, frozenset[str]]:
        """list id -> the countries of its records (theirs or their organization's), for the lists that give one for
        at least LIST_COUNTRIES_SHARE of their records and LIST_COUNTRIES_MIN of them."""
        named: defaultdict[str, int] = defaultdict(int)
        placed: defaultdict[str, int] = defaultdict(int)
        countries: defaultdict[str, set[str]] = defaultdict(set)
        for i, org in enumerate(self.orgs):
            if not org.lists:
                continue
            own = self._countries(i, collapse=True)
            for name in org.lists:
                named[name] += 1
                if own:
                    placed[name] += 1
                    countries[name] |= own
        return {
            name: frozenset(countries[name])
            for name, count in named.items()
            if placed[name] >= LIST_COUNTRIES_MIN and placed[name] >= LIST_COUNTRIES_SHARE * count
        }

    def _acronym_candidates(
        self, short: str, country: str | None, collapse: bool, named: str | None = None
    ) -> dict[int, Candidate]:
        """Records holding the abbreviation, scored by how many organizations share it and whether the country
        agrees: never a match when several do, but for a record `named` by it alone in resolution (_named_alike)."""
        holders = self.by_acronym.get(short, [])
        if not holders:
            return {}
        organizations = {self._cluster_of(i) for i in holders}
        alike = self._named_alike(short, named, country, holders) if named and len(organizations) > 1 else set()
        # One holder here may be one of many in the world: the index holds the listed organizations and few others.
        # Screening only (collapse): resolution compares the graph's own records, whose holders the index does hold.
        elsewhere = publishers(short, country) if collapse and len(organizations) == 1 else 0
        # Nothing to tell the holders apart, and one is listed: a question for a person, the listed holder first.
        listed_among = (
            not country
            and 1 < len(organizations) < ACRONYM_SHARED_CAP
            and any(self.listed(i, collapse=True) for i in holders)
        )
        found: dict[int, Candidate] = {}
        for i in holders:
            agrees, country_reason = self._holder_country(i, country, collapse)
            if listed_among:
                score = self.review_threshold
                reasons = [
                    f"abbreviation {short.upper()} shared by {len(organizations)} organizations, one of them listed;"
                    " no country to tell them apart"
                ]
            elif i in alike:
                score = ACRONYM_UNIQUE
                reasons = [f"abbreviation {short.upper()} matches: both records named by it in {country}"]
            elif len(organizations) > 1:
                score = ACRONYM_SHARED
                reasons = [f"abbreviation {short.upper()} shared by {len(organizations)} organizations"]
            elif elsewhere > 1:
                # The one holder the index knows is still the candidate to look at: a review, never a match.
                score = self.review_threshold
                reasons = [_published_by(short, country, elsewhere)]
            else:
                score = ACRONYM_UNIQUE
                reasons = [f"abbreviation {short.upper()} matches"]
            if agrees:
                score += COUNTRY_AGREES
            elif agrees is False:
                score = min(score, self.review_threshold) - 0.2
            if country_reason is not None:
                reasons.append(country_reason)
            found[i] = Candidate(self.orgs[i].ref, round(max(0.0, min(1.0, score)), 4), reasons)
        return found

    def _named_alike(self, short: str, name: str, country: str | None, holders: list[int]) -> set[int]:
        """The holders named by the abbreviation in the country of a record named so, each with its legal form or
        its country ("CRRC Corporation Limited" and ROR's "CRRC (China)", both in CN): one company that sources
        name by its brand, as records named alike in one country are one (the letters are its name, not an alias).
        Resolution only: the record asking is in the index under that very name (an alias "CRRC" some other record
        holds asks for nothing here). The letters alone ("CSU") still only review, as do records an identifier
        tells apart. Read off the records, not their links: a rerun finds the same."""
        if not country:
            return set()
        # A company named by its letters writes its legal form ("ZTE Corporation"), and ROR writes a company's
        # country after its name ("ZTE (China)"); the letters alone ("CSU") are how a list writes an alias, and two
        # records so named in one country are as often two organizations (a CAS centre and a university).
        here = [
            i
            for i in holders
            if (self.orgs[i].ref.country or "").upper() == country.upper()
            and abbreviation(written := self.orgs[i].ref.name or "") == short
            and compact(written) != short
        ]
        if not any(self.orgs[i].ref.name == name for i in here):
            return set()
        # Two records a registry keeps apart (two ROR ids: ROR's "MAN (Germany)" twice) are two organizations.
        schemes = [(s, v) for i in here for s, v in self.orgs[i].identifiers.items()]
        return set() if len(set(schemes)) > len({s for s, _ in schemes}) else set(here)

    def _world_shared(self, short: str, country: str | None, scored: list[Candidate]) -> list[Candidate]:
        """A row that is only an abbreviation several of the world's organizations publish (ROR's records, in the
        row's country when it gives one) says none of them alone: whatever found a candidate (a one-word name the
        same as a listed company's, "ERA"), a review at most. Screening only, as _acronym_candidates."""
        elsewhere = publishers(short, country)
        if elsewhere < 2:
            return scored
        reason = f"{_published_by(short, country, elsewhere)}: a review at most"
        cap = round(self.match_threshold - 0.01, 4)
        return [replace(c, score=cap, reasons=[*c.reasons, reason]) if c.score > cap else c for c in scored]

    def _holder_country(self, index: int, country: str | None, collapse: bool) -> tuple[bool | None, str | None]:
        """Whether the row's country is among those of a record holding an abbreviation (or initials): True, False,
        or None when either has none; and the reason saying so."""
        countries = self._countries(index, collapse)
        if not country or not countries:
            return None, None
        if country.upper() in countries:
            return True, f"country agrees ({country.upper()})"
        return False, f"country differs ({country.upper()} vs {', '.join(sorted(countries))})"

    def _initials_index(self) -> dict[str, list[int]]:
        """initials -> the records whose compared names have them, but for initials that an abbreviation the
        organization publishes holds (CASIC is no "CASI": it is written as published); built the first time an
        abbreviation is asked, and again after a record or a link is added."""
        found = self._by_initials
        if found is None:
            published: defaultdict[str, set[str]] = defaultdict(set)
            for i, org in enumerate(self.orgs):
                published[self._cluster_of(i)].update(org.acronyms)
            index: defaultdict[str, list[int]] = defaultdict(list)
            for i, shorts in enumerate(self._records_initialisms()):
                own = published[self._cluster_of(i)]
                for short in shorts:
                    if not any(short in acronym for acronym in own):
                        index[short].append(i)
            self._by_initials = found = dict(index)
        return found

    def _records_initialisms(self) -> list[frozenset[str]]:
        found = self._initialisms
        if found is None:
            found = self._initialisms = [
                frozenset(s for name in org.compared for s in initialisms(name)) for org in self.orgs
            ]
        return found

    def ready_to_keep(self) -> None:
        """Compute what every process would otherwise compute again from the same records (the records' initials,
        the display rule's keys of their names, for an index of up to DISPLAY_TABLES_KEPT names; the names prepared,
        for one of up to PREPARED_KEPT), so that an index kept on disk (resolve/snapshots.py) holds it."""
        self._records_initialisms()
        names = [n for org in self.orgs for n in org.names]
        if len(names) <= DISPLAY_TABLES_KEPT:
            self._display_tables = computed_display_tables(names)
        if sum(len(org.compared) for org in self.orgs) <= PREPARED_KEPT:
            self._prepare_all()

    def remember_display_tables(self) -> None:
        if self._display_tables is not None:
            remember_display(*self._display_tables)

    def _initials_candidates(self, short: str, country: str | None, collapse: bool) -> dict[int, Candidate]:
        """Records whose names have these initials (names/initials.py) and publish no such abbreviation: a guess at
        what a collaborator abbreviated, so a review at most, and only when one organization has them."""
        holders = self._initials_index().get(short, [])
        if not holders:
            return {}
        organizations = {self._cluster_of(i) for i in holders}
        found: dict[int, Candidate] = {}
        for i in holders:
            if len(organizations) == 1:
                score = INITIALS_ONE
                reasons = [f"initials of its name ({short.upper()}), an abbreviation no source publishes for it"]
            else:
                score = INITIALS_SHARED
                reasons = [f"initials of {len(organizations)} organizations' names ({short.upper()})"]
            agrees, country_reason = self._holder_country(i, country, collapse)
            if agrees:
                score += COUNTRY_AGREES
            elif agrees is False:
                score -= 0.2
            if country_reason is not None:
                reasons.append(country_reason)
            found[i] = Candidate(self.orgs[i].ref, round(max(0.0, min(score, self.match_threshold - 0.01)), 4), reasons)
        return found

    def _part_candidates(self, name: str, collapse: bool) -> list[int]:
        """The listed records each comma-separated part of an affiliation reaches, PART_CANDIDATES a part, but for the
        unit's own part ("School of Computer Science"): the parent the unit rules (_units) may find it names."""
        found: list[int] = []
        for part in name.split(","):
            if len(part.split()) >= 2 and not _unit_part(part):
                reached = self.blocking.ranked(_keys(part), len(self.orgs), PART_CANDIDATES)
                found += [i for i in reached if self.listed(i, collapse) and i not in found]
        return found

    def _abbreviated_parents(self, name: str, country: str | None, collapse: bool) -> dict[int, str]:
        """index -> abbreviation (upper case): the listed records holding an abbreviation that the name writes beside
        a unit designation ("Institute of Fluid Physics, CAEP": resolve/units.py), when one organization alone holds
        it among the records of the row's country or of none (all records without a row country): "CAEP" is China's
        academy and a Canadian association, "CSU" a CAS centre and Central South University."""
        found: dict[int, str] = {}
        # Only words written in capitals can be such an abbreviation (unit_by_abbreviation): most rows have none.
        capitals = {compact(w) for w in _WRITTEN.split(name) if w.isupper()}
        for word in capitals:
            holders = self.by_acronym.get(word)
            if holders and unit_by_abbreviation(name, [word]) is not None:
                # Those of the row's country or of none (_holder_country: not False): one abroad is no parent of it.
                near = [i for i in holders if not country or self._holder_country(i, country, collapse)[0] is not False]
                if len({self._cluster_of(i) for i in near}) == 1:
                    found.update((i, word.upper()) for i in near if self.listed(i, collapse))
        return found

    def _units(
        self,
        name: str,
        country: str | None,
        scored: list[Candidate],
        collapse: bool,
        kind_last: bool = False,
        parents: dict[int, str] | None = None,
    ) -> list[Candidate]:
        """A candidate below review whose whole name the query holds, the rest a unit designation ("... 902
        Institute"), is lifted to review when it is listed: the row may name a unit of a listed organization; so is
        one of `parents` (_abbreviated_parents) whose abbreviation the query holds beside a unit designation.
        `kind_last`: the name is a translation from Chinese, whose units say their kind last (resolve/units.py)."""
        out = []
        query_keys = _keys(name)
        others: list[str] = []  # the names of all candidates that share words with the query, once asked for

        def candidates_names() -> list[str]:
            if not others:
                others.extend(self._names_sharing(scored, query_keys))
            return others

        for candidate in scored:
            index = self._by_id[candidate.entity.id]
            if candidate.score >= self.review_threshold or not self.listed(index, collapse):
                out.append(candidate)
                continue
            countries = self._countries(index, collapse) if country else set()
            if not (country and countries and country.upper() not in countries):  # not a unit abroad
                org = self.orgs[index]
                names = _names_sharing(org, query_keys)
                forms = self._variants_of(org)
                whole = unit_of(name, names, org.acronyms, kind_last, self._rare_word, forms) if names else None
                if whole is None and parents:
                    whole = parents.get(index)
                if whole is not None:
                    reasons = [f"names a unit of {whole}", *candidate.reasons]
                    candidate = replace(candidate, score=self.review_threshold, reasons=reasons)
                elif names:
                    under = named_under(name, names, candidates_names, forms)
                    if under is not None:
                        reasons = [f"{under[0]}, named after its group ({under[1]})", *candidate.reasons]
                        candidate = replace(candidate, score=self.review_threshold, reasons=reasons)
            out.append(candidate)
        return out

    def _variants_of(self, org: _Org) -> Callable[[str], tuple[str, ...]]:
        """normalize.variants of one of the record's compared names, read off the name as prepared: the same
        (prepare splits those variants), and an index loaded from disk holds its names prepared while normalize's cache
        of variants, the process's own, has met none of them."""

        def of(name: str) -> tuple[str, ...]:
            return tuple(words.text for words in self._prepared(org, org.compared.index(name)).variants)

        return of

    def _after_group(self, name: str, country: str | None, scored: list[Candidate], collapse: bool) -> list[Candidate]:
        """A Han-script name that writes its state group first and then the institute's own name
        ("中国航天科技集团公司中国运载火箭技术研究院"): the institute's name, screened alone, is a review at most when
        it finds a listed organization, "named after its group". Its English name need not render the Chinese one
        (China Academy of Launch Vehicle Technology), so named_under, which compares names whole, cannot see it."""
        found = _GROUP_FIRST.match(name)
        if found is None:
            return scored
        group, own = found.group(1), found.group(2)
        lifted = []
        for candidate in self._part_found(own, country):
            if not self.listed(self._by_id[candidate.entity.id], collapse):
                continue
            reasons = [f"{own}, named after its group ({group})", *candidate.reasons]
            # A review, before the group itself ("names a unit of" it): the institute is the more precise answer.
            lifted.append(replace(candidate, score=min(candidate.score, self.match_threshold - 0.01), reasons=reasons))
        return _merged(scored, lifted)

    def _after_unit(self, name: str, country: str | None, scored: list[Candidate], collapse: bool) -> list[Candidate]:
        """An affiliation that writes a unit first and its organization after it as a brand or an abbreviation
        ("Department of Physics, Megvii", "College of Computer, NUDT"), which the unit rules (_units), reading the
        organization's whole name in the row, cannot see: a part after the unit's that, screened alone, finds a
        listed organization best makes the row what the part alone is, a review, each organization the part finds
        (an abbreviation several hold: "School of Medicine, CSU" is Central South University's or a CAS centre's)
        "names a unit of" the part. A unit written first never hides what its organization alone would flag."""
        parts = [part.strip() for part in name.split(",")]
        leading = 0
        while leading < len(parts) - 1 and _unit_part(parts[leading]):
            leading += 1
        if not leading:
            return scored
        lifted: list[Candidate] = []
        # A part that is a legal form only ("Co., Ltd.") is none: its words are no name.
        for part in [part for part in parts[leading:] if tokens(part)][:UNIT_PARTS_SCREENED]:
            # Screened as the row is (collapse): what the part alone answers.
            found = self._matched(part, country, None, CANDIDATES_AFTER_GROUP, collapse, False, False)
            found = [c for c in found if c.score >= self.review_threshold]
            if not found or not self.listed(self._by_id[found[0].entity.id], collapse):
                continue  # the part names no listed organization first (an unlisted one, a place), or none
            for parent in found:
                # A record again, as the row's candidates are until the row's answer is collapsed: without the
                # organization's SAME_AS reason, which that collapse gives once more.
                own = parent.reasons[:-1] if len(parent.records) > 1 else parent.reasons
                lifted.append(Candidate(parent.entity, self.review_threshold, [f"names a unit of {part}", *own]))
        return _merged(scored, lifted)

    def _before_brackets(self, name: str, country: str | None, scored: list[Candidate]) -> list[Candidate]:
        """A Han-script name with a bracket after it that no record holds whole ("哈尔滨工业大学(深圳)", the
        Shenzhen campus): what the name before the bracket finds (in its script, or translated) is found, as the
        Latin-script "Harbin Institute of Technology (Shenzhen)" finds its record by the name without the bracket
        (a qualifier only two names that both say one compare)."""
        before = _HAN_TRAILING_BRACKET.sub("", name)
        said = name[len(before) :].strip()
        if not cjk(before):
            return scored
        found = self._part_found(before, country)
        return _merged(scored, [replace(c, reasons=[f"{before}, {said} after it", *c.reasons]) for c in found])

    def _part_found(self, part: str, country: str | None) -> list[Candidate]:
        """The candidates at review or above that a part of a name finds screened alone: records, not organizations
        (the caller collapses them once)."""
        found = self._matched(part, country, None, CANDIDATES_AFTER_GROUP, False, False, False)
        return [c for c in found if c.score >= self.review_threshold]

    def _rare_word(self, word: str) -> bool:
        """Whether a word may be a brand such as "iflytek", "beihang" or "huawei": no place ("penza"), and in few of
        the index's names (one in RARE_WORD_SHARE, RARE_WORD_MIN at least) or of ROR's (names/brands.py), for one
        listed family repeats its brand in a hundred names of the index."""
        if place_word(word):
            return False
        return self._words.get(word, 0) <= max(RARE_WORD_MIN, len(self.orgs) * RARE_WORD_SHARE) or uncommon(word)

    def _names_sharing(self, scored: list[Candidate], query_keys: frozenset[str]) -> list[str]:
        """The names of the candidates that share two words or more with the query: those it may hold whole."""
        return [n for c in scored for n in _names_sharing(self.orgs[self._by_id[c.entity.id]], query_keys)]

    def _score(
        self,
        org: _Org,
        name: str | None,
        country: str | None,
        wanted: dict[str, str],
        collapse: bool = False,
        query: Prepared | None = None,
        query_keys: frozenset[str] = frozenset(),
        translated: bool = False,
    ) -> Candidate:
        """The candidate's score and reasons; `query` is the name prepared (resolve/score.py), with its blocking
        keys: read once per row, not once per candidate. A `translated` name (resolve/translation.py) says nothing
        of its kind, field or legal form: the glossary's "college" for 学院 may be an institute's or a university's."""
        reasons: list[str] = []
        if wanted:
            same = [s for s, v in wanted.items() if org.identifiers.get(s) == v]
            differ = [s for s, v in wanted.items() if s in org.identifiers and org.identifiers[s] != v]
        else:
            same = differ = _NONE
        named = _NO_NAME
        if same:
            score = 1.0
            reasons.append(f"identifier {', '.join(same)} matches")
        else:
            # Only the names that share a blocking key with the query can score: a record's names in other languages
            # and scripts (ROR publishes a dozen) are not compared in vain.
            if query is not None:
                prepared = org.prepared
                names = [
                    prepared[j] or self._prepared(org, j)
                    for j, keys in enumerate(org.keys)
                    if not keys.isdisjoint(query_keys)
                ]
                countries = _countries_compared(country, org.ref.country)
                # A screened row may write a company with its city ("Hangzhou Hikvision"); resolution's records
                # named so are companies of their own (Xi'an and Chengdu Huawei Technologies).
                named = best_prepared_match(
                    query, names, self._weights.__getitem__, countries, not translated, unsaid_places=collapse
                )
                if named.score < 1.0 and org.written and name and _written(name) in org.written:
                    # Two records of "BYD Company Limited" (1260H as the DoD and as OpenSanctions publish it) are one
                    # name: without this they met only as holders of the abbreviation BYD, "shared by 2
                    # organizations", and were never linked.
                    named = NameMatch(1.0, name, False)
            score = named.score
            reasons.append(named.reason)
        if differ:
            score += IDENTIFIER_DIFFERS
            reasons.append(f"identifier {', '.join(differ)} differs")
        record_country = org.ref.country
        if collapse and country and not record_country:
            borrowed = self._countries(self._by_id[org.ref.id], collapse)
            record_country = country if country.upper() in borrowed else min(borrowed, default=None)
        delta, reason = _country_evidence(country, record_country)
        if collapse and country and not record_country:
            # Screening's question only: resolution (no collapse) must give the same links however many the graph
            # holds already, and the countries a list places its records in are read through those links.
            listed_in = self.list_countries(self._by_id[org.ref.id], collapse)
            if listed_in and country.upper() not in listed_in:
                delta = COUNTRY_DIFFERS
                where = ", ".join(sorted(listed_in))
                reason = f"country differs ({country.upper()}; its list names institutions in {where})"
        score += delta
        if reason is not None:
            reasons.append(reason)
        # Legal forms only decide between match, review and no match: weigh them only near the thresholds.
        if not same and score >= self.review_threshold:
            # A translation's legal form is the glossary's: 有限公司, 有限责任公司 and 股份有限公司 all render "co ltd",
            # and 三六零安全科技股份有限公司 writes "360 Security Technology, Inc.".
            form_delta, form_reason = legal_form_evidence(name, named.name) if not translated else (0.0, None)
            score += form_delta
            if form_reason is not None:
                reasons.append(form_reason)
            kind_delta, kind_reason = kind_evidence(name, named.name)
            if translated and kind_delta != COMPANY_NOT_INSTITUTION:
                # A translation's kind is the glossary's guess (学院: college, institute, university or academy),
                # but a company (有限公司) is none of them, nor a university (大学) a company: 三峡大学 is not the
                # listed China Three Gorges Corporation.
                kind_delta, kind_reason = 0.0, None
            score += kind_delta
            if kind_reason is not None:
                reasons.append(kind_reason)
            if kind_delta == KIND_RENDERED:  # academy / college: one kind in two words, or two organizations
                score = min(score, self.match_threshold - 0.01)
        return Candidate(entity=org.ref, score=round(max(0.0, min(1.0, score)), 4), reasons=reasons)

    def status(self, candidates: list[Candidate]) -> str:
        """match, review or no_match. Two candidates both near the top are a review, never a silent choice."""
        if not candidates or candidates[0].score < self.review_threshold:
            return "no_match"
        best = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if best.score >= self.match_threshold and best.score - runner_up >= AMBIGUITY_MARGIN:
            return "match"
        return "review"
