"""Initials of real names (the Entity List's and Section 1286's, ROR's): the abbreviations collaborators write that
no source publishes."""

from __future__ import annotations

from names.initials import initialisms, syllables


def test_initials_leave_out_the_small_words() -> None:
    assert "guet" in initialisms("Guilin University of Electronic Technology")
    assert initialisms("China Academy of Space Technology") == {"cast"}
    # Three plain initials are many organizations': none for Northeastern University (the listed Naval Engineering
    # University's are the same, NEU).
    assert initialisms("Northeastern University") == initialisms("Naval Engineering University") == frozenset()


def test_a_romanized_chinese_word_is_abbreviated_by_its_syllables() -> None:
    assert syllables("nanjing") == ("nan", "jing") and syllables("xidian") == ("xi", "dian")
    assert initialisms("Nanjing University of Science and Technology") == {"nust", "njust"}
    assert initialisms("Xidian University") == {"xdu"}
    assert "xjtu" in initialisms("Xi'an Jiaotong University")
    # English words that are pinyin too keep one letter: China Academy of Engineering Physics is CAEP.
    assert syllables("china") is None and initialisms("China Academy of Engineering Physics") == {"caep"}
    assert syllables("harbin") is None  # "har" is no syllable


def test_no_initials_for_one_word_a_number_or_another_script() -> None:
    assert initialisms("Huawei") == frozenset()
    assert initialisms("CETC 38th Research Institute") == frozenset()
    assert initialisms("哈尔滨工业大学") == frozenset()
