"""Real acknowledgement passages linked to real funders already in the graph (NSF, NIH RePORTER, OpenAlex loads)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from graph.cypher import parse
from graph.ids import make_id
from graph.store import GraphStore
from ingest.sources import acknowledgements
from tests.ingest_helpers import FIXTURES, dataset_counts, ingest, missing_provenance

PASSAGES = FIXTURES / "acknowledgements" / "acknowledgements.jsonl"
PAYLOADS = FIXTURES / "payloads"
NSF = make_id("nsf_awards", "funder", "NSF")  # "U.S. National Science Foundation", from the NSF award record
DENNEHY_WANG = make_id("doi", "10.1186/1471-2180-11-174")
JJD = (
    "During manuscript preparation, JJD was supported by grants from the Professional Staff Congress of the City "
    "University of New York and the National Science Foundation (Division of Environmental Biology Award #0804039 "
    "and Division of Molecular and Cellular Biosciences Award #0918199)."
)
# Mentions kept out of the graph (reasons as the review file names them), counted on these passages by hand:
UNLINKED = {
    # 2007-184840, 2009-00904, 07-CARN-009-01 (the ANR is not in the graph), AID 9397, GM072815 (nor the NIH),
    # the four Chinese grants of fmed.2022.1005901 and the three of the PeerJ preprint
    "grant number of no linked organization": 12,
    # LISA Carnot Institute, Albert Einstein College of Medicine, Utrecht University, National Institutes of
    # Health, City University of New York, Chinese Academy of Sciences, National Natural Science Foundation of
    # China (and "of P. R. China"), China Postdoctoral Science Foundation
    "no graph entity": 9,
    # University of Washington (OpenAlex) in an affiliation line, not a funding acknowledgement
    "not in a funding sentence": 1,
}
MONTPELLIER = "University of Montpellier 2"  # near "Université de Montréal" (OpenAlex): never linked, maybe a review
ACKNOWLEDGED = parse(
    "// name: acknowledged\n// summary: test probe\n// params: $dataset: string\n"
    "// returns: publication, funder, awardId, evidence, method, score, sourceId, sourceUrl\n"
    "MATCH (p:Publication)-[r:ACKNOWLEDGES]->(o:Organization) WHERE r.dataset = $dataset "
    "RETURN p.id AS publication, o.id AS funder, r.awardId AS awardId, r.evidence AS evidence, r.method AS method, "
    "r.score AS score, r.sourceId AS sourceId, r.sourceUrl AS sourceUrl ORDER BY funder, awardId",
    "acknowledged",
)


@pytest.fixture(scope="module")
def funders(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The funders and institutions of real records: an NSF award, an NIH project and an OpenAlex page. ROR's
    records that another module loaded into the session's graph (the demo's, bundled with the lists, hold the NIH
    and the Chinese Academy of Sciences) go first: the unlinked names below are counted for these records alone."""
    store.delete_dataset("ror")
    data: Path = tmp_path_factory.mktemp("funders")
    for source, file in (
        ("nsf_awards", PAYLOADS / "nsf_awards" / "awards_id_2450546.json"),
        ("nih_reporter", PAYLOADS / "nih_reporter" / "project_record_appl_11128875.json"),
        ("openalex", PAYLOADS / "openalex" / "works_page1_cursor_star.json"),
    ):
        assert ingest(store, source, data / source, file=file).failed is None
    return store


@pytest.fixture
def clean(funders: GraphStore) -> GraphStore:
    funders.delete_dataset("acknowledgements")
    return funders


def acknowledged(store: GraphStore) -> list[dict[str, Any]]:
    return store.run(ACKNOWLEDGED, {"dataset": "acknowledgements"})


