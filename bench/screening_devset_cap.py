"""How many organizations may share an abbreviation before, with no country, it says nothing (ACRONYM_SHARED_CAP).

    .venv/bin/python -m bench.screening_devset_cap

For each cap: the dev set's recall on abbreviation rows and its unlisted rows flagged, both with the country blanked
(bench/screening_devset.py's rules), and the share of unlisted ROR organizations that one of their own published
acronyms, screened alone without a country, flags (a review or match whose top candidate is listed): the price of
the rule "a shared abbreviation one listed organization holds is a review" for a collaborator list written in
abbreviations. The graph is the dev-set benchmark's (less the negatives' own records).
"""

from __future__ import annotations

import json
from typing import Any

from bench.screening_devset import evaluate, load_devset, ours
from bench.screening_graph import build
from resolve import matcher as matcher_module
from resolve.matcher import Matcher

CAPS = (3, 5, 8, 12, 16, 24, 1000)


def _flags(matcher: Matcher, listed: set[str], acronym: str) -> bool:
    found = matcher.match(acronym, None, limit=5, collapse=True)
    return matcher.status(found) != "no_match" and bool(set(found[0].records) & listed)


def run() -> dict[str, Any]:
    rows = load_devset()
    exclude = {"ror-" + r["origin"].removeprefix("ROR ") for r in rows if r["category"] == "negative"}
    graph = build(exclude=exclude)
    matcher = Matcher.from_rows(graph.rows)
    matcher.link(graph.links)
    listed = set(graph.listed)
    # Unlisted ROR organizations (no SAME_AS record of theirs listed) and one acronym each, the first they publish.
    unlisted = [
        org.acronyms[0]
        for i, org in enumerate(matcher.orgs)
        if org.ref.id.startswith("ror-") and org.acronyms and not matcher.listed(i, collapse=True)
    ]
    blank = [{**row, "country": ""} for row in rows]
    result: dict[str, Any] = {"unlisted_ror_with_acronym": len(unlisted), "caps": {}}
    for cap in CAPS:
        matcher_module.ACRONYM_SHARED_CAP = cap
        quality = evaluate(graph, blank, [ours(matcher, row) for row in blank])
        verdicts = {a: _flags(matcher, listed, a) for a in set(unlisted)}
        flagged = sum(verdicts[a] for a in unlisted)
        result["caps"][cap] = {
            "abbreviation_recall": quality["recall_by_category"]["abbreviation"],
            "flag_recall": quality["flag_recall"],
            "flag_precision": quality["flag_precision"],
            "devset_unlisted_flagged": quality["unlisted_flagged"],
            "unlisted_ror_acronyms_flagged": round(flagged / len(unlisted), 4),
        }
        print(cap, result["caps"][cap], flush=True)
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
