"""Blocking: the few index entries worth scoring for a name, found through the keys they share with it.

Each entry's keys (resolve/matcher.py `_keys`: its tokens, their first four letters, pairs of Han characters) are
posted; a name's candidates are the entries its keys reach, weighed by how rare each key is (an IDF), rarest keys
first. A common key ("university", "technologies") only reweighs the leaders the rarer keys found, unless nothing
rarer found anything: the cost stays with the informative keys.

A common key reweighs every entry the rarer keys found while they are few (REWEIGH_ALL), the LEADERS heaviest of
them beyond that: a rare key that many entries share ties them all ("hua" in "Ji Hua Laboratory", 421 entries), and
a cut among equals by position left the listed record out (the graph's ids put list records after ROR's) while
"ji" and "laboratory", which told it apart, only reweighed the entries kept. Among equal weights the entry with
fewer keys comes first (its names say less besides what the query shares), then the lower index.

The sums run in numpy over the postings, in the order the keys are taken, so each entry's weight is the same float
a loop adding one key at a time gives. A row's postings run to thousands of entries: in Python this was a quarter
of screening's time.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_POSTING = 20_000  # keys shared by more organizations than this say nothing about which one is meant
COMMON_POSTING = 500  # keys this common only reweigh the leaders, unless no rarer key of the name finds anything
LEADERS_FROM = 1_000  # candidates enough: later keys only reweigh the leaders
LEADERS = 100
REWEIGH_ALL = 5_000  # while the rarer keys found no more entries than this, a common key reweighs all of them
# Below this many posted entries in all, a row's keys are summed in a dict: numpy's cost per call then outweighs
# the loop (generated names reach a handful of entries through a rare key, then reweigh them by common ones).
SMALL = 2_000
_UNSEEN = np.iinfo(np.int64).max

Indexes = npt.NDArray[np.int64]


class Blocking:
    """Postings of keys to entry indexes, and the ranking of the entries a name's keys reach."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.sizes: list[int] = []  # by entry index: how many keys it is posted under
        self._arrays: dict[str, Indexes] = {}
        self._sets: dict[str, set[int]] = {}
        self._size_array: Indexes | None = None
        self._scratch = threading.local()  # per thread: screening requests run in a thread pool

    # Kept on disk with its index (resolve/snapshots.py): each thread's scratch is its own, never written.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_scratch"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._scratch = threading.local()

    def add(self, index: int, keys: Iterable[str]) -> None:
        """Post an entry under its keys; entries come in index order, so every posting stays sorted."""
        count = 0
        for key in keys:
            self.postings[key].append(index)
            count += 1
        self.sizes.extend([0] * (index + 1 - len(self.sizes)))
        self.sizes[index] = count
        self._arrays.clear()
        self._sets.clear()
        self._size_array = None

    def _sizes(self) -> Indexes:
        found = self._size_array
        if found is None:  # add() drops it
            found = self._size_array = np.array(self.sizes, dtype=np.int64)
        return found

    def members(self, key: str) -> set[int]:
        cached = self._sets.get(key)
        if cached is None:
            cached = self._sets[key] = set(self.postings.get(key, ()))
        return cached

    def warm(self) -> None:
        """Every posting as the array the numpy path reads, now rather than the first time a query meets it (8
        bytes an entry: 6 MB for the dev set's 55,000 organizations)."""
        for key in list(self.postings):
            self._array(key)

    def _array(self, key: str) -> Indexes:
        cached = self._arrays.get(key)
        if cached is None:
            cached = self._arrays[key] = np.array(self.postings[key], dtype=np.int64)
        return cached

    def _buffers(self, size: int) -> tuple[npt.NDArray[np.float64], Indexes]:
        """(weight, first seen) per entry, zero and unseen: kept per thread and cleaned after each use, so a query
        does not pay for clearing arrays the size of the index."""
        held = getattr(self._scratch, "buffers", None)
        if held is None or len(held[0]) < size:
            held = self._scratch.buffers = (np.zeros(size), np.full(size, _UNSEEN, dtype=np.int64))
        return held

    def ranked(self, keys: Iterable[str], total: int, count: int) -> list[int]:
        """The `count` entries sharing the most informative keys, best first (the lower index among equals)."""
        # In the keys' own order (sorted), not a set's: that follows the interpreter's hash seed, and the order the
        # keys are weighed in decides ties and the leaders, which two processes must decide alike.
        found = [(key, self.postings[key]) for key in sorted(keys) if key in self.postings]
        if not found:
            return []
        total = max(total, 1)
        if sum(len(p) for _, p in found if len(p) <= MAX_POSTING) <= SMALL:
            return _ranked_small(found, total, count, self.members, self.sizes)
        weight, first = self._buffers(total)
        seen: list[Indexes] = []
        try:
            return self._ranked(found, total, count, weight, first, seen)
        finally:
            for part in seen:
                weight[part] = 0.0
                first[part] = _UNSEEN

    def _ranked(
        self,
        found: list[tuple[str, list[int]]],
        total: int,
        count: int,
        weight: npt.NDArray[np.float64],
        first: Indexes,
        seen: list[Indexes],
    ) -> list[int]:
        touched = 0
        leaders: Indexes | None = None
        for step, (key, posting) in enumerate(sorted(found, key=lambda kp: len(kp[1]))):
            size = len(posting)
            if size > MAX_POSTING:
                continue
            idf = math.log(total / size) + (0.0 if key.endswith("*") else 0.5)
            at = self._array(key)
            if touched and (size > COMMON_POSTING or touched > LEADERS_FROM):
                if leaders is None:
                    found_so_far = np.concatenate(seen)
                    leaders = found_so_far if touched <= REWEIGH_ALL else _leaders(found_so_far, weight, first)
                weight[_within(leaders, at)] += idf
                continue
            new = at[first[at] == _UNSEEN]
            first[new] = step * total + new  # found at this key, in index order within it
            seen.append(new)
            touched += len(new)
            weight[at] += idf
        if not touched:
            return []
        return _best(np.concatenate(seen), weight, count, self._sizes())


