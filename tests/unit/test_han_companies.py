"""Chinese companies of the US lists, named in Han script, and the brand two sources both name a company by.

The listed records are real entries of shared/data/us-restricted-lists (DoW 1260H and the FCC Covered List: name
and aliases as published); the others are real ROR records of shared/data/ror (v1 sample: names, labels, aliases,
country and ROR id as published).
"""

from __future__ import annotations

from names.han import proper_nouns, translate
from resolve.matcher import Matcher

BYD = {"id": "1260h-byd", "name": "BYD Company Limited", "aliases": ["BYD"], "country": "CN", "listings": 1}
CNOOC = {
    "id": "1260h-cnooc",
    "name": "China National Offshore Oil Corporation",
    "aliases": ["CNOOC"],
    "country": "CN",
    "listings": 1,
}
CHEMCHINA = {
    "id": "1260h-chemchina",
    "name": "China National Chemical Corporation Ltd.",
    "aliases": ["ChemChina"],
    "country": "CN",
    "listings": 1,
}
CRRC = {"id": "1260h-crrc", "name": "CRRC Corporation Limited", "aliases": ["CRRC"], "country": "CN", "listings": 1}
ZTE = {"id": "fcc-zte", "name": "ZTE Corporation", "aliases": [], "country": "CN", "listings": 1}
# ror.org/033g21894 and ror.org/00rjhhq63, their Han-script labels kept.
CRRC_ROR = {
    "id": "ror-033g21894",
    "name": "CRRC (China)",
    "aliases": ["中国中车股份有限公司", "CSR Qishuyan Institute", "CRRC Corporation"],
    "country": "CN",
    "ror": "033g21894",
}
ZTE_ROR = {
    "id": "ror-00rjhhq63",
    "name": "ZTE (China)",
    "aliases": ["中兴通讯股份有限公司", "Zhongxing Telecommunication Equipment Corporation"],
    "country": "CN",
    "ror": "00rjhhq63",
}


def test_state_groups_are_rendered_china_national_as_they_write_themselves() -> None:
    assert "china national offshore oil corporation" in translate("中国海洋石油集团有限公司")
    assert "china national petroleum corporation" in translate("中国石油天然气集团有限公司")
    assert "china national electronics import and export co ltd" in translate("中国电子进出口有限公司")


def test_a_short_name_others_start_with_is_no_brand_inside_them() -> None:
    """中国建筑科学研究院 is China Academy of Building Research, no unit of China State Construction Engineering."""
    assert not any("state construction" in english for english in translate("中国建筑科学研究院"))
    assert not any("sinochem" in english for english in translate("华中化工学院"))


def test_a_brand_keeps_its_pinyin_and_is_a_proper_noun() -> None:
    """Lists write a Chinese company by its brand or in pinyin: the Entity List's "Tianjin Phytium Information
    Technology", the 1260H's pinyin names of others. A brand is a proper noun, so a city before it is read as one."""
    renderings = set(translate("天津飞腾信息技术有限公司"))
    assert "tianjin phytium information technology co ltd" in renderings
    assert "tianjin feiteng information technology co ltd" in renderings
    assert proper_nouns("北京旷视科技有限公司") == ("旷视",)


def test_a_listed_company_is_found_by_its_chinese_name() -> None:
    matcher = Matcher.from_rows([BYD, CNOOC, CHEMCHINA])
    for han, expected in [
        ("中国海洋石油集团有限公司", "1260h-cnooc"),
        ("中国化工集团有限公司", "1260h-chemchina"),
        # Its English name is its brand's letters: the index holds it as that abbreviation only.
        ("比亚迪股份有限公司", "1260h-byd"),
        ("比亚迪", "1260h-byd"),
    ]:
        found = matcher.match(han, "CN", collapse=True)
        assert found[0].entity.id == expected, (han, found[0])
        assert found[0].reasons[0].startswith("translated from Chinese ("), found[0].reasons
        assert matcher.status(found) == "review", (han, found[0])


def test_one_brand_two_sources_name_a_company_by_is_one_company() -> None:
    """Resolution: the 1260H's "CRRC Corporation Limited" and ROR's "CRRC (China)" are both named by CRRC, with a
    legal form or a country, in China: a match, so the company's Chinese name, which only ROR holds, finds the
    listed company."""
    matcher = Matcher.from_rows([CRRC, CRRC_ROR, ZTE, ZTE_ROR])
    for record, other in [(CRRC, "ror-033g21894"), (ZTE, "ror-00rjhhq63"), (CRRC_ROR, "1260h-crrc")]:
        found = matcher.match(record["name"], "CN", remember=False)
        linked = next(c for c in found if c.entity.id == other)
        assert linked.score >= matcher.match_threshold, linked
        assert "both records named by it in CN" in linked.reasons[0]


def test_two_records_a_registry_keeps_apart_are_not_joined_by_their_brand() -> None:
    """Two ROR ids named "ZTE (China)": ROR says they are two records; the brand alone does not join them."""
    twin = {"id": "ror-twin", "name": "ZTE (China)", "country": "CN", "ror": "0000zte00"}
    matcher = Matcher.from_rows([ZTE_ROR, twin])
    found = matcher.match(ZTE_ROR["name"], "CN", {"ror": "00rjhhq63"}, remember=False)  # as resolution asks
    assert all(c.score < matcher.match_threshold for c in found if c.entity.id == "ror-twin"), found


def test_screening_the_brand_alone_still_asks_a_person() -> None:
    """Screening is not resolution: "CRRC" with China, before any link, names two records and reviews."""
    matcher = Matcher.from_rows([CRRC, CRRC_ROR])
    found = matcher.match("CRRC", "CN", collapse=True)
    assert matcher.status(found) == "review"


def test_an_alias_asks_for_nothing_the_record_named_so_does() -> None:
    """Resolution also asks with a record's aliases; "ZTE" as an alias is not the name of the record asking, and
    the two records named by ZTE alone stay a review for it."""
    matcher = Matcher.from_rows([ZTE, ZTE_ROR])
    found = matcher.match("ZTE", "CN", remember=False)
    assert found and all(c.score < matcher.match_threshold for c in found), found


def test_a_university_in_chinese_is_not_the_company_its_name_resembles() -> None:
    """三峡大学 (China Three Gorges University) is not the 1260H's China Three Gorges Corporation: a translation's
    kind words are guesses, but a university is no company; the corporation's own Chinese name is its review."""
    three_gorges = {"id": "1260h-ctg", "name": "China Three Gorges Corporation", "country": "CN", "listings": 1}
    matcher = Matcher.from_rows([three_gorges])
    assert matcher.status(matcher.match("三峡大学", "CN", collapse=True)) == "no_match"
    found = matcher.match("中国长江三峡集团有限公司", "CN", collapse=True)
    assert found[0].entity.id == "1260h-ctg" and matcher.status(found) == "review", found[0]
