"""Researcher due diligence: a person's appointments, funding, co-authorships with listed institutions and equipment
received by their unit, judged against a funder's decision rules (queries/rules/*.yml).

`review(store, "orcid:0000-0002-...", ruleset, as_of)` finds the researcher's records (the Person, every Person with
the same ORCID, unrejected SAME_AS links), asks the graph four questions anchored at those people
(queries/researcher_*.cypher), turns the rows into facts, and `evaluate` (pure) says, per rule, which facts meet it
within its date window. The overall action is the most severe one any rule reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import fingerprints

import queries
from graph.errors import NotFound, QueryError
from graph.ids import make_id
from graph.store import GraphStore
from queries.decision_rules import Action, Factor, Rule, RuleSet, most_severe
from queries.researcher_answers import (
    AffiliationSpan,
    Fact,
    FactKind,
    Finding,
    ListingRef,
    OrgRef,
    PersonRef,
    PublicationRef,
    RecordRef,
    ResearcherReview,
    SourceRef,
)

_ORCID = re.compile(r"^(?:orcid:|https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_OPENALEX_AUTHOR = re.compile(r"^(?:openalex:|https?://openalex\.org/)?([Aa]\d+)$")
_CAMEL = re.compile(r"[A-Z]")
_WORD = re.compile(r"[a-z0-9]+")
MAX_NAMESAKES = 20_000  # people sharing the researcher's organizations that are read to find their other records
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

FACTOR_KINDS: Mapping[Factor, tuple[FactKind, ...]] = {
    Factor.COAUTHORSHIP: (FactKind.COAUTHORSHIP,),
    Factor.APPOINTMENT: (FactKind.APPOINTMENT,),
    Factor.FUNDING: (FactKind.FUNDING,),
    Factor.TALENT_PROGRAM: (FactKind.APPOINTMENT, FactKind.FUNDING),
    Factor.EQUIPMENT: (FactKind.EQUIPMENT,),
}

LIMITATIONS = (
    "Public records show ties, not disclosure: the matrices weigh whether a tie was disclosed, which no public "
    "record says, so every tie found is listed.",
    "OpenAlex dates an affiliation by the publication that shows it; when an appointment began or ended is unknown.",
    "Talent-program participation is seen only where a record ties the researcher to a program a list names "
    "(the Section 1286 list's Table 2).",
    "An institution counts as listed when it, a record linked to it by an unrejected SAME_AS judgement, or an "
    "organization it is a unit of (ROR parent/child, up to 3 steps up) is listed; units of a listed organization's "
    "siblings do not count, and each listing shows the path it was reached by.",
)


# ------------------------------------------------------------------------------------------------ who


def person_ref(text: str) -> tuple[str | None, str | None]:
    """A user's reference -> (node id or None, ORCID or None): `orcid:0000-...`, a bare ORCID, an ORCID URL,
    `A123` / `openalex:A123` / an OpenAlex author URL (the openalex source's node id), or a node id."""
    value = text.strip()
    if not value:
        raise QueryError(
            "a researcher reference is empty: give a node id, orcid:0000-0000-0000-0000 or an OpenAlex A id"
        )
    orcid = _ORCID.match(value)
    if orcid:
        return None, orcid.group(1).upper()
    author = _OPENALEX_AUTHOR.match(value)
    if author:
        return make_id("openalex", author.group(1).upper()), None
    return value, None


def name_key(name: str | None) -> frozenset[str]:
    """A person's name as a set of words, transliterated, initials dropped: "Larivière, Vincent" and "VINCENT
    LARIVIERE" are one key; "Jevin D. West" and "Jevin West" too."""
    ascii_name = fingerprints.clean_name_ascii(name or "") or ""
    return frozenset(word for word in _WORD.findall(ascii_name.lower()) if len(word) > 1)


def records(store: GraphStore, text: str) -> list[RecordRef]:
    """The researcher's records: by id, by ORCID, by unrejected SAME_AS, then namesakes at a shared organization
    (an NIH or NSF investigator record carries a name and an institution, no ORCID)."""
    node_id, orcid = person_ref(text)
    rows = store.run(queries.load("researcher_records"), {"id": node_id or "", "orcid": orcid})
    if not rows:
        raise NotFound(
            f"no researcher {text!r} in the graph (ingest their works: tietrace ingest openalex --query author=...)"
        )
    found = [RecordRef(**_snake(row)) for row in rows]
    if node_id is not None:  # the record asked for first
        found.sort(key=lambda r: r.id != node_id)
    orcids = {r.orcid for r in found if r.orcid}
    for record in found:
        record.via = "id" if record.id == node_id else "orcid" if record.orcid and record.orcid in orcids else "same_as"
    key = name_key(found[0].name)
    seen = {r.id for r in found}
    params = {"ids": sorted(seen), "maxRows": MAX_NAMESAKES}
    for row in store.run(queries.load("researcher_namesakes"), params):
        other = row.get("orcid")
        if row["id"] in seen or len(key) < 2 or name_key(row.get("name")) != key or (other and other not in orcids):
            continue  # a different name, a one-word name, or another ORCID: not taken as the researcher
        seen.add(row["id"])
        found.append(RecordRef(**_snake({k: v for k, v in row.items() if k != "orgId"}), via="name_affiliation"))
    return found


# ------------------------------------------------------------------------------------------------ facts


def _listings(rows: Iterable[Mapping[str, Any]]) -> list[ListingRef]:
    """One listing per (listed record, list, program); a direct listing wins over the same one reached as a unit,
    and a shorter path over a longer one (the nearest evidence is shown)."""
    seen: dict[tuple[str, str, str | None], ListingRef] = {}
    for row in rows:
        listing = ListingRef(**_snake(row))
        key = (listing.listed, listing.watchlist, listing.program)
        kept = seen.get(key)
        if kept is None or _nearness(listing) < _nearness(kept):
            seen[key] = listing
    return list(seen.values())


def _nearness(listing: ListingRef) -> tuple[bool, int]:
    return listing.through != "listed", len(listing.path)


def _snake(row: Mapping[str, Any]) -> dict[str, Any]:
    """Cypher columns are camelCase like graph properties; answer fields are snake_case like the other answers."""
    return {_CAMEL.sub(lambda m: "_" + m.group(0).lower(), key): value for key, value in row.items()}


def _org(row: Mapping[str, Any]) -> OrgRef:
    return OrgRef(id=row["orgId"], name=row.get("orgName"), country=row.get("country"), kind=row.get("orgKind"))


def _source(row: Mapping[str, Any]) -> list[SourceRef]:
    return [SourceRef(dataset=row.get("dataset"), source_id=row.get("sourceId"), source_url=row.get("sourceUrl"))]


def facts(store: GraphStore, ids: list[str]) -> list[Fact]:
    params = {"ids": ids}
    out: list[Fact] = []
    for row in store.run(queries.load("researcher_affiliations"), params):
        out.append(_org_fact(FactKind.APPOINTMENT, row, award_id=row.get("awardId")))
    for row in store.run(queries.load("researcher_funding"), params):
        publication = PublicationRef(id=row["via"], doi=row.get("doi")) if row["kind"] == "acknowledgement" else None
        out.append(_org_fact(FactKind.FUNDING, row, publication=publication, award_id=row.get("awardId")))
    for row in store.run(queries.load("researcher_coauthorships"), params):
        out.append(
            Fact(
                kind=FactKind.COAUTHORSHIP,
                detail="coauthorship",
                date=row.get("date") or (str(row["year"]) if row.get("year") else None),
                organization=OrgRef(id=row["orgId"], name=row.get("orgName"), country=row.get("country")),
                listings=_listings(row["listings"]),
                publication=PublicationRef(
                    id=row["publicationId"],
                    doi=row.get("doi"),
                    title=row.get("title"),
                    year=row.get("year"),
                    date=row.get("date"),
                ),
                coauthor=PersonRef(id=row["coauthorId"], name=row.get("coauthorName"), orcid=row.get("coauthorOrcid")),
                sources=_source(row),
            )
        )
    for row in store.run(queries.load("researcher_equipment"), params):
        out.append(_org_fact(FactKind.EQUIPMENT, row, item=row.get("item")))
    return out


def _org_fact(kind: FactKind, row: dict[str, Any], **details: Any) -> Fact:
    """A fact about one organization of the researcher's records (appointment, funding, equipment): the row's kind,
    date, organization, its listings and sources, and what is particular to the kind."""
    return Fact(
        kind=kind,
        detail=row["kind"],
        date=row.get("date"),
        organization=_org(row),
        listings=_listings(row["listings"]),
        sources=_source(row),
        **details,
    )


# ------------------------------------------------------------------------------------------------ rules (pure)


def date_range(text: str | None) -> tuple[date, date] | None:
    """`2024` -> (2024-01-01, 2024-12-31); `2024-03` -> that month; `2024-03-05...` -> that day; else None."""
    match = _DAY.match(text or "")
    if not match:
        return None
    year = int(match.group(1))
    if match.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match.group(2))
    if match.group(3) is None:
        end = date(year + (month == 12), month % 12 + 1, 1)
        return date(year, month, 1), date.fromordinal(end.toordinal() - 1)
    day = date(year, month, int(match.group(3)))
    return day, day


