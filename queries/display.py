"""Answers name entities as people recognise them: the display-name rule (names/display.py) over every record
of each organization or person (its SAME_AS cluster), applied to the entities of an answer.

Computed when an answer is read, not stored: the rule needs every record of a cluster, and clusters change with
each judgement, so a stored name would go stale (and each source would have to write it). One query fetches the
names of every record an answer shows (docs/names.md measures the cost: 10-20 ms a check).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

import queries
from graph.store import GraphStore
from names.display import LATIN, NamedRecord, Names, names_of
from queries.answers import EntityRef
from queries.identity import Identity

_NAMED = ("Organization", "Person", None)  # refs of these labels are renamed (None: a ref without a label)


def record_of(row: Mapping[str, Any]) -> NamedRecord:
    """A record's names as the graph holds them: its name, its aliases (a plain string on Neo4j when one was
    written), its previous names."""

    def listed(value: Any) -> list[str]:
        return [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]

    return NamedRecord(listed(row.get("name")), listed(row.get("aliases")), listed(row.get("previousNames")))


_SCALARS = (str, int, float, bool, type(None))


def refs_in(value: Any) -> Iterator[EntityRef]:
    """Every EntityRef anywhere in an answer (models, lists, dicts), depth first; scalars are not descended into.
    Walked with a stack of its own, not by nested generators: a risk summary nests paths of hops six deep, and each
    ref found rose through every level (the two walks `display` made were 15 % of screening's risk CPU)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, EntityRef):
            yield item
        if isinstance(item, BaseModel):
            # Other records of an organization keep their own names: they are the evidence.
            children: list[Any] = [getattr(item, name) for name in type(item).model_fields if name != "same_as"]
        elif isinstance(item, list | tuple):
            children = list(item)
        elif isinstance(item, dict):
            children = list(item.values())
        else:
            continue
        stack.extend(child for child in reversed(children) if not isinstance(child, _SCALARS))


def cluster_names(
    store: GraphStore, ids: Iterable[str], identity: Identity | None = None, script: str = LATIN
) -> dict[str, Names]:
    """The names of each id's cluster (each id's own record when no identity is given), by id."""
    wanted = sorted(set(ids))
    identity = identity or Identity()
    members = {i: identity.members(i) for i in wanted}
    every = sorted({m for ms in members.values() for m in ms})
    if not every:
        return {}
    rows = store.run(queries.load("names"), {"ids": every})
    records = {r["id"]: record_of(r) for r in rows}
    by_cluster: dict[str, Names] = {}
    found: dict[str, Names] = {}
    for i in wanted:
        key = identity.canonical(i)
        if key not in by_cluster:
            # The cluster's records in id order, so the answer does not depend on the order rows arrive in.
            named = [records[m] for m in members[i] if m in records]
            by_cluster[key] = names_of(named, script) if named else Names(display=None)
        found[i] = by_cluster[key]
    return found


def rename(answer: Any, names: Mapping[str, Names]) -> None:
    """Give every organization and person in the answer its display name (in place)."""
    _name([r for r in refs_in(answer) if r.label in _NAMED], names)


def _name(refs: Iterable[EntityRef], names: Mapping[str, Names]) -> None:
    for ref in refs:
        shown = names.get(ref.id)
        if shown is not None and shown.display:
            ref.name = shown.display


def display(
    store: GraphStore, answers: Iterable[Any], identity: Identity | None = None, script: str = LATIN
) -> dict[str, Names]:
    """Rename every organization and person of the answers by the rule over its cluster, in the reader's script;
    the names found, by id."""
    refs = [r for part in answers for r in refs_in(part) if r.label in _NAMED]  # walked once, renamed below
    names = cluster_names(store, {r.id for r in refs}, identity, script)
    _name(refs, names)
    return names
