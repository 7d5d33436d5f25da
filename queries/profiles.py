"""Jurisdiction profiles: what "foreign" means, which countries and lists weigh, thresholds, sensitive terms.

Shipped profiles live in queries/profiles/*.yml; users add their own in TIETRACE_PROFILES_DIR (a folder of YAML
files) without touching code. A user profile with the name of a shipped one replaces it.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from graph.errors import QueryError
from graph.lists import catalogue
from graph.yaml_text import safe_load
from queries.yaml_folders import named, yaml_files

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


class ListWeight(StrEnum):
    COUNTED = "counted"
    UNCOUNTED = "uncounted"
    INFORMATION = "information"


class Thresholds(BaseModel):
    beneficial_ownership_pct: float = Field(default=25, ge=0, le=100)
    control_pct: float = Field(default=50, ge=0, le=100)
    foreign_funding_share: float = Field(default=0.25, ge=0, le=1)


class Profile(BaseModel):
    name: str
    title: str = ""
    home: str = Field(pattern=r"^[A-Z]{2}$")
    countries_of_concern: list[str] = Field(default_factory=list)
    # The lists that count, by their catalogue id (graph/lists.yml); `watchlists` rules match lists the
    # catalogue does not know (by program or name), as profiles written before the catalogue did.
    lists: list[str] = Field(default_factory=list)
    watchlists: list[WatchlistRule] = Field(default_factory=list)
    # How much a listing on a list the profile does not count weighs against one it counts (0: information only).
    uncounted_weight: float = Field(default=0.5, ge=0, le=1)
    # "information": a listing of a home-country entity by another jurisdiction's list is shown, never weighed
    # (a state's designations of its own country's entities under a foreign law are not its compliance risk).
    home_designations: Literal["weighted", "information"] = "weighted"
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

    @field_validator("lists")
    @classmethod
    def _catalogued(cls, values: list[str]) -> list[str]:
        unknown = [v for v in values if catalogue().get(v) is None and not v.startswith("own.")]
        if unknown:
            raise ValueError(f"lists not in the catalogue (graph/lists.yml; own lists start with 'own.'): {unknown}")
        return values

    def counts(self, program: str | None, name: str | None, list_id: str | None = None) -> bool:
        if list_id is not None and list_id in self.lists:
            return True
        return any(rule.matches(program, name) for rule in self.watchlists)

    def list_weight(
        self, list_id: str | None, program: str | None, name: str | None, *, listed_country: str | None = None
    ) -> ListWeight:
        """How a listing weighs under this profile: counted, uncounted (at `uncounted_weight`), or information."""
        if self.counts(program, name, list_id):
            return ListWeight.COUNTED
        entry = catalogue().get(list_id)
        if (
            self.home_designations == "information"
            and listed_country == self.home
            and (entry is None or entry.jurisdiction != self.home)
        ):
            return ListWeight.INFORMATION
        return ListWeight.UNCOUNTED if self.uncounted_weight > 0 else ListWeight.INFORMATION

    def weight_of(self, kind: ListWeight) -> float:
        return {ListWeight.COUNTED: 1.0, ListWeight.UNCOUNTED: self.uncounted_weight}.get(kind, 0.0)

    def sensitive(self, *texts: str | None) -> list[str]:
        joined = " ".join(t.lower() for t in texts if t)
        return [term for term in self.sensitive_terms if term.lower() in joined]


def _read(path: Path) -> Profile:
    try:
        return Profile.model_validate(safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise QueryError(f"profile {path} is not valid: {exc}") from exc


@cache
def _all() -> dict[str, Path]:
    return yaml_files(SHIPPED, "TIETRACE_PROFILES_DIR")


def names() -> list[str]:
    return sorted(_all())


def load(name: str) -> Profile:
    return _read(named(_all(), "profile", name, "TIETRACE_PROFILES_DIR"))
