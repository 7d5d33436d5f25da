"""ROR records loaded into the real graph: names, acronyms and identifiers as written, units (PART_OF) proximity
walks up and down but never sideways, idempotent reruns, and OpenAlex institutions meeting ROR records by id."""

from __future__ import annotations

import json
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import queries
from graph.cypher import parse
from graph.ids import make_id
from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore, embedded_engine
from queries import profiles
from queries.proximity import proximity
from resolve.judgements import Judgement, pair_key, same_as
from resolve.run import dataset_organizations, resolve
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J, engine_dir_settings
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

DIR = FIXTURES / "payloads" / "ror"
V2 = DIR / "ror-records-v2.json"
V1 = DIR / "ror-records-v1.json"
OPENALEX_WORK = FIXTURES / "payloads" / "openalex" / "work_W2741809807.json"
US = profiles.load("us-research-security")

_NODES = parse(
    "// name: ror_nodes\n// summary: test probe\n// params: $dataset: string\n// returns: id, props\n"
    "MATCH (n:Organization) WHERE n.dataset = $dataset RETURN n.id AS id, properties(n) AS props ORDER BY id",
    "ror_nodes",
)
_RELS = parse(
    "// name: ror_rels\n// summary: test probe\n// params: $dataset: string\n// returns: id, type, start, end, props\n"
    "MATCH (a)-[r]->(b) WHERE r.dataset = $dataset "
    "RETURN r.id AS id, type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props ORDER BY id",
    "ror_rels",
)
# Every v2 record of the fixture, the v1 records, and the organizations they name without describing them.
RECORDS = 20
PLACEHOLDERS = 223


def dump_zip(tmp_path: Path) -> Path:
    """The fixture packed as ROR ships a release: a zip with the schema v1 and v2 JSON arrays."""
    path = tmp_path / "v1.70-2026-06-23-ror-data.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(V1, "v1.70-2026-06-23-ror-data.json")
        archive.write(V2, "v1.70-2026-06-23-ror-data_schema_v2.json")
    return path


def nodes(store: GraphStore) -> dict[str, dict[str, Any]]:
    return {r["id"]: r["props"] for r in store.run(_NODES, {"dataset": "ror"})}


def rels(store: GraphStore) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in store.run(_RELS, {"dataset": "ror"})}


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    for dataset in ("ror", "openalex", "ror_e2e", "resolve"):
        store.delete_dataset(dataset)
    v2 = ingest(store, "ror", tmp_path, file=dump_zip(tmp_path))
    assert (v2.failed, v2.read, v2.rejected, v2.missing_endpoints) == (None, 17, 0, 0)
    v1 = ingest(store, "ror", tmp_path, file=V1)
    assert (v1.failed, v1.read, v1.rejected, v1.missing_endpoints) == (None, 3, 0, 0)
    return store


def test_records_load_with_names_acronyms_identifiers_and_provenance(loaded: GraphStore) -> None:
    found = nodes(loaded)
    assert len(found) == RECORDS + PLACEHOLDERS
    hit = found["ror-01yqg2h08"]
    assert hit["name"] == "Harbin Institute of Technology"
    assert hit["aliases"] == ["哈尔滨工业大学"]
    assert hit["acronyms"] == ["HIT"]
    assert hit["langNames"] == ["en:Harbin Institute of Technology", "zh:哈尔滨工业大学"]
    assert {k: hit[k] for k in ("ror", "grid", "isni", "wikidata", "fundref", "country", "kind", "status")} == {
        "ror": "01yqg2h08",
        "grid": "grid.19373.3f",
        "isni": "0000000101933564",
        "wikidata": "Q632558",
        "fundref": "501100003472",
        "country": "CN",
        "kind": "university",
        "status": "active",
    }
    assert (hit["sourceId"], hit["sourceUrl"]) == ("01yqg2h08", "https://ror.org/01yqg2h08")
    chengdu = found["ror-000z9nb11"]  # schema v1, withdrawn
    assert (chengdu["acronyms"], chengdu["status"]) == (["CAS"], "withdrawn")
    assert found["ror-000nwmh60"]["status"] == "inactive"
    assert found["ror-05fhwtx59"]["previousNames"] == ["L-3 Communications (United States)"]
    # a laboratory named by HIT's record only: a placeholder with the name ROR gives it
    assert found["ror-03zxdkx17"]["name"] == "State Key Laboratory of Advanced Welding and Joining"
    assert missing_provenance(loaded, "ror") == 0


def test_parent_child_related_and_successor_relationships(loaded: GraphStore) -> None:
    found = rels(loaded)
    lab = found["ror-05s6mpv98.part_of.01yqg2h08"]
    assert (lab["type"], lab["start"], lab["end"]) == ("PART_OF", "ror-05s6mpv98", "ror-01yqg2h08")
    # the investigation page shows the tie when the laboratory is expanded
    shown = loaded.run(queries.load("neighbours"), {"id": "ror-05s6mpv98", "limit": 10})
    assert [(r["type"], r["direction"], r["other"]["id"]) for r in shown if r["type"]] == [
        ("PART_OF", "out", "ror-01yqg2h08")
    ]
    related = found["ror-0064kty71.related.037p24858"]
    assert (related["type"], related["start"], related["end"]) == ("RELATED_TO", "ror-0064kty71", "ror-037p24858")
    successor = found["ror-000z9nb11.succeeded_by.034t30j35"]  # a v1 record meeting a v2 record
    assert (successor["type"], successor["end"]) == ("SUCCEEDED_BY", "ror-034t30j35")
    assert dataset_counts(loaded, "ror")["relationships"] == {"PART_OF": 168, "RELATED_TO": 58, "SUCCEEDED_BY": 3}


