"""Screening a Han-script name against records that carry only English names: found through its translation.

The listed records are real entries of shared/data/us-restricted-lists (the BIS Entity List and the Section 1286
list, name and aliases as published; only the first aliases kept); the unlisted records are real ROR records
(shared/data/ror) with their Han-script labels left out, as most records in the graph have none.
"""

from __future__ import annotations

from names.normalize import cjk
from resolve.matcher import Matcher
from resolve.translation import CAPPED

CETC_54 = {
    "id": "el-cetc54",
    "name": "54th Research Institute of China",
    "aliases": [
        "China Electronics Technology Group Corp. (CETC) 54th Research Institute",
        "Communication, Telemetry and Telecontrol Research Institute (CTI)",
        "Shijiazhuang Communication Observation and Control Technology Institute",
    ],
    "country": "CN",
}
NUDT = {
    "id": "1286-nudt",
    "name": "National University of Defense Technology",
    "aliases": ["Central South CAD Center", "CSCC", "Hunan Guofang Keji University"],
    "country": None,
}
HIT = {"id": "el-hit", "name": "Harbin Institute of Technology", "aliases": [], "country": "CN"}
NWPU = {
    "id": "el-nwpu",
    "name": "Northwestern Polytechnical University",
    "aliases": ["Northwest Polytechnic University", "Northwest Polytechnical University"],
    "country": "CN",
}
HEU = {"id": "el-heu", "name": "Harbin Engineering University", "aliases": [], "country": "CN"}
NJUST = {"id": "el-njust", "name": "Nanjing University of Science and Technology", "aliases": [], "country": "CN"}
NUAA = {"id": "el-nuaa", "name": "Nanjing University of Aeronautics and Astronautics", "aliases": [], "country": "CN"}
CETC_55 = {"id": "el-cetc55", "name": "China Electronics Technology Group Corporation 55th Research Institute"}
# ror.org/04e6y1282 (哈尔滨理工大学), not listed: "harbin institute of technology" is one rendering of its name.
HUST = {"id": "ror-04e6y1282", "name": "Harbin University of Science and Technology", "country": "CN"}
# ror.org/05d2yfz11 with its Han-script label: a name already held in its script is not translated.
NUDT_ROR = {
    "id": "ror-05d2yfz11",
    "name": "National University of Defense Technology",
    "aliases": ["中国人民解放军国防科学技术大学"],
    "country": "CN",
}
ROWS = [CETC_54, CETC_55, NUDT, HIT, NWPU, HEU, NJUST, NUAA, HUST]


def test_a_han_name_finds_its_english_only_listed_record() -> None:
    matcher = Matcher.from_rows(ROWS)
    for han, expected in [
        ("中国电子科技集团公司第五十四研究所", "el-cetc54"),
        ("国防科技大学", "1286-nudt"),
        ("西北工业大学", "el-nwpu"),
        ("哈尔滨工程大学", "el-heu"),
    ]:
        found = matcher.match(han, "CN")
        assert found[0].entity.id == expected, (han, found[0])
        assert found[0].reasons[0].startswith("translated from Chinese ("), found[0].reasons
        # A translation is a guess at the words: it asks a person, it never decides alone.
        assert matcher.status(found) == "review"
        assert matcher.review_threshold <= found[0].score <= CAPPED


def test_a_number_that_differs_is_no_match() -> None:
    """The 54th institute's Chinese name never reaches the 55th institute's record."""
    matcher = Matcher.from_rows([CETC_55])
    assert matcher.status(matcher.match("中国电子科技集团公司第五十四研究所", "CN")) == "no_match"


