"""`tietrace extract` on a real acknowledgement, with the NSF's real award record loaded into the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.ids import make_id
from graph.settings import Settings
from graph.store import GraphStore
from tests.cli_run import tietrace
from tests.conftest import ON_NEO4J
from tests.ingest_helpers import FIXTURES, ingest

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="the CLI talks to the session's embedded engine by data dir")

NSF = make_id("nsf_awards", "funder", "NSF")
PASSAGE = next(
    row["text"]
    for row in map(json.loads, (FIXTURES / "acknowledgements" / "acknowledgements.jsonl").read_text().splitlines())
    if row["id"] == "1471-2180-11-174-ack"
)


def one_line(message: str) -> str:
    """The console wraps long error lines at its width; the message is what counts."""
    return " ".join(message.split())


@pytest.fixture(scope="module")
def nsf(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    # Only the NSF among the passage's funders: ROR's records another module loaded into the session's graph (the
    # demo's, bundled with the lists, hold the NIH) go first.
    store.delete_dataset("ror")
    award = FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json"
    assert ingest(store, "nsf_awards", tmp_path_factory.mktemp("nsf"), file=award).failed is None
    return store


def test_extract_json_links_the_funder_with_its_awards_and_sentence(
    graph_settings: Settings, nsf: GraphStore, tmp_path: Path
) -> None:
    text_file = tmp_path / "acknowledgement.txt"
    text_file.write_text(PASSAGE, encoding="utf-8")
    result = tietrace(graph_settings, "extract", str(text_file), "--json", timeout=180)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    (linked,) = [m for m in found if m["entity"] is not None]
    assert linked["text"] == "National Science Foundation"
    assert linked["entity"] == {"id": NSF, "name": "U.S. National Science Foundation"}
    assert linked["awardIds"] == ["0804039", "0918199"]
    assert linked["method"] == "rule" and 0.9 <= linked["score"] < 1.0
    assert linked["sentence"].startswith("During manuscript preparation, JJD was supported by grants from")
    assert PASSAGE[linked["start"] : linked["end"]] == "National Science Foundation"
    grants = {m["text"]: m["givenTo"] for m in found if m["kind"] == "grant_number"}
    assert grants == {"GM072815": None, "0804039": NSF, "0918199": NSF}


def test_extract_reads_standard_input_and_prints_one_line_per_mention(
    graph_settings: Settings, nsf: GraphStore
) -> None:
    result = tietrace(graph_settings, "extract", stdin=PASSAGE, timeout=180)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert f"National Science Foundation -> U.S. National Science Foundation [{NSF}]" in "\n".join(lines)
    assert any(line.endswith("; grants 0804039, 0918199") for line in lines)
    assert "grant number GM072815 (given to no linked organization)" in lines
    assert "This work was supported by grant GM072815 from the National Institutes of Health to INW." in lines


def test_bad_input_is_a_clear_usage_error(graph_settings: Settings, tmp_path: Path) -> None:
    missing = tietrace(graph_settings, "extract", str(tmp_path / "nope.txt"), timeout=180)
    assert missing.returncode == 2 and "nope.txt: no such file" in one_line(missing.stderr)
    empty = tietrace(graph_settings, "extract", "-", stdin="  \n", timeout=180)
    assert empty.returncode == 2 and "standard input: no text to read" in one_line(empty.stderr)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Ministère de l'Enseignement Supérieur".encode("latin-1"))
    undecodable = tietrace(graph_settings, "extract", str(latin1), timeout=180)
    assert undecodable.returncode == 2 and "not UTF-8 text" in one_line(undecodable.stderr)
