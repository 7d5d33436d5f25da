"""The YAML files of a shipped folder and of the user's own (named by a TIETRACE_* variable), by file stem.

Profiles and decision rule sets are both data a user may add to or replace without touching code: a file of the
user's folder with the name of a shipped one replaces it."""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import QueryError


def yaml_files(shipped: Path, variable: str) -> dict[str, Path]:
    """Every *.yml / *.yaml file of the shipped folder and of the folder `variable` names, later ones winning."""
    extra = os.environ.get(variable)
    found: dict[str, Path] = {}
    for folder in [shipped, *([Path(extra)] if extra else [])]:
        if not folder.is_dir():
            raise QueryError(f"{variable} {folder} is not a folder")
        for path in sorted(folder.glob("*.y*ml")):
            found[path.stem] = path  # the user's folder comes last and wins
    return found