def in_window(rule: Rule, fact: Fact, as_of: date) -> bool:
    """The fact may fall in the window: an undated fact, or a year, that overlaps the window counts (a reviewer
    sees it rather than never)."""
    span = date_range(fact.date)
    if span is None:
        return True
    low, high = span
    window = rule.window
    if low > as_of or high < window.start(as_of):
        return False
    return window.before is None or low < window.before


def matching_listings(rule: Rule, fact: Fact, as_of: date) -> list[ListingRef]:
    """The fact's listings on a list the rule counts, not ended before the review date."""
    needle = (rule.listing_reason_contains or "").lower()
    found: list[ListingRef] = []
    for listing in fact.listings:
        if listing.list_id not in rule.lists:
            continue
        ended = date_range(listing.valid_to)
        if ended is not None and ended[1] < as_of:
            continue
        if (
            needle
            and needle not in " ".join(filter(None, (listing.reason, listing.program, listing.listed_name))).lower()
        ):
            continue
        found.append(listing)
    return found


def meets(rule: Rule, fact: Fact, as_of: date) -> bool:
    if fact.kind not in FACTOR_KINDS[rule.factor] or not in_window(rule, fact, as_of):
        return False
    if matching_listings(rule, fact, as_of):
        return True
    return rule.listing_reason_contains is None and fact.organization.country in rule.countries


