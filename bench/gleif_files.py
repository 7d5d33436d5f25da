"""Generated GLEIF golden-copy files for the scale benchmark: Level 1 (LEI-CDF), Level 2 relationships (RR-CDF) and
reporting exceptions, in the CSV shape file mode reads (every field quoted, CRLF, GLEIF's flattened column names).

The Level 1 header is the golden copy's full column list (LEI-CDF 3.1 flattened: five other names, five
transliterated names, legal and headquarters addresses, five other and five transliterated addresses, five legal
entity events of five affected fields each, successor entities, five other validation authorities, ...), as the
column names appear in public readers of the real file (e.g. the field aliases of a golden-copy reader on GitHub);
the RR header has five periods, five qualifiers and five quantifiers. Values are invented but shaped like GLEIF's:
ISO 17442 LEIs with valid check digits, ISO datetimes with and without offsets, GLEIF's status code lists.

Mix, per 1,000 entities (the golden copy's ~3 million entities and ~600,000 relationships are a ratio of 5:1):
- Registration status: ~66 % ISSUED, 28 % LAPSED, 3 % RETIRED, 1 % PENDING_TRANSFER/PENDING_ARCHIVAL, 1 %
  MERGED, 0.6 % ANNULLED, 0.4 % DUPLICATE; entity status 92 % ACTIVE, the rest INACTIVE with an expiration date.
- Corporate groups: a top parent with 1-8 children, a third of the children with children of their own (chains of up to
  four levels). Each child has an IS_DIRECTLY_CONSOLIDATED_BY row and an IS_ULTIMATELY_CONSOLIDATED_BY row to the
  top (GLEIF publishes both even when they name the same parent), plus some IS_INTERNATIONAL_BRANCH_OF rows; 5 %
  INACTIVE (half with a period end date, half without), 2 % registration RETIRED, 0.5 % ANNULLED; one to three periods
  (ACCOUNTING_PERIOD, RELATIONSHIP_PERIOD, DOCUMENT_FILING_PERIOD), sometimes two RELATIONSHIP_PERIODs out of order.
- Reporting exceptions: for a share of the entities without a parent (default 40 % of them), one row per category
  (direct and ultimate) with NATURAL_PERSONS, NON_CONSOLIDATING, NO_KNOWN_PERSON, NON_PUBLIC, ... as GLEIF lists them.

`expected` answers are recorded while generating, so the benchmark can check the graph afterwards.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

ADDRESS = (
    "xmllang",
    "FirstAddressLine",
    "AddressNumber",
    "AddressNumberWithinBuilding",
    "MailRouting",
    "AdditionalAddressLine.1",
    "AdditionalAddressLine.2",
    "AdditionalAddressLine.3",
    "City",
    "Region",
    "Country",
    "PostalCode",
)
EVENT = (
    "group_type",
    "event_status",
    "group_id",
    "group_sequence_no",
    "LegalEntityEventType",
    "LegalEntityEventEffectiveDate",
    "LegalEntityEventRecordedDate",
    "ValidationDocuments",
    "ValidationReference",
)
VALIDATION = ("ValidationAuthorityID", "OtherValidationAuthorityID", "ValidationAuthorityEntityID")


def level1_header() -> list[str]:
    columns = ["LEI", "Entity.LegalName", "Entity.LegalName.xmllang"]
    for n in range(1, 6):
        base = f"Entity.OtherEntityNames.OtherEntityName.{n}"
        columns += [base, base + ".xmllang", base + ".type"]
    for n in range(1, 6):
        base = f"Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.{n}"
        columns += [base, base + ".xmllang", base + ".type"]
    columns += [f"Entity.LegalAddress.{part}" for part in ADDRESS]
    columns += [f"Entity.HeadquartersAddress.{part}" for part in ADDRESS]
    for n in range(1, 6):
        columns += [f"Entity.OtherAddresses.OtherAddress.{n}.{part}" for part in ("type", *ADDRESS)]
    for n in range(1, 6):
        base = f"Entity.TransliteratedOtherAddresses.TransliteratedOtherAddress.{n}"
        columns += [f"{base}.{part}" for part in ("type", *ADDRESS)]
    columns += [
        "Entity.RegistrationAuthority.RegistrationAuthorityID",
        "Entity.RegistrationAuthority.OtherRegistrationAuthorityID",
        "Entity.RegistrationAuthority.RegistrationAuthorityEntityID",
        "Entity.LegalJurisdiction",
        "Entity.EntityCategory",
        "Entity.EntitySubCategory",
        "Entity.LegalForm.EntityLegalFormCode",
        "Entity.LegalForm.OtherLegalForm",
        "Entity.AssociatedEntity.type",
        "Entity.AssociatedEntity.AssociatedLEI",
        "Entity.AssociatedEntity.AssociatedEntityName",
        "Entity.AssociatedEntity.AssociatedEntityName.xmllang",
        "Entity.EntityStatus",
        "Entity.EntityCreationDate",
        "Entity.EntityExpirationDate",
        "Entity.EntityExpirationReason",
    ]
    for n in range(1, 6):
        columns += [f"Entity.SuccessorEntity.{n}.SuccessorLEI", f"Entity.SuccessorEntity.{n}.SuccessorEntityName"]
    for n in range(1, 6):
        base = f"Entity.LegalEntityEvents.LegalEntityEvent.{n}"
        columns += [f"{base}.{part}" for part in EVENT]
        for m in range(1, 6):
            columns += [f"{base}.AffectedFields.{m}.AffectedField", f"{base}.AffectedFields.{m}.field_xpath"]
    columns += [
        "Registration.InitialRegistrationDate",
        "Registration.LastUpdateDate",
        "Registration.RegistrationStatus",
        "Registration.NextRenewalDate",
        "Registration.ManagingLOU",
        "Registration.ValidationSources",
    ]
    columns += [f"Registration.ValidationAuthority.{part}" for part in VALIDATION]
    for n in range(1, 6):
        base = f"Registration.OtherValidationAuthorities.OtherValidationAuthority.{n}"
        columns += [f"{base}.{part}" for part in VALIDATION]
    columns.append("ConformityFlag")
    return columns


def rr_header() -> list[str]:
    columns = [
        "Relationship.StartNode.NodeID",
        "Relationship.StartNode.NodeIDType",
        "Relationship.EndNode.NodeID",
        "Relationship.EndNode.NodeIDType",
        "Relationship.RelationshipType",
        "Relationship.RelationshipStatus",
    ]
    for n in range(1, 6):
        columns += [f"Relationship.Period.{n}.{part}" for part in ("startDate", "endDate", "periodType")]
    for n in range(1, 6):
        columns += [f"Relationship.Qualifiers.{n}.{part}" for part in ("QualifierDimension", "QualifierCategory")]
    for n in range(1, 6):
        parts = ("MeasurementMethod", "QuantifierAmount", "QuantifierUnits")
        columns += [f"Relationship.Quantifiers.{n}.{part}" for part in parts]
    columns += [
        "Registration.InitialRegistrationDate",
        "Registration.LastUpdateDate",
        "Registration.RegistrationStatus",
        "Registration.NextRenewalDate",
        "Registration.ManagingLOU",
        "Registration.ValidationSources",
        "Registration.ValidationDocuments",
        "Registration.ValidationReference",
    ]
    return columns


REPEX_HEADER = ["LEI", "ExceptionCategory", "ExceptionReason", "ExceptionReference"]

REGISTRATION = (
    ("ISSUED", 660),
    ("LAPSED", 280),
    ("RETIRED", 30),
    ("PENDING_TRANSFER", 6),
    ("PENDING_ARCHIVAL", 4),
    ("MERGED", 10),
    ("ANNULLED", 6),
    ("DUPLICATE", 4),
)
COUNTRIES = (
    *(("US", "US-DE"), ("DE", "DE"), ("GB", "GB"), ("FR", "FR"), ("CN", "CN"), ("IT", "IT"), ("NL", "NL")),
    *(("JP", "JP"), ("SE", "SE"), ("LU", "LU"), ("CA", "CA-ON"), ("KY", "KY"), ("IE", "IE"), ("ES", "ES")),
)
WORDS = ("Nordic", "Atlas", "Harbor", "Meridian", "Sino", "Rhein", "Alpine", "Pacific", "Crown", "Delta", "Vertex")
FORMS = ("LLC", "GmbH", "Limited", "S.A.", "AB", "B.V.", "Co., Ltd.", "S.p.A.", "Inc.", "SE", "AS")
REASONS = (
    ("NATURAL_PERSONS", 40),
    ("NON_CONSOLIDATING", 35),
    ("NO_KNOWN_PERSON", 15),
    ("NON_PUBLIC", 8),
    ("BINDING_LEGAL_COMMITMENTS", 1),
    ("LEGAL_OBSTACLES", 1),
)
LOUS = ("5493001KJTIIGC8Y1R12", "529900F6BNUR3RJ2WH29", "EVK05KS7XY1DEII3R011", "506700LOLO7M6V0E4247")
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_lei(number: int, prefix: str = "9845") -> str:
    """An ISO 17442 LEI: a 4-character prefix, 14 characters from the number, two ISO 7064 MOD 97-10 check digits."""
    body, n = [], number
    for _ in range(14):
        n, digit = divmod(n, 36)
        body.append(_ALNUM[digit])
    base = prefix + "".join(reversed(body))
    check = 98 - int("".join(str(_ALNUM.index(c)) for c in base + "00")) % 97
    return f"{base}{check:02d}"


@dataclass
class Expected:
    """Answers the generated files imply, to check the graph against."""

    entities: int = 0
    relationships: int = 0
    exceptions: int = 0
    registration: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    chains: list[list[str]] = field(default_factory=list)  # child, direct parent, ..., top (all current, ISSUED)
    inactive_no_end: list[tuple[str, str, str]] = field(default_factory=list)  # child, parent, lastUpdate day
    annulled_parents: list[tuple[str, str]] = field(default_factory=list)  # (ANNULLED parent, its child in the file)
    exception_reasons: dict[str, str] = field(default_factory=dict)  # LEI -> direct reason, a sample


def _stamp(rng: random.Random, year_from: int, year_to: int) -> str:
    year, month, day = rng.randrange(year_from, year_to), rng.randrange(1, 13), rng.randrange(1, 29)
    if rng.random() < 0.5:
        return f"{year}-{month:02d}-{day:02d}T{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}:00.000Z"
    return f"{year}-{month:02d}-{day:02d}T00:00:00+02:00"


def _choose(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], [weight for _, weight in table])[0]


def write_level1(path: Path, entities: int, rng: random.Random, expected: Expected) -> list[str]:
    """Write the Level 1 file; returns each entity's registration status, by entity number."""
    header = level1_header()
    index = {name: i for i, name in enumerate(header)}
    statuses: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for number in range(entities):
            cells = [""] * len(header)
            country, jurisdiction = rng.choice(COUNTRIES)
            status = _choose(rng, REGISTRATION)
            statuses.append(status)
            expected.registration[status] = expected.registration.get(status, 0) + 1
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number} {rng.choice(FORMS)}"

            def put(column: str, value: str, cells: list[str] = cells) -> None:
                cells[index[column]] = value

            put("LEI", make_lei(number))
            put("Entity.LegalName", name)
            put("Entity.LegalName.xmllang", "en")
            if rng.random() < 0.12:
                put("Entity.OtherEntityNames.OtherEntityName.1", name.upper().replace(" ", "-", 1))
                put("Entity.OtherEntityNames.OtherEntityName.1.type", "PREVIOUS_LEGAL_NAME")
            if rng.random() < 0.03:
                put("Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.1", name.upper())
                put("Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.1.type", "AUTO_ASCII")
            for block in ("Entity.LegalAddress", "Entity.HeadquartersAddress"):
                put(f"{block}.xmllang", "en")
                put(f"{block}.FirstAddressLine", f"{rng.randrange(1, 400)} {rng.choice(WORDS)} Street")
                put(f"{block}.City", rng.choice(WORDS) + "burg")
                put(f"{block}.Region", jurisdiction if "-" in jurisdiction else "")
                put(f"{block}.Country", country)
                put(f"{block}.PostalCode", str(rng.randrange(10000, 99999)))
            put("Entity.RegistrationAuthority.RegistrationAuthorityID", f"RA000{rng.randrange(100, 999)}")
            put("Entity.RegistrationAuthority.RegistrationAuthorityEntityID", str(rng.randrange(10**6, 10**9)))
            put("Entity.LegalJurisdiction", jurisdiction)
            put("Entity.EntityCategory", "GENERAL" if rng.random() < 0.9 else "FUND")
            put("Entity.LegalForm.EntityLegalFormCode", "".join(rng.choices(_ALNUM[10:], k=4)))
            active = rng.random() < 0.92
            put("Entity.EntityStatus", "ACTIVE" if active else "INACTIVE")
            put("Entity.EntityCreationDate", _stamp(rng, 1950, 2024))
            if not active:
                put("Entity.EntityExpirationDate", _stamp(rng, 2015, 2025))
                put("Entity.EntityExpirationReason", rng.choice(("DISSOLVED", "CORPORATE_ACTION", "OTHER")))
            if status == "MERGED":
                put("Entity.SuccessorEntity.1.SuccessorLEI", make_lei(rng.randrange(entities)))
            put("Registration.InitialRegistrationDate", _stamp(rng, 2012, 2020))
            put("Registration.LastUpdateDate", _stamp(rng, 2021, 2025))
            put("Registration.RegistrationStatus", status)
            put("Registration.NextRenewalDate", _stamp(rng, 2024, 2027))
            put("Registration.ManagingLOU", rng.choice(LOUS))
            put("Registration.ValidationSources", rng.choice(("FULLY_CORROBORATED", "ENTITY_SUPPLIED_ONLY")))
            put("Registration.ValidationAuthority.ValidationAuthorityID", f"RA000{rng.randrange(100, 999)}")
            put("ConformityFlag", rng.choice(("CONFORMING", "NON_CONFORMING", "")))
            writer.writerow(cells)
    expected.entities = entities
    return statuses


