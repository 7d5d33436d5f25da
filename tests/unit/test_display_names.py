"""The display-name rule (names/display.py) on the real names of the demo's OpenSanctions records
(tests/fixtures/opensanctions/zala-cluster.ftm.jsonl) and on names ROR publishes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from names.display import NamedRecord, Names, display_name, names_of, script_of
from queries.answers import Controller, EntityRef, Hop, PathAnswer, Source
from queries.display import refs_in, rename
from tests.ingest_helpers import FIXTURES

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"


def record(ftm_id: str) -> NamedRecord:
    found: dict[str, Any] = next(
        json.loads(line) for line in ZALA.read_text(encoding="utf-8").splitlines() if ftm_id in line[:80]
    )
    p = found["properties"]
    return NamedRecord(p["name"], p.get("alias", []), p.get("previousName", []))


@pytest.mark.parametrize(
    ("ftm_id", "shown", "first_in_file"),
    [
        # CST LLC: the file's first name is a Ukrainian list's translation; two dozen spellings agree on "CST"
        ("NK-abdzbEBkqyT29GyREbiURZ", "Limited Liability Company CST", 'Товариство з обмеженою відповідальністю "ЦСТ"'),
        # Concern Kalashnikov: the file's first name is its old name, carried by a few spellings only
        ("NK-nR5AXM9AVPq4pQaSPSaVam", "Joint Stock Company Concern Kalashnikov", "JSC NPO IZHMASH"),
        # AEROSCAN: Cyrillic "Аэроскан" transliterates to "aeroskan" but does not outvote the Latin "Aeroscan"
        ("NK-iE6m5ryPeTAMZozfECVSL7", "Limited Liability Company Aeroscan", "AEROSCAN"),
        ("NK-cPks3aTbes8k4aCerfBAzN", 'Joint-Stock Company "Zala Aero"', "ZALA AERO JSC"),
        ("NK-aU5ybkbRFJucf8YMwsJvDw", "Aleksandr Vyacheslavovich Zakharov", "Aleksandr Vyacheslavovich Zakharov"),
    ],
)
def test_the_name_sources_agree_on_in_latin_script(ftm_id: str, shown: str, first_in_file: str) -> None:
    rec = record(ftm_id)
    assert rec.names[0] == first_in_file
    assert display_name([rec]) == shown
    # The graph keeps the first name apart and the others as aliases: the rule gives the same name from it.
    assert display_name([NamedRecord(rec.names[:1], [*rec.names[1:], *rec.aliases], rec.previous)]) == shown


def test_a_registry_record_in_cyrillic_only_keeps_its_own_name() -> None:
    assert display_name([record("ru-inn-5920040846")]) == 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"'


def test_across_a_cluster_the_records_agreeing_win() -> None:
    # CST's list record and its register record (in Cyrillic) agree on "CST"; an alias of the list record
    # ("Zala Aero Group") that the register does not carry loses even with more Latin spellings of its own.
    lists = NamedRecord(["Zala Aero Group", "ZALA Aero Group", "Zala Aero Group LLC", "LLC CST"])
    register = NamedRecord(['ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"'])
    assert display_name([lists, register]) == "LLC CST"
    assert display_name([lists]) in {"Zala Aero Group", "ZALA Aero Group"}


def test_previous_names_are_never_the_name_and_are_listed_apart() -> None:
    names = names_of([record("NK-2Tbri3s6GgNtAwsSXh4qpL")])  # Maria Osetrova, formerly Zakharova
    assert names.display == "Maria Aleksandrovna Osetrova"
    assert names.previously == ["Maria Aleksandrovna Zakharova", "Мария Александровна Захарова"]
    assert not set(names.previously) & set(names.also_known_as)
    assert script_of(names.also_known_as[0]) == "Latin"  # the reader's script first
    only_former = NamedRecord([], [], ["Old Name Ltd"])
    assert display_name([only_former]) == "Old Name Ltd"


def test_another_script_when_the_reader_asks() -> None:
    # ROR's record of Harbin Institute of Technology names it in English and Chinese.
    hit = NamedRecord(["Harbin Institute of Technology"], ["哈尔滨工业大学"])
    assert display_name([hit]) == "Harbin Institute of Technology"
    assert display_name([hit], script="Han") == "哈尔滨工业大学"


@pytest.mark.parametrize(
    ("text", "script"),
    [("LLC CST", "Latin"), ("ЦСТ", "Cyrillic"), ("ザラ・アエロ", "Han"), ("哈尔滨", "Han"), ("123", None)],
)
def test_script_of(text: str, script: str | None) -> None:
    assert script_of(text) == script


def test_an_answer_is_renamed_everywhere_but_in_the_other_records_it_cites() -> None:
    cst = EntityRef(id="cst", name='Товариство з обмеженою відповідальністю "ЦСТ"', label="Organization")
    twin = EntityRef(id="csl", name="CST LLC", label="Organization")
    listing = EntityRef(id="w", name="Entity List", label="Watchlist")
    owner = Controller(
        id="cst",
        name=cst.name,
        label="Organization",
        effective_pct=None,
        controls=False,
        is_ultimate=False,
        same_as=[twin],
        paths=[PathAnswer(nodes=[cst, listing], hops=[Hop(type="LISTED_ON", start="cst", end="w", source=Source())])],
    )
    shown = Names(display="Limited Liability Company CST")
    rename([owner], {"cst": shown, "csl": shown, "w": Names(display="renamed list")})
    assert owner.name == cst.name == "Limited Liability Company CST"  # the controller and its path's node
    assert twin.name == "CST LLC"  # another record, cited as evidence, keeps the name it has in its source
    assert listing.name == "Entity List"  # lists are named by the catalogue, not by this rule


def test_the_refs_of_an_answer_are_walked_depth_first_in_order_but_for_the_records_it_cites() -> None:
    """Every ref once, in the order a depth-first walk meets it (a model before its fields, fields in declaration
    order, lists and dicts in order), and never the other records an organization cites as evidence."""
    cst = EntityRef(id="cst", name="CST LLC", label="Organization")
    twin = EntityRef(id="csl", name="CST LLC", label="Organization")
    listing = EntityRef(id="w", name="Entity List", label="Watchlist")
    owner = EntityRef(id="zala", name="ZALA AERO", label="Organization")
    controller = Controller(
        id="cst",
        label="Organization",
        effective_pct=None,
        controls=False,
        is_ultimate=False,
        same_as=[twin],
        paths=[
            PathAnswer(nodes=[owner, cst], hops=[Hop(type="OWNS", start="zala", end="cst", source=Source())]),
            PathAnswer(nodes=[cst, listing], hops=[Hop(type="LISTED_ON", start="cst", end="w", source=Source())]),
        ],
    )
    walked = list(refs_in([controller, {"extra": (listing, 3, "text")}]))
    assert [r.id for r in walked] == ["cst", "zala", "cst", "cst", "w", "w"]
    assert walked[0] is controller and walked[1] is owner and walked[-1] is listing
    assert twin not in walked


def test_at_equal_agreement_a_records_own_name_beats_an_alias_not_the_alphabet() -> None:
    # Two BIS Entity List records of CETC 13 (real names and alias): both carry both names, one as its name.
    own = "China Electronics Technology Group Corporation 13th Research Institute"
    alias = "Hebei Semiconductor Research Institute"
    records = [NamedRecord([own], [alias]), NamedRecord([f"{own} (CETC 13)"], [alias, own])]
    assert display_name(records) == own


def test_a_place_in_brackets_that_ror_adds_is_not_part_of_the_name() -> None:
    # The Unreliable Entity List's record and ROR's record 05k34t975 of one company (shared/data): one name.
    records = [NamedRecord(["Illumina, Inc."]), NamedRecord(["Illumina (United States)"])]
    assert display_name(records) == "Illumina, Inc."
    assert display_name([NamedRecord(["Illumina (United States)"])]) == "Illumina (United States)"  # nothing else
    # Other brackets are part of the name.
    unit = "China Electronics Technology Group Corporation, 7th Research Institute (CETC-7)"
    assert display_name([NamedRecord([unit])]) == unit