def evaluate(ruleset: RuleSet, all_facts: list[Fact], as_of: date) -> list[Finding]:
    findings: list[Finding] = []
    for rule in ruleset.rules:
        met = [fact for fact in all_facts if meets(rule, fact, as_of)]
        findings.append(
            Finding(
                rule=rule.id,
                factor=rule.factor,
                action=rule.action if met else Action.NONE,
                rule_action=rule.action,
                window=rule.window.describe(as_of),
                lists=rule.lists,
                countries=rule.countries,
                citation=rule.citation,
                note=rule.note,
                facts=met,
            )
        )
    return findings


def timeline(all_facts: list[Fact]) -> list[AffiliationSpan]:
    """Affiliations over time: per organization, the first and last dated evidence of an appointment."""
    spans: dict[str, AffiliationSpan] = {}
    for fact in all_facts:
        if fact.kind is not FactKind.APPOINTMENT:
            continue
        span = spans.setdefault(
            fact.organization.id, AffiliationSpan(organization=fact.organization, evidence=0, listed=False)
        )
        span.evidence += 1
        span.listed = span.listed or bool(fact.listings)
        if fact.date:
            day = fact.date[:10]
            span.first = min(span.first or day, day)
            span.last = max(span.last or day, day)
    return sorted(spans.values(), key=lambda s: (s.first or "9999", s.organization.id))


def review(store: GraphStore, text: str, ruleset: RuleSet, as_of: date) -> ResearcherReview:
    found = records(store, text)
    ids = [r.id for r in found]
    all_facts = facts(store, ids)
    findings = evaluate(ruleset, all_facts, as_of)
    limitations = list(LIMITATIONS)
    effective = ruleset.document.effective
    if effective is not None and as_of < effective:
        limitations.insert(0, f"The review date {as_of} is before {ruleset.name} took effect ({effective}).")
    counts = {kind.value: sum(1 for f in all_facts if f.kind is kind) for kind in FactKind}
    return ResearcherReview(
        person=found[0],
        records=found,
        rule_set=ruleset.name,
        rule_set_title=ruleset.title,
        document=ruleset.document.url,
        as_of=as_of,
        overall=most_severe([f.action for f in findings]),
        findings=findings,
        timeline=timeline(all_facts),
        counts=counts,
        limitations=limitations,
    )
