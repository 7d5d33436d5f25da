"""`tietrace extract [TEXT_FILE | -] [--json]`: the organizations and grant numbers a free text names.

For investigators pasting a gift description, a contract clause or an abstract: each organization mention with
the graph entity it links to (or the candidates it could be), the grant numbers given to it, and the sentence
it sits in. The extractor is the one the acknowledgements source uses (resolve.extract, docs/extraction.md),
built from the graph's organization names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tietrace.cli_base import EXIT_QUERY, err, fail, out, print_json, with_store

if TYPE_CHECKING:
    from graph.store import GraphStore
    from resolve.extract import Mention

STDIN = "-"


def read_text(source: str) -> str:
    """The text of a file (UTF-8) or of standard input; ValueError says what is wrong with it."""
    if source == STDIN:
        text = sys.stdin.read()
        where = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"{source}: no such file")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{source}: not UTF-8 text (byte {exc.start}); convert it first") from exc
        where = source
    if not text.strip():
        raise ValueError(f"{where}: no text to read")
    return text


def extract(store: GraphStore, text: str) -> list[dict[str, Any]]:
    """The text's mentions in reading order, with the names of the entities they link to or could be."""
    from ingest.sources.acknowledgements import awards_given
    from resolve.extract import Extractor
    from resolve.matcher import Matcher

    matcher = Matcher.from_store(store)
    names = {org.ref.id: org.ref.name for org in matcher.orgs}
    mentions = Extractor.from_matcher(matcher).extract(text)
    given = awards_given(mentions)
    return [as_dict(m, names, given) for m in mentions]


def as_dict(mention: Mention, names: dict[str, str | None], given: dict[tuple[int, str], str]) -> dict[str, Any]:
    from resolve.patterns import normalize_award

    entity = mention.entity_id
    owner = given.get((mention.sentence_start, normalize_award(mention.text)))
    return {
        "kind": mention.kind,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "entity": {"id": entity, "name": names.get(entity)} if entity is not None else None,
        "candidates": [{"id": c, "name": names.get(c)} for c in mention.candidates],
        "score": round(mention.score, 4),
        "method": mention.method,
        "awardIds": list(mention.award_ids),
        # A grant number's organization, when the extractor gave it to one (it is then in that one's awardIds).
        "givenTo": owner if mention.kind == "grant_number" else None,
        "sentence": mention.sentence.strip(),
    }


def describe(found: dict[str, Any]) -> str:
    """One mention as one line: what it says, what it links to (or could be), its grant numbers."""
    if found["kind"] == "grant_number":
        return f"grant number {found['text']} (given to no linked organization)"
    line = str(found["text"])
    entity = found["entity"]
    if entity is not None:
        line += f" -> {entity['name'] or entity['id']} [{entity['id']}] ({found['method']} {found['score']:g})"
    elif found["candidates"]:
        line += " -> one of " + ", ".join(f"{c['name'] or c['id']} [{c['id']}]" for c in found["candidates"])
    else:
        line += " -> not in the graph"
    if found["awardIds"]:
        line += "; grants " + ", ".join(found["awardIds"])
    return line


app = typer.Typer()


@app.command("extract")
def extract_command(
    text_file: Annotated[
        str,
        typer.Argument(metavar="[TEXT_FILE | -]", help="A UTF-8 text file, or - (the default) for standard input."),
    ] = STDIN,
    as_json: Annotated[bool, typer.Option("--json", help="Print the mentions as JSON.")] = False,
) -> None:
    """Organizations and grant numbers named in a free text, linked to the graph, each with its sentence."""
    try:
        text = read_text(text_file)
    except ValueError as exc:
        fail(str(exc), EXIT_QUERY)
    with err.status("reading the graph's organization names"):
        found = with_store(lambda store: extract(store, text))
    if as_json:
        print_json(json.dumps(found, ensure_ascii=False))
        return
    if not found:
        out.print("No organizations or grant numbers found.")
        return
    sentence = None
    for mention in found:
        if mention["givenTo"] is not None:
            continue  # listed with the organization it was given to
        if mention["sentence"] != sentence:
            sentence = mention["sentence"]
            out.print(f"\n{sentence}", markup=False, highlight=False, style="dim", soft_wrap=True)
        out.print(f"  {describe(mention)}", markup=False, highlight=False, soft_wrap=True)
