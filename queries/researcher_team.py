"""A proposal team, or the people of an NSF Collaborators and Other Affiliations list, screened in one call: one row
per person with the overall action under a rule set. A person who cannot be found is a row with its error, so one
bad line never hides the others."""

from __future__ import annotations

import csv
import io
from datetime import date

from graph.errors import GraphError, QueryError
from graph.store import GraphStore
from queries.decision_rules import Action, RuleSet, most_severe
from queries.researcher import review
from queries.researcher_answers import TeamReview, TeamRow

# Columns read, in order of preference: the first non-empty one names the person.
COLUMNS = ("orcid", "openalex", "id")
MAX_TEAM = 500


def refs_from_csv(text: str, where: str = "team file") -> list[str]:
    """One reference per data row: `orcid` (as orcid:...), else `openalex`, else `id`. A header row is required."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not any(c in header for c in COLUMNS):
        raise QueryError(f"{where}: the header must name one of the columns {', '.join(COLUMNS)}; got {header}")
    refs: list[str] = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if row.get("orcid"):
            refs.append(f"orcid:{row['orcid'].removeprefix('https://orcid.org/')}")
        elif row.get("openalex"):
            refs.append(row["openalex"])
        elif row.get("id"):
            refs.append(row["id"])
        elif any(row.values()):
            raise QueryError(
                f"{where}: line {number} has no orcid, openalex or id value (names alone are not resolved)"
            )
    if len(refs) > MAX_TEAM:
        raise QueryError(f"{where}: {len(refs)} people; at most {MAX_TEAM} per call")
    return refs


def team(store: GraphStore, refs: list[str], ruleset: RuleSet, as_of: date) -> TeamReview:
    rows: list[TeamRow] = []
    for ref in refs:
        try:
            answer = review(store, ref, ruleset, as_of)
        except GraphError as exc:  # not found, or a malformed reference: this row only
            rows.append(TeamRow(query=ref, error=str(exc)))
            continue
        flagged = [f.rule for f in answer.findings if f.action is not Action.NONE]
        rows.append(
            TeamRow(
                query=ref, person_id=answer.person.id, name=answer.person.name, overall=answer.overall, flagged=flagged
            )
        )
    overall = most_severe([r.overall for r in rows if r.overall is not None])
    return TeamReview(rule_set=ruleset.name, as_of=as_of, overall=overall, rows=rows)
