"""The `tietrace` command: thin, it calls the same functions as the API and prints their answers.

This module only assembles the command modules' Typer apps. Each `cli_*` module owns its commands and imports
what they need (the driver, the API, spaCy) inside their bodies, so `tietrace --help` starts at once.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from tietrace import (
    cli_api,
    cli_check,
    cli_cypher,
    cli_demo,
    cli_extract,
    cli_graph,
    cli_ingest,
    cli_keys,
    cli_lists,
    cli_researcher,
    cli_resolve,
)
from tietrace.cli_base import collect_less_often

app = typer.Typer(
    name="tietrace",
    help="Which foreign organizations own, control or fund the partners we work with, and how do we know?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Commands are listed in --help in this order: the single commands first, then the groups.
for commands in (cli_cypher, cli_demo, cli_ingest, cli_check, cli_researcher, cli_extract, cli_api):
    app.add_typer(commands.app)
for group in (cli_graph, cli_lists, cli_resolve, cli_keys):
    app.add_typer(group.app)


@app.callback()
def main_options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("neo4j", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main() -> None:
    # Files the CLI (and `tietrace serve`) creates in the data directory are the owner's alone: keys, audit log,
    # demo key, engine secret and logs.
    os.umask(0o077)
    collect_less_often()  # before each command imports what it needs (tietrace/cli_base.py says why)
    app()


if __name__ == "__main__":
    main()
