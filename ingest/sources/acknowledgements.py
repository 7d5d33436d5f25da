"""Funding acknowledgements of publications, read as text: the funders they name become ACKNOWLEDGES facts.

OpenAlex gives a work's funders as structured data when it has them; many articles only say it in prose ("This
work was supported by grant GM072815 from the National Institutes of Health"). This source reads such passages
and links the organizations they name to the graph with the text extractor (docs/extraction.md). It adds
funding facts to the organizations already in the graph, so load the funders first (NIH RePORTER, NSF,
OpenAlex, GLEIF, ...).

File mode only: JSON lines, one passage per line (the shape of tests/fixtures/acknowledgements):

| field       | required                        | meaning                                                      |
|-------------|---------------------------------|--------------------------------------------------------------|
| text        | yes                             | the passage: a funding statement or acknowledgements         |
| doi         | one of doi, pmcid, openalex, id | the publication's DOI (`10.1371/...`, doi.org URL, `doi:...`) |
| pmcid       | see doi                         | its PubMed Central id (`PMC3460867`)                         |
| openalex    | see doi                         | its OpenAlex work id (`W2741809807`, or the openalex.org URL) |
| id          | see doi                         | the passage's own id, unique in the file                     |
| title, year | no                              | the publication's title and year                             |
| url         | no                              | where the passage was read (kept as `sourceUrl`)             |

`repo`, `commit`, `path`, `element`, `license` and `index_file_id` say where a passage was copied from: they
document the file and are not written to the graph. Other fields are reported in the run summary (audited). A
line that is not a JSON object, has no text or no publication identity, or has a malformed doi, pmcid or
openalex is rejected with the reason.

Mapping:
- the publication -> Publication (doi lower-cased, openalex, title, year). Its id: OpenAlex's own id
  (`openalex-W...`, the scheme of the openalex source) when the passage gives `openalex`, so both sources
  describe one node, written as a placeholder that never overwrites what OpenAlex wrote; otherwise an id from
  the DOI (`make_id("doi", doi)`), else the PMCID (`make_id("pmc", pmcid)`), else the passage id. OpenAlex
  keys its works on the W id, not the DOI, so a passage with a DOI meets OpenAlex's node only when it also carries
  `openalex`;
- every organization mention the extractor links to one graph entity, in a sentence that speaks of funding
  (`FUNDING_WORDS`: supported, support from, funded, grant, award, fellowship, ...) or with grant numbers of
  its own -> Publication -ACKNOWLEDGES-> Organization with `evidence` (the sentence), `method` and `score`
  (the mention's), and `awardId`: one relationship per grant number, as OpenAlex writes one per award, so
  `awardId` stays one plain value; keyed on (passage, organization, grant), so every fact cites exactly one
  passage and a rerun rewrites it.

Not facts: a mention with no entity, one with only candidates (a shared name, a review), a linked mention in
a sentence that does not speak of funding (an affiliation line, thanks for a gift of bacteria), and a grant
number given to no linked organization. The funding cue is a word test on the whole sentence, so a sentence
thanking one party for "support" and naming another still counts: the evidence kept on each fact is there to
check it. They are counted, listed in `unlinked.jsonl` beside
`rejects.jsonl` (TIETRACE_DATA_DIR/ingest/acknowledgements/) with the sentence, and summed up in a warning at
the end of the run, so a person can add the missing names or judge the candidates.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import queries
from graph.ids import make_id
from graph.model import Entity, Label, Provenance, Rel, Relation
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_lines
from ingest.source import Items, RawRecord, SourceSpec
from ingest.sources.openalex import node_id as openalex_node_id
from ingest.sources.openalex import short_id
from resolve.extract import Extractor, Mention
from resolve.matcher import Matcher
from resolve.patterns import normalize_award

log = logging.getLogger(__name__)

SOURCE = SourceSpec(
    name="acknowledgements",
    title="Funding acknowledgements of publications (text, linked to the graph's funders)",
    license="as each passage states (its license field)",
    url="docs/extraction.md",
    modes=("file",),
    file_formats=("JSON lines of passages",),
    notes="Fields: text, and doi, pmcid, openalex or id; optional title, year, url. Load the funders first.",
)

# Where a passage was copied from (see the fixtures' ORIGIN.md): documentation of the file, not graph facts.
COPY_FIELDS = ("repo", "commit", "path", "element", "license", "index_file_id")
EXTRACTOR = "extractor"  # ctx.state key: the extractor, built once per job from the graph's names
UNLINKED = "unlinked"  # ctx.state key: a Counter of mentions kept out of the graph, by reason
REVIEW_FILE = "unlinked.jsonl"
# A sentence speaks of funding when it says so: stricter than resolve.patterns.FUNDING_CUE (which also counts
# "foundation" and "council", words of the very names found here, and "support" as in "help and support with").
FUNDING_WORDS = re.compile(
    r"(?i)\b(?:supported|support\s+(?:from|of|by)|funded|financed|sponsored|funding|funds?|grants?|awards?|"
    r"awarded|fellowships?|scholarships?|financial(?:ly)?\s+support\w*)\b"
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_PMCID = re.compile(r"^(?:PMC)?(\d{1,10})$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is None:
        raise SourceError("acknowledgements loads files only: pass --file PATH (JSON lines of passages)")
    name = ctx.file.name
    for number, value in json_lines(ctx.file, ctx.encoding):
        location = f"{name}:line {number}"
        if isinstance(value, RecordRejected):
            yield RawRecord(location, {}, error=str(value))
        else:
            yield RawRecord(location, value)
    # Runs once the driver has normalized the last record: the whole run's tally.
    _warn_unlinked(ctx)


# ---------------------------------------------------------------------------------------------- normalize


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    text = data.pop("text", None)
    if not isinstance(text, str) or not text.strip():
        raise RecordRejected("passage without text")
    doi = _doi(data.pop("doi", None))
    pmcid = _pmcid(data.pop("pmcid", None))
    openalex = _openalex(data.pop("openalex", None))
    passage_id = _text(data.pop("id", None))
    key = passage_id or doi or pmcid or openalex
    if key is None:
        raise RecordRejected("passage without a publication: give doi, pmcid, openalex or id")
    url = _text(data.pop("url", None))
    prov = ctx.provenance(key, url or _publication_url(doi, pmcid, openalex))
    known = _known_publication(ctx, doi) if openalex is None else None
    publication = _publication(data, doi, pmcid, openalex, passage_id, prov, known)
    for field in COPY_FIELDS:
        data.pop(field, None)
    ctx.audit(data, "passage")

    mentions = extractor(ctx).extract(text)
    facts, unlinked = acknowledged(publication.id, key, mentions, prov)
    _review(ctx, record.location, publication.id, unlinked)
    return [publication, *facts]


def _text(value: Any) -> str | None:
    return (str(value).strip() or None) if isinstance(value, str | int) else None


def _doi(value: Any) -> str | None:
    if value is None or value == "":
        return None
    match = _DOI.match(str(value).strip())
    if match is None:
        raise RecordRejected(f"doi must look like 10.1371/journal.pone.0046493, got {value!r}")
    return match.group(1).lower()  # DOIs are case-insensitive; OpenAlex stores them lower-cased


def _pmcid(value: Any) -> str | None:
    if value is None or value == "":
        return None
    match = _PMCID.match(str(value).strip())
    if match is None:
        raise RecordRejected(f"pmcid must look like PMC3460867, got {value!r}")
    return f"PMC{match.group(1)}"


def _openalex(value: Any) -> str | None:
    if value is None or value == "":
        return None
    wid = short_id(str(value))
    if wid is None or not wid.startswith("W"):
        raise RecordRejected(f"openalex must be an OpenAlex work id such as W2741809807, got {value!r}")
    return wid


def _publication_url(doi: str | None, pmcid: str | None, openalex: str | None) -> str | None:
    if doi is not None:
        return f"https://doi.org/{doi}"
    if pmcid is not None:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"
    return f"https://openalex.org/{openalex}" if openalex is not None else None


def publication_id(doi: str | None, pmcid: str | None, openalex: str | None, passage_id: str | None) -> str:
    """OpenAlex's own id when known (one node for both sources), else one from the DOI, the PMCID or the passage."""
    if openalex is not None:
        return openalex_node_id(openalex)
    if doi is not None:
        return make_id("doi", doi)
    if pmcid is not None:
        return make_id("pmc", pmcid)
    return make_id(SOURCE.name, passage_id)


