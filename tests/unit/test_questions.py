"""The question registry (queries/questions.py) and everything driven by it list the same questions: each has its
Cypher files, its answer function and its section; check, the routes, the CLI report and the page agree on them."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import queries
from api.routers.diligence import router
from queries.answers import CheckResult
from queries.check import check_entities
from queries.questions import QUESTIONS, Question, names, routed
from tietrace.cli_check import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "api/ui/js/entity.js").read_text(encoding="utf-8")
NOT_QUESTIONS = {"entity", "names", "as_of", "risk"}  # who was checked, when, and the risk that weighs the answers


def test_names_are_unique_and_titled() -> None:
    assert len(set(names())) == len(QUESTIONS) >= 6
    assert len({q.title for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_each_question_has_its_cypher_and_answer_function(question: Question) -> None:
    assert question.cypher
    for name in question.cypher:
        assert queries.load(name).text  # raises NotFound for a file that is not shipped
    # The answer asked alone takes (store, entity id, profile, as_of), as the routes and tests/check_parts.py call it.
    inspect.signature(question.ask).bind("store", "id", "profile", "2024-01-01")
    assert question.title and question.title[0].isupper()


def test_check_answers_every_question() -> None:
    assert set(CheckResult.model_fields) - NOT_QUESTIONS == set(names())
    # check fills each field itself: a field left to its default would answer "nothing found" silently.
    source = inspect.getsource(check_entities)
    for name in names():
        assert re.search(rf"\b{name}=", source), f"queries/check.py does not fill {name}"


def test_routes_are_the_routed_questions() -> None:
    paths = {route.path.rsplit("/", 1)[-1]: route for route in router.routes}  # type: ignore[attr-defined]
    assert set(paths) - {"check", "risk"} == {q.name for q in routed()}
    for question in routed():
        assert paths[question.name].response_model == question.model  # type: ignore[attr-defined]
        assert paths[question.name].summary == question.summary  # type: ignore[attr-defined]


def test_cli_report_has_one_section_per_question() -> None:
    assert list(SECTIONS) == names()


def test_page_has_one_section_per_question_titled_as_declared() -> None:
    declared = re.search(r"const SECTIONS = \[(.*?)\n\];", PAGE, re.DOTALL)
    assert declared, "api/ui/js/entity.js declares no SECTIONS"
    keys = re.findall(r'^\s*\["(\w+)",', declared.group(1), re.MULTILINE)
    assert set(keys) - {"network"} == set(names())
    for question in QUESTIONS:
        assert f'text: "{question.title}"' in PAGE, f"the page titles {question.name} otherwise"
