"""Neo4j's own language support lints every shipped text, and the check fails on an invalid one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph.cypher import parse
from tietrace.catalog import shipped_cypher
from tietrace.lint import LINTER_DIR, lint

installed = shutil.which("node") is not None and (LINTER_DIR / "node_modules").exists()
# In CI the linter is installed by .ci/run; a missing linter there is a failure, not a skip.
pytestmark = pytest.mark.skipif(
    not installed and not os.environ.get("CI"), reason="run `npm ci --prefix tools/cypher-lint`"
)


def test_every_shipped_text_passes_neo4j_lint() -> None:
    failures, lines = lint(shipped_cypher())
    assert failures == 0, "\n".join(lines)
    assert lines[-1].startswith(f"cypher-lint: {len(shipped_cypher())} queries, 0 errors")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MATCH (n RETURN n", "Invalid input"),
        ("MATCH (n:Organization) WHERE exists(n.name) RETURN n", "no longer supported"),
        ("RETURN foo.bar(1) AS x", "Function foo.bar is not present"),
        ("MATCH (n:Organisation) RETURN n.name AS name", "Organisation is not present"),
        ("MATCH (n:Organization) RETURN n.nmae AS name", "nmae is not present"),
    ],
)
def test_lint_fails_on_invalid_cypher(text: str, expected: str) -> None:
    failures, lines = lint([parse(f"// name: bad\n{text}", "bad")])
    assert failures == 1, "\n".join(lines)
    assert any(expected in line for line in lines), "\n".join(lines)


def test_linter_is_pinned() -> None:
    package = (LINTER_DIR / "package.json").read_text(encoding="utf-8")
    assert '"@neo4j-cypher/language-support": "2.0.0-next.38"' in package
    assert (Path(LINTER_DIR) / "package-lock.json").exists()
