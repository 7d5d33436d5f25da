"""GLEIF reporting exceptions of an organization: GLEIF's own word on why it reports no parent.

"No parent found" and "GLEIF says the parent is withheld" are different answers: the first is a gap in the data,
the second a fact about the entity. NON_PUBLIC (the parent's identity is not public) and NO_KNOWN_PERSON are
themselves signals for the data-quality factor; NATURAL_PERSONS (controlled by individuals) and NON_CONSOLIDATING
explain an absence without hiding anything."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import ReportingException, Source

CATEGORIES = {
    "direct": "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT",
    "ultimate": "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT",
}
# Reasons that withhold who controls the entity, rather than explain that no parent exists.
WITHHOLDING = frozenset({"NON_PUBLIC", "NO_KNOWN_PERSON"})


def reporting_exceptions(store: GraphStore, ids: Iterable[str]) -> list[ReportingException]:
    rows = store.run(queries.load("reporting_exceptions"), {"ids": sorted(set(ids))})
    return exceptions_from_rows(rows)


def reporting_exceptions_of(
    store: GraphStore, records: Mapping[str, Iterable[str]]
) -> dict[str, list[ReportingException]]:
    """The exceptions of each entity's records (by the entity's id), in one query for all of them."""
    wanted = {key: set(ids) for key, ids in records.items()}
    every = sorted(set().union(*wanted.values())) if wanted else []
    rows = store.run(queries.load("reporting_exceptions"), {"ids": every}) if every else []
    return {key: exceptions_from_rows([r for r in rows if r["id"] in ids]) for key, ids in wanted.items()}


def exceptions_from_rows(rows: list[dict[str, Any]]) -> list[ReportingException]:
    found = []
    for row in rows:
        source = Source(dataset=row.get("dataset"), source_id=row.get("sourceId"), retrieved_at=row.get("retrievedAt"))
        for key, category in CATEGORIES.items():
            reasons = row.get(f"{key}Reasons") or []
            if reasons:
                found.append(
                    ReportingException(
                        entity_id=row["id"],
                        entity_name=row.get("name"),
                        category=category,
                        reasons=list(reasons),
                        reference=row.get(f"{key}Reference"),
                        as_of=row.get(f"{key}AsOf"),
                        withholding=bool(WITHHOLDING & set(reasons)),
                        source=source,
                    )
                )
    return found
