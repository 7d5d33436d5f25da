"""The bundled lists read right: real rows of the NSF-letter snapshot and OpenSanctions' list tables, through the
real parsers (names, aliases, acronyms, dates, labels, the catalogue list and the listing period)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.lists import list_node_id
from graph.model import Entity, Label, Relation
from ingest.context import JobContext
from ingest.listings import clean_names, iso_date
from ingest.sources import get
from ingest.sources.us_lists import label_for
from tietrace.bundled_lists import LISTS_DIR, bundled_files

US = LISTS_DIR / "us"
TABLES = LISTS_DIR / "opensanctions"


def _load(source: str, path: Path, **query: str) -> list[Entity | Relation]:
    ctx = JobContext(source=source, file=path, query=dict(query))
    found = get(source)
    return [item for record in found.records(ctx) for item in found.normalize(ctx, record)]


def _party(items: list[Entity | Relation], name: str) -> tuple[Entity, Relation]:
    node = next(i for i in items if isinstance(i, Entity) and i.props.get("name") == name)
    edge = next(i for i in items if isinstance(i, Relation) and i.start_id == node.id)
    return node, edge


@pytest.fixture(scope="module")
def entity_list() -> list[Entity | Relation]:
    return _load("us_lists", US / "bis_entity_list.json")


def test_harbin_institute_of_technology_is_on_the_entity_list_with_the_snapshot(
    entity_list: list[Entity | Relation],
) -> None:
    node, edge = _party(entity_list, "Harbin Institute of Technology")
    assert node.label is Label.ORGANIZATION and node.props["country"] == "CN"
    assert "Harbin Institute of Technology, Shenzhen Research Institute" in node.props["aliases"]
    assert edge.end_id == list_node_id("us.bis.entity_list") and edge.props["listId"] == "us.bis.entity_list"
    (watchlist,) = [i for i in entity_list if isinstance(i, Entity) and i.label is Label.WATCHLIST]
    assert watchlist.props["snapshot"] == "eCFR text as downloaded July 2026"
    assert watchlist.props["name"] == "US BIS Entity List"


def test_aliases_lose_the_addresses_the_extraction_appended(entity_list: list[Entity | Relation]) -> None:
    node, _ = _party(entity_list, "Beijing FJR Optoelectronic Technology Company Ltd")
    assert "Fu Jirui" in node.props["aliases"]
    assert not any("Zhonghuan South Road" in a for a in node.props["aliases"])
    crimea, _ = _party(entity_list, "Federal SUE Shipyard 'Morye'")
    assert "More Shipyard" in crimea.props["aliases"]


def test_a_k_a_forms_and_unclosed_parentheses_become_names(entity_list: list[Entity | Relation]) -> None:
    node, _ = _party(entity_list, "China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute")
    assert {"Thermal Processing Technology Research Institute", "Hot Working Technology Research Institute"} <= set(
        node.props["aliases"]
    )
    # CSSC and CSIC abbreviate the groups, not their 12th Research Institute: not its acronyms, its names without them.
    assert not node.props.get("acronyms")
    assert "China Shipbuilding Industry Group Co., Ltd. 12th Research Institute" in node.props["aliases"]
    baotou = clean_names(
        "Baotou Guanghua Chemical Industrial Corporation (Parent Organization: China National Nuclear Group "
        "Corporation (CNNC))"
    )
    assert baotou.acronyms == ()  # in a note about the parent
    # An acronym that closes the name stays its own, whatever brackets, parts after a comma or "and its
    # subordinates" follow (real Entity List and OFAC names).
    assert "KSS" in clean_names("Kata’ib Sayyid al-Shuhada (KSS) (Iraq)").acronyms
    assert "MSAS" in clean_names("Managed Systems and Services (MSAS)(FZC)").acronyms
    assert clean_names("Xinjiang Production and Construction Corporation (XPCC) and its subordinates").acronyms == (
        "XPCC",
    )
    iitp = "A.A. Kharkevich Institute for Information Transmission Problems (IITP), Russian Academy of Sciences"
    assert "IITP" in clean_names(iitp).acronyms
    zaliv = clean_names("OOO Shipyard 'Zaliv' (f.k.a., AO Shipyard 'Zaliv'")
    assert (zaliv.name, zaliv.aliases) == ("OOO Shipyard 'Zaliv'", ("AO Shipyard 'Zaliv'",))
    paec = clean_names(
        "Pakistan Atomic Energy Commission (PAEC)",
        [
            "Power Plant Workshops, P.O. Box 1114, Islamabad",
            "National Development Complex (NDC), a.k.a., the following two aliases:",
        ],
    )
    assert "Power Plant Workshops" in paec.aliases and not any("following" in a for a in paec.aliases)
    assert paec.acronyms == ("PAEC", "NDC")


def test_a_numbered_unit_is_no_address(entity_list: list[Entity | Relation]) -> None:
    """ "No. 9" and ", 503 Institute" were cut as house numbers: the Entity List's CETC No. 11 Research Institute was
    stored as "China Electronic Technology Group Corporation No", and CAST's 503 Institute held "CASC 5th Academy"."""
    node, _ = _party(entity_list, "China Electronic Technology Group Corporation No. 11 Research Institute")
    assert node.props["country"] == "CN"
    space_star, _ = _party(entity_list, "Space Star Technology Co., Ltd.")
    assert "CASC 5th Academy, 503 Institute" in space_star.props["aliases"]
    assert "CASC 5th Academy" not in space_star.props["aliases"]
    # Real names of the DoD's 1260H list and CBP's withhold release orders; an address after a name is still cut.
    assert clean_names("China South Industries Group Corporation No. 59 Research Institute Co., Ltd.").name == (
        "China South Industries Group Corporation No. 59 Research Institute Co., Ltd."
    )
    assert clean_names("No. 9 Plant").name == "No. 9 Plant"
    assert clean_names("Zhejiang Province No. 4 Prison").name == "Zhejiang Province No. 4 Prison"
    casic = "China Aerospace Science and Industry Corporation (CASIC) 3rd Academy, 31 Research Institute"
    assert clean_names(casic).name == casic
    assert clean_names("Huawei Technologies Co., Ltd., 1 Bantian Road").name == "Huawei Technologies Co., Ltd."
    assert clean_names("ABC Shipping, 15 Shipyard Road, Shanghai").name == "ABC Shipping"


