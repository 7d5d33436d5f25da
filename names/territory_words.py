"""Which territory a word names, as rigour's `lookup_territory` says, without building rigour's table in every
process.

`lookup_territory` builds its table of territory names on first use: 30,000 names in many scripts, each normalized
through rigour's transliteration, 1.9 s of CPU, which every `tietrace screen` paid (an organization's bracketed
acronym is checked for naming a place: "(HK)"). The table depends only on rigour's data, so it is computed once per
machine and kept in the user's cache (names/machine_cache.py) under a digest of rigour's version: each territory's
code under each of its identifiers (codes, QIDs; keys "id:...") and each of its normalized names ("name:..."),
looked up in that order, as `lookup_territory` does.
"""

from __future__ import annotations

from functools import cache

from rigour.territories.util import clean_code, normalize_territory_name

from names import machine_cache


def _computed() -> dict[str, str]:
    from rigour.territories.lookup import _get_identifier_map, _get_territory_names

    table = {f"name:{name}": territory.code for name, territory in _get_territory_names().items()}
    table.update({f"id:{key}": territory.code for key, territory in _get_identifier_map().items()})
    return table


@cache
def _table() -> dict[str, str]:
    # Imported here: importlib.metadata costs 15 ms, and display names import this module on every `check`.
    from importlib.metadata import version

    path = machine_cache.cache_file("territory-words", machine_cache.digest("rigour", version("rigour")))
    table = machine_cache.read_table(path)
    if table is None:
        table = _computed()
        machine_cache.store_table(path, table)
    return table


def territory_code(text: str) -> str | None:
    """The code of the territory the text names (`lookup_territory(text).code`), or None."""
    table = _table()
    found = table.get(f"id:{clean_code(text)}")
    if found is not None:
        return found
    return table.get(f"name:{normalize_territory_name(text)}")