def _periods(rng: random.Random) -> list[tuple[str, str, str]]:
    """Periods of one relationship (start, end, type); the current RELATIONSHIP_PERIOD is not always the last."""
    start = f"{rng.randrange(2000, 2021)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}T00:00:00Z"
    periods = [(start, "", "RELATIONSHIP_PERIOD")]
    if rng.random() < 0.7:
        periods.insert(0, ("2022-01-01T00:00:00Z", "2022-12-31T00:00:00Z", "ACCOUNTING_PERIOD"))
    if rng.random() < 0.2:
        periods.append(("2023-03-31T00:00:00Z", "", "DOCUMENT_FILING_PERIOD"))
    if rng.random() < 0.05:  # an older relationship period listed after the current one
        periods.append(("1998-01-01T00:00:00Z", "1999-12-31T00:00:00Z", "RELATIONSHIP_PERIOD"))
    return periods


def write_relationships(
    path: Path, statuses: list[str], relationships: int, rng: random.Random, expected: Expected
) -> set[int]:
    """Write the RR file with about `relationships` rows; returns the entity numbers that have a parent."""
    header = rr_header()
    index = {name: i for i, name in enumerate(header)}
    entities = len(statuses)
    children_wanted = max(1, relationships // 2)  # a direct and an ultimate row per child
    order = list(range(entities))
    rng.shuffle(order)
    cursor = 0
    with_parent: set[int] = set()
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)

        def row(child: int, parent: int, kind: str) -> bool:
            """Write one row; True when it is a current relationship (ACTIVE, registration not ended or void)."""
            nonlocal rows
            cells = [""] * len(header)

            def put(column: str, value: str) -> None:
                cells[index[column]] = value

            put("Relationship.StartNode.NodeID", make_lei(child))
            put("Relationship.StartNode.NodeIDType", "LEI")
            put("Relationship.EndNode.NodeID", make_lei(parent))
            put("Relationship.EndNode.NodeIDType", "LEI")
            put("Relationship.RelationshipType", kind)
            roll = rng.random()
            status, registration = "ACTIVE", "PUBLISHED"
            periods = _periods(rng)
            last_update = _stamp(rng, 2021, 2025)
            if roll < 0.025:
                status = "INACTIVE"
                periods = [(periods[-1][0], "2023-06-30T00:00:00Z", "RELATIONSHIP_PERIOD")]
            elif roll < 0.05:
                status = "INACTIVE"  # no end date: the record's last update is the latest day it can have ended
                void = statuses[child] in ("ANNULLED", "DUPLICATE") or statuses[parent] in ("ANNULLED", "DUPLICATE")
                if len(expected.inactive_no_end) < 50 and kind != "IS_ULTIMATELY_CONSOLIDATED_BY" and not void:
                    expected.inactive_no_end.append((make_lei(child), make_lei(parent), last_update[:10]))
                periods = [p for p in periods if p[2] != "RELATIONSHIP_PERIOD" or not p[1]]
            elif roll < 0.07:
                registration = "RETIRED"
            elif roll < 0.075:
                registration = "ANNULLED"
            elif roll < 0.15:
                registration = "LAPSED"
            put("Relationship.RelationshipStatus", status)
            for n, (start, end, kind_of) in enumerate(periods[:5], start=1):
                put(f"Relationship.Period.{n}.startDate", start)
                put(f"Relationship.Period.{n}.endDate", end)
                put(f"Relationship.Period.{n}.periodType", kind_of)
            put("Relationship.Qualifiers.1.QualifierDimension", "ACCOUNTING_STANDARD")
            standard = rng.choice(("IFRS", "US_GAAP", "OTHER_ACCOUNTING_STANDARD"))
            put("Relationship.Qualifiers.1.QualifierCategory", standard)
            put("Registration.InitialRegistrationDate", _stamp(rng, 2017, 2021))
            put("Registration.LastUpdateDate", last_update)
            put("Registration.RegistrationStatus", registration)
            put("Registration.NextRenewalDate", _stamp(rng, 2024, 2027))
            put("Registration.ManagingLOU", rng.choice(LOUS))
            put("Registration.ValidationSources", "FULLY_CORROBORATED")
            put("Registration.ValidationDocuments", rng.choice(("ACCOUNTS_FILING", "SUPPORTING_DOCUMENTS")))
            writer.writerow(cells)
            expected.types[kind] = expected.types.get(kind, 0) + 1
            rows += 1
            return status == "ACTIVE" and registration not in ("RETIRED", "ANNULLED")

        while len(with_parent) < children_wanted and cursor + 2 < entities:
            top = order[cursor]
            cursor += 1
            size = rng.randrange(1, 9)
            members: list[tuple[int, int]] = []  # (child, direct parent)
            for _ in range(size):
                if cursor >= entities:
                    break
                child = order[cursor]
                cursor += 1
                parents = [top] + [c for c, _ in members]
                parent = top if not members or rng.random() < 0.66 else rng.choice(parents[1:])
                members.append((child, parent))
            current: dict[int, int] = {}  # child -> its current direct parent, within this group
            for child, parent in members:
                with_parent.add(child)
                if row(child, parent, "IS_DIRECTLY_CONSOLIDATED_BY"):
                    current[child] = parent
                row(child, top, "IS_ULTIMATELY_CONSOLIDATED_BY")
                if rng.random() < 0.03 and cursor < entities:
                    branch = order[cursor]
                    cursor += 1
                    with_parent.add(branch)
                    row(branch, child, "IS_INTERNATIONAL_BRANCH_OF")
            for child in current:
                chain = [child]
                while chain[-1] in current and len(chain) < 10:
                    chain.append(current[chain[-1]])
                valid = all(statuses[n] not in ("ANNULLED", "DUPLICATE") for n in chain)
                if chain[-1] == top and len(chain) >= 3 and valid and len(expected.chains) < 50:
                    expected.chains.append([make_lei(n) for n in chain])
            if statuses[top] == "ANNULLED" and members and len(expected.annulled_parents) < 50:
                expected.annulled_parents.append((make_lei(top), make_lei(members[0][0])))
    expected.relationships = rows
    return with_parent


