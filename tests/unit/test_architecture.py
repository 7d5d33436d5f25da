"""Package dependencies point one way (ARCHITECTURE.md): every import of every shipped module, module-level or
inside a function, goes down the layers and never back up; and outside graph/ the store is reached through its
port (`graph.store`), never through an engine's own modules.

A new back edge fails here with the file, line and edge. To change the layering, change LAYERS and the diagram in
ARCHITECTURE.md together.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each package of ours and the packages of ours it may import, bottom first (ARCHITECTURE.md).
LAYERS: dict[str, frozenset[str]] = {
    "graph": frozenset(),
    "names": frozenset(),
    "queries": frozenset({"graph", "names"}),
    "resolve": frozenset({"graph", "names", "queries"}),
    "ingest": frozenset({"graph", "names", "queries", "resolve"}),
    "access": frozenset({"graph"}),
    "screening": frozenset({"graph", "names", "queries", "resolve", "ingest"}),
    "api": frozenset({"graph", "names", "queries", "resolve", "ingest", "access", "screening"}),
    "tietrace": frozenset({"graph", "names", "queries", "resolve", "ingest", "access", "screening", "api"}),
}

# The store's engines stay behind its port: outside graph/, `graph.store` is imported, never these.
ENGINE_MODULES = ("graph.store.bolt", "graph.store.embedded", "graph.store.engine_files", "graph.store.engine_process")


@dataclass(frozen=True, slots=True)
class Edge:
    path: str
    line: int
    module: str  # the importing module, dotted
    imported: str  # what it imports, dotted and absolute

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.module} imports {self.imported}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool, path: str) -> Iterator[Edge]:
    """Every import in the source, anywhere in it (function bodies and `if TYPE_CHECKING:` blocks too), with
    relative imports made absolute. `from pkg import mod` yields pkg.mod, so a module imported through its
    package's name is seen as the module."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Edge(path, node.lineno, module, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                start = ".".join([*base, *([node.module] if node.module else [])])
            else:
                start = node.module or ""
            for alias in node.names:
                yield Edge(path, node.lineno, module, f"{start}.{alias.name}" if alias.name != "*" else start)


def shipped_packages() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages: list[str] = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    return packages


def all_edges(root: Path = ROOT) -> list[Edge]:
    edges: list[Edge] = []
    for package in shipped_packages():
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(path, root)
            rel = str(path.relative_to(root))
            edges.extend(imports_of(path.read_text(encoding="utf-8"), module, path.name == "__init__.py", rel))
    return edges


def violations(edges: list[Edge], layers: Mapping[str, frozenset[str]] = LAYERS) -> list[str]:
    found = []
    for edge in edges:
        source, target = edge.module.split(".")[0], edge.imported.split(".")[0]
        if target not in layers or target == source:
            continue  # the standard library, a third-party package, or within one package
        if target not in layers[source]:
            found.append(f"{edge}: {source} -> {target} points up or sideways (allowed: {sorted(layers[source])})")
        elif source != "graph" and any(edge.imported == m or edge.imported.startswith(f"{m}.") for m in ENGINE_MODULES):
            found.append(f"{edge}: an engine's own module; go through the port (graph.store)")
    return found


def test_every_shipped_package_has_its_place() -> None:
    assert sorted(shipped_packages()) == sorted(LAYERS)


def test_the_allowed_dependencies_form_layers_without_a_cycle() -> None:
    placed: list[str] = []
    remaining = dict(LAYERS)
    while remaining:
        ready = sorted(p for p, deps in remaining.items() if deps <= set(placed))
        assert ready, f"a cycle among {sorted(remaining)}"
        placed.extend(ready)
        for package in ready:
            del remaining[package]
    assert placed[:2] == ["graph", "names"] and placed[-1] == "tietrace"


def test_no_module_imports_against_the_layers() -> None:
    edges = all_edges()
    assert len(edges) > 500  # every shipped module was read, not an empty tree
    assert violations(edges) == []


def test_the_architecture_document_lists_every_package() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [p for p in LAYERS if f"`{p}/`" not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("module", "is_package", "source", "expected"),
    [
        # a function-level import that points up is caught like a module-level one
        ("graph.model", False, "def f():\n    from api.app import create_app\n", "graph -> api"),
        ("queries.target", False, "import resolve.matcher\n", "queries -> resolve"),
        ("resolve.run", False, "from ..api import deps\n", "resolve -> api"),
        ("access", True, "from screening import screen\n", "access -> screening"),
        ("queries.target", False, "from graph.store.engine_files import DATABASE\n", "go through the port"),
        ("tietrace.cli", False, "import graph.store.bolt\n", "go through the port"),
    ],
)
def test_a_back_edge_is_reported_with_where_it_is(module: str, is_package: bool, source: str, expected: str) -> None:
    edges = list(imports_of(source, module, is_package, "x.py"))
    [problem] = violations(edges)
    assert expected in problem and problem.startswith("x.py:")


def test_allowed_imports_pass() -> None:
    source = "import queries\nfrom graph.store import GraphStore, embedded_engine\nfrom . import score\nimport json\n"
    edges = list(imports_of(source, "resolve.matcher", False, "x.py"))
    imported = ["queries", "graph.store.GraphStore", "graph.store.embedded_engine", "resolve.score", "json"]
    assert [e.imported for e in edges] == imported
    assert violations(edges) == []
