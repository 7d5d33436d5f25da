"""Abbreviations and units of listed organizations, on real names (issue 15).

Listed records as the Entity List, 1260H and Section 1286 print them (shared/data/us-restricted-lists); ROR records
as ROR publishes them (shared/data/ror): Harbin Institute of Technology ror.org/01yqg2h08, Haldia Institute of
Technology ror.org/0211bs523, Harare Institute of Technology ror.org/02e7r0h80 (all three "HIT"); China Academy of
Engineering Physics ror.org/039vqpp67 and the Canadian Association of Emergency Physicians ror.org/01dbzsr51 (both
"CAEP"); the "MSU" universities below; "ECS (United States)" ror.org/022t7x179. A record is listed when its row
counts a LISTED_ON (`listings`), as queries/organizations.cypher reads the graph.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from names.brands import common_words, uncommon
from names.score import place_word
from names.world_acronyms import publishers
from queries.identity import Link
from resolve.matcher import ACRONYM_SHARED_CAP, Matcher, _query_abbreviation, abbreviation, bracketed_acronyms
from resolve.units import named_under, unit_by_abbreviation, unit_of

HIT_EL = {"id": "el-594", "name": "Harbin Institute of Technology", "country": "CN", "listings": 1}
HIT_ROR = {"id": "ror-01yqg2h08", "name": "Harbin Institute of Technology", "acronyms": ["HIT"], "country": "CN"}
HALDIA = {"id": "ror-0211bs523", "name": "Haldia Institute of Technology", "acronyms": ["HIT"], "country": "IN"}
HARARE = {"id": "ror-02e7r0h80", "name": "Harare Institute of Technology", "acronyms": ["HIT"], "country": "ZW"}
CAEP_EL = {"id": "el-471", "name": "Chinese Academy of Engineering Physics", "country": "CN", "listings": 1}
CAEP_ROR = {
    "id": "ror-039vqpp67",
    "name": "China Academy of Engineering Physics",
    "acronyms": ["CAEP"],
    "country": "CN",
}
CAEP_CANADA = {
    "id": "ror-01dbzsr51",
    "name": "Canadian Association of Emergency Physicians",
    "acronyms": ["CAEP", "ACMU"],
    "country": "CA",
}
ROOT = Path(__file__).parents[2]
ROR_V2 = ROOT / "tests" / "fixtures" / "payloads" / "ror" / "ror-records-v2.json"
LINKS = [Link("el-594", "ror-01yqg2h08", "auto", 1.0), Link("el-471", "ror-039vqpp67", "auto", 1.0)]


def _matcher(*rows: dict[str, Any]) -> Matcher:
    matcher = Matcher.from_rows(rows)
    matcher.link(LINKS)
    return matcher


def test_a_shared_abbreviation_without_a_country_is_a_review_when_a_listed_organization_holds_it() -> None:
    matcher = _matcher(HIT_EL, HIT_ROR, HALDIA, HARARE)
    found = matcher.match("HIT", None, collapse=True)
    assert matcher.status(found) == "review"
    # The listed holder first among equal scores, its rivals beside it for the person who decides.
    assert {"el-594", "ror-01yqg2h08"} == set(found[0].records)
    assert [c.score for c in found] == [matcher.review_threshold] * 3
    assert {c.entity.id for c in found[1:]} == {"ror-0211bs523", "ror-02e7r0h80"}
    assert found[0].reasons[0].startswith("abbreviation HIT shared by 3 organizations, one of them listed")
    # Never a match alone, and a country still decides: India's HIT is the Haldia institute.
    assert matcher.status(matcher.match("HIT", "IN", collapse=True)) == "review"
    assert matcher.match("HIT", "IN", collapse=True)[0].entity.id == "ror-0211bs523"


def test_an_abbreviation_one_organization_holds_here_and_many_in_the_world_is_a_review() -> None:
    """The bundled lists' graph knows one "HIT" (Harbin, on the Entity List, and its ROR record); ROR's records
    publish it for Haldia and Harare too (names/shared_acronyms.txt). Written alone it is a review of the listed
    holder, never a match; with a country where one organization of the world publishes it, a match."""
    matcher = _matcher(HIT_EL, HIT_ROR)
    alone = matcher.match("HIT", None, collapse=True)
    assert matcher.status(alone) == "review" and {"el-594", "ror-01yqg2h08"} == set(alone[0].records)
    assert alone[0].reasons[0] == "abbreviation HIT published by 3 organizations in ROR"
    assert matcher.status(matcher.match("HIT", "CN", collapse=True)) == "match"
    assert matcher.status(matcher.match("HIT", "IN", collapse=True)) == "no_match"  # Haldia's, not Harbin's
    # Resolution compares the graph's own records (collapse=False): the world's holders are not its question.
    assert matcher.status(matcher.match("HIT", None)) == "match"
    # Shenyang Aerospace University (Section 1286) and Sichuan Agricultural University both publish "SAU" in China
    # (ror.org/02423gm04, ror.org/0388c3403): the country does not decide.
    sau = {"id": "ror-02423gm04", "name": "Shenyang Aerospace University", "acronyms": ["SAU"], "country": "CN"}
    shenyang = _matcher({**sau, "listings": 1})
    in_china = shenyang.match("SAU", "CN", collapse=True)
    assert shenyang.status(in_china) == "review"
    assert in_china[0].reasons[0] == "abbreviation SAU published by 2 organizations in CN in ROR"
    # One organization of ROR's publishes BUAA: Beihang University (ror.org/00wk2mp56), a match alone.
    beihang = {"id": "ror-00wk2mp56", "name": "Beihang University", "acronyms": ["BUAA"], "country": "CN"}
    assert publishers("buaa") < 2 <= publishers("hit")
    assert _matcher({**beihang, "listings": 1}).match("BUAA", None, collapse=True)[0].score >= 0.92


def test_a_row_that_is_only_an_abbreviation_many_publish_is_a_review_whatever_finds_its_candidate() -> None:
    """ "ERA" is the last word of a company on the Entity List (as the list prints it) and an acronym three of ROR's
    records publish (France's, Canada's and Ethiopia's ERA): written alone it says none of them, even where a name
    finds the listed company; screening only, as the rule above."""
    era = {
        "id": "us_lists-78b3dbd8f5cb0f24843f42cc27bf612f9442a109",
        "name": "OAO Svetlovskoye Predpriyatiye Era",
        "aliases": ["JSC Svetlovskoye Predpriyatiye Era", "SP Era"],
        "country": "RU",
        "listings": 1,
    }
    matcher = _matcher(era)
    found = matcher.match("ERA", None, collapse=True, affiliation=True)
    assert publishers("era") == 3
    assert matcher.status(found) == "review" and found[0].entity.id == era["id"]
    assert found[0].reasons[-1] == "abbreviation ERA published by 3 organizations in ROR: a review at most"
    assert matcher.status(matcher.match("ERA", None)) == "match"  # resolution's question, as before


def test_the_shared_abbreviations_are_what_rors_records_publish() -> None:
    """tools/shared_acronyms.py on 17 real ROR records: CSU, published by Central South University (CN) and two
    American universities, and JU by two Afghan ones; every abbreviation of the shipped table two or more publish."""
    spec = importlib.util.spec_from_file_location("shared_acronyms", ROOT / "tools" / "shared_acronyms.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    found = tool.shared_acronyms(json.loads(ROR_V2.read_text(encoding="utf-8")))
    assert found == {"csu": ["CN", "US", "US"], "ju": ["AF", "AF"]}
    assert publishers("csu") >= 3 and publishers("csu", "cn") >= 1 and publishers("csu", "US") >= 2


def test_a_shared_abbreviation_no_listed_organization_holds_stays_nothing_without_a_country() -> None:
    unlisted = {**HIT_EL, "listings": 0}
    matcher = _matcher(unlisted, HIT_ROR, HALDIA, HARARE)
    assert matcher.status(matcher.match("HIT", None, collapse=True)) == "no_match"


def test_an_abbreviation_too_many_organizations_share_says_nothing_without_a_country() -> None:
    # "MSU": Lomonosov Moscow State University is on the Section 1286 list; ROR gives the letters to many more.
    names = [
        "Morgan State University",
        "Morehead State University",
        "Murray State University",
        "Montclair State University",
        "Mindanao State University",
        "Midlands State University",
        "Montana State University",
        "Mississippi State University",
        "Michigan State University",
        "Missouri State University",
        "Moldova State University",
        "Mariupol State University",
        "Minot State University",
    ]
    rows = [{"id": f"ror-msu-{i}", "name": n, "acronyms": ["MSU"]} for i, n in enumerate(names)]
    lomonosov = {"id": "1286-85", "name": "Lomonosov Moscow State University", "country": "RU", "listings": 1}
    lomonosov_ror = {"id": "ror-010pmpe69", "name": "Lomonosov Moscow State University", "acronyms": ["MSU"]}
    matcher = Matcher.from_rows([lomonosov, lomonosov_ror, *rows])
    matcher.link([Link("1286-85", "ror-010pmpe69", "auto", 1.0)])
    assert len(rows) + 1 >= ACRONYM_SHARED_CAP
    assert matcher.status(matcher.match("MSU", None, collapse=True)) == "no_match"
    # With the country, the letters and the country together still make the question.
    assert matcher.status(matcher.match("MSU", "RU", collapse=True)) == "review"


def test_a_listed_organization_named_with_a_unit_designation_is_a_review() -> None:
    matcher = _matcher(CAEP_EL, CAEP_ROR, CAEP_CANADA)
    for name in (
        "China Academy of Engineering Physics (CAEP) 902 Institute",  # Section 1286, FY2023
        "China Academy of Engineering Physics\u2019 902 Institute",  # Section 1286, FY2022
    ):
        for country in ("CN", None):
            found = matcher.match(name, country, collapse=True)
            assert matcher.status(found) == "review", (name, country)
            assert "el-471" in found[0].records
            # Named as the listed record names it ("China" and "Chinese" are one word in names).
            assert found[0].reasons[0] == "names a unit of Chinese Academy of Engineering Physics"
    # Not from another country, and never for an unlisted organization.
    assert matcher.status(matcher.match("China Academy of Engineering Physics 902 Institute", "CA")) == "no_match"
    alone = Matcher.from_rows([CAEP_ROR])
    assert alone.status(alone.match("China Academy of Engineering Physics 902 Institute")) == "no_match"


def test_what_names_a_unit() -> None:
    caep = ["China Academy of Engineering Physics"]
    assert unit_of("China Academy of Engineering Physics (CAEP) 902 Institute", caep, ["caep"]) == caep[0]
    cetc = ["China Electronics Technology Group Corporation"]
    assert unit_of("China Electronics Technology Group Corporation 54th Research Institute", cetc) == cetc[0]
    # A unit named by its subject, a unit word first, as affiliations are written (and as bibliographic databases
    # abbreviate them): a listing of a university or an academy covers its schools and institutes.
    hit = ["Harbin Institute of Technology"]
    assert unit_of("Harbin Institute of Technology School of Management", hit) == hit[0]
    assert unit_of("School of Materials Science and Engineering, Harbin Institute of Technology", hit) == hit[0]
    assert unit_of("Harbin Inst Technol, Sch Mat Sci & Engn", hit) == hit[0]
    assert unit_of("Institute of Fluid Physics, China Academy of Engineering Physics", caep) == caep[0]
    # A hospital is an organization of its own; a place or a press is no unit designation; the name alone is no unit.
    assert unit_of("China Academy of Engineering Physics Hospital", caep) is None
    assert unit_of("Affiliated Hospital of Harbin Institute of Technology", hit) is None
    assert unit_of("Harbin Institute of Technology Press", hit) is None
    assert unit_of("Harbin Institute of Technology Weihai", hit) is None
    assert unit_of("China Academy of Engineering Physics", caep) is None
    # Too short to tell a unit: "Nanjing University" is inside many unlisted names.
    assert unit_of("Nanjing University Research Institute", ["Nanjing University"]) is None

    # ... unless one of its words is rare in the index (a brand, not a city) and the name starts the query, a unit
    # after it, its kind first or last: the 1260H list's iFlytek and Tencent.
    def brands(word: str) -> bool:
        return word in {"iflytek", "tencent"}

    assert unit_of("iFlytek Research", ["IFlyTek"], rare=brands) == "IFlyTek"
    assert unit_of("Tencent AI Lab", ["Tencent"], rare=brands) == "Tencent"
    assert unit_of("iFlytek Research", ["IFlyTek"]) is None  # rarity unknown
    assert unit_of("Nanjing University Research Institute", ["Nanjing University"], rare=brands) is None
    assert unit_of("Tencent Holdings", ["Tencent"], rare=brands) is None  # no unit
    # ... or a comma part is the whole name, as affiliations write their organization (ROR's Beihang University
    # and Xidian University; the Entity List's Huawei Technologies Co., Ltd.), beside a part naming a unit.
    assert unit_of("School of Electronic and Information Engineering, Beihang University", ["Beihang University"])
    assert unit_of("Noah's Ark Lab, Huawei Technologies", ["Huawei Technologies Co., Ltd."])
    assert unit_of("Xidian University, Xi'an, China", ["Xidian University"]) is None  # a place, no unit
    assert unit_of("School of Physics, Nanjing University of Science and Technology", ["Nanjing University"]) is None
    # A name the query holds only as the start of a longer one: ROR's Moscow State University of Economics,
    # Statistics and Informatics is no unit of Moscow State University.
    msu = ["Moscow State University"]
    assert (
        unit_of("Research Center for AI, Moscow State University of Economics Statistics and Informatics", msu) is None
    )
    assert unit_of("Research Center for AI, Moscow State University", msu) == msu[0]


def test_a_unit_written_with_its_listed_parents_abbreviation_is_a_review() -> None:
    # Affiliations written with the parent's abbreviation, not its name: CAEP's Institute of Fluid Physics, a school
    # of HIT. The one organization holding the abbreviation in the row's country is the parent (CAEP is also a
    # Canadian association; HIT also Haldia's and Harare's institutes).
    matcher = _matcher(CAEP_EL, CAEP_ROR, CAEP_CANADA, HIT_EL, HIT_ROR, HALDIA, HARARE)
    for name, country, listed in (
        ("Institute of Fluid Physics, CAEP", "CN", "el-471"),
        ("CAEP Institute of Fluid Physics", "CN", "el-471"),
        ("School of Materials Science and Engineering, HIT", "CN", "el-594"),
    ):
        found = matcher.match(name, country, collapse=True, affiliation=True)
        assert matcher.status(found) == "review", name
        assert listed in found[0].records and found[0].reasons[0].startswith("names a unit of"), found[0]
    # Without a country CAEP is Canadian too: the row is what "CAEP" alone is, a review naming both holders.
    found = matcher.match("Institute of Fluid Physics, CAEP", None, collapse=True, affiliation=True)
    assert matcher.status(found) == "review"
    assert {c.entity.name for c in found if c.reasons[0] == "names a unit of CAEP"} == {
        "China Academy of Engineering Physics",
        "Canadian Association of Emergency Physicians",
    }
    assert all("shared by 2 organizations" in c.reasons[1] for c in found[:2])
    # Not abroad (Haldia's institute is India's HIT, on no list), nor without a unit.
    for name, country in (
        ("School of Materials Science and Engineering, HIT", "IN"),
        ("Fluid Physics CAEP", "CN"),
    ):
        found = matcher.match(name, country, collapse=True, affiliation=True)
        assert not any(r.startswith("names a unit of") for c in found for r in c.reasons), (name, found[:1])
    # An abbreviation is written in capitals, and the rest is one unit: no other institution after it.
    assert unit_by_abbreviation("School of Materials Science, HIT", ["hit"]) == "HIT"
    assert unit_by_abbreviation("School of Materials Science, Hit", ["hit"]) is None
    assert unit_by_abbreviation("Department of Physics, Delta State University, DSU", ["dsu"]) is None
    # Central South University and the Entity List's CAS centre are both CSU in China: "CSU" alone is a review that
    # names both, and so is a unit of it; never a match of either.
    csu = {"id": "el-csu", "name": "Technology and Engineering Center for Space Utilization", "acronyms": ["CSU"]}
    university = {"id": "ror-00f1zfq44", "name": "Central South University", "acronyms": ["CSU"], "country": "CN"}
    shared = Matcher.from_rows([{**csu, "country": "CN", "listings": 1}, university])
    for name in ("CSU", "School of Medicine, CSU"):
        found = shared.match(name, "CN", collapse=True, affiliation=True)
        assert shared.status(found) == "review", name
        assert {c.entity.id for c in found if c.score >= shared.review_threshold} == {"el-csu", "ror-00f1zfq44"}


def test_a_bracketed_acronym_is_the_records_own_only_when_it_closes_the_name() -> None:
    # A parent's acronym inside a unit's name (Entity List): not the unit's, but with the unit's number after it,
    # it is as collaborators write the unit ("CSSC 719").
    assert bracketed_acronyms("China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy") == ["cssc7"]
    assert bracketed_acronyms("China State Shipbuilding Corporation, Limited (CSSC) 719th Research Institute") == [
        "cssc719"
    ]
    # After a comma, the parent's acronym when the name before it had its own (the Entity List's IITP): "RAS" alone
    # is the Russian Academy of Sciences, no listed institute of it.
    iitp = "A.A. Kharkevich Institute for Information Transmission Problems (IITP), Russian Academy of Sciences (RAS)"
    assert bracketed_acronyms(iitp) == ["iitp"]
    assert bracketed_acronyms("Institute of Physics, Chinese Academy of Sciences (IOP)") == ["iop"]
    # Not when the number is a division's, the unit named after it ("... 1st Academy 12 Research Institute").
    assert (
        bracketed_acronyms(
            "China Aerospace Science and Technology Corporation (CASC) 1st Academy 12 Research Institute"
        )
        == []
    )
    # A unit's number inside the bracket with its acronym: the Entity List's "(CETC 38)".
    assert bracketed_acronyms("China Electronics Technology Group Corporation 38th Research Institute (CETC 38)") == [
        "cetc38"
    ]
    assert bracketed_acronyms("Chinese Academy of Sciences (CAS) - Institute of Computing Technology (ICT)") == ["ict"]
    # A place or a legal form in brackets abbreviates no name.
    assert bracketed_acronyms("Speed Business Trading (HK) Ltd.") == []
    assert bracketed_acronyms("Huawei Global Finance (UK) Limited") == []
    assert bracketed_acronyms(
        "Yerevan Telecommunications Research Institute (YETRI) Closed Joint Stock Company (CJSC)"
    ) == ["yetri"]
    cssc = {
        "id": "1260h-38",
        "name": "China State Shipbuilding Corporation Limited",
        "aliases": ["CSSC"],
        "listings": 1,
    }
    unit = {"id": "el-441", "name": "China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy"}
    matcher = Matcher.from_rows([cssc, unit])
    found = matcher.match("CSSC")
    assert matcher.status(found) == "match" and found[0].entity.id == "1260h-38"
    found = matcher.match("CSSC 7", "CN")
    assert matcher.status(found) == "match" and found[0].entity.id == "el-441"


def test_a_capitalised_name_beside_a_bracketed_place_is_an_abbreviation() -> None:
    assert abbreviation("ECS (United States)") == "ecs"
    assert abbreviation("Apple (United States)") is None
    ecs_el = {"id": "el-1691", "name": "Engineering and Commercial Services (ECS)", "country": "PK", "listings": 1}
    ecs_ror = {"id": "ror-022t7x179", "name": "ECS (United States)", "country": "US"}
    matcher = Matcher.from_rows([ecs_el, ecs_ror])
    found = matcher.match("ECS")
    assert matcher.status(found) == "review" and found[0].entity.id == "el-1691"


def test_an_abbreviation_with_a_word_in_brackets_after_it_is_looked_up() -> None:
    # "HIT (Harbin)", "NUDT (China)": a place or another name after the abbreviation, as lists write rows. The
    # abbreviation is looked up as when written alone (shared by Haldia's and Harare's institutes here: a review).
    nudt = {"id": "el-799", "name": "National University of Defense Technology", "acronyms": ["NUDT"]}
    matcher = _matcher(HIT_EL, HIT_ROR, HALDIA, HARARE, {**nudt, "country": "CN", "listings": 1})
    found = matcher.match("NUDT (China)", "CN", collapse=True)
    assert matcher.status(found) == "match" and found[0].entity.id == "el-799"
    assert found[0].reasons[0] == "abbreviation NUDT matches"
    found = matcher.match("HIT (Harbin)", None, collapse=True)
    assert matcher.status(found) == "review" and "el-594" in found[0].records
    # Capitals in the brackets are part of it ("MIPT (SU)"), and a name is no abbreviation ("Apple (United States)").
    assert _query_abbreviation("MIPT (SU)") == "miptsu"
    assert _query_abbreviation("Apple (United States)") is None


def test_hyphenated_and_all_capital_abbreviations_are_looked_up_whole() -> None:
    cetc7 = {"id": "el-402", "name": "China Electronics Technology Group Corporation, 7th Research Institute (CETC-7)"}
    nscc = {"id": "el-793", "name": "National Supercomputing Center Guangzhou (NSCC-GZ)"}
    issp = {
        "id": "ror-issp",
        "name": "Institute of Solid State Physics",
        "acronyms": ["ISSP RAS", "ИФТТ РАН"],
        "country": "RU",
    }
    matcher = Matcher.from_rows([cetc7, nscc, issp])
    for name, expected in (
        ("CETC-7", "el-402"),
        ("NSCC-GZ", "el-793"),
        ("ISSP RAS", "ror-issp"),
        ("ИФТТ РАН", "ror-issp"),
    ):
        found = matcher.match(name)
        assert matcher.status(found) == "match" and found[0].entity.id == expected, name
    # Ordinary words in capitals are not: only up to three words, ten letters.
    assert matcher.status(matcher.match("NATIONAL SUPERCOMPUTING CENTER")) == "no_match"


def test_an_abbreviation_s_bracketed_long_form_is_compared_as_a_name() -> None:
    """The Entity List prints some organizations as their abbreviation with the long form in brackets: the
    abbreviation is matched only as a whole name, and the long form by likeness, as any name. A bracketed note is
    no name ("CNOOC Limited (a subsidiary of China National Offshore Oil Corporation)", 1260H)."""
    avs = {
        "id": "el-avs",
        "name": "AVS (Armored Vehicle Spares)",
        "aliases": ["Armored Vehicle Service"],
        "listings": 1,
    }
    cnooc = {"id": "1260h-cnooc", "name": "CNOOC Limited (a subsidiary of China National Offshore Oil Corporation)"}
    matcher = _matcher(avs, cnooc)
    found = matcher.match("Armored Vehicle Spares", "IL")
    assert found[0].entity.id == "el-avs" and matcher.status(found) == "match"
    assert "avs" in matcher.orgs[0].acronyms
    assert matcher.orgs[1].compared == []  # an abbreviation, and a note about its parent
    parent = matcher.match("China National Offshore Oil Corporation", "CN")
    assert matcher.status(parent) == "no_match"


def test_an_abbreviation_with_a_legal_form_is_asked_as_the_abbreviation() -> None:
    # 1260H's real entry "ZTE Corporation" is the abbreviation ZTE with a legal form, so it is matched as a whole
    # name only: the row "ZTE Corporation" found nothing (0.25, no match), though "ZTE" did.
    zte = {"id": "1260h-zte", "name": "ZTE Corporation", "country": "CN", "listings": 1}
    matcher = _matcher(zte, HIT_EL)
    for written in ("ZTE", "ZTE Corporation", "ZTE Corp."):
        found = matcher.match(written, "CN")
        assert found[0].entity.id == "1260h-zte" and matcher.status(found) == "match", written


# Real records that publish no abbreviation: the Entity List's NJUST and Section 1286's GUET and Naval Engineering
# University; ROR's Xidian University (ror.org/05s92vm98, its English names); OFAC's CASC, which publishes one.
NJUST_EL = {"id": "el-njust", "name": "Nanjing University of Science and Technology", "country": "CN", "listings": 1}
GUET_1286 = {"id": "1286-guet", "name": "Guilin University of Electronic Technology", "listings": 1}
NAVAL_ENGINEERING = {"id": "1286-neu", "name": "Naval Engineering University", "listings": 1}
XIDIAN_ROR = {
    "id": "ror-05s92vm98",
    "name": "Xidian University",
    "aliases": ["University of Electronic Science and Technology at Xi'an"],
    "country": "CN",
}
CASC_OFAC = {
    "id": "cmic-casc",
    "name": "China Aerospace Science and Technology Corporation",
    "aliases": ["CASC"],
    "country": "CN",
    "listings": 1,
}


def test_an_abbreviation_no_source_publishes_is_looked_for_among_initials() -> None:
    matcher = Matcher.from_rows([NJUST_EL, GUET_1286, NAVAL_ENGINEERING, XIDIAN_ROR, CASC_OFAC, HIT_EL])
    for short, expected in [("NJUST", "el-njust"), ("GUET", "1286-guet"), ("XDU", "ror-05s92vm98")]:
        found = matcher.match(short, "CN")
        # A guess at what was abbreviated: a question for a person, never a match.
        assert matcher.status(found) == "review" and found[0].entity.id == expected, (short, found[:1])
        assert found[0].reasons[0] == f"initials of its name ({short}), an abbreviation no source publishes for it"
    # Written so abroad, it is another organization's.
    assert matcher.status(matcher.match("NJUST", "US")) == "no_match"
    # An organization that publishes an abbreviation is written so: "CASI" is not CASC's.
    assert matcher.status(matcher.match("CASI", "CN")) == "no_match"
    # Three plain initials are too many organizations' to guess: NEU is Northeastern University's too.
    assert matcher.status(matcher.match("NEU", "CN")) == "no_match"


def test_initials_several_organizations_have_are_no_review() -> None:
    # Nanjing's NJUST (Entity List, no acronym) and Oman's National University of Science and Technology
    # (ror.org/00rb2rb24, which publishes no acronym): both names are NUST.
    oman = {"id": "ror-00rb2rb24", "name": "National University of Science and Technology", "country": "OM"}
    matcher = Matcher.from_rows([NJUST_EL, oman])
    found = matcher.match("NUST")
    assert matcher.status(found) == "no_match"
    assert found[0].reasons[0] == "initials of 2 organizations' names (NUST)"
    # The people index guesses no initials.
    matcher.initials = False
    matcher.forget_answers()
    assert matcher.match("NUST") == []


def test_an_organization_written_after_its_unit_as_a_brand_or_an_abbreviation_is_what_it_is_alone() -> None:
    """Affiliations a collaborator list writes with a unit first: the Entity List's Megvii Technology, which an address
    cut took for a town ("Department of Physics, Megvii"), and NUDT, which no unit rule reads as its parent's name.
    The part after the unit, screened alone, is the answer, a review that names the unit, when it finds a listed
    organization first, with the others it finds: an abbreviation two organizations hold (Lomonosov MSU, on Section
    1286, and Russia's Maritime State University, ROR) names both."""
    megvii = {"id": "el-megvii", "name": "Megvii Technology", "country": "CN", "listings": 1}
    nudt = {"id": "el-nudt", "name": "National University of Defense Technology", "country": "CN", "listings": 1}
    nudt_ror = {"id": "ror-05d2yfz11", "name": "National University of Defense Technology", "acronyms": ["NUDT"]}
    lomonosov = {"id": "1286-85", "name": "Lomonosov Moscow State University", "country": "RU", "listings": 1}
    lomonosov_ror = {"id": "ror-010pmpe69", "name": "Lomonosov Moscow State University", "acronyms": ["MSU"]}
    nevelskoy = {
        "id": "ror-04vwnq582",
        "name": "Admiral Nevelskoy Maritime State University",
        "acronyms": ["MSU"],
        "country": "RU",
    }
    tsinghua = {"id": "ror-03cve4549", "name": "Tsinghua University", "country": "CN"}
    matcher = Matcher.from_rows([megvii, nudt, nudt_ror, lomonosov, lomonosov_ror, nevelskoy, tsinghua])
    matcher.link([Link("1286-85", "ror-010pmpe69", "auto", 1.0), Link("el-nudt", "ror-05d2yfz11", "auto", 1.0)])
    for name, record, part in (
        ("Department of Physics, Megvii", "el-megvii", "Megvii"),
        ("College of Computer, NUDT, Changsha, China", "el-nudt", "NUDT"),
    ):
        found = matcher.match(name, "CN", collapse=True, affiliation=True)
        assert matcher.status(found) == "review" and record in found[0].records, (name, found[:1])
        assert found[0].reasons[0] == f"names a unit of {part}"
        assert sum(r.startswith("one organization of") for r in found[0].reasons) <= 1
    # An abbreviation two organizations hold: what "MSU" alone answers in Russia, a review naming both.
    found = matcher.match("Department of Physics, MSU, Moscow, Russia", "RU", collapse=True, affiliation=True)
    assert matcher.status(found) == "review" and "1286-85" in found[0].records
    assert [c.entity.name for c in found if c.reasons[0] == "names a unit of MSU"] == [
        lomonosov["name"],
        nevelskoy["name"],
    ]
    for name, country in (
        ("Department of Physics, Tsinghua University", "CN"),  # unlisted
        ("Department of Physics, Megvii", "US"),  # a company of China's
        ("Megvii Research Group, Beijing", "CN"),  # no unit part first: the row names the organization itself
    ):
        found = matcher.match(name, country, collapse=True, affiliation=True)
        assert not any(r.startswith("names a unit of") for c in found for r in c.reasons), (name, found[:1])


def test_capitals_joined_by_a_hyphen_are_one_abbreviation() -> None:
    """The Entity List's CETC equipment group publishes "CETC-E."; read as two words ("cetc e", the letter weighing
    nothing) it met "CETC" at 0.99 and took the match from 1260H's CETC itself."""
    assert abbreviation("CETC-E.") == "cetce" and abbreviation("NSCC-GZ") == "nsccgz"
    assert abbreviation("Rolls-Royce") is None
    equipment = {
        "id": "el-431",
        "name": "China Electronics Technology Group Corporation Electronic Equipment Group Co., Ltd.",
        "aliases": ["CETC Equipment Subgroup", "Dianke Equipment", "CETC-E."],
        "country": "CN",
        "listings": 1,
    }
    cetc = {"id": "1260h-26", "name": "China Electronics Technology Group Corporation", "aliases": ["CETC"]}
    matcher = Matcher.from_rows([equipment, {**cetc, "country": "CN", "listings": 1}])
    found = matcher.match("CETC", "CN")
    assert matcher.status(found) == "match" and found[0].entity.id == "1260h-26"
    assert matcher.match("CETC-E", "CN")[0].entity.id == "el-431"


def test_a_unit_of_a_listed_organization_that_the_affiliation_names_in_a_part_of_its_own() -> None:
    # The Entity List's Beihang University (ROR's name for it) and an unlisted university of the same city.
    beihang = {"id": "el-beihang", "name": "Beihang University", "country": "CN", "listings": 1}
    bnu = {"id": "ror-022k4wk35", "name": "Beijing Normal University", "country": "CN"}
    matcher = Matcher.from_rows([beihang, bnu])
    row = "School of Electronic and Information Engineering, Beihang University, Beijing 100191, China"
    found = matcher.match(row, "CN", collapse=True, affiliation=True)
    assert matcher.status(found) == "review" and found[0].reasons[0] == "names a unit of Beihang University"
    for unlisted in ("School of Physics, Beijing Normal University", "Beihang University Press"):
        assert matcher.status(matcher.match(unlisted, "CN", collapse=True, affiliation=True)) == "no_match", unlisted


def test_an_institute_named_after_its_state_group_is_a_review() -> None:
    # The Entity List's Chengdu Aircraft Design and Research Institute (AVIC's), written as the group's institutes
    # write themselves: the group's name first, in English or in Chinese.
    cadi = {"id": "el-cadi", "name": "Chengdu Aircraft Design and Research Institute", "country": "CN", "listings": 1}
    avic = {"id": "1260h-avic", "name": "Aviation Industry Corporation of China, Ltd.", "country": "CN", "listings": 1}
    matcher = Matcher.from_rows([cadi, avic, HIT_EL])
    found = matcher.match("中国航空工业集团公司成都飞机设计研究所", "CN", collapse=True)  # no match before
    assert matcher.status(found) == "review"
    assert "el-cadi" in found[0].records and "named after its group" in found[0].reasons[0], found[0]
    names = ["Chengdu Aircraft Design and Research Institute"]
    english = "Aviation Industry Corporation of China Chengdu Aircraft Design and Research Institute"
    assert named_under(english, names) == (names[0], "aviation industry china")
    assert named_under("AVIC Group Chengdu Aircraft Design and Research Institute", names) == (names[0], "avic group")
    # Before the name: a group's words, or another candidate's whole name; not a place, and not the name alone.
    assert named_under("Sichuan Chengdu Aircraft Design and Research Institute", names) is None
    assert named_under("Chengdu Aircraft Design and Research Institute", names) is None


# The Entity List's Huawei companies (five of its hundred), 1260H's "Huawei" (Huawei Technologies Co., Ltd., listed
# with Huawei Holding), and the Entity List's Izhevsk Mechanical Plant, "a.k.a. Baikal"; JSC Penza as the Entity List
# abbreviates the Penza Electrotechnical Research Institute.
HUAWEI_FAMILY = [
    {
        "id": "1260h-huawei",
        "name": "Huawei Technologies Co., Ltd.",
        "aliases": ["Huawei"],
        "country": "CN",
        "listings": 1,
    },
    {"id": "el-huawei-cloud-berlin", "name": "Huawei Cloud Berlin", "country": "DE", "listings": 1},
    {"id": "el-huawei-cloud-brazil", "name": "Huawei Cloud Brazil", "country": "BR", "listings": 1},
    {"id": "el-huawei-chile", "name": "Huawei Chile S.A.", "country": "CL", "listings": 1},
    {
        "id": "el-huawei-beijing",
        "name": "Beijing Huawei Digital Technologies Co., Ltd.",
        "country": "CN",
        "listings": 1,
    },
]
BAIKAL = {
    "id": "el-imz",
    "name": "Izhevsky Mekhanichesky Zavod JSC",
    "aliases": ["Baikal"],
    "country": "RU",
    "listings": 1,
}
PENZA = {
    "id": "el-penza",
    "name": "Joint Stock Company Penza Electrotechnical Research Institute",
    "aliases": ["JSC Penza"],
    "country": "RU",
    "listings": 1,
}


def test_a_listed_familys_brand_before_a_unit_names_a_unit_however_often_the_family_repeats_it() -> None:
    # "huawei" is in five of this index's names, as in 126 of the bundled lists' 6,877 organizations: too many for
    # the index to call it rare. ROR's names hold it twice (names/common_words.txt): a brand all the same.
    matcher = _matcher(*HUAWEI_FAMILY, BAIKAL, PENZA)
    assert matcher._words["huawei"] > 3
    for name in ("Huawei Noah's Ark Lab", "Huawei 2012 Laboratories"):
        found = matcher.match(name, "CN", collapse=True, affiliation=True)
        assert matcher.status(found) == "review", name
        assert found[0].entity.id == "1260h-huawei" and found[0].reasons[0] == "names a unit of Huawei", found[0]
    # A university or college named after a brand is an institution of its own, and a city names no parent: real
    # ROR names that the lists' "Baikal" and "JSC Penza" made reviews.
    for name in ("Baikal State University", "Penza State University of Architecture and Construction", "Penza Lab"):
        found = matcher.match(name, "RU", collapse=True, affiliation=True)
        assert not any(r.startswith("names a unit of") for c in found for r in c.reasons), (name, found[:1])


def test_a_brand_is_a_word_few_of_rors_names_hold_and_no_place() -> None:
    assert uncommon("huawei") and uncommon("sensetime") and uncommon("inspur")
    assert not uncommon("federal") and not uncommon("moscow") and not uncommon("university")
    assert not uncommon("cs") and not uncommon("2012")  # abbreviations and numbers are read apart
    assert place_word("penza") and place_word("kathmandu") and place_word("china") and not place_word("huawei")
    spec = importlib.util.spec_from_file_location("common_words", ROOT / "tools" / "common_words.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    # Counted once per record, over every name: 17 real ROR records share only a few words more than three times.
    found = tool.common_words(json.loads(ROR_V2.read_text(encoding="utf-8")))
    assert {"university", "of"} <= found and "harbin" not in found
    assert found <= common_words()
