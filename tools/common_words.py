"""Write names/common_words.txt: the words many research organizations' names share, as ROR writes them.

    .venv/bin/python tools/common_words.py --ror SHARED/ror [--out names/common_words.txt]

The words are ROR's (CC0): every name of every record of the v2 dump (labels, aliases, acronyms, display names),
normalized as names are (names.score.prepare), counted once per record. A word in more than COMMON records of the
dump is a word of the world's organization names ("federal", "state", "moscow"); a word in fewer is a brand or a
name of its own ("huawei", "sensetime", "inspur"), however often one listed family repeats it in the matcher's index
(names/brands.py). The same dump gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import Counter
from pathlib import Path

DUMP = "ror-records-v2-sample.json.zip"
COMMON = 3  # records of the dump: a word in more of them is common (names/brands.py)
HEADER = f"""\
# Words in more than {COMMON} of the names of ROR's records (CC0), normalized as names are. Written by
# tools/common_words.py; read by names/brands.py. Do not edit by hand.
"""


def common_words(records: list[dict[str, object]]) -> set[str]:
    from names.score import prepare

    counts: Counter[str] = Counter()
    for record in records:
        words: set[str] = set()
        for name in record.get("names") or []:  # type: ignore[attr-defined]
            for variant in prepare(name["value"]).variants:
                words.update(variant.words)
        counts.update(words)
    return {word for word, count in counts.items() if count > COMMON}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ror", type=Path, required=True, help="the folder of the ROR dump zips")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "names/common_words.txt")
    args = parser.parse_args()
    with zipfile.ZipFile(args.ror / DUMP) as dump:
        records = json.loads(dump.read(dump.namelist()[0]))
    words = common_words(records)
    args.out.write_text(HEADER + "".join(f"{word}\n" for word in sorted(words)), encoding="utf-8")
    print(f"{len(words)} common words from {len(records)} records -> {args.out}")


if __name__ == "__main__":
    main()
