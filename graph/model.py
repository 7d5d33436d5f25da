"""The graph model as code: the one source of truth for labels, relationship types and property names.

Ingest jobs, queries, the API and the Cypher linter all import these names, so a label or property that is
not declared here cannot reach the graph. Nothing in this module does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final


class Label(StrEnum):
    """Node labels (FtM-style: PascalCase, singular)."""

    ORGANIZATION = "Organization"
    PERSON = "Person"
    GRANT = "Grant"
    PUBLICATION = "Publication"
    GIFT = "Gift"
    WATCHLIST = "Watchlist"


class Rel(StrEnum):
    """Relationship types (UPPER_SNAKE verbs)."""

    OWNS = "OWNS"  # equity ownership, exact share or a published range
    CONTROLS = "CONTROLS"  # control without equity: board seats, votes, golden share, consolidation, founding
    FUNDS = "FUNDS"  # funder -> grant
    AWARDED_TO = "AWARDED_TO"  # grant -> recipient
    AUTHORED = "AUTHORED"  # person or institution -> publication
    AFFILIATED_WITH = "AFFILIATED_WITH"  # person -> organization
    ACKNOWLEDGES = "ACKNOWLEDGES"  # publication -> funder or grant named in its funding acknowledgement
    GAVE = "GAVE"  # donor -> gift (monetary gift, contract, in-kind or equipment donation)
    GIVEN_TO = "GIVEN_TO"  # gift -> recipient
    SUPPLIED_BY = "SUPPLIED_BY"  # gift (equipment) -> vendor
    LISTED_ON = "LISTED_ON"  # organization or person -> watchlist
    SAME_AS = "SAME_AS"  # an explained resolution judgement between two records of one real entity
    # ROR: how research organizations hang together, besides ownership and control
    PART_OF = "PART_OF"  # a unit (lab, institute, campus, hospital) -> the organization it belongs to
    RELATED_TO = "RELATED_TO"  # organization <-> organization ROR calls related (stored once, either direction)
    SUCCEEDED_BY = "SUCCEEDED_BY"  # predecessor -> successor (a merger, split or replacement ROR records)


class OrgKind(StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    HOSPITAL = "hospital"
    GOVERNMENT = "government"
    FUNDER = "funder"
    NONPROFIT = "nonprofit"
    FACILITY = "facility"  # a research facility, laboratory or station (ROR / OpenAlex type)
    ARCHIVE = "archive"  # a museum, library or archive (ROR / OpenAlex type)
    OTHER = "other"


class ControlType(StrEnum):
    BOARD_SEATS = "board_seats"
    VOTING_RIGHTS = "voting_rights"
    GOLDEN_SHARE = "golden_share"
    ACCOUNTING_CONSOLIDATION = "accounting_consolidation"
    ESTABLISHED_BY = "established_by"
    OTHER = "other"


class GiftType(StrEnum):
    MONETARY = "monetary"
    CONTRACT = "contract"
    IN_KIND = "in_kind"
    EQUIPMENT = "equipment"


class Prop(StrEnum):
    """Property keys (camelCase). Every key written to the graph is one of these."""

    # identity and provenance, on every node and relationship
    ID = "id"
    DATASET = "dataset"
    SOURCE_ID = "sourceId"
    SOURCE_URL = "sourceUrl"
    RETRIEVED_AT = "retrievedAt"
    VALID_FROM = "validFrom"
    VALID_TO = "validTo"
    FIRST_SEEN = "firstSeen"
    LAST_SEEN = "lastSeen"
    # names
    NAME = "name"
    NAME_NORM = "nameNorm"
    ALIASES = "aliases"
    PREVIOUS_NAMES = "previousNames"  # former names (FtM previousName, ROR predecessors): "Previously", never the name
    # abbreviations a source publishes (ROR acronyms, FtM weakAlias, list aliases such as AVIC): matched only as
    # whole names, and never alone when several organizations share one
    ACRONYMS = "acronyms"
    COUNTRY = "country"
    # how a source's country was read when the source's own usage decided it ("KOREA" is KR in Section 117)
    COUNTRY_NOTE = "countryNote"
    KIND = "kind"
    # identifiers (flat properties: Neo4j stores no maps on nodes)
    LEI = "lei"
    ROR = "ror"
    GRID = "grid"
    OPENALEX = "openalex"
    WIKIDATA = "wikidata"
    ISNI = "isni"
    UEI = "uei"
    DUNS = "duns"
    REGISTRY_ID = "registryId"
    ORCID = "orcid"
    DOI = "doi"
    # grants, gifts, publications
    TITLE = "title"
    AWARD_ID = "awardId"
    PROGRAM = "program"
    AMOUNT = "amount"
    CURRENCY = "currency"
    START_DATE = "startDate"
    END_DATE = "endDate"
    DATE = "date"
    YEAR = "year"
    GIFT_TYPE = "giftType"
    ITEM = "item"
    VENDOR = "vendor"
    MODEL = "model"
    CONDITIONS = "conditions"
    DESCRIPTION = "description"
    # watchlists and listings
    AUTHORITY = "authority"
    REASON = "reason"
    LIST_ID = "listId"  # the list catalogue's id (graph/lists.yml) on a Watchlist node and on each LISTED_ON
    SNAPSHOT = "snapshot"  # on a Watchlist: the publication its copy was taken from ("as published on ...")
    # ownership and control
    SHARE_PCT = "sharePct"
    SHARE_MIN = "shareMin"
    SHARE_MAX = "shareMax"
    CONTROL_TYPE = "controlType"
    ROLE = "role"
    # funding acknowledgements and resolution judgements
    EVIDENCE = "evidence"
    SCORE = "score"
    METHOD = "method"
    DECIDED_AT = "decidedAt"
    DECIDED_BY = "decidedBy"
    JUDGEMENT = "judgement"
    # GLEIF statuses
    ENTITY_STATUS = "entityStatus"  # GLEIF Entity.EntityStatus: ACTIVE, INACTIVE, NULL
    REGISTRATION_STATUS = "registrationStatus"  # LEI or relationship registration: ISSUED, LAPSED, ANNULLED, ...
    RELATIONSHIP_STATUS = "relationshipStatus"  # GLEIF RelationshipStatus of a CONTROLS: ACTIVE, INACTIVE
    # reporting exceptions: why GLEIF reports no parent, per category (reasons are a list, e.g. ["NON_PUBLIC"])
    DIRECT_PARENT_EXCEPTION_REASONS = "directParentExceptionReasons"
    DIRECT_PARENT_EXCEPTION_REFERENCE = "directParentExceptionReference"
    DIRECT_PARENT_EXCEPTION_AS_OF = "directParentExceptionAsOf"
    ULTIMATE_PARENT_EXCEPTION_REASONS = "ultimateParentExceptionReasons"
    ULTIMATE_PARENT_EXCEPTION_REFERENCE = "ultimateParentExceptionReference"
    ULTIMATE_PARENT_EXCEPTION_AS_OF = "ultimateParentExceptionAsOf"
    # ROR (ingest/sources/ror.py)
    LANG_NAMES = "langNames"  # names ROR tags with a language, as "iso639:name" (e.g. "zh:哈尔滨工业大学")
    FUNDREF = "fundref"  # Crossref Funder Registry id (digits, e.g. 501100003472)
    STATUS = "status"  # ROR record status: active, inactive (ceased) or withdrawn (duplicate or error)
    ROR_TYPES = "rorTypes"  # ROR's organization types as published (education, funder, facility, ...)


# Identifier schemes a user may write as `scheme:value`, mapped to the property that holds them.
IDENTIFIER_PROPS: Final[Mapping[str, Prop]] = {
    "lei": Prop.LEI,
    "ror": Prop.ROR,
    "grid": Prop.GRID,
    "openalex": Prop.OPENALEX,
    "wikidata": Prop.WIKIDATA,
    "isni": Prop.ISNI,
    "uei": Prop.UEI,
    "duns": Prop.DUNS,
    "registry": Prop.REGISTRY_ID,
    "orcid": Prop.ORCID,
    "doi": Prop.DOI,
}

PROVENANCE_PROPS: Final = (Prop.DATASET, Prop.SOURCE_ID, Prop.RETRIEVED_AT)

# Which labels each relationship type may join. Upsert statements are generated per (type, start, end),
# so a relationship is always matched through an indexed label, never by scanning every node.
ENDPOINTS: Final[Mapping[Rel, tuple[tuple[Label, Label], ...]]] = {
    Rel.OWNS: ((Label.ORGANIZATION, Label.ORGANIZATION), (Label.PERSON, Label.ORGANIZATION)),
    Rel.CONTROLS: ((Label.ORGANIZATION, Label.ORGANIZATION), (Label.PERSON, Label.ORGANIZATION)),
    Rel.FUNDS: ((Label.ORGANIZATION, Label.GRANT),),
    Rel.AWARDED_TO: ((Label.GRANT, Label.ORGANIZATION), (Label.GRANT, Label.PERSON)),
    Rel.AUTHORED: ((Label.PERSON, Label.PUBLICATION), (Label.ORGANIZATION, Label.PUBLICATION)),
    Rel.AFFILIATED_WITH: ((Label.PERSON, Label.ORGANIZATION),),
    Rel.ACKNOWLEDGES: ((Label.PUBLICATION, Label.ORGANIZATION), (Label.PUBLICATION, Label.GRANT)),
    Rel.GAVE: ((Label.ORGANIZATION, Label.GIFT), (Label.PERSON, Label.GIFT)),
    Rel.GIVEN_TO: ((Label.GIFT, Label.ORGANIZATION), (Label.GIFT, Label.PERSON)),
    Rel.SUPPLIED_BY: ((Label.GIFT, Label.ORGANIZATION),),
    Rel.LISTED_ON: ((Label.ORGANIZATION, Label.WATCHLIST), (Label.PERSON, Label.WATCHLIST)),
    Rel.SAME_AS: ((Label.ORGANIZATION, Label.ORGANIZATION), (Label.PERSON, Label.PERSON)),
    # ROR
    Rel.PART_OF: ((Label.ORGANIZATION, Label.ORGANIZATION),),
    Rel.RELATED_TO: ((Label.ORGANIZATION, Label.ORGANIZATION),),
    Rel.SUCCEEDED_BY: ((Label.ORGANIZATION, Label.ORGANIZATION),),
}

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ALLOWED_VALUE_TYPES = (str, int, float, bool)


class ModelError(ValueError):
    """A record does not fit the graph model; the message names the field and the value."""


# Built once: _check_props runs for every entity and relation of every ingest, and rebuilding this set each time
# was two thirds of the normalisation time of a bulk OpenSanctions load.
_KNOWN_PROPS: Final = frozenset(p.value for p in Prop)


def _check_props(where: str, props: Mapping[str, Any]) -> None:
    for key, value in props.items():
        if key not in _KNOWN_PROPS:
            raise ModelError(f"{where}: unknown property {key!r} (declare it in graph.model.Prop)")
        if value is None:
            continue
        if isinstance(value, list):
            if not all(isinstance(v, _ALLOWED_VALUE_TYPES) for v in value):
                raise ModelError(f"{where}: property {key!r} holds a list of non-scalar values")
        elif not isinstance(value, _ALLOWED_VALUE_TYPES):
            raise ModelError(f"{where}: property {key!r} has unsupported type {type(value).__name__}")
    for key in (Prop.VALID_FROM, Prop.VALID_TO, Prop.START_DATE, Prop.END_DATE, Prop.DATE):
        value = props.get(key)
        if value is not None and not (isinstance(value, str) and _ISO_DATE.match(value)):
            raise ModelError(f"{where}: {key} must be an ISO date string, got {value!r}")
    country = props.get(Prop.COUNTRY)
    if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
        raise ModelError(f"{where}: country must be ISO 3166-1 alpha-2 in upper case, got {country!r}")
    for key in (Prop.SHARE_PCT, Prop.SHARE_MIN, Prop.SHARE_MAX):
        share = props.get(key)
        if share is not None and not (isinstance(share, int | float) and 0 <= share <= 100):
            raise ModelError(f"{where}: {key} must be a percentage between 0 and 100, got {share!r}")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: the dataset, the record in it, when it was retrieved, and a link if any."""

    dataset: str
    source_id: str
    retrieved_at: str
    source_url: str | None = None

    def as_props(self) -> dict[str, Any]:
        props: dict[str, Any] = {
            Prop.DATASET.value: self.dataset,
            Prop.SOURCE_ID.value: self.source_id,
            Prop.RETRIEVED_AT.value: self.retrieved_at,
        }
        if self.source_url is not None:
            props[Prop.SOURCE_URL.value] = self.source_url
        return props


