"""`tietrace check --from FILE` on the known-answer graph: one process answers many, each answer is the one `check`
gives alone, and a line without an answer is named and skipped, not the end of the batch."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store import GraphStore
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.graphs import load_graph

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")

AS_OF = "2025-01-01"
SUFFIX = " Batchwood"  # names unique in the session's graph, which other modules fill with the same fixture


def said(result: subprocess.CompletedProcess[str]) -> str:
    """stderr on one line, however wide the terminal it was wrapped for."""
    return " ".join(result.stderr.split())


@pytest.fixture(scope="module")
def ids(store: GraphStore) -> dict[str, str]:
    return load_graph(store, "known_answers", "clibatch", name_suffix=SUFFIX)


def test_a_list_is_answered_line_by_line_with_the_answers_of_check(
    graph_settings: Settings, ids: dict[str, str], tmp_path: Path
) -> None:
    listing = tmp_path / "partners.txt"
    listing.write_text(
        f"# partners to review\n{ids['m']}\n\nChain Target University{SUFFIX}\nCycle{SUFFIX}\nNo Such Partner Qwxz\n",
        encoding="utf-8",
    )
    result = tietrace(graph_settings, "check", "--from", str(listing), "--as-of", AS_OF, "--json")
    assert result.returncode == 6, result.stderr  # completed, some without an answer
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4  # one per entity, in file order; the comment and the blank line are not entities

    alone = tietrace(graph_settings, "check", ids["m"], "--as-of", AS_OF, "--json")
    assert alone.returncode == 0, alone.stderr
    assert lines[0] == json.loads(alone.stdout)
    assert lines[1]["entity"]["id"] == ids["x"]

    ambiguous, missing = lines[2], lines[3]
    assert (ambiguous["line"], ambiguous["input"], ambiguous["error"]["code"]) == (5, f"Cycle{SUFFIX}", 5)
    assert ids["c"] in {c["id"] for c in ambiguous["error"]["candidates"]}
    assert (missing["line"], missing["error"]["code"]) == (6, 5)
    assert "No Such Partner Qwxz" in missing["error"]["message"]
    assert f"{listing}, line 5" in result.stderr and f"{listing}, line 6" in result.stderr
    assert "4 checked, 2 answered, 2 without an answer (line 5, 6)" in result.stderr


def test_a_csv_on_standard_input_prints_each_report(graph_settings: Settings, ids: dict[str, str]) -> None:
    rows = f"country,name,id\nUS,Funded Research Institute{SUFFIX},\nCN,,{ids['x']}\n"
    result = tietrace(graph_settings, "check", "--from", "-", "--as-of", AS_OF, stdin=rows)
    assert result.returncode == 0, result.stderr
    assert f"Funded Research Institute{SUFFIX} [{ids['m']}]" in result.stdout  # a row's name when it has no id
    assert f"Chain Grandparent B{SUFFIX} (CN) 42% controls, ultimate, foreign" in result.stdout  # its id otherwise
    assert "standard input, line 3" in result.stdout
    assert "2 checked, 2 answered" in result.stderr


def test_a_file_that_cannot_be_read_is_one_clear_error(graph_settings: Settings, tmp_path: Path) -> None:
    headless = tmp_path / "partners.csv"
    headless.write_text("organisation,country\nChain Target University,US\n", encoding="utf-8")
    result = tietrace(graph_settings, "check", "--from", str(headless))
    assert result.returncode == 2
    assert f"{headless}: line 1: a CSV needs a header with an id or name column, got organisation, country" in said(
        result
    )

    missing = tietrace(graph_settings, "check", "--from", str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and "none.txt: no such file" in said(missing)
    both = tietrace(graph_settings, "check", "X", "--from", str(headless))
    assert both.returncode == 2 and "not both" in said(both)
    neither = tietrace(graph_settings, "check")
    assert neither.returncode == 2 and "--from FILE" in said(neither)
