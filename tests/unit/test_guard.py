"""The lexical part of the read-only guard; the engine's own verdict is tested in tests/e2e."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryError, WriteRefused
from graph.guard import check_text
from graph.tokens import Kind, tokenize
from tests.cypher_variants import forbidden_query


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


# -- issue 13: the guard reads the text as the engines do, or refuses it ------------------------------------

ISSUE_13 = [
    "//x\rLOAD CSV FROM 'file:///etc/passwd' AS r\nRETURN r",
    "//x\rCALL db.schema.visualization()\nRETURN 1",
    "//x\r\nLOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
    "MATCH (n) RETURN n //x\rLIMIT 1 LOAD CSV FROM 'x' AS r RETURN r",
    "/* x */LOAD CSV FROM 'x' AS r RETURN r",
    "RETURN 1 AS one\rUNION\rLOAD CSV FROM 'x' AS r RETURN r AS one",
    "RETURN apoc.load.json('file:///etc/passwd') AS x",
    "RETURN `apoc`.`util`.sha1(['x']) AS x",
    "MATCH (n) CALL apoc.cypher.run('LOAD CSV', {}) YIELD value RETURN value",
    "CALL {\nCREATE (:Zed)\n} RETURN 1",
    "MATCH (n) RETURN n UNION MATCH (n) RETURN n PROFILE",
]


@pytest.mark.parametrize("text", ISSUE_13)
def test_issue_13_bypasses_are_refused(text: str) -> None:
    with pytest.raises(WriteRefused):
        check_text(text)


UNCERTAIN = [
    ("//x\u2028LOAD CSV FROM 'x' AS r RETURN r", "U\\+2028"),
    ("//x\u2029RETURN 1", "U\\+2029"),
    ("//x\x85RETURN 1", "U\\+0085"),
    ("RETURN\u00a01", "U\\+00A0"),
    ("RETURN 1\x0bAS x", "U\\+000B"),
    ("RETURN 'unterminated", "never closed"),
    ("RETURN `unterminated", "never closed"),
    ("/* unterminated RETURN 1", "never closed"),
    ("/* a /* b */ RETURN 1", "inside a /\\* comment"),
    ("RETURN 'a\\'b' AS x", "escaped '"),
    ('RETURN "a\\"b" AS x', 'escaped "'),
    ("RETURN 'a\\qb' AS x", "unknown escape"),
    ("RETURN 'a\\u00' AS x", "unknown escape"),
    ("RETURN 'a\\u0000' AS x", "U\\+0000"),
    ("RETURN 'x''y' AS x", "two strings"),
    ("RETURN 1 AS `a\\u0041`", "backslash inside a quoted name"),
    ("RETURN 'a\u202eb' AS x", "U\\+202E"),
    ("RETURN 'a\u200bb' AS x", "U\\+200B"),
    ("RETURN 12abc AS x", "the number"),
    ("RETURN ｎ AS x", "outside a string"),
    ("MATCH (n) RETURN n.\\u006c\\u006f\\u0061\\u0064", "U\\+005C"),
    ("RETURN x$y AS z", "'\\$' inside a name"),
]


@pytest.mark.parametrize(("text", "reason"), UNCERTAIN)
def test_what_cannot_be_tokenised_with_certainty_is_refused(text: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason) as refused:
        check_text(text)
    assert "line 1, column" in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "RETURN 'Société Générale \\u00e9 \\\\ \\n' AS s, \"l'école\" AS t",
        "MATCH (n) WHERE n.name =~ '(?i).*\\\\d+.*' RETURN n",
        "RETURN 1 AS `a``b`, $`my param` AS p",
        "MATCH p = (a)-[*1..3]->(b) RETURN p LIMIT 1",
        "RETURN 0x1F AS h, 0o17 AS o, 1.5e3 AS f, .5 AS g",
        "MATCH (n) RETURN n {.name, .id} AS m",
        "RETURN date.truncate('month', date('2024-05-17')) AS d, duration.between(date(), date()) AS x",
        "MATCH (n) WHERE n.set = 1 OR n.create IS NULL RETURN n",
        "MATCH (n:Create)-[:DELETE]->(m) RETURN {set: 1, merge: 2} AS m",
        "//comment\r\nMATCH (n) RETURN n\r\n",
        "RETURN 1 AS one\t// tab\tin a comment\n",
    ],
)
def test_ordinary_reads_still_pass(text: str) -> None:
    check_text(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forbidden_query())
def test_no_variant_of_a_forbidden_construct_passes(text: str) -> None:
    with pytest.raises((WriteRefused, QueryError)):
        check_text(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
@settings(max_examples=400, deadline=None)
def test_any_text_is_refused_with_a_graph_error_or_passes_without_a_forbidden_word(text: str) -> None:
    try:
        check_text(text)
    except (WriteRefused, QueryError) as refused:
        assert str(refused)  # a reason, never an empty message
        return
    names = {t.word for t in tokenize(text) if t.kind is Kind.NAME}
    assert not names & {"load", "csv", "periodic", "create", "merge", "set", "delete", "remove", "profile"}
