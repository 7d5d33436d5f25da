"""Parameters of an investigator's Cypher, checked at the edge before they reach the driver.

JSON allows what Bolt cannot carry: an integer of 10^30 made the driver fail while packing the request, which
came back as a 500. Here every value is checked against what the engines accept (integers within signed 64 bits,
finite floats) and against limits that keep one request from tying up the engine (nesting depth, values in all,
string length), and each problem names where it is (`params.ids[3]`), answered as a 422.
"""

from __future__ import annotations

import math
from typing import Any

from api.schemas import FieldError

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DEPTH = 16  # lists and maps inside each other
MAX_VALUES = 100_000  # every value at every level, counted together
MAX_STRING_CHARS = 100_000  # one string (a map key included)
MAX_PROBLEMS = 20
LONE_SURROGATE = "not valid Unicode (a lone surrogate such as \\ud800), which the graph cannot store"


def is_unicode(text: str) -> bool:
    """False for text holding a lone surrogate: JSON's "\\ud800" parses, but it has no UTF-8 form to send."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Checker:
    def __init__(self) -> None:
        self.values = 0
        self.problems: list[FieldError] = []

    def problem(self, where: list[str | int], msg: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(FieldError(loc=["body", "params", *where], msg=msg))

    def check(self, value: Any, where: list[str | int], depth: int) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            if self.values == MAX_VALUES + 1:
                self.problem([], f"more than {MAX_VALUES:,} values in all")
            return
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if not INT64_MIN <= value <= INT64_MAX:
                self.problem(where, f"integer outside signed 64 bits ({INT64_MIN} to {INT64_MAX})")
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.problem(where, "not a finite number")
        elif isinstance(value, str):
            if len(value) > MAX_STRING_CHARS:
                self.problem(where, f"string of {len(value):,} characters; at most {MAX_STRING_CHARS:,}")
            elif not is_unicode(value):
                self.problem(where, LONE_SURROGATE)
        elif isinstance(value, list | dict):
            if depth >= MAX_DEPTH:
                self.problem(where, f"nested deeper than {MAX_DEPTH} lists or maps")
                return
            if isinstance(value, list):
                for index, item in enumerate(value):
                    self.check(item, [*where, index], depth + 1)
            else:
                for key, item in value.items():
                    if len(key) > MAX_STRING_CHARS:
                        self.problem(where, f"a key of {len(key):,} characters; at most {MAX_STRING_CHARS:,}")
                    elif not is_unicode(key):
                        self.problem(where, f"a key: {LONE_SURROGATE}")
                    self.check(item, [*where, key[:100]], depth + 1)
        else:  # JSON gives nothing else; a caller in Python might
            self.problem(where, f"{type(value).__name__} is not a JSON value")


def problems(params: dict[str, Any]) -> list[FieldError]:
    """What is wrong with these parameters (empty when nothing is), each naming its place."""
    checker = _Checker()
    for name, value in params.items():
        if len(name) > MAX_STRING_CHARS:
            checker.problem([], f"a parameter name of {len(name):,} characters")
        elif not is_unicode(name):
            checker.problem([], f"a parameter name: {LONE_SURROGATE}")
        checker.check(value, [name[:100]], 1)
    return checker.problems


def describe(found: list[FieldError]) -> str:
    shown = "; ".join(f"{'.'.join(str(p) for p in e.loc[1:])}: {e.msg}" for e in found[:3])
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return f"the query's parameters cannot be sent to the graph: {shown}{more}"
