"""`tietrace check NAME|ID|scheme:value [--profile P] [--as-of D] [--json]`: the due-diligence answer, and
`tietrace check --from FILE` for many entities in one process (tietrace/check_batch.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from tietrace.cli_base import EXIT_NOT_FOUND, EXIT_QUERY, err, fail, graph_errors, out, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from queries.answers import CheckResult, Hop, PathAnswer
    from queries.target import AmbiguousEntity

app = typer.Typer()

AKA_SHOWN = 8  # names listed under "Also known as" before "and N more"
LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "bold red", "critical": "bold white on red"}


def describe_path(path: PathAnswer) -> str:
    """A path as one line: names joined by the relationship between them, with its share and date."""
    names = {n.id: n.name or n.id for n in path.nodes}
    parts = [names[path.nodes[0].id]]
    for hop, node in zip(path.hops, path.nodes[1:], strict=True):
        parts.append(f" {arrow(hop, node.id)} {names[node.id]}")
    return "".join(parts)


def arrow(hop: Hop, next_id: str) -> str:
    detail = hop.type
    if hop.share_pct is not None:
        detail += f" {hop.share_pct:g}%"
    elif hop.share_range is not None:
        detail += f" {hop.share_range[0]:g}-{hop.share_range[1]:g}%"
    if hop.control_type:
        detail += f" {hop.control_type}"
    return f"<-[{detail}]-" if hop.start == next_id else f"-[{detail}]->"


def sources_of(path: PathAnswer) -> str:
    cited = {f"{h.source.dataset}:{h.source.source_id}" for h in path.hops if h.source.dataset}
    return ", ".join(sorted(cited))


def report(console: Console, result: CheckResult) -> None:
    """The entity and its risk, then one section per registered question (queries/questions.py), in its order."""
    from queries.questions import QUESTIONS

    e, risk = result.entity, result.risk
    ids = ", ".join(f"{k}:{v}" for k, v in e.identifiers.items())
    kind = e.kind or ("person" if e.label == "Person" else "")
    console.print(f"{e.name} [{e.id}] {e.country or '?'} {kind} {ids}", markup=False, style="bold")
    for title, names in (("Also known as", result.names.also_known_as), ("Previously", result.names.previously)):
        if names:
            more = f" and {len(names) - AKA_SHOWN} more (--json lists all)" if len(names) > AKA_SHOWN else ""
            console.print(f"{title}: " + "; ".join(names[:AKA_SHOWN]) + more, markup=False, style="dim")
    as_of = f" as of {result.as_of}" if result.as_of else ""
    console.print(
        f"risk [{LEVEL_STYLE[risk.level]}]{risk.level.upper()}[/] {risk.score}/100 under {risk.profile}{as_of}"
    )
    for rule in risk.rules:
        console.print(f" ! {rule.rule}: {rule.explanation} (level at least {rule.level})", markup=False)
    for factor in risk.factors:
        marker = "•" if factor.value else " "
        console.print(f" {marker} {factor.name} {factor.value:.2f} x {factor.weight:g}: {factor.explanation}")
        for item in factor.evidence[:3]:
            console.print(f"     - {item['summary']}", markup=False, style="dim")
    for question in QUESTIONS:
        SECTIONS[question.name](console, result, question.title)


def controllers_section(console: Console, result: CheckResult, title: str) -> None:
    console.print(f"\n[bold]{title}[/]" if result.controllers else "\nNo owners or controllers found.")
    for c in result.controllers[:20]:
        pct = (
            f"{c.effective_pct:g}%"
            if c.effective_pct is not None
            else (
                f"{c.effective_pct_range[0]:g}-{c.effective_pct_range[1]:g}%"
                if c.effective_pct_range
                else "share unknown"
            )
        )
        flags = ", ".join(
            f
            for f, on in (
                ("controls", c.controls),
                ("board seat (influence)", c.influence),
                ("ultimate", c.is_ultimate),
                ("foreign", c.foreign),
            )
            if on
        )
        console.print(f"  {c.name or c.id} ({c.country or '?'}) {pct} {flags}", markup=False)
        console.print(f"     {describe_path(c.paths[0])}  [{sources_of(c.paths[0])}]", markup=False, style="dim")


def exceptions_section(console: Console, result: CheckResult, title: str) -> None:
    """Under the controllers without a heading of its own: GLEIF's reason why no parent is reported."""
    for exc in result.reporting_exceptions:
        console.print(
            f"  GLEIF reports no {exc.category.split('_')[0].lower()} parent: {', '.join(exc.reasons)}"
            + (f" (as of {exc.as_of})" if exc.as_of else "")
            + f"  [{exc.source.dataset}:{exc.source.source_id}]",
            markup=False,
            highlight=False,
        )


def funding_section(console: Console, result: CheckResult, title: str) -> None:
    money = result.funding
    console.print(
        f"\n[bold]{title}[/]: {money.total:,.0f} {money.currency} in {len(money.flows)} flow(s), "
        f"foreign {money.foreign_total:,.0f} (rates of {money.rates_date}"
        + (f"; {money.unconverted} unconverted" if money.unconverted else "")
        + ")"
    )
    for group in money.by_ultimate_country[:8]:
        console.print(f"  {group.key}: {group.amount:,.0f} {money.currency} in {group.flows} flow(s)")
    notes = sorted({f"{f.funder.name}: {f.funder.country_note}" for f in money.flows if f.funder.country_note})
    for note in notes:  # a country read from the source's usage says so (Section 117's "KOREA")
        console.print(f"  country note: {note}", markup=False, style="dim")


