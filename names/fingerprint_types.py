"""fingerprints' legal-form table, normalized once per machine and kept in the user's cache, so that a process does
not redo it on its first name.

`fingerprints.generate` and `fingerprints.remove_types` build their table of legal forms on first use: each of its
885 spellings in 20-odd scripts transliterated to ASCII through ICU, 0.2 s of `tietrace check`'s start (ICU loads
the rules of every script it meets). The result is the same on every run with the same table, normality and ICU, so
the first process that computes it writes it to the user's cache (names/machine_cache.py) under a name that hashes
those three, and later processes read it. A new version of any of them names another file: a stale table is never
read. Nothing of fingerprints is shipped with tietrace; a cache that cannot be written (a read-only home) only means
the table is computed each time, as fingerprints does by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import icu  # PyICU (no types: pyproject tells mypy); normality transliterates with it
import normality
from fingerprints.cleanup import clean_name_ascii
from fingerprints.types import replacer

from names import machine_cache

_computed: Callable[[Callable[[str], str | None]], dict[str, str]] = replacer.normalize_replacements


def environment() -> str:
    """A digest of what the table depends on: fingerprints' own list of legal forms, normality's and ICU's
    versions."""
    from fingerprints.types.data import TYPES

    return machine_cache.digest(TYPES, normality.__version__, icu.ICU_VERSION)


def cache_file() -> Path:
    return machine_cache.cache_file("fingerprint-types", environment())


def cached() -> dict[str, str] | None:
    """The table this environment computed before, or None (absent, unreadable or not a table)."""
    return machine_cache.read_table(cache_file())


def _store(table: dict[str, str]) -> None:
    machine_cache.store_table(cache_file(), table)


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
