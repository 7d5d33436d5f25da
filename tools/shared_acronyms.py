"""Write names/shared_acronyms.txt: the abbreviations several research organizations publish, as ROR records them.

    .venv/bin/python tools/shared_acronyms.py --ror SHARED/ror [--out names/shared_acronyms.txt]

The acronyms are ROR's (CC0): every name of type `acronym` of every record of the v2 dump, compacted as the matcher
compares abbreviations (resolve.matcher.compact: "C.A.S.I.C." is "casic"), each record counted once with the
country of its first location. An abbreviation two or more records publish is written with one country code per
record ("-" for none): "sau" is Shenyang Aerospace University's and Sichuan Agricultural University's in China, and
three more universities' elsewhere. The matcher's index holds the listed organizations and few others, so an
abbreviation it finds one holder for may name many institutions in the world; names/world_acronyms.py reads this
table to say so. The same dump gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import defaultdict
from pathlib import Path

DUMP = "ror-records-v2-sample.json.zip"
HEADER = """\
# Abbreviations two or more of ROR's records (CC0) publish as an acronym, compacted as the matcher compares them,
# each with one country code per record ("-": none). Written by tools/shared_acronyms.py; read by
# names/world_acronyms.py. Do not edit by hand.
"""


def shared_acronyms(records: list[dict[str, object]]) -> dict[str, list[str]]:
    """abbreviation -> the country of each record publishing it, for those two or more records publish."""
    from resolve.matcher import compact

    countries: defaultdict[str, list[str]] = defaultdict(list)
    for record in records:
        locations = record.get("locations") or []
        first = locations[0] if isinstance(locations, list) and locations else {}
        country = str((first.get("geonames_details") or {}).get("country_code") or "-")
        published = {
            compact(str(name["value"]))
            for name in record.get("names") or []  # type: ignore[attr-defined]
            if "acronym" in (name.get("types") or [])
        }
        for short in published:
            if len(short) >= 2:
                countries[short].append(country)
    return {short: sorted(found) for short, found in countries.items() if len(found) > 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ror", type=Path, required=True, help="the folder of the ROR dump zips")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "names/shared_acronyms.txt")
    args = parser.parse_args()
    with zipfile.ZipFile(args.ror / DUMP) as dump:
        records = json.loads(dump.read(dump.namelist()[0]))
    table = shared_acronyms(records)
    lines = "".join(f"{short}\t{' '.join(countries)}\n" for short, countries in sorted(table.items()))
    args.out.write_text(HEADER + lines, encoding="utf-8")
    print(f"{len(table)} abbreviations two or more of {len(records)} records publish -> {args.out}")


if __name__ == "__main__":
    main()
