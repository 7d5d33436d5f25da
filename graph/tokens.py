"""A strict tokenizer for investigators' Cypher: it splits the text exactly as the engines' lexers do, or refuses it.

Neo4j 5 and the embedded engine lex Cypher with the same ANTLR rules (Neo4j's Cypher5/Cypher25 lexers; ArcadeDB
ships a copy of Cypher25Lexer.g4): `//` comments end at `\\r` or `\\n`, `/* */` comments end at the first `*/`,
strings take any character after a backslash, quoted names double their backticks, and some thirty Unicode
characters (`\\x85`, `\\u2028`, `\\u00a0`, ...) are whitespace. A guard that reads the text differently from the
engine can be walked around (issue 13: `//x\\rLOAD CSV ...`), so this tokenizer accepts a deliberately small
subset whose reading is certain and refuses everything else with the position:

- outside strings, quoted names and comments: printable ASCII, space, tab, `\\n` and `\\r` only;
- in strings: the escapes `\\\\ \\' \\" \\b \\f \\n \\r \\t \\uXXXX \\UXXXXXXXX`, except a backslash-escaped
  quote of the string's own kind (the one escape whose reading decides where the string ends);
- in strings, quoted names and comments: no control, format, private-use, unassigned or line/paragraph-separator
  characters;
- unterminated strings, names and comments, a `/*` inside a block comment, two strings run together, numbers
  that are not plain decimal, hex or octal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from graph.errors import QueryError


class Kind(StrEnum):
    NAME = "name"  # an unquoted identifier or keyword
    QUOTED = "quoted"  # a `quoted name`; value without the backticks, doubled backticks undone
    STRING = "string"  # value decoded
    NUMBER = "number"
    PARAM = "param"  # $name or $`name`; value is the name
    SYMBOL = "symbol"  # punctuation and operators, one or two characters


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    value: str
    start: int  # offset in the text

    @property
    def word(self) -> str:
        """The value as the engines compare keywords and procedure names: NFKC-normalised and case-folded."""
        return unicodedata.normalize("NFKC", self.value).casefold()


_CODE_WHITESPACE: Final = frozenset(" \t\n\r")
# Whitespace to the engines' lexers, refused here so that nobody has to agree on where a line ends.
_ODD_SPACES: Final = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f]+|0o[0-7]+|(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_PARAM_NAME = re.compile(r"[A-Za-z0-9_]+")
_NUMBER_RUN = re.compile(r"[0-9A-Za-z_.]*")
_TWO_CHAR_SYMBOLS: Final = frozenset({"<>", "<=", ">=", "=~", "..", "+=", "->", "<-", "::", "||", "!="})
_ONE_CHAR_SYMBOLS: Final = frozenset("()[]{}<>=+-*/%^,.:;|&!?")
_SIMPLE_ESCAPES: Final = {"\\": "\\", "'": "'", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# Unicode categories refused inside strings, names and comments: control, format (zero-width, bidi overrides),
# surrogate, private use, unassigned, and line/paragraph separators (which some lexers end a line at).
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def where(text: str, offset: int) -> str:
    """`line L, column C` of an offset, counting lines the way the engines end `//` comments (\\r, \\n, \\r\\n)."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    return f"line {line}, column {len(before) - before.rfind(chr(10))}"


def _refuse(text: str, offset: int, problem: str) -> QueryError:
    return QueryError(f"the query cannot be checked safely: {problem} at {where(text, offset)}")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _check_text_char(text: str, offset: int, allow_line_breaks: bool) -> None:
    char = text[offset]
    if char == "\t" or (allow_line_breaks and char in "\n\r"):
        return
    if unicodedata.category(char) in _REFUSED_CATEGORIES or char == "\x85":
        raise _refuse(text, offset, f"the character {_describe(char)}")


