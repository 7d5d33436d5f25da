"""The benchmark's graph of listed and research organizations, built from the real files in shared/data.

A benchmark-side loader, not a product feature (the ingest sources for the lists and ROR are built elsewhere): it
makes the rows the matcher's index reads (name, aliases, acronyms, country) for

- the BIS Entity List, the DoW 1260H list and the Section 1286 list (FY2024 table) as extracted in
  us-restricted-lists/, and the Section 1286 FY2025 edition of opensanctions-sources/us_section_1286.csv;
- every ROR record of ror/ (v2 and v1 dumps): labels and aliases in every language, acronyms apart;

and the SAME_AS links that resolution would write between them: two records whose names (or aliases) normalize to
the same words of two or more, with no conflicting country. A listed record is one whose id starts with its list.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rigour.territories import lookup_territory

from names.normalize import cjk, variants
from queries.identity import Link

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LISTS = {
    "el": ("us.bis.entity_list", "us-restricted-lists/bis_entity_list.json"),
    "1260h": ("us.dow.1260h", "us-restricted-lists/dow_1260h.json"),
    "1286": ("us.dow.1286", "us-restricted-lists/dow_1286.json"),
}
SECTION_1286_CSV = "opensanctions-sources/us_section_1286.csv"
ROR_DUMPS = ("ror/ror-records-v2-sample.json.zip", "ror/ror-records-v1-sample.json.zip")


def data_dir() -> Path:
    """shared/data beside the work tree, or where TIETRACE_SHARED_DATA says."""
    import os

    return Path(os.environ.get("TIETRACE_SHARED_DATA", str(DATA)))


def country_code(text: str | None) -> str | None:
    if not text:
        return None
    found = lookup_territory(text.strip())
    return found.code.upper()[:2] if found is not None and len(found.code) == 2 else None


@dataclass(slots=True)
class Graph:
    rows: list[dict[str, Any]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    listed: dict[str, str] = field(default_factory=dict)  # record id -> list id
    by_list_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (list key, name) -> record id
    ror_names: dict[str, dict[str, Any]] = field(default_factory=dict)  # ror record id -> its record row

    def add(self, row: dict[str, Any], list_key: str | None = None) -> None:
        if list_key is not None:
            row["listings"] = 1  # as queries/organizations.cypher counts a record's LISTED_ON
        self.rows.append(row)
        if list_key is not None:
            self.listed[row["id"]] = LISTS[list_key][0] if list_key in LISTS else "us.dow.1286"
            row["lists"] = [self.listed[row["id"]]]  # as queries/organizations.cypher names them
            self.by_list_name.setdefault((list_key, row["name"]), row["id"])


def _list_rows() -> Iterator[tuple[str, dict[str, Any]]]:
    base = data_dir()
    for key, (_, path) in LISTS.items():
        entities = json.loads((base / path).read_text(encoding="utf-8"))["entities"]
        for i, entity in enumerate(entities):
            aliases = [a for a in entity.get("aliases") or [] if isinstance(a, str)]
            yield (
                key,
                {
                    "id": f"{key}-{i}",
                    "name": entity["name"],
                    "aliases": aliases,
                    "country": country_code(entity.get("country")),
                },
            )
    with (base / SECTION_1286_CSV).open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if row.get("report-date") != "2025":
                continue
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            yield (
                "1286y",
                {
                    "id": f"1286y-{i}",
                    "name": row["name"],
                    "aliases": aliases,
                    "country": country_code(row.get("country")),
                },
            )


def ror_records() -> Iterator[dict[str, Any]]:
    """Every ROR record as a row: name (display label), aliases (other labels and aliases), acronyms, country."""
    base = data_dir()
    for dump in ROR_DUMPS:
        with zipfile.ZipFile(base / dump) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        for record in records:
            rid = "ror-" + record["id"].rsplit("/", 1)[-1]
            if "names" in record:  # schema v2
                names = record["names"]
                display = next((n["value"] for n in names if "ror_display" in n["types"]), names[0]["value"])
                others = [n["value"] for n in names if "acronym" not in n["types"] and n["value"] != display]
                acronyms = [n["value"] for n in names if "acronym" in n["types"]]
                locations = record.get("locations") or [{}]
                country = (locations[0].get("geonames_details") or {}).get("country_code")
            else:  # schema v1
                display = record["name"]
                others = [*(record.get("aliases") or []), *(lb["label"] for lb in record.get("labels") or [])]
                acronyms = list(record.get("acronyms") or [])
                country = (record.get("country") or {}).get("country_code")
            yield {"id": rid, "name": display, "aliases": others, "acronyms": acronyms, "country": country}


def _same_name_keys(row: dict[str, Any]) -> set[str]:
    """The names resolution would link on: normalized variants (brackets apart: ROR writes "Advanced Targeting
    Systems (United States)"), two words or more, or a name in Han script."""
    keys = set()
    for name in [row["name"], *row.get("aliases", [])]:
        han = cjk(name)
        if han and len(han) >= 4:
            keys.add(han)
        else:
            keys.update(v for v in variants(name) if len(v.split()) >= 2)
    return keys


def build(exclude: set[str] | None = None, with_ror: bool = True) -> Graph:
    """The lists, ROR (less the ids in exclude) and the SAME_AS links between records of one name."""
    graph = Graph()
    for key, row in _list_rows():
        graph.add(row, key)
    if with_ror:
        for row in ror_records():
            if exclude and row["id"] in exclude:
                continue
            graph.add(row)
            graph.ror_names[row["id"]] = row
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(graph.rows):
        for key in _same_name_keys(row):
            by_key[key].append(i)
    seen: set[tuple[str, str]] = set()
    for members in by_key.values():
        if len(members) < 2 or len(members) > 6:
            continue  # a name six records share is a common name, not one organization's
        for a in members:
            for b in members:
                ra, rb = graph.rows[a], graph.rows[b]
                if a >= b or (ra["country"] and rb["country"] and ra["country"] != rb["country"]):
                    continue
                if not (ra["id"] in graph.listed or rb["id"] in graph.listed):
                    continue  # only links that touch a listing matter to screening
                pair = (ra["id"], rb["id"])
                if pair not in seen:
                    seen.add(pair)
                    graph.links.append(Link(ra["id"], rb["id"], "auto", 1.0))
    return graph
