"""Which records are one real organization: clusters over the SAME_AS judgements, as the investigations see them.

Resolution (resolve/) links records of one organization from different sources with SAME_AS relationships, written
in both directions so that directed ownership patterns can cross them. The investigations walk those links and
then count each real organization, and each fact about it, once. This module says which ids belong together.

Clusters are built greedily from the judgements around the ids asked about: a person's confirmation first, then the
algorithm's merges by falling score, and a link is skipped when it would put the two sides of a rejected pair into
one cluster. So "A is B" and "B is C" never make "A is C" true when a person said A is not C. Nor when A and C carry
different identifiers of one scheme (two LEIs, two ROR ids, two registry numbers from one dataset): a list record
"ZALA Aero Group" that reads like both CST LLC and ZALA AERO JSC must not make the two registered companies one.
A cluster's canonical
id is its smallest id: stable across runs and independent of the order the graph returns rows in.

One investigation asks about many ids (the entity, its owners, its funders and their owners, its partners). An
IdentityCache, made once per investigation and passed to each question, asks the graph about each id once and
builds the clusters from every judgement it has seen, so the sections of one answer agree on who is who.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import queries
from graph.store import GraphStore
from queries.answers import PathAnswer

SAME_AS = "SAME_AS"
# The SAME_AS walking rules, shared with every Cypher file that crosses SAME_AS (controllers, controlled, twins,
# proximity, ties) and held to them by tests/unit/test_declarations.py, so a path the Cypher crosses is a link this
# module merges and ownership is never counted twice: a link is crossed when judged and not rejected (these
# judgements merge, a person's first; a link without a judgement neither merges nor is crossed), a cluster is read
# SAME_AS_STEPS links deep from an id, and a path never ends on a SAME_AS.
_ORDER = {"confirmed": 0, "auto": 1}
REJECTED = "rejected"
SAME_AS_STEPS = 3


# Identifier schemes of which an organization has one value: two different values are two organizations.
Keys = frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    judgement: str
    score: float = 0.0
    a_keys: Keys = frozenset()
    b_keys: Keys = frozenset()


def identity_keys(row: list[object] | None) -> Keys:
    """(scheme, value) pairs from twins.cypher's [lei, ror, registryId, dataset]. A registry number is only
    compared within its dataset: sources write numbers of different registers (OGRN, INN) to the same property."""
    if not row:
        return frozenset()
    lei, ror, registry, dataset = (None if v is None else str(v) for v in (list(row) + [None] * 4)[:4])
    keys = {("lei", lei), ("ror", ror), (f"registry@{dataset}", registry)}
    return frozenset((scheme, value.strip().lower()) for scheme, value in keys if value and value.strip())


@dataclass(slots=True)
class Identity:
    """Union-find over SAME_AS links that respects rejections; ids never linked are their own cluster."""

    _parent: dict[str, str] = field(default_factory=dict)
    _apart: set[frozenset[str]] = field(default_factory=set)
    _keys: dict[str, Keys] = field(default_factory=dict)
    # Each root's cluster, kept as clusters merge: members() read every id's root before, and building the clusters
    # of a graph's 934 links took 0.75 s.
    _clusters: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_links(cls, links: Iterable[Link]) -> Identity:
        identity = cls()
        merges: list[Link] = []
        for link in links:
            identity._keys[link.a] = identity._keys.get(link.a, frozenset()) | link.a_keys
            identity._keys[link.b] = identity._keys.get(link.b, frozenset()) | link.b_keys
            if link.a == link.b:
                continue
            if link.judgement == REJECTED:
                identity._apart.add(frozenset((link.a, link.b)))
            elif link.judgement in _ORDER:
                merges.append(link)
        merges.sort(key=lambda k: (_ORDER[k.judgement], -k.score, min(k.a, k.b), max(k.a, k.b)))
        for link in merges:
            # A person's confirmation is final, as a rejection is: only the algorithm's links yield to identifiers.
            identity._union(link.a, link.b, by_person=link.judgement == "confirmed")
        return identity

    @classmethod
    def from_paths(cls, paths: Iterable[PathAnswer]) -> Identity:
        """The clusters the SAME_AS steps of some paths show: enough where the store is not asked (pure tests)."""
        links = [Link(h.start, h.end, h.judgement or "auto") for p in paths for h in p.hops if h.type == SAME_AS]
        return cls.from_links(links)

    def canonical(self, entity_id: str) -> str:
        root = entity_id
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        return root

    def same(self, a: str, b: str) -> bool:
        return self.canonical(a) == self.canonical(b)

    def members(self, entity_id: str) -> list[str]:
        """Every known id of the entity's cluster, itself included, in id order."""
        return sorted(self._clusters.get(self.canonical(entity_id), set()) | {entity_id})

    def _union(self, a: str, b: str, by_person: bool = False) -> None:
        root_a, root_b = self.canonical(a), self.canonical(b)
        if root_a == root_b:
            return
        side_a, side_b = set(self.members(a)), set(self.members(b))
        if any(pair <= side_a | side_b and not (pair <= side_a or pair <= side_b) for pair in self._apart):
            return  # a person said two records across these clusters are different organizations
        if not by_person and self._conflict(side_a, side_b):
            return  # the two clusters hold different identifiers of one scheme: two organizations
        low, high = sorted((root_a, root_b))
        self._parent.setdefault(low, low)
        self._parent[high] = low
        for i in side_a | side_b:
            self._parent.setdefault(i, low)
        self._clusters.pop(high, None)
        self._clusters[low] = side_a | side_b

    def _conflict(self, side_a: set[str], side_b: set[str]) -> bool:
        keys_a = {k for i in side_a for k in self._keys.get(i, frozenset())}
        keys_b = {k for i in side_b for k in self._keys.get(i, frozenset())}
        schemes_a = {scheme for scheme, _ in keys_a}
        return any(scheme in schemes_a and (scheme, value) not in keys_a for scheme, value in keys_b)


