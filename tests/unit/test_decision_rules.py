"""Decision rule sets: the shipped ones load and cite their documents; bad files fail naming file and field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import NotFound, QueryError
from graph.lists import catalogue
from queries import decision_rules
from queries.decision_rules import Action, Factor, most_severe

LISTS_JSON = Path(__file__).parents[1] / "fixtures" / "lists" / "nsf_lists.json"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("TIETRACE_RULES_DIR", raising=False)
    decision_rules._all.cache_clear()
    yield
    decision_rules._all.cache_clear()


def test_shipped_rule_sets_load_and_every_rule_cites_a_document() -> None:
    assert {"dow-decision-matrix-2026-03", "nsf-dcl-2026-07-08"} <= set(decision_rules.names())
    for name in ("dow-decision-matrix-2026-03", "nsf-dcl-2026-07-08"):
        ruleset = decision_rules.load(name)
        for rule in ruleset.rules:
            assert rule.citation.url.startswith("http") and rule.citation.section, rule.id
    dow = decision_rules.load("dow-decision-matrix-2026-03")
    assert dow.document.effective is not None and dow.document.effective.isoformat() == "2026-05-08"
    assert {r.factor for r in dow.rules} == set(Factor)


def test_the_nsf_rules_count_the_thirteen_lists_of_the_letter() -> None:
    bundled = [entry["id"] for entry in json.loads(LISTS_JSON.read_text(encoding="utf-8"))["lists"]]
    expected = set()
    for bundled_id in bundled:
        entry = catalogue().identify(bundled=bundled_id)
        assert entry is not None, bundled_id
        expected.add(entry.id)
    nsf = decision_rules.load("nsf-dcl-2026-07-08")
    assert len(expected) == 13
    assert set(next(r for r in nsf.rules if r.id == "nsf.coauthorship").lists) == expected


def test_most_severe_orders_the_actions() -> None:
    assert most_severe([Action.MITIGATION_SUGGESTED, Action.PROHIBITED, Action.NONE]) is Action.PROHIBITED
    assert most_severe([]) is Action.NONE


RULE = """
name: mine
title: t
funder: f
document: {title: d, date: "2026-01-01", url: "https://example.org/d"}
rules:
  - id: r1
    factor: %s
    lists: %s
    window: %s
    action: prohibited
    citation: {document: d, date: "2026-01-01", section: "row 1", url: "https://example.org/d"}
"""


@pytest.mark.parametrize(
    ("factor", "lists", "window", "message"),
    [
        ("coauthorship_with_listed_institution", "[us.nope]", "{years: 5}", "rules.0.lists: Value error, lists not in"),
        ("coauthorship_with_listed_institution", "[us.dow.1286]", "{}", "a window needs `years`"),
        ("co_authorship", "[us.dow.1286]", "{years: 5}", "rules.0.factor"),
        ("coauthorship_with_listed_institution", "[]", "{years: 5}", "give `lists`"),
        ("coauthorship_with_listed_institution", "[us.dow.1286]", "{yrs: 5}", "rules.0.window.yrs"),
    ],
)
def test_a_bad_rule_names_the_file_and_the_field(factor: str, lists: str, window: str, message: str) -> None:
    with pytest.raises(QueryError, match=r"rule set my\.yml is not valid") as caught:
        decision_rules.parse(RULE % (factor, lists, window), "my.yml")
    assert message in str(caught.value)


def test_repeated_rule_ids_and_non_mappings_are_refused() -> None:
    doubled = RULE % ("equipment_from_listed_entity", "[us.dow.1286]", "{years: 5}")
    doubled += doubled[doubled.index("  - id: r1") :]
    with pytest.raises(QueryError, match=r"repeated: \['r1'\]"):
        decision_rules.parse(doubled, "my.yml")
    with pytest.raises(QueryError, match="expected a mapping"):
        decision_rules.parse("- a\n- b\n", "my.yml")


def test_a_user_folder_adds_and_replaces_rule_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine.yml").write_text(RULE % ("equipment_from_listed_entity", "[us.dow.1286]", "{since: 2026-05-08}"))
    (tmp_path / "wrong.yml").write_text(RULE % ("equipment_from_listed_entity", "[us.dow.1286]", "{years: 2}"))
    monkeypatch.setenv("TIETRACE_RULES_DIR", str(tmp_path))
    decision_rules._all.cache_clear()
    assert decision_rules.load("mine").rules[0].factor is Factor.EQUIPMENT
    with pytest.raises(QueryError, match="`name` is 'mine' but the file is named 'wrong'"):
        decision_rules.load("wrong")
    with pytest.raises(NotFound, match="add yours in TIETRACE_RULES_DIR"):
        decision_rules.load("nih-2024-08")
