"""The neo4j driver, imported with numpy, pandas and pyarrow hidden from its optional-dependency probe.

neo4j imports numpy eagerly whenever it is installed (neo4j/_optional_deps.py), only so that numpy and pandas values
can be passed as query parameters: that was about 0.1 s of every `tietrace check` start, and we never pass such
values (callers pass plain Python ints, floats, strings, lists, maps and dates). They are hidden always, not only when
numpy is not imported yet, so the driver behaves the same whatever the process imported first; whatever was in
sys.modules is put back afterwards, so numpy stays importable for everything else (resolve/blocking.py).
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "pandas", "pyarrow")
_held = {name: sys.modules[name] for name in _HIDDEN if name in sys.modules}
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]  # None there: `import numpy` raises ImportError
try:
    import neo4j
    from neo4j import GraphDatabase
    from neo4j import exceptions as neo4j_errors
    from neo4j import graph as neo4j_graph
    from neo4j import time as neo4j_time
finally:
    for _name in _HIDDEN:
        if _name in _held:
            sys.modules[_name] = _held[_name]
        else:
            sys.modules.pop(_name, None)

__all__ = ["GraphDatabase", "neo4j", "neo4j_errors", "neo4j_graph", "neo4j_time"]
