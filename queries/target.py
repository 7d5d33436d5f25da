"""Finding the entity a user means: an internal id, an identifier written `scheme:value`, or a name.

Names are matched with the full-text indexes of names and of aliases for candidates and the matcher's similarity
for the score, taken over the name and every alias; one clear best match is taken, several close ones are an
AmbiguousEntity listing the candidates (the CLI exits non-zero).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import queries
from graph.errors import NotFound, QueryError
from graph.model import IDENTIFIER_PROPS
from graph.store import GraphStore
from names.thresholds import NAME_LISTED, NAME_TAKEN, NAME_TAKEN_MARGIN, percent
from queries.answers import EntityRef
from queries.identity import identity_of

log = logging.getLogger(__name__)

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
CANDIDATES = 25
# Scores here are 0-100, as people read them: names/thresholds.py declares the thresholds (0-1) once.
CONFIDENT = percent(NAME_TAKEN)  # a score at or above this, clear of the runner-up by MARGIN, is taken without asking
MARGIN = percent(NAME_TAKEN_MARGIN)
LISTED = percent(NAME_LISTED)


class AmbiguousEntity(NotFound):
    def __init__(
        self, text: str, candidates: list[tuple[EntityRef, float]], aliases: Mapping[str, str] | None = None
    ) -> None:
        """aliases: entity id -> the alias its score came from, so the message says why an unlike name is listed."""
        self.candidates = candidates
        self.aliases = dict(aliases or {})
        listing = "; ".join(
            f"{c.name} [{c.id}] ({c.country or '?'}) {s:.0f}"
            + (f" as {self.aliases[c.id]!r}" if c.id in self.aliases else "")
            for c, s in candidates
        )
        super().__init__(f"{text!r} matches several entities: {listing}")


def _identifier_params(scheme: str, value: str) -> dict[str, str | None]:
    prop = IDENTIFIER_PROPS[scheme]
    names = queries.load("entity_by_identifier").params
    params: dict[str, str | None] = dict.fromkeys(names)
    if prop.value not in params:
        raise NotFound(f"identifier scheme {scheme!r} is not searchable")
    params[prop.value] = value
    return params


@dataclass(frozen=True, slots=True)
class NameHit:
    """A candidate for a name: the entity, its score 0-100, and which of its names (main name or alias) scored."""

    entity: EntityRef
    score: float
    matched_name: str

    @property
    def by_alias(self) -> bool:
        return self.matched_name != (self.entity.name or "")


def best_name(text: str, name: str | None, aliases: Sequence[str] | str | None) -> tuple[float, str]:
    """(similarity 0-1, the name that gave it) over the main name and every alias, by spelling or meaning as the
    matcher compares names; a tie goes to the main name."""
    # The model lets a source write one alias as a plain string; the embedded engine turns it into a list, Neo4j not.
    from names.score import best_name_match  # here: a check by id or identifier never scores names (0.08 s)

    listed = [aliases] if isinstance(aliases, str) else list(aliases or [])
    names = [n for n in [name, *listed] if isinstance(n, str) and n]
    named = best_name_match(text, names)
    return named.score, named.name or name or ""


def lucene_terms(text: str) -> str:
    """The text as full-text query terms, Lucene's operators escaped: a name is words, never a query."""
    return " ".join(_LUCENE_SPECIAL.sub(r"\\\1", t) for t in text.split())


def _index_hits(store: GraphStore, index: str, terms: str, limit: int) -> list[dict[str, Any]]:
    return store.run(queries.load("organization_search"), {"ftIndex": index, "q": terms, "limit": limit})


def _alias_hits(store: GraphStore, terms: str, limit: int) -> list[dict[str, Any]]:
    """Hits through aliases; none, with a warning, on an engine started before the aliases index existed."""
    try:
        return _index_hits(store, store.search_indexes.organization_aliases, terms, limit)
    except QueryError as exc:
        # The name query with the same terms has just succeeded, so this is the index, not the question.
        log.warning(
            "names searched without aliases: the %s index cannot be read (%s); restart the embedded engine "
            "(tietrace graph stop) or reapply the schema to build it",
            store.search_indexes.organization_aliases,
            exc,
        )
        return []


def match_names(store: GraphStore, text: str, limit: int = CANDIDATES) -> list[NameHit]:
    """Organizations whose name or aliases resemble the text, best first, scored 0-100 the way screening scores
    names (normalized names, word-order-insensitive similarity) over the main name and every alias, so `check` and
    `screen` agree on what a name means."""
    terms = lucene_terms(text)
    if not terms:
        return []
    rows = _index_hits(store, store.search_indexes.organization_names, terms, limit) + _alias_hits(store, terms, limit)
    found: dict[str, NameHit] = {}
    for row in rows:
        if row["id"] in found:  # found through both indexes: the score depends on the names, not the index
            continue
        similarity, matched = best_name(text, row["name"], row["aliases"])
        entity = EntityRef.from_row({**row, "labels": ["Organization"]})
        found[row["id"]] = NameHit(entity, 100 * similarity, matched)
    # On equal scores an entity's own name ranks before another's alias: a search for a main name ranks as it did
    # before aliases counted ("ZALA AERO JSC" before CST LLC, whose alias "Zala Aero" normalizes the same).
    return sorted(found.values(), key=lambda m: (-m.score, m.by_alias, m.entity.id))[:limit]