def _known_publication(ctx: JobContext, doi: str | None) -> str | None:
    """The id of the publication another source (OpenAlex) already wrote with this DOI, if any."""
    if doi is None or ctx.store is None:
        return None
    rows = ctx.store.run(queries.load("publication_by_doi"), {"doi": doi.lower()})
    return str(rows[0]["id"]) if rows else None


def _publication(
    data: dict[str, Any],
    doi: str | None,
    pmcid: str | None,
    openalex: str | None,
    passage_id: str | None,
    prov: Provenance,
    known: str | None = None,
) -> Entity:
    title = data.pop("title", None)
    year = data.pop("year", None)
    props = {
        "doi": doi,
        "openalex": openalex,
        "title": title if isinstance(title, str) and title.strip() else None,
        "year": int(year) if isinstance(year, int | str) and str(year).strip().isdigit() else None,
    }
    # OpenAlex describes the work fully: our node only fills in for it until OpenAlex's record arrives, and a
    # work OpenAlex already wrote (met by its DOI) is never overwritten.
    pid = known or publication_id(doi, pmcid, openalex, passage_id)
    return Entity(pid, Label.PUBLICATION, prov, props, placeholder=openalex is not None or known is not None)


def acknowledged(
    publication: str, passage: str, mentions: list[Mention], prov: Provenance
) -> tuple[list[Relation], list[tuple[str, Mention]]]:
    """The ACKNOWLEDGES facts of one passage, and the mentions kept out of the graph with the reason why.

    One fact per (organization, grant number); an organization named with grants elsewhere in the passage gets
    no extra fact without one ("the ANR (ANR PCV 2007-184840)" is one funder, one award).
    """
    facts: dict[str, Relation] = {}
    unlinked: list[tuple[str, Mention]] = []
    given = awards_given(mentions)
    with_awards = set(given.values())
    for mention in mentions:
        reason = _not_a_fact(mention, given)
        if reason is not None:
            unlinked.append((reason, mention))
            continue
        entity = mention.entity_id
        if entity is None or (not mention.award_ids and entity in with_awards):
            continue  # a grant number given to an organization is that organization's fact
        for award in mention.award_ids or (None,):
            rid = make_id(SOURCE.name, passage, "acknowledges", entity, award)
            props = {
                "awardId": award,
                "evidence": mention.sentence.strip(),
                "method": mention.method,
                "score": round(mention.score, 4),
            }
            # The first sentence naming this funder and grant is the evidence.
            facts.setdefault(
                rid,
                Relation(
                    rid, Rel.ACKNOWLEDGES, publication, Label.PUBLICATION, entity, Label.ORGANIZATION, prov, props
                ),
            )
    return list(facts.values()), unlinked


