"""The word-by-word translation of Han-script institution names (names/han.py), on real names.

Each name is the Han-script label of a real ROR record (shared/data/ror, ROR's CC0 dump) beside the English name
that record displays, or an entry of the BIS Entity List whose Chinese name is the institute's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from names.han import (
    GlossaryError,
    chinese_number,
    glossary,
    place_apart,
    proper_nouns,
    renderings,
    segments,
    simplified,
    translate,
)
from names.normalize import STOPWORDS, cjk, core, numbers


def words(name: str) -> list[set[str]]:
    """Each rendering as the scorer reads it: the set of its normalized words."""
    return [set(core(english).split()) for english in translate(name)]


@pytest.mark.parametrize(
    ("han", "english"),
    [
        ("国防科技大学", "National University of Defense Technology"),  # ror.org/05d2yfz11 (its full name below)
        ("哈尔滨工程大学", "Harbin Engineering University"),  # ror.org/03x80pn82
        ("哈尔滨理工大学", "Harbin University of Science and Technology"),  # ror.org/04e6y1282
        ("西北工业大学", "Northwestern Polytechnical University"),  # ror.org/01y0j0j86
        ("西安交通大学", "Xi'an Jiaotong University"),  # ror.org/017zhmm22: 西安 is Xi'an, not "xi an"
        ("北京航空航天大学", "Beijing University of Aeronautics and Astronautics"),  # ror.org/00wk2mp56, Entity List
        ("清华大学", "Tsinghua University"),  # ror.org/03cve4549
        ("中国工程物理研究院", "China Academy of Engineering Physics"),  # ror.org/039vqpp67
        # The armed forces' academies (Section 1286 lists them by their English names):
        ("中国人民解放军陆军步兵学院", "Army Infantry College of PLA"),  # ror.org/051exe838
        ("中国人民解放军空军通信士官学校", "Air Force Communication NCO School"),  # ror.org/02n6w8087 (its "Academy")
    ],
)
def test_a_rendering_holds_the_english_names_words(han: str, english: str) -> None:
    expected = set(core(english).split()) - STOPWORDS
    assert any(expected <= found for found in words(han)), translate(han)


def test_a_rendering_that_is_another_universitys_name_is_left_out() -> None:
    """工业大学 is Harbin's "Institute of Technology" (ror.org/01yqg2h08) but Beijing's "University of Technology"
    (ror.org/037b1pp87), whose "Institute of Technology" is 北京理工大学: that rendering would flag the wrong one."""
    assert not any("institute" in english for english in translate("北京工业大学"))
    assert not any("institute" in english for english in translate("哈尔滨理工大学"))


def test_the_pla_prefix_may_be_left_out() -> None:
    """English names of PLA institutions mostly drop 中国人民解放军: ror.org/05d2yfz11's label, and the label of
    ror.org/00gg5zj35 (PLA Rocket Force University of Engineering; "Rocket Force Engineering University" on 1286)."""
    assert translate("中国人民解放军国防科学技术大学")[0] == "national university of defense technology"
    assert translate("中国人民解放军火箭军工程大学")[0] == "rocket force engineering university"


def test_ordinals_become_numbers() -> None:
    """The Entity List's CETC 54th Research Institute, as the institute writes itself."""
    found = translate("中国电子科技集团公司第五十四研究所")
    assert found[0] == "china electronics technology group corporation 54 institute"  # 公司 not said twice
    assert all("54" in english.split() for english in found)
    assert chinese_number("五十四") == 54 and chinese_number("七〇一") == 701 and chinese_number("十") == 10
    assert translate("七〇一所") == ("701 institute",)  # a numeral before 所 numbers it, without 第
    assert "1" not in " ".join(translate("统一"))  # one numeral alone is a word of a name


def test_small_ordinals_are_also_words_and_groups_corporations() -> None:
    """The Entity List's "China Aerospace Science and Industry Corporation Second Academy" (CASIC's 第二研究院), and
    1260H's "Aviation Industry Corporation of China" (中国航空工业集团有限公司, AVIC): a state group's 集团 is its
    Corporation."""
    assert any({"second", "academy"} <= set(e.split()) for e in translate("中国航天科工集团第二研究院"))
    assert "2" in translate("中国航天科工集团第二研究院")[0].split()
    assert translate("中国航空工业集团有限公司")[0] == "china aviation industry corporation"


def test_unknown_characters_are_one_proper_noun_in_pinyin() -> None:
    assert segments("榆林学院")[0] == ("yulin",)
    # A province ends the proper noun before it: ror.org/0249v8q89 is Zhejiang Wanli University.
    assert translate("浙江万里学院")[0] == "zhejiang wanli college"


def test_traditional_characters_are_read_as_simplified() -> None:
    """ror.org/0220qvk04 (Shanghai Jiao Tong University) publishes both spellings."""
    assert simplified("上海交通大學") == "上海交通大学"
    assert translate("上海交通大學") == translate("上海交通大学")
    assert {"shanghai", "jiaotong", "university"} <= set(translate("上海交通大學")[0].split())


