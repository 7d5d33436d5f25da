"""A screened row spelt otherwise than the index: a misspelt common word read as the word it misspells
(names/spelling.py, Matcher._spelt), and romanized syllables spaced otherwise (Matcher._respaced), on real names:
1260H's China Three Gorges Corporation and Hangzhou Yushu Technology, the Entity List's Institute of Applied Physics
of the Russian Academy of Sciences, and ROR's China Three Gorges University, Ji Hua Laboratory and Tianjin Normal
University, which are on no list."""

from __future__ import annotations

from names.spelling import Spelling
from resolve.matcher import Matcher

THREE_GORGES = {"id": "1260h-ctg", "name": "China Three Gorges Corporation", "country": "CN", "listings": 1}
THREE_GORGES_UNIVERSITY = {"id": "ror-ctgu", "name": "China Three Gorges University", "country": "CN"}
IAP = {
    "id": "el-iap",
    "name": "Federal State Institution of Science Institute of Applied Physics of the Russian Academy of Sciences",
    "country": "RU",
    "listings": 1,
}


def test_a_misspelt_common_word_is_read_as_the_word() -> None:
    spelling = Spelling({"institution": 145, "university": 10302, "science": 900}, extra=["corporation"])
    assert spelling.corrected("Federal State Instiuttion of Science") == (
        "Federal State Institution of Science",
        [("Instiuttion", "Institution")],
    )
    assert spelling.corrected("CHINA THREE GORGES CORPOARTION") == (
        "CHINA THREE GORGES CORPORATION",
        [("CORPOARTION", "CORPORATION")],
    )
    assert spelling.corrected("Tomsk Univesrity")[0] == "Tomsk University"  # type: ignore[index]
    # Words as written: known ones, short ones, proper nouns, and a word two common words are one edit from.
    assert spelling.corrected("China Three Gorges Corporation") is None
    assert Spelling({"science": 900}).corrected("Sciense Park") == ("Science Park", [("Sciense", "Science")])
    assert Spelling({"science": 900, "sciensa": 50}).corrected("Sciense Park") is None  # two words it may misspell
    assert Spelling({"state": 900}).corrected("Stete Grid") is None  # shorter than MIN_LENGTH
    assert Spelling({"university": 900}).corrected("Unitree Robotics") is None  # a brand two edits away


def test_a_screened_row_with_a_misspelt_word_finds_what_the_word_names() -> None:
    matcher = Matcher.from_rows([THREE_GORGES, THREE_GORGES_UNIVERSITY, IAP])
    found = matcher.match("China Three Gorges Corpoartion", "CN", collapse=True)
    assert matcher.status(found) == "match" and found[0].entity.id == "1260h-ctg"
    assert found[0].reasons[0] == 'read "Corpoartion" as "Corporation"'
    # As written, the misspelling weighs as the rarest word there is: no match. Resolution compares records as their
    # sources spell them (collapse=False), so it does not read the word otherwise.
    assert matcher.status(matcher.match("China Three Gorges Corpoartion", "CN")) == "no_match"
    # A legal form's word is common however few names of the index hold it; "institution", in one name here, is not.
    found = matcher.match("Federal State Instiuttion of Science Institute of Applied Physics", "RU", collapse=True)
    assert not any(r.startswith("read ") for c in found for r in c.reasons)
    # The unlisted university misspelt is still itself, and not the listed company.
    found = matcher.match("China Three Gorges Univresity", "CN", collapse=True)
    assert found[0].entity.id == "ror-ctgu"
    assert all(c.entity.id != "1260h-ctg" for c in found if c.score >= matcher.review_threshold)


def test_romanized_syllables_spaced_otherwise_than_the_index_meet() -> None:
    """Pinyin is written joined or apart as each writer likes: 1260H's Hangzhou Yushu Technology (Unitree) written "Yu
    Shu", ROR's Ji Hua Laboratory (ror.org/006aydy55) written "Jihua". Blocking keys words, and found neither."""
    yushu = {"id": "1260h-unitree", "name": "Hangzhou Yushu Technology Co., Ltd.", "country": "CN", "listings": 1}
    jihua = {"id": "ror-006aydy55", "name": "Ji Hua Laboratory", "country": "CN"}
    tianjin = {"id": "ror-05x2td559", "name": "Tianjin Normal University", "country": "CN"}
    matcher = Matcher.from_rows([yushu, jihua, tianjin])
    assert matcher._respaced("Yu Shu Technology Co., Ltd.") == "Yushu Technology Co., Ltd."
    assert matcher._respaced("Jihua Laboratory") == "Ji Hua Laboratory"
    assert matcher._respaced("Hik Vision") is None  # no pinyin
    assert matcher._respaced("Tianjin Normal University") is None  # spaced as the index spaces it
    for name, record in (
        ("Hangzhou Yu Shu Technology Co., Ltd.", "1260h-unitree"),
        ("Jihua Laboratory", "ror-006aydy55"),
        ("Tian Jin Normal University", "ror-05x2td559"),
    ):
        found = matcher.match(name, "CN", collapse=True)
        assert matcher.status(found) in ("match", "review") and found[0].entity.id == record, (name, found[:1])
