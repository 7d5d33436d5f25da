"""Paths through ownership, control and SAME_AS links, walked here over steps the graph gives a level at a time.

The ownership questions (controllers, controlled, and proximity through ownership) ask for every simple path
(no node twice) of OWNS, CONTROLS and SAME_AS relationships from an entity. One variable-length Cypher pattern
says that, but an engine expands it by relationships, not nodes: SAME_AS judgements are written in both
directions (resolve/judgements.py), so it first walks every back-and-forth between the records of an organization
and only then drops the paths that repeat a node. A 20-record organization (a university on ROR, the Entity List,
five 1286 editions...) took 93 ms per question for no path at all, and most of a screened list's risk. Here a path
never revisits a node, so such an organization is a handful of steps.

The rules are the Cypher ones: a relationship is crossed when it is valid on the date asked (validFrom/validTo), a
SAME_AS link when it is not rejected (queries.identity); SAME_AS steps count as no hop. queries/steps.cypher gives
the steps of a level's nodes in one query, so a walk costs one round trip per level, and one Neighbourhood serves
every question of an answer (and every entity of a screened batch) with what it already fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import queries
from graph.store import GraphStore
from queries.identity import SAME_AS, SAME_AS_STEPS

log = logging.getLogger(__name__)

Way = Literal["in", "out", "both"]
ASKS_PER_QUERY = 500
# Bounds of one neighbourhood and one walk, far above what an answer shows (2,000 paths at most): a walk that
# reaches them stops there, as the Cypher stopped at its LIMIT, shortest paths kept.
MAX_NODES = 50_000
MAX_PARTIAL = 200_000


@dataclass(frozen=True, slots=True)
class Step:
    other: str  # the node at the other end
    hop: dict[str, Any]  # the relationship, as queries.paths reads it


@dataclass(frozen=True, slots=True)
class Walk:
    """What one question walks: which way relationships are followed, how far, and which paths it keeps."""

    way: Way
    max_steps: int  # relationships in a path, SAME_AS included
    max_hops: int  # ownership and control relationships in a path
    keeps: Callable[[Step, dict[str, Any]], bool]  # whether a path ending on this step (and node) is an answer
    empty: bool = False  # whether the entity alone (no step) is an answer
    start_label: str | None = None  # the label the entity must have for any path


@dataclass(frozen=True, slots=True)
class Path:
    nodes: tuple[str, ...]
    hops: tuple[dict[str, Any], ...]
    owned: int  # ownership and control relationships among the hops

    def nodes_of(self, hood: Neighbourhood) -> list[dict[str, Any]]:
        """The path's node maps, as a path-returning Cypher file gives them (queries.paths)."""
        return [hood.nodes[i] for i in self.nodes]


def _order(step: Step) -> tuple[str, str, str, str]:
    # Engines return a node's relationships in their own order; a walk that stops at its bound keeps the same
    # paths on every engine.
    hop = step.hop
    return (step.other, hop["type"], hop.get("dataset") or "", hop.get("sourceId") or "")


