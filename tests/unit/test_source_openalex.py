"""OpenAlex works normalized into the graph model, and /works cursor paging, on real recorded payloads (no engine)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.ids import make_id
from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.http import HttpFetcher
from ingest.source import RawRecord
from ingest.sources import openalex
from ingest.sources.openalex import institution_kind
from tests.ingest_helpers import FIXTURES

PAYLOADS = FIXTURES / "payloads" / "openalex"
WORK = json.loads((PAYLOADS / "work_W2741809807.json").read_text(encoding="utf-8"))
PAGE1 = json.loads((PAYLOADS / "works_page1_cursor_star.json").read_text(encoding="utf-8"))
PAGE2 = json.loads((PAYLOADS / "works_page2_last.json").read_text(encoding="utf-8"))
NEXT = PAGE1["meta"]["next_cursor"]


def context(file: Path | None = None, **query: str) -> JobContext:
    return JobContext(source="openalex", file=file, query=query, retrieved_at="2026-11-25T00:00:00+00:00")


def items_of(work: dict[str, Any]) -> list[Entity | Relation]:
    ctx = context()
    return openalex.normalize(ctx, RawRecord("test", work, source_id="W"))


def by_id(items: list[Entity | Relation]) -> dict[str, Entity | Relation]:
    return {i.id: i for i in items}


def test_a_work_maps_to_publication_people_and_institutions() -> None:
    items = items_of(WORK)
    found = by_id(items)
    publication = found["openalex-W2741809807"]
    assert isinstance(publication, Entity) and publication.label is Label.PUBLICATION
    assert dict(publication.props) == {
        "openalex": "W2741809807",
        "doi": "10.7717/peerj.4375",
        "title": "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles",
        "year": 2018,
        "date": "2018-02-13",
    }
    assert publication.provenance.source_id == "W2741809807"
    assert publication.provenance.source_url == "https://openalex.org/W2741809807"
    piwowar = found["openalex-A5048491430"]
    assert isinstance(piwowar, Entity) and piwowar.label is Label.PERSON
    assert dict(piwowar.props) == {"openalex": "A5048491430", "name": "Heather Piwowar", "orcid": "0000-0003-1613-5981"}
    impact = found["openalex-I4210166736"]
    assert isinstance(impact, Entity)
    assert dict(impact.props) == {
        "openalex": "I4210166736",
        "name": "Impact Technology Development (United States)",
        "ror": "05ppvf150",
        "country": "US",
        "kind": "company",
    }
    pkp = found["openalex-I4387153203"]  # type "other", country_code null in the record
    assert isinstance(pkp, Entity) and pkp.props["kind"] == "other" and pkp.props["country"] is None
    assert found["openalex-I58610484"].props["kind"] == "university"  # Seattle University, type "education"
    # OpenAlex types Simon Fraser University "funder" (ROR: education + funder); it is a university that also funds
    assert found["openalex-I18014758"].props["kind"] == "university"
    assert sum(isinstance(i, Entity) and i.label is Label.PERSON for i in items) == 9
    assert sum(isinstance(i, Entity) and i.label is Label.ORGANIZATION for i in items) == 8
    relations = [i for i in items if isinstance(i, Relation)]
    assert sum(r.type is Rel.AUTHORED and r.start_label is Label.PERSON for r in relations) == 9
    assert sum(r.type is Rel.AUTHORED and r.start_label is Label.ORGANIZATION for r in relations) == 8
    assert sum(r.type is Rel.AFFILIATED_WITH for r in relations) == 15


def test_affiliations_are_dated_by_the_publication() -> None:
    found = by_id(items_of(WORK))
    rel = found["openalex-W2741809807.affiliation.A5068542997.I159129438"]  # Larivière at UQAM
    assert isinstance(rel, Relation) and rel.type is Rel.AFFILIATED_WITH
    assert (rel.start_id, rel.end_id) == ("openalex-A5068542997", "openalex-I159129438")
    assert rel.props["validFrom"] == "2018-02-13"
    authored = found["openalex-W2741809807.institution.I159129438"]
    assert isinstance(authored, Relation) and authored.end_id == "openalex-W2741809807"


# Funding: no real recorded work with non-empty funding was found, so the real work record is given the funding
# lists exactly as the OpenAlex documentation shows them (work-object `grants` example; award-object fields).
DOC_GRANTS = [
    {
        "funder": "https://openalex.org/F4320306076",
        "funder_display_name": "National Science Foundation",
        "award_id": "ABI 1661218",
    },
    {
        "funder": "https://openalex.org/F4320306084",
        "funder_display_name": "U.S. Department of Energy",
        "award_id": None,
    },
]
DOC_AWARDS = [
    {
        "id": "https://openalex.org/A4320000001",
        "display_name": "Research Grant for Climate Studies",
        "funder_award_id": "ABI 1661218",
        "funder_id": "https://openalex.org/F4320306076",
        "funder_display_name": "National Science Foundation",
        "doi": "https://doi.org/10.xxxx/award.123",
    }
]
DOC_FUNDERS = [
    {"id": "https://openalex.org/F4320306076", "display_name": "National Science Foundation", "ror": "021nxhr62"},
    {"id": "https://openalex.org/F4320306084", "display_name": "U.S. Department of Energy"},
]


def test_grants_in_the_older_shape_acknowledge_funders_with_award_ids() -> None:
    work = copy.deepcopy(WORK)
    work["grants"] = DOC_GRANTS
    found = by_id(items_of(work))
    nsf = found["openalex-F4320306076"]
    assert isinstance(nsf, Entity) and nsf.label is Label.ORGANIZATION
    assert dict(nsf.props) == {"openalex": "F4320306076", "name": "National Science Foundation", "kind": "funder"}
    ack = found[make_id("openalex", "W2741809807", "acknowledges", "F4320306076", "ABI 1661218")]
    assert isinstance(ack, Relation) and ack.type is Rel.ACKNOWLEDGES
    assert (ack.start_label, ack.end_label) == (Label.PUBLICATION, Label.ORGANIZATION)
    assert ack.props["awardId"] == "ABI 1661218"
    doe = found["openalex-W2741809807.acknowledges.F4320306084"]
    assert isinstance(doe, Relation) and doe.props["awardId"] is None


def test_awards_and_funders_in_the_newer_shape() -> None:
    work = copy.deepcopy(WORK)
    del work["grants"]
    work["awards"], work["funders"] = DOC_AWARDS, DOC_FUNDERS
    ctx = context()
    items = openalex.normalize(ctx, RawRecord("test", work))
    found = by_id(items)
    nsf = found["openalex-F4320306076"]
    assert isinstance(nsf, Entity)
    assert nsf.props["ror"] == "021nxhr62" and nsf.props["name"] == "National Science Foundation"
    acks = sorted(
        (r.end_id, r.props["awardId"]) for r in items if isinstance(r, Relation) and r.type is Rel.ACKNOWLEDGES
    )
    assert acks == [("openalex-F4320306076", "ABI 1661218"), ("openalex-F4320306084", None)]
    assert not ctx.unknown_fields


def test_acknowledgement_text_becomes_evidence_when_a_field_carries_it() -> None:
    work = copy.deepcopy(WORK)
    work["grants"] = DOC_GRANTS[:1]
    work["funding_statement"] = "This work was supported by NSF grant ABI 1661218."  # not in documented payloads
    ack = next(i for i in items_of(work) if isinstance(i, Relation) and i.type is Rel.ACKNOWLEDGES)
    assert ack.props["evidence"] == "This work was supported by NSF grant ABI 1661218."


def test_a_work_without_an_id_is_rejected() -> None:
    work = copy.deepcopy(WORK)
    work["id"] = None
    with pytest.raises(RecordRejected, match="without an OpenAlex work id"):
        items_of(work)


def test_unknown_fields_are_audited() -> None:
    work = copy.deepcopy(WORK)
    work["brand_new_field"] = 1
    ctx = context()
    openalex.normalize(ctx, RawRecord("test", work))
    assert ctx.unknown_fields == {"work.brand_new_field": 1}


class Works:
    """Replays the recorded /works pages; fails on any request it was not recorded for."""

    def __init__(self, expected: dict[str, str]) -> None:
        self.expected = expected
        self.cursors: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.method == "GET" and request.url.host == "api.openalex.org" and request.url.path == "/works"
        params = dict(request.url.params)
        cursor = params.pop("cursor")
        assert params == self.expected, params
        self.cursors.append(cursor)
        if cursor == "*":
            return httpx.Response(200, json=PAGE1)
        if cursor == NEXT:
            return httpx.Response(200, json=PAGE2)
        raise AssertionError(f"unexpected cursor {cursor}")


def test_cursor_paging_follows_next_cursor_until_null(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIETRACE_OPENALEX_API_KEY", raising=False)
    monkeypatch.setenv("TIETRACE_OPENALEX_MAILTO", "ops@example.org")
    works = Works(
        {
            "per-page": "200",
            "filter": "authorships.institutions.ror:0213rcc28,from_publication_date:2017-01-01",
            "mailto": "ops@example.org",
        }
    )
    ctx = context(institution="https://ror.org/0213rcc28", from_publication_date="2017-01-01")
    ctx.http = HttpFetcher("openalex", None, min_interval=0.0, transport=httpx.MockTransport(works))
    records = list(openalex.records(ctx))
    assert works.cursors == ["*", NEXT]
    assert [r.source_id for r in records] == ["W2755950973", "W2741809807"]
    assert records[0].location == "GET /works?cursor=*#1"
    assert records[1].source_url == "https://openalex.org/W2741809807"


@pytest.mark.parametrize(
    ("query", "since", "api_key", "expected"),
    [
        ({"institution": "I27837315"}, None, "", {"filter": "authorships.institutions.id:I27837315"}),
        ({"institution": "https://openalex.org/I27837315"}, None, "", {"filter": "authorships.institutions.id:I27837315"}),  # noqa: E501
        ({"funder": "F4320306076", "search": "sequencing"}, None, "", {"filter": "funders.id:F4320306076", "search": "sequencing"}),  # noqa: E501
        ({"mailto": "a@b.org"}, "2025-01-02", "", {"filter": "from_publication_date:2025-01-02", "mailto": "a@b.org"}),
        (
            {"from_publication_date": "2020-01-01", "to_publication_date": "2020-12-31"},
            "2025-01-02",
            "",
            {"filter": "from_publication_date:2020-01-01,to_publication_date:2020-12-31"},
        ),
        ({}, "2025-01-02", "k", {"filter": "from_updated_date:2025-01-02", "api_key": "k"}),
        ({"author": "orcid:0000-0002-2733-0689"}, "2018", "", {"filter": "author.orcid:0000-0002-2733-0689,from_publication_date:2018-01-01"}),  # noqa: E501
        ({"author": "https://orcid.org/0000-0002-2733-068x"}, None, "", {"filter": "author.orcid:0000-0002-2733-068X"}),
        ({"author": "https://openalex.org/A5068542997"}, None, "", {"filter": "author.id:A5068542997"}),
        ({"author": "openalex:A5068542997"}, None, "", {"filter": "author.id:A5068542997"}),
    ],
)  # fmt: skip
def test_query_keys_become_filters(
    monkeypatch: pytest.MonkeyPatch, query: dict[str, str], since: str | None, api_key: str, expected: dict[str, str]
) -> None:
    monkeypatch.delenv("TIETRACE_OPENALEX_MAILTO", raising=False)
    monkeypatch.setenv("TIETRACE_OPENALEX_API_KEY", api_key)
    ctx = context(**query)
    ctx.since = since
    assert openalex.request_params(ctx) == {"per-page": "200", **expected}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "2020"}, "unknown query keys year"),
        ({"institution": "Harvard"}, "institution must be"),
        ({"funder": "I27837315"}, "funder must be"),
        ({"from_publication_date": "2020"}, "must be YYYY-MM-DD"),
        ({"author": "Vincent Larivière"}, "author must be an ORCID"),
        ({"author": "I27837315"}, "author must be an ORCID"),
    ],
)
def test_bad_queries_stop_the_source(query: dict[str, str], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        openalex.request_params(context(**query))


def test_file_mode_reads_a_saved_response_and_json_lines(tmp_path: Path) -> None:
    saved = list(openalex.records(context(PAYLOADS / "works_page1_cursor_star.json")))
    assert [(r.location, r.source_id) for r in saved] == [
        ("works_page1_cursor_star.json:results[0]", "W2755950973"),
        ("works_page1_cursor_star.json:results[1]", "W2741809807"),
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join([json.dumps(PAGE1["results"][0]), "{not json", json.dumps(WORK)]) + "\n")
    lines = list(openalex.records(context(path)))
    assert [(r.location, r.source_id, r.error is not None) for r in lines] == [
        ("works.jsonl:line 1", "W2755950973", False),
        ("works.jsonl:line 2", None, True),
        ("works.jsonl:line 3", "W2741809807", False),
    ]
    single = list(openalex.records(context(PAYLOADS / "work_W2741809807.json")))
    assert [r.source_id for r in single] == ["W2741809807"]


def test_kinds_from_openalex_types_on_the_recorded_pages() -> None:
    """Every institution of the two recorded /works pages: OpenAlex's `type` gives the kind, and the universities
    OpenAlex types "funder" (ROR lists them as education and funder) are universities, not funders."""
    kinds: dict[str, tuple[str, str]] = {}
    for page in ("works_page1_cursor_star.json", "works_page2_last.json"):
        payload = json.loads((PAYLOADS / page).read_text(encoding="utf-8"))
        for work in payload["results"]:
            for authorship in work["authorships"]:
                for institution in authorship["institutions"]:
                    kind = institution_kind(institution["type"], institution["display_name"])
                    kinds[institution["display_name"]] = (institution["type"], kind.value)
    assert kinds["University of Naples Federico II"] == ("funder", "university")
    assert kinds["Université de Montréal"] == ("funder", "university")
    assert kinds["University of Washington"] == ("funder", "university")
    assert kinds["Seattle University"] == ("education", "university")
    assert kinds["Public Knowledge Project"] == ("other", "other")
    assert kinds["Impact Technology Development (United States)"] == ("company", "company")
    assert not [name for name, (_, kind) in kinds.items() if kind == "funder" and "Univ" in name]


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("funder", "Charité - Universitätsmedizin Berlin", "hospital"),  # ROR: funder + healthcare
        ("funder", "IKEA Foundation", "funder"),  # ROR: funder + nonprofit; the name says nothing more
        ("facility", "Helmholtz Centre for Environmental Research", "facility"),
        ("archive", "Deutsches Museum", "archive"),
        ("healthcare", "Surya Hospitals", "hospital"),
        (None, "Anything", "other"),
    ],
)
def test_institution_kind(kind: str | None, name: str, expected: str) -> None:
    assert institution_kind(kind, name).value == expected


def test_an_author_query_pages_their_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tietrace ingest openalex --query author=ORCID --since 2017`: the recorded pages replayed for that filter
    (the pages hold W2741809807, a work of Heather Piwowar, ORCID 0000-0003-1613-5981)."""
    monkeypatch.delenv("TIETRACE_OPENALEX_API_KEY", raising=False)
    monkeypatch.delenv("TIETRACE_OPENALEX_MAILTO", raising=False)
    works = Works({"per-page": "200", "filter": "author.orcid:0000-0003-1613-5981,from_publication_date:2017-01-01"})
    ctx = context(author="0000-0003-1613-5981")
    ctx.since = "2017"
    ctx.http = HttpFetcher("openalex", None, min_interval=0.0, transport=httpx.MockTransport(works))
    records = list(openalex.records(ctx))
    assert works.cursors == ["*", NEXT]
    assert "W2741809807" in [r.source_id for r in records]
