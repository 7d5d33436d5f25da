"""Finding the entity a user means: an internal id, an identifier written `scheme:value`, or a name.

Names are matched with the full-text index for candidates and the matcher's similarity for the score; one clear
best match is taken, several close ones are an AmbiguousEntity listing the candidates (the CLI exits non-zero).
"""

from __future__ import annotations

import re
from typing import Any

import queries
from graph.errors import NotFound
from graph.model import IDENTIFIER_PROPS
from graph.store import GraphStore
from queries.answers import EntityRef
from resolve.normalize import core
from resolve.score import name_similarity

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
CANDIDATES = 25
CONFIDENT = 90.0  # a score at or above this, clear of the runner-up by MARGIN, is taken without asking
MARGIN = 5.0


class AmbiguousEntity(NotFound):
    def __init__(self, text: str, candidates: list[tuple[EntityRef, float]]) -> None:
        self.candidates = candidates
        listing = "; ".join(f"{c.name} [{c.id}] ({c.country or '?'}) {s:.0f}" for c, s in candidates)
        super().__init__(f"{text!r} matches several entities: {listing}")


def _identifier_params(scheme: str, value: str) -> dict[str, str | None]:
    prop = IDENTIFIER_PROPS[scheme]
    names = queries.load("entity_by_identifier").params
    params: dict[str, str | None] = dict.fromkeys(names)
    if prop.value not in params:
        raise NotFound(f"identifier scheme {scheme!r} is not searchable")
    params[prop.value] = value
    return params


def search_names(store: GraphStore, text: str, limit: int = CANDIDATES) -> list[tuple[EntityRef, float]]:
    """Organizations whose names resemble the text, scored 0-100 the way screening scores them (normalized names,
    word-order-insensitive similarity), so `check` and `screen` agree on what a name means."""
    terms = " ".join(_LUCENE_SPECIAL.sub(r"\\\1", t) for t in text.split())
    if not terms:
        return []
    rows = store.run(queries.load("organization_search"), {"ftIndex": store.fulltext_index, "q": terms, "limit": limit})
    wanted = core(text)
    scored = [
        (EntityRef.from_row({**r, "labels": ["Organization"]}), 100 * name_similarity(wanted, [core(r["name"])]))
        for r in rows
    ]
    return sorted(scored, key=lambda cs: (-cs[1], cs[0].id))


def find(store: GraphStore, text: str) -> EntityRef:
    """The one entity the text names, or NotFound / AmbiguousEntity."""
    text = text.strip()
    if not text:
        raise NotFound("no entity given")
    rows: list[dict[str, Any]] = store.run(queries.load("entity"), {"id": text})
    if rows:
        return EntityRef.from_row({**rows[0], **rows[0]["identifiers"]})
    scheme, sep, value = text.partition(":")
    if sep and scheme.lower() in IDENTIFIER_PROPS and value.strip():
        found = store.run(queries.load("entity_by_identifier"), _identifier_params(scheme.lower(), value.strip()))
        if len(found) == 1:
            return find(store, found[0]["id"])
        if not found:
            raise NotFound(f"no entity has {scheme.lower()} {value.strip()!r}")
        raise AmbiguousEntity(text, [(EntityRef.from_row(r), 100.0) for r in found])
    candidates = search_names(store, text)
    if not candidates:
        raise NotFound(f"no organization is named like {text!r}")
    best, score = candidates[0]
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    if score >= CONFIDENT and score - runner_up >= MARGIN:
        return find(store, best.id)
    raise AmbiguousEntity(text, [c for c in candidates[:10] if c[1] >= 50.0] or candidates[:5])
