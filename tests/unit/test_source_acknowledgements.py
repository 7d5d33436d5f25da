"""Real acknowledgement passages normalized into ACKNOWLEDGES facts, extracted with real funder names (no engine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.ids import make_id
from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.source import RawRecord
from ingest.sources import acknowledgements, openalex
from resolve.extract import Extractor
from tests.extraction_names import FUNDERS as EXTRACTION_FUNDERS
from tests.ingest_helpers import FIXTURES

PASSAGE_FILE = FIXTURES / "acknowledgements" / "acknowledgements.jsonl"
PASSAGES: dict[str, dict[str, Any]] = {
    row["id"]: row for row in map(json.loads, PASSAGE_FILE.read_text("utf-8").splitlines())
}
# The real funder names the extractor's own tests use, and one institution an acknowledgement names without funding.
FUNDERS = [*EXTRACTION_FUNDERS, ("aecom", "Albert Einstein College of Medicine")]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_names(FUNDERS, model="")


def context(extractor: Extractor, workdir: Path | None = None) -> JobContext:
    ctx = JobContext(
        source="acknowledgements", file=PASSAGE_FILE, retrieved_at="2026-11-25T00:00:00+00:00", workdir=workdir
    )
    ctx.state[acknowledgements.EXTRACTOR] = extractor
    return ctx


def normalized(ctx: JobContext, passage_id: str, **changes: Any) -> list[Entity | Relation]:
    data = {**PASSAGES[passage_id], **changes}
    return acknowledgements.normalize(ctx, RawRecord(f"acknowledgements.jsonl:{passage_id}", data))


def facts(items: list[Entity | Relation]) -> list[tuple[str, str | None, str]]:
    """(funder, awardId, evidence) of each ACKNOWLEDGES relationship, in order."""
    return [
        (i.end_id, i.props["awardId"], i.props["evidence"])
        for i in items
        if isinstance(i, Relation) and i.type == Rel.ACKNOWLEDGES
    ]


def test_a_grant_before_its_funder_and_awards_after_another(extractor: Extractor) -> None:
    items = normalized(context(extractor), "1471-2180-11-174-ack")
    publication = items[0]
    assert isinstance(publication, Entity) and publication.label == Label.PUBLICATION
    assert publication.id == make_id("doi", "10.1186/1471-2180-11-174")
    assert publication.props["doi"] == "10.1186/1471-2180-11-174"
    assert publication.provenance.source_id == "1471-2180-11-174-ack"
    assert publication.provenance.source_url == "https://doi.org/10.1186/1471-2180-11-174"
    nih = "This work was supported by grant GM072815 from the National Institutes of Health to INW."
    jjd = (
        "During manuscript preparation, JJD was supported by grants from the Professional Staff Congress of the "
        "City University of New York and the National Science Foundation (Division of Environmental Biology Award "
        "#0804039 and Division of Molecular and Cellular Biosciences Award #0918199)."
    )
    assert facts(items) == [
        ("nih", "GM072815", nih),
        ("cuny", None, jjd),
        ("nsf", "0804039", jjd),
        ("nsf", "0918199", jjd),
    ]
    edges = [i for i in items if isinstance(i, Relation)]
    assert all(e.start_id == publication.id and e.start_label == Label.PUBLICATION for e in edges)
    assert all(e.end_label == Label.ORGANIZATION for e in edges)
    assert {(e.props["method"], e.props["score"]) for e in edges} == {("phrase", 1.0)}
    assert edges[2].id == make_id("acknowledgements", "1471-2180-11-174-ack", "acknowledges", "nsf", "0804039")
    assert all(e.provenance.source_id == "1471-2180-11-174-ack" for e in edges)


def test_a_funder_named_with_its_grants_is_not_also_a_fact_without_one(extractor: Extractor) -> None:
    ctx = context(extractor)
    items = normalized(ctx, "pone.0046493-funding")
    text = PASSAGES["pone.0046493-funding"]["text"]
    sentence = text[text.index("This work was") : text.index(" The funders had")]
    assert sentence.endswith("(Convention ANR n°07-CARN-009-01) and by EGIDE.")
    # "ANR" comes three times (the agency's name, "ANR PCV ...", "Convention ANR ..."): its facts are its grants.
    assert facts(items) == [
        ("cnrs", None, sentence),
        ("anr", "2007-184840", sentence),
        ("anr", "2009-00904", sentence),
        ("anr", "07-CARN-009-01", sentence),
    ]
    # Unlinked: the LISA Carnot Institute, not among the names. The Ministère and EGIDE have no organization
    # shape the English rules know, so they are not mentions at all (docs/extraction.md, Limits).
    assert acknowledgements.unlinked_counts(ctx) == {"no graph entity": 1}


def test_grants_of_unknown_programmes_and_affiliations_are_not_facts(extractor: Extractor, tmp_path: Path) -> None:
    ctx = context(extractor, workdir=tmp_path)
    chinese = normalized(ctx, "fmed.2022.1005901-funding")
    assert [(f, a) for f, a, _ in facts(chinese)] == [("cas", "2020377"), ("nsfc", "82070630")]
    affiliation = normalized(ctx, "ehp-116-1694-aff2")
    assert facts(affiliation) == []  # "University of Washington" links, but an address is no acknowledgement
    assert acknowledgements.unlinked_counts(ctx) == {
        "grant number of no linked organization": 2,  # the National Key R&D Program is not an organization here
        "not in a funding sentence": 1,
    }
    review = [json.loads(line) for line in (tmp_path / acknowledgements.REVIEW_FILE).read_text("utf-8").splitlines()]
    assert [(r["reason"], r["text"], r["entityId"]) for r in review] == [
        ("grant number of no linked organization", "2018YFC0116704", None),
        ("grant number of no linked organization", "2018YFC0116702", None),
        ("not in a funding sentence", "University of Washington", "uw"),
    ]
    assert review[2]["sentence"] == PASSAGES["ehp-116-1694-aff2"]["text"]
    assert review[2]["location"] == "acknowledgements.jsonl:ehp-116-1694-aff2"


def test_thanks_for_a_gift_of_bacteria_are_not_funding(extractor: Extractor) -> None:
    ctx = context(extractor)
    assert facts(normalized(ctx, "pone.0046493-ack")) == []
    assert acknowledgements.unlinked_counts(ctx) == {"not in a funding sentence": 1, "no graph entity": 1}


def test_shared_names_are_candidates_never_a_silent_choice(tmp_path: Path) -> None:
    # Two real institutions publish the short name "CNRS": France's research centre and Lebanon's.
    shared = Extractor.from_names(
        [("cnrs-fr", "CNRS"), ("cnrs-lb", "CNRS"), ("anr", "Agence Nationale de la Recherche")], model=""
    )
    ctx = context(shared, workdir=tmp_path)
    found = facts(normalized(ctx, "pone.0046493-funding"))
    assert [(f, a) for f, a, _ in found] == [("anr", "2007-184840"), ("anr", "2009-00904")]
    assert acknowledgements.unlinked_counts(ctx)["candidates to review"] == 1
    review = [json.loads(line) for line in (tmp_path / acknowledgements.REVIEW_FILE).read_text("utf-8").splitlines()]
    (cnrs,) = [r for r in review if r["reason"] == "candidates to review"]
    assert (cnrs["text"], cnrs["entityId"], cnrs["candidates"]) == ("CNRS", None, ["cnrs-fr", "cnrs-lb"])


def test_publication_ids_meet_openalex_when_the_work_id_is_given(extractor: Extractor) -> None:
    items = normalized(context(extractor), "peerj-preprints-2328-funding")
    assert items[0].id == make_id("acknowledgements", "peerj-preprints-2328-funding")  # no DOI, no PMCID
    assert items[0].provenance.source_url == "https://peerj.com/preprints/2328/"
    # The work id of a real OpenAlex record (tests/fixtures/payloads/openalex/work_W2741809807.json).
    assert acknowledgements.publication_id("10.7717/peerj.4375", None, "W2741809807", None) == openalex.node_id(
        "W2741809807"
    )
    assert acknowledgements.publication_id(None, "PMC3460867", None, "x") == make_id("pmc", "PMC3460867")


def test_a_publication_known_to_openalex_is_a_placeholder(extractor: Extractor) -> None:
    items = normalized(context(extractor), "1471-2180-11-174-ack", openalex="https://openalex.org/W2741809807")
    publication = items[0]
    assert isinstance(publication, Entity) and publication.placeholder
    assert publication.id == openalex.node_id("W2741809807")
    assert all(i.start_id == publication.id for i in items if isinstance(i, Relation))


def test_doi_forms_and_malformed_identities(extractor: Extractor) -> None:
    ctx = context(extractor)
    passage = "pntd.0002065-funding"
    doi_url = normalized(ctx, passage, doi="https://doi.org/10.1371/JOURNAL.PNTD.0002065")[0]
    assert doi_url.id == make_id("doi", "10.1371/journal.pntd.0002065")
    with pytest.raises(RecordRejected, match="passage without text"):
        normalized(ctx, passage, text=None)
    with pytest.raises(RecordRejected, match="passage without text"):
        normalized(ctx, passage, text="   ")
    with pytest.raises(RecordRejected, match="doi must look like"):
        normalized(ctx, passage, doi="journal.pntd.0002065")
    with pytest.raises(RecordRejected, match="pmcid must look like"):
        normalized(ctx, passage, pmcid="PMID 23469306")
    with pytest.raises(RecordRejected, match="openalex must be an OpenAlex work id"):
        normalized(ctx, passage, openalex="I27837315")
    with pytest.raises(RecordRejected, match="give doi, pmcid, openalex or id"):
        normalized(ctx, passage, id=None, doi=None, pmcid=None)


def test_unknown_fields_are_audited_and_copy_fields_are_not(extractor: Extractor) -> None:
    ctx = context(extractor)
    normalized(ctx, "pntd.0002065-funding", journal="PLoS Negl Trop Dis")
    assert dict(ctx.unknown_fields) == {"passage.journal": 1}


def test_without_a_graph_the_source_says_so() -> None:
    ctx = JobContext(source="acknowledgements", file=PASSAGE_FILE)
    with pytest.raises(SourceError, match="no graph"):
        acknowledgements.normalize(ctx, RawRecord("x", dict(PASSAGES["pntd.0002065-funding"])))


def test_the_records_of_the_file_and_the_end_of_run_warning(
    extractor: Extractor, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = context(extractor, workdir=tmp_path)
    per_line = {r.location: len(facts(acknowledgements.normalize(ctx, r))) for r in acknowledgements.records(ctx)}
    assert list(per_line.values()) == [4, 0, 1, 4, 0, 0, 2, 0]
    assert next(iter(per_line)) == "acknowledgements.jsonl:line 1"
    counts = acknowledgements.unlinked_counts(ctx)
    assert counts == {"grant number of no linked organization": 6, "no graph entity": 4, "not in a funding sentence": 2}
    assert sum(counts.values()) == len((tmp_path / acknowledgements.REVIEW_FILE).read_text().splitlines())
    (warning,) = [r for r in caplog.records if r.levelname == "WARNING"]
    assert f"{sum(counts.values())} mentions not written as facts" in warning.getMessage()
    assert str(tmp_path / acknowledgements.REVIEW_FILE) in warning.getMessage()
