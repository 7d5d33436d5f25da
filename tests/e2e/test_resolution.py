"""Two sources that describe the same institutions: resolution links each pair with an explained SAME_AS, keeps
different institutions apart, and people's judgements survive every later run."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

import queries
from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore
from queries.identity import identity_of
from resolve.judgements import Judgement, existing, judge, mirror_missing, pair_key, same_as
from resolve.run import probe_names, resolve
from tests import cli_run
from tests.ingest_helpers import FIXTURES, ingest

SECTION117 = FIXTURES / "payloads" / "section117" / "foreign_gifts_edu_sample.csv"
DONATIONS = FIXTURES / "payloads" / "donations" / "donation_register_example.csv"
NAMES = ("University of Alabama", "University of Alabama at Birmingham", "Troy University")


@pytest.fixture
def two_sources(store: GraphStore, tmp_path: Path) -> dict[tuple[str, str], str]:
    for dataset in ("section117", "donations", "resolve"):
        store.delete_dataset(dataset)
    ingest(store, "section117", tmp_path / "a", file=SECTION117)
    ingest(store, "donations", tmp_path / "b", file=DONATIONS)
    rows = store.run_guarded(
        "MATCH (n:Organization) WHERE n.name IN $names AND n.dataset IN ['section117', 'donations'] "
        "RETURN n.dataset AS dataset, n.name AS name, n.id AS id",
        {"names": list(NAMES)},
    ).rows
    return {(r["dataset"], r["name"]): r["id"] for r in rows}


def same_as_pairs(store: GraphStore) -> dict[tuple[str, str], dict[str, object]]:
    rows = store.run(queries.load("judgements"), {"kinds": ["auto", "confirmed", "rejected"]})
    return {pair_key(r["a"], r["b"]): r for r in rows}


def test_the_same_institutions_are_linked_and_different_ones_kept_apart(
    store: GraphStore, two_sources: dict[tuple[str, str], str]
) -> None:
    summary = resolve(store)
    links = same_as_pairs(store)
    for name in NAMES:
        pair = pair_key(two_sources[("section117", name)], two_sources[("donations", name)])
        assert pair in links, f"{name} was not linked across the two sources"
        assert links[pair]["judgement"] == "auto" and links[pair]["method"] == "name"
        assert float(links[pair]["score"]) >= 0.92  # type: ignore[arg-type]
    birmingham = two_sources[("section117", "University of Alabama at Birmingham")]
    alabama = {two_sources[(d, "University of Alabama")] for d in ("section117", "donations")}
    assert not any(pair_key(birmingham, other) in links for other in alabama)
    assert summary.merged >= 3

    again = resolve(store)  # a rerun changes nothing
    assert same_as_pairs(store).keys() == links.keys()
    assert again.merged == summary.merged


def test_people_decide_and_the_algorithm_respects_it(
    store: GraphStore, two_sources: dict[tuple[str, str], str]
) -> None:
    resolve(store)
    troy = pair_key(two_sources[("section117", "Troy University")], two_sources[("donations", "Troy University")])
    birmingham = two_sources[("section117", "University of Alabama at Birmingham")]
    alabama = two_sources[("donations", "University of Alabama")]
    assert judge(store, *troy, Judgement.REJECTED, "analyst@example.org", "two campuses") == 1
    assert judge(store, birmingham, alabama, Judgement.CONFIRMED, "analyst@example.org", "merged in 2026") == 1
    after = resolve(store)
    links = same_as_pairs(store)
    assert links[troy]["judgement"] == "rejected" and links[troy]["decidedBy"] == "analyst@example.org"
    assert links[pair_key(birmingham, alabama)]["judgement"] == "confirmed"
    # The Troy pair the algorithm would have linked again is kept as the person judged it. (The University of
    # Alabama at Birmingham is no longer a candidate for the University of Alabama by name at all: "Birmingham"
    # is a distinguishing word one name lacks; the person's confirmation stands regardless.)
    assert after.kept_human >= 1
    assert existing(store)[troy] is Judgement.REJECTED


def test_judging_unknown_entities_writes_nothing(store: GraphStore) -> None:
    assert judge(store, "no-such-a", "no-such-b", Judgement.CONFIRMED, "analyst") == 0
    with pytest.raises(ValueError, match="'auto' is the algorithm's"):
        judge(store, "a", "b", Judgement.AUTO, "analyst")


def test_the_cli_runs_resolution_and_records_judgements(
    graph_settings,
    two_sources: dict[tuple[str, str], str],  # type: ignore[no-untyped-def]
) -> None:
    import json

    if graph_settings.graph_uri:
        pytest.skip("drives the embedded engine by data dir")
    tietrace = partial(cli_run.tietrace, graph_settings)

    ran = tietrace("resolve", "run", "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["linked"] >= 3
    a, b = two_sources[("section117", "Troy University")], two_sources[("donations", "Troy University")]
    rejected = tietrace("resolve", "reject", a, b, "--by", "analyst@example.org", "--note", "checked")
    assert rejected.returncode == 0 and "rejected" in rejected.stdout
    listed = tietrace("resolve", "list", "--kind", "rejected")
    assert a in listed.stdout and "analyst@example.org" in listed.stdout
    missing = tietrace("resolve", "confirm", "nope-1", "nope-2", "--by", "analyst")
    assert missing.returncode == 5 and "not an organization" in missing.stderr


def directions(store: GraphStore, a: str, b: str) -> list[dict[str, object]]:
    return store.run_guarded(
        "MATCH (x:Organization)-[r:SAME_AS]->(y:Organization) WHERE x.id IN $ids AND y.id IN $ids "
        "RETURN x.id AS start, r.judgement AS judgement, r.evidence AS evidence, r.decidedAt AS decidedAt "
        "ORDER BY start",
        {"ids": [a, b]},
    ).rows


def test_every_judgement_is_written_both_ways_so_directed_patterns_cross_it(
    store: GraphStore, two_sources: dict[tuple[str, str], str]
) -> None:
    resolve(store)
    a, b = pair_key(two_sources[("section117", "Troy University")], two_sources[("donations", "Troy University")])
    both = directions(store, a, b)
    assert [r["start"] for r in both] == [a, b]
    assert both[0]["judgement"] == both[1]["judgement"] == "auto" and both[0]["evidence"] == both[1]["evidence"]
    judge(store, a, b, Judgement.REJECTED, "analyst@example.org", "different campuses")
    assert [r["judgement"] for r in directions(store, a, b)] == ["rejected", "rejected"]


def test_a_judgement_stored_one_way_by_an_earlier_version_gets_its_mirror_unchanged(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    a, b = f"{prefix}-a", f"{prefix}-b"
    old_shape = same_as(a, b, Judgement.CONFIRMED, 1.0, "human", "same OPEID", "analyst@example.org")[0]
    with store.writer() as writer:  # what earlier versions wrote: the smaller-to-larger direction only
        for entity_id in (a, b):
            writer.add(Entity(entity_id, Label.ORGANIZATION, provenance, {"name": "Troy University"}))
        writer.add(old_shape)
    before = directions(store, a, b)
    assert [r["start"] for r in before] == [a]
    assert mirror_missing(store) == 1
    after = directions(store, a, b)
    assert [r["start"] for r in after] == [a, b]
    assert after[1]["judgement"] == "confirmed" and after[1]["evidence"] == "same OPEID"
    assert after[1]["decidedAt"] == before[0]["decidedAt"]
    assert mirror_missing(store) == 0


def test_an_ingest_resolves_what_it_wrote_against_the_graph(graph_settings, store: GraphStore) -> None:  # type: ignore[no-untyped-def]
    import json

    if graph_settings.graph_uri:
        pytest.skip("drives the embedded engine by data dir")
    for dataset in ("section117", "donations", "resolve"):
        store.delete_dataset(dataset)
    tietrace = partial(cli_run.tietrace, graph_settings)

    first = tietrace("ingest", "section117", "--file", str(SECTION117), "--json", "--no-resolve")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["resolution"] is None
    second = tietrace("ingest", "donations", "--file", str(DONATIONS), "--json")
    assert second.returncode == 0, second.stderr
    resolution = json.loads(second.stdout)["resolution"]
    donors_and_recipients = store.run(queries.load("dataset_organizations"), {"dataset": "donations"})
    assert resolution["organizations"] == len(donors_and_recipients)
    assert resolution["linked"] >= len(NAMES)  # the three universities, at least, are in both sources
    assert Path(resolution["reviewFile"]).is_file()
    links = same_as_pairs(store)
    for name in NAMES:
        rows = store.run_guarded(
            "MATCH (n:Organization) WHERE n.name = $name AND n.dataset IN ['section117', 'donations'] "
            "RETURN n.id AS id",
            {"name": name},
        ).rows
        assert pair_key(*(r["id"] for r in rows)) in links


def test_the_same_words_in_two_languages_are_linked_with_that_reason(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    """OFAC SDN entry 306 and its published alias, as two records (tests/fixtures/resolution/ofac), beside another
    central bank of the same list: the alias is linked by meaning, the other bank is not."""
    names = {
        "banco": "BANCO NACIONAL DE CUBA",
        "national": "NATIONAL BANK OF CUBA",
        "iran": "CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN",
    }
    ids = {key: f"{prefix}-{key}" for key in names}
    with store.writer() as writer:
        for key, name in names.items():
            writer.add(Entity(ids[key], Label.ORGANIZATION, provenance, {"name": name}))
    resolve(store, only=list(ids.values()))
    links = same_as_pairs(store)
    a, b = pair_key(ids["banco"], ids["national"])
    assert links[(a, b)]["method"] == "name_meaning" and links[(a, b)]["judgement"] == "auto"
    assert all("same words across languages 1.00" in str(r["evidence"]) for r in directions(store, a, b))
    assert pair_key(ids["banco"], ids["iran"]) not in links and pair_key(ids["national"], ids["iran"]) not in links


def test_links_are_written_as_a_forest_not_a_clique(store: GraphStore, prefix: str, provenance: Provenance) -> None:
    # One institution as three list records (the Entity List, the 1286 list and 1260H write it alike): the links
    # that join its records are a tree (one fewer than the records), never every pair, so investigations walk few
    # paths through them. Other records of the same name elsewhere in this graph join the same tree.
    records = [
        Entity(
            f"{prefix}-hit{i}",
            Label.ORGANIZATION,
            provenance,
            {"name": "Harbin Institute of Technology", "country": "CN"},
        )
        for i in range(3)
    ]
    with store.writer() as writer:
        writer.add_all(records)
    ids = {r.id for r in records}
    summary = resolve(store, only=ids)
    assert summary.implied >= 1
    cluster = identity_of(store, sorted(ids)).members(records[0].id)
    assert ids <= set(cluster)
    links = {pair_key(a, b) for a, b, _ in _links_among(store, cluster)}
    assert len(links) == len(cluster) - 1
    again = resolve(store, only=ids)  # a rerun writes the same links again, nothing more
    assert {pair_key(a, b) for a, b, _ in _links_among(store, cluster)} == links and again.merged == summary.merged


def test_a_record_without_a_country_that_several_countries_match_is_left_for_review(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    # Section 1286 names "National Defense University" without a country (China's); ROR holds universities of
    # that name in the US (ror.org/01nqk4x38) and Taiwan (ror.org/00hkj1v53). Linked to both, they were one listed
    # organization, and the American one a match for every list that names the Chinese one.
    records = {
        "listed": {"name": "National Defense University"},
        "us": {"name": "National Defense University", "country": "US"},
        "tw": {"name": "National Defense University", "country": "TW"},
        # One placed record matching a record without a country is linked as before: Section 1286's Harbin
        # Engineering University and ROR's (ror.org/03x80pn82).
        "heu-listed": {"name": "Harbin Engineering University"},
        "heu": {"name": "Harbin Engineering University", "country": "CN"},
    }
    # The Entity List's record of China's National Defense University, on a list too: the listed matches are all in
    # one country, so that pair stays a link.
    records["entity-list"] = {"name": "National Defense University", "country": "CN"}
    ids = {key: f"{prefix}-{key}" for key in records}
    watchlist = f"{prefix}-watchlist"
    with store.writer() as writer:
        writer.add(Entity(watchlist, Label.WATCHLIST, provenance, {"name": "Section 1286", "listId": watchlist}))
        for key, props in records.items():
            writer.add(Entity(ids[key], Label.ORGANIZATION, provenance, props))
        for key in ("listed", "entity-list", "heu-listed"):
            writer.add(
                Relation(
                    f"{ids[key]}-listed", Rel.LISTED_ON, ids[key], Label.ORGANIZATION, watchlist, Label.WATCHLIST,
                    provenance, {"listId": watchlist},
                )
            )  # fmt: skip
    summary = resolve(store, only=list(ids.values()))
    links = same_as_pairs(store)
    for placed in ("us", "tw"):
        assert pair_key(ids["listed"], ids[placed]) not in links
    # Joined, directly or (this graph holds other tests' records of the same names) through a record between them.
    joined = identity_of(store, sorted(ids.values()))
    assert ids["entity-list"] in joined.members(ids["listed"])
    assert not {ids["us"], ids["tw"]} & set(joined.members(ids["listed"]))
    assert pair_key(ids["us"], ids["tw"]) not in links  # two countries: two universities
    held = [r for r in summary.review if {r["a"], r["b"]} == {ids["listed"], ids["us"]}]
    evidence = held[0]["evidence"] if held else ""
    # (TW, US), and the countries of any namesake another test of this graph wrote
    assert "a record without a country that records in" in evidence and "TW" in evidence and "US" in evidence
    assert ids["heu"] in joined.members(ids["heu-listed"])


def _links_among(store: GraphStore, ids: list[str]) -> list[tuple[str, str, str]]:
    rows = store.run(queries.load("twins"), {"ids": ids})
    return [
        (r["a"], r["b"], r["judgement"])
        for r in rows
        if r["a"] in ids and r["b"] in ids and r["judgement"] != "rejected"
    ]


def test_a_new_record_is_linked_through_any_of_its_names(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    """The names of two real records: the Section 1286 list's "Air Force Harbin Flight Academy" and ROR's record
    01g3jts20 (shared/data/ror, schema v2), whose display name is "Air Force Harbin Flying College" and which holds
    the list's name among its aliases. Resolving the new ROR record alone links them: it is probed by each of its
    names, not by its display name only (which scored 0.37 against the list's)."""
    listed = Entity(f"{prefix}-1286", Label.ORGANIZATION, provenance, {"name": "Air Force Harbin Flight Academy"})
    ror = Entity(
        f"{prefix}-ror",
        Label.ORGANIZATION,
        provenance,
        {
            "name": "Air Force Harbin Flying College",
            "aliases": [
                "Air Force Harbin Flight Academy",
                "Harbin Flight College of Air Force",
                "PLA Air Force Harbin Flight Academy",
                "PLA Harbin Flight College of Air Force",
                "中国人民解放军空军哈尔滨飞行学院",
            ],
            "country": "CN",
        },
    )
    with store.writer() as writer:
        writer.add_all([listed, ror])
    summary = resolve(store, only={ror.id})
    assert pair_key(listed.id, ror.id) in same_as_pairs(store)
    assert summary.merged >= 1


def test_one_name_that_is_an_abbreviation_with_a_legal_form_links_its_records(
    store: GraphStore, prefix: str, provenance: Provenance
) -> None:
    """1260H's "BYD Company Limited" as the DoD's file and OpenSanctions' copy of it publish it, and the Entity List's
    "Hytera Communications Limited" beside the FCC's "Hytera Communications Corporation" (shared/data). BYD's core
    is "byd", an abbreviation, so its names were never compared by likeness: the two records met only as holders of
    BYD, "shared by 2 organizations", a review. Hytera's forms differed as joint-stock and limited liability, though
    English writes a company of any form "Corporation". Both pairs are links now; two abbreviations alike are not."""
    records = {
        "byd-dod": {"name": "BYD Company Limited", "country": "CN"},
        "byd-os": {"name": "BYD Company Limited", "aliases": ["BYD"], "country": "CN"},
        "hytera-el": {
            "name": "Hytera Communications Limited",
            "aliases": ["Hytera Communications Ltd."],
            "country": "CN",
        },
        "hytera-fcc": {"name": "Hytera Communications Corporation", "country": "CN"},
        # Two records of the abbreviation alone (the Entity List's and ROR's CSU: a CAS centre and a university).
        "csu-el": {"name": "CSU", "country": "CN"},
        "csu-ror": {"name": "CSU", "country": "CN"},
    }
    ids = {key: f"{prefix}-{key}" for key in records}
    with store.writer() as writer:
        for key, props in records.items():
            writer.add(Entity(ids[key], Label.ORGANIZATION, provenance, props))
    resolve(store, only=list(ids.values()))
    links = same_as_pairs(store)
    assert pair_key(ids["byd-dod"], ids["byd-os"]) in links
    assert pair_key(ids["hytera-el"], ids["hytera-fcc"]) in links
    assert pair_key(ids["csu-el"], ids["csu-ror"]) not in links


def test_probe_names_are_the_main_one_and_the_others_compared_by_likeness() -> None:
    names = ["Air Force Harbin Flying College", "Air Force Harbin Flight Academy", "中国人民解放军空军哈尔滨飞行学院"]
    assert probe_names(names[0], names, all_names=False) == [names[0]]
    assert probe_names(names[0], names, all_names=True) == names[:2]  # the Han-script name is never probed
    assert probe_names(None, names[1:], all_names=True) == [names[1]]
