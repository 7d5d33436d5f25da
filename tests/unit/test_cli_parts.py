"""The CLI's parts on their own: it starts without the heavy packages, every command module is assembled, the
light copies of constants agree with their sources, and `check --from` reads its input as documented."""

from __future__ import annotations

import ast
import gc
import json
import os
import pkgutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import tietrace
from ingest.source_index import SOURCES
from queries import decision_rules
from tietrace import cli, cli_base, cli_check, cli_ingest, cli_researcher
from tietrace.check_batch import BatchInputError, Entry, entries

# What `tietrace --help` and `ingest --list` must not import: the driver, the API, matching, NLP, our query layer.
# pydantic itself is not here: typer coerces a command's option values with pydantic TypeAdapters.
HEAVY = ("neo4j", "fastapi", "uvicorn", "httpx", "rapidfuzz", "spacy", "pydantic_settings", "yaml", "numpy", "queries")
HEAVY_OURS = ("graph.store", "graph.settings", "ingest.sources", "resolve")
PACKAGE = Path(tietrace.__file__).parent


def modules_after(*args: str) -> set[str]:
    """The modules loaded once `tietrace ARGS` has run, in a fresh interpreter."""
    code = (
        "import json, sys\nfrom tietrace.cli import app\n"
        f"try:\n    app({list(args)!r})\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("ingest", "--list"), ("check", "--help")])
def test_starting_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY_OURS))
    assert heavy == []
    assert "tietrace.cli_check" in loaded  # the command modules themselves are loaded: the test saw the CLI start


# What a command that asks the graph (check by id, stats, cypher) must not import: numpy (the driver probes for it),
# pydantic-settings, the API and its server, NLP, name scoring (only a name lookup scores names), and rich until it
# prints to a terminal (JSON into a pipe is plain text).
HEAVY_FOR_A_QUESTION = (
    *("numpy", "pandas", "pydantic_settings", "fastapi", "uvicorn", "spacy", "rapidfuzz", "httpx", "rich"),
)


def test_asking_the_graph_imports_only_what_the_question_needs() -> None:
    code = (
        "import json, sys\nimport tietrace.cli, graph.store, queries.check, queries.profiles\n"
        "loaded = sorted(sys.modules)\nimport numpy\n"  # the driver's probe was kept from numpy, not everyone else
        "print(json.dumps([loaded, numpy.__name__, sys.modules['neo4j._optional_deps'].np is None]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loaded, numpy_name, driver_without_numpy = json.loads(done.stdout)
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY_FOR_A_QUESTION) == []
    assert numpy_name == "numpy" and driver_without_numpy
    assert "queries.check" in loaded and "graph.store.driver" in loaded and "names.score" not in loaded


def test_every_command_module_is_assembled_and_none_imports_cli() -> None:
    modules = [m.name for m in pkgutil.iter_modules(tietrace.__path__) if m.name.startswith("cli_")]
    owners = [m for m in modules if isinstance(getattr(import_module(f"tietrace.{m}"), "app", None), typer.Typer)]
    assembled = {id(info.typer_instance) for info in cli.app.registered_groups}
    assert len(owners) >= 10 and all(id(import_module(f"tietrace.{m}").app) in assembled for m in owners)
    for m in modules:  # cli.py assembles the command modules, never the other way round
        tree = ast.parse((PACKAGE / f"{m}.py").read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert "tietrace.cli" not in imported, m


def test_the_researcher_default_rules_are_the_rules_module_default() -> None:
    assert cli_researcher.DEFAULT_RULES == decision_rules.DEFAULT


def test_a_plain_list_is_one_entity_per_line_commas_and_all() -> None:
    text = "\ufeff# partners\nZala Aero Group, LLC\n\n  lei:529900T8BM49AURSDO55  \n"
    assert entries(text, "partners.txt") == [Entry(2, "Zala Aero Group, LLC"), Entry(4, "lei:529900T8BM49AURSDO55")]


def test_a_csv_takes_a_rows_id_else_its_name() -> None:
    text = 'Name,Country,ID\n"Harbin Institute of Technology, Weihai",CN,\nBeihang,CN,ror:00wk2mp56\n,,\nX Only,CN,\n'
    assert entries(text, "-") == [
        Entry(2, "Harbin Institute of Technology, Weihai"),
        Entry(3, "ror:00wk2mp56"),
        Entry(5, "X Only"),
    ]
    assert entries("identifier,country\nq1,CN\n\n,US\n", "ids.csv") == [Entry(2, "q1"), Entry(4, "")]  # no value


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("organisation,country\nA,US\n", "partners.csv", "partners.csv: line 1: a CSV needs a header"),
        ("name\n\n", "partners.csv", "partners.csv: no rows after the header"),
        ("# only a comment\n\n", "partners.txt", "partners.txt: no entities to check"),
    ],
)
def test_input_that_names_no_entity_is_refused_with_where(text: str, where: str, message: str) -> None:
    with pytest.raises(BatchInputError, match=message.replace(".", r"\.")):
        entries(text, where)


def test_a_command_module_runs_on_its_own() -> None:
    """Each module's app is a CLI of its own: what `tietrace` assembles can be driven without it."""
    runner = CliRunner()
    listed = runner.invoke(cli_ingest.app, ["--list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert all(entry.name in listed.output for entry in SOURCES)
    both = runner.invoke(cli_check.app, ["Zala Aero", "--from", "partners.txt"])
    assert both.exit_code == 2 and "not both" in both.output
    bad_date = runner.invoke(cli_check.app, ["Zala Aero", "--as-of", "yesterday"])
    assert bad_date.exit_code == 2 and "ISO date" in bad_date.output


def test_a_command_collects_less_often_and_a_server_as_the_interpreter_does() -> None:
    default = subprocess.run(
        [sys.executable, "-c", "import gc; print(list(gc.get_threshold()))"], capture_output=True, text=True, check=True
    )
    assert tuple(json.loads(default.stdout)) == cli_base.DEFAULT_GC_THRESHOLD
    held = gc.get_threshold()
    try:
        cli_base.collect_less_often()
        assert gc.get_threshold() == cli_base.CLI_GC_THRESHOLD and cli_base.CLI_GC_THRESHOLD[0] > held[0]
        cli_base.collect_as_usual()
        assert gc.get_threshold() == cli_base.DEFAULT_GC_THRESHOLD
    finally:
        gc.set_threshold(*held)


@pytest.mark.parametrize("forced", ["", "1"], ids=["into a pipe", "FORCE_COLOR"])
def test_json_prints_as_rich_prints_it(forced: str) -> None:
    """Into a pipe print_json skips rich; where rich would colour, rich prints it: the bytes are rich's either way."""
    text = json.dumps({"name": "ЦСТ «Альфа» [bold]x[/]", "ids": [1, 2.5, None, True], "empty": {}}, ensure_ascii=False)
    ours = "import sys\nfrom tietrace.cli_base import print_json\nprint_json(sys.argv[1])"
    theirs = "import sys\nfrom rich.console import Console\nConsole().print_json(sys.argv[1])"
    env = {**os.environ, "FORCE_COLOR": forced, "TTY_COMPATIBLE": ""}
    printed = [
        subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True, check=True).stdout
        for code in (ours, theirs)
    ]
    assert printed[0] == printed[1] and ("\x1b[" in printed[0]) == bool(forced)
