"""Every Cypher text tietrace ships, in one list: the graph layer's statements and the investigations."""

from __future__ import annotations

import queries
from graph.cypher import Query
from graph.statements import all_statements


def shipped_cypher() -> list[Query]:
    texts = [*all_statements(), *queries.all_queries()]
    seen: set[str] = set()
    for query in texts:
        if query.name in seen:
            raise ValueError(f"two shipped Cypher texts are both named {query.name!r}")
        seen.add(query.name)
    return texts
