"""BODS 0.2 and 0.4 statements normalized into the graph model, on the standard's own example files (no engine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected
from ingest.sources import bods
from tests.ingest_helpers import FIXTURES

DIR = FIXTURES / "payloads" / "bods"
V02 = DIR / "bods_0.2_single_direct.json"
V04 = DIR / "bods_0.4_entity_owning_entity.json"


def context(path: Path) -> JobContext:
    return JobContext(source="bods", file=path, retrieved_at="2026-11-25T00:00:00+00:00")


def all_items(ctx: JobContext) -> list[Entity | Relation]:
    return [item for record in bods.records(ctx) if not record.error for item in bods.normalize(ctx, record)]


def statements(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_v02_statements_map_to_company_person_and_ownership() -> None:
    items = all_items(context(V02))
    company, owner, owns = items
    assert isinstance(company, Entity) and isinstance(owner, Entity) and isinstance(owns, Relation)
    assert company.id == "bods-1dc0e987-5c57-4a1c-b3ad-61353b66a9b7"
    assert (company.label, company.props["name"], company.props["registryId"], company.props["country"]) == (
        Label.ORGANIZATION,
        "CHRINON LTD",
        "GB-COH:07444723",
        "GB",
    )
    assert company.props["validFrom"] == "2010-11-18"
    assert (owner.label, owner.props["name"], owner.props["aliases"], owner.props["country"]) == (
        Label.PERSON,
        "Christopher Taggart",
        ["Chris Taggart"],
        "GB",
    )
    assert owns.type is Rel.OWNS
    assert owns.id == "bods-fbfd0547-d0c6-4a00-b559-5c5e91c34f5c.0"
    assert (owns.start_id, owns.end_id) == (owner.id, company.id)
    assert owns.props["sharePct"] == 100.0 and "shareMin" not in owns.props  # exact wins over the range
    assert owns.props["validFrom"] == "2016-04-06"
    assert owns.provenance.source_id == "fbfd0547-d0c6-4a00-b559-5c5e91c34f5c"


def test_v04_records_use_record_ids_and_keep_exclusive_bounds() -> None:
    items = all_items(context(V04))
    orgs = {i.id: i for i in items if isinstance(i, Entity)}
    assert {k: v.props["name"] for k, v in orgs.items()} == {
        "bods-12b7dd0770ce": "JENEX LIMITED",
        "bods-e83cce729ada": "MVJ LIMITED",
    }
    assert orgs["bods-e83cce729ada"].props["registryId"] == "GB-COH:08150312"
    (owns,) = [i for i in items if isinstance(i, Relation)]
    assert owns.id == "bods-0f31559c6eec.0"
    assert (owns.type, owns.start_id, owns.end_id) == (Rel.OWNS, "bods-e83cce729ada", "bods-12b7dd0770ce")
    # "75 or more, less than 100": the exclusive maximum is kept as the bound value
    assert (owns.props["shareMin"], owns.props["shareMax"]) == (75.0, 100.0)


def test_entities_come_before_relationships_even_when_listed_after(tmp_path: Path) -> None:
    items = statements(V04)
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps([items[2], items[0], items[1]]))
    records = list(bods.records(context(path)))
    assert [r.location for r in records] == [
        "reordered.json:statement 2",
        "reordered.json:statement 3",
        "reordered.json:statement 1",
    ]


def test_json_lines_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in statements(V02)) + "\n")
    items = all_items(context(path))
    assert sum(isinstance(i, Relation) for i in items) == 1 and len(items) == 3


@pytest.mark.parametrize(
    ("interest_type", "rel", "control", "role"),
    [
        ("voting-rights", Rel.CONTROLS, "voting_rights", None),
        ("votingRights", Rel.CONTROLS, "voting_rights", None),
        ("appointment-of-board", Rel.CONTROLS, "board_seats", None),
        ("appointmentOfBoard", Rel.CONTROLS, "board_seats", None),
        ("other-influence-or-control", Rel.CONTROLS, "other", "other-influence-or-control"),
        ("seniorManagingOfficial", Rel.CONTROLS, "other", "seniorManagingOfficial"),
        ("trustee", Rel.CONTROLS, "other", "trustee"),
    ],
)
def test_interest_types(tmp_path: Path, interest_type: str, rel: Rel, control: str, role: str | None) -> None:
    items = statements(V02)
    items[2]["interests"][0]["type"] = interest_type
    path = tmp_path / "interest.json"
    path.write_text(json.dumps(items))
    (relation,) = [i for i in all_items(context(path)) if isinstance(i, Relation)]
    assert relation.type is rel
    assert relation.props["controlType"] == control
    assert relation.props.get("role") == role
    assert relation.props["sharePct"] == 100.0  # a share given with voting rights is kept


def test_malformed_and_dangling_statements_are_rejected(tmp_path: Path) -> None:
    items = statements(V02)
    nameless = {**items[0], "statementID": "nameless", "name": ""}
    dangling = json.loads(json.dumps(items[2]))
    dangling["statementID"] = "dangling"
    dangling["interestedParty"]["describedByPersonStatement"] = "not-in-this-file"
    bad_share = json.loads(json.dumps(items[2]))
    bad_share["statementID"] = "bad-share"
    bad_share["interests"][0]["share"]["exact"] = "all of it"
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([items[0], items[1], nameless, "not a statement", dangling, bad_share]))
    ctx = context(path)
    records = list(bods.records(ctx))
    assert [r.error for r in records if r.error] == ["expected a JSON object, got str"]
    by_id = {r.source_id: r for r in records if not r.error}
    with pytest.raises(RecordRejected, match="entity nameless has no name"):
        bods.normalize(ctx, by_id["nameless"])
    with pytest.raises(RecordRejected, match="interested party not-in-this-file is not a statement of this file"):
        bods.normalize(ctx, by_id["dangling"])
    with pytest.raises(RecordRejected, match=r"share\.exact is not a number: 'all of it'"):
        bods.normalize(ctx, by_id["bad-share"])