def organizations_on(paths: Iterable[PathAnswer]) -> set[str]:
    """The organizations some paths visit: whose clusters an answer built from those paths needs."""
    return {n.id for p in paths for n in p.nodes if n.label == "Organization"}


def _links_around(store: GraphStore, ids: list[str]) -> list[Link]:
    rows = store.run(queries.load("twins"), {"ids": ids})
    return [
        Link(
            r["a"],
            r["b"],
            r["judgement"],
            float(r["score"] or 0.0),
            identity_keys(r.get("aKeys")),
            identity_keys(r.get("bKeys")),
        )
        for r in rows
    ]


@dataclass(slots=True)
class IdentityCache:
    """The clusters one investigation has asked the graph about: each id is asked about once, whichever question
    meets it first. Not shared between investigations: a judgement written meanwhile shows in the next one."""

    _links: set[Link] = field(default_factory=set)
    _asked: set[str] = field(default_factory=set)
    _identity: Identity = field(default_factory=Identity)
    lookups: int = 0  # how many times the graph was asked (benchmarks and tests read it)

    def around(self, store: GraphStore, entity_ids: Iterable[str]) -> Identity:
        """The clusters around the given ids, and around every id asked about before."""
        missing = sorted(set(entity_ids) - self._asked)
        if missing:
            self._links.update(_links_around(store, missing))
            self._asked.update(missing)
            self.lookups += 1
            # Rebuilt from every link, not extended: a rejection met later must be able to hold two sides apart.
            self._identity = Identity.from_links(self._links)
        return self._identity


def identity_of(store: GraphStore, entity_ids: Iterable[str], cache: IdentityCache | None = None) -> Identity:
    """The clusters around the given organizations (ids of other labels are simply their own cluster); through the
    investigation's cache when there is one."""
    if cache is not None:
        return cache.around(store, entity_ids)
    ids = sorted(set(entity_ids))
    if not ids:
        return Identity()
    return Identity.from_links(_links_around(store, ids))


def collapse(ids: Iterable[str], identity: Identity) -> tuple[str, ...]:
    """A sequence of ids as a sequence of clusters, consecutive repeats merged: X, X', P and X, P are one chain."""
    out: list[str] = []
    for i in ids:
        c = identity.canonical(i)
        if not out or out[-1] != c:
            out.append(c)
    return tuple(out)


def walks_cleanly(path: PathAnswer, identity: Identity) -> bool:
    """A path counts when each SAME_AS step joins one cluster (not a link a rejection overruled) and it enters no
    cluster twice (a cycle through a record's twin is still a cycle)."""
    for h in path.hops:
        if h.type == SAME_AS and not identity.same(h.start, h.end):
            return False
    sequence = collapse((n.id for n in path.nodes), identity)
    return len(sequence) == len(set(sequence))
