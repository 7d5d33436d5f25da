"""Organization names in comparable form.

OpenSanctions' `fingerprints` does the heavy lifting: Unicode normalization, case folding, transliteration of
non-Latin scripts (through ICU, via `normality`), and legal-form detection across languages (Co., Ltd. / GmbH /
S.A. / 有限公司 / АО ...). On top of it we expand the abbreviations research names use (Univ., Inst., Acad.,
Natl.), and keep two forms: the `core` without legal forms, for similarity, and its tokens, for blocking.
"""

from __future__ import annotations

import re
from functools import lru_cache

import fingerprints

# Abbreviations in research and company names, after fingerprints' cleaning (lower case, no punctuation).
ABBREVIATIONS = {
    "univ": "university",
    "uni": "university",
    "inst": "institute",
    "acad": "academy",
    "natl": "national",
    "nat": "national",
    "intl": "international",
    "int": "international",
    "tech": "technology",
    "sci": "sciences",
    "lab": "laboratory",
    "labs": "laboratories",
    "ctr": "center",
    "cntr": "center",
    "centre": "center",
    "dept": "department",
    "assoc": "association",
    "hosp": "hospital",
    "med": "medical",
    "res": "research",
    "coll": "college",
    "calif": "california",
    "mass": "massachusetts",
    "st": "saint",
    "chin": "chinese",
}
STOPWORDS = frozenset({"of", "the", "and", "for", "de", "der", "des", "la", "le", "du", "di", "y", "e", "at", "in"})
_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=200_000)
def core(name: str | None) -> str:
    """The name without legal forms, transliterated, lower case, abbreviations expanded, in the original order."""
    if not name:
        return ""
    stripped = fingerprints.remove_types(name) or ""
    cleaned = fingerprints.clean_name_ascii(stripped) or ""
    words = [ABBREVIATIONS.get(word, word) for word in _TOKEN.findall(cleaned)]
    return " ".join(words)


# Legal forms (as fingerprints abbreviates them) grouped by what they are. A joint-stock company and a limited
# liability company of the same name are usually two entities (ZALA AERO JSC and ZALA Aero LLC are).
JOINT_STOCK = frozenset(
    {
        "ao",
        "jsc",
        "pao",
        "oao",
        "zao",
        "pjsc",
        "ojsc",
        "cjsc",
        "ag",
        "plc",
        "sa",
        "nv",
        "spa",
        "inc",
        "corp",
        "kk",
        "se",
    }
)
LIMITED_LIABILITY = frozenset({"llc", "ooo", "tov", "gmbh", "sarl", "srl", "bv", "ltd", "co", "pty", "llp"})


@lru_cache(maxsize=200_000)
def legal_forms(name: str | None) -> frozenset[str]:
    """The legal-form abbreviations in a name: 'ZALA AERO JSC' -> {'ao'}, 'Huawei Co., Ltd.' -> {'co', 'ltd'}."""
    if not name:
        return frozenset()
    full = set((fingerprints.generate(name) or "").split())
    bare = set((fingerprints.generate(fingerprints.remove_types(name)) or "").split())
    return frozenset(full - bare)


def legal_forms_conflict(a: str | None, b: str | None) -> bool:
    """True when one name is plainly a joint-stock company and the other plainly a limited-liability one."""
    fa, fb = legal_forms(a), legal_forms(b)
    if not fa or not fb:
        return False
    return (fa <= JOINT_STOCK and fb <= LIMITED_LIABILITY) or (fa <= LIMITED_LIABILITY and fb <= JOINT_STOCK)


def tokens(name: str | None) -> frozenset[str]:
    """Distinctive tokens of a name, for blocking: no stop words, no one-letter words."""
    return frozenset(t for t in core(name).split() if len(t) > 1 and t not in STOPWORDS)
