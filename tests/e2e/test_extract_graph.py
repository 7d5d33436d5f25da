"""The extractor built from a real graph (OpenSanctions and OpenAlex fixtures ingested) links real text to ids."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ids import make_id
from graph.store import GraphStore, embedded_engine, open_store
from resolve.extract import Extractor
from resolve.matcher import Matcher
from tests.conftest import ON_NEO4J, engine_dir_settings
from tests.ingest_helpers import FIXTURES, ingest

CST = make_id("opensanctions", "NK-abdzbEBkqyT29GyREbiURZ")  # LLC CST, alias "Zala Aero Group"
AEROSCAN = make_id("opensanctions", "NK-iE6m5ryPeTAMZozfECVSL7")
UW = make_id("openalex", "I201448701")  # University of Washington


def notes(ftm_id: str) -> list[str]:
    """The `notes` of one entity of the OpenSanctions fixture: real sentences written by sanctioning authorities."""
    for line in (FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl").read_text("utf-8").splitlines():
        entity = json.loads(line)
        if entity["id"] == ftm_id:
            return list(entity["properties"].get("notes", []))
    raise AssertionError(f"{ftm_id} not in the fixture")


@pytest.fixture(scope="module")
def extractor(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Extractor]:
    """An extractor over these two fixtures alone: in the session's shared graph other modules load the lists too,
    which name the Russian government and LLC CST again (their own records, unresolved), so what a mention links
    to would depend on which modules pytest happened to run first. Neo4j: the shared graph, as before."""
    data: Path = tmp_path_factory.mktemp("extract")
    private = None if ON_NEO4J else engine_dir_settings(data / "engine")
    graph = store if private is None else open_store(private)
    try:
        ftm = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
        assert ingest(graph, "opensanctions", data, file=ftm).failed is None
        works = FIXTURES / "payloads" / "openalex" / "works_page1_cursor_star.json"
        assert ingest(graph, "openalex", data / "openalex", file=works).failed is None
        yield Extractor.from_matcher(Matcher.from_store(graph), model="")
    finally:
        if private is not None:
            graph.close()
            embedded_engine(private).stop()


def test_a_sanctions_statement_links_the_company_it_names(extractor: Extractor) -> None:
    (text,) = [n for n in notes("NK-abdzbEBkqyT29GyREbiURZ") if n.startswith("Zala Aero Group, part of")]
    first = text[: text.index("Ukraine.") + len("Ukraine.")]
    found = [m for m in extractor.extract(text) if m.kind == "organization"]
    zala = found[0]
    assert (zala.text, zala.start, zala.entity_id, zala.method, zala.score) == (
        "Zala Aero Group",
        0,
        CST,
        "phrase",
        1.0,
    )
    assert zala.sentence == first
    assert all(m.entity_id == CST for m in found if m.text.startswith("Zala Aero"))


def test_a_note_naming_two_graph_companies_links_both(extractor: Extractor) -> None:
    (text,) = [n for n in notes("NK-iE6m5ryPeTAMZozfECVSL7") if "part of the Zala Aero group" in n]
    found = [m for m in extractor.extract(text) if m.kind == "organization"]
    assert [(m.text, m.entity_id) for m in found] == [
        ("LLC Aeroscan", AEROSCAN),
        ("Zala Aero group", CST),  # the alias "Zala Aero Group", whatever the case
        ("LLC Aeroscan", AEROSCAN),
        ("Zala Aero Group", CST),
        ("LLC Aeroscan", AEROSCAN),
    ]
    group = next(m for m in found if m.text == "Zala Aero group")
    assert group.sentence.startswith("It also is part of the Zala Aero group of companies")
    assert group.sentence.endswith("reconnaissance UAVs.")


def test_an_article_affiliation_links_the_openalex_institution(extractor: Extractor) -> None:
    row = next(
        json.loads(line)
        for line in (FIXTURES / "acknowledgements" / "acknowledgements.jsonl").read_text("utf-8").splitlines()
        if json.loads(line)["id"] == "ehp-116-1694-aff2"
    )
    (uw,) = extractor.extract(row["text"])
    assert (uw.text, uw.entity_id, uw.method) == ("University of Washington", UW, "phrase")
