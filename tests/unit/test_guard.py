"""The lexical part of the read-only guard; the engine's own verdict is tested in tests/e2e."""

from __future__ import annotations

import pytest

from graph.errors import QueryError, WriteRefused
from graph.guard import check_text


@pytest.mark.parametrize(
    "text",
    [
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "load   csv with headers from 'https://example.org/x.csv' AS row RETURN row",
        "// comment first\nLOAD CSV FROM 'x' AS l RETURN l",
        "PROFILE MATCH (n) RETURN n",
        "  explain MATCH (n) RETURN n",
        "SHOW INDEXES",
        "/* hidden */ SHOW DATABASES",
        "USE system SHOW USERS",
        "GRANT ROLE admin TO alice",
        "ALTER USER alice SET PASSWORD 'x'",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "CALL dbms.listConfig()",
        "CALL `dbms`.`listConfig`()",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
        "MATCH (n) CALL apoc.create.addLabels(n, ['X']) YIELD node RETURN node",
        "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    ],
)
def test_refused(text: str) -> None:
    with pytest.raises(WriteRefused):
        check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (n) RETURN count(n) AS n",
        "RETURN 'LOAD CSV FROM x' AS s",
        "MATCH (n:Organization) WHERE n.name CONTAINS 'PROFILE' RETURN n.name",
        "MATCH (n {`load csv`: 1}) RETURN n",
        "// PROFILE and LOAD CSV in a comment\nMATCH (n) RETURN n",
        "CALL db.labels() YIELD label RETURN label",
        "call Db.Labels()",
        "CALL db.index.fulltext.queryNodes($idx, $q) YIELD node RETURN node",
        "MATCH (n) CALL { WITH n RETURN n.x AS y } RETURN y",
        "MATCH (n) CALL (n) { RETURN n.x AS y } RETURN y",
        "MATCH (n) RETURN n;",
    ],
)
def test_allowed(text: str) -> None:
    check_text(text)


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("// only\n/* comments */", "only comments")])
def test_empty_queries_are_errors(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        check_text(text)


def test_huge_queries_are_refused() -> None:
    with pytest.raises(QueryError, match="the limit is"):
        check_text("RETURN 1 AS x " + " " * 30_000)