def _ranked_small(
    found: list[tuple[str, list[int]]],
    total: int,
    count: int,
    members: Callable[[str], set[int]],
    sizes: list[int],
) -> list[int]:
    """Blocking.ranked for few posted entries: the same steps over a dict."""
    weight: dict[int, float] = {}
    leaders: list[int] | None = None
    for key, posting in sorted(found, key=lambda kp: len(kp[1])):
        if len(posting) > MAX_POSTING:
            continue
        idf = math.log(total / len(posting)) + (0.0 if key.endswith("*") else 0.5)
        if weight and (len(posting) > COMMON_POSTING or len(weight) > LEADERS_FROM):
            if leaders is None:
                leaders = list(weight) if len(weight) <= REWEIGH_ALL else _dict_leaders(weight)
            posted = members(key)
            for index in leaders:
                if index in posted:
                    weight[index] += idf
            continue
        if weight:
            get = weight.get
            weight.update([(index, get(index, 0.0) + idf) for index in posting])
        else:
            weight = dict.fromkeys(posting, idf)  # 0.0 + idf is idf: the sums are those of adding one by one
    if not weight:
        return []
    cutoff = heapq.nlargest(count, weight.values())[-1]
    return sorted((i for i, w in weight.items() if w >= cutoff), key=lambda i: (-weight[i], sizes[i], i))[:count]


def _dict_leaders(weight: dict[int, float]) -> list[int]:
    """The LEADERS heaviest entries of a dict; among equal weights the first found (inserted)."""
    cutoff = heapq.nlargest(LEADERS, weight.values())[-1]
    above = [i for i, w in weight.items() if w > cutoff]
    tied = [i for i, w in weight.items() if w == cutoff]
    return [*above, *tied[: LEADERS - len(above)]]


def _within(indexes: Indexes, posting: Indexes) -> Indexes:
    """The indexes that are in a (sorted) posting."""
    at = np.searchsorted(posting, indexes)
    inside = at < len(posting)
    kept: Indexes = indexes[inside]
    hits: Indexes = kept[posting[at[inside]] == kept]
    return hits


def _leaders(seen: Indexes, weight: npt.NDArray[np.float64], first: Indexes) -> Indexes:
    """The LEADERS heaviest entries; among equal weights, the first found."""
    if len(seen) <= LEADERS:
        return seen
    values = weight[seen]
    cutoff = np.partition(values, len(values) - LEADERS)[len(values) - LEADERS]
    above = seen[values > cutoff]
    tied = seen[values == cutoff]
    tied = tied[np.argsort(first[tied], kind="stable")][: LEADERS - len(above)]
    return np.concatenate([above, tied])


def _best(seen: Indexes, weight: npt.NDArray[np.float64], count: int, sizes: Indexes) -> list[int]:
    """The `count` heaviest entries, heaviest first; among equals the one with fewer keys, then the lower index."""
    if len(seen) > count:
        values = weight[seen]
        cutoff = np.partition(values, len(values) - count)[len(values) - count]
        seen = seen[values >= cutoff]
    order = np.lexsort((seen, sizes[seen], -weight[seen]))[:count]
    return [int(i) for i in seen[order]]
