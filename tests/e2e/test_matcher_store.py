"""The matcher's index built from the real graph (pages of organizations) finds what ingest wrote."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from resolve import organization_pages
from resolve.matcher import Matcher
from tests.ingest_helpers import FIXTURES, ingest


def test_index_from_the_graph_finds_opensanctions_companies(store: GraphStore, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    monkeypatch.setattr(organization_pages, "PAGE", 5)  # several pages even on a small graph
    matcher = Matcher.from_store(store)
    assert len({o.ref.id for o in matcher.orgs}) == len(matcher.orgs) >= 11
    found = matcher.match("Concern Kalashnikov JSC", "RU")
    assert found[0].entity.name == "JSC NPO IZHMASH"
    assert matcher.status(found) == "match"


def test_records_joined_by_same_as_in_the_graph_are_one_screening_candidate(store: GraphStore, tmp_path: Path) -> None:
    """CST LLC's two records of the ZALA cluster, once a person says they are one company, are one candidate."""
    from resolve.judgements import Judgement, judge

    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    # CST LLC as the sanctions record and as its own registry record (INN 5920040846, the Cyrillic "ЦСТ"), named
    # by id: in a graph other modules share, the best two hits for "Zala Aero" may be two different companies.
    first, second = "opensanctions-NK-abdzbEBkqyT29GyREbiURZ", "opensanctions-ru-inn-5920040846"
    assert judge(store, first, second, Judgement.CONFIRMED, "analyst@example.org") == 1
    found = Matcher.from_store(store).match("Zala Aero", "RU", collapse=True)
    assert {first, second} <= set(found[0].records)
    assert all(first not in c.records for c in found[1:])
    assert f"one organization of {len(found[0].records)} records (SAME_AS)" in found[0].reasons


def test_the_index_knows_which_records_are_on_a_list(store: GraphStore, tmp_path: Path) -> None:
    """A shared abbreviation with no country is a review only when a listed organization holds it: the index reads
    each record's listings from the graph (queries/organizations.cypher)."""
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    matcher = Matcher.from_store(store)
    listed = {o.ref.id for o in matcher.orgs if o.listed}
    # CST LLC as sanctioned (its FtM record carries the sanctions) and as its own registry record (on no list).
    assert "opensanctions-NK-abdzbEBkqyT29GyREbiURZ" in listed
    assert "opensanctions-ru-inn-5920040846" not in listed
