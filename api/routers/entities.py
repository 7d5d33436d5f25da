"""Finding entities: search by name or identifier, and one entity with its sources and direct ties."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

import queries
from api.deps import StoreDep, require_viewer
from api.errors import ApiError, responses
from api.schemas import (
    EntityDetail,
    EntitySearchResponse,
    FieldError,
    GleifFacts,
    Neighbour,
    ScoredEntity,
)
from graph.model import IDENTIFIER_PROPS
from graph.store import GraphStore
from queries.answers import EntityRef, Hop, NameSet, Source
from queries.control import controlled_entities, controllers
from queries.display import display
from queries.identity import SAME_AS, identity_of
from queries.target import find, match_names, match_people
from screening.models import SEARCHABLE_SCHEMES

router = APIRouter(
    prefix="/v1/entities",
    tags=["entities"],
    dependencies=[Depends(require_viewer)],
    responses=responses(401, 403, 422, 503),
)

EntityId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=300,
        description="An internal id, `scheme:value` (lei:, ror:, openalex:, wikidata:, uei:, ...) or a name. "
        "A name that fits several entities is a 409 listing them.",
        examples=["lei:549300YX4S1LLSMK2627"],
    ),
]


def by_identifier(store: GraphStore, scheme: str, value: str) -> list[EntityRef]:
    """Entities holding an identifier (one parameter of entity_by_identifier is the value, the others null)."""
    query = queries.load("entity_by_identifier")
    params: dict[str, Any] = dict.fromkeys(query.params)
    params[IDENTIFIER_PROPS[scheme].value] = value
    return [EntityRef.from_row(row) for row in store.run(query, params)]


@router.get(
    "",
    response_model=EntitySearchResponse,
    summary="Search organizations by name (fuzzy, scored) or find entities by identifier",
)
def search(
    store: StoreDep,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="A name or alias, matched fuzzily.", examples=["Zala Aero"]),
    ] = None,
    identifier: Annotated[
        str | None,
        Query(
            min_length=3,
            max_length=250,
            pattern=r"^[A-Za-z]+:.+$",
            description=f"`scheme:value`; schemes: {', '.join(SEARCHABLE_SCHEMES)}.",
            examples=["ror:00known00"],
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=25, description="Most results.")] = 10,
) -> EntitySearchResponse:
    """Exactly one of `q` and `identifier`. A name is scored against the organization's name and each of its
    aliases (normalized, word order aside), the best counting: `matched_name` says which one."""
    if (q is None) == (identifier is None):
        raise ApiError(
            422,
            "give exactly one of q (a name) and identifier (scheme:value)",
            "invalid-input",
            errors=[FieldError(loc=["query", "q"], msg="exactly one of q and identifier is required")],
        )
    if identifier is not None:
        scheme, _, value = identifier.partition(":")
        scheme, value = scheme.lower(), value.strip()
        if scheme not in SEARCHABLE_SCHEMES or not value:
            raise ApiError(
                422,
                f"unknown identifier scheme {scheme!r}; known: {', '.join(SEARCHABLE_SCHEMES)}",
                "invalid-input",
                errors=[FieldError(loc=["query", "identifier"], msg="unknown scheme or empty value")],
            )
        found = by_identifier(store, scheme, value)
        return EntitySearchResponse(results=[ScoredEntity(**e.model_dump(), score=1.0) for e in found[:limit]])
    assert q is not None  # exactly one of the two is set
    # Organizations and people, on one scale; each shown by its display name (docs/names.md).
    matches = sorted(match_names(store, q) + match_people(store, q), key=lambda m: (-m.score, m.by_alias, m.entity.id))[
        :limit
    ]
    found = [m.entity for m in matches]
    display(store, [found], identity_of(store, [e.id for e in found]))
    return EntitySearchResponse(
        results=[
            ScoredEntity(**e.model_dump(), score=round(m.score / 100, 4), matched_name=m.matched_name)
            for e, m in zip(found, matches, strict=True)
        ]
    )


def _neighbour(entity: EntityRef, hop: Hop, direction: Literal["in", "out"]) -> Neighbour:
    return Neighbour(
        entity=entity,
        direction=direction,
        relationship=hop.type,
        share_pct=hop.share_pct,
        share_range=hop.share_range,
        control_type=hop.control_type,
        valid_from=hop.valid_from,
        valid_to=hop.valid_to,
        source=hop.source,
    )


@router.get(
    "/{entity_id}",
    response_model=EntityDetail,
    responses=responses(404, 409),
    summary="One entity with its identifiers, sources and direct owners, controllers and controlled entities",
)
def entity(store: StoreDep, entity_id: EntityId) -> EntityDetail:
    """Neighbours are the ownership and control ties one step away, in both directions, each with its source
    record (funding, research ties and listings: see the due-diligence routes)."""
    ref = find(store, entity_id)
    [row] = store.run(queries.load("entity"), {"ids": [ref.id]})
    sources = [Source(dataset=row.get("dataset"), source_id=row.get("sourceId"), retrieved_at=row.get("retrievedAt"))]
    others: list[EntityRef] = []
    if ref.label == "Organization":
        members = [i for i in identity_of(store, [ref.id]).members(ref.id) if i != ref.id]
        for record in store.run(queries.load("records"), {"ids": members}) if members else []:
            others.append(EntityRef.from_row(record))
            sources.append(
                Source(
                    dataset=record["dataset"],
                    source_id=record["sourceId"],
                    source_url=record["sourceUrl"],
                    retrieved_at=record["retrievedAt"],
                )
            )
    neighbours = []
    for owner in controllers(store, ref.id, max_hops=1):
        for path in owner.paths:
            # The one ownership or control step; the others, if any, join records of one organization (SAME_AS).
            [tie] = [h for h in path.hops if h.type != SAME_AS]
            neighbours.append(_neighbour(EntityRef(**owner.model_dump(include=set(EntityRef.model_fields))), tie, "in"))
    for target, path in controlled_entities(store, ref.id):
        ties = [h for h in path.hops if h.type != SAME_AS]
        if len(ties) == 1:
            neighbours.append(_neighbour(target, ties[0], "out"))
    identity = identity_of(store, [ref.id])
    names = display(store, [ref, [n.entity for n in neighbours]], identity).get(ref.id)
    named = NameSet(**asdict(names)) if names is not None else NameSet(display=ref.name)
    return EntityDetail(
        **ref.model_dump(),
        names=named,
        sources=sources,
        same_as=others,
        neighbours=neighbours,
        gleif=GleifFacts.from_row(row.get("gleif")),
    )
