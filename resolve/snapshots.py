"""The organization matching index as built from a graph, kept on disk, so that a process screening against a graph
that has not changed loads the index instead of building it again.

`tietrace screen` builds the index each time it runs: on the bundled lists (6,900 organizations) that was 2.6 s of
a 1,000-row list's 8 to 10 s, normalizing and posting 13,000 names. Loading the same index from a pickle takes
0.1 s. A snapshot is kept under a key that digests everything the index is made of: the organizations' rows as the
graph returned them, the thresholds, the code and tables of the packages that build it (`names`, `resolve`,
`queries`, `graph`), the versions of the libraries that normalize and score names, and Python's. A changed graph,
threshold, tietrace or library names another file, so a stale index is never read.

What is kept is the index before its SAME_AS links are applied (`Matcher.link`): links change with every
resolution and review, while the organizations often do not, so they are read from the graph each time (80 ms).

A snapshot is a pickle, read only from the folder the settings name (`data_dir/index/`, the user's own data, mode
0600); one that cannot be read, or holds something else, is a warning, is removed and the index is built again.
Writing is a temporary file renamed, so a reader never sees half of one; the newest KEPT snapshots are kept and
older ones removed. Graphs too small to gain anything (MIN_ORGANIZATIONS) or too large to hold their rows in memory
while the key is computed (MAX_ORGANIZATIONS) are built as before.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resolve.matcher import Matcher

log = logging.getLogger(__name__)

MIN_ORGANIZATIONS = 1_000  # below it, building takes under half a second (about 0.4 ms an organization)
MAX_ORGANIZATIONS = 250_000  # rows held at once to compute the key: about 1 KB each, a sixth of what the index holds
KEPT = 2  # snapshots per folder: one graph screened, and the one before it (a graph and a copy being edited)
_PACKAGES = ("names", "resolve", "queries", "graph")
_SOURCE_SUFFIXES = {".py", ".yml", ".yaml", ".txt", ".json", ".cypher"}
_LIBRARIES = ("numpy", "rapidfuzz", "rigour", "fingerprints", "normality", "PyICU", "pydantic")


@cache
def _code_digest() -> str:
    """What builds an index: the source and tables of its packages, the libraries, the interpreter."""
    from importlib.metadata import version

    root = Path(__file__).resolve().parent.parent
    code = hashlib.sha256()
    for package in _PACKAGES:
        for source in sorted((root / package).rglob("*")):
            if source.suffix in _SOURCE_SUFFIXES and "__pycache__" not in source.parts:
                code.update(str(source.relative_to(root)).encode("utf-8"))
                code.update(source.read_bytes())
    code.update(" ".join(f"{name} {version(name)}" for name in _LIBRARIES).encode("utf-8"))
    code.update(sys.version.encode("utf-8"))
    return code.hexdigest()


def key(rows: Iterable[dict[str, Any]], match_threshold: float, review_threshold: float) -> str:
    """The name an index built from these rows, with these thresholds, by this code, is kept under."""
    digest = hashlib.sha256(_code_digest().encode("ascii"))
    digest.update(f"{match_threshold!r} {review_threshold!r}".encode("ascii"))
    # Sorted keys and str() for what JSON has no type for (dates): the same rows always give the same text.
    digest.update(json.dumps(list(rows), sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:24]


def snapshot_file(folder: Path, hashed: str) -> Path:
    return folder / f"organizations-{hashed}.pickle"


def load(folder: Path, hashed: str, organizations: int) -> Matcher | None:
    """The index kept under this key, or None: absent, unreadable, or not an index of that many organizations (the
    unreadable one is removed, with a warning, so that it is built and written again)."""
    from resolve.matcher import Matcher

    path = snapshot_file(folder, hashed)
    if not path.is_file():
        return None
    # Unpickling makes a few hundred thousand objects the collector would otherwise walk over and over (0.4 -> 0.1 s).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        found = pickle.loads(path.read_bytes())  # noqa: S301 - written by save() in the user's own data folder
    except Exception as problem:  # any fault in a kept file only means building the index again
        found = problem
    finally:
        if was_enabled:
            gc.enable()
    if isinstance(found, Matcher) and len(found.orgs) == organizations:
        path.touch()  # the newest kept is the last used
        return found
    log.warning("matching index snapshot %s could not be used (%s); building the index again", path, _why(found))
    path.unlink(missing_ok=True)
    return None


def _why(found: object) -> str:
    if isinstance(found, Exception):
        return f"{type(found).__name__}: {found}"
    return f"it holds a {type(found).__name__}" if not hasattr(found, "orgs") else "it holds another graph's index"


def save(folder: Path, hashed: str, matcher: Matcher) -> None:
    """Keep the index (before `link`) under this key; a folder that cannot be written only means no snapshot."""
    path = snapshot_file(folder, hashed)
    written: Path | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the graph's names: its owner's to read and to replace
        # mkstemp's mode 0600: the graph's names, as private as the graph's own files.
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".building-", delete=False) as handle:
            written = Path(handle.name)
            pickle.dump(matcher, handle, protocol=pickle.HIGHEST_PROTOCOL)
        written.replace(path)
    except Exception as problem:  # a snapshot not kept costs the next process a build, nothing more
        if written is not None:
            written.unlink(missing_ok=True)
        log.warning("matching index snapshot not kept in %s: %s: %s", folder, type(problem).__name__, problem)
        return
    _forget_older(folder, keep=path)


def _forget_older(folder: Path, keep: Path) -> None:
    kept = sorted(folder.glob("organizations-*.pickle"), key=_modified, reverse=True)
    for old in [p for p in kept if p != keep][KEPT - 1 :]:
        old.unlink(missing_ok=True)
    # A process stopped while writing leaves its temporary file; one an hour old is no other process's.
    for orphan in folder.glob(".building-*"):
        if time.time() - _modified(orphan) > 3600:
            orphan.unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
