"""Each normalization rule on the real name that needed it (tests/fixtures/opensanctions, trade_csl, OpenAlex)."""

from __future__ import annotations

import pytest

from names.legal_forms import family, strip
from names.normalize import (
    cjk,
    core,
    legal_forms,
    legal_forms_conflict,
    name_variants,
    numbers,
    numbers_conflict,
    variants,
    without_address,
)


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Az Aeroscan Kft", "kft"),  # Hungarian, and its article "az"
        ("Aeroscan-yhtiö", "company"),  # Finnish
        ("Sociedade de responsabilidade limitada “Aeroscan”", "ltda"),  # Portuguese
        ('Aktsionerne tovarystvo "Zala Aero"', "at"),  # Ukrainian, transliterated
        ("SCIENTIFIC PRODUCTION ASSOCIATION IZHMASH JOINT STOCK COMPANY", "npo"),  # spelled out in English
        ("OTKRYTOE AKTSIONERNOE OBSHCHESTVO ROSSISKI BANK RAZVITIYA", "oao"),  # Russian, transliterated
    ],
)
def test_legal_forms_the_table_adds_are_stripped(name: str, form: str) -> None:
    rest, found = strip(name)
    assert form in found
    assert core(name) == core(rest)
    assert form in legal_forms(name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AEROSCAN", "Az Aeroscan Kft"),
        ("AEROSCAN", "Aeroscan-yhtiö"),
        ("AEROSCAN", "Sociedade de responsabilidade limitada “Aeroscan”"),
        ("ZALA AERO JSC", 'Aktsionerne tovarystvo "Zala Aero"'),
        ("JSC NPO IZHMASH", "OJSC Izhmash"),  # NPO is an organization type, not part of the name
        ("JSC NPO IZHMASH", "SCIENTIFIC PRODUCTION ASSOCIATION IZHMASH JOINT STOCK COMPANY"),
        ("University of Michigan", "Université du Michigan"),  # one word in two languages, "du" read as "of"
    ],
)
def test_variants_normalize_alike(a: str, b: str) -> None:
    assert core(a) == core(b)


def test_legal_form_families() -> None:
    assert family("kft") == "limited_liability" and family("at") == "joint_stock" and family("npo") == "descriptor"
    assert legal_forms_conflict('Aktsionerne tovarystvo "Zala Aero"', "ZALA Aero LLC")
    assert not legal_forms_conflict("JSC NPO IZHMASH", "OJSC Izhmash")  # both joint-stock
    assert not legal_forms_conflict("Az Aeroscan Kft", "Aeroscan LLC")  # both limited liability
    # "Corporation" is how English writes a company of any form (the FCC's Hytera Communications Corporation is the
    # Entity List's Hytera Communications Limited); "Inc." stays joint-stock (State's debarred Aero Systems, Inc. and
    # Aero Systems Pte. Ltd.).
    assert not legal_forms_conflict("Hytera Communications Corporation", "Hytera Communications Limited")
    assert legal_forms_conflict("Aero Systems, Inc.", "Aero Systems Pte. Ltd.")


def test_a_bracketed_second_name_is_a_variant() -> None:
    assert variants("LLC CST (Zala Aero Group)") == ("cst zala aero group", "cst", "zala aero group")
    # One word in brackets is no second name.
    assert "iran" not in variants("HOUSING BANK (OF IRAN)")


def test_an_acronym_in_brackets_stands_for_its_long_form() -> None:
    name = "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
    assert "CETC 13th Research Institute" in name_variants(name)
    # CSL's other spelling of it has the same words in another order.
    assert sorted(core("and CETC Research Institute 13").split()) in [sorted(v.split()) for v in variants(name)]
    # Letters from inside a compound word count: Bayerische Motorenwerke -> BMW. Alone, an acronym is too
    # little to match on, so "BMW AG" is not kept.
    assert variants("Bayerische Motorenwerke (BMW) AG") == ("bayerische motorenwerke bmw", "bayerische motorenwerke")
    assert "kgu" not in variants("Kansai Gaidai University (KGU)")


def test_names_joined_by_semicolons_and_list_boilerplate() -> None:
    assert "izhmash" in variants("NPO Izhmash OAO;OJSC Concern Kalashnikov")
    name = "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof"
    assert not any("successor" in v for v in variants(name))


def test_ordinals_and_a_leading_conjunction() -> None:
    assert core("13th Research Institute") == "13 research institute"
    assert core("and CETC Research Institute 13") == "cetc research institute 13"


def test_words_that_tell_companies_apart_are_not_taken_for_legal_forms() -> None:
    """fingerprints drops International, Import and Export as company types; names on the lists (OFAC SDN, the
    Entity List; tests/fixtures) would lose what distinguishes them."""
    assert core("AVIA IMPORT") == "avia import"
    assert core("Sinobright Import and Export Company") == "sinobright import and export"
    assert core("ETCO INTERNATIONAL COMPANY, LIMITED") == "etco international"
    assert core("Intl Business Machines") == core("International Business Machines")


