"""YAML text read as yaml.safe_load reads it, with libyaml's C loader when PyYAML was built with it.

The pure-Python loader took 26 ms for graph/lists.yml alone, paid by every `tietrace check` start; the C loader takes
a tenth of that and builds the same plain values (str, int, float, bool, None, date, list, dict).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506  (a safe loader: the C build of SafeLoader)
