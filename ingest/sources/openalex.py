"""OpenAlex works: who wrote a publication, at which institutions, and which funders it acknowledges.

API mode: `GET https://api.openalex.org/works` with `filter=`, `per-page=200` and cursor paging as OpenAlex
documents it (https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging): the first request
sends `cursor=*`, each next one sends the previous page's `meta.next_cursor`, and paging stops when
`meta.next_cursor` is null (or a page has no results). `mailto` puts requests in the polite pool; it comes from
`--query mailto=...` or the environment variable TIETRACE_OPENALEX_MAILTO.

Query keys (`--query k=v`):
- `institution`: an OpenAlex institution id (`I27837315` or `https://openalex.org/I27837315`), filtered as
  `authorships.institutions.id`, or a ROR id (`00jmfr291` or `https://ror.org/00jmfr291`), filtered as
  `authorships.institutions.ror`;
- `funder`: an OpenAlex funder id (`F4320306076`), filtered as `funders.id`;
- `author`: a researcher, as an ORCID (`0000-0002-1825-0097`, `orcid:...` or the orcid.org URL), filtered as
  `author.orcid`, or an OpenAlex author id (`A5023888391` or its URL), filtered as `author.id`: every work of theirs
  with all its co-authors and institutions (researcher due diligence, `tietrace researcher`);
- `from_publication_date`, `to_publication_date`: `YYYY-MM-DD`;
- `search`: full-text search (the `search` parameter);
- `mailto`: the polite-pool e-mail address.

`--since`: OpenAlex documents `from_updated_date` as a Premium-only filter (it needs an API key; the polite pool
refuses it). So when TIETRACE_OPENALEX_API_KEY is set, `--since` becomes `from_updated_date` (and `api_key` is
sent); otherwise it becomes `from_publication_date`, unless the query sets that key itself.

File mode: JSON lines of work objects (one per line), or a saved `/works` response (`{"meta", "results"}`).

Mapping:
- the work -> Publication (openalex `W...`, doi without `https://doi.org/`, title, year, date);
- `authorships[].author` -> Person (openalex `A...`, orcid without the URL prefix, name) -AUTHORED-> Publication;
- `authorships[].institutions[]` -> Organization (openalex `I...`, ror without the URL prefix, country from
  `country_code`, kind from `type`: education university, healthcare hospital, company, government, nonprofit,
  facility, archive, funder; a "funder" named as a university or hospital is one, see institution_kind)
  -AUTHORED-> Publication (institutional authorship), and the author
  -AFFILIATED_WITH-> it, one relationship per work with `validFrom` = the publication date;
- funding, in whichever shape the payload has: the older `grants[]` (`funder`, `funder_display_name`,
  `award_id`), or the newer `awards[]` (`id`, `display_name`, `funder_award_id`, `funder_id`,
  `funder_display_name`, `doi`) and `funders[]` (dehydrated funders: `id`, `display_name`, `ror`) ->
  Organization (kind funder, openalex `F...`) and Publication -ACKNOWLEDGES-> it with `awardId`. None of these
  documented shapes carries the acknowledgement text itself; if a work ever has `funding_statement` /
  `acknowledgements` text, it is kept as `evidence` on the ACKNOWLEDGES relationships.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from graph.ids import make_id
from graph.model import Entity, Label, OrgKind, Provenance, Rel, Relation
from graph.settings import get_settings
from ingest.context import JobContext
from ingest.errors import RecordRejected, SourceError
from ingest.files import json_document, json_lines, open_text
from ingest.source import Items, RawRecord, SourceSpec

SOURCE = SourceSpec(
    name="openalex",
    title="OpenAlex works (authorships, institutions, funders)",
    license="CC0 (OpenAlex data)",
    url="https://docs.openalex.org/api-entities/works",
    modes=("api", "file"),
    file_formats=("JSON lines of work objects", "a saved /works response (meta + results)"),
    notes="Query keys: institution, funder, author, from_publication_date, to_publication_date, search, mailto.",
)

WORKS_URL = "https://api.openalex.org/works"
PER_PAGE = 200
QUERY_KEYS = ("institution", "funder", "author", "from_publication_date", "to_publication_date", "search", "mailto")
KINDS: dict[str, OrgKind] = {
    "education": OrgKind.UNIVERSITY,
    "healthcare": OrgKind.HOSPITAL,
    "company": OrgKind.COMPANY,
    "government": OrgKind.GOVERNMENT,
    "funder": OrgKind.FUNDER,
    "nonprofit": OrgKind.NONPROFIT,
    "facility": OrgKind.FACILITY,
    "archive": OrgKind.ARCHIVE,
    "other": OrgKind.OTHER,
}
# OpenAlex gives an institution one `type`, taken from ROR's types; ROR gives many institutions two (in ROR's data
# 2,575 records are education + funder, 1,784 funder + nonprofit, 1,036 funder + government, 231 funder +
# healthcare) and OpenAlex then answers "funder" for a university that also funds research (Simon Fraser
# University, Université de Montréal). So "funder" is read as "also a funder": the name says what it is when it
# names a university or a hospital; otherwise it stays a funder.
_FUNDER_IS_UNIVERSITY = re.compile(
    r"univers|\bcollege\b|hochschule|polytechni|institute of technology|école normale|大学|大學", re.I
)
_FUNDER_IS_HOSPITAL = re.compile(r"hospital|hôpital|ospedale|klinikum|\bclinic\b|charité|medical cent(er|re)", re.I)


def institution_kind(openalex_type: str | None, name: str | None) -> OrgKind:
    """The kind of an OpenAlex institution from its `type`, a "funder" that is a university or hospital by name
    taking that kind (see above); an unknown type is OTHER."""
    kind = KINDS.get(openalex_type or "", OrgKind.OTHER)
    if kind is OrgKind.FUNDER and name:
        if _FUNDER_IS_HOSPITAL.search(name):
            return OrgKind.HOSPITAL
        if _FUNDER_IS_UNIVERSITY.search(name):
            return OrgKind.UNIVERSITY
    return kind


# Work fields this source reads no fact from; popped so that only new, unknown fields are audited.
IGNORED_WORK_FIELDS = (
    "display_name", "ids", "language", "primary_location", "type", "type_crossref", "indexed_in", "open_access",
    "institution_assertions", "countries_distinct_count", "institutions_distinct_count", "corresponding_author_ids",
    "corresponding_institution_ids", "apc_list", "apc_paid", "fwci", "has_fulltext", "fulltext_origin",
    "cited_by_count", "citation_normalized_percentile", "cited_by_percentile_year", "biblio", "is_retracted",
    "is_paratext", "primary_topic", "topics", "keywords", "concepts", "mesh", "locations_count", "locations",
    "best_oa_location", "sustainable_development_goals", "datasets", "versions", "referenced_works_count",
    "referenced_works", "related_works", "abstract_inverted_index", "abstract_inverted_index_v3", "cited_by_api_url",
    "counts_by_year", "updated_date", "created_date", "has_content", "content_url", "is_xpac",
)  # fmt: skip
ACK_TEXT_FIELDS = ("funding_statement", "acknowledgements", "acknowledgments")
_OPENALEX_ID = re.compile(r"^(?:https?://openalex\.org/)?([WAIFGwaifg]\d+)$")
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})$")
_ORCID = re.compile(r"^(?:orcid:|https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------- records


def records(ctx: JobContext) -> Iterator[RawRecord]:
    if ctx.file is not None:
        yield from _file_records(ctx)
    else:
        yield from _api_records(ctx)


def request_params(ctx: JobContext) -> dict[str, str]:
    """The /works parameters of the first page (without `cursor`), from ctx.query, ctx.since and the environment."""
    unknown = sorted(set(ctx.query) - set(QUERY_KEYS))
    if unknown:
        raise SourceError(f"openalex: unknown query keys {', '.join(unknown)} (accepted: {', '.join(QUERY_KEYS)})")
    filters: list[str] = []
    institution = ctx.query.get("institution")
    if institution:
        filters.append(_institution_filter(institution.strip()))
    funder = ctx.query.get("funder")
    if funder:
        funder_id = short_id(funder.strip())
        if funder_id is None or not funder_id.startswith("F"):
            raise SourceError(f"openalex: funder must be an OpenAlex funder id such as F4320306076, got {funder!r}")
        filters.append(f"funders.id:{funder_id}")
    author = ctx.query.get("author")
    if author:
        filters.append(_author_filter(author.strip()))
    settings = get_settings()
    api_key = settings.openalex_api_key.get_secret_value().strip()
    for key in ("from_publication_date", "to_publication_date"):
        value = ctx.query.get(key)
        if value:
            if not _DATE.match(value):
                raise SourceError(f"openalex: {key} must be YYYY-MM-DD, got {value!r}")
            filters.append(f"{key}:{value}")
    if ctx.since:
        since = ctx.since[:10]
        if re.fullmatch(r"\d{4}", since):  # `--since 2021`: a year means from its first day
            since = f"{since}-01-01"
        if api_key:
            filters.append(f"from_updated_date:{since}")  # Premium only, per the OpenAlex filter documentation
        elif not ctx.query.get("from_publication_date"):
            filters.append(f"from_publication_date:{since}")
    params: dict[str, str] = {"per-page": str(PER_PAGE)}
    if filters:
        params["filter"] = ",".join(filters)
    if ctx.query.get("search"):
        params["search"] = ctx.query["search"]
    mailto = ctx.query.get("mailto") or settings.openalex_mailto.strip()
    if mailto:
        params["mailto"] = mailto
    if api_key:
        params["api_key"] = api_key
    return params


def _institution_filter(value: str) -> str:
    ror = _ROR.match(value)
    if ror:
        return f"authorships.institutions.ror:{ror.group(1)}"
    openalex_id = short_id(value)
    if openalex_id is not None and openalex_id.startswith("I"):
        return f"authorships.institutions.id:{openalex_id}"
    raise SourceError(
        f"openalex: institution must be an OpenAlex institution id (I27837315) or a ROR id (00jmfr291), got {value!r}"
    )


def _author_filter(value: str) -> str:
    orcid = _ORCID.match(value)
    if orcid:
        return f"author.orcid:{orcid.group(1).upper()}"
    openalex_id = short_id(value.removeprefix("openalex:"))
    if openalex_id is not None and openalex_id.startswith("A"):
        return f"author.id:{openalex_id}"
    raise SourceError(
        f"openalex: author must be an ORCID (0000-0002-1825-0097) or an OpenAlex author id (A5023888391), got {value!r}"
    )


def _api_records(ctx: JobContext) -> Iterator[RawRecord]:
    fetcher = ctx.fetcher()
    base = request_params(ctx)
    cursor = "*"
    while True:
        page = fetcher.get_json(WORKS_URL, {**base, "cursor": cursor})
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise SourceError(f"openalex: GET /works (cursor {cursor}) did not answer with meta and results")
        results: list[Any] = page["results"]
        for number, work in enumerate(results, start=1):
            yield _record(f"GET /works?cursor={cursor}#{number}", work)
        meta = page.get("meta") if isinstance(page.get("meta"), dict) else {}
        next_cursor = meta.get("next_cursor") if meta else None
        if not results or not next_cursor or next_cursor == cursor:
            return
        cursor = str(next_cursor)


def _record(location: str, work: Any) -> RawRecord:
    if not isinstance(work, dict):
        return RawRecord(location, {}, error=f"expected a work object, got {type(work).__name__}")
    wid = short_id(str(work.get("id") or ""))
    return RawRecord(location, work, source_id=wid, source_url=f"https://openalex.org/{wid}" if wid else None)


def _file_records(ctx: JobContext) -> Iterator[RawRecord]:
    assert ctx.file is not None
    name = ctx.file.name
    if _is_document(ctx):
        document = json_document(ctx.file, ctx.encoding)
        if isinstance(document, dict) and isinstance(document.get("results"), list):
            works: list[Any] = document["results"]
        elif isinstance(document, list):
            works = document
        elif isinstance(document, dict) and "id" in document:
            works = [document]  # a saved single-work response (GET /works/W...)
        else:
            raise SourceError(f"{ctx.file}: expected a /works response with results, or JSON lines of works")
        for number, work in enumerate(works, start=1):
            yield _record(f"{name}:results[{number - 1}]", work)
        return
    for number, value in json_lines(ctx.file, ctx.encoding):
        location = f"{name}:line {number}"
        if isinstance(value, RecordRejected):
            yield RawRecord(location, {}, error=str(value))
        else:
            yield _record(location, value)


def _is_document(ctx: JobContext) -> bool:
    """A saved response (one JSON document) rather than JSON lines: its first line is not a whole work object."""
    assert ctx.file is not None
    with open_text(ctx.file, ctx.encoding) as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            return False  # json_lines names the encoding problem
    try:
        value = json.loads(first)
    except ValueError:
        return True  # a pretty-printed document spans several lines
    return not (isinstance(value, dict) and "results" not in value)


# ---------------------------------------------------------------------------------------------- normalize


def short_id(value: str) -> str | None:
    """`https://openalex.org/W2741809807` or `W2741809807` -> `W2741809807`."""
    match = _OPENALEX_ID.match(value.strip())
    return match.group(1).upper() if match else None


def strip_prefix(value: Any, prefix: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    return text[len(prefix) :] if text.lower().startswith(prefix) else text


def node_id(openalex_id: str) -> str:
    return make_id("openalex", openalex_id)


def normalize(ctx: JobContext, record: RawRecord) -> Items:
    data = dict(record.data)
    wid = short_id(str(data.pop("id", "") or ""))
    if wid is None or not wid.startswith("W"):
        raise RecordRejected("work without an OpenAlex work id (W...)")
    prov = ctx.provenance(wid, f"https://openalex.org/{wid}")
    title = data.pop("title", None) or data.get("display_name")
    date = data.pop("publication_date", None)
    year = data.pop("publication_year", None)
    publication = Entity(
        node_id(wid),
        Label.PUBLICATION,
        prov,
        {
            "openalex": wid,
            "doi": strip_prefix(data.pop("doi", None), "https://doi.org/"),
            "title": title,
            "year": year if isinstance(year, int) else None,
            "date": date if isinstance(date, str) and date else None,
        },
    )
    items: dict[str, Entity | Relation] = {publication.id: publication}
    for authorship in data.pop("authorships", None) or []:
        _authorship(ctx, wid, publication, authorship, prov, items)
    ack_text = next((data.pop(k) for k in ACK_TEXT_FIELDS if isinstance(data.get(k), str) and data.get(k)), None)
    _funding(ctx, wid, publication, data, ack_text, prov, items)
    for key in IGNORED_WORK_FIELDS:
        data.pop(key, None)
    ctx.audit(data, "work")
    return list(items.values())


def _authorship(
    ctx: JobContext, wid: str, publication: Entity, authorship: Any, prov: Provenance, items: dict[str, Any]
) -> None:
    if not isinstance(authorship, dict):
        ctx.audit(["authorship:not an object"])
        return
    authorship = dict(authorship)
    author = dict(authorship.pop("author", None) or {})
    institutions = authorship.pop("institutions", None) or []
    for key in (
        "author_position", "countries", "is_corresponding", "raw_author_name", "raw_affiliation_strings",
        "raw_affiliation_string", "affiliations",
    ):  # fmt: skip
        authorship.pop(key, None)
    ctx.audit(authorship, "authorship")
    aid = short_id(str(author.pop("id", "") or ""))
    person: Entity | None = None
    if aid is not None and aid.startswith("A"):
        person = Entity(
            node_id(aid),
            Label.PERSON,
            prov,
            {
                "openalex": aid,
                "name": author.pop("display_name", None),
                "orcid": strip_prefix(author.pop("orcid", None), "https://orcid.org/"),
            },
        )
        items[person.id] = person
        rid = make_id("openalex", wid, "author", aid)
        items[rid] = Relation(rid, Rel.AUTHORED, person.id, Label.PERSON, publication.id, Label.PUBLICATION, prov)
    else:
        ctx.audit(["authorship:author without an id"])
    ctx.audit({k: v for k, v in author.items() if k not in ("display_name", "orcid")}, "author")
    for institution in institutions:
        org = _institution(ctx, institution, prov)
        if org is None:
            continue
        items[org.id] = org
        iid = org.props["openalex"]
        rid = make_id("openalex", wid, "institution", iid)
        items[rid] = Relation(rid, Rel.AUTHORED, org.id, Label.ORGANIZATION, publication.id, Label.PUBLICATION, prov)
        if person is not None:
            rid = make_id("openalex", wid, "affiliation", person.props["openalex"], iid)
            items[rid] = Relation(
                rid,
                Rel.AFFILIATED_WITH,
                person.id,
                Label.PERSON,
                org.id,
                Label.ORGANIZATION,
                prov,
                {"validFrom": publication.props.get("date")},
            )


def _institution(ctx: JobContext, institution: Any, prov: Provenance) -> Entity | None:
    if not isinstance(institution, dict):
        ctx.audit(["institution:not an object"])
        return None
    institution = dict(institution)
    iid = short_id(str(institution.pop("id", "") or ""))
    if iid is None or not iid.startswith("I"):
        ctx.audit(["institution:without an id"])  # raw affiliation strings OpenAlex could not match
        return None
    name = institution.pop("display_name", None)
    kind = institution_kind(str(institution.pop("type", None) or ""), name if isinstance(name, str) else None)
    country = institution.pop("country_code", None)
    entity = Entity(
        node_id(iid),
        Label.ORGANIZATION,
        prov,
        {
            "openalex": iid,
            "name": name,
            "ror": strip_prefix(institution.pop("ror", None), "https://ror.org/"),
            "country": country.upper() if isinstance(country, str) and len(country) == 2 else None,
            "kind": kind.value,
        },
    )
    institution.pop("lineage", None)
    ctx.audit(institution, "institution")
    return entity


def _funding(
    ctx: JobContext,
    wid: str,
    publication: Entity,
    data: dict[str, Any],
    evidence: str | None,
    prov: Provenance,
    items: dict[str, Any],
) -> None:
    """grants[] (the older shape) and awards[] + funders[] (the shape that replaced it)."""
    acknowledged: set[str] = set()

    def acknowledge(fid: str | None, name: Any, award_id: Any, extra: dict[str, Any] | None = None) -> None:
        funder_id = short_id(fid or "")
        if funder_id is None or not funder_id.startswith("F"):
            ctx.audit(["funding:funder without an id"])
            return
        attrs = {"openalex": funder_id, "name": name, "kind": OrgKind.FUNDER.value, **(extra or {})}
        existing = items.get(node_id(funder_id))
        if isinstance(existing, Entity):  # keep what an earlier mention (e.g. funders[]) knew
            attrs = {**existing.props, **{k: v for k, v in attrs.items() if v is not None}}
        funder = Entity(node_id(funder_id), Label.ORGANIZATION, prov, attrs)
        items[funder.id] = funder
        award = str(award_id).strip() if award_id is not None and str(award_id).strip() else None
        rid = make_id("openalex", wid, "acknowledges", funder_id, award)
        items[rid] = Relation(
            rid,
            Rel.ACKNOWLEDGES,
            publication.id,
            Label.PUBLICATION,
            funder.id,
            Label.ORGANIZATION,
            prov,
            {"awardId": award, "evidence": evidence},
        )
        acknowledged.add(funder_id)

    funders = data.pop("funders", None) or []
    known: dict[str, dict[str, Any]] = {}
    for funder in funders:
        if isinstance(funder, dict):
            funder = dict(funder)
            fid = short_id(str(funder.pop("id", "") or ""))
            country = funder.pop("country_code", None)
            if fid is not None:
                known[fid] = {
                    "name": funder.pop("display_name", None),
                    "ror": strip_prefix(funder.pop("ror", None), "https://ror.org/"),
                    "country": country.upper() if isinstance(country, str) and len(country) == 2 else None,
                }
            funder.pop("doi", None)
            ctx.audit(funder, "funder")
    # The two funding shapes OpenAlex has published: `grants` (older) and `awards` (newer), same meaning.
    shapes = (
        ("grants", "funder", "award_id", (), "grant"),
        ("awards", "funder_id", "funder_award_id", ("id", "display_name", "doi"), "award"),
    )
    for field, funder_key, award_key, unused, where in shapes:
        for item in data.pop(field, None) or []:
            if not isinstance(item, dict):
                continue
            item = dict(item)
            fid = str(item.pop(funder_key, "") or "")
            info = known.get(short_id(fid) or "", {})
            name = item.pop("funder_display_name", None) or info.get("name")
            acknowledge(fid, name, item.pop(award_key, None), {k: v for k, v in info.items() if k != "name"})
            for key in unused:
                item.pop(key, None)
            ctx.audit(item, where)
    for fid, info in known.items():
        if fid not in acknowledged:  # a funder named without any award
            acknowledge(fid, info.get("name"), None, {k: v for k, v in info.items() if k != "name"})
