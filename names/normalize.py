"""Organization names in comparable form.

OpenSanctions' `fingerprints` does the heavy lifting: Unicode normalization, case folding, transliteration of
non-Latin scripts (through ICU, via `normality`), and legal-form detection across languages (Co., Ltd. / GmbH /
S.A. / 有限公司 / АО ...), its company types looked up word by word (names/company_types.py: the same text at a
fifth of the cost of its regular expression). Before it, the legal-form table of resolve/legal_forms.yml strips the
forms it misses ("Kft", "yhtiö", "Sociedade de responsabilidade limitada", "Aktsionerne tovarystvo", NPO). After it,
we expand the abbreviations research names use (Univ., Inst., Acad., Natl.), bring words that several languages
share to one spelling (Université, Universität -> university; du, der, von -> of), and keep two forms: the `core`
without legal forms, for similarity, and its tokens, for blocking.

A name can also carry more than one name: a second name in brackets ("LLC CST (Zala Aero Group)"), an acronym
beside its long form ("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"), or
several names joined by ";" as some lists print them. `variants` gives each of them, and comparisons take the best.

Names in Han script (and kana, hangul) are transliterated syllable by syllable, and those syllables are no words of
any European language: the abbreviation, translation and article rules apply only to the Latin part of a name
("哈尔滨工业大学" is "ha er bin gong ye da xue", never "... of xue"). `cjk` keeps such a name in its own script so
that it can be compared there directly, which is what a Chinese name is best compared by.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import fingerprints

from names import company_types
from names import legal_forms as table
from names.places import places
from names.territory_words import territory_code

# Abbreviations in research and company names, after fingerprints' cleaning (lower case, no punctuation), and the
# same word in other languages (as transliterated), brought to one spelling.
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
    # Bibliographic databases abbreviate affiliations word by word (Web of Science: "Harbin Inst Technol", "Natl
    # Univ Def Technol", "Univ Elect Sci & Technol China"), as ISO 4 abbreviates journal titles; a collaborator list
    # exported from publications writes them so.
    "technol": "technology",
    "engn": "engineering",
    "def": "defense",
    "elect": "electronic",
    "electr": "electrical",
    "phys": "physics",
    "aeronaut": "aeronautics",
    "astronaut": "astronautics",
    "aerosp": "aerospace",
    "aviat": "aviation",
    "polytech": "polytechnic",
    "chem": "chemical",
    "appl": "applied",
    "math": "mathematics",
    "mech": "mechanical",
    "mat": "materials",
    "informat": "information",
    "commun": "communication",
    "telecommun": "telecommunications",
    "comp": "computer",
    "biol": "biology",
    "agr": "agricultural",
    "environm": "environmental",
    "geol": "geology",
    "opt": "optics",
    "nucl": "nuclear",
    "minist": "ministry",
    "sch": "school",
    "mil": "military",
    "automat": "automation",
    "radiat": "radiation",
    "precis": "precision",
    "microelect": "microelectronics",
    "optoelect": "optoelectronics",
    "liberat": "liberation",
    "grp": "group",
}
SAME_WORD = {
    **dict.fromkeys(
        [
            "universite",
            "universitat",
            "universitaet",
            "universidad",
            "universidade",
            "universita",
            "universiteit",
            "uniwersytet",
            "univerzita",
            "universitet",
            "universitatea",
        ],
        "university",
    ),
    **dict.fromkeys(["institut", "instituto", "istituto", "instytut"], "institute"),
    "internationale": "international",
    **dict.fromkeys(["akademie", "academia", "akademiia", "akademiya", "akademia", "academie"], "academy"),
    # Genitive prepositions ("Université du Michigan", "Verband der Chemischen Industrie") read as "of", and
    # conjunctions as "and": the order-insensitive comparison then sees the same words.
    **dict.fromkeys(
        ["de", "du", "des", "del", "della", "dei", "degli", "di", "da", "do", "dos", "der", "von", "van"], "of"
    ),
    **dict.fromkeys(["und", "et", "y", "e", "i"], "and"),
    # 中国 is both, and institutions write either: the China Academy of Engineering Physics is the Entity List's
    # Chinese Academy of Engineering Physics.
    "chinese": "china",
}
# Articles carry nothing ("Az Aeroscan Kft" is "the Aeroscan Ltd"); a name cannot begin with a conjunction ("and
# CETC Research Institute 13" is a list's remainder).
ARTICLES = frozenset({"the", "az", "la", "le", "les", "el", "los", "las", "il", "lo", "die", "das", "het"})
STOPWORDS = frozenset({"of", "the", "and", "for", "de", "der", "des", "la", "le", "du", "di", "y", "e", "at", "in"})
_TOKEN = re.compile(r"[a-z0-9]+")
# Han, kana and hangul: scripts whose transliteration is syllables, not words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# A name's form in its script keeps its digits: the number of a unit ("第719研究所", numerals read as digits).
_CJK_FORM = re.compile(r"[0-9\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# fingerprints counts these words as company types and drops them, but they tell companies apart: "Shanghai Import
# and Export Co., Ltd." would be "shanghai and", "ETCO International Company" would be "etco". They are hidden
# from it behind a suffix and given back afterwards.
_KEPT_WORDS = re.compile(r"\b(international|internationale|intl|import|export)\b", re.IGNORECASE)
_KEPT_SUFFIX = "zzkept"
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Ordinals in words are numbers too ("CASC First Academy" is its "1st Academy"; "Second Military Medical University").
ORDINAL_WORDS = {
    word: str(n)
    for n, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}


# Cores (and Han-script forms) computed before on this machine, and those this thread computes while it builds an
# index, to be kept (names/known_cores.py: a graph's names only, never a screened list's).
known_cores: dict[str, str] = {}
known_cjk: dict[str, str] = {}
computing = threading.local()


def _computed(kind: str, name: str, found: str) -> str:
    """A core (kind "cores") or Han form ("cjk") just computed, recorded when this thread is building an index."""
    kept: dict[str, str] | None = getattr(computing, kind, None)
    if kept is not None:
        kept[name] = found
    return found


def core(name: str | None) -> str:
    """The name without legal forms, transliterated, lower case, abbreviations expanded, in the original order."""
    if not name:
        return ""
    found = known_cores.get(name)
    return found if found is not None else _computed("cores", name, _core(name))


@lru_cache(maxsize=200_000)
def _core(name: str) -> str:
    rest, _ = table.strip(name)
    # (text, is it CJK): runs of CJK script are transliterated apart and their syllables left as they are.
    parts: list[tuple[str, bool]] = []
    at = 0
    for run in _CJK.finditer(rest):
        parts += [(rest[at : run.start()], False), (run.group(), True)]
        at = run.end()
    parts.append((rest[at:], False))
    words: list[str] = []
    for text, syllables in parts:
        if not text.strip():
            continue
        kept = text if syllables else _KEPT_WORDS.sub(rf"\1{_KEPT_SUFFIX}", text)
        cleaned = fingerprints.clean_name_ascii(company_types.remove_types(kept) or "") or ""
        if syllables:
            words += _TOKEN.findall(cleaned)
        else:
            words += _latin_words(cleaned, first=not words)
    # Articles precede a noun: one that ends the name is a word of it ("CETC LES"), not an article.
    while words and words[-1] in _DROPPED_ARTICLES:
        words[-1] = words[-1].removeprefix("\0")
    return " ".join(w for w in words if not w.startswith("\0"))


# Articles are marked in _latin_words and dropped only once it is known that a word follows them.
_DROPPED_ARTICLES = frozenset(f"\0{a}" for a in ARTICLES)


def _latin_words(cleaned: str, first: bool) -> list[str]:
    words: list[str] = []
    for word in _TOKEN.findall(cleaned):
        word = word.removesuffix(_KEPT_SUFFIX)
        word = ABBREVIATIONS.get(word, word)
        word = SAME_WORD.get(word, word)
        ordinal = _ORDINAL.match(word)
        if ordinal is not None:
            word = ordinal.group(1)
        word = ORDINAL_WORDS.get(word, word)
        if word in ARTICLES:
            words.append(f"\0{word}")
        elif words or not first or word != "and":
            words.append(word)
    return words


PLA_HAN = ("中国人民解放军", "解放军")  # longest first
PLA_HAN_REST = 4


@lru_cache(maxsize=200_000)
def cjk(name: str | None) -> str:
    """The name's Han (kana, hangul) characters without legal forms, its units' numbers in digits, or "":
    '哈尔滨工业大学' -> '哈尔滨工业大学', '哈爾濱工業大學' -> '哈尔滨工业大学', '中国航天科工集团有限公司' ->
    '中国航天科工集团', '中国船舶重工集团公司第七一九研究所' -> '中国船舶重工集团第719研究所'."""
    if not name or _CJK.search(name) is None:
        return ""
    found = known_cjk.get(name)
    if found is not None:
        return found
    # here: names.han (and ICU) is loaded only for a name in Han script
    from names.han import numerals_as_digits, simplified

    rest, _ = table.strip(name)
    stripped = company_types.remove_types(rest) or rest
    kept = stripped if _CJK.search(stripped) else rest  # remove_types romanizes a name it finds no legal form in
    # In simplified characters: Taiwan, Hong Kong and Macau write 哈爾濱工業大學 for 哈尔滨工业大学 (one name,
    # two scripts), and a record in one meets a row in the other.
    form = "".join(_CJK_FORM.findall(numerals_as_digits(simplified(kept))))
    # 公司 ("company") is what remove_types leaves of a group's legal form inside a name ("...集团公司第七一九研究所"
    # is "...集团有限公司第七一九研究所"): no organization is told from another by it.
    form = form.replace("公司", "") or form
    # 科技 is how names shorten 科学技术 ("science and technology"): 国防科技大学 is ROR's 国防科学技术大学
    # (NUDT's former name). Of ROR's 46 Han-script names with 科学技术, none becomes another record's name so.
    form = form.replace("科学技术", "科技")
    # "中国人民解放军" (the PLA) before a name says whose it is, not which, as "PLA" does in English: 海军工程大学 is
    # 中国人民解放军海军工程大学. Kept when less than PLA_HAN_REST characters follow (中国人民解放军总医院, the PLA
    # General Hospital; 中国人民解放军海军, the Navy).
    for prefix in PLA_HAN:
        if form.startswith(prefix) and len(form) - len(prefix) >= PLA_HAN_REST:
            form = form[len(prefix) :]
            break
    return _computed("cjk", name, form)


# Legal forms as fingerprints abbreviates them that the table does not spell the same way, by family.
_FINGERPRINTS_FAMILY = {"jsc": "joint_stock", "pjsc": "joint_stock", "ojsc": "joint_stock", "cjsc": "joint_stock"}


def _family(form: str) -> str | None:
    return table.family(form) or _FINGERPRINTS_FAMILY.get(form)


@lru_cache(maxsize=200_000)
def legal_forms(name: str | None) -> frozenset[str]:
    """The legal-form abbreviations in a name: 'ZALA AERO JSC' -> {'ao'}, 'Huawei Co., Ltd.' -> {'co', 'ltd'}."""
    if not name:
        return frozenset()
    rest, found = table.strip(name)
    full = set((company_types.generate(rest) or "").split())
    bare = set((company_types.generate(company_types.remove_types(rest)) or "").split())
    return frozenset(found | (full - bare))


def legal_forms_conflict(a: str | None, b: str | None) -> bool:
    """True when one name is plainly a joint-stock company and the other plainly a limited-liability one.

    Forms of no family (partnerships, state enterprises, NPO and the like) are no evidence either way."""
    # b first: the matcher passes a record's name as b (read once, then cached), and most records (universities,
    # laboratories) carry no form, so the query's own forms, the costly part of a new name, are seldom needed.
    fb = {_family(f) for f in legal_forms(b)} & {"joint_stock", "limited_liability"}
    if len(fb) != 1:
        return False
    fa = {_family(f) for f in legal_forms(a)} & {"joint_stock", "limited_liability"}
    return len(fa) == 1 and fa != fb


@lru_cache(maxsize=200_000)
def numbers(name: str | None) -> frozenset[str]:
    """The numbers a name carries, ordinals as numbers: '13th Research Institute (CETC 13)' -> {'13'}; in Han
    script, the number a unit is given ('第七一九研究所' -> {'719'}; transliteration leaves its numerals syllables)."""
    from names.han import han_numbers  # here: the translator's glossary is read only by what translates

    return frozenset(t for t in core(name).split() if t.isdigit()) | han_numbers(name or "")


def numbers_conflict(a: str | None, b: str | None) -> bool:
    """True when both names carry numbers and neither's numbers include the other's.

    Numbered units of one group are different organizations ("CETC 13th Research Institute" and "CETC 55th Research
    Institute") however alike the rest of the name; a name that adds a number to the other's ("Building 5") is not
    a conflict."""
    na, nb = numbers(a), numbers(b)
    return bool(na and nb) and not (na <= nb or nb <= na)


def tokens(name: str | None) -> frozenset[str]:
    """Distinctive tokens of a name, for blocking: no stop words, no one-letter words."""
    return frozenset(t for t in core(name).split() if len(t) > 1 and t not in STOPWORDS)


# Lists print this after Entity List names; it names no one.
_BOILERPLATE = re.compile(
    r"[;,]?\s*and any successors?,?\s*sub-units?,?\s*or subsidiar(?:y|ies) thereof\.?"
    r"|[;,]?\s*and (?:its|their) (?:sub-?units?|subordinates?|subsidiar(?:y|ies))(?: and successors)?\.?$",
    re.I,
)
# A bracket holding a note ("(Parent Organization: China National Nuclear Group Corporation (CNNC))"), one level of
# brackets inside it allowed: it names someone else.
NOTE = re.compile(r"\((?:[^()]|\([^()]*\))*:(?:[^()]|\([^()]*\))*\)")
BRACKET = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_WORD = re.compile(r"[^\W_]+")


def closes_the_name(text: str, bracket: re.Match[str]) -> bool:
    """Whether a bracket (an acronym in it) closes the name it follows: no more name words come after it, though a
    legal form, another bracket ("(Iraq)", "(FZC)"), a part after a comma or semicolon, or "and its subordinates"
    may; and it is in no note ("(Parent Organization: China National Nuclear Group Corporation (CNNC))"). An acronym
    that more name words follow abbreviates a parent ("China Aerospace Science and Technology Corporation (CASC) 9th
    Academy 771 Research Institute")."""
    if any(note.start() <= bracket.start() < note.end() for note in NOTE.finditer(text)):
        return False
    rest = re.split(r"[,;]", text[bracket.end() :])[0]
    return not core(_BOILERPLATE.sub("", BRACKET.sub(" ", rest))).strip()


def _acronym_run(letters: str, words: list[str]) -> tuple[int, int] | None:
    """(first, last + 1) of the words an acronym abbreviates, or None.

    Each word gives the acronym its first letter and maybe more letters from inside it ('Bayerische Motorenwerke'
    -> BMW); stop words may give none, and so may one other word ('China Electronics Technology Group
    Corporation' -> CETC). The long form has two words or more."""

    def run_from(start: int) -> int | None:
        def walk(at: int, index: int, skipped: bool) -> int | None:
            if at == len(letters):
                return index
            if index == len(words):
                return None
            word = words[index]
            if word[0] == letters[at]:
                ends, pos, k = [at + 1], 1, at + 1
                while k < len(letters) and (pos := word.find(letters[k], pos) + 1) > 0:
                    k += 1
                    ends.append(k)
                for end in ends:
                    found = walk(end, index + 1, skipped)
                    if found is not None:
                        return found
            if index > start and (word in STOPWORDS or not skipped):
                return walk(at, index + 1, skipped or word not in STOPWORDS)
            return None

        return walk(0, start, False)

    for start, word in enumerate(words):
        if word[0] == letters[0]:
            end = run_from(start)
            if end is not None and end - start >= 2:
                return start, end
    return None


def _expand(outside: str, inner: str) -> str | None:
    """The name with its long form replaced by the bracketed acronym, when the bracket holds one."""
    first = inner.split()[0] if inner.split() else ""
    letters = re.sub(r"[^A-Za-z]", "", first)
    if not (2 <= len(letters) <= 10 and letters.isupper()):
        return None
    spans = list(_WORD.finditer(outside))
    run = _acronym_run(letters.lower(), [m.group().casefold() for m in spans])
    if run is None:
        return None
    start, end = spans[run[0]].start(), spans[run[1] - 1].end()
    expanded = f"{outside[:start]}{first}{outside[end:]}"
    # An acronym alone says too little to match on ("KGU"): keep it only beside other words.
    return expanded if core(expanded) != core(first) else None


# Words that make a name a part of an organization ("State Key Laboratory of ... (Central South University)"): a
# bracket after them names the organization it belongs to, not the part.
UNIT_WORDS = frozenset(
    {
        "laboratory",
        "laboratories",
        "department",
        "school",
        "faculty",
        "college",
        "center",
        "institute",
        "branch",
        "division",
        "factory",
        "plant",
        "office",
        "bureau",
        "station",
        "hospital",
        "campus",
        "subsidiary",
        "unit",
    }
)
# Words that make a bracket a name of an organization ("LLC CST (Zala Aero Group)") rather than a place
# ("Cambricon (Hong Kong) Co., Ltd.").
HEAD_WORDS = frozenset(
    {
        "group",
        "company",
        "corporation",
        "university",
        "academy",
        "institute",
        "aero",
        "bank",
        "holding",
        "holdings",
        "industries",
        "industry",
        "technology",
        "technologies",
        "electronics",
        "systems",
        "association",
        "society",
        "foundation",
        "council",
        "agency",
        "enterprise",
        "enterprises",
        "works",
        "plant",
        "factory",
    }
)
_LABELLED = re.compile(r"^\s*[\w ]+:")  # "(Parent Organization: ...)", "(formerly: ...)": a note, not a name


def _second_name(outside: str, inner: str) -> bool:
    """Whether a bracketed part is another name of the whole: a name of its own (two words or more, a word of an
    organization's name or a number among them), neither a note, nor a place, nor the parent of a unit."""
    inner_words = tokens(inner)
    if sum(1 for t in inner_words if t.isalpha()) < 2 or _LABELLED.match(inner):
        return False
    if set(core(outside).split()) & UNIT_WORDS:
        return False
    return bool(inner_words & HEAD_WORDS) or any(t.isdigit() for t in inner_words)


# "PLA" or "People's Liberation Army" before or after a name says whose the institution is, not which: the Section
# 1286 list prints "Army Engineering University", collaborators write "PLA Army Engineering University" and "Dalian
# Naval Academy of the PLA". The name without it is a variant when three words or more remain ("PLA Air Force" and
# "PLA General Hospital" stay whole: "Air Force" names no one).
_AFFILIATION = re.compile(
    r"^(?:the\s+)?(?:(?:chinese|china)\s+)?(?:pla|people[’']?s\s+liberation\s+army)\b[\s,]*"
    r"|[\s,]*\bof\s+(?:the\s+)?(?:chinese\s+)?(?:pla|people[’']?s\s+liberation\s+army)$",
    re.IGNORECASE,
)
AFFILIATION_REST = 3


def _without_affiliation(part: str) -> str | None:
    rest = _AFFILIATION.sub("", part).strip()
    return rest if rest != part and len(tokens(rest)) >= AFFILIATION_REST else None


# Words that say a comma-separated part of a row names an organization, not where it is.
ORGANIZATION_WORDS = (
    UNIT_WORDS
    | HEAD_WORDS
    | frozenset(
        {
            "hospital",
            "ministry",
            "commission",
            "administration",
            "council",
            "agency",
            "committee",
            "corps",
            "force",
            "navy",
            "army",
            "bank",
            "fund",
            "trust",
            "press",
        }
    )
)
_POSTCODE = re.compile(r"\d{4,}")


def _names_an_organization(part: str) -> bool:
    if _an_address(part):
        return False
    return bool(set(core(part).split()) & ORGANIZATION_WORDS) or bool(legal_forms(part))


def _an_address(part: str) -> bool:
    """A country ("China", "P.R. China": its core), a region the territory tables know, or a postal code."""
    if _POSTCODE.search(part):
        return True
    return any(territory_code(text) is not None for text in (part.strip(" ."), core(part)) if text)


# Words of a street address or a district ("37 Xueyuan Road", "Haidian District", "Hunan Province").
ADDRESS_WORDS = frozenset(
    {"road", "rd", "street", "st", "avenue", "ave", "lane", "district", "county", "province", "city", "town", "no"}
)
ADDRESS_PART = 3  # words at most of a street or district part
_CAPITALS = re.compile(r"\b[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&-]+\b")


def _a_place(part: str) -> bool:
    """A part of an affiliation that says where: an address (_an_address), a short part with a street or district
    word ("37 Xueyuan Road", "Haidian District"), or words that are all places the place table knows ("Harbin",
    "Changsha"), numbers or such words."""
    if _an_address(part):
        return True
    words = core(part).split()
    if not words:
        return False
    if len(words) <= ADDRESS_PART and not ADDRESS_WORDS.isdisjoint(words):
        return True  # "Haidian District", "37 Xueyuan Road": the street or district need not be a known place
    known = places()
    return all(w in known or w in ADDRESS_WORDS or w.isdigit() for w in words)


def _may_name_the_organization(part: str) -> bool:
    """A part after the last one with an organization's word that is no place and may be the organization itself,
    the row naming its unit first: an abbreviation in capitals ("Department of Physics, BGI"), or words of which
    none is a place ("Department of Physics, Unitree Robotics"). A single word that is no known place stays a town
    ("..., Dolgoprudny, Russia")."""
    if _a_place(part):
        return False
    if _CAPITALS.search(part):
        return True
    words = core(part).split()
    return len(words) >= 2 and not any(w in places() for w in words)


_TRAILING_BRACKET = re.compile(r"\s*[(\[]([^()\[\]]+)[)\]]\s*$")


def _a_country(text: str) -> bool:
    """Whether the text names a country (or a territory with a code of its own: Hong Kong), not a region of one."""
    code = territory_code(text.strip(" ."))
    return code is not None and "-" not in code


def without_address(name: str) -> str | None:
    """The name without the address a collaborator list's affiliation carries after it: the comma-separated parts
    after the last one that names an organization ("Harbin Institute of Technology, China"; "National University of
    Defense Technology, Changsha, Hunan 410073, P.R. China"; "Huawei Technologies Co., Ltd., Shenzhen, China"); with
    no such part, or when a part after it may be the organization itself ("Department of Physics, BGI, China":
    _may_name_the_organization), the trailing places only ("Hikvision, China"); and a country in brackets after
    the name ("SMMU (China)"). None when nothing is left out."""
    bracket = _TRAILING_BRACKET.search(name)
    if bracket is not None and name[: bracket.start()].strip() and _a_country(bracket.group(1)):
        # "SMMU (China)", "BGI (China)": the country a row adds in brackets after the name, no part of it. What it
        # follows is the organization ("Department of Physics, Hikvision (China)"), unless it is a place itself.
        rest = name[: bracket.start()].rstrip(" ,")
        return (without_address(rest) if _a_place(rest.rsplit(",", 1)[-1]) else None) or rest
    parts = name.split(",")
    if len(parts) < 2:
        return None
    named = [i for i, part in enumerate(parts) if _names_an_organization(part)]
    keep = named[-1] + 1 if named else len(parts)
    if named and any(_may_name_the_organization(part) for part in parts[keep:]):
        keep = len(parts)
    if keep == len(parts):
        while keep > 1 and _a_place(parts[keep - 1]):
            keep -= 1
    rest = ",".join(parts[:keep]).strip()
    return rest if keep < len(parts) and tokens(rest) else None


@lru_cache(maxsize=200_000)
def name_variants(name: str) -> tuple[str, ...]:
    """The names a name holds: itself, each ';'-separated part, each part without its brackets, with its
    long form replaced by the acronym in brackets, and a bracketed second name of two words or more."""
    whole = _BOILERPLATE.sub("", name).strip() or name
    found: list[str] = []
    for part in whole.split(";"):
        part = " ".join(NOTE.sub(" ", part).split())
        if not part:
            continue
        found.append(part)
        brackets = list(BRACKET.finditer(part))
        if not brackets:
            continue
        outside = " ".join(BRACKET.sub(" ", part).split())
        found.append(outside)
        for match in brackets:
            inner = (match.group(1) or match.group(2) or "").strip()
            expanded = _expand(outside, inner) if inner else None
            if expanded is not None:
                found.append(expanded)
            elif _second_name(outside, inner):
                found.append(inner)
    found += [rest for part in [whole, *found] if (rest := _without_affiliation(part)) is not None]
    return tuple(dict.fromkeys([whole, *found]))


def spelled_out(abbreviation: str) -> tuple[str, ...]:
    """The names an abbreviation carries in brackets, of two words or more: its long form ("ASMAT (APPLIED SYSTEMS
    METHODS AND TECHNOLOGY)", "AVS (Armored Vehicle Spares)": the letters are its words' initials) or a second name
    ("LLC CST (Zala Aero Group)", as name_variants reads one). A note is neither ("CNOOC Limited (a subsidiary of
    China National Offshore Oil Corporation)")."""
    found = [v for v in name_variants(abbreviation)[1:] if not BRACKET.search(v) and len(tokens(v)) >= 2]
    outside = core(BRACKET.sub(" ", abbreviation)).split()
    if len(outside) == 1:
        for match in BRACKET.finditer(abbreviation):
            inner = (match.group(1) or match.group(2) or "").strip()
            words = [m.group().casefold() for m in _WORD.finditer(inner)]
            if len(words) >= 2 and _acronym_run(outside[0], words) == (0, len(words)):
                found.append(inner)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=200_000)
def qualifiers(name: str | None) -> tuple[str, ...]:
    """What a name says in brackets about which of several organizations it is: a place ("Semiconductor
    Manufacturing International (Tianjin) Corporation", "China Unicom (BVI)") by its territory code, so "(UK)" and
    "(United Kingdom)" are one; a parent or a second name by its core. Not an acronym ("(HIT)", "(KGU)": a spelling
    of the name, which says nothing more) unless it names a place. Two names whose qualifiers differ are two
    organizations, however alike the rest (names.score)."""
    if not name:
        return ()
    found: list[str] = []
    for part in name.split(";"):
        for match in BRACKET.finditer(part):
            inner = (match.group(1) or match.group(2) or "").strip()
            letters = re.sub(r"[^A-Za-z]", "", inner)
            code = territory_code(inner)
            if " " not in inner and 2 <= len(letters) <= 10 and letters.isupper() and not code:
                continue
            found.append(code or core(inner))
    return tuple(q for q in dict.fromkeys(found) if q)


@lru_cache(maxsize=200_000)
def qualified_variants(name: str) -> tuple[str, ...]:
    """The cores of the name's variants that keep what its brackets say (the whole name, each part): the ones two
    names whose qualifiers differ are compared by."""
    return tuple(c for c in dict.fromkeys(core(v) for v in name_variants(name) if BRACKET.search(v)) if c)


@lru_cache(maxsize=200_000)
def variants(name: str | None) -> tuple[str, ...]:
    """The distinct non-empty cores of a name's variants, the whole name's first."""
    if not name:
        return ()
    return tuple(c for c in dict.fromkeys(core(v) for v in name_variants(name)) if c)
