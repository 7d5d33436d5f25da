"""`tietrace researcher ID|orcid:...|A123 [--rules R] [--as-of D] [--json]` and `tietrace researcher --team FILE.csv`:
researcher due diligence under a funder's decision rules (queries/rules/*.yml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tietrace.cli_base import fail, graph_errors, out, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from queries.researcher_answers import Fact, ResearcherReview, TeamReview

# By the values of queries.decision_rules.Action (a StrEnum, so its members find these keys): importing the rules
# module (pydantic models, YAML) waits for the command that reads them.
ACTION_STYLE = {
    "none": "green",
    "mitigation_suggested": "yellow",
    "mitigation_required": "bold yellow",
    "prohibited": "bold white on red",
}
# queries.decision_rules.DEFAULT, shown in --help without importing that module (a unit test holds them equal).
DEFAULT_RULES = "dow-decision-matrix-2026-03"

app = typer.Typer()


def describe(fact: Fact) -> str:
    lists = ", ".join(sorted({li.list_id or li.title or li.watchlist for li in fact.listings}))
    org = f"{fact.organization.name or fact.organization.id} ({fact.organization.country or '?'})"
    where = f" on {lists}" if lists else ""
    parents = dict.fromkeys(li.listed_name or li.listed for li in fact.listings if li.through == "part_of")
    direct = any(li.through == "listed" for li in fact.listings)
    if parents and not direct:  # listed only as a unit of a listed organization: say of which, the path is evidence
        where += f" as a unit of {', '.join(parents)}"
    if fact.publication is not None and fact.coauthor is not None:
        doi = fact.publication.doi or fact.publication.id
        return f"{fact.date or '?'} co-authored {doi} with {fact.coauthor.name} at {org}{where}"
    sources = ", ".join(f"{s.dataset}:{s.source_id}" for s in fact.sources if s.dataset)
    return f"{fact.date or '?'} {fact.kind.value} ({fact.detail}) {org}{where} [{sources}]"


def report(console: Console, answer: ResearcherReview) -> None:
    from queries.decision_rules import Action

    p = answer.person
    console.print(f"{p.name or p.id} [{p.id}] orcid:{p.orcid or '?'}", markup=False, style="bold")
    others = [r.id for r in answer.records[1:]]
    if others:
        console.print(f"  also recorded as {', '.join(others)}", markup=False, style="dim", soft_wrap=True)
    style = ACTION_STYLE[answer.overall]
    console.print(f"overall [{style}]{answer.overall.value}[/] under {answer.rule_set} as of {answer.as_of}")
    for finding in answer.findings:
        if finding.action is Action.NONE:
            continue
        console.print(f" ! {finding.rule}: {finding.action.value} ({finding.window})", markup=False, soft_wrap=True)
        cite = finding.citation
        cited = f"     {cite.document}, {cite.date}: {cite.section} <{cite.url}>"
        console.print(cited, markup=False, style="dim", soft_wrap=True)
        for fact in finding.facts[:5]:
            console.print(f"     - {describe(fact)}", markup=False, soft_wrap=True)
        if len(finding.facts) > 5:
            console.print(f"     ... and {len(finding.facts) - 5} more", style="dim")
    console.print("\n[bold]Affiliations over time[/]" if answer.timeline else "\nNo affiliations recorded.")
    for span in answer.timeline:
        flag = " LISTED" if span.listed else ""
        name = span.organization.name or span.organization.id
        console.print(f"  {span.first or '?'} .. {span.last or '?'}  {name}{flag}", markup=False, soft_wrap=True)
    for line in answer.limitations:
        console.print(f"note: {line}", markup=False, style="dim", soft_wrap=True)


def team_report(console: Console, answer: TeamReview) -> None:
    console.print(f"team overall {answer.overall.value} under {answer.rule_set} as of {answer.as_of}", style="bold")
    for row in answer.rows:
        if row.error:
            console.print(f"  {row.query}: error: {row.error}", markup=False, soft_wrap=True)
        else:
            rules = f" ({', '.join(row.flagged)})" if row.flagged else ""
            action = row.overall.value if row.overall else "?"
            console.print(f"  {row.query}  {row.name or row.person_id}: {action}{rules}", markup=False, soft_wrap=True)


@app.command("researcher")
def researcher_command(
    person: Annotated[
        str | None, typer.Argument(help="A Person id, orcid:0000-0000-0000-0000, or an OpenAlex author id (A...).")
    ] = None,
    team_file: Annotated[
        Path | None, typer.Option("--team", help="CSV with a header naming orcid, openalex or id: one per person.")
    ] = None,
    rules: Annotated[
        str, typer.Option(help="Decision rule set (queries/rules, or TIETRACE_RULES_DIR).")
    ] = DEFAULT_RULES,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Review date (ISO); default today.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A researcher's ties (appointments, funding, co-authorships, equipment) under a funder's decision rules."""
    from graph.store import open_store
    from queries import decision_rules
    from queries.researcher import review
    from queries.researcher_team import refs_from_csv, team

    if (person is None) == (team_file is None):
        fail("give a researcher (ID, orcid:..., A...) or --team FILE.csv, not both", 2)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        fail(f"--as-of must be an ISO date such as 2026-05-08, got {as_of!r}", 2)
    with graph_errors():
        chosen = decision_rules.load(rules)
        refs: list[str] = []
        if team_file is not None:
            try:
                text = team_file.read_text(encoding="utf-8-sig")
            except OSError as exc:
                fail(f"cannot read {team_file}: {exc.strerror}", 2)
            refs = refs_from_csv(text, str(team_file))
    with graph_errors(), open_store() as store:
        if person is not None:
            answer = review(store, person, chosen, day)
            if as_json:
                print_json(answer.model_dump_json())
            else:
                report(out, answer)
            return
        result = team(store, refs, chosen, day)
    if as_json:
        print_json(result.model_dump_json())
    else:
        team_report(out, result)
