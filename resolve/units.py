"""Whether a name names a unit of an organization: the organization's whole name, and otherwise only a unit
designation ("China Academy of Engineering Physics (CAEP) 902 Institute", "... 54th Research Institute"), or a unit
named by its subject after a unit word ("School of Materials Science, Harbin Institute of Technology"); or the
organization's abbreviation beside such a designation ("Institute of Fluid Physics, CAEP").

Pure text over normalized names (names.normalize). The matcher asks it for listed candidates a row did not reach by
likeness (resolve/matcher.py): such a row is a review, "names a unit of X", never a match. A hospital is no unit
designation here: a university's hospitals are registered organizations of their own (ROR lists them apart), and
most are on no list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from names.normalize import STOPWORDS, variants

# Words that designate a part of an organization, not what it is about or where it is.
UNIT_WORDS = frozenset(
    {
        "institute",
        "institutes",
        "laboratory",
        "laboratories",
        "lab",
        "labs",
        "center",
        "centre",
        "academy",
        "department",
        "dept",
        "division",
        "branch",
        "filial",
        "factory",
        "plant",
        "works",
        "bureau",
        "office",
        "school",
        "college",
        "faculty",
        "unit",
        "station",
        "base",
        "research",
        "design",
        "key",
        "state",
        "no",
        "number",
    }
)
MIN_WORDS = 3  # an organization's name this long at least: "Nanjing University" is in too many names to say a unit
MIN_CONTENT_WORDS = 2  # of them, words neither unit designations nor stop words ("china", "engineering", "physics")
MIN_ABBREVIATION = 3  # letters: an abbreviation shorter is a word in too many names ("IT", "AI")
# Words that say a group of companies, before the name of one of its institutes or companies.
GROUP_WORDS = frozenset({"corporation", "corp", "group", "company", "holdings", "holding"})
# Words after which a name goes on ("University of", "Institute for"): the name before them is not the whole.
CONTINUING = ("of", "for")
INSTITUTIONS = frozenset({"university", "universities", "institute", "college", "academy", "school", "hospital"})
# After a short name, these say an institution named after it, not its unit: "Baikal State University" is no unit of
# the listed company whose brand is "Baikal", where "Tencent AI Lab" and "Alibaba DAMO Academy" are units.
NAMED_AFTER = frozenset({"university", "universities", "college"})


def _designation(words: list[str], acronyms: Iterable[str], kind_last: bool = False) -> bool:
    """The words left beside the organization's name: unit words, numbers (ordinals lose their suffix in
    normalization) and the organization's own abbreviation, at least one unit word or number; or a unit named by
    its subject, a unit word first ("School of Materials Science", "Department of Physics", "Key Laboratory of ...",
    as an affiliation is written), or last in a name translated from Chinese, which says a unit's kind after its
    subject ("流体物理研究所", "fluid physics institute"). "Xiangya Hospital", "Affiliated Hospital" or "Press" name
    no unit."""
    known = set(acronyms)
    if words[0] in UNIT_WORDS or (kind_last and words[-1] in UNIT_WORDS):
        return True
    if not all(w in UNIT_WORDS or w.isdigit() or w in known for w in words):
        return False
    return any(w in UNIT_WORDS or w.isdigit() for w in words)


def _content_words(whole: str) -> list[str]:
    """A variant's words that are neither stop words nor unit designations ("china", "engineering", "physics")."""
    return [w for w in whole.split() if w not in STOPWORDS and w not in UNIT_WORDS]


def _short(whole: str) -> bool:
    """Whether a name's variant is too short to stand whole inside a longer name and say its unit's parent:
    MIN_WORDS words, MIN_CONTENT_WORDS of them content words."""
    return len(whole.split()) < MIN_WORDS or len(_content_words(whole)) < MIN_CONTENT_WORDS


@lru_cache(maxsize=65536)
def _content(name: str) -> str:
    """A variant's words without stop words, padded: "Harbin Inst Technol" holds "harbin institute technology"."""
    return f" {' '.join(w for w in name.split() if w not in STOPWORDS)} "


def unit_of(
    query: str,
    names: Iterable[str],
    acronyms: Iterable[str] = (),
    kind_last: bool = False,
    rare: Callable[[str], bool] | None = None,
    variants_of: Callable[[str], Sequence[str]] = variants,
) -> str | None:
    """The organization's name (one of `names`) that the query holds whole beside a unit designation, or None;
    `kind_last` for a name translated from Chinese (_designation). A name shorter than MIN_WORDS counts when one of
    its words is `rare` (a brand, not a place: Matcher._rare_word), it starts the query, and a unit follows, named by
    its kind first or last, and no university or college (NAMED_AFTER): "iFlytek Research", "Tencent AI Lab" (a unit
    of the 1260H list's Tencent), "Huawei Noah's Ark Lab". `variants_of`: normalize.variants of one of `names`, or
    the same read off the names as an index holds them prepared (Matcher._variants_of)."""
    written = variants(query)
    asked = [_content(v) for v in written]
    known = tuple(acronyms)
    parts = _comma_parts(query)
    for name in names:
        if parts and _part_unit(parts, name, known):
            return name
        for whole in variants_of(name):
            short = _short(whole)
            if short and not (rare is not None and any(map(rare, _content_words(whole)))):
                continue
            if _continued(whole, written):
                continue
            held = _content(whole)
            for padded in asked:
                at = padded.find(held)
                if at < 0 or (short and at != 0):
                    continue
                rest = (padded[:at] + padded[at + len(held) - 1 :]).split()
                if short and not NAMED_AFTER.isdisjoint(rest):
                    continue
                if rest and _designation(rest, known, kind_last or short):
                    return name
    return None


