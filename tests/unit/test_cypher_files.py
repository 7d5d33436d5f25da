"""Every shipped Cypher text declares what it is: header parsed, declared params match the body."""

from __future__ import annotations

import re

import pytest

import queries
from graph.cypher import Mode, blank_strings_and_comments, parse, split_statements
from graph.errors import NotFound
from tietrace.catalog import shipped_cypher

SHIPPED = shipped_cypher()


def test_header_is_parsed() -> None:
    query = parse(
        "// name: q\n// summary: One.\n// summary: Two.\n// params: $id: string, $maxHops: integer\n"
        "// returns: a, b\nMATCH (n {id: $id}) RETURN n.a AS a, $maxHops AS b",
        "default",
    )
    assert query.name == "q"
    assert query.summary == "One. Two."
    assert dict(query.params) == {"id": "string", "maxHops": "integer"}
    assert query.returns == ("a", "b")
    assert query.used_params() == {"id", "maxHops"}


def test_parameters_inside_strings_and_comments_are_not_parameters() -> None:
    query = parse("// $nope in a comment\nRETURN '$notme' AS s, `$quoted` AS t, $yes AS y", "x")
    assert query.used_params() == {"yes"}


def test_blanking_keeps_offsets() -> None:
    text = "RETURN 'abc' AS s // c"
    blanked = blank_strings_and_comments(text)
    assert len(blanked) == len(text)
    assert blanked.startswith("RETURN       AS s")


def test_multi_statement_files_split_on_lone_semicolons() -> None:
    assert split_statements("RETURN 1 AS a\n;\nRETURN ';' AS b\n;\n// only a comment\n") == [
        "RETURN 1 AS a",
        "RETURN ';' AS b",
    ]


@pytest.mark.parametrize("query", SHIPPED, ids=lambda q: q.name)
def test_declared_params_match_the_body(query) -> None:  # type: ignore[no-untyped-def]
    assert query.name and query.text
    if query.mode is not Mode.SCHEMA:
        assert query.summary, f"{query.name} has no summary line"
        assert set(query.params) == query.used_params(), f"{query.name}: header and body disagree on params"


@pytest.mark.parametrize("query", [q for q in SHIPPED if q.mode is Mode.READ], ids=lambda q: q.name)
def test_read_queries_declare_their_columns(query) -> None:  # type: ignore[no-untyped-def]
    assert query.returns, f"{query.name} declares no returned columns"


def test_queries_load_by_name_and_unknown_names_are_not_found() -> None:
    assert "entity" in queries.names()
    assert queries.load("entity").params == {"ids": "list of strings"}
    with pytest.raises(NotFound, match="no query named 'nope'"):
        queries.load("nope")


@pytest.mark.parametrize("query", SHIPPED, ids=lambda q: q.name)
def test_no_query_looks_up_an_id_without_a_label(query) -> None:  # type: ignore[no-untyped-def]
    """`MATCH (x {id: $id})` without a label scans every node on the embedded engine (182 ms instead of 2 ms at
    100k organizations, measured in bench/investigations.py); anchor on a label so the unique index is used."""
    code = blank_strings_and_comments(query.text)
    assert not re.search(r"\(\s*\w*\s*\{\s*id\s*:", code), f"{query.name} matches an id without a label"


# A clause that starts a pattern or binds names, and a node pattern: its variable, and whether it has a property map.
_CLAUSE = re.compile(r"\b(OPTIONAL\s+MATCH|MATCH|UNWIND|WITH|RETURN|WHERE|ORDER|CALL|UNION|YIELD|LIMIT|SKIP)\b", re.I)
_NODE = re.compile(r"\(\s*(\w*)\s*(?::[\w:|`]+\s*)?(\{)?[^()]*\)")
_BINDS = re.compile(r"\b(?:AS|YIELD)\s+(\w+)|\b(\w+)\s*=\s*\(|\[\s*(\w+)\s*[:\]*]", re.I)


def walks_into_a_bound_node(text: str) -> list[str]:
    """The MATCH patterns that start at a fresh node with no property map and reach a node bound earlier.

    The embedded engine's planner does not start a pattern at a node an earlier clause bound: `MATCH
    (p)-[:GAVE]->(g)` with `g` bound scans every node for `p` (3.9-5.3 s on the `lists load` graph, against 16-31 ms
    for `MATCH (g)<-[:GAVE]-(p)`, measured 2026-12-07; a CI run timed out on it). Names bound anywhere earlier count
    as bound, which can only make this stricter."""
    code = blank_strings_and_comments(text)
    bound: set[str] = set()
    found: list[str] = []
    clauses = list(_CLAUSE.finditer(code))
    for index, clause in enumerate(clauses):
        body = code[clause.end() : clauses[index + 1].start() if index + 1 < len(clauses) else len(code)]
        if clause.group(1).upper().endswith("MATCH"):
            for part in re.split(r",(?![^(\[{]*[)\]}])", body):
                nodes = _NODE.findall(part)
                first, anchored = nodes[0] if nodes else ("", "")
                if first not in bound and not anchored and any(name in bound for name, _ in nodes[1:]):
                    found.append(" ".join(part.split()))
                bound.update(name for name, _ in nodes if name)
        bound.update(name for match in _BINDS.finditer(body) for name in match.groups() if name)
    return found


def test_a_walk_into_a_bound_node_is_found() -> None:
    assert walks_into_a_bound_node("MATCH (g:Gift {id: $id}) MATCH (p)-[:GAVE]->(g)-[:TO]->(b) RETURN p, b") == [
        "(p)-[:GAVE]->(g)-[:TO]->(b)"
    ]
    assert walks_into_a_bound_node("UNWIND $ids AS i MATCH (o:Organization {id: i}), (x:Person)-[:R]->(o) RETURN x")
    assert not walks_into_a_bound_node("MATCH (g:Gift {id: $id}) MATCH (g)<-[:GAVE]-(p) RETURN p")
    assert not walks_into_a_bound_node("MATCH (a:Organization {id: $a}) MATCH (b:Person {id: $b})-[r]->(a) RETURN r")


@pytest.mark.parametrize("query", SHIPPED, ids=lambda q: q.name)
def test_no_pattern_walks_from_a_fresh_node_into_a_bound_one(query) -> None:  # type: ignore[no-untyped-def]
    assert not walks_into_a_bound_node(query.text), f"{query.name}: start the pattern at the bound node"
