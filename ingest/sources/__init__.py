"""Every module in this package is a source: SOURCE (a SourceSpec), records(ctx) and normalize(ctx, record)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ingest.errors import IngestError
from ingest.source import Source


@cache
def registry() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        source = Source.from_module(importlib.import_module(f"{__name__}.{info.name}"))
        found[source.spec.name] = source
    return dict(sorted(found.items()))


def get(name: str) -> Source:
    try:
        return registry()[name]
    except KeyError:
        raise IngestError(f"unknown source {name!r}; known: {', '.join(registry())}") from None
