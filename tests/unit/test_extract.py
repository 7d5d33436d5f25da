"""Text extraction on real funding acknowledgements: the spans, the linked ids, the grant numbers, the evidence."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import spacy

from resolve.extract import MODEL_ENV, Extractor, Mention
from resolve.matcher import Matcher
from resolve.patterns import fold
from tests.extraction_names import FUNDERS
from tests.ingest_helpers import FIXTURES

PASSAGES = {
    row["id"]: row["text"]
    for row in map(
        json.loads, (FIXTURES / "acknowledgements" / "acknowledgements.jsonl").read_text("utf-8").splitlines()
    )
}
NSF_AWARD = json.loads((FIXTURES / "payloads" / "nsf_awards" / "awards_id_2450546.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_names(FUNDERS, model="")


def orgs(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind == "organization"]


def awards_by_entity(mentions: list[Mention]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for mention in mentions:
        if mention.entity_id is not None and mention.award_ids:
            found.setdefault(mention.entity_id, []).extend(mention.award_ids)
    return found


def grants(mentions: list[Mention]) -> list[str]:
    return [m.text for m in mentions if m.kind == "grant_number"]


def test_nih_grant_before_its_funder_and_nsf_awards_after_it(extractor: Extractor) -> None:
    text = PASSAGES["1471-2180-11-174-ack"]
    found = extractor.extract(text)
    nih, cuny, nsf = orgs(found)
    assert (nih.text, nih.entity_id, nih.method, nih.score, nih.award_ids) == (
        "National Institutes of Health",
        "nih",
        "phrase",
        1.0,
        ("GM072815",),
    )
    assert nih.sentence == "This work was supported by grant GM072815 from the National Institutes of Health to INW."
    assert text[nih.sentence_start :].startswith(nih.sentence)
    assert (cuny.entity_id, cuny.award_ids) == ("cuny", ())
    assert (nsf.text, nsf.entity_id, nsf.award_ids) == ("National Science Foundation", "nsf", ("0804039", "0918199"))
    assert nsf.sentence.startswith("During manuscript preparation, JJD was supported by grants from")
    assert nsf.sentence.endswith("Award #0918199).")
    assert grants(found) == ["GM072815", "0804039", "0918199"]
    assert all(m.start >= text.index("This work was supported") for m in found)  # thanks to people: nothing


def test_french_funders_with_their_programme_numbers(extractor: Extractor) -> None:
    text = PASSAGES["pone.0046493-funding"]
    found = extractor.extract(text)
    assert [(m.text, m.entity_id, m.method) for m in orgs(found)] == [
        ("CNRS", "cnrs", "phrase"),
        ("Agence Nationale de la Recherche", "anr", "phrase"),
        ("ANR", "anr", "phrase"),  # "(ANR PCV 2007-184840 PHELIN": the programme code names the agency again
        ("ANR", "anr", "phrase"),
        ("LISA Carnot Institute", None, "rule"),
        ("ANR", "anr", "phrase"),  # "(Convention ANR n°07-CARN-009-01)"
    ]
    assert awards_by_entity(found) == {"anr": ["2007-184840", "2009-00904", "07-CARN-009-01"]}  # dashes folded
    assert grants(found) == ["2007\u2013184840", "2009\u201300904", "07-CARN-009-01"]  # as printed
    cnrs = found[0]
    assert cnrs.sentence.startswith("This work was supported by the CNRS") and cnrs.sentence.endswith("by EGIDE.")
    assert cnrs.sentence_start == text.index("This work")


def test_chinese_funders_get_their_own_numbers_only(extractor: Extractor) -> None:
    found = extractor.extract(PASSAGES["fmed.2022.1005901-funding"])
    cas, nsfc = orgs(found)
    assert (cas.text, cas.entity_id, cas.award_ids) == ("Chinese Academy of Sciences", "cas", ("2020377",))
    assert (nsfc.text, nsfc.entity_id, nsfc.award_ids) == (
        "National Natural Science Foundation of China",
        "nsfc",
        ("82070630",),
    )
    # The National Key R&D Program of China is no organization of the graph: its numbers are found, not given away.
    assert grants(found) == ["2018YFC0116704", "2018YFC0116702", "2020377", "82070630"]


def test_without_a_known_organization_only_rule_shapes_are_found(extractor: Extractor) -> None:
    text = PASSAGES["pone.0046493-ack"]
    found = extractor.extract(text)
    assert [(m.text, m.method, m.entity_id, m.score) for m in found] == [
        ("Albert Einstein College of Medicine", "rule", None, 0.0),
        ("University of Montpellier 2", "rule", None, 0.0),
    ]
    # "Dr. R. Lebrun" and "Pr. W. R. Jacobs" do not end the sentence kept as evidence.
    assert found[0].sentence.startswith("Authors also wish to thank Dr. R. Lebrun")
    assert found[0].sentence.endswith("University of Montpellier 2).")
    assert found[0].sentence_start == text.index("Authors also")


def test_a_grant_in_another_clause_is_not_given_to_a_funder(extractor: Extractor) -> None:
    found = extractor.extract(PASSAGES["pntd.0002065-funding"])
    (utrecht,) = orgs(found)
    assert (utrecht.text, utrecht.entity_id, utrecht.award_ids) == ("Utrecht University", "uu", ())
    assert grants(found) == ["9397"]  # "(AID 9397)" belongs to the Italian project of the clause before


def test_rule_shapes_link_through_the_resolution_matcher() -> None:
    rows = [
        {"id": "nsfc", "name": "National Natural Science Foundation of China", "country": "CN"},
        {"id": "cpsf", "name": "China Postdoctoral Science Foundation", "country": "CN"},
    ]
    extractor = Extractor.from_matcher(Matcher.from_rows(rows), model="")
    found = extractor.extract(PASSAGES["peerj-preprints-2328-funding"])
    nsfc, cpsf = orgs(found)
    assert (nsfc.text, nsfc.method, nsfc.entity_id) == (
        "National Natural Science Foundation of P. R. China",
        "rule",
        "nsfc",
    )
    # By meaning, "P. R. China" is China (one place symbol): the whole name has its counterpart.
    assert nsfc.score == 1.0 and nsfc.award_ids == ("31270749",)
    assert (cpsf.text, cpsf.method, cpsf.entity_id, cpsf.award_ids) == (
        "China Postdoctoral Science Foundation",
        "phrase",
        "cpsf",
        ("2015M580999",),
    )
    assert grants(found) == ["31270749", "2015M580999", "2013CB429906"]


def test_a_grant_abstract_names_only_its_funder(extractor: Extractor) -> None:
    abstract = NSF_AWARD["response"]["award"][0]["abstractText"]
    (nsf,) = extractor.extract(abstract)
    assert (nsf.text, nsf.entity_id, nsf.method) == ("NSF", "nsf", "phrase")
    assert nsf.sentence.startswith("This award reflects NSF's statutory mission")


def test_an_affiliation_and_a_funding_note_without_known_funders(extractor: Extractor) -> None:
    (uw,) = extractor.extract(PASSAGES["ehp-116-1694-aff2"])
    assert (uw.text, uw.entity_id, uw.start) == ("University of Washington", "uw", 40)
    assert extractor.extract(PASSAGES["ehp-116-1694-funding"]) == []


def test_a_name_two_entities_share_is_never_a_silent_choice() -> None:
    extractor = Extractor.from_names(
        [("openalex-I201448701", "University of Washington"), ("ror-x", "University of Washington")], model=""
    )
    (uw,) = extractor.extract(PASSAGES["ehp-116-1694-aff2"])
    assert uw.entity_id is None and uw.candidates == ("openalex-I201448701", "ror-x") and uw.score == 1.0


def test_offsets_point_into_the_original_text(extractor: Extractor) -> None:
    for text in PASSAGES.values():
        assert len(fold(text)) == len(text)
        for mention in extractor.extract(text):
            assert text[mention.start : mention.end] == mention.text
            assert text[mention.sentence_start : mention.sentence_start + len(mention.sentence)] == mention.sentence
            assert mention.start >= mention.sentence_start and mention.end <= mention.sentence_start + len(
                mention.sentence
            )


def test_a_missing_model_is_a_warning_and_extraction_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(MODEL_ENV, "en_core_web_sm")
    if "en_core_web_sm" in spacy.util.get_installed_models():
        pytest.skip("en_core_web_sm is installed here; the missing-model path cannot be shown")
    with caplog.at_level(logging.WARNING, logger="resolve.extract"):
        extractor = Extractor.from_names(FUNDERS)
    assert extractor.model is None
    (record,) = [r for r in caplog.records if r.name == "resolve.extract"]
    assert record.levelno == logging.WARNING
    assert "TIETRACE_SPACY_MODEL=en_core_web_sm cannot be loaded" in record.getMessage()
    assert "continues rule-based" in record.getMessage()
    assert [m.text for m in orgs(extractor.extract(PASSAGES["pntd.0002065-funding"]))] == ["Utrecht University"]


def test_an_installed_model_adds_its_organizations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No statistical model can be downloaded here: a saved pipeline with an entity ruler stands in for one, and
    # is loaded the same way (spacy.load of the name or path in TIETRACE_SPACY_MODEL).
    stand_in = spacy.blank("en")
    ruler = stand_in.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "West Coast Center for Oceans and Human Health"}])  # type: ignore[attr-defined]
    stand_in.to_disk(tmp_path / "model")
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "model"))
    extractor = Extractor.from_names(FUNDERS)
    (center,) = extractor.extract(PASSAGES["ehp-116-1694-funding"])
    assert (center.text, center.method, center.entity_id) == (
        "West Coast Center for Oceans and Human Health",
        "model",
        None,
    )
    assert center.sentence.startswith("This study was supported by the West Coast Center")