def test_an_a_k_a_is_a_whole_word_never_the_start_of_another(entity_list: list[Entity | Relation]) -> None:
    """The Russian Academy of Sciences ("Rossiiskoi Akademii Nauk") and "imeni Akademika" (named after an academician)
    hold no "aka": cut there, six RAS institutes shared the alias "demii Nauk" and resolution merged them."""
    node, _ = _party(entity_list, "Keldysh Institute of Applied Mathematics of the Russian Academy of Sciences")
    assert (
        "Federalnoe Gosudarstvennoe Uchrezhdenie Federalny Issledovatelski Tsentr Institut Prikladnoi Metematiki "
        "I.M. Keldysha Rossiiskoi Akademii Nauk" in node.props["aliases"]
    )
    institutes = [i for i in entity_list if isinstance(i, Entity) and "Akademii Nauk" in str(i.props.get("aliases"))]
    assert len(institutes) >= 5
    assert not any(a.startswith("demi") for i in institutes for a in i.props["aliases"])
    rocket = clean_names("JSC State Rocket Center Named After Akademika V.P. Makeyeva")
    assert (rocket.name, rocket.aliases) == ("JSC State Rocket Center Named After Akademika V.P. Makeyeva", ())
    assert clean_names("Akanonu Fabian").name == "Akanonu Fabian"
    assert clean_names("Namhung Trading Corp., aka Namhung").aliases == ("Namhung",)  # the word itself still splits


