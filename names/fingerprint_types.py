"""fingerprints' legal-form table, normalized once and shipped, so a process does not redo it on its first name.

`fingerprints.generate` and `fingerprints.remove_types` build their table of legal forms on first use: each of its
885 spellings in 20-odd scripts transliterated to ASCII through ICU, 0.2 s of `tietrace check`'s start (ICU loads
the rules of every script it meets). The result is the same on every run with the same table, normality and ICU, so
it is kept in fingerprint_types.json with those three recorded, and handed to fingerprints when they match (else
fingerprints computes it as before: never a stale table). Regenerate after an upgrade:
`python -m names.fingerprint_types`; tests/unit/test_fingerprint_types.py fails until then.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icu  # type: ignore[import-untyped]  # PyICU ships no types; normality transliterates with it
import normality
from fingerprints.cleanup import clean_name_ascii
from fingerprints.types import replacer

TABLE = Path(__file__).with_name("fingerprint_types.json")
_computed: Callable[[Callable[[str], str | None]], dict[str, str]] = replacer.normalize_replacements


def environment() -> dict[str, str]:
    """What the table depends on: fingerprints' own list of legal forms, normality's and ICU's versions."""
    from fingerprints.types.data import TYPES

    listed = json.dumps(TYPES, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "types_sha256": hashlib.sha256(listed).hexdigest(),
        "normality": normality.__version__,
        "icu": icu.ICU_VERSION,
    }


def shipped() -> dict[str, str] | None:
    """The shipped table when it was made in this environment, else None."""
    try:
        data: Any = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("environment") != environment():
        return None
    table = data.get("replacements")
    return table if isinstance(table, dict) else None


def _normalized(norm_func: Callable[[str], str | None]) -> dict[str, str]:
    if norm_func is clean_name_ascii:  # the only normalization the table was made with (fingerprints' default)
        table = shipped()
        if table is not None:
            return dict(table)
    return _computed(norm_func)


def install() -> None:
    """fingerprints reads the table through this module-level function each time it builds its replacer (once per
    process: get_replacer is cached), so replacing it here is enough."""
    replacer.normalize_replacements = _normalized


def write() -> None:
    table = {"environment": environment(), "replacements": _computed(clean_name_ascii)}
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"written {TABLE}")
