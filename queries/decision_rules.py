"""Funders' decision rules as data: which tie to a listed or foreign organization, in which date window, asks for
which action (prohibited, mitigation required, mitigation suggested), and the public document that says so.

Shipped rule sets live in queries/rules/*.yml; users add or replace their own in TIETRACE_RULES_DIR (a folder of YAML
files), as profiles do with TIETRACE_PROFILES_DIR. Evaluating a rule against facts is pure (queries/researcher.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import QueryError
from graph.lists import catalogue
from queries.yaml_folders import named, yaml_files

SHIPPED = Path(__file__).parent / "rules"
DEFAULT = "dow-decision-matrix-2026-03"


class Factor(StrEnum):
    COAUTHORSHIP = "coauthorship_with_listed_institution"
    APPOINTMENT = "appointment_at_listed_institution"
    FUNDING = "funding_from_listed_or_foreign_entity"
    TALENT_PROGRAM = "talent_program_participation"
    EQUIPMENT = "equipment_from_listed_entity"


class Action(StrEnum):
    NONE = "none"
    MITIGATION_SUGGESTED = "mitigation_suggested"
    MITIGATION_REQUIRED = "mitigation_required"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        return list(Action).index(self)


def most_severe(actions: list[Action]) -> Action:
    return max(actions, key=lambda a: a.severity, default=Action.NONE)


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    date: dt.date
    section: str
    url: str


class Window(BaseModel):
    """A fact counts when its date is within `years` before the review date and/or on or after `since`, and
    before `before` (exclusive). A fact after the review date never counts."""

    model_config = ConfigDict(extra="forbid")
    years: int | None = Field(default=None, ge=1, le=50)
    since: date | None = None
    before: date | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Window:
        if self.years is None and self.since is None:
            raise ValueError("a window needs `years` (within N years before the review date) or `since` (a date)")
        return self

    def start(self, as_of: date) -> date:
        starts = [d for d in (self.since, _years_before(as_of, self.years)) if d is not None]
        return max(starts)

    def contains(self, day: date, as_of: date) -> bool:
        if day > as_of or day < self.start(as_of):
            return False
        return self.before is None or day < self.before

    def describe(self, as_of: date) -> str:
        text = f"from {self.start(as_of).isoformat()} to {as_of.isoformat()}"
        return f"{text}, before {self.before.isoformat()}" if self.before else text


def _years_before(as_of: date, years: int | None) -> date | None:
    if years is None:
        return None
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - years, day=28)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    factor: Factor
    # catalogue ids (graph/lists.yml) whose listings count; own lists start with "own."
    lists: list[str] = Field(default_factory=list)
    # ISO alpha-2 countries whose organizations count even when unlisted (countries of concern)
    countries: list[str] = Field(default_factory=list)
    # only listings whose reason or program contains this text (the 1286 list's Table 2: talent programs)
    listing_reason_contains: str | None = None
    window: Window
    action: Action
    citation: Citation
    note: str = ""

    @field_validator("lists")
    @classmethod
    def _catalogued(cls, values: list[str]) -> list[str]:
        unknown = [v for v in values if catalogue().get(v) is None and not v.startswith("own.")]
        if unknown:
            raise ValueError(f"lists not in the catalogue (graph/lists.yml; own lists start with 'own.'): {unknown}")
        return values

    @field_validator("countries")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if len(v) != 2 or not v.isupper()]
        if bad:
            raise ValueError(f"countries must be ISO 3166-1 alpha-2 codes, got {bad}")
        return values

    @model_validator(mode="after")
    def _something_counts(self) -> Rule:
        if not self.lists and not self.countries:
            raise ValueError(f"rule {self.id}: give `lists` (catalogue ids) or `countries`, or both")
        return self


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    date: dt.date
    effective: dt.date | None = None
    url: str


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    funder: str
    document: Document
    # named lists of list ids, for YAML anchors; the rules carry the lists they use
    list_sets: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleSet:
        counts = Counter(rule.id for rule in self.rules)
        doubled = sorted(rule_id for rule_id, n in counts.items() if n > 1)
        if doubled:
            raise ValueError(f"rule ids must be unique within a rule set, repeated: {doubled}")
        return self


def parse(text: str, where: str) -> RuleSet:
    """A rule set from YAML text; errors name the file and the field."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QueryError(f"rule set {where} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise QueryError(f"rule set {where}: expected a mapping with name, title, funder, document and rules")
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors())
        raise QueryError(f"rule set {where} is not valid: {problems}") from exc


@cache
def _all() -> dict[str, Path]:
    return yaml_files(SHIPPED, "TIETRACE_RULES_DIR")


def names() -> list[str]:
    return sorted(_all())


def load(name: str) -> RuleSet:
    path = named(_all(), "rule set", name, "TIETRACE_RULES_DIR")
    ruleset = parse(path.read_text(encoding="utf-8"), str(path))
    if ruleset.name != path.stem:
        raise QueryError(f"rule set {path}: `name` is {ruleset.name!r} but the file is named {path.stem!r}")
    return ruleset