def review_lines(data: Path) -> list[dict[str, Any]]:
    path = data / "ingest" / "acknowledgements" / acknowledgements.REVIEW_FILE
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_passages_link_to_the_funder_in_the_graph_with_their_sentence(
    clean: GraphStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ingest.sources.acknowledgements"):
        summary = ingest(clean, "acknowledgements", tmp_path, file=PASSAGES)
    assert summary.failed is None
    assert (summary.read, summary.rejected, summary.missing_endpoints) == (8, 0, 0)
    assert summary.unknown_fields == {}
    rows = acknowledged(clean)
    assert [(r["publication"], r["funder"], r["awardId"], r["evidence"]) for r in rows] == [
        (DENNEHY_WANG, NSF, "0804039", JJD),
        (DENNEHY_WANG, NSF, "0918199", JJD),
    ]
    # A rule hit ("National Science Foundation") linked by the resolution matcher to "U.S. National Science
    # Foundation": the method and score say so.
    assert all(r["method"] == "rule" and 0.9 <= r["score"] < 1.0 for r in rows)
    assert {(r["sourceId"], r["sourceUrl"]) for r in rows} == {
        ("1471-2180-11-174-ack", "https://doi.org/10.1186/1471-2180-11-174")
    }
    # Six publications: two articles have two passages each (funding statement and acknowledgements/affiliation).
    assert dataset_counts(clean, "acknowledgements") == {
        "nodes": {"Publication": 6},
        "relationships": {"ACKNOWLEDGES": 2},
    }
    assert missing_provenance(clean, "acknowledgements") == 0
    review = review_lines(tmp_path)
    (montpellier,) = [r for r in review if r["text"] == MONTPELLIER]
    assert montpellier["entityId"] is None
    # Whether the matcher offers it for review depends on its thresholds (tuned elsewhere); a link it never is.
    assert montpellier["reason"] in ("candidates to review", "no graph entity")
    assert set(montpellier["candidates"]) <= {make_id("openalex", "I70931966")}
    counts: dict[str, int] = {}
    for line in review:
        if line is not montpellier:
            counts[line["reason"]] = counts.get(line["reason"], 0) + 1
    assert counts == UNLINKED
    (uw,) = [r for r in review if r["reason"] == "not in a funding sentence"]
    assert (uw["text"], uw["entityId"]) == ("University of Washington", make_id("openalex", "I201448701"))
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "ingest.sources.acknowledgements"]
    assert warning.startswith(f"acknowledgements: {sum(UNLINKED.values()) + 1} mentions not written as facts")


def test_a_second_run_changes_nothing(clean: GraphStore, tmp_path: Path) -> None:
    ingest(clean, "acknowledgements", tmp_path / "first", file=PASSAGES)
    before = acknowledged(clean), dataset_counts(clean, "acknowledgements")
    again = ingest(clean, "acknowledgements", tmp_path / "again", file=PASSAGES)
    assert again.failed is None and again.read == 8
    assert (acknowledged(clean), dataset_counts(clean, "acknowledgements")) == before
    assert len(review_lines(tmp_path / "again")) == sum(UNLINKED.values()) + 1  # + MONTPELLIER


def test_a_passage_without_text_goes_to_the_rejects_file(clean: GraphStore, tmp_path: Path) -> None:
    lines = PASSAGES.read_text("utf-8").splitlines()
    broken = {k: v for k, v in json.loads(lines[3]).items() if k != "text"}  # 1471-2180-11-174-ack, text removed
    path = tmp_path / "passages.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(broken), lines[2]]) + "\n", encoding="utf-8")
    summary = ingest(clean, "acknowledgements", tmp_path / "data", file=path)
    assert summary.failed is None and (summary.read, summary.rejected) == (3, 1)
    assert summary.rejects_file is not None
    (reject,) = [json.loads(line) for line in Path(summary.rejects_file).read_text("utf-8").splitlines()]
    assert (reject["location"], reject["reason"]) == ("passages.jsonl:line 2", "passage without text")
    assert acknowledged(clean) == []  # the NSF sentence was in the rejected line
    assert dataset_counts(clean, "acknowledgements")["nodes"] == {"Publication": 2}


def test_a_passage_meets_the_publication_openalex_already_wrote_by_its_doi(clean: GraphStore, tmp_path: Path) -> None:
    # The real passage that names NSF, its `doi` field replaced (one field changed, as for malformed rows) by the
    # DOI of the first work of the real OpenAlex page the `funders` fixture loaded.
    page = json.loads((PAYLOADS / "openalex" / "works_page1_cursor_star.json").read_text("utf-8"))
    work = page["results"][0]
    doi = work["doi"].removeprefix("https://doi.org/")
    line = next(json.loads(x) for x in PASSAGES.read_text("utf-8").splitlines() if "1471-2180-11-174-ack" in x)
    passage = tmp_path / "passage.jsonl"
    passage.write_text(json.dumps({**line, "doi": doi}) + "\n", encoding="utf-8")
    assert ingest(clean, "acknowledgements", tmp_path / "run", file=passage).failed is None
    openalex_publication = make_id("openalex", work["id"].rsplit("/", 1)[-1])
    assert {r["publication"] for r in acknowledged(clean)} == {openalex_publication}
    # OpenAlex's node is met, not duplicated nor overwritten: the passage adds no Publication of its own.
    assert dataset_counts(clean, "acknowledgements")["nodes"] == {}