def test_people_on_the_lists_that_name_individuals() -> None:
    assert label_for("state-debarred-statutory", "Adams, Ryan") is Label.PERSON
    assert label_for("bis-dpl", "PEARL LI") is Label.PERSON
    assert label_for("bis-dpl", "PHOTOMASKING SERVICES LTD.") is Label.ORGANIZATION
    assert label_for("state-debarred-statutory", "A & C International Trade, Inc.") is Label.ORGANIZATION
    # On the Entity List a personal-looking name is still read as an organization's.
    assert label_for("bis-entity-list", "Assadullah Majed") is Label.ORGANIZATION


def test_dates_as_lists_write_them() -> None:
    assert iso_date("04.02.2025") == "2025-02-04"
    assert iso_date("13.07.23") == "2023-07-13"
    assert iso_date("June 21, 2022") == "2022-06-21"
    assert iso_date("2022") == "2022" and iso_date(None) is None and iso_date("None") is None
    with pytest.raises(ValueError, match="not a date: '31/31/2020'"):
        iso_date("31/31/2020")


def test_illumina_is_on_chinas_unreliable_entity_list_with_its_chinese_name() -> None:
    items = _load("list_tables", TABLES / "cn_sanctions.csv", only="cn.mofcom.uel")
    node, edge = _party(items, "Illumina, Inc.")
    assert node.props["aliases"] == ["因美纳公司"] and node.props["country"] == "US"
    assert edge.props["listId"] == "cn.mofcom.uel" and edge.props["validFrom"] == "2025-02-04"
    watchlists = [i for i in items if isinstance(i, Entity) and i.label is Label.WATCHLIST]
    assert [w.props["listId"] for w in watchlists] == ["cn.mofcom.uel"]
    assert "latest listing dated" in watchlists[0].props["snapshot"]
    assert all(isinstance(i, Entity) or i.props["listId"] == "cn.mofcom.uel" for i in items)


def test_1260h_one_company_per_edition_set_and_dropped_companies_end() -> None:
    items = _load("list_tables", TABLES / "us_dod_chinese_milcorps.csv")
    avic, listing = _party(items, "Aviation Industry Corporation of China Ltd.")
    assert avic.props["acronyms"] == ["AVIC"]
    assert (listing.props["validFrom"], listing.props.get("validTo")) == ("2021-06-03", None)
    amec, dropped = _party(items, "Advanced Micro-Fabrication Equipment Inc. China")
    assert amec.props["acronyms"] == ["AMEC"]
    # Listed in the January 2024 edition, left out of January 2025's: the listing ends there.
    assert (dropped.props["validFrom"], dropped.props["validTo"]) == ("2024-01-31", "2025-01-07")
    names = [i.props["name"] for i in items if isinstance(i, Entity) and i.label is Label.ORGANIZATION]
    assert len(names) == len(set(names))


def test_harbin_institute_of_technology_on_every_1286_edition() -> None:
    items = _load("list_tables", TABLES / "us_section_1286.csv")
    _, edge = _party(items, "Harbin Institute of Technology")
    assert edge.props["listId"] == "us.dow.1286"
    assert (edge.props["validFrom"], edge.props.get("validTo")) == ("2022", None)
    assert "editions: 2022, 2023, 2024, 2025" in edge.props["reason"]


def test_every_bundled_file_reads_without_a_reject() -> None:
    totals: dict[str, Any] = {}
    for source, path in bundled_files():
        ctx = JobContext(source=source, file=path)
        found = get(source)
        count = 0
        for record in found.records(ctx):
            found.normalize(ctx, record)  # raises on a reject
            count += 1
        totals[path.name] = count
    listed = json.loads((US / "bis_entity_list.json").read_text(encoding="utf-8"))["count"]
    assert totals["bis_entity_list.json"] == listed == 3409
    assert totals["cn_sanctions.csv"] == 610 and totals["us_dod_chinese_milcorps.csv"] == 229