def test_a_near_miss_unlisted_institution_is_not_flagged() -> None:
    matcher = Matcher.from_rows(ROWS)
    # Its usual rendering is its own English name, and the listed Harbin Institute of Technology only resembles it.
    found = matcher.match("哈尔滨理工大学", "CN")
    assert found[0].entity.id == "ror-04e6y1282"
    assert next(c for c in found if c.entity.id == "el-hit").score < matcher.review_threshold
    # Without a record of its own, it is not taken for Harbin Institute of Technology either.
    alone = Matcher.from_rows([r for r in ROWS if r is not HUST])
    assert alone.status(alone.match("哈尔滨理工大学", "CN")) == "no_match"
    # Nanjing University (南京大学, ror.org/01rxvg760) with no record of its own: the listed Nanjing universities
    # keep distinguishing words it lacks.
    assert matcher.status(matcher.match("南京大学", "CN")) == "no_match"


def test_a_name_held_in_its_script_is_not_translated() -> None:
    matcher = Matcher.from_rows([*ROWS, NUDT_ROR])
    found = matcher.match("中国人民解放军国防科学技术大学", "CN")
    assert found[0].entity.id == "ror-05d2yfz11"
    assert found[0].score == 1.0 and found[0].reasons[0].startswith("same name in its script")
    assert not any(r.startswith("translated") for c in found for r in c.reasons)


def test_a_matcher_of_people_does_not_translate() -> None:
    """The glossary is institutions' vocabulary (screening/people.py turns it off for people's names)."""
    matcher = Matcher.from_rows(ROWS)
    matcher.translate = False
    found = matcher.match("国防科技大学", "CN")
    assert matcher.status(found) == "no_match"
    assert not any(r.startswith("translated") for c in found for r in c.reasons)


def test_a_translation_says_nothing_of_the_kind_of_institution() -> None:
    # ror.org/00264zf15, its Han-script label 昭通学院 left out: 学院 renders as "college" first, and the university
    # calls itself one. What a person writes of its kind is evidence (names.score.kind_evidence); a glossary's
    # choice is not: it was a review before the kind rule and stays one.
    zhaotong = {
        "id": "ror-00264zf15",
        "name": "Zhaotong University",
        "aliases": [],
        "country": "CN",
        "ror": "00264zf15",
    }
    matcher = Matcher.from_rows([zhaotong, HIT, NJUST])
    found = matcher.match("昭通学院", "CN")
    assert found[0].entity.id == "ror-00264zf15" and matcher.status(found) == "review"
    assert not any(r.startswith("kinds differ") for r in found[0].reasons)
    written = matcher.match("Zhaotong College", "CN")  # written so by a person, it names another kind
    assert any(r.startswith("kinds differ (college vs university)") for r in written[0].reasons)


def test_a_translation_says_nothing_of_the_fields_of_an_institution() -> None:
    # ror.org/003ncxf91 without its Han-script label: 中国矿业大学（北京） renders as "China University of Mining
    # (Beijing)", and the university writes "and Technology" too. A field only one name says costs a spelling
    # (names.score.FIELDS), not a glossary's rendering: it stays the review it was.
    cumtb = {
        "id": "ror-003ncxf91",
        "name": "China University of Mining and Technology - Beijing",
        "aliases": [],
        "country": "CN",
    }
    matcher = Matcher.from_rows([cumtb, HIT, NJUST])
    found = matcher.match("中国矿业大学（北京）", "CN")
    assert found[0].entity.id == "ror-003ncxf91" and matcher.status(found) == "review"
    assert not any("a field only one name says" in r for r in found[0].reasons)
    written = matcher.match("China University of Mining (Beijing)", "CN")
    assert any("a field only one name says: technology" in r for r in written[0].reasons)