def test_ordinals_in_words_are_numbers() -> None:
    # Real names: the Entity List's CASC units say "1st Academy", others "First Design Department"; ROR keeps
    # "PLA Second Artillery Engineering University" and "First Military Medical College of PLA".
    assert core("First Military Medical College of PLA") == "1 military medical college of pla"
    assert numbers("PLA Second Artillery Engineering University") == frozenset({"2"})
    assert numbers_conflict("First Affiliated Hospital", "Second Affiliated Hospital")


def test_the_pla_before_or_after_a_name_is_a_variant_without_it() -> None:
    # Section 1286 prints "Army Engineering University", "Dalian Naval Academy"; ROR and collaborators add the PLA.
    assert "Army Engineering University" in name_variants("PLA Army Engineering University")
    assert "Dalian Naval Academy" in name_variants("Dalian Naval Academy of the PLA")
    assert "Rocket Force University of Engineering" in name_variants("PLA Rocket Force University of Engineering")
    assert "Army Engineering University" in name_variants("The PLA Army Engineering University")
    assert "Naval Medical University" in name_variants("The People's Liberation Army Naval Medical University")
    chinese = "Chinese People's Liberation Army Army Command Academy"  # ror.org/04fxmcy40
    assert "Army Command Academy" in name_variants(chinese)
    # What would be left names no one, or the name is the PLA itself: the name stays whole.
    for whole in ("PLA Air Force", "People's Liberation Army", "307th Hospital of Chinese People’s Liberation Army"):
        assert name_variants(whole) == (whole,)


def test_china_and_chinese_are_one_word() -> None:
    # The Entity List's and ROR's names of one academy.
    assert core("Chinese Academy of Engineering Physics") == core("China Academy of Engineering Physics")


def test_an_affiliation_s_address_is_no_part_of_its_name() -> None:
    # Affiliations as papers print them (real institutions, real addresses).
    assert without_address("National University of Defense Technology, Changsha, Hunan 410073, P.R. China") == (
        "National University of Defense Technology"
    )
    assert without_address("Huawei Technologies Co., Ltd., Shenzhen, China") == "Huawei Technologies Co., Ltd."
    assert without_address("Hikvision, China") == "Hikvision"
    # A unit and its organization are both kept; a name with nothing after it is left alone.
    assert without_address("Department of Physics, Tsinghua University, Beijing, China") == (
        "Department of Physics, Tsinghua University"
    )
    assert without_address("China Electronics Technology Group Corporation, 14th Research Institute") is None
    assert without_address("Harbin Institute of Technology") is None


def test_an_affiliation_may_name_its_unit_before_its_organization() -> None:
    # After the unit, the organization as an abbreviation or in words no place table knows: kept, not an address.
    assert without_address("Department of Physics, BGI") is None
    assert without_address("Department of Physics, BGI, Shenzhen, Guangdong, China") == "Department of Physics, BGI"
    assert without_address("Department of Physics, Unitree Robotics") is None
    assert without_address("Institute of Fluid Physics, CAEP, Mianyang, China") == "Institute of Fluid Physics, CAEP"
    # Streets, districts and towns the place table knows are an address, as countries and postal codes are.
    beihang = "Ministry of Education, Beihang University, 37 Xueyuan Road, Haidian District, Beijing 100191, China"
    assert without_address(beihang) == "Ministry of Education, Beihang University"
    assert without_address("Moscow Institute of Physics and Technology, Dolgoprudny, Russia") == (
        "Moscow Institute of Physics and Technology"
    )


def test_a_country_in_brackets_after_a_row_s_name_is_no_part_of_it() -> None:
    assert without_address("SMMU (China)") == "SMMU"
    assert without_address("Department of Physics, Hikvision (China)") == "Department of Physics, Hikvision"
    assert without_address("Harbin Institute of Technology, Harbin, China (PRC)") == "Harbin Institute of Technology"
    # A region or a city in brackets says which of several companies: part of the name.
    assert without_address("SMIC (Beijing)") is None
    assert without_address("Semiconductor Manufacturing International (Tianjin) Corporation") is None
    assert without_address("(China)") is None


def test_traditional_and_simplified_characters_are_one_name() -> None:
    # Harbin Institute of Technology as Taiwan and Hong Kong write it, and as the mainland does.
    assert cjk("哈爾濱工業大學") == cjk("哈尔滨工业大学") == "哈尔滨工业大学"
    assert cjk("中國船舶重工集團公司第七一九研究所") == "中国船舶重工集团第719研究所"
