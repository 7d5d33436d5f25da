"""Choose the ROR records bundled beside the lists (tietrace/lists_data/ror/): those of the listed organizations and
of every organization a list could be mistaken for.

    TIETRACE_DATA_DIR=DIR .venv/bin/python tools/bundle_ror.py --ror SHARED/ror [--out tietrace/lists_data/ror]

DIR holds a graph with the bundled lists loaded (`tietrace lists load`). The lists publish few abbreviations and no
names in Han script; ROR publishes both, for research organizations. A ROR record is kept when one of its names
(up to eight, its other languages' Latin-script ones included) screens as a match or a review against the listed
organizations alone, or one of its abbreviations is one a listed organization holds: the listed organization's own
record (names in its languages, its acronyms) and its namesakes (another "HIT", "Beijing University of Technology"
beside the listed Beijing Institute of Technology), so that an abbreviation or a near name is weighed against every
organization it may mean, not only the listed one. Records are written unchanged (ROR, CC0), sorted by id, in the
dump's two schemas, one zip each, with fixed timestamps: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path
from typing import Any

DUMPS = {"v2": "ror-records-v2-sample.json.zip", "v1": "ror-records-v1-sample.json.zip"}
NAMES_PROBED = 8
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ror", type=Path, required=True, help="the folder of the two ROR dump zips")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "tietrace/lists_data/ror")
    args = parser.parse_args()

    import queries
    from graph.settings import get_settings
    from graph.store import open_store
    from ingest.context import JobContext
    from ingest.sources.ror import parse_v1, parse_v2
    from names.normalize import cjk
    from resolve.matcher import Matcher, compact

    listed: list[dict[str, Any]] = []
    with open_store(get_settings()) as store:
        after = ""
        while True:
            rows = store.run(queries.load("organizations"), {"afterId": after, "limit": 20_000})
            listed += [r for r in rows if r.get("listings")]
            if len(rows) < 20_000:
                break
            after = rows[-1]["id"]
    if not listed:
        raise SystemExit("no listed organization in this graph: run `tietrace lists load` first")
    matcher = Matcher.from_rows(listed)
    args.out.mkdir(parents=True, exist_ok=True)
    for schema, dump in DUMPS.items():
        with zipfile.ZipFile(args.ror / dump) as archive:
            records: list[dict[str, Any]] = json.loads(archive.read(archive.namelist()[0]))
        kept = []
        ctx = JobContext(source="ror", file=args.ror / dump)
        for record in records:
            # As the ror source reads it (its parsers take fields out of the dict they are given: a copy).
            parse = parse_v2 if isinstance(record.get("names"), list) else parse_v1
            read = parse(ctx, dict(record))
            names = [n for n in [read.name, *read.aliases] if not cjk(n)][:NAMES_PROBED]
            near = any(matcher.status(matcher.match(name, read.country, limit=2)) != "no_match" for name in names)
            if near or any(compact(a) in matcher.by_acronym for a in read.acronyms):
                kept.append(record)
        kept.sort(key=lambda r: str(r["id"]))
        target = args.out / f"near-lists-{schema}.json.zip"
        member = zipfile.ZipInfo(f"near-lists-{schema}.json", FIXED_TIME)
        member.compress_type = zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr(member, json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        print(f"{target}: {len(kept):,} of {len(records):,} records ({schema})")


if __name__ == "__main__":
    main()
