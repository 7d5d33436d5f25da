"""Build the screening dev set from the real public files in shared/data.

    .venv/bin/python -m bench.screening_devset_build   # writes tests/fixtures/screening/devset/devset.csv

Each row is a collaborator-list row (name, country) labelled with the listed record it should find (list key and
the name the list prints) or with none. Positives are names that the lists and ROR publish for listed
organizations, written as collaborator lists write them:

- `chinese`: the Chinese (Han script) names ROR publishes for an organization that a list names in English;
- `abbreviation`: ROR's acronyms of those organizations, and the abbreviations the lists themselves publish as
  aliases or in brackets (AVIC, CASIC, BUAA, AMMS);
- `english_alias`: ROR's other English names for them ("Beihang University");
- `1286_spelling`: names of the Section 1286 FY2022-FY2024 editions that the list spells otherwise now;
- `1260h_previous`: previous names and aliases of 1260H companies (opensanctions-sources/us_dod_chinese_milcorps);

Hard negatives (`negative`) are real ROR organizations on no list whose names are near a listed name ("Henan
University of Science and Technology" beside "Nanjing University of Science and Technology"), in English and in Han
script. The benchmark leaves the negatives' own ROR records out of its graph: an unlisted collaborator must be told
apart from the listed one by its name, not by finding itself. Deterministic: the same files give the same set.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bench.screening_graph import Graph, build, country_code, data_dir
from names.normalize import cjk, core, variants
from names.score import country_word, word_similarity
from resolve.matcher import bracketed_acronyms, compact

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "screening" / "devset" / "devset.csv"
COLUMNS = ["name", "country", "expected_list", "expected_name", "category", "origin"]
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,9}$")
LIST_KEYS = ("el", "1260h", "1286", "1286y")


def _names(row: dict[str, Any]) -> list[str]:
    return [row["name"], *row.get("aliases", [])]


def _abbreviation_of_a_name(alias: str) -> bool:
    """A list alias that abbreviates the organization: in capitals, and neither a legal form ("JSC", "OOO") nor a
    country ("HK", "UK")."""
    text = alias.strip()
    return bool(_ACRONYM.match(text)) and bool(core(text)) and country_word(compact(text)) is None


def _country(graph: Graph, rows_by_id: dict[str, dict[str, Any]], record_id: str) -> str:
    """A record's country, else that of a record joined to it through SAME_AS links, else none."""
    seen, todo = [record_id], [record_id]
    while todo:
        at = todo.pop()
        for k in graph.links:
            other = k.b if k.a == at else k.a if k.b == at else None
            if other is not None and other not in seen:
                seen.append(other)
                todo.append(other)
    found = [rows_by_id[i]["country"] for i in [seen[0], *sorted(seen[1:])] if rows_by_id[i]["country"]]
    return found[0] if found else ""


def _listed_key(graph: Graph, record_id: str) -> tuple[str, str]:
    row = next(r for r in graph.rows if r["id"] == record_id)
    return record_id.split("-", 1)[0], row["name"]