def named_under(
    query: str,
    names: Iterable[str],
    others: Callable[[], Iterable[str]] = tuple,
    variants_of: Callable[[str], Sequence[str]] = variants,
) -> tuple[str, str] | None:
    """The organization's whole name (one of `names`) that ends the query after the name of a group or of another
    organization, with the words before it; or None: "Aviation Industry Corporation of China Chengdu Aircraft Design and
    Research Institute" is the Chengdu Aircraft Design and Research Institute named after AVIC, as Chinese state
    groups' institutes write themselves ("中国航空工业集团公司成都飞机设计研究所"). The words before are a group's (a
    corporate word among them) or the whole name of one of `others()`, the query's other candidates (asked for only
    when a name ends the query: most candidates' names do not). `variants_of` as unit_of's."""
    asked = [_content(v) for v in variants(query)]
    grouped = _group_words(query)
    before_names: set[str] | None = None
    for name in names:
        # Normalizing drops "corporation" and "company" as legal forms: counted as written.
        group_before = grouped > _group_words(name)
        for whole in variants_of(name):
            if _short(whole):
                continue
            held = _content(whole)
            for padded in asked:
                if len(padded) <= len(held) or not padded.endswith(held):
                    continue
                before = padded[: len(padded) - len(held) + 1].strip()
                if group_before:
                    return name, before
                if before_names is None:
                    before_names = {_content(v).strip() for other in others() for v in variants(other)}
                if before in before_names:
                    return name, before
    return None


def _group_words(text: str) -> int:
    return sum(1 for word in re.findall(r"[a-z]+", text.casefold()) if word in GROUP_WORDS)


def _continued(whole: str, written: Iterable[str]) -> bool:
    """Whether the query holds the name only as the start of a longer one: "Moscow State University" in "Moscow
    State University of Economics, Statistics and Informatics", "Tianjin University" in "Tianjin University of
    Technology"."""
    return any(f" {whole} {joined} " in f" {v} " for v in written for joined in CONTINUING)


def _comma_parts(query: str) -> list[list[str]]:
    """The words of each comma-separated part of an affiliation (its first variant, without stop words); none for a
    name without commas."""
    if "," not in query:
        return []
    parts = []
    for part in query.split(","):
        found = variants(part)
        if found:
            parts.append(_content(found[0]).split())
    return parts if len(parts) >= 2 else []


def _part_unit(parts: list[list[str]], name: str, known: tuple[str, ...]) -> bool:
    """Whether one comma part of the affiliation is the organization's whole name, of two words or more, and
    another part names a unit ("School of Electronic and Information Engineering, Beihang University"; "Noah's Ark
    Lab, Huawei Technologies"). A part standing whole is the organization whatever its length; MIN_WORDS guards a
    name found inside a longer one ("Tianjin University" in "Tianjin University of Technology"). A part apart says
    its own kind first or last ("Noah's Ark Lab")."""
    wholes = [_content(v).split() for v in variants(name)]
    wholes = [w for w in wholes if len(w) >= 2 and any(x not in UNIT_WORDS for x in w)]
    for at, part in enumerate(parts):
        if part not in wholes:
            continue
        if any(other and _designation(other, known, kind_last=True) for i, other in enumerate(parts) if i != at):
            return True
    return False


def unit_by_abbreviation(query: str, acronyms: Iterable[str]) -> str | None:
    """The organization's abbreviation (upper case) that the query holds as a word of its own beside a unit
    designation ("Institute of Fluid Physics, CAEP"; "School of Materials Science, HIT"), or None. The matcher asks
    it only of the one organization that holds the abbreviation (in the row's country): "School of Medicine, CSU"
    names no unit, for several organizations are CSU."""
    # Written in capitals, as an abbreviation is: "Delta" in "Department of Physics, Delta State University" is a
    # word, whatever a list's company "DELTA" is.
    known = {a for a in acronyms if len(a) >= MIN_ABBREVIATION and _in_capitals(a, query)}
    if not known:
        return None
    for variant in variants(query):
        words = [w for w in variant.split() if w not in STOPWORDS]
        for short in known.intersection(words):
            rest = [w for w in words if w != short]
            # The rest is one unit named by its subject: another kind of institution after it is another body
            # ("Department of Physics, Delta State University, DSU").
            if (
                rest
                and _designation(rest, ())
                and any(w not in UNIT_WORDS and not w.isdigit() for w in rest)
                and not INSTITUTIONS.intersection(rest[1:])
            ):
                return short.upper()
    return None


def _in_capitals(short: str, query: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){re.escape(short.upper())}(?![A-Za-z])", query) is not None
