"""Clusters of records over SAME_AS judgements (queries/identity.py), without a graph."""

from __future__ import annotations

from queries.answers import EntityRef, Hop, PathAnswer, Source
from queries.identity import Identity, Link, collapse, identity_keys, walks_cleanly

SOURCE = Source(dataset="test", source_id="t")


def path(ids: list[str], types: list[str]) -> PathAnswer:
    hops = [Hop(type=t, start=ids[i + 1], end=ids[i], source=SOURCE) for i, t in enumerate(types)]
    return PathAnswer(nodes=[EntityRef(id=i, label="Organization") for i in ids], hops=hops)


def test_unlinked_ids_are_their_own_cluster() -> None:
    identity = Identity.from_links([])
    assert identity.canonical("b") == "b" and identity.members("b") == ["b"]
    assert not identity.same("a", "b")


def test_links_join_transitively_and_the_smallest_id_is_canonical() -> None:
    identity = Identity.from_links([Link("c", "b", "auto", 0.95), Link("b", "a", "confirmed", 1.0)])
    assert {identity.canonical(i) for i in "abc"} == {"a"}
    assert identity.members("c") == ["a", "b", "c"]


def test_a_rejection_keeps_two_records_apart_even_through_a_third() -> None:
    # A = B (0.95) and B = C (0.93) would make A = C, which a person rejected: the weaker link gives way.
    links = [Link("a", "b", "auto", 0.95), Link("b", "c", "auto", 0.93), Link("a", "c", "rejected")]
    identity = Identity.from_links(links)
    assert identity.same("a", "b")
    assert not identity.same("a", "c") and not identity.same("b", "c")


def test_a_persons_confirmation_wins_over_a_stronger_automatic_link() -> None:
    # Confirmed B = C is applied first; then A = B (auto, higher score) would join A and C, which were rejected.
    links = [Link("a", "b", "auto", 0.99), Link("b", "c", "confirmed", 1.0), Link("a", "c", "rejected")]
    identity = Identity.from_links(links)
    assert identity.same("b", "c") and not identity.same("a", "b")


def test_a_rejected_link_alone_joins_nothing() -> None:
    identity = Identity.from_links([Link("a", "b", "rejected")])
    assert not identity.same("a", "b")


def test_collapse_merges_consecutive_records_of_one_organization() -> None:
    identity = Identity.from_links([Link("p", "p2", "auto", 0.95)])
    assert collapse(["x", "p", "p2", "q"], identity) == ("x", "p", "q")
    assert collapse(["x", "p2", "q"], identity) == ("x", "p", "q")


def test_a_path_through_a_twin_back_into_its_own_cluster_is_a_cycle() -> None:
    identity = Identity.from_links([Link("x", "x2", "auto", 0.95)])
    assert walks_cleanly(path(["x", "p", "q"], ["OWNS", "OWNS"]), identity)
    assert not walks_cleanly(path(["x", "p", "x2"], ["OWNS", "OWNS"]), identity)


def test_a_same_as_step_the_clusters_do_not_hold_is_refused() -> None:
    links = [Link("a", "b", "auto", 0.95), Link("b", "c", "auto", 0.93), Link("a", "c", "rejected")]
    identity = Identity.from_links(links)
    assert walks_cleanly(path(["a", "b"], ["SAME_AS"]), identity)
    assert not walks_cleanly(path(["a", "b", "c"], ["SAME_AS", "SAME_AS"]), identity)


def test_clusters_can_be_read_off_the_same_as_steps_of_paths() -> None:
    p = path(["x", "p", "p2", "q"], ["OWNS", "SAME_AS", "OWNS"])
    identity = Identity.from_paths([p])
    assert identity.same("p", "p2") and not identity.same("x", "q")


def test_records_with_different_identifiers_of_one_scheme_never_join() -> None:
    # The demo with the bundled lists: the Entity List's "ZALA Aero Group" (aliases CST LLC, ZALA AERO) reads like
    # CST LLC and like ZALA AERO JSC, two companies with their own registry numbers in one dataset (ext_ru_egrul).
    cst = identity_keys([None, None, "1151831006380", "opensanctions"])
    jsc = identity_keys([None, None, "1241800002773", "opensanctions"])
    links = [Link("cst", "el", "auto", 1.0, cst, frozenset()), Link("jsc", "el", "auto", 0.99, jsc, frozenset())]
    identity = Identity.from_links(links)
    assert identity.same("cst", "el") and not identity.same("jsc", "el") and not identity.same("cst", "jsc")


def test_registry_numbers_of_different_datasets_do_not_conflict() -> None:
    a = identity_keys([None, None, "7701234567", "opensanctions"])
    b = identity_keys([None, None, "1027700000000", "trade_csl"])
    assert Identity.from_links([Link("a", "b", "auto", 0.97, a, b)]).same("a", "b")


def test_one_lei_each_joins_when_equal_and_not_when_different() -> None:
    lei = identity_keys(["529900T8BM49AURSDO55", None, None, "gleif"])
    same = identity_keys(["529900t8bm49aursdo55", None, None, "opensanctions"])
    other = identity_keys(["5493001KJTIIGC8Y1R12", None, None, "opensanctions"])
    assert Identity.from_links([Link("a", "b", "auto", 0.9, lei, same)]).same("a", "b")
    assert not Identity.from_links([Link("a", "c", "auto", 0.9, lei, other)]).same("a", "c")


def test_a_persons_confirmation_joins_records_whatever_their_identifiers() -> None:
    a = identity_keys([None, None, "1151831006380", "opensanctions"])
    b = identity_keys([None, None, "1241800002773", "opensanctions"])
    assert Identity.from_links([Link("a", "b", "confirmed", 1.0, a, b)]).same("a", "b")
    assert not Identity.from_links([Link("a", "b", "auto", 1.0, a, b)]).same("a", "b")
