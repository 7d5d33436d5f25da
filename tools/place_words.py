"""Write names/places.txt: the one-word place names of the cities and regions research organizations are in.

    .venv/bin/python tools/place_words.py --ror SHARED/ror [--out names/places.txt]

The words are ROR's (CC0): the GeoNames city and first-level subdivision of every record of the v2 dump, normalized
as names are (names.score.prepare), kept when the place is one word long and that word is no stopword, generic word,
field of study or kind of institution ("Normal", Illinois; "Institute", West Virginia). names/places.py reads the
file: two such words spelt alike are two places (Xiamen and Xi'an), not one word misspelt. The same dump gives the
same bytes.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

DUMP = "ror-records-v2-sample.json.zip"
HEADER = """\
# One-word names of the cities and first-level regions ROR's records are in (GeoNames names as ROR gives them, CC0),
# normalized as names are. Written by tools/place_words.py; read by names/places.py. Do not edit by hand.
"""


def place_words(records: list[dict[str, object]]) -> set[str]:
    from names.score import FIELDS, GENERIC, INSTITUTION_KINDS, STOPWORDS, prepare

    excluded = STOPWORDS | GENERIC | FIELDS | INSTITUTION_KINDS
    found: set[str] = set()
    for record in records:
        for location in record.get("locations") or []:  # type: ignore[attr-defined]
            details = location.get("geonames_details") or {}
            for place in (details.get("name"), details.get("country_subdivision_name")):
                if not place:
                    continue
                for variant in prepare(place).variants:
                    (word,) = variant.words if len(variant.words) == 1 else (None,)
                    if word and len(word) >= 3 and not word.isdigit() and word not in excluded:
                        found.add(word)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ror", type=Path, required=True, help="the folder of the ROR dump zips")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "names/places.txt")
    args = parser.parse_args()
    with zipfile.ZipFile(args.ror / DUMP) as dump:
        records = json.loads(dump.read(dump.namelist()[0]))
    words = place_words(records)
    args.out.write_text(HEADER + "".join(f"{word}\n" for word in sorted(words)), encoding="utf-8")
    print(f"{len(words)} place words from {len(records)} records -> {args.out}")


if __name__ == "__main__":
    main()