def tokenize(text: str) -> list[Token]:
    """The significant tokens of a query (comments and whitespace dropped), or QueryError naming what and where."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _CODE_WHITESPACE:
            i += 1
        elif text.startswith("//", i):
            i = _line_comment(text, i)
        elif text.startswith("/*", i):
            i = _block_comment(text, i)
        elif char in "'\"":
            value, i_end = _string(text, i)
            if i_end < n and text[i_end] in "'\"":
                raise _refuse(text, i_end, "two strings written together")
            tokens.append(Token(Kind.STRING, value, i))
            i = i_end
        elif char == "`":
            value, i_end = _quoted_name(text, i)
            tokens.append(Token(Kind.QUOTED, value, i))
            i = i_end
        elif char == "$":
            i = _parameter(text, i, tokens)
        elif char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(text, i)
            assert match is not None
            end = match.end()
            if end < n and text[end] == "$":
                raise _refuse(text, end, "a '$' inside a name")
            tokens.append(Token(Kind.NAME, match.group(0), i))
            i = end
        elif char.isascii() and (char.isdigit() or (char == "." and text[i + 1 : i + 2].isdigit())):
            i = _number(text, i, tokens)
        elif text[i : i + 2] in _TWO_CHAR_SYMBOLS:
            tokens.append(Token(Kind.SYMBOL, text[i : i + 2], i))
            i += 2
        elif char in _ONE_CHAR_SYMBOLS:
            tokens.append(Token(Kind.SYMBOL, char, i))
            i += 1
        elif (not char.isascii() and unicodedata.category(char).startswith("Z")) or char in _ODD_SPACES:
            raise _refuse(text, i, f"the whitespace character {_describe(char)} (use an ordinary space or newline)")
        elif not char.isascii():
            raise _refuse(text, i, f"the character {_describe(char)} outside a string (quote non-ASCII names `so`)")
        else:
            raise _refuse(text, i, f"the character {_describe(char)}")
    return tokens


def _line_comment(text: str, start: int) -> int:
    i = start + 2
    while i < len(text) and text[i] not in "\r\n":
        _check_text_char(text, i, allow_line_breaks=False)
        i += 1
    return i


def _block_comment(text: str, start: int) -> int:
    end = text.find("*/", start + 2)
    if end < 0:
        raise _refuse(text, start, "a /* comment that is never closed")
    nested = text.find("/*", start + 2, end)
    if nested >= 0:
        raise _refuse(text, nested, "a /* inside a /* comment */")
    for i in range(start + 2, end):
        _check_text_char(text, i, allow_line_breaks=True)
    return end + 2


def _string(text: str, start: int) -> tuple[str, int]:
    quote = text[start]
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\":
            escaped, i = _escape(text, i, quote)
            out.append(escaped)
            continue
        _check_text_char(text, i, allow_line_breaks=True)
        out.append(char)
        i += 1
    raise _refuse(text, start, "a string that is never closed")


def _escape(text: str, start: int, quote: str) -> tuple[str, int]:
    code = text[start + 1 : start + 2]
    if code == quote:
        other = '"' if quote == "'" else "'"
        advice = f"write it inside {other}...{other}"
        raise _refuse(text, start, f"an escaped {quote} inside a {quote}string{quote} ({advice})")
    if code in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[code], start + 2
    width = {"u": 4, "U": 8}.get(code)
    digits = text[start + 2 : start + 2 + width] if width else ""
    if width is None or len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise _refuse(text, start, f"an unknown escape \\{code!s}")
    value = int(digits, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise _refuse(text, start, f"an escape \\{code}{digits} that is not a character")
    char = chr(value)
    if unicodedata.category(char) in _REFUSED_CATEGORIES and char not in "\t\n\r":
        raise _refuse(text, start, f"an escape for the character {_describe(char)}")
    return char, start + 2 + width


def _quoted_name(text: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "`":
            if text.startswith("``", i):
                out.append("`")
                i += 2
                continue
            if not out:
                raise _refuse(text, start, "an empty quoted name")
            return "".join(out), i + 1
        if char == "\\":
            raise _refuse(text, i, "a backslash inside a quoted name")
        _check_text_char(text, i, allow_line_breaks=False)
        out.append(char)
        i += 1
    raise _refuse(text, start, "a quoted name that is never closed")


def _parameter(text: str, start: int, tokens: list[Token]) -> int:
    rest = start + 1
    if text.startswith("`", rest):
        name, end = _quoted_name(text, rest)
    else:
        match = _PARAM_NAME.match(text, rest)
        if match is None:
            raise _refuse(text, start, "a '$' without a parameter name")
        name, end = match.group(0), match.end()
        if end < len(text) and text[end] == "$":
            raise _refuse(text, end, "a '$' inside a name")
    tokens.append(Token(Kind.PARAM, name, start))
    return end


def _number(text: str, start: int, tokens: list[Token]) -> int:
    match = _NUMBER.match(text, start)
    end = match.end() if match is not None else start
    # What follows a number is a '.' (`1..3`, `1.5.x` are a number then a dot) or not a name character at all.
    run = _NUMBER_RUN.match(text, end)
    tail = run.group(0) if run is not None else ""
    if match is None or (tail and not tail.startswith("..") and tail[0] != "."):
        raise _refuse(text, start, f"the number {text[start : end + len(tail)]!r}")
    tokens.append(Token(Kind.NUMBER, text[start:end], start))
    return end
