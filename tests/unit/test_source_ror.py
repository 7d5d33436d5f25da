"""ROR records (schema v2 and v1) read from the dump's shapes and normalized into the graph model (no engine)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.json_stream import array_items
from ingest.source import RawRecord
from ingest.sources import get, ror
from tests.ingest_helpers import FIXTURES

DIR = FIXTURES / "payloads" / "ror"
V2 = DIR / "ror-records-v2.json"
V1 = DIR / "ror-records-v1.json"


def context(**kwargs: Any) -> JobContext:
    return JobContext(source="ror", retrieved_at="2026-12-06T00:00:00+00:00", **kwargs)


def raw(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def record_of(path: Path, ror_id: str) -> dict[str, Any]:
    return next(r for r in raw(path) if r["id"] == f"https://ror.org/{ror_id}")


def normalized(path: Path, ror_id: str) -> tuple[Entity, list[Entity | Relation]]:
    data = record_of(path, ror_id)
    found = ror.normalize(context(), RawRecord(f"{path.name}:test", data, source_id=ror_id))
    org = found[0]
    assert isinstance(org, Entity) and not org.placeholder and org.id == f"ror-{ror_id}"
    return org, found[1:]


def relations(found: list[Entity | Relation], rel: Rel) -> list[Relation]:
    return [r for r in found if isinstance(r, Relation) and r.type is rel]


def test_listed_as_a_cc0_file_source() -> None:
    spec = get("ror").spec
    assert spec.license.startswith("CC0") and spec.modes == ("file",)


def test_harbin_institute_of_technology_keeps_its_chinese_name_and_acronym_apart() -> None:
    org, _ = normalized(V2, "01yqg2h08")
    assert org.label is Label.ORGANIZATION
    assert org.props["name"] == "Harbin Institute of Technology"
    assert org.props["aliases"] == ["哈尔滨工业大学"]
    assert org.props["acronyms"] == ["HIT"]  # never among the full names
    assert org.props["langNames"] == ["en:Harbin Institute of Technology", "zh:哈尔滨工业大学"]
    assert (org.props["country"], org.props["kind"]) == ("CN", "university")
    assert org.props["rorTypes"] == ["education", "funder"]
    assert (org.props["status"], org.props["validFrom"]) == ("active", "1920")
    assert {k: org.props[k] for k in ("ror", "grid", "isni", "wikidata", "fundref")} == {
        "ror": "01yqg2h08",  # the form openalex.py writes, so both meet by identifier
        "grid": "grid.19373.3f",
        "isni": "0000000101933564",
        "wikidata": "Q632558",
        "fundref": "501100003472",
    }
    assert org.provenance.source_url == "https://ror.org/01yqg2h08"


def test_parent_and_child_write_one_part_of_relationship() -> None:
    _, from_parent = normalized(V2, "01yqg2h08")
    _, from_child = normalized(V2, "05s6mpv98")
    units = relations(from_parent, Rel.PART_OF)
    assert len(units) == 3  # HIT's three laboratories
    lab = next(r for r in units if r.start_id == "ror-05s6mpv98")
    (same,) = relations(from_child, Rel.PART_OF)
    assert lab.id == same.id == "ror-05s6mpv98.part_of.01yqg2h08"
    assert (same.start_id, same.end_id) == ("ror-05s6mpv98", "ror-01yqg2h08")
    assert not relations(from_parent, Rel.CONTROLS)  # a unit is part of its parent, not controlled through shares
    # the parent the child names becomes a placeholder that never overwrites the parent's own record
    placeholder = next(e for e in from_child if isinstance(e, Entity))
    assert (placeholder.id, placeholder.placeholder) == ("ror-01yqg2h08", True)
    assert placeholder.props == {"name": "Harbin Institute of Technology", "ror": "01yqg2h08"}


def test_a_shared_acronym_stays_an_acronym_on_every_record() -> None:
    for ror_id, name in (
        ("00f1zfq44", "Central South University"),
        ("03k1gpj17", "Colorado State University"),
        ("002tx1f22", "Cleveland State University"),
    ):
        org, _ = normalized(V2, ror_id)
        assert org.props["name"] == name
        assert org.props["acronyms"] == ["CSU"]
        assert "CSU" not in (org.props["aliases"] or [])


def test_inactive_record_is_kept_marked_and_linked_to_its_successor() -> None:
    old, from_old = normalized(V2, "000nwmh60")
    new, from_new = normalized(V2, "05fhwtx59")
    assert old.props["status"] == "inactive"
    (succeeded,) = relations(from_old, Rel.SUCCEEDED_BY)
    (same,) = relations(from_new, Rel.SUCCEEDED_BY)
    assert succeeded.id == same.id
    assert (succeeded.start_id, succeeded.end_id) == ("ror-000nwmh60", "ror-05fhwtx59")
    assert new.props["previousNames"] == ["L-3 Communications (United States)"]
    assert len(relations(from_new, Rel.PART_OF)) == 4  # its four subsidiaries, as children


def test_withdrawn_record_is_kept_and_marked() -> None:
    org, found = normalized(V2, "000q0mx12")
    assert (org.props["name"], org.props["status"]) == ("Jawzjan University", "withdrawn")
    assert org.props["acronyms"] == ["JU"]
    assert [(r.start_id, r.end_id) for r in relations(found, Rel.SUCCEEDED_BY)] == [("ror-000q0mx12", "ror-054maaz15")]


def test_related_organizations_write_one_relationship_from_either_side() -> None:
    _, university = normalized(V2, "0064kty71")
    _, hospital = normalized(V2, "037p24858")
    ids = {r.id for r in relations(university, Rel.RELATED_TO)} & {r.id for r in relations(hospital, Rel.RELATED_TO)}
    assert ids == {"ror-0064kty71.related.037p24858"}


def test_kind_follows_the_most_specific_type() -> None:
    nsfc, _ = normalized(V2, "01h0zpd94")
    assert (nsfc.props["kind"], nsfc.props["rorTypes"]) == ("government", ["funder", "government"])
    assert nsfc.props["fundref"] == "501100001809"


def test_an_old_founding_year_is_an_iso_year() -> None:
    hunan, _ = normalized(V2, "05htk5m33")
    assert hunan.props["validFrom"] == "0976"


def test_country_is_the_first_location() -> None:
    ceh, _ = normalized(V2, "00pggkr55")
    assert ceh.props["country"] == "GB"


def test_schema_v1_record_maps_like_v2() -> None:
    org, found = normalized(V1, "000z9nb11")
    assert org.props["name"] == "Chengdu Branch, Chinese Academy of Sciences"
    assert org.props["aliases"] == ["中国科学院成都分院", "Sichuan Branch of CA"]  # labels, then aliases
    assert org.props["acronyms"] == ["CAS"]
    assert org.props["langNames"] == ["zh:中国科学院成都分院"]
    assert (org.props["country"], org.props["status"], org.props["ror"]) == ("CN", "withdrawn", "000z9nb11")
    assert [(r.start_id, r.end_id) for r in relations(found, Rel.SUCCEEDED_BY)] == [("ror-000z9nb11", "ror-034t30j35")]


def test_schema_v1_parents_and_external_ids() -> None:
    org, found = normalized(V1, "0008xqs48")
    assert org.props["aliases"] == ["Bellvitge Biomedical Research Institute"]
    assert org.props["acronyms"] == ["IDIBELL", "IDIBELL-CERCA"]
    assert (org.props["grid"], org.props["isni"], org.props["kind"]) == ("grid.418284.3", "0000000404272257", "other")
    parents = relations(found, Rel.PART_OF)
    assert len(parents) == 6 and {r.start_id for r in parents} == {"ror-0008xqs48"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": "https://example.org/123"}, "id is not a ROR id"),
        ({"names": [{"value": "HIT", "types": ["acronym"], "lang": None}]}, "no name"),
        ({"status": "merged"}, "status must be one of"),
        ({"established": "1920s"}, "established must be a year"),
    ],
)
def test_a_bad_record_is_rejected_with_its_reason(change: dict[str, Any], reason: str) -> None:
    data = {**record_of(V2, "01yqg2h08"), **change}
    with pytest.raises(RecordRejected, match=reason):
        ror.normalize(context(), RawRecord("test", data))


# ------------------------------------------------------------------ reading the dump's shapes


def read(path: Path, **query: str) -> list[RawRecord]:
    return list(ror.records(context(file=path, query=query)))


def dump_zip(tmp_path: Path, members: dict[str, Path]) -> Path:
    path = tmp_path / "v1.70-2026-06-23-ror-data.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, source in members.items():
            archive.write(source, name)
    return path


def test_a_release_zip_is_read_from_its_schema_v2_member(tmp_path: Path) -> None:
    path = dump_zip(
        tmp_path,
        {"v1.70-2026-06-23-ror-data.json": V1, "v1.70-2026-06-23-ror-data_schema_v2.json": V2},
    )
    got = read(path)
    assert [r.source_id for r in got] == [r["id"].removeprefix("https://ror.org/") for r in raw(V2)]
    assert got[0].location == f"{path.name}!v1.70-2026-06-23-ror-data_schema_v2.json:[0]"
    assert [r.source_id for r in read(path, member="v1.70-2026-06-23-ror-data.json")] == [
        "0008xqs48",
        "000t0f062",
        "000z9nb11",
    ]


def test_a_zip_with_several_json_members_needs_one_named(tmp_path: Path) -> None:
    path = dump_zip(tmp_path, {"a.json": V1, "b.json": V2})
    with pytest.raises(SourceError, match="pick one with --query member=NAME"):
        read(path)
    with pytest.raises(SourceError, match=r"no member 'c\.json'"):
        read(path, member="c.json")


def test_the_shared_sample_zip_is_a_single_member_dump() -> None:
    sample = Path("/work/shared/data/ror/ror-records-v1-sample.json.zip")
    if not sample.exists():
        pytest.skip("the shared ROR sample is not on this machine")
    first = next(ror.records(context(file=sample)))
    assert first.location == "ror-records-v1-sample.json.zip!ror-records-v1-sample.json:[0]"
    assert first.source_id == "000050t83"


@pytest.mark.parametrize("chunk", [7, 64, 1000, 1 << 20])
def test_the_array_is_streamed_whatever_the_chunk_size(chunk: int) -> None:
    text = V2.read_text(encoding="utf-8")
    assert list(array_items(io.StringIO(text), "v2", chunk=chunk)) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"id": "x"}, {"id": ', "not valid JSON"),
        ('[{"id": "x"}', "not closed"),
        ('[{"id": "x"},]', "comma before the closing"),
        ('[{"id": "x"} {"id": "y"}]', "expected ',' or ']'"),
        ('{"id": "x"}', "expected a JSON array"),
    ],
)
def test_a_broken_array_stops_the_source(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        list(array_items(io.StringIO(text), "dump.json", chunk=4))


def test_json_lines_and_a_plain_array_read_the_same_records(tmp_path: Path) -> None:
    records = raw(V1)
    lines = tmp_path / "ror.jsonl"
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "not json\n", "utf-8")
    from_lines = read(lines)
    assert [r.data for r in from_lines[:3]] == [r.data for r in read(V1)] == records
    assert from_lines[1].location == "ror.jsonl:line 2"
    assert from_lines[3].error is not None and from_lines[3].error.startswith("not JSON")


def test_a_non_object_element_is_a_reject_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text('[42, {"id": "https://ror.org/01yqg2h08"}]', "utf-8")
    bad, good = read(path)
    assert (bad.location, bad.error) == ("dump.json:[0]", "expected a ROR record (a JSON object), got int")
    assert good.source_id == "01yqg2h08"


def test_unknown_query_keys_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="unknown query keys since"):
        read(V2, since="2024")
    with pytest.raises(SourceError, match="no such file"):
        read(tmp_path / "missing.zip")
