"""`tietrace demo` on its own engine: every bundled file loads through ingest with the counts its records give, the
answer for the partner names its controllers and listings with their sources, a rerun changes nothing, and the
three printed requests work against the served API. Plus: every demo file has its origin in SOURCES.md.

The expected facts are read from the data files (tietrace/demo_data), never from the demo's output.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.cypher import parse
from graph.store import embedded_engine
from ingest.sources import get
from names.display import NamedRecord, display_name
from tests import cli_run
from tests.conftest import ON_NEO4J, engine_dir_settings
from tietrace.cli_demo import OWNERS_CYPHER
from tietrace.demo import MANIFEST, PARTNER, RESEARCHER, DemoError, manifest
from tietrace.lint import lint

REPO = Path(__file__).resolve().parents[2]
DEMO_DATA = MANIFEST.parent
ZALA = DEMO_DATA / "opensanctions" / "zala-cluster.ftm.jsonl"
PARTNER_FTM_ID = "NK-abdzbEBkqyT29GyREbiURZ"  # CST LLC (ZALA AERO GROUP) in zala-cluster.ftm.jsonl
ZALA_AERO_JSC = "NK-cPks3aTbes8k4aCerfBAzN"  # the company named "ZALA AERO JSC" in the same file
BOOKKEEPING = {"SOURCES.md", "manifest.yml"}

engine_only = pytest.mark.skipif(ON_NEO4J, reason="drives its own embedded engine through the CLI")

# What each source holds in the graph after the demo, derived from the files (ORIGIN.md counts and the files):
EXPECTED_SOURCES = {
    # zala-cluster: 11 Company + 6 Person, 14 Ownership, 3 Directorship, 41 Sanction and 108 listings the
    # records' own topics and datasets state, on 23 catalogued lists (graph/lists.yml), of which the CSL sample
    # writes 2 last (the BIS Entity List and OFAC's SDN: one node per list, whichever source names it);
    # parteispenden: 56 Company + 17 Organization + 22 Person and 290 Payment (payer -GAVE-> payment -GIVEN_TO->
    # beneficiary). Address, Family, Passport are not in the model.
    "opensanctions": {
        "nodes": {"Organization": 84, "Person": 28, "Watchlist": 21, "Gift": 290},
        "relationships": {"OWNS": 14, "CONTROLS": 3, "LISTED_ON": 41 + 108, "GAVE": 290, "GIVEN_TO": 290},
    },
    # 13 rows on 10 distinct lists (`source`), 4 of type Individual and 2 blank-type rows naming people (DPL
    # "I. ASH", ITAR debarred "Cesareo Estanislao Benitez"). One node per list, counted under the source that wrote
    # it last: the bundled NSF-letter lists load after it and write 5 of the 10 (Entity List, MEU, DPL, ITAR
    # statutory debarments, nonproliferation sanctions).
    "trade_csl": {
        "nodes": {"Organization": 7, "Person": 6, "Watchlist": 5},
        "relationships": {"LISTED_ON": 13},
    },
    # 19 gifts from 12 giftors (one unnamed, from China) to 4 institutions (OPEID).
    "section117": {
        "nodes": {"Organization": 16, "Gift": 19},
        "relationships": {"GAVE": 19, "GIVEN_TO": 19},
    },
    # 7 NIGMS projects without an organization block (include_fields) + 1 full NCI record with its recipient
    # (Magee-Women's) and its one PI.
    "nih_reporter": {
        "nodes": {"Organization": 3, "Person": 1, "Grant": 8},
        "relationships": {"FUNDS": 8, "AWARDED_TO": 2, "AFFILIATED_WITH": 1},
    },
    # NSF -> award 2450546 -> Penn State, its PI and one co-PI (both at the awardee).
    "nsf_awards": {
        "nodes": {"Organization": 2, "Person": 2, "Grant": 1},
        "relationships": {"FUNDS": 1, "AWARDED_TO": 3, "AFFILIATED_WITH": 2},
    },
    # 2 works, 11 authorships (11 authors), 10 institutions; 10 (work, institution) pairs; 17 author affiliations.
    "openalex": {
        "nodes": {"Organization": 10, "Person": 11, "Publication": 2},
        "relationships": {"AUTHORED": 21, "AFFILIATED_WITH": 17},
    },
    # 8 passages of 6 articles; one (Dennehy and Wang, BMC Microbiology) thanks the National Science Foundation
    # for awards 0804039 and 0918199, and NSF is in the graph (nsf_awards above): one relationship per award. Three
    # more funders the texts name are among the ROR records bundled with the lists, which the demo loads first: the
    # National Institutes of Health (grant GM072815), the Chinese Academy of Sciences and its Youth Innovation
    # Promotion Association.
    "acknowledgements": {
        "nodes": {"Publication": 6},
        "relationships": {"ACKNOWLEDGES": 5},
    },
}
# Two records of one company each in the party donations (the same payer named twice): resolution links them.
EXPECTED_LINKS = {
    frozenset({"Bayerische Motorenwerke AG", "Bayerische Motorenwerke (BMW) AG"}),
    frozenset({"Dr. Rath Health Programs B.V.", "Dr. Rath Health Programms B.V."}),
}
# A wide console, so no answer line is wrapped; a small heap, since the demo data is small.
DEMO_ENV = {"TIETRACE_ENGINE_HEAP": "1g", "COLUMNS": "400", "PYTHONUNBUFFERED": "1"}
tietrace = partial(cli_run.tietrace, env=DEMO_ENV)


def ftm(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first(props: dict[str, list[str]], key: str) -> str | None:
    values = props.get(key) or []
    return values[0] if values else None


def records_in(source: str, path: Path) -> int:
    """How many records a file holds, counted from the file itself."""
    if path.suffix == ".jsonl":
        return len(ftm(path))
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    data = json.loads(path.read_text(encoding="utf-8"))
    if source == "nsf_awards":
        return len(data["response"]["award"])
    return len(data["results"]) if isinstance(data, dict) and "results" in data else 1


def same_as_pairs(data_dir: Path) -> set[frozenset[str]]:
    # Links among the demo files' own records; their links to the bundled lists (and to the ROR records bundled
    # with them: the demo's NSF, NCI and University of Ottawa records meet ROR's) are checked on their own.
    query = (
        "MATCH (a:Organization)-[:SAME_AS]->(b:Organization) WHERE NOT a.dataset IN $lists "
        "AND NOT b.dataset IN $lists RETURN a.name AS a, b.name AS b"
    )
    result = tietrace(data_dir, "cypher", query, "-p", 'lists=["us_lists", "list_tables", "ror"]', "--json")
    assert result.returncode == 0, result.stderr
    return {frozenset({row["a"], row["b"]}) for row in json.loads(result.stdout)["rows"]}


def source_counts(data_dir: Path) -> dict[str, Any]:
    result = tietrace(data_dir, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["sources"]  # type: ignore[no-any-return]


# -- the data folder --------------------------------------------------------------------------------------


def sources_table() -> dict[str, list[str]]:
    """SOURCES.md's table: file -> its cells (file, loaded by, copied from, origin, license)."""
    rows = {}
    for line in (DEMO_DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_demo_file_has_its_origin_and_license_in_sources_md() -> None:
    files = {p.relative_to(DEMO_DATA).as_posix() for p in DEMO_DATA.rglob("*") if p.is_file()} - BOOKKEEPING
    table = sources_table()
    assert files and set(table) == files
    for name, (_, loaded_by, copied_from, origin, license_) in table.items():
        assert origin and license_, name
        # Copied byte for byte from the test fixture folder whose ORIGIN.md documents it.
        fixture = REPO / copied_from.strip("`") / Path(name).name
        assert (fixture.parent / "ORIGIN.md").is_file(), name
        assert fixture.read_bytes() == (DEMO_DATA / name).read_bytes(), name
        get(loaded_by.strip("`"))  # a source tietrace has
    opensanctions = [cells for name, cells in table.items() if cells[1] == "`opensanctions`"]
    assert opensanctions and all('CC BY-NC 4.0, attribution "OpenSanctions"' in cells[4] for cells in opensanctions)


def test_the_manifest_loads_every_file_once_with_the_source_sources_md_names() -> None:
    table = sources_table()
    listed = [(f.source, f.name) for f in manifest()]
    assert sorted(name for _, name in listed) == sorted(table)
    assert all(table[name][1] == f"`{source}`" for source, name in listed)


def test_the_printed_cypher_example_is_neo4j_5_cypher() -> None:
    """The investigator example is Cypher we ship; it runs on the embedded engine in the serving test below."""
    header = "// name: demo_owners\n// summary: the demo's example\n// params: $id: string\n"
    query = parse(header + "// returns: owner, sharePct, validFrom, validTo\n" + OWNERS_CYPHER, "demo_owners")
    try:
        failures, report = lint([query])
    except RuntimeError as exc:  # no Node.js or linter here; `make check` installs both
        pytest.skip(str(exc))
    assert failures == 0, report


def test_a_broken_manifest_is_named_clearly(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("a\n1\n", encoding="utf-8")
    bad = tmp_path / "manifest.yml"
    bad.write_text("files:\n  - source: no_such_source\n    file: real.csv\n", encoding="utf-8")
    with pytest.raises(DemoError, match=r"entry 1: unknown source 'no_such_source'"):
        manifest(bad)
    bad.write_text("files:\n  - source: trade_csl\n    file: ../outside.csv\n", encoding="utf-8")
    with pytest.raises(DemoError, match=r"entry 1: \.\./outside\.csv is not a file in"):
        manifest(bad)
    bad.write_text("files: nothing\n", encoding="utf-8")
    with pytest.raises(DemoError, match="non-empty list under 'files'"):
        manifest(bad)


# -- the command on its own engine ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("demo")
    yield path
    embedded_engine(engine_dir_settings(path)).stop()


@pytest.fixture(scope="module")
def first_run(data_dir: Path) -> subprocess.CompletedProcess[str]:
    result = tietrace(data_dir, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    return result


@engine_only
def test_every_file_loads_through_ingest_with_no_rejects(first_run: subprocess.CompletedProcess[str]) -> None:
    for demo_file in manifest():
        read = records_in(demo_file.source, demo_file.path)
        # A source may warn between its "loading" line and its summary (acknowledgements: mentions for review).
        loaded = rf"loading {re.escape(demo_file.name)} \({demo_file.source}\)\n(?:.*\n)*?  {read:,} read, 0 rejected"
        assert re.search(loaded, first_run.stderr), demo_file.name
    assert "0 records rejected" in first_run.stdout
    assert 'CC BY-NC 4.0, attribution "OpenSanctions"' in first_run.stdout


@engine_only
def test_each_source_holds_what_its_records_give(first_run: subprocess.CompletedProcess[str], data_dir: Path) -> None:
    counts = source_counts(data_dir)
    assert {name: counts[name] for name in EXPECTED_SOURCES} == EXPECTED_SOURCES
    assert same_as_pairs(data_dir) == EXPECTED_LINKS
    assert re.search(r"resolution linked [\d,]+ pairs \(SAME_AS\)", first_run.stdout)
    # The bundled lists load too, each listing on its catalogued list with the snapshot it was read from.
    # One node per list whichever source wrote it last: the 13 US lists, China's 8 and BIS's military-intelligence
    # end users (1260H and 1286 are written by both sources).
    assert counts["us_lists"]["nodes"]["Watchlist"] + counts["list_tables"]["nodes"]["Watchlist"] == 13 + 8 + 1
    entity_list = tietrace(
        data_dir, "cypher", "MATCH (w:Watchlist {listId: 'us.bis.entity_list'}) RETURN w.snapshot AS s", "--json"
    )
    assert json.loads(entity_list.stdout)["rows"] == [{"s": "eCFR text as downloaded July 2026"}]


def partner_facts() -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], dict[str, Any]]:
    """From zala-cluster: (owner, share, record id) of its current ownerships with a share, (director, record id)
    of its current directorships held by someone who is not also an owner (an owner's line shows the ownership),
    and its BIS Entity List sanction."""
    records = ftm(ZALA)
    # Answers name each entity by the display-name rule (docs/names.md), not by the first name a list wrote.
    names = {
        r["id"]: display_name([NamedRecord(p["name"], p.get("alias", []), p.get("previousName", []))]) or ""
        for r in records
        if r["schema"] in ("Company", "Person")
        for p in [r["properties"]]
    }
    owners = [
        (names[first(r["properties"], "owner") or ""], first(r["properties"], "percentage") or "", r["id"])
        for r in records
        if r["schema"] == "Ownership"
        and first(r["properties"], "asset") == PARTNER_FTM_ID
        and first(r["properties"], "endDate") is None
        and first(r["properties"], "percentage") is not None
    ]
    directors = [
        (names[first(r["properties"], "director") or ""], r["id"])
        for r in records
        if r["schema"] == "Directorship"
        and first(r["properties"], "organization") == PARTNER_FTM_ID
        and first(r["properties"], "endDate") is None
        and names[first(r["properties"], "director") or ""] not in {name for name, _, _ in owners}
    ]
    bis = next(
        r
        for r in records
        if r["schema"] == "Sanction"
        and first(r["properties"], "entity") == PARTNER_FTM_ID
        and first(r["properties"], "programId") == "US-BIS-EL"
    )
    return owners, directors, bis


@engine_only
def test_the_answer_names_controllers_and_listings_with_sources(first_run: subprocess.CompletedProcess[str]) -> None:
    owners, directors, bis = partner_facts()
    answer = first_run.stdout.split("Due diligence for the demo partner", 1)[1]
    assert sorted((name, share) for name, share, _ in owners) == [
        ("Aleksandr Vyacheslavovich Zakharov", "51"),
        ("Joint Stock Company Concern Kalashnikov", "49"),  # not its old name, JSC NPO IZHMASH
    ]
    for name, share, record in owners:
        # Over 50 % controls; Russia is foreign (and of concern) under the US research-security profile.
        flags = "controls, ultimate, foreign" if float(share) > 50 else "foreign"
        assert f"  {name} (RU) {share}% {flags}\n" in answer
        assert f"[opensanctions:{record}]" in answer
    assert [name for name, _ in directors] == ["Abashkin Konstantin"]
    for name, record in directors:
        assert f"<-[CONTROLS board_seats]- {name}  [opensanctions:{record}]" in answer
    # The BIS listing under its catalogue title, counted, with its date and the Sanction record as its source.
    lines = answer.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  US BIS Entity List ("))
    since = first(bis["properties"], "listingDate") or first(bis["properties"], "startDate")
    # the bundled Entity List wrote its snapshot on the list's one node
    assert lines[at].startswith(f"  US BIS Entity List (since {since}; as published in ")
    assert lines[at].endswith("; counted): 0 hop(s)")
    assert "-[LISTED_ON]-> US BIS Entity List" in lines[at + 1]
    assert f"[opensanctions:{bis['id']}]" in lines[at + 1]
    assert "risk CRITICAL" in answer


@engine_only
def test_the_listing_line_cites_its_source(first_run: subprocess.CompletedProcess[str]) -> None:
    _, _, bis = partner_facts()
    assert f"[opensanctions:{bis['id']}]" in first_run.stdout


@engine_only
def test_a_second_run_changes_no_counts_and_keeps_the_key(
    first_run: subprocess.CompletedProcess[str], data_dir: Path
) -> None:
    before = source_counts(data_dir)
    again = tietrace(data_dir, "demo", "--no-serve")
    assert again.returncode == 0, again.stderr
    assert source_counts(data_dir) == before
    assert same_as_pairs(data_dir) == EXPECTED_LINKS
    key = re.compile(r"API key \(tietrace-demo, investigator, ([^)]*)\): (tt_\S+)")
    created, reused = key.search(first_run.stdout), key.search(again.stdout)
    assert created is not None and created.group(1) == "new"
    assert reused is not None and reused.groups() == ("kept from an earlier run", created.group(2))
    keys = json.loads(tietrace(data_dir, "keys", "list", "--json").stdout)
    assert [k["name"] for k in keys] == ["tietrace-demo"] and keys[0]["revoked_at"] is None


@engine_only
def test_a_revoked_demo_key_is_replaced_not_piled_up(
    first_run: subprocess.CompletedProcess[str], data_dir: Path
) -> None:
    keys = json.loads(tietrace(data_dir, "keys", "list", "--json").stdout)
    active = [k["id"] for k in keys if k["name"] == "tietrace-demo" and k["revoked_at"] is None]
    assert len(active) == 1
    assert tietrace(data_dir, "keys", "revoke", active[0]).returncode == 0
    again = tietrace(data_dir, "demo", "--no-serve")
    assert again.returncode == 0, again.stderr
    assert "investigator, new)" in again.stdout
    after = json.loads(tietrace(data_dir, "keys", "list", "--json").stdout)
    assert len([k for k in after if k["name"] == "tietrace-demo" and k["revoked_at"] is None]) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@engine_only
def test_the_printed_requests_work_against_the_served_api(
    first_run: subprocess.CompletedProcess[str], data_dir: Path, tmp_path: Path
) -> None:
    port = free_port()
    output = tmp_path / "demo.out"
    with output.open("w", encoding="utf-8") as stdout:
        server = subprocess.Popen(
            [sys.executable, "-m", "tietrace.cli", "demo", "--port", str(port)],
            env=cli_run.cli_env(data_dir, DEMO_ENV),
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, "the demo exited instead of serving"
            assert time.monotonic() < deadline, "the API did not answer /readyz in time"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        printed = output.read_text(encoding="utf-8")
        assert f"The page: http://127.0.0.1:{port}/ui" in printed
        commands = [line for line in printed.splitlines() if line.startswith("curl ")]
        assert len(commands) == 3
        curl = shutil.which("curl")
        assert curl is not None, "curl is needed to run the printed requests as printed"
        answers = []
        for command in commands:
            argv = shlex.split(command)
            done = subprocess.run(
                [curl, "-sS", "--fail-with-body", *argv[1:]], capture_output=True, text=True, timeout=60
            )
            assert done.returncode == 0, (command, done.stdout, done.stderr)
            answers.append(json.loads(done.stdout))
        # the researcher's page asks the API for his review: it answers with the key the demo printed
        key = re.search(r"Bearer (\S+?)\"", commands[0])
        assert key is not None
        researcher = httpx.get(
            f"http://127.0.0.1:{port}/v1/people/{RESEARCHER}/review",
            headers={"Authorization": f"Bearer {key.group(1)}"},
            timeout=60,
        )
        assert researcher.status_code == 200, researcher.text
        assert researcher.json()["person"]["orcid"] == "0000-0002-2733-0689"
        assert f"The researcher's page: http://127.0.0.1:{port}/ui/#/researcher/orcid%3A0000-0002-2733-0689" in printed
    finally:
        server.terminate()
        server.wait(timeout=60)

    search, answer, cypher = answers
    assert f"opensanctions-{ZALA_AERO_JSC}" in [r["id"] for r in search["results"]]
    assert answer["entity"]["id"] == PARTNER
    owners, _, _ = partner_facts()
    shares = {c["name"]: c["effective_pct"] for c in answer["controllers"]}
    assert all(shares[name] == float(share) for name, share, _ in owners)
    # Every OWNS record on the partner in the file, current or ended, with its share and dates.
    expected = sorted(
        tuple(first(r["properties"], k) or "" for k in ("percentage", "startDate", "endDate"))
        for r in ftm(ZALA)
        if r["schema"] == "Ownership" and first(r["properties"], "asset") == PARTNER_FTM_ID
    )
    rows = sorted(
        ("" if row["sharePct"] is None else f"{row['sharePct']:g}", row["validFrom"] or "", row["validTo"] or "")
        for row in cypher["rows"]
    )
    assert rows == expected


@engine_only
def test_the_demo_researcher_answer_is_built_from_public_records(first_run: subprocess.CompletedProcess[str]) -> None:
    """An author of the demo's OpenAlex page, reviewed under the DoW matrix: his records, affiliations over time and
    the rules, from the recorded OpenAlex page and the bundled lists only (none of his co-authors' institutions is
    listed, so no rule fires)."""
    printed = first_run.stdout
    assert "Researcher due diligence for the demo researcher, Vincent Larivière" in printed
    assert "Vincent Larivière [openalex-A5068542997] orcid:0000-0002-2733-0689" in printed
    assert f"overall none under dow-decision-matrix-2026-03 as of {date.today().isoformat()}" in printed
    assert "2018-02-13 .. 2018-02-13  Université de Montréal" in printed
    assert "2018-02-13 .. 2018-02-13  Université du Québec à Montréal" in printed
