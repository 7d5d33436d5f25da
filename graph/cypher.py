"""Cypher texts kept in files, with a header that names their purpose, parameters and columns.

The header is the contract a reviewer reads and a test checks:

    // name: ultimate_controllers
    // summary: Upstream owners and controllers of an organization.
    // params: $id: string, $maxHops: integer
    // returns: controllerId, name

A file may hold several statements separated by a line holding only `;` (schema files do).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

_HEADER = re.compile(r"^//\s*(name|summary|params|returns|mode)\s*:\s*(.*)$")
_PARAM_DECL = re.compile(r"\$(\w+)\s*:\s*([\w ()]+)")
# A parameter reference outside strings and comments; strings and comments are blanked before matching.
_PARAM_USE = re.compile(r"\$(\w+)")
# A `//` comment ends at \r as well as \n, as in the engines' lexers; a quoted name doubles its backticks.
_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`|//[^\r\n]*|/\*.*?\*/""", re.DOTALL
)


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"
    SCHEMA = "schema"


@dataclass(frozen=True, slots=True)
class Query:
    """One Cypher statement with its declared contract."""

    name: str
    text: str
    summary: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    returns: tuple[str, ...] = ()
    mode: Mode = Mode.READ

    def used_params(self) -> set[str]:
        """Parameters the body refers to (ignoring `$x` inside strings and comments)."""
        return set(_PARAM_USE.findall(blank_strings_and_comments(self.text)))


def blank_strings_and_comments(text: str, keep_quoted_names: bool = False) -> str:
    """The text with string literals, comments and (unless kept) `quoted names` replaced by spaces.

    Offsets are kept, so a position found in the result is a position in the original.
    """

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        if keep_quoted_names and token.startswith("`"):
            return token
        return " " * len(token)

    return _STRINGS_AND_COMMENTS.sub(blank, text)


def parse(text: str, default_name: str, mode: Mode = Mode.READ) -> Query:
    """Parse one statement with its optional header comment lines."""
    meta: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER.match(stripped)
        if match is None:
            if stripped.startswith("//"):
                continue
            break
        key, value = match.group(1), match.group(2).strip()
        # A long summary, parameter list or column list may run over several header lines of the same key.
        meta[key] = f"{meta[key]} {value}" if key in ("summary", "params", "returns") and key in meta else value
    params = {m.group(1): m.group(2).strip() for m in _PARAM_DECL.finditer(meta.get("params", ""))}
    returns = tuple(c.strip() for c in meta.get("returns", "").split(",") if c.strip())
    return Query(
        name=meta.get("name", default_name),
        text=text.strip(),
        summary=meta.get("summary", ""),
        params=params,
        returns=returns,
        mode=Mode(meta.get("mode", mode.value)),
    )


def split_statements(text: str) -> list[str]:
    """Statements of a multi-statement file: separated by a line holding only `;`."""
    parts = re.split(r"^\s*;\s*$", text, flags=re.MULTILINE)
    return [p.strip() for p in parts if blank_strings_and_comments(p).strip()]


def load_file(path: Path, mode: Mode = Mode.READ) -> list[Query]:
    """Every statement of one `.cypher` file; a lone statement takes the file's stem as default name."""
    text = path.read_text(encoding="utf-8")
    statements = split_statements(text)
    if len(statements) == 1:
        return [parse(statements[0], path.stem, mode)]
    return [parse(s, f"{path.stem}#{i}", mode) for i, s in enumerate(statements, start=1)]


def load_dir(directory: Path, mode: Mode = Mode.READ) -> dict[str, Query]:
    """All queries of a folder of one-question-per-file `.cypher` files, by name."""
    queries: dict[str, Query] = {}
    for path in sorted(directory.glob("*.cypher")):
        for query in load_file(path, mode):
            if query.name in queries:
                raise ValueError(f"{path}: query name {query.name!r} is used twice")
            queries[query.name] = query
    return queries
