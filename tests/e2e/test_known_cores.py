"""names.known_cores: the index built from the graph keeps its names' cores in the user's cache and reads them back
in the next process; the answers are the same either way, a screened name is never kept, and a change to the code
that normalizes names is never answered from an old table."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from names import known_cores, normalize
from resolve import matcher as matcher_module
from resolve import organization_pages
from resolve.matcher import Matcher
from tests.ingest_helpers import FIXTURES, ingest

QUERIES = [("Concern Kalashnikov JSC", "RU"), ("Zala Aero", "RU"), ("ЦСТ", None), ("Kalashnikov", None)]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache, and a process that has read no table and met no name yet (the tables put back as they
    were afterwards)."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(normalize, "known_cores", {})
    monkeypatch.setattr(normalize, "known_cjk", {})
    known_cores._digest.cache_clear()
    matcher_module._keys.cache_clear()  # a name's blocking keys, remembered, would not ask for its core again
    normalize.cjk.cache_clear()
    yield home
    known_cores._digest.cache_clear()


@pytest.fixture
def graph(store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest(store, "opensanctions", tmp_path, file=FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl")
    return store


def _answers(matcher: Matcher) -> list[list[tuple[str, float, list[str]]]]:
    return [[(c.entity.id, c.score, c.reasons) for c in matcher.match(q, country)] for q, country in QUERIES]


def _table(home: Path) -> dict[str, str]:
    (path,) = (home / "tietrace").glob("index-cores-*.json")
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table


def test_the_cores_are_kept_and_read_back_with_the_same_answers(
    graph: GraphStore, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = Matcher.from_store(graph)
    table = _table(cache_home)
    names = {name for org in computed.orgs for name in org.compared}  # the names compared by likeness
    assert names <= table.keys()
    assert all(table[name] == normalize._core(name) for name in names)  # each as normalizing it gives

    # The next process reads them: it computes none of the graph's names again, and answers alike.
    monkeypatch.setattr(normalize, "known_cores", {})
    normalize._core.cache_clear()
    matcher_module._keys.cache_clear()
    read = Matcher.from_store(graph)
    assert normalize._core.cache_info().misses < len(names) / 10  # bracketed parts only, not the names
    assert _answers(read) == _answers(computed)


def test_what_the_table_says_is_what_the_index_reads(graph: GraphStore, cache_home: Path) -> None:
    """The other half of the test above: the table is read, not merely written (a core changed in it shows)."""
    Matcher.from_store(graph)
    path = next((cache_home / "tietrace").glob("index-cores-*.json"))
    table = json.loads(path.read_text(encoding="utf-8"))
    table["JSC NPO IZHMASH"] = "changed in the table"
    path.write_text(json.dumps(table), encoding="utf-8")
    Matcher.from_store(graph)
    assert normalize.core("JSC NPO IZHMASH") == "changed in the table"


def test_a_name_screened_while_the_index_is_built_is_not_kept(
    graph: GraphStore, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server builds its index in the background while it answers requests in other threads: the names those
    requests bring (a collaborator list) never reach the machine's table."""
    building, screened = threading.Event(), threading.Event()
    add = Matcher.add

    def add_slowly(self: Matcher, row: dict[str, object]) -> None:
        building.set()
        screened.wait(timeout=30)
        add(self, row)

    monkeypatch.setattr(Matcher, "add", add_slowly)
    builder = threading.Thread(target=Matcher.from_store, args=(graph,))
    builder.start()
    assert building.wait(timeout=30)
    query = "Collaborator Only Research Laboratory of Example"
    assert normalize.core(query) == "collaborator only research laboratory of example"
    screened.set()
    builder.join(timeout=60)
    table = _table(cache_home)
    assert "JSC NPO IZHMASH" in table
    assert query not in table


def test_changed_normalizing_code_never_reads_an_old_table(
    graph: GraphStore, cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Matcher.from_store(graph)
    before = known_cores.cache_file("cores")
    changed = tmp_path / "names"
    shutil.copytree(Path(known_cores.__file__).parent, changed, ignore=shutil.ignore_patterns("__pycache__"))
    with (changed / "normalize.py").open("a", encoding="utf-8") as source:
        source.write("\n# a change\n")
    monkeypatch.setattr(known_cores, "_NAMES_PACKAGE", changed)
    known_cores._digest.cache_clear()
    assert known_cores.cache_file("cores") != before


def test_a_cache_that_cannot_be_written_only_costs_time(
    graph: GraphStore, cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(organization_pages, "PAGE", 5)  # several pages, one table
    found = Matcher.from_store(graph).match("Concern Kalashnikov JSC", "RU")
    assert found[0].entity.name == "JSC NPO IZHMASH"


def test_a_table_of_earlier_code_is_removed_when_a_new_one_is_kept(graph: GraphStore, cache_home: Path) -> None:
    folder = cache_home / "tietrace"
    folder.mkdir(parents=True)
    stale = folder / "index-cores-0123456789abcdef.json"
    stale.write_text('{"JSC NPO IZHMASH": "stale"}', encoding="utf-8")
    Matcher.from_store(graph)
    assert not stale.exists()
    assert len(list(folder.glob("index-cores-*.json"))) == 1
    assert normalize.core("JSC NPO IZHMASH") != "stale"
