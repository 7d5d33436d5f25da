"""What the read-only Cypher guard checks besides the engine's own verdict.

Whether a query can write is decided by the engine (Neo4j's EXPLAIN query type; the embedded engine's parser,
see graph.store.embedded). Some things are reads to an engine and still not for investigators: LOAD CSV reads
files and URLs from the server, PROFILE executes, SHOW and admin commands describe the server, and a procedure
can do anything its author wanted. Those are refused here, on the tokens of the query with strings, quoted
names and comments blanked out, so a string or a property that merely mentions `LOAD CSV` is not refused.
"""

from __future__ import annotations

import re
from typing import Final

from graph.cypher import blank_strings_and_comments
from graph.errors import QueryError, WriteRefused

# Read-only procedures an investigator may call. Lower-case: Neo4j resolves procedure names case-insensitively.
ALLOWED_PROCEDURES: Final = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.index.fulltext.querynodes",
    }
)

MAX_QUERY_CHARS: Final = 20_000

_NOT_AFTER = r"(?<![\w.$`])"
_LOAD_CSV = re.compile(_NOT_AFTER + r"LOAD\s+CSV\b", re.IGNORECASE)
_NAME_PART = r"(?:[A-Za-z_]\w*|`[^`]+`)"
_PROCEDURE = re.compile(_NOT_AFTER + rf"CALL\s+({_NAME_PART}(?:\s*\.\s*{_NAME_PART})*)", re.IGNORECASE)
_LEADING_REFUSED = re.compile(
    r"^\s*(EXPLAIN|PROFILE|SHOW|USE|GRANT|DENY|REVOKE|ALTER|START|STOP|TERMINATE|ENABLE|DRY\s+RUN)\b",
    re.IGNORECASE,
)


def check_text(text: str) -> None:
    """Refuse what no read-only investigation needs; raise WriteRefused or QueryError with the reason."""
    if not text.strip():
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    code = blank_strings_and_comments(text)
    if not code.strip():
        raise QueryError("the query holds only comments")
    body = code.rstrip().removesuffix(";")
    if ";" in body:
        raise WriteRefused("only one statement per request: remove the ';' between statements")
    leading = _LEADING_REFUSED.match(code)
    if leading is not None:
        keyword = " ".join(leading.group(1).upper().split())
        raise WriteRefused(f"{keyword} is not available through the read-only Cypher endpoint")
    if _LOAD_CSV.search(code):
        raise WriteRefused("LOAD CSV is refused: it reads files and URLs from the database server")
    # Quoted names are kept for this check: CALL `db`.`labels`() and CALL `dbms.listConfig`() are procedures too.
    for match in _PROCEDURE.finditer(blank_strings_and_comments(text, keep_quoted_names=True)):
        name = re.sub(r"[\s`]+", "", match.group(1)).lower()
        if name not in ALLOWED_PROCEDURES:
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            raise WriteRefused(f"procedure {match.group(1)!r} is not on the allow-list ({allowed})")
