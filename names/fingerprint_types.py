"""fingerprints' legal-form table, normalized once per machine and kept in the user's cache, so that a process does
not redo it on its first name.

`fingerprints.generate` and `fingerprints.remove_types` build their table of legal forms on first use: each of its
885 spellings in 20-odd scripts transliterated to ASCII through ICU, 0.2 s of `tietrace check`'s start (ICU loads
the rules of every script it meets). The result is the same on every run with the same table, normality and ICU, so
the first process that computes it writes it to `$XDG_CACHE_HOME/tietrace/` (default `~/.cache/tietrace/`) under a
name that hashes those three, and later processes read it. A new version of any of them names another file: a stale
table is never read. Nothing of fingerprints is shipped with tietrace; a cache that cannot be written (a read-only
home) only means the table is computed each time, as fingerprints does by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icu  # PyICU (no types: pyproject tells mypy); normality transliterates with it
import normality
from fingerprints.cleanup import clean_name_ascii
from fingerprints.types import replacer

_computed: Callable[[Callable[[str], str | None]], dict[str, str]] = replacer.normalize_replacements


def environment() -> str:
    """A digest of what the table depends on: fingerprints' own list of legal forms, normality's and ICU's
    versions."""
    from fingerprints.types.data import TYPES

    listed = json.dumps([TYPES, normality.__version__, icu.ICU_VERSION], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(listed.encode("utf-8")).hexdigest()[:16]


def cache_file() -> Path:
    # XDG_CACHE_HOME is the desktop standard's variable, not one of tietrace's settings.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tietrace" / f"fingerprint-types-{environment()}.json"


def cached() -> dict[str, str] | None:
    """The table this environment computed before, or None (absent, unreadable or not a table)."""
    try:
        data: Any = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return None
    return data


def _store(table: dict[str, str]) -> None:
    """Written whole or not at all (a temporary file renamed), so that a reader never sees half a table."""
    target = cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False) as handle:
            json.dump(table, handle, ensure_ascii=False)
        Path(handle.name).replace(target)
    except OSError:
        return  # no cache: computed again next time, which is all it costs


def _normalized(norm_func: Callable[[str], str | None]) -> dict[str, str]:
    if norm_func is not clean_name_ascii:  # the cache holds fingerprints' default normalization only
        return _computed(norm_func)
    table = cached()
    if table is None:
        table = _computed(norm_func)
        _store(table)
    return dict(table)


def install() -> None:
    """fingerprints reads the table through this module-level function each time it builds its replacer (once per
    process: get_replacer is cached), so replacing it here is enough."""
    replacer.normalize_replacements = _normalized
