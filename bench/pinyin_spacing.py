"""Romanized Chinese spaced otherwise than the index spaces it ("Xi Dian University", "Jihua Laboratory"): found?

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.pinyin_spacing [--label NAME]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`) and ROR's samples ingested (`tietrace ingest
ror --file ...`), as bench/screening_devset_graph.py's. Every Latin-script name (no acronym) of ROR's v2 sample's
records in CN, TW, HK and SG (shared/data, or TIETRACE_SHARED_DATA) is screened as `tietrace screen` screens a row
(affiliation read, organizations collapsed), as written and with each word that is two pinyin syllables split
("Xidian" -> "Xi Dian", names.initials.syllables). Counted: rows whose top candidate at match or review is their own
record's organization ("found_own"), and rows whose top candidate at match or review is another organization that
holds a listing ("flag_another"). Writes bench/results/pinyin_spacing[_LABEL].json: the counts, and the rows of
each way of writing that do not find their own record or that flag another.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path
from typing import Any

from bench.machine import describe, git_commit
from bench.screening_graph import data_dir
from graph.settings import get_settings
from graph.store import open_store
from names.initials import syllables
from names.normalize import cjk
from resolve.matcher import Matcher

RESULTS = Path(__file__).parent / "results"
COUNTRIES = ("CN", "TW", "HK", "SG")


def split(name: str) -> str:
    """Each word of two pinyin syllables written apart, capitalized as written: "Xidian University" -> "Xi Dian
    University"; abbreviations in capitals are left."""
    out = []
    for word in name.split():
        spelled = syllables(word.lower()) if word.isalpha() and not word.isupper() else None
        if spelled and len(spelled) == 2:
            cut = len(spelled[0])
            out.append(f"{word[:cut]} {word[cut:].capitalize() if word[0].isupper() else word[cut:]}")
        else:
            out.append(word)
    return " ".join(out)


def ror_rows(shared: Path) -> list[tuple[str, str, str]]:
    """(record id, name, country) of every Latin-script, non-acronym name of the v2 sample's records in COUNTRIES."""
    with zipfile.ZipFile(shared / "ror" / "ror-records-v2-sample.json.zip") as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    rows = []
    for record in records:
        locations = record.get("locations") or [{}]
        country = locations[0].get("geonames_details", {}).get("country_code")
        if country not in COUNTRIES:
            continue
        rid = "ror-" + record["id"].rsplit("/", 1)[-1]
        names = [n["value"] for n in record["names"] if "acronym" not in n["types"] and not cjk(n["value"])]
        rows += [(rid, name, country) for name in names]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    settings = get_settings()
    rows = ror_rows(data_dir())
    with open_store(settings) as store:
        matcher = Matcher.from_store(store, keep_in=settings.index_folder)
    answers: dict[str, dict[str, Any]] = {"written": {}, "split": {}}
    for rid, name, country in rows:
        for way, text in (("written", name), ("split", split(name))):
            if way == "split" and text == name:
                continue
            found = matcher.match(text, country, limit=3, collapse=True, affiliation=True)
            status = matcher.status(found)
            top = found[0] if found else None
            own = top is not None and rid in top.records
            listed = top is not None and matcher.listed(matcher._by_id[top.entity.id], True)
            answers[way][f"{rid}|{name}"] = {"status": status, "own": own, "top": top.entity.id if top else None}
            answers[way][f"{rid}|{name}"]["flags_another"] = status != "no_match" and listed and not own
    summary = {
        way: {
            "rows": len(found),
            "found_own": sum(a["status"] != "no_match" and a["own"] for a in found.values()),
            "flag_another": sum(a["flags_another"] for a in found.values()),
        }
        for way, found in answers.items()
    }
    print(json.dumps(summary))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pinyin_spacing{'_' + args.label if args.label else ''}.json"
    missed = {
        way: {row: a for row, a in found.items() if a["status"] == "no_match" or not a["own"] or a["flags_another"]}
        for way, found in answers.items()
    }
    result = {"machine": describe(), "commit": git_commit(), "summary": summary, "missed": missed}
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
