"""names/company_types.py gives fingerprints' own text, on real names: those of the screening dev set (list, ROR and
unlisted names in many languages and scripts, tests/fixtures/screening/devset/devset.csv), the legal-form table's
spellings, and the shapes fingerprints' regular expression treats apart."""

from __future__ import annotations

import csv
from pathlib import Path

import fingerprints
import pytest
import yaml

from names import company_types

DEVSET = Path(__file__).parents[1] / "fixtures" / "screening" / "devset" / "devset.csv"
LEGAL_FORMS = Path(__file__).parents[2] / "names" / "legal_forms.yml"


def _names() -> list[str]:
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [n for row in rows for n in (row["name"], row["expected_name"]) if n]
    table = yaml.safe_load(LEGAL_FORMS.read_text(encoding="utf-8"))
    names += [f"Acme {spelling}" for forms in table.values() for spellings in forms.values() for spelling in spellings]
    names += [fingerprints.remove_types(n) for n in names]  # legal_forms() generates these again
    return list(dict.fromkeys(names))


NAMES = _names()
SHAPES = [
    "",
    " ",
    "a",
    "Ltd",
    "LTD LTD",
    "Up Well Co.ltd. (Japan)",  # "coltd", whose main form is two words
    "Keymed Biosciences Co..Ltd",
    "Mr. Smith & Sons Limited Liability Company",
    "The Boeing Company",
    "ООО Ромашка",
    "Общество с ограниченной ответственностью Ромашка",
    "株式会社東芝",
    "x_y ltd",
    "\u200bco ltd",
]


def test_the_names_are_many_and_most_hold_a_company_type() -> None:
    assert len(NAMES) > 2_000
    assert sum(company_types.remove_types(n) != company_types.generate(n) for n in NAMES) > 1_000


@pytest.mark.parametrize("name", SHAPES)
def test_odd_shapes_give_fingerprints_text(name: str) -> None:
    assert company_types.remove_types(name) == fingerprints.remove_types(name)
    assert company_types.generate(name) == fingerprints.generate(name)


def test_remove_types_gives_fingerprints_text_on_real_names() -> None:
    differ = [n for n in NAMES if company_types.remove_types(n) != fingerprints.remove_types(n)]
    assert not differ, differ[:5]
    removed = sum(company_types.remove_types(n) != fingerprints.clean_name_ascii(n) for n in NAMES)
    assert removed > 300  # the forms were found, not only the plain words passed through


def test_generate_gives_fingerprints_text_on_real_names() -> None:
    differ = [n for n in NAMES if company_types.generate(n) != fingerprints.generate(n)]
    assert not differ, differ[:5]