def test_the_pla_before_a_han_name_says_whose_it_is_not_which() -> None:
    # ROR's records of two universities of the PLA (ror.org/056vyez31, ror.org/00seraz22), their Han-script labels
    # as ROR gives them, with 中国人民解放军 before the name; collaborators write 海军工程大学, as "Naval University of
    # Engineering" without "PLA". The name was translated (a review at most); now it is the same name in its script.
    nue = {"id": "ror-056vyez31", "name": "Naval University of Engineering", "aliases": ["中国人民解放军海军工程大学"]}
    afeu = {
        "id": "ror-00seraz22",
        "name": "Air Force Engineering University",
        "aliases": ["中国人民解放军空军工程大学"],
    }
    matcher = Matcher.from_rows([{**nue, "country": "CN"}, {**afeu, "country": "CN"}, HIT])
    for written, expected in (("海军工程大学", nue), ("解放军空军工程大学", afeu), ("中国人民解放军海军工程大学", nue)):
        found = matcher.match(written, "CN")
        assert found[0].entity.id == expected["id"] and matcher.status(found) == "match", written
        assert found[0].reasons[0] == "same name in its script 1.00"
    # 科技 shortens 科学技术: NUDT's 国防科技大学 is ROR's label of its former name (ror.org/05d2yfz11).
    nudt = {"id": "ror-05d2yfz11", "name": "National University of Defense Technology", "country": "CN"}
    found = Matcher.from_rows([{**nudt, "aliases": ["中国人民解放军国防科学技术大学"]}, HIT]).match(
        "国防科技大学", "CN"
    )
    assert found[0].entity.id == nudt["id"] and found[0].reasons[0] == "same name in its script 1.00"
    # What follows the PLA must be a name: the PLA General Hospital and the PLA Navy keep it.
    assert cjk("中国人民解放军总医院") == "中国人民解放军总医院" and cjk("中国人民解放军海军") == "中国人民解放军海军"


def test_a_translation_says_nothing_of_the_legal_form() -> None:
    # 1260H's "360 Security Technology, Inc." and its Chinese name, 三六零安全科技股份有限公司: the glossary
    # renders 股份有限公司 (and 有限公司, 有限责任公司) "co ltd", which is no "Inc.". The legal forms a person writes
    # are evidence (names.score.legal_form_evidence); a glossary's are not: with them the listed company was no
    # match (0.67).
    qihoo = {"id": "1260h-0", "name": "360 Security Technology, Inc.", "aliases": [], "country": "CN", "listings": 1}
    matcher = Matcher.from_rows([qihoo, HIT, NJUST])
    found = matcher.match("三六零安全科技股份有限公司", "CN")
    assert found[0].entity.id == "1260h-0" and matcher.status(found) == "review"
    assert not any(r.startswith("legal forms differ") for r in found[0].reasons)
    written = matcher.match("360 Security Technology Co., Ltd.", "CN")
    assert any(r.startswith("legal forms differ") for r in written[0].reasons)
    # SMIC writes "Corporation", as English writes a company of any form: its Chinese name finds it.
    smic = {"id": "el-smic", "name": "Semiconductor Manufacturing International Corporation (SMIC)", "country": "CN"}
    found = Matcher.from_rows([{**smic, "listings": 1}, HIT]).match("中芯国际集成电路制造有限公司", "CN")
    assert found[0].entity.id == "el-smic" and found[0].score > 0.85


# Real ROR records of two CAS institutes a character apart in Han script: ror.org/02e5hx313 (botany) and
# ror.org/03m0vk445 (zoology), their first Han-script labels; and the listed Institute of Acoustics' twin in
# chemistry (ror.org/00v8rqv75, ror.org/048y1rc66).
KUNMING_BOTANY = {"id": "ror-02e5hx313", "name": "Kunming Institute of Botany", "aliases": ["中国科学院昆明植物研究所"]}
KUNMING_ZOOLOGY = {
    "id": "ror-03m0vk445",
    "name": "Kunming Institute of Zoology",
    "aliases": ["中国科学院昆明动物研究所"],
}
ACOUSTICS = {
    "id": "ror-00v8rqv75",
    "name": "Institute of Acoustics",
    "aliases": ["中国科学院声学研究所"],
    "country": "CN",
}