def _word_forms(text: str) -> list[list[str]]:
    """Each word of the text as it may be written in a stored name: lower, upper and title case."""
    words = [w for w in re.split(r"[\s,]+", text) if len(w) > 1]
    return [sorted({w.lower(), w.upper(), w[:1].upper() + w[1:].lower()}) for w in words]


def _people_rows(store: GraphStore, text: str, limit: int) -> list[dict[str, Any]]:
    """People through the full-text indexes of their names and aliases; on an engine started before those indexes
    existed, through a scan of people for every word (slower, with a warning)."""
    terms = lucene_terms(text)
    try:
        indexes = store.search_indexes
        return _index_hits(store, indexes.person_names, terms, limit) + _index_hits(
            store, indexes.person_aliases, terms, limit
        )
    except QueryError as exc:
        log.warning("people searched without their index (%s); restart the embedded engine to build it", exc)
        return store.run(queries.load("person_search"), {"words": _word_forms(text), "limit": limit})


def match_people(store: GraphStore, text: str, limit: int = CANDIDATES) -> list[NameHit]:
    """People whose name or aliases resemble the text, scored as organizations are (best_name over the name and
    every alias), best first: "Aleksandr Zakharov" finds Aleksandr Vyacheslavovich Zakharov."""
    if not lucene_terms(text):
        return []
    found: dict[str, NameHit] = {}
    for row in _people_rows(store, text, limit):
        if row["id"] in found:
            continue
        similarity, matched = best_name(text, row["name"], row["aliases"])
        entity = EntityRef.from_row({**row, "labels": ["Person"]})
        found[row["id"]] = NameHit(entity, 100 * similarity, matched)
    return sorted(found.values(), key=lambda m: (-m.score, m.by_alias, m.entity.id))[:limit]


def search_names(store: GraphStore, text: str, limit: int = CANDIDATES) -> list[tuple[EntityRef, float]]:
    """match_names as (entity, score 0-100) pairs."""
    return [(m.entity, m.score) for m in match_names(store, text, limit)]


def _same_text(name: str | None, text: str) -> bool:
    return name is not None and " ".join(name.casefold().split()) == " ".join(text.casefold().split())


def one_per_organization(store: GraphStore, hits: list[NameHit]) -> list[NameHit]:
    """The best hit of each real organization: records that resolution joined (SAME_AS) are one answer, not a
    tie between an organization and itself ("Harbin Institute of Technology" on the Entity List and on 1286)."""
    orgs = [h.entity.id for h in hits if h.entity.label == "Organization"]
    if len(orgs) < 2:
        return hits
    identity = identity_of(store, orgs)
    seen: set[str] = set()
    kept = []
    for hit in hits:
        key = identity.canonical(hit.entity.id) if hit.entity.label == "Organization" else hit.entity.id
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


def entities_of(store: GraphStore, ids: Sequence[str]) -> dict[str, EntityRef]:
    """The organizations and persons of these ids, by id (an id the graph lacks is left out)."""
    wanted = list(dict.fromkeys(ids))
    rows: list[dict[str, Any]] = store.run(queries.load("entity"), {"ids": wanted})
    found = {row["id"]: EntityRef.from_row({**row, **row["identifiers"]}) for row in rows}
    return {i: found[i] for i in wanted if i in found}


def find(store: GraphStore, text: str) -> EntityRef:
    """The one entity the text names, or NotFound / AmbiguousEntity."""
    text = text.strip()
    if not text:
        raise NotFound("no entity given")
    known = entities_of(store, [text])
    if text in known:
        return known[text]
    scheme, sep, value = text.partition(":")
    if sep and scheme.lower() in IDENTIFIER_PROPS and value.strip():
        found = store.run(queries.load("entity_by_identifier"), _identifier_params(scheme.lower(), value.strip()))
        if len(found) == 1:
            return find(store, found[0]["id"])
        if not found:
            raise NotFound(f"no entity has {scheme.lower()} {value.strip()!r}")
        raise AmbiguousEntity(text, [(EntityRef.from_row(r), 100.0) for r in found])
    # Organizations and people compete on one scale; the answer says which kind it found (EntityRef.label).
    hits = one_per_organization(
        store,
        sorted(match_names(store, text) + match_people(store, text), key=lambda m: (-m.score, m.by_alias, m.entity.id)),
    )
    if not hits:
        raise NotFound(f"no organization or person is named like {text!r}")
    best = hits[0]
    runner_up = hits[1].score if len(hits) > 1 else 0.0
    if best.score >= CONFIDENT and best.score - runner_up >= MARGIN:
        return find(store, best.entity.id)
    # The exact main name of one organization means that organization, even when another is known by an alias
    # that reads the same once legal forms are set aside ("ZALA AERO JSC" and CST LLC's alias "Zala Aero").
    exact = [h for h in hits if _same_text(h.entity.name, text)]
    if len(exact) == 1:
        return find(store, exact[0].entity.id)
    listed = [h for h in hits[:10] if h.score >= LISTED] or hits[:5]
    aliases = {h.entity.id: h.matched_name for h in listed if h.by_alias}
    raise AmbiguousEntity(text, [(h.entity, h.score) for h in listed], aliases)
