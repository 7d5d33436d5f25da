"""Jurisdiction profiles: what "foreign" means, which countries and lists weigh, thresholds, sensitive terms.

Shipped profiles live in queries/profiles/*.yml; users add their own in TIETRACE_PROFILES_DIR (a folder of YAML
files) without touching code. A user profile with the name of a shipped one replaces it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from graph.errors import NotFound, QueryError

SHIPPED = Path(__file__).parent / "profiles"


class WatchlistRule(BaseModel):
    """A Watchlist node counts when its program equals `program` or its name contains `name_contains`."""

    program: str | None = None
    name_contains: str | None = None
    title: str = ""

    def matches(self, program: str | None, name: str | None) -> bool:
        if self.program is not None and program is not None and program.lower() == self.program.lower():
            return True
        return self.name_contains is not None and name is not None and self.name_contains.lower() in name.lower()


class Thresholds(BaseModel):
    beneficial_ownership_pct: float = Field(default=25, ge=0, le=100)
    control_pct: float = Field(default=50, ge=0, le=100)
    foreign_funding_share: float = Field(default=0.25, ge=0, le=1)


class Profile(BaseModel):
    name: str
    title: str = ""
    home: str = Field(pattern=r"^[A-Z]{2}$")
    countries_of_concern: list[str] = Field(default_factory=list)
    watchlists: list[WatchlistRule] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    sensitive_terms: list[str] = Field(default_factory=list)
    funding_kinds: list[str] = Field(default_factory=list)
    currency: str = "USD"

    @field_validator("countries_of_concern")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if len(v) != 2 or not v.isupper()]
        if bad:
            raise ValueError(f"countries must be ISO 3166-1 alpha-2 codes, got {bad}")
        return values

    def is_foreign(self, country: str | None) -> bool:
        return country is not None and country != self.home

    def of_concern(self, country: str | None) -> bool:
        return country is not None and country in self.countries_of_concern

    def counts(self, program: str | None, name: str | None) -> bool:
        return any(rule.matches(program, name) for rule in self.watchlists)

    def sensitive(self, *texts: str | None) -> list[str]:
        joined = " ".join(t.lower() for t in texts if t)
        return [term for term in self.sensitive_terms if term.lower() in joined]


def _folders() -> list[Path]:
    extra = os.environ.get("TIETRACE_PROFILES_DIR")
    return [SHIPPED, *([Path(extra)] if extra else [])]


def _read(path: Path) -> Profile:
    try:
        return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise QueryError(f"profile {path} is not valid: {exc}") from exc


@cache
def _all() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in _folders():
        for path in sorted(folder.glob("*.y*ml")):
            found[path.stem] = path  # later folders (the user's) win
    return found


def names() -> list[str]:
    return sorted(_all())


def load(name: str) -> Profile:
    path = _all().get(name)
    if path is None:
        raise NotFound(f"no profile named {name!r}; known: {', '.join(names())} (add yours in TIETRACE_PROFILES_DIR)")
    return _read(path)
