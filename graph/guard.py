"""What the read-only Cypher guard checks besides the engine's own verdict.

Whether a query can write is decided by the engine (Neo4j's EXPLAIN query type; the embedded engine's parser,
see graph.store.embedded). Some things are reads to an engine and still not for investigators: LOAD CSV reads
files and URLs from the server, PROFILE executes, SHOW and admin commands describe the server, and a procedure
can do anything its author wanted. Those are refused here, on the tokens of graph.tokens, which reads the text
exactly as the engines do or refuses it, so a string or a `quoted name` that merely mentions `LOAD CSV` is not
refused and a comment cannot hide code from the guard.

Defence in depth: the words LOAD, CSV and PERIODIC, write clauses and admin commands are refused wherever they
stand as keywords, not only where the grammar would put them, and the engine itself is configured to read no
local file (graph.store.engine_process) whatever reaches it.
"""

from __future__ import annotations

from typing import Final

from graph.errors import QueryError, WriteRefused
from graph.tokens import Kind, Token, tokenize, where

# Read-only procedures an investigator may call. Lower-case: Neo4j resolves procedure names case-insensitively.
ALLOWED_PROCEDURES: Final = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.index.fulltext.querynodes",
    }
)
# Namespaced functions an investigator may call (Neo4j's built-in temporal, spatial and vector functions); any
# other `a.b(...)` is refused: a plugin's function can read files or URLs as well as a procedure can.
ALLOWED_FUNCTION_PREFIXES: Final = (
    "date.",
    "datetime.",
    "localdatetime.",
    "localtime.",
    "time.",
    "duration.",
    "point.",
    "vector.similarity.",
)
ALLOWED_FUNCTIONS: Final = frozenset({"db.namefromelementid"})

MAX_QUERY_CHARS: Final = 20_000

# Refused as the first word: they describe or administer the server, or run the query in another mode.
_LEADING_REFUSED: Final = frozenset(
    {"explain", "profile", "show", "use", "grant", "deny", "revoke", "alter", "start", "stop", "terminate"}
    | {"enable", "dry", "dryrun", "cypher", "rename", "drop", "create", "deallocate", "reallocate"}
)
# Refused wherever they stand as a keyword: file access, and what writes or administers. A property (`n.set`),
# a label (`:Create`), a map key (`{load: 1}` is still refused, see below) or a `quoted name` is not a keyword.
_FILE_WORDS: Final = frozenset({"load", "csv", "periodic"})
_CLAUSE_WORDS: Final = frozenset(
    {"create", "merge", "set", "delete", "detach", "nodetach", "remove", "foreach", "drop", "insert"}
    | {"use", "show", "grant", "deny", "revoke", "alter", "terminate", "explain", "profile"}
)


def check_text(text: str) -> None:
    """Refuse what no read-only investigation needs; raise WriteRefused or QueryError with the reason."""
    if not text.strip():
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    tokens = tokenize(text)
    if not tokens:
        raise QueryError("the query holds only comments")
    for index, token in enumerate(tokens):
        if token.kind is Kind.SYMBOL and token.value == ";" and index != len(tokens) - 1:
            raise WriteRefused(
                f"only one statement per request: remove the ';' at {where(text, token.start)} between statements"
            )
    first = tokens[0]
    if first.kind is Kind.NAME and first.word in _LEADING_REFUSED:
        raise WriteRefused(f"{first.value.upper()} is not available through the read-only Cypher endpoint")
    for index, token in enumerate(tokens):
        if token.kind is not Kind.NAME:
            continue
        word = token.word
        if word in _FILE_WORDS:
            raise WriteRefused(
                f"{token.value.upper()} at {where(text, token.start)} is refused: LOAD CSV reads files and URLs "
                "from the database server (quote a name that happens to be this word: `like this`)"
            )
        if not _is_keyword(tokens, index):
            continue
        if word in _CLAUSE_WORDS:
            raise WriteRefused(
                f"{token.value.upper()} at {where(text, token.start)} is not available through the read-only "
                "Cypher endpoint (quote a name that happens to be this word: `like this`)"
            )
        if word == "call":
            _check_call(text, tokens, index)
    _check_functions(text, tokens)
    for token in tokens:
        if token.kind is Kind.STRING and "file:" in token.word.replace(" ", ""):
            raise WriteRefused(f"the string at {where(text, token.start)} holds a file: URL; files are not readable")


def _is_keyword(tokens: list[Token], index: int) -> bool:
    """A name that stands as a keyword: not a property or label (after '.' or ':'), not a map key (before ':')."""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is not None and before.kind is Kind.SYMBOL and before.value in (".", ":"):
        return False
    return not (after is not None and after.kind is Kind.SYMBOL and after.value == ":")


def _dotted_name(tokens: list[Token], index: int) -> tuple[str, int]:
    """The dotted name starting at tokens[index] (`db.labels`, `` `db`.`labels` ``), lower-cased; and its end."""
    parts: list[str] = []
    i = index
    while i < len(tokens) and tokens[i].kind in (Kind.NAME, Kind.QUOTED):
        parts.append(tokens[i].word)
        if i + 2 < len(tokens) and tokens[i + 1].value == "." and tokens[i + 1].kind is Kind.SYMBOL:
            i += 2
            continue
        i += 1
        break
    return ".".join(parts), i


def _check_call(text: str, tokens: list[Token], index: int) -> None:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.kind is Kind.SYMBOL and following.value in ("{", "("):
        return  # a subquery: CALL { ... } or CALL (x) { ... }; what it does is checked token by token
    name, _ = _dotted_name(tokens, index + 1)
    if not name:
        raise WriteRefused(f"CALL at {where(text, tokens[index].start)} is followed by neither a procedure nor a {{")
    if name not in ALLOWED_PROCEDURES:
        allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
        raise WriteRefused(f"procedure {name!r} is not on the allow-list ({allowed})")


def _check_functions(text: str, tokens: list[Token]) -> None:
    """Every namespaced function call (`a.b(`) must be a built-in one."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        before = tokens[index - 1] if index > 0 else None
        starts_name = token.kind in (Kind.NAME, Kind.QUOTED) and not (
            before is not None and before.kind is Kind.SYMBOL and before.value == "."
        )
        if not starts_name:
            index += 1
            continue
        name, end = _dotted_name(tokens, index)
        is_call = end < len(tokens) and tokens[end].kind is Kind.SYMBOL and tokens[end].value == "("
        after_call = before is not None and before.kind is Kind.NAME and before.word == "call"
        allowed = name in ALLOWED_FUNCTIONS or name.startswith(ALLOWED_FUNCTION_PREFIXES)
        if is_call and "." in name and not after_call and not allowed:
            raise WriteRefused(
                f"function {name!r} at {where(text, token.start)} is not available: only Cypher's built-in "
                "functions are"
            )
        index = max(end, index + 1)
