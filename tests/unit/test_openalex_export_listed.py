"""Real OpenAlex records with co-authors at listed institutions (issue 17), matched against the bundled lists.

The records are two rows of OpenAlex's flattened works export shipped in the PyPI package biblium 2.16.1
(tests/fixtures/payloads/openalex/export_biblium_listed_coauthors.csv, origin in ORIGIN.md beside it): no recorded
API JSON answer with such a co-author was found. The list records are the bundled BIS Entity List and Section 1286
files (tietrace/lists_data/us/) as shipped. Nothing here is constructed: if the export's institutions or the lists
change so that these co-authors no longer match, these tests fail.
"""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path
from typing import Any

import pytest

from ingest.listings import country_code
from resolve.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "fixtures" / "payloads" / "openalex" / "export_biblium_listed_coauthors.csv"
LISTS = ROOT / "tietrace" / "lists_data" / "us"


def _works() -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each work's (author, institution) pairs. The export joins nested lists with '|' in authorship order; these
    rows have one institution per author, which the test checks rather than assumes."""
    with EXPORT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    works: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for row in rows:
        authors = row["authorships.author.display_name"].split("|")
        institutions = [ast.literal_eval(part) for part in row["authorships.institutions"].split("|")]
        assert len(authors) == len(institutions), f"{row['id']}: not one institution per author"
        works[row["doi"]] = list(zip(authors, institutions, strict=True))
    return works


def _list_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in ("bis_entity_list.json", "dow_1286.json"):
        data = json.loads((LISTS / name).read_text(encoding="utf-8"))
        for i, entity in enumerate(data["entities"]):
            rows.append(
                {
                    "id": f"{data['list_id']}-{i}",
                    "name": entity["name"],
                    "aliases": entity.get("aliases") or [],
                    "country": country_code(entity.get("country")),
                }
            )
    return rows


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_rows(_list_rows())


@pytest.mark.parametrize(
    ("doi", "coauthor", "institution", "lists"),
    [
        (
            "https://doi.org/10.1108/ajim-01-2017-0014",
            "Bikun Chen",
            "Nanjing University of Science and Technology",
            {
                "bis-entity-list": "Nanjing University of Science and Technology",
                "dow-1286": "Nanjing University of Science and Technology",
            },
        ),
        (
            "https://doi.org/10.1016/j.ipm.2007.06.006",
            "Nan Ma",
            "Beihang University",
            # Listed under the old English name; "Beihang University" is the published alias.
            {
                "bis-entity-list": "Beijing University of Aeronautics and Astronautics (BUAA)",
                "dow-1286": "Beijing University of Aeronautics and Astronautics",
            },
        ),
    ],
)
def test_real_coauthor_institution_is_listed(
    matcher: Matcher, doi: str, coauthor: str, institution: str, lists: dict[str, str]
) -> None:
    pairs = dict(_works()[doi])
    org = pairs[coauthor]
    assert org["display_name"] == institution and org["country_code"] == "CN"
    candidates = matcher.match(org["display_name"], org["country_code"])
    assert matcher.status(candidates) == "match"
    strong = {c.entity.id.rsplit("-", 1)[0]: c.entity.name for c in candidates if c.score >= matcher.match_threshold}
    assert strong == lists


def test_the_other_coauthors_are_not_listed(matcher: Matcher) -> None:
    works = _works()
    others = [
        org for author, org in works["https://doi.org/10.1108/ajim-01-2017-0014"] if author in {"Quan Wei", "Fei Shu"}
    ]
    assert [o["display_name"] for o in others] == ["Wuhan University", "McGill University"]
    for org in others:
        assert matcher.status(matcher.match(org["display_name"], org["country_code"])) != "match"