def test_renderings_are_few_and_the_usual_first() -> None:
    found = renderings("中国人民解放军空军西安飞行学院")
    assert 1 <= len(found) <= 6
    assert [strays for _, strays in found] == sorted(strays for _, strays in found)
    assert translate("Harbin Institute of Technology") == ()
    # Many terms are no product of every term's renderings: a few, at once.
    assert 1 <= len(renderings("中国航天科工集团公司第二研究院中国人民解放军国防科学技术大学航空航天学院")) <= 6
    # A 3,000-character cell is no institution's name.
    assert renderings("中国航天科工集团公司第二研究院" * 200) == ()


def test_a_bad_glossary_entry_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "han.yml"
    bad.write_text("terms:\n  大学: [university]\n  school: [school]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"han.yml: terms.school: a term is written in Han characters only"):
        glossary(bad)
    bad.write_text("terms:\n  大学: 3\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms.大学: give one English rendering"):
        glossary(bad)
    bad.write_text("terms:\n  大学: [[university, []]]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms.大学: .*a list within it: equally usual ones"):
        glossary(bad)


def test_renderings_equally_usual_share_a_rank() -> None:
    """理工大学 is "University of Technology" in Tianjin (ror.org/00zbe0w13) and "University of Science and
    Technology" in Nanjing (the Entity List's NJUST): neither is the other's stray, so the listed one is not ranked
    below an unlisted namesake by the glossary's order alone."""
    found = dict(renderings("南京理工大学"))
    assert found["nanjing university of technology"] == found["nanjing university of science and technology"] == 0
    assert found["nanjing polytechnic university"] == 1
    assert glossary().ranks["理工大学"] == (0, 0, 1)


def test_numbered_units_of_one_group_conflict_in_their_script() -> None:
    """Two real institutes of the China Shipbuilding Industry Corporation, the 719th and the 715th, differ by their
    number alone: compared in Han script they are one character in ten apart, yet no match."""
    from names.han import han_numbers
    from names.normalize import numbers_conflict
    from names.score import best_name_match

    the_719th, the_715th = "中国船舶重工集团公司第七一九研究所", "中国船舶重工集团公司第七一五研究所"
    assert han_numbers(the_719th) == {"719"} and numbers("七〇一所") == {"701"} and numbers("一汽集团") == frozenset()
    assert numbers_conflict(the_719th, the_715th)
    assert best_name_match(the_719th, [the_715th]).score == 0.0
    # the same institute written with digits, or under the group's later legal form, is still found in its script
    assert best_name_match(the_719th, ["中国船舶重工集团公司第719研究所"]).by_script
    assert best_name_match(the_719th, ["中国船舶重工集团有限公司第七一九研究所"]).score > 0.9


def test_an_arm_s_school_is_its_academy() -> None:
    # Section 1286's real names of the PLA's academies; their Han names as the academies write them.
    for han, english in (
        ("陆军装甲兵学院", "Army Academy of Armored Forces"),
        ("陆军边海防学院", "Army Academy of Border and Coastal Defense"),
        ("空军预警学院", "Air Force Early Warning Academy"),
    ):
        assert set(core(english).split()) - STOPWORDS == set(core(translate(han)[0]).split()) - STOPWORDS, han


@pytest.mark.parametrize(
    ("longer", "shorter", "place"),
    [
        ("北京旷视科技有限公司", "旷视科技", "北京"),  # ROR's two Han-script names of Megvii (ror.org/040b32p69)
        ("杭州宇树科技有限公司", "宇树科技", "杭州"),  # and of Unitree (ror.org/051vakf19)
        ("杭州电子科技大学", "电子科技大学", None),  # Hangzhou Dianzi University and UESTC: the rest has no brand
        ("三亚华大生命科学研究院", "华大生命科学研究院", "三亚"),  # BGI Research, Sanya and BGI Research
        ("上海市杨浦高级中学", "杨浦高级中学", "上海市"),  # ror.org/00fxh9j50: 市 after the city
        # ror.org/05pdn2z45 (Nantong First People's Hospital): "the First People's Hospital" of any city, no brand
        ("南通市第一人民医院", "第一人民医院", None),
        ("北京旷视科技有限公司", "宇树科技", None),  # not the same name after a place
    ],
)
def test_a_place_one_han_name_says_before_the_other(longer: str, shorter: str, place: str | None) -> None:
    assert place_apart(cjk(longer), cjk(shorter)) == place
    assert place_apart(cjk(shorter), cjk(longer)) == place


def test_a_brand_is_what_no_term_renders() -> None:
    assert proper_nouns("北京旷视科技") == ("旷视",)
    assert proper_nouns("杭州电子科技大学") == ()
