"""A small graph for researcher due diligence, from real records: the real recorded OpenAlex /works pages
(tests/fixtures/payloads/openalex/works_page*.json: W2741809807 with nine real authors, W2755950973 with two) replayed
through httpx.MockTransport to the openalex source as `tietrace ingest openalex --query author=ORCID` asks for them,
real ROR records (tests/fixtures/payloads/ror/ror-records-v2.json: Harbin Institute of Technology and its State Key
Laboratory of Urban Water Resources and Water Environment, PART_OF it) resolved against the rest, a real NIH RePORTER
project record and a real NSF Award Search answer (their PIs and co-PI), and real rows of
the Section 1286 list and the BIS Entity List (tests/fixtures/lists/restricted_rows.json) written as listings the way
sources write them.

What is constructed, and only for the tests: no recorded OpenAlex response with a co-author at a listed institution
was found in public repositories (see tests/fixtures/lists/ORIGIN.md), so the ties between the real authors and the
real listed records are made here, and say so (dataset `test-construction`): a SAME_AS judgement joining the OpenAlex
record of Université de Montréal to the listed Harbin Institute of Technology record, an affiliation of Vincent
Larivière with the Thousand Talents Plan (2025-01-15), an investigator record "LARIVIERE, VINCENT" at Université de
Montréal (as a grant record names a PI) and a namesake there with another ORCID, and equipment given by the listed
record to Impact Technology Development (2026-06-01), and a co-author of W2755950973 who is no real person
("Unit Co-author") at the real laboratory of HIT (so a unit of a listed university is reached only through ROR's real
PART_OF). They claim nothing about these organizations and people; they give the rules known answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from graph.ids import make_id
from graph.lists import catalogue, list_node_id
from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore
from resolve.run import dataset_organizations, resolve
from tests.ingest_helpers import FIXTURES, ingest

OPENALEX = FIXTURES / "payloads" / "openalex"
PAGE1 = json.loads((OPENALEX / "works_page1_cursor_star.json").read_text(encoding="utf-8"))
PAGE2 = json.loads((OPENALEX / "works_page2_last.json").read_text(encoding="utf-8"))
ROR = FIXTURES / "payloads" / "ror" / "ror-records-v2.json"
NIH_RECORD = FIXTURES / "payloads" / "nih_reporter" / "project_record_appl_11128875.json"
NSF_AWARD = FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json"
CASCIO = make_id("nih_reporter", "pi", "10814385")  # Sandra Cascio, PI of NIH 3R01CA276279-02S1
LU_LIN = make_id("nsf_awards", "pi", "270080258")  # Lu Lin, PI of NSF award 2450546 (Penn State)
AUTHOR_FILTER = "author.orcid:0000-0002-2733-0689"  # Vincent Larivière, an author of W2741809807
ROWS = json.loads((FIXTURES / "lists" / "restricted_rows.json").read_text(encoding="utf-8"))

PIWOWAR = make_id("openalex", "A5048491430")  # ORCID 0000-0003-1613-5981, Impact Technology Development
LARIVIERE = make_id("openalex", "A5068542997")  # ORCID 0000-0002-2733-0689, Université de Montréal and UQAM
MONTREAL = make_id("openalex", "I70931966")
IMPACT = make_id("openalex", "I4210166736")
HIT = make_id("us_restricted", "harbin-institute-of-technology")
TTP = make_id("us_restricted", "thousand-talents-plan")
CONSTRUCTED = Provenance(dataset="test-construction", source_id="tests/researcher_graph.py", retrieved_at="2026-12-06")
LISTS = {"dow_1286": "us.dow.1286", "bis_entity_list": "us.bis.entity_list"}


def _listings() -> list[Entity | Relation]:
    items: list[Entity | Relation] = []
    for key, list_id in LISTS.items():
        entry = catalogue().get(list_id)
        assert entry is not None
        table = ROWS[key]
        prov = Provenance(
            dataset="us-restricted-lists", source_id=table["source_file"], retrieved_at=table["extracted"]
        )
        watchlist = list_node_id(list_id)
        items.append(
            Entity(
                watchlist, Label.WATCHLIST, prov, {"name": entry.title, "authority": entry.authority, "listId": list_id}
            )
        )
        for row in table["entities"]:
            node = HIT if row["name"] == "Harbin Institute of Technology" else TTP
            items.append(Entity(node, Label.ORGANIZATION, prov, {"name": row["name"], "country": "CN"}))
            rid = make_id("us_restricted", list_id, row["name"])
            items.append(
                Relation(
                    rid, Rel.LISTED_ON, node, Label.ORGANIZATION, watchlist, Label.WATCHLIST,
                    Provenance(dataset="us-restricted-lists", source_id=f"{table['source_file']}:{row['name']}",
                               retrieved_at=table["extracted"]),
                    {"listId": list_id, "reason": row["notes"]},
                )
            )  # fmt: skip
    return items


ARIA = make_id("openalex", "A5069892096")  # Massimo Aria, ORCID 0000-0002-8517-9411, an author of W2755950973
BIBLIOMETRIX = make_id("openalex", "W2755950973")
HIT_ROR = make_id("ror", "01yqg2h08")
HIT_LAB = make_id("ror", "05s6mpv98")  # State Key Laboratory of Urban Water Resources and Water Environment
UNIT_COAUTHOR = make_id("test_construction", "unit-coauthor")
INVESTIGATOR = make_id("test_construction", "investigator")  # a grant record's PI: a name and an institution
NAMESAKE = make_id("test_construction", "namesake")  # the same name with another ORCID: someone else


def _constructed() -> list[Entity | Relation]:
    gift = make_id("test_construction", "gift")
    return [
        Entity(INVESTIGATOR, Label.PERSON, CONSTRUCTED, {"name": "LARIVIERE, VINCENT"}),
        Relation(
            make_id("test_construction", "investigator-affiliation"), Rel.AFFILIATED_WITH, INVESTIGATOR,
            Label.PERSON, MONTREAL, Label.ORGANIZATION, CONSTRUCTED, {"validFrom": "2019-09-01"},
        ),
        Entity(NAMESAKE, Label.PERSON, CONSTRUCTED, {"name": "Vincent Lariviere", "orcid": "0000-0002-0000-0001"}),
        Relation(
            make_id("test_construction", "namesake-affiliation"), Rel.AFFILIATED_WITH, NAMESAKE,
            Label.PERSON, MONTREAL, Label.ORGANIZATION, CONSTRUCTED, {"validFrom": "2019-09-01"},
        ),
        Relation(
            make_id("test_construction", "same-as"), Rel.SAME_AS, MONTREAL, Label.ORGANIZATION, HIT,
            Label.ORGANIZATION, CONSTRUCTED, {"judgement": "confirmed", "method": "test-construction", "score": 1.0},
        ),
        Relation(
            make_id("test_construction", "talent"), Rel.AFFILIATED_WITH, LARIVIERE, Label.PERSON, TTP,
            Label.ORGANIZATION, CONSTRUCTED, {"validFrom": "2025-01-15"},
        ),
        Entity(gift, Label.GIFT, CONSTRUCTED, {"giftType": "equipment", "item": "instrument", "date": "2026-06-01"}),
        Relation(
            make_id("test_construction", "gave"), Rel.GAVE, HIT, Label.ORGANIZATION, gift, Label.GIFT, CONSTRUCTED
        ),
        Relation(
            make_id("test_construction", "given"), Rel.GIVEN_TO, gift, Label.GIFT, IMPACT, Label.ORGANIZATION,
            CONSTRUCTED,
        ),
        Entity(UNIT_COAUTHOR, Label.PERSON, CONSTRUCTED, {"name": "Unit Co-author"}),
        Relation(
            make_id("test_construction", "unit-authored"), Rel.AUTHORED, UNIT_COAUTHOR, Label.PERSON, BIBLIOMETRIX,
            Label.PUBLICATION, CONSTRUCTED,
        ),
        Relation(
            make_id("test_construction", "unit-affiliation"), Rel.AFFILIATED_WITH, UNIT_COAUTHOR, Label.PERSON,
            HIT_LAB, Label.ORGANIZATION, CONSTRUCTED, {"validFrom": "2017-09-12"},
        ),
        Relation(
            make_id("test_construction", "lab-authored"), Rel.AUTHORED, HIT_LAB, Label.ORGANIZATION, BIBLIOMETRIX,
            Label.PUBLICATION, CONSTRUCTED,
        ),
    ]  # fmt: skip


def replay(request: httpx.Request) -> httpx.Response:
    """The recorded /works cursor pages, answered to the request `--query author=0000-0002-2733-0689` makes."""
    params = request.url.params
    assert request.url.path == "/works" and params["filter"] == AUTHOR_FILTER, request.url
    if params["cursor"] == "*":
        return httpx.Response(200, json=PAGE1)
    if params["cursor"] == PAGE1["meta"]["next_cursor"]:
        return httpx.Response(200, json=PAGE2)
    raise AssertionError(f"unexpected request {request.url}")


def build(store: GraphStore, data_dir: Path) -> None:
    query = {"author": "orcid:0000-0002-2733-0689"}
    summary = ingest(store, "openalex", data_dir, transport=httpx.MockTransport(replay), query=query)
    assert summary.failed is None and summary.read == 2, summary
    assert ingest(store, "ror", data_dir / "ror", file=ROR).failed is None
    assert ingest(store, "nih_reporter", data_dir / "nih", file=NIH_RECORD).failed is None
    assert ingest(store, "nsf_awards", data_dir / "nsf", file=NSF_AWARD).failed is None
    with store.writer() as writer:
        writer.add_all([*_listings(), *_constructed()])
    # ROR's records of HIT and of UW meet the listed HIT and OpenAlex's UW as resolution links them (name, ROR id)
    resolve(store, only=dataset_organizations(store, "ror"))
