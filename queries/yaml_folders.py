"""The YAML files of a shipped folder and of the user's own (named by a TIETRACE_* variable), by file stem.

Profiles and decision rule sets are both data a user may add to or replace without touching code: a file of the
user's folder with the name of a shipped one replaces it."""

from __future__ import annotations

from pathlib import Path

from graph.errors import NotFound, QueryError
from graph.settings import get_settings


def yaml_files(shipped: Path, variable: str) -> dict[str, Path]:
    """Every *.yml / *.yaml file of the shipped folder and of the folder `variable` names, later ones winning.
    The variable is read through the settings (TIETRACE_RULES_DIR is `rules_dir`), so a .env file names it too."""
    extra: Path | None = getattr(get_settings(), variable.removeprefix("TIETRACE_").lower())
    found: dict[str, Path] = {}
    for folder in [shipped, *([extra] if extra else [])]:
        if not folder.is_dir():
            raise QueryError(f"{variable} {folder} is not a folder")
        for path in sorted(folder.glob("*.y*ml")):
            found[path.stem] = path  # the user's folder comes last and wins
    return found


def named(files: dict[str, Path], kind: str, name: str, variable: str) -> Path:
    """The file of `name` among `files` (from yaml_files), or NotFound listing the known names and where to add one."""
    path = files.get(name)
    if path is None:
        raise NotFound(f"no {kind} named {name!r}; known: {', '.join(sorted(files))} (add yours in {variable})")
    return path