def test_han_names_a_character_apart_are_two_organizations() -> None:
    matcher = Matcher.from_rows([{**KUNMING_BOTANY, "country": "CN"}, {**KUNMING_ZOOLOGY, "country": "CN"}])
    found = matcher.match("中国科学院昆明动物研究所", "CN")
    assert found[0].entity.id == "ror-03m0vk445" and matcher.status(found) == "match"
    assert all(c.score < matcher.review_threshold for c in found if c.entity.id == "ror-02e5hx313")
    # The Institute of Chemistry, with no record of its own, is not the Institute of Acoustics it is a character from.
    alone = Matcher.from_rows([ACOUSTICS])
    assert alone.status(alone.match("中国科学院化学研究所", "CN")) == "no_match"


# Entity List and Section 1286 records as published (shared/data/us-restricted-lists), aliases as there.
CSSC_719 = {
    "id": "el-459",
    "name": "China State Shipbuilding Corporation, Limited (CSSC) 719th Research Institute",
    "aliases": ["China Shipbuilding Industry Group Co., Ltd. (CSIC) 719th Research Institute"],
    "country": "CN",
}
CSSC_724 = {**CSSC_719, "id": "el-cssc724", "name": CSSC_719["name"].replace("719th", "724th"), "aliases": []}
AMMS_TOXICOLOGY = {
    "id": "el-164",
    "name": "Academy of Military Medical Sciences, Institute of Toxicology and Pharmacology",
    "aliases": ["Institute of Toxicology and Drugs"],
    "country": "CN",
}
COAST_GUARD = {"id": "1286-46", "name": "China Coast Guard Academy", "aliases": ["China Maritime Police Academy"]}
JLSF = {"id": "1286y-382", "name": "Joint Logistics Support Force Engineering University", "country": "CN"}


def test_the_vocabulary_of_defence_groups_fields_and_arms() -> None:
    """The group a unit belongs to under its own abbreviations or former name (中电科, 中国电科, 中国船舶重工集团),
    fields (毒物药物 toxicology and pharmacology, 医学科学院 academy of medical sciences) and arms of the armed
    forces."""
    matcher = Matcher.from_rows([CETC_54, CETC_55, CSSC_719, CSSC_724, AMMS_TOXICOLOGY, COAST_GUARD, JLSF, HIT])
    for han, expected in [
        ("中电科第五十四研究所", "el-cetc54"),
        ("中国电科第五十四研究所", "el-cetc54"),  # 中国电科, the group's short name since its 2017 restructuring
        ("中国电子科技集团有限公司第五十五研究所", "el-cetc55"),
        ("中国船舶重工集团公司第七一九研究所", "el-459"),
        ("军事医学科学院毒物药物研究所", "el-164"),
        ("中国海警学院", "1286-46"),
        ("联勤保障部队工程大学", "1286y-382"),
    ]:
        found = matcher.match(han, "CN")
        assert found[0].entity.id == expected and matcher.status(found) == "review", (han, found[0])
        assert found[0].reasons[0].startswith("translated from Chinese ("), found[0].reasons
    # The group's other numbered institute stays apart.
    found = matcher.match("中国船舶重工集团公司第七一九研究所", "CN")
    assert all(c.score < matcher.review_threshold for c in found if c.entity.id == "el-cssc724")


def test_a_unit_named_after_its_listed_parent_in_chinese_is_a_review() -> None:
    """Chinese names a unit after its parent, its kind last: 中国工程物理研究院流体物理研究所 is the Institute of
    Fluid Physics of the China Academy of Engineering Physics (Entity List's name for it)."""
    caep = {"id": "el-471", "name": "Chinese Academy of Engineering Physics", "country": "CN", "listings": 1}
    matcher = Matcher.from_rows([caep, HIT])
    found = matcher.match("中国工程物理研究院流体物理研究所", "CN")
    assert matcher.status(found) == "review" and found[0].entity.id == "el-471"
    assert found[0].reasons[0] == "names a unit of Chinese Academy of Engineering Physics"
    # A name that only shares the parent's words, its kind not last, is no unit of it.
    assert matcher.status(matcher.match("中国工程物理研究院流体物理", "CN")) == "no_match"


