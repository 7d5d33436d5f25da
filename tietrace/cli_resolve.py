"""`tietrace resolve run|confirm|reject|list`: entity resolution and people's judgements on it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from tietrace.cli_base import EXIT_NOT_FOUND, err, out, print_json, with_store

if TYPE_CHECKING:
    from resolve.judgements import Judgement

app = typer.Typer(name="resolve", help="Entity resolution: link records of one organization; confirm or reject links.")


@app.command("run")
def run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be linked; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Match every organization against the others; link sure pairs, list the ones for review."""
    from graph.settings import get_settings
    from resolve.run import resolve, write_review

    summary = with_store(lambda store: resolve(store, dry_run=dry_run, keep_in=get_settings().index_folder))
    review_file = write_review(summary, get_settings().data_dir / "resolve" / "review.jsonl")
    result = {**summary.as_dict(review_file), "dryRun": dry_run}
    if as_json:
        print_json(json.dumps(result))
        return
    verb = "would link" if dry_run else "linked"
    out.print(
        f"{summary.organizations:,} organizations: {verb} {summary.merged:,} pairs, "
        f"{len(summary.review):,} for review ({review_file}), {summary.kept_human:,} judged by people kept"
    )


def decide(a: str, b: str, judgement: Judgement, by: str, note: str) -> None:
    from resolve.judgements import judge

    written = with_store(lambda store: judge(store, a, b, judgement, by, note))
    if not written:
        err.print(f"error: {a} or {b} is not an organization in the graph", markup=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    out.print(f"{judgement.value}: {a} and {b} (by {by})", markup=False)


@app.command("confirm")
def confirm(
    a: Annotated[str, typer.Argument(help="An organization id.")],
    b: Annotated[str, typer.Argument(help="Another organization id.")],
    by: Annotated[str, typer.Option("--by", help="Who decides (recorded with the judgement).")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Confirm that two records are one organization; no later run undoes it."""
    from resolve.judgements import Judgement

    decide(a, b, Judgement.CONFIRMED, by, note)


@app.command("reject")
def reject(
    a: Annotated[str, typer.Argument(help="An organization id.")],
    b: Annotated[str, typer.Argument(help="Another organization id.")],
    by: Annotated[str, typer.Option("--by", help="Who decides (recorded with the judgement).")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Reject a link: the two records never merge again."""
    from resolve.judgements import Judgement

    decide(a, b, Judgement.REJECTED, by, note)


@app.command("list")
def list_links(
    kind: Annotated[list[str] | None, typer.Option("--kind", help="auto, confirmed, rejected; repeatable.")] = None,
) -> None:
    """List SAME_AS links with their judgement, score, method and who decided."""
    import queries
    from resolve.judgements import Judgement

    kinds = kind or [j.value for j in Judgement]
    rows = with_store(lambda store: store.run(queries.load("judgements"), {"kinds": kinds}))
    for row in rows:
        out.print(
            f"{row['judgement']:9} {row['a']}  {row['b']}  score {row['score']}  {row['method']}  "
            f"{row['decidedBy']} {row['decidedAt']}",
            markup=False,
        )
    out.print(f"{len(rows)} link(s)", style="dim")
