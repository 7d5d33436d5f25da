"""queries/neighbours.cypher pages per relationship type, so it must name every type the model has."""

from __future__ import annotations

import pytest

import queries
from graph.model import Rel


@pytest.mark.parametrize("rel", list(Rel), ids=str)
def test_every_relationship_type_is_counted_and_read(rel: Rel) -> None:
    # A type added to graph/model.py without a branch here would never show on the investigation page.
    text = queries.load("neighbours").text
    assert f"COUNT {{ (x)-[:{rel.value}]-() }}" in text
    assert f"MATCH (x)-[r:{rel.value}]-(m) WITH total, r, m LIMIT $limit" in text