@dataclass(frozen=True, slots=True)
class Entity:
    """A node to upsert: a stable id, one label, properties, and mandatory provenance.

    A placeholder is an endpoint a record names but does not describe (a parent known only by its LEI): it is
    created when missing and otherwise left alone, so it never overwrites the properties or the provenance that
    a fuller record of the same node wrote.
    """

    id: str
    label: Label
    provenance: Provenance
    props: Mapping[str, Any] = field(default_factory=dict)
    placeholder: bool = False

    def __post_init__(self) -> None:
        if not self.id:
            raise ModelError(f"{self.label}: empty id")
        _check_props(f"{self.label} {self.id}", self.props)

    def row(self) -> dict[str, Any]:
        props = {k: v for k, v in self.props.items() if v is not None and k != Prop.ID}
        props.update(self.provenance.as_props())
        return {"id": self.id, "props": props}


@dataclass(frozen=True, slots=True)
class Relation:
    """A relationship to upsert between two entities of known labels, with mandatory provenance."""

    id: str
    type: Rel
    start_id: str
    start_label: Label
    end_id: str
    end_label: Label
    provenance: Provenance
    props: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"{self.type} {self.id}"
        if not self.id or not self.start_id or not self.end_id:
            raise ModelError(f"{where}: empty id or endpoint")
        if (self.start_label, self.end_label) not in ENDPOINTS[self.type]:
            raise ModelError(f"{where}: {self.type} cannot join {self.start_label} to {self.end_label}")
        _check_props(where, self.props)
        lo, hi = self.props.get(Prop.SHARE_MIN), self.props.get(Prop.SHARE_MAX)
        if lo is not None and hi is not None and lo > hi:
            raise ModelError(f"{where}: shareMin {lo} is above shareMax {hi}")

    @property
    def endpoints(self) -> tuple[Label, Label]:
        return (self.start_label, self.end_label)

    def row(self) -> dict[str, Any]:
        props = {k: v for k, v in self.props.items() if v is not None and k != Prop.ID}
        props.update(self.provenance.as_props())
        return {"id": self.id, "src": self.start_id, "dst": self.end_id, "props": props}


# Keys of the row maps upsert statements UNWIND (Entity.row, Relation.row). Neo4j's linter cannot tell a map
# key from a property key, so they are declared beside the properties.
ROW_KEYS: Final = ("src", "dst", "props")


def schema_names() -> dict[str, list[str]]:
    """Labels, relationship types and property keys, in the shape the Cypher linter expects."""
    return {
        "labels": [label.value for label in Label],
        "relationshipTypes": [rel.value for rel in Rel],
        "propertyKeys": [prop.value for prop in Prop] + list(ROW_KEYS),
    }