def test_an_institute_written_after_its_state_group_is_found_by_its_own_name() -> None:
    # The Entity List's China Academy of Launch Vehicle Technology (CASC's First Academy) and CASC itself. Written
    # after its group in Chinese, the institute's own name renders otherwise than its English one, so only the name
    # after the group, screened alone, finds it; it comes before the group's "names a unit of" review.
    calt = {
        "id": "el-calt",
        "name": "China Academy of Launch Vehicle Technology",
        "aliases": ["CALT"],
        "country": "CN",
        "listings": 1,
    }
    casc = {
        "id": "el-casc",
        "name": "China Aerospace Science and Technology Corporation",
        "country": "CN",
        "listings": 1,
    }
    matcher = Matcher.from_rows([calt, casc])
    found = matcher.match("中国航天科技集团公司中国运载火箭技术研究院", "CN", collapse=True)
    assert matcher.status(found) == "review" and found[0].entity.id == "el-calt"
    assert found[0].reasons[0] == "中国运载火箭技术研究院, named after its group (中国航天科技集团公司)"
    # A numbered institute is told apart by its group's name: the number alone names no institute.
    numbered = matcher.match("中国航天科技集团公司第一研究院", "CN", collapse=True)
    assert not any("named after its group" in r for c in numbered for r in c.reasons)


# Real ROR records (shared/data/ror): Megvii (ror.org/040b32p69) with its English names and only the shorter of its
# two Han-script names (its full one, 北京旷视科技有限公司, is the row below); BGI Research (ror.org/05gsxrt27); the
# University of Electronic Science and Technology of China (ror.org/04qr3zq92), listed here to show a near name apart.
MEGVII = {
    "id": "ror-040b32p69",
    "name": "Megvii (China)",
    "aliases": ["Megvii Technology Limited", "旷视科技"],
    "country": "CN",
    "listings": 1,
}
BGI_RESEARCH = {
    "id": "ror-05gsxrt27",
    "name": "BGI Research",
    "aliases": ["华大生命科学研究院"],
    "country": "CN",
    "listings": 1,
}
UESTC = {
    "id": "ror-04qr3zq92",
    "name": "University of Electronic Science and Technology of China",
    "aliases": ["电子科技大学"],
    "country": "CN",
    "listings": 1,
}


def test_a_company_written_with_its_city_before_its_brand_is_a_review() -> None:
    matcher = Matcher.from_rows([MEGVII, BGI_RESEARCH, UESTC, HIT])
    # Megvii's own ROR label; BGI Research's Wuhan branch (ror.org/05x3m4218), a unit of it.
    for han, expected, place in [
        ("北京旷视科技有限公司", "ror-040b32p69", "北京"),
        ("武汉华大生命科学研究院", "ror-05gsxrt27", "武汉"),
    ]:
        for country in ("CN", None):
            found = matcher.match(han, country, collapse=True)
            assert found[0].entity.id == expected and matcher.status(found) == "review", (han, country, found[0])
            assert f"a place the other name does not say: {place}" in found[0].reasons[0], found[0].reasons
    # The rest of Hangzhou Dianzi University's name (ror.org/0576gt767) is another university's whole name, with no
    # brand in it: not flagged.
    assert matcher.status(matcher.match("杭州电子科技大学", "CN", collapse=True)) == "no_match"


def test_a_place_before_a_han_name_is_weighed_only_for_a_screened_row() -> None:
    # Resolution compares records, not rows: two records so named are two (a city's branch), never linked by it.
    matcher = Matcher.from_rows([BGI_RESEARCH])
    assert matcher.status(matcher.match("武汉华大生命科学研究院", "CN")) == "no_match"