def proximity_section(console: Console, result: CheckResult, title: str) -> None:
    console.print(f"\n[bold]{title}[/]" if result.proximity else "\nNo listed entity within reach.")
    for near in result.proximity[:10]:
        since = f"since {near.listed_from}" if near.listed_from else "listing date unknown"
        published = f"; as published in {near.list.snapshot}" if near.list.snapshot else ""
        weighs = {"counted": "counted", "uncounted": "weighs less", "information": "information only"}[near.weight]
        console.print(
            f"  {near.list.title} ({since}{published}; {weighs}): {near.hops} hop(s)", markup=False, highlight=False
        )
        console.print(
            f"     {describe_path(near.path)}  [{sources_of(near.path)}]", markup=False, highlight=False, style="dim"
        )


def ties_section(console: Console, result: CheckResult, title: str) -> None:
    if result.ties:
        console.print(f"\n[bold]{title}[/]")
    for tie in result.ties[:10]:
        flags = ", ".join(f for f, on in (("listed", tie.listed), ("foreign", tie.foreign)) if on)
        if tie.sensitive:
            flags = ", ".join(filter(None, [flags, "sensitive: " + "/".join(tie.sensitive)]))
        other = f"{tie.other.name} ({tie.other.country or '?'})" if tie.other else ""
        console.print(
            f"  {tie.kind} {tie.date or ''} {tie.via.name if tie.via else ''} with {other} {flags}",
            markup=False,
            highlight=False,
        )


ROLE_WORDS = {"owns": "owns", "directs": "directs", "works_for": "works for", "grant_pi": "grant PI at"}


def role_section(console: Console, result: CheckResult, title: str) -> None:
    """For a person: the organizations they own, direct, work for or hold a grant through, with paths and sources."""
    if result.entity.label != "Person":
        return
    console.print(f"\n[bold]{title}[/]" if result.roles else "\nNo organization ties found.")
    for r in result.roles:
        detail = ROLE_WORDS.get(r.role, r.role)
        if r.share_pct is not None:
            detail += f" {r.share_pct:g}%"
        elif r.share_range is not None:
            detail += f" {r.share_range[0]:g}-{r.share_range[1]:g}%"
        if r.influence:
            detail += ", board seat (influence)"
        elif r.controls:
            detail += f", controls ({r.control_type})"
        org = r.organization
        console.print(f"  {detail}: {org.name or org.id} ({org.country or '?'})", markup=False, highlight=False)
        console.print(f"     {describe_path(r.path)}  [{sources_of(r.path)}]", markup=False, style="dim")


# One renderer per registered question, keyed by its name (tests/unit/test_questions.py holds the keys to it).
SECTIONS: dict[str, Callable[[Console, CheckResult, str], None]] = {
    "roles": role_section,
    "controllers": controllers_section,
    "reporting_exceptions": exceptions_section,
    "funding": funding_section,
    "proximity": proximity_section,
    "ties": ties_section,
}

# `check --from` exits 0 when every entity was answered, 6 when the batch completed but some could not be
# (each with its line number and reason), as `tietrace screen` does; 2 when the file cannot be read at all.
EXIT_SOME_FAILED = 6


@app.command("check")
def check_command(
    entity: Annotated[
        str | None, typer.Argument(help="An internal id, scheme:value (lei:, ror:, openalex:, ...) or a name.")
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Check many in one go: one id or name per line, or a CSV with an id or name column; - reads "
            "standard input. Exit code 6 when some could not be answered.",
        ),
    ] = None,
    profile: Annotated[str, typer.Option(help="Jurisdiction profile.")] = "us-research-security",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Answer as of this ISO date.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (with --from: one JSON line per entity).")
    ] = False,
) -> None:
    """Who controls, funds and neighbours this partner, with the risk under a profile and every source."""
    from graph.store import open_store
    from queries.check import check
    from queries.profiles import load as load_profile
    from queries.target import AmbiguousEntity

    if entity is not None and from_file is not None:
        fail("give one entity or --from FILE, not both", EXIT_QUERY)
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of must be an ISO date such as 2024-01-31, got {as_of!r}", 2)
    with graph_errors():
        chosen = load_profile(profile)
    if from_file is not None:
        from tietrace.check_batch import check_many

        if check_many(from_file, chosen, as_of, as_json=as_json):
            raise typer.Exit(EXIT_SOME_FAILED)
        return
    if entity is None:
        fail("give an entity (an id, scheme:value or a name) or --from FILE", EXIT_QUERY)
    with graph_errors(), open_store() as store:
        try:
            result = check(store, entity, chosen, as_of)
        except AmbiguousEntity as exc:
            err.print(f"ambiguous: {entity!r} matches several entities; name one by its id:", markup=False)
            print_candidates(exc)
            raise typer.Exit(EXIT_NOT_FOUND) from None
    if as_json:
        print_json(result.model_dump_json())
    else:
        report(out, result)


def print_candidates(exc: AmbiguousEntity) -> None:
    for candidate, score in exc.candidates:
        line = f"  {candidate.id}  {candidate.name} ({candidate.country or '?'})  score {score:.0f}"
        if candidate.id in exc.aliases:
            line += f"  as {exc.aliases[candidate.id]!r}"
        err.print(line, markup=False)
