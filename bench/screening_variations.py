"""The screening dev set written the other ways collaborator lists write names, against a graph of the bundled lists:
how much of what is found as written is still found.

    TIETRACE_DATA_DIR=DIR .venv/bin/python -m bench.screening_variations

DIR holds a graph with the bundled lists loaded (`tietrace lists load`). Each variation rewrites every row's name
(Latin-script rows only where the change is about Latin letters), and each row is read as a list's cell is
(screening.collaborators: NFKC, spaces) and screened as `tietrace screen` screens it (affiliation=True, the
organizations collapsed), then scored as bench/screening_devset_graph.py scores it: flag precision and recall, and
the share of the real unlisted institutions flagged. A variation that loses recall is a way of writing the screening
does not read yet. Writes bench/results/screening_variations.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bench.machine import describe, git_commit
from bench.screening_devset import load_devset
from bench.screening_devset_graph import LISTED, RESULTS, evaluate, listed_names
from graph.settings import get_settings
from graph.store import open_store
from names.normalize import cjk
from resolve.matcher import Candidate, Matcher
from screening.collaborators import _clean

# Abbreviations of words as reference lists print them.
SHORTENED = (
    (r"\bUniversity\b", "Univ."),
    (r"\bInstitute\b", "Inst."),
    (r"\bTechnology\b", "Tech."),
    (r"\bResearch\b", "Res."),
    (r"\bAcademy\b", "Acad."),
    (r"\bSciences?\b", "Sci."),
    (r"\bCorporation\b", "Corp."),
    (r"\bCompany\b", "Co."),
    (r"\bEngineering\b", "Eng."),
)


def _latin(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda name: name if cjk(name) else change(name)


def _shortened(name: str) -> str:
    for word, short in SHORTENED:
        name = re.sub(word, short, name)
    return name


def _full_width(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def _typo(name: str) -> str:
    """Two neighbouring letters of the name's longest word swapped, past its first letter ("Insitute")."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 6:
        at = len(word) // 2
        words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def _traditional(name: str) -> str:
    import icu

    return str(icu.Transliterator.createInstance("Hans-Hant").transliterate(name)) if cjk(name) else name


VARIATIONS: dict[str, Callable[[str], str]] = {
    "as written": lambda name: name,
    "upper case": _latin(str.upper),
    "lower case": _latin(str.lower),
    "'The' before it": _latin(lambda name: f"The {name}"),
    "a full stop after it": lambda name: f"{name}.",
    "words shortened (Univ., Inst., Tech.)": _latin(_shortened),
    "a unit before it (Department of Physics, ...)": _latin(lambda name: f"Department of Physics, {name}"),
    "full-width letters (a Chinese keyboard's)": _latin(_full_width),
    "traditional characters": _traditional,
    "spaces doubled": lambda name: name.replace(" ", "  ") + " ",
    "two letters swapped in its longest word": _latin(_typo),
    "'&' for 'and'": _latin(lambda name: re.sub(r"\band\b", "&", name)),
    "no space after a comma ('Co.,Ltd.')": lambda name: name.replace(", ", ","),
    "hyphens as spaces": lambda name: name.replace("-", " "),
}
# Only rows of Chinese institutions (their country CN): what a Chinese affiliation adds after the name.
CHINESE_VARIATIONS: dict[str, Callable[[str], str]] = {
    "as written (CN rows)": lambda name: name,
    ", China after it (CN rows)": lambda name: f"{name}, China",
    "(China) after it (CN rows)": lambda name: f"{name} (China)",
    "a campus in brackets after a Chinese name (CN rows)": lambda name: f"{name}（深圳）" if cjk(name) else name,
}


class Screened:
    """The matcher as `tietrace screen` asks it (screening.screen.organization_question)."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher

    def match(self, name: str, country: str | None, limit: int = 5, collapse: bool = True) -> list[Candidate]:
        return self.matcher.match(name, country, limit=limit, collapse=collapse, affiliation=True)

    def status(self, candidates: list[Candidate]) -> str:
        return self.matcher.status(candidates)


def main() -> None:
    rows = load_devset()
    settings = get_settings()
    with open_store(settings) as store:
        matcher = Matcher.from_store(store, keep_in=settings.index_folder)
        listings = store.run_guarded(LISTED, {}, row_cap=10_000_000).rows
    named, listed = listed_names(listings)
    screened = Screened(matcher)
    found: dict[str, Any] = {}
    chinese = [row for row in rows if row["country"] == "CN"]
    for variations, chosen in ((VARIATIONS, rows), (CHINESE_VARIATIONS, chinese)):
        for label, change in variations.items():
            written = [{**row, "name": _clean(change(row["name"])) or ""} for row in chosen]
            result = evaluate(screened, written, named, listed)  # type: ignore[arg-type]
            found[label] = {k: v for k, v in result.items() if k != "misses"}
            found[label]["misses"] = result["misses"][:20]
            shown = {k: found[label][k] for k in ("rows", "flag_precision", "flag_recall", "unlisted_flagged")}
            print(f"{label}: {json.dumps(shown)} {json.dumps(found[label]['recall_by_category'])}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    result = {"machine": describe(), "commit": git_commit(), "organizations": len(matcher.orgs), "variations": found}
    (RESULTS / "screening_variations.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
