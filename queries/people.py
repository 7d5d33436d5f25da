"""What a person is to organizations: owner, director (a board seat: influence) or controller, employee or author
affiliated with it, principal investigator of a grant awarded through it; each with its path and source.

`tietrace check` answers for a person with the same sections as for an organization (their listings and the
listings near them come from queries/proximity.py, anchored at the person) plus these roles.
"""

from __future__ import annotations

from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import PersonRole
from queries.control import is_influence_hop
from queries.paths import path as to_path

_ORDER = {"owns": 0, "directs": 1, "works_for": 2, "grant_pi": 3}


def roles_from_rows(rows: list[dict[str, Any]]) -> list[PersonRole]:
    """One answer per (role, organization): the most recent record of it (latest validFrom first)."""
    found: dict[tuple[str, str], PersonRole] = {}
    for row in rows:
        p = to_path(row["nodes"], row["hops"])
        first = p.hops[0]
        influence = is_influence_hop(first)
        role = PersonRole(
            role=row["role"],
            organization=p.nodes[-1],
            via=p.nodes[1] if len(p.nodes) > 2 else None,
            share_pct=first.share_pct if row["role"] == "owns" else None,
            share_range=first.share_range if row["role"] == "owns" else None,
            control_type=first.control_type,
            controls=row["role"] == "directs" and not influence,
            influence=influence,
            valid_from=first.valid_from,
            valid_to=first.valid_to,
            path=p,
        )
        key = (role.role, role.organization.id + (role.via.id if role.via else ""))
        current = found.get(key)
        if current is None or (role.valid_from or "") > (current.valid_from or ""):
            found[key] = role
    return sorted(found.values(), key=lambda r: (_ORDER.get(r.role, 9), -(r.share_pct or 0.0), r.organization.id))


def person_roles(store: GraphStore, person_id: str, as_of: str | None = None) -> list[PersonRole]:
    """The organizations the person owns, directs or controls, works for, or holds a grant through."""
    return roles_from_rows(store.run(queries.load("person_roles"), {"id": person_id, "asOf": as_of}))
