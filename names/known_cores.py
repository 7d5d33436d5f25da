"""The cores (`names.normalize.core`) and Han-script forms (`cjk`) of a graph's organization names, kept per
machine, so that building the matching index does not normalize every name again in every process.

`tietrace screen` builds the index from the graph each time it runs, and most of that build was normalizing each
organization's names: 0.45 s of CPU for the 13,000 names of the bundled lists (a Han-script name's form goes
through ICU's transliteration for its legal form), plus 0.3 s of tables loaded on first use, out of a 1,000-row
list's 5 s. Both are pure functions of the name and of what normalizes it: the code and tables of `names/`,
fingerprints' legal forms, normality, ICU and rigour. So they are kept in the user's cache (names/machine_cache.py)
under a digest of all of those: a change to any of them names other files, and a stale core is never read.

Only the graph's names are kept, never a screened list's (a collaborator list is its user's data): they are
recorded in the thread that builds an index, while it builds it (`remembered`), and a server answers requests in
other threads. The tables grow with the names of every index built on this machine up to MAX_KEPT; past it, nothing
more is kept and the rest is normalized as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from names import machine_cache, normalize

MAX_KEPT = 500_000  # names: about 40 MB of JSON at the bundled lists' 80 bytes a name
_NAMES_PACKAGE = Path(__file__).parent
KINDS = ("cores", "cjk")  # normalize.known_<kind>, normalize.computing.<kind>


@cache
def _digest() -> str:
    # Imported here: importlib.metadata costs 15 ms, paid only by what builds an index.
    from importlib.metadata import version

    from names import fingerprint_types

    code = hashlib.sha256()
    for source in sorted(p for p in _NAMES_PACKAGE.iterdir() if p.suffix in {".py", ".yml"}):
        code.update(source.name.encode("utf-8"))
        code.update(source.read_bytes())
    libraries = [f"{name} {version(name)}" for name in ("fingerprints", "normality", "rigour", "PyICU")]
    return machine_cache.digest(code.hexdigest(), fingerprint_types.environment(), libraries)


def cache_file(kind: str) -> Path:
    return machine_cache.cache_file(f"index-{kind}", _digest())


@contextmanager
def remembered() -> Iterator[None]:
    """Within it, in this thread: every core (and Han-script form) this machine computed before is read, not
    computed; those computed now are added to the machine's tables when it ends (the index was built)."""
    loaded = {kind: machine_cache.read_table(cache_file(kind)) or {} for kind in KINDS}
    computed: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        setattr(normalize, f"known_{kind}", loaded[kind])
        setattr(normalize.computing, kind, computed[kind])
    try:
        yield
    finally:
        for kind in KINDS:
            setattr(normalize.computing, kind, None)
    for kind in KINDS:
        if computed[kind] and len(loaded[kind]) + len(computed[kind]) <= MAX_KEPT:
            table = {**loaded[kind], **computed[kind]}
            machine_cache.store_table(cache_file(kind), table)
            setattr(normalize, f"known_{kind}", table)
            _forget_others(kind)


def _forget_others(kind: str) -> None:
    """Remove the tables earlier code computed (another digest): they are never read again, and each version of
    tietrace would otherwise leave a megabyte behind."""
    current = cache_file(kind)
    for old in current.parent.glob(f"index-{kind}-*.json"):
        if old != current:
            old.unlink(missing_ok=True)