def write_exceptions(
    path: Path, entities: int, with_parent: set[int], share: float, rng: random.Random, expected: Expected
) -> None:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(REPEX_HEADER)
        for number in range(entities):
            if number in with_parent or rng.random() >= share:
                continue
            reason = _choose(rng, REASONS)
            lei = make_lei(number)
            for category in ("DIRECT_ACCOUNTING_CONSOLIDATION_PARENT", "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT"):
                reference = "Parent information withheld by the entity" if reason == "NON_PUBLIC" else ""
                writer.writerow([lei, category, reason, reference])
                rows += 1
            if len(expected.exception_reasons) < 50:
                expected.exception_reasons[lei] = reason
    expected.exceptions = rows


def generate(
    folder: Path, entities: int, exception_share: float = 0.4, seed: int = 16
) -> tuple[dict[str, Path], Expected]:
    """The three files for `entities` entities (relationships about a fifth of that), and what they imply."""
    rng = random.Random(seed)
    expected = Expected()
    paths = {
        "level1": folder / "20260101-0000-gleif-goldencopy-lei2-golden-copy.csv",
        "relationships": folder / "20260101-0000-gleif-goldencopy-rr-golden-copy.csv",
        "exceptions": folder / "20260101-0000-gleif-goldencopy-repex-golden-copy.csv",
    }
    statuses = write_level1(paths["level1"], entities, rng, expected)
    with_parent = write_relationships(paths["relationships"], statuses, entities // 5, rng, expected)
    write_exceptions(paths["exceptions"], entities, with_parent, exception_share, rng, expected)
    return paths, expected
