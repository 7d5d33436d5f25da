"""Hypothesis strategies: forbidden Cypher hidden behind comments, line ends, whitespace, case and look-alikes.

Shared by tests/unit/test_guard.py (the guard alone, many examples) and tests/e2e/test_guard_bypass.py (the CLI and
the API on the real engine). Every generated text holds a forbidden construct as code under at least one reading
of the text; the guard must refuse all of them, whichever reading it takes.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Each construct as tokens; what separates the tokens is drawn below.
FORBIDDEN: list[list[str]] = [
    ["LOAD", "CSV", "FROM", "'file:///etc/passwd'", "AS", "r", "RETURN", "r"],
    ["LOAD", "CSV", "WITH", "HEADERS", "FROM", "'https://example.org/x.csv'", "AS", "r", "RETURN", "r"],
    ["USING", "PERIODIC", "COMMIT", "LOAD", "CSV", "FROM", "'x'", "AS", "r", "RETURN", "r"],
    ["CALL", "db.schema.visualization", "(", ")"],
    ["CALL", "dbms.listConfig", "(", ")", "YIELD", "name", "RETURN", "name"],
    ["CALL", "`dbms`.`security`.`createUser`", "(", "'m'", ",", "'p'", ",", "false", ")"],
    ["CREATE", "(", ":Zed", ")"],
    ["MATCH", "(", "n", ")", "DETACH", "DELETE", "n"],
    ["MATCH", "(", "n", ")", "SET", "n.pwned", "=", "1"],
    ["MERGE", "(", ":Zed", "{", "id:", "1", "}", ")"],
    ["MATCH", "(", "n", ")", "RETURN", "n", ";", "CREATE", "(", ":Zed", ")"],
    ["PROFILE", "MATCH", "(", "n", ")", "RETURN", "n"],
    ["SHOW", "DATABASES"],
]
KEYWORDS = frozenset(
    {"LOAD", "CSV", "FROM", "CALL", "CREATE", "MATCH", "DETACH", "DELETE", "SET", "MERGE", "PROFILE", "SHOW"}
    | {"USING", "PERIODIC", "COMMIT", "WITH", "HEADERS", "RETURN", "YIELD", "AS"}
)
# Line ends and spaces the engines' lexers know, and comments that end at each of them (or do not).
LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
SPACES = [" ", "\t", "\u00a0", "\u3000", "\u2003", "\u202f", "\u1680", "\x1c", "\x1f"]
# Characters that render like ASCII letters (Cyrillic, fullwidth) or hide (zero-width, soft hyphen).
LOOK_ALIKES = {"A": "\u0410", "C": "\u0421", "E": "\u0415", "O": "\u041e", "L": "\uff2c", "S": "\u0405"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@st.composite
def separator(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["space", "line", "line-comment", "block-comment", "mixed"]))
    if kind == "space":
        return draw(st.sampled_from(SPACES))
    if kind == "line":
        return draw(st.sampled_from(LINE_ENDS))
    if kind == "line-comment":
        return f" //{draw(st.text(alphabet='x /*', max_size=4))}{draw(st.sampled_from(LINE_ENDS))}"
    if kind == "block-comment":
        return f"/*{draw(st.sampled_from(['', ' x ', LINE_ENDS[1], '//']))}*/"
    return "".join(draw(st.lists(st.sampled_from([*SPACES, *LINE_ENDS]), min_size=1, max_size=3)))


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    if word not in KEYWORDS:
        return word
    style = draw(st.sampled_from(["upper", "lower", "mixed", "look-alike", "invisible"]))
    if style == "lower":
        return word.lower()
    if style == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(c.lower() if flip else c for c, flip in zip(word, flips, strict=True))
    if style == "look-alike":
        return "".join(LOOK_ALIKES.get(c, c) for c in word)
    if style == "invisible":
        at = draw(st.integers(min_value=1, max_value=len(word) - 1))
        return word[:at] + draw(st.sampled_from(INVISIBLE)) + word[at:]
    return word


@st.composite
def forbidden_query(draw: st.DrawFn) -> str:
    """A forbidden construct, its tokens separated by drawn whitespace and comments, after a drawn prefix."""
    tokens = draw(st.sampled_from(FORBIDDEN))
    prefix = draw(
        st.sampled_from(
            ["", "//x", "// harmless", "/* c */", "/* MATCH (n) RETURN n */", "RETURN 1 AS one //", "CYPHER "]
        )
    )
    # After a `//` prefix, a line end (of one lexer or another) must follow, or the whole text is a comment.
    after_prefix = draw(st.sampled_from(LINE_ENDS)) if "//" in prefix else draw(separator())
    parts = [prefix, after_prefix if prefix else ""]
    for token in tokens:
        parts.append(draw(keyword(token)))
        parts.append(draw(separator()))
    return "".join(parts)
