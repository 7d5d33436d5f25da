"""The person matching index: the graph's Person nodes (name, aliases, ORCID) in resolve.matcher's index, so a
collaborator row that names a person (NSF's COA template: a name and an organizational affiliation) is screened as
the person too. Names are matched as the organizations' are (tokens in any order, so "Lin, Lu" meets "Lu Lin");
persons have no blocking or scoring of their own yet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import queries
from graph.store import GraphStore
from resolve.matcher import Matcher

PAGE = 20_000


def _rows(store: GraphStore) -> Iterator[dict[str, Any]]:
    query = queries.load("people")
    after = ""
    while True:
        rows = store.run(query, {"afterId": after, "limit": PAGE})
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1]["id"]


def people_matcher(store: GraphStore) -> Matcher:
    """Every person of the graph, read in pages ordered by id."""
    matcher = Matcher.from_rows(_rows(store))
    matcher.translate = False  # the glossary is institutions' vocabulary: a person's name in Han is not translated
    matcher.initials = False  # nor are initials guessed: a person is not looked for by theirs
    return matcher