def test_a_rerun_changes_nothing_but_last_seen(loaded: GraphStore, tmp_path: Path) -> None:
    def snapshot() -> tuple[dict[str, Any], dict[str, Any]]:
        moving = ("lastSeen", "retrievedAt")
        return (
            {i: {k: v for k, v in p.items() if k not in moving} for i, p in nodes(loaded).items()},
            {
                i: {**r, "props": {k: v for k, v in r["props"].items() if k not in moving}}
                for i, r in rels(loaded).items()
            },
        )

    before = snapshot()
    again = ingest(loaded, "ror", tmp_path / "again", file=dump_zip(tmp_path))
    assert (again.failed, again.read, again.rejected) == (None, 17, 0)
    again = ingest(loaded, "ror", tmp_path / "again", file=V1)
    assert (again.failed, again.read, again.rejected) == (None, 3, 0)
    assert snapshot() == before


PROBE = Provenance(dataset="ror_e2e", source_id="listing", retrieved_at="2026-12-06T00:00:00+00:00")


def list_on_entity_list(store: GraphStore, *org_ids: str) -> None:
    """A BIS Entity List listing of each organization, as a list source would write it."""
    watchlist = Entity(
        make_id("ror_e2e", "el"), Label.WATCHLIST, PROBE, {"name": "Entity List", "program": "US-BIS-EL"}
    )
    listings = [
        Relation(
            make_id("ror_e2e", org_id), Rel.LISTED_ON, org_id, Label.ORGANIZATION, watchlist.id, Label.WATCHLIST, PROBE
        )
        for org_id in org_ids
    ]
    with store.writer() as writer:
        writer.add_all([watchlist, *listings])


def listed_near(store: GraphStore, org_id: str) -> dict[str, int]:
    return {p.listed.id: p.hops for p in proximity(store, org_id, US)}


def test_a_lab_of_a_listed_university_is_one_hop_from_its_listing(loaded: GraphStore) -> None:
    list_on_entity_list(loaded, "ror-01yqg2h08")
    [near] = [p for p in proximity(loaded, "ror-05s6mpv98", US) if p.listed.id == "ror-01yqg2h08"]
    assert near.hops == 1 and near.counts_under_profile
    assert [h.type for h in near.path.hops] == ["PART_OF", "LISTED_ON"]
    assert near.path.hops[0].source.source_id in ("01yqg2h08", "05s6mpv98")  # the ROR record it comes from
    assert listed_near(loaded, "ror-03zxdkx17") == {"ror-01yqg2h08": 1}  # a lab known only by HIT's record too


def test_a_listed_lab_is_found_from_its_university_but_not_from_a_sibling(loaded: GraphStore) -> None:
    list_on_entity_list(loaded, "ror-05s6mpv98")
    assert listed_near(loaded, "ror-01yqg2h08") == {"ror-05s6mpv98": 1}
    # another laboratory of the same university is not near the listed one: units are never walked sideways
    assert listed_near(loaded, "ror-03zxdkx17") == {}


def test_a_listing_on_another_record_of_the_parent_is_reached_through_same_as(loaded: GraphStore) -> None:
    other = Entity(make_id("ror_e2e", "hit"), Label.ORGANIZATION, PROBE, {"name": "Harbin Institute of Technology"})
    with loaded.writer() as writer:
        writer.add(other)
        writer.add_all(same_as(other.id, "ror-01yqg2h08", Judgement.CONFIRMED, 1.0, "name", "test", "analyst"))
    list_on_entity_list(loaded, other.id)
    [near] = proximity(loaded, "ror-05s6mpv98", US)
    assert near.listed.id == other.id and near.hops == 1
    assert [h.type for h in near.path.hops] == ["PART_OF", "SAME_AS", "LISTED_ON"]


def test_openalex_institutions_meet_ror_records_by_identifier(loaded: GraphStore, tmp_path: Path) -> None:
    work = ingest(loaded, "openalex", tmp_path / "openalex", file=OPENALEX_WORK)
    assert work.failed is None
    [washington] = loaded.run_guarded(
        "MATCH (n:Organization {dataset: 'openalex', ror: '00cvxb145'}) RETURN n.id AS id", {}
    ).rows
    resolve(loaded, only=dataset_organizations(loaded, "ror"))
    links = {
        pair_key(r["a"], r["b"]): r
        for r in loaded.run(queries.load("judgements"), {"kinds": ["auto", "confirmed", "rejected"]})
    }
    link = links[pair_key(washington["id"], "ror-00cvxb145")]
    assert (link["judgement"], link["method"]) == ("auto", "identifier")


@pytest.mark.skipif(ON_NEO4J, reason="runs the CLI on a private embedded graph")
def test_the_cli_lists_the_source_and_loads_the_dump_zip(tmp_path: Path) -> None:
    cli = partial(tietrace, tmp_path / "data", timeout=600)

    listing = cli("ingest", "--list")
    assert listing.returncode == 0 and "ror" in listing.stdout and "CC0 1.0 (ROR" in listing.stdout
    try:
        loaded = cli("ingest", "ror", "--file", str(dump_zip(tmp_path)), "--no-resolve", "--json")
        assert loaded.returncode == 0, loaded.stderr
        summary = json.loads(loaded.stdout)
        assert (summary["read"], summary["rejected"], summary["failed"]) == (17, 0, None)
        assert summary["relationships"]["PART_OF"] > 0
    finally:
        embedded_engine(engine_dir_settings(tmp_path / "data")).stop()
