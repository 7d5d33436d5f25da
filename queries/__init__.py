"""Investigations as Cypher files, one question per file, loaded by name.

from queries import load
store.run(load("entity"), {"ids": ["..."]})
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.cypher import Query, load_dir
from graph.errors import NotFound

_HERE = Path(__file__).parent


@cache
def _catalog() -> dict[str, Query]:
    return load_dir(_HERE)


def names() -> list[str]:
    return sorted(_catalog())


def load(name: str) -> Query:
    try:
        return _catalog()[name]
    except KeyError:
        raise NotFound(f"no query named {name!r}; known: {', '.join(names())}") from None


def all_queries() -> list[Query]:
    return [_catalog()[name] for name in names()]