def awards_given(mentions: list[Mention]) -> dict[tuple[int, str], str]:
    """(sentence start, grant number) -> the linked organization it was given to.

    The extractor lists every grant number as a mention of its own, also those it gave to an organization.
    """
    return {
        (m.sentence_start, award): m.entity_id
        for m in mentions
        if m.kind == "organization" and m.entity_id is not None
        for award in m.award_ids
    }


def _not_a_fact(mention: Mention, given: dict[tuple[int, str], str]) -> str | None:
    if mention.kind == "grant_number":
        if (mention.sentence_start, normalize_award(mention.text)) in given:
            return None
        return "grant number of no linked organization"
    if mention.entity_id is None:
        return "candidates to review" if mention.candidates else "no graph entity"
    if not mention.award_ids and FUNDING_WORDS.search(mention.sentence) is None:
        return "not in a funding sentence"
    return None


# ---------------------------------------------------------------------------------------------- the extractor


def extractor(ctx: JobContext) -> Extractor:
    """The job's extractor, built on first use from the graph's organization names (seconds on a large graph)."""
    found = ctx.state.get(EXTRACTOR)
    if isinstance(found, Extractor):
        return found
    if ctx.store is None:
        raise SourceError("acknowledgements links text to the graph's organizations, but this job has no graph")
    log.info("acknowledgements: reading the graph's organization names for extraction")
    matcher = Matcher.from_store(ctx.store)
    if not matcher.orgs:
        log.warning("acknowledgements: the graph holds no organizations yet; load the funders first")
    built = ctx.state[EXTRACTOR] = Extractor.from_matcher(matcher)
    log.info("acknowledgements: extractor ready with %d organizations", len(matcher.orgs))
    return built


# ---------------------------------------------------------------------------------------------- review


def _review(ctx: JobContext, location: str, publication: str, unlinked: list[tuple[str, Mention]]) -> None:
    """Count the mentions kept out of the graph and list them beside rejects.jsonl, one JSON line each."""
    if not unlinked:
        return
    tally: Counter[str] = ctx.state.setdefault(UNLINKED, Counter())
    tally.update(reason for reason, _ in unlinked)
    if ctx.workdir is None:
        return
    at = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        {
            "at": at,
            "location": location,
            "publication": publication,
            "reason": reason,
            "kind": m.kind,
            "text": m.text,
            "entityId": m.entity_id,
            "candidates": list(m.candidates),
            "score": round(m.score, 4),
            "method": m.method,
            "awardIds": list(m.award_ids),
            "sentence": m.sentence.strip(),
        }
        for reason, m in unlinked
    ]
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    with (ctx.workdir / REVIEW_FILE).open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def unlinked_counts(ctx: JobContext) -> dict[str, int]:
    """Mentions of this run kept out of the graph, by reason."""
    tally = ctx.state.get(UNLINKED)
    return dict(tally) if isinstance(tally, Counter) else {}


def _warn_unlinked(ctx: JobContext) -> None:
    counts = unlinked_counts(ctx)
    if not counts:
        return
    where = f"; listed in {ctx.workdir / REVIEW_FILE}" if ctx.workdir is not None else ""
    detail = ", ".join(f"{reason}: {n}" for reason, n in sorted(counts.items()))
    log.warning("acknowledgements: %d mentions not written as facts (%s)%s", sum(counts.values()), detail, where)
