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
from collections.abc import Iterable

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
INSTITUTIONS = frozenset({"university", "universities", "institute", "college", "academy", "school", "hospital"})


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


def _content(name: str) -> str:
    """A variant's words without stop words, padded: "Harbin Inst Technol" holds "harbin institute technology"."""
    return f" {' '.join(w for w in name.split() if w not in STOPWORDS)} "


def unit_of(query: str, names: Iterable[str], acronyms: Iterable[str] = (), kind_last: bool = False) -> str | None:
    """The organization's name (one of `names`) that the query holds whole beside a unit designation, or None;
    `kind_last` for a name translated from Chinese (_designation)."""
    asked = [_content(v) for v in variants(query)]
    known = tuple(acronyms)
    for name in names:
        for whole in variants(name):
            words = whole.split()
            content = [w for w in words if w not in STOPWORDS and w not in UNIT_WORDS]
            if len(words) < MIN_WORDS or len(content) < MIN_CONTENT_WORDS:
                continue
            held = _content(whole)
            for padded in asked:
                at = padded.find(held)
                if at < 0:
                    continue
                rest = (padded[:at] + padded[at + len(held) - 1 :]).split()
                if rest and _designation(rest, known, kind_last):
                    return name
    return None


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
