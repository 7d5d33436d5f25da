"""Lint every shipped Cypher text with Neo4j's own language support, offline (tools/cypher-lint).

    python -m tietrace.lint            # all shipped texts; exit 1 on any Error
    python -m tietrace.lint FILE...    # .cypher files, e.g. to prove a bad query fails

Diagnostics about labels, relationship types or properties the model does not declare are Warnings to Neo4j's
linter; for our own texts they are typos, so they fail too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from graph.cypher import Query, load_file
from graph.model import schema_names
from tietrace.catalog import shipped_cypher

LINTER_DIR = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint"
UNKNOWN_NAME = "is not present in the database"


def lint(texts: list[Query], linter_dir: Path = LINTER_DIR) -> tuple[int, list[str]]:
    """Run the linter; returns (number of failures, report lines)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed; the Cypher linter needs Node.js 20 or later")
    if not (linter_dir / "node_modules").exists():
        raise RuntimeError(f"the linter is not installed: run `npm ci --prefix {linter_dir}`")
    payload = {"schema": schema_names(), "queries": [{"name": q.name, "text": q.text} for q in texts]}
    proc = subprocess.run(
        [node, str(linter_dir / "lint.mjs"), "-"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 2:
        raise RuntimeError(f"the linter refused its input: {proc.stderr.strip()}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    failures = sum(1 for line in lines if ": Error: " in line or (": Warning: " in line and UNKNOWN_NAME in line))
    return failures, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help=".cypher files (default: every shipped text)")
    args = parser.parse_args(argv)
    texts = [q for path in args.files for q in load_file(path)] if args.files else shipped_cypher()
    try:
        failures, lines = lint(texts)
    except RuntimeError as exc:
        print(f"cypher-lint: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    if failures:
        print(f"cypher-lint: FAILED with {failures} failing diagnostics", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