def build_rows() -> list[dict[str, str]]:
    graph = build()
    rows_by_id = {r["id"]: r for r in graph.rows}
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def emit(name: str, country: str | None, expected: tuple[str, str] | None, category: str, origin: str) -> None:
        key = (name.casefold().strip(), category)
        if not name.strip() or key in seen:
            return
        seen.add(key)
        # Two rows in three carry a country, as most collaborator lists do; which ones is decided by the row's own
        # name and category (a hash), not its position, so adding or dropping a row leaves the others as they were.
        keep_country = hashlib.sha256(f"{key[0]}|{category}".encode()).digest()[0] % 3 != 2
        out.append(
            {
                "name": name.strip(),
                "country": (country or "") if keep_country else "",
                "expected_list": expected[0] if expected else "",
                "expected_name": expected[1] if expected else "",
                "category": category,
                "origin": origin,
            }
        )

    # ROR records linked to a listed record: their Chinese names, acronyms and other English names.
    listed_cores: dict[str, set[str]] = {}
    for link in sorted(graph.links, key=lambda k: (k.a, k.b)):
        for ror, other in ((link.a, link.b), (link.b, link.a)):
            if not ror.startswith("ror-") or other not in graph.listed:
                continue
            record = rows_by_id[ror]
            expected = _listed_key(graph, other)
            listed_cores.setdefault(other, {core(n) for n in _names(rows_by_id[other])})
            origin = f"ROR {ror.removeprefix('ror-')}"
            for name in record["aliases"] + [record["name"]]:
                if cjk(name) and len(cjk(name)) >= 3:
                    emit(name, record["country"], expected, "chinese", origin)
                elif not cjk(name) and name.isascii() and core(name) not in listed_cores[other]:
                    emit(name, record["country"], expected, "english_alias", origin)
            for acronym in record["acronyms"]:
                emit(acronym, record["country"], expected, "abbreviation", origin)
    # Abbreviations the lists publish.
    for record_id, list_id in sorted(graph.listed.items()):
        row = rows_by_id[record_id]
        # Its own acronyms only: not a parent's inside a unit's name ("... (CSSC) 7th Research Academy"), nor a
        # legal form or place in brackets ("Speed Business Trading (HK) Ltd.") (resolve.matcher.bracketed_acronyms).
        own = {compact(a) for a in bracketed_acronyms(row["name"])}
        bracketed = [m for m in re.findall(r"\(([A-Z][A-Z0-9&-]{1,9})\)", row["name"]) if compact(m) in own]
        found = [a.strip() for a in row["aliases"] if _abbreviation_of_a_name(a)] + bracketed
        for acronym in found[:2]:
            emit(acronym, row["country"], _listed_key(graph, record_id), "abbreviation", f"{list_id} alias")
    # Section 1286 spellings of earlier editions.
    by_core: dict[str, str] = {}
    for record_id in sorted(graph.listed):
        for name in _names(rows_by_id[record_id]):
            by_core.setdefault(core(name), record_id)
    with (data_dir() / "opensanctions-sources" / "us_section_1286.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("report-date") not in ("2022", "2023", "2024"):
                continue
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            target = next((by_core[core(n)] for n in [row["name"], *aliases] if core(n) in by_core), None)
            for name in [row["name"], *aliases]:
                if target and core(name) not in by_core and not _ACRONYM.match(name):
                    # The organization's country as its records give it: the edition's rows carry none, and not
                    # every institute is Chinese; none known, none written.
                    emit(
                        name,
                        country_code(row.get("country")) or _country(graph, rows_by_id, target),
                        _listed_key(graph, target),
                        "1286_spelling",
                        f"Section 1286 FY{row['report-date']}",
                    )
    # 1260H previous names and aliases.
    with (data_dir() / "opensanctions-sources" / "us_dod_chinese_milcorps.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = by_core.get(core(row["Clean Name"]))
            if target is None or not target.startswith("1260h"):
                continue
            for cell in ("Previous Name", "Alias"):
                for name in (n.strip() for n in re.split(r"[;,](?! ?(?:Ltd|Inc|Co)\b)", row[cell] or "")):
                    if name and core(name) not in by_core and len(core(name).split()) >= 2:
                        emit(name, "CN", _listed_key(graph, target), "1260h_previous", f"1260H {cell.lower()}")
    positives = len(out)
    # Hard negatives: unlisted ROR organizations whose names are near a listed one.
    linked = {i for k in graph.links for i in (k.a, k.b)}
    listed_names = sorted({core(n) for r in graph.listed for n in _names(rows_by_id[r]) if len(core(n)) > 8})
    listed_variants = {v for r in graph.listed for n in _names(rows_by_id[r]) for v in variants(n)}
    listed_han = sorted({cjk(n) for r in linked for n in _names(rows_by_id[r]) if len(cjk(n)) >= 4})
    negatives = 0
    for record_id in sorted(graph.ror_names):
        record = rows_by_id[record_id]
        if record_id in linked or record["country"] not in ("CN", "HK", "TW", "RU", "IR", "US", "KP", "PK", "BY"):
            continue
        label = core(record["name"])
        if len(label.split()) < 3:
            continue
        best = process.extractOne(label, listed_names, scorer=fuzz.token_sort_ratio, score_cutoff=82)
        # A safe negative differs from its nearest listed name by a distinguishing word on each side ("Henan" /
        # "Nanjing"); one that only adds or drops words ("PLA Rocket Force University of Engineering") may well be
        # the listed organization under ROR's spelling.
        if (
            best is not None
            and not set(variants(record["name"])) & listed_variants
            and word_similarity(label, best[0]).conflict is not None
        ):
            emit(record["name"], record["country"], None, "negative", f"ROR {record_id.removeprefix('ror-')}")
            negatives += 1
            han = next((cjk(n) for n in record["aliases"] if len(cjk(n)) >= 4), "")
            if han and process.extractOne(han, listed_han, scorer=fuzz.ratio, score_cutoff=60) is not None:
                emit(han, record["country"], None, "negative", f"ROR {record_id.removeprefix('ror-')}")
    print(f"{positives} positives, {len(out) - positives} negatives")
    return out


def main() -> None:
    rows = build_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