class Neighbourhood:
    """The nodes and steps fetched so far around some entities, on one date. Not shared between threads."""

    def __init__(self, store: GraphStore, as_of: str | None) -> None:
        self.store = store
        self.as_of = as_of
        self.nodes: dict[str, dict[str, Any]] = {}
        self._steps: dict[tuple[str, str], list[Step]] = {}  # (node, "in" or "out") -> its steps that way
        self._absent: set[str] = set()  # ids the graph has no organization or person for
        self._listings: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}  # node -> (watchlist, LISTED_ON)
        self._linked: dict[str, set[str]] | None = None  # every fetched step, either way (for _distances)
        self.queries = 0  # asked of the graph, for benchmarks and tests

    def steps(self, node: str, way: Way) -> list[Step]:
        if way != "both":
            return self._steps.get((node, way), [])
        # Either way: a SAME_AS link is one step, read from this record (its mirror, written by resolution with
        # the same judgement, would only repeat every path through it).
        outward = self._steps.get((node, "out"), [])
        linked = {s.other for s in outward if s.hop["type"] == SAME_AS}
        inward = [s for s in self._steps.get((node, "in"), []) if s.hop["type"] != SAME_AS or s.other not in linked]
        return outward + inward

    def _fetch(self, wanted: Iterable[tuple[str, Way]]) -> None:
        """The steps of each (node, way) not fetched yet, in one query (a few for a long list)."""
        ways: dict[str, set[str]] = {}
        for node, way in wanted:
            ways.setdefault(node, set()).update(("in", "out") if way == "both" else (way,))
        asks = []
        for node, needed in ways.items():
            missing = sorted(w for w in needed if (node, w) not in self._steps)
            if missing and node not in self._absent:
                asks.append({"id": node, "way": "both" if len(missing) == 2 else missing[0]})
        for begin in range(0, len(asks), ASKS_PER_QUERY):
            self._ask(asks[begin : begin + ASKS_PER_QUERY])

    def _ask(self, asks: list[dict[str, str]]) -> None:
        self.queries += 1
        rows = self.store.run(queries.load("steps"), {"asks": asks, "asOf": self.as_of})
        found = {row["id"]: row for row in rows}
        for ask in asks:
            node, way = ask["id"], ask["way"]
            row = found.get(node)
            if row is None:
                self._absent.add(node)
                continue
            self.nodes[node] = row["node"]
            ways = ("in", "out") if way == "both" else (way,)
            taken: dict[str, list[Step]] = {w: [] for w in ways}
            for item in row["steps"]:
                hop, other = item["hop"], item["other"]
                if hop["start"] == hop["end"]:
                    continue  # a relationship of a node to itself is on no simple path
                self.nodes.setdefault(other["id"], other)
                taken["out" if hop["start"] == node else "in"].append(Step(other["id"], hop))
            for w, steps in taken.items():
                self._steps[(node, w)] = sorted(steps, key=_order)
        self._linked = None

    def listings(self, ids: Iterable[str]) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
        """The watchlists each node is on, on the date, with the LISTED_ON relationship: (watchlist, listing)."""
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._listings]
        for begin in range(0, len(missing), ASKS_PER_QUERY):
            part = missing[begin : begin + ASKS_PER_QUERY]
            self.queries += 1
            rows = self.store.run(queries.load("listed_on"), {"ids": part, "asOf": self.as_of})
            for node in part:
                self._listings[node] = []
            for row in sorted(rows, key=lambda r: (r["list"]["id"], r["hop"].get("sourceId") or "")):
                self._listings[row["id"]].append((row["list"], row["hop"]))
        return {i: self._listings[i] for i in wanted}

    def reach(self, starts: Iterable[str], way: Way, max_steps: int) -> None:
        """Fetch the steps of every node fewer than max_steps steps from a start, a level per query: every node a
        path of max_steps steps can pass through (and leave) is then known."""
        self.reach_all([(starts, way, max_steps)])

    def reach_all(self, plans: Iterable[tuple[Iterable[str], Way, int]]) -> None:
        """reach for several walks at once (controllers, controlled and proximity of one answer): each level of all
        of them in one query, so an answer costs as many queries as its deepest walk has levels, not their sum."""
        walks = []
        for starts, way, max_steps in plans:
            frontier = list(dict.fromkeys(starts))
            walks.append((way, max_steps, frontier, set(frontier)))
        level = 0
        while walks:
            self._fetch((node, way) for way, _, frontier, _ in walks for node in frontier)
            level += 1
            going = []
            for way, max_steps, frontier, seen in walks:
                if level == max_steps:
                    continue
                ahead: list[str] = []
                for node in frontier:
                    for step in self.steps(node, way):
                        if step.other not in seen:
                            seen.add(step.other)
                            ahead.append(step.other)
                if ahead:
                    going.append((way, max_steps, ahead, seen))
            if going and len(self.nodes) >= MAX_NODES:
                log.warning("ownership walks stopped at %d records; answers keep the paths within them", MAX_NODES)
                break
            walks = going

    def within(self, start: str, way: Way, max_steps: int) -> set[str]:
        """The nodes at most max_steps steps from start (itself included), by what was fetched."""
        seen, frontier = {start}, [start]
        for _ in range(max_steps):
            frontier = [s.other for node in frontier for s in self.steps(node, way) if s.other not in seen]
            seen.update(frontier)
        return seen

    def _distances(self, targets: set[str], max_steps: int) -> dict[str, int]:
        """How few steps either way separate each node from the nearest target (those within max_steps), over every
        step fetched: a target at a walk's far end has no steps of its own, only the steps that reach it."""
        if self._linked is None:
            self._linked = {}
            for (node, _), steps in self._steps.items():
                for step in steps:
                    self._linked.setdefault(node, set()).add(step.other)
                    self._linked.setdefault(step.other, set()).add(node)
        distance = dict.fromkeys(targets, 0)
        frontier = list(targets)
        for count in range(1, max_steps + 1):
            frontier = [o for node in frontier for o in self._linked.get(node, ()) if o not in distance]
            for node in frontier:
                distance.setdefault(node, count)
        return distance

    def walk(self, start: str, walk: Walk, max_paths: int, targets: set[str] | None = None) -> list[Path]:
        """The walk's paths from start, shortest first, at most max_paths. Call reach first. With `targets`, only
        paths ending on one are wanted: a path too far from every target to reach one in the steps left is not
        walked further (the listed records near an ownership tree are few, its paths many)."""
        node = self.nodes.get(start)
        if node is None or (walk.start_label is not None and walk.start_label not in node.get("labels", [])):
            return []
        distance = self._distances(targets, walk.max_steps) if targets is not None else None
        if distance is not None and start not in distance:
            return []
        level = [Path((start,), (), 0)]
        found = list(level) if walk.empty and (targets is None or start in targets) else []
        for taken in range(1, walk.max_steps + 1):
            if len(found) >= max_paths:
                break
            ahead: list[Path] = []
            for path in level:
                for step in self.steps(path.nodes[-1], walk.way):
                    if step.other in path.nodes:
                        continue
                    if distance is not None and distance.get(step.other, walk.max_steps + 1) > walk.max_steps - taken:
                        continue
                    owned = path.owned + (step.hop["type"] != SAME_AS)
                    if owned > walk.max_hops:
                        continue
                    longer = Path((*path.nodes, step.other), (*path.hops, step.hop), owned)
                    ahead.append(longer)
                    if walk.keeps(step, self.nodes[step.other]) and (targets is None or step.other in targets):
                        found.append(longer)
            if len(ahead) > MAX_PARTIAL:
                log.warning("a walk from %s stopped at %d partial paths; the shorter ones are kept", start, MAX_PARTIAL)
                break
            level = ahead
        return found[:max_paths]


def _ownership_ends(step: Step, node: dict[str, Any]) -> bool:
    return bool(step.hop["type"] != SAME_AS)


def _ends_on_organization(step: Step, node: dict[str, Any]) -> bool:
    return step.hop["type"] != SAME_AS and "Organization" in node.get("labels", [])


def _anywhere(step: Step, node: dict[str, Any]) -> bool:
    return True


def upstream(max_hops: int) -> Walk:
    """To whoever owns or controls the organization, through records of one organization (not counted as hops,
    never the last step)."""
    return Walk("in", max_hops + SAME_AS_STEPS, max_hops, _ownership_ends, start_label="Organization")


def downstream(max_hops: int) -> Walk:
    """To the organizations the organization owns or controls."""
    return Walk("out", max_hops + SAME_AS_STEPS, max_hops, _ends_on_organization, start_label="Organization")


# Proximity through ownership walks at most 5 relationships either way (SAME_AS included) before the listing.
PROXIMITY_STEPS = 5


def around(max_hops: int) -> Walk:
    """To every record near the entity (it included) through ownership or control either way, for its listings."""
    return Walk("both", PROXIMITY_STEPS, max_hops, _anywhere, empty=True)
