"""OpenSanctions FtM records normalized into the graph model, on the real fixture files (no engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.lists import catalogue, list_node_id
from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected
from ingest.sources import opensanctions
from tests.ingest_helpers import FIXTURES

ZALA = FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl"
PAYMENTS = FIXTURES / "opensanctions" / "parteispenden-payments.ftm.jsonl"


def context(path: Path = ZALA) -> JobContext:
    return JobContext(source="opensanctions", file=path, retrieved_at="2026-11-25T00:00:00+00:00")


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in opensanctions.records(ctx) for item in opensanctions.normalize(ctx, record)]


def test_things_come_before_interests() -> None:
    schemas = [r.data["schema"] for r in opensanctions.records(context())]
    first_interest = next(i for i, s in enumerate(schemas) if s in opensanctions.INTERESTS)
    assert all(s not in opensanctions.INTERESTS for s in schemas[:first_interest])
    assert len(schemas) == 91


def test_zala_cluster_maps_to_the_model() -> None:
    items = all_items(context())
    entities = [i for i in items if isinstance(i, Entity)]
    relations = [i for i in items if isinstance(i, Relation)]
    assert sum(e.label is Label.ORGANIZATION for e in entities) == 11
    assert sum(e.label is Label.PERSON for e in entities) == 6
    # every list of the cluster is catalogued: one node per list, whichever record names it
    assert {e.id for e in entities if e.label is Label.WATCHLIST} <= {list_node_id(entry.id) for entry in catalogue()}
    assert sum(r.type is Rel.OWNS for r in relations) == 14
    assert sum(r.type is Rel.CONTROLS for r in relations) == 3
    sanctions = [r for r in relations if r.type is Rel.LISTED_ON and r.provenance.source_id != _listed_id(r)]
    assert len(sanctions) == 41
    assert all(i.provenance.dataset == "opensanctions" and i.provenance.source_id for i in items)


def test_company_fields() -> None:
    ctx = context()
    by_id = {e.id: e for e in all_items(ctx) if isinstance(e, Entity)}
    orgs = [e for e in by_id.values() if e.label is Label.ORGANIZATION]
    assert all(e.props["country"] is None or len(e.props["country"]) == 2 for e in orgs)
    assert any(e.props.get("country") == "RU" for e in orgs)
    assert any(e.props.get("registryId") for e in orgs)  # OGRN / INN from the Russian register
    assert all(e.props["kind"] == "company" for e in orgs)


def test_ownership_shares_and_dates() -> None:
    owns = [r for r in all_items(context()) if isinstance(r, Relation) and r.type is Rel.OWNS]
    with_share = [r for r in owns if "sharePct" in r.props]
    assert with_share, "the Russian register publishes percentages for some of these ownerships"
    assert all(0 <= r.props["sharePct"] <= 100 for r in with_share)
    assert any(r.props.get("validFrom") for r in owns)


def _listed_id(r: Relation) -> str:
    """The FtM id of the entity a listing starts from (a topic listing's record is the entity's own)."""
    return r.start_id.removeprefix("opensanctions-")


def test_bis_entity_list_is_a_watchlist() -> None:
    watchlists = [e for e in all_items(context()) if isinstance(e, Entity) and e.label is Label.WATCHLIST]
    assert any(e.props["listId"] == "us.bis.entity_list" for e in watchlists)
    assert all(e.props["name"] == catalogue().get(e.props["listId"]).title for e in watchlists)  # type: ignore[union-attr]


def test_topics_and_datasets_list_an_entity_without_a_sanction_record() -> None:
    # AEROSCAN's own record carries topics [sanction, export.control, ...] and datasets such as us_ofac_sdn, and
    # no Sanction record of the file names it: it is listed all the same, with its record as the evidence.
    aeroscan = "NK-iE6m5ryPeTAMZozfECVSL7"
    listings = [
        r
        for r in all_items(context())
        if isinstance(r, Relation) and r.type is Rel.LISTED_ON and r.start_id == opensanctions.node_id(aeroscan)
    ]
    lists = {r.props["listId"] for r in listings}
    assert {"us.ofac.sdn", "gb.fcdo", "eu.fsf", "jp.meti.ru", "ua.nsdc"} <= lists
    assert "us.sam.exclusions" in lists  # a debarment dataset of the record
    assert all(r.provenance.source_id == aeroscan for r in listings)
    assert all(r.props["reason"].startswith("topics: sanction") for r in listings)


def test_an_entity_only_linked_to_a_sanctioned_one_is_not_listed() -> None:
    # topics [sanction.linked] (the unmanned systems association) is a tie to a listed entity, not a listing
    linked = opensanctions.node_id("NK-SiYwWfxwLVrVeFswsvAvsm")
    assert not [r for r in all_items(context()) if isinstance(r, Relation) and r.start_id == linked]


def test_one_word_weak_aliases_are_acronyms() -> None:
    cst = next(
        e
        for e in all_items(context())
        if isinstance(e, Entity) and e.id == opensanctions.node_id("NK-abdzbEBkqyT29GyREbiURZ")
    )
    assert {"CST", "ZALA"} <= set(cst.props["acronyms"])
    assert "Limited Liability Company CST" in cst.props["aliases"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50", {"sharePct": 50.0}),
        ("12,5%", {"sharePct": 12.5}),
        ("25-50", {"shareMin": 25.0, "shareMax": 50.0}),
        ("about half", {}),
        ("150", {}),
        (None, {}),
    ],
)
def test_share_text(value: str | None, expected: dict[str, float]) -> None:
    assert opensanctions.share(value) == expected


def test_payments_become_gifts_between_payer_and_beneficiary() -> None:
    items = all_items(context(PAYMENTS))
    gifts = [i for i in items if isinstance(i, Entity) and i.label is Label.GIFT]
    assert len(gifts) == 290
    assert all(g.props["currency"] == "EUR" and g.props["amount"] > 0 for g in gifts)
    assert sum(isinstance(i, Relation) and i.type is Rel.GAVE for i in items) == 290
    assert sum(isinstance(i, Relation) and i.type is Rel.GIVEN_TO for i in items) == 290


def test_payment_edges_reach_the_entity_records_of_the_file() -> None:
    # Every payer and beneficiary reference of every Payment, read from the file itself, must become an edge
    # to the node of the record with exactly that id (no suffix, no placeholder): none is dropped, and each
    # reaches a node holding that record's name.
    lines = [json.loads(line) for line in PAYMENTS.read_text(encoding="utf-8").splitlines()]
    names = {e["id"]: e["properties"]["name"][0] for e in lines if e["schema"] in opensanctions.THING_LABELS}
    items = all_items(context(PAYMENTS))
    nodes = {i.id: i for i in items if isinstance(i, Entity)}
    gave = {(r.start_id, r.end_id) for r in items if isinstance(r, Relation) and r.type is Rel.GAVE}
    given = {(r.start_id, r.end_id) for r in items if isinstance(r, Relation) and r.type is Rel.GIVEN_TO}
    expected_gave, expected_given = set(), set()
    for payment in (e for e in lines if e["schema"] == "Payment"):
        gift = opensanctions.node_id(payment["id"])
        for ref in payment["properties"]["payer"]:
            assert nodes[opensanctions.node_id(ref)].props["name"] == names[ref]
            expected_gave.add((opensanctions.node_id(ref), gift))
        for ref in payment["properties"]["beneficiary"]:
            assert nodes[opensanctions.node_id(ref)].props["name"] == names[ref]
            expected_given.add((gift, opensanctions.node_id(ref)))
    assert gave == expected_gave and len(gave) == 290
    assert given == expected_given and len(given) == 290
    assert len({r.id for r in items if isinstance(r, Relation)}) == 290 + 290  # every edge id is distinct


def test_a_payment_naming_an_entity_outside_the_file_is_rejected(tmp_path: Path) -> None:
    lines = PAYMENTS.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if '"schema": "Payment"' in line)
    payment = json.loads(lines[number])
    payment["properties"]["beneficiary"].append("no-such-entity")
    path = tmp_path / "payments.ftm.jsonl"
    path.write_text("\n".join([*lines[:number], json.dumps(payment)]) + "\n", encoding="utf-8")
    ctx = context(path)
    record = next(r for r in opensanctions.records(ctx) if r.data.get("id") == payment["id"])
    with pytest.raises(RecordRejected, match="beneficiary no-such-entity is not an entity of this file"):
        opensanctions.normalize(ctx, record)


def test_bad_lines_and_dangling_references_are_rejected(tmp_path: Path) -> None:
    lines = ZALA.read_text(encoding="utf-8").splitlines()
    ownership = next(json.loads(line) for line in lines if json.loads(line)["schema"] == "Ownership")
    ownership["properties"]["owner"] = ["no-such-entity"]
    company = next(json.loads(line) for line in lines if json.loads(line)["schema"] == "Company")
    nameless = {**company, "id": "nameless", "properties": {"country": ["ru"]}}
    path = tmp_path / "mixed.ftm.jsonl"
    path.write_text("\n".join([lines[0], "{not json", "[1, 2]", json.dumps(nameless), json.dumps(ownership)]) + "\n")
    ctx = context(path)
    records = list(opensanctions.records(ctx))
    errors = [r for r in records if r.error]
    assert [r.location for r in errors] == ["mixed.ftm.jsonl:line 2", "mixed.ftm.jsonl:line 3"]
    good = [r for r in records if not r.error]
    with pytest.raises(RecordRejected, match="has no name"):
        opensanctions.normalize(ctx, next(r for r in good if r.data["id"] == "nameless"))
    with pytest.raises(RecordRejected, match="owner no-such-entity is not an entity of this file"):
        opensanctions.normalize(ctx, next(r for r in good if r.data["schema"] == "Ownership"))
