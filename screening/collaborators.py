"""Reading a list of collaborators to screen: a CSV file (any common dialect and encoding) or a JSON list.

Everything is checked here, at the edge, before a single row is matched: the encoding (UTF-8, UTF-8 with a BOM,
UTF-16 with a BOM; Windows-1252 as an announced fallback), the dialect (sniffed among , ; tab |), the header
(which column is the organization, the person, the country, each identifier) and the quoting. A file that fails
those is refused as a whole. Each row's values are checked too, but a bad row (no name, a name too long, an unknown
country, surplus cells) is kept with its reason and answered as an `error` row: one bad row never costs the rest.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first collaborator of a CSV file is
row 2 (blank lines count, since a spreadsheet shows them too). A JSON list counts from 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ingest.countries import to_alpha2
from screening.models import SEARCHABLE_SCHEMES, CollaboratorIn, FieldError

SNIFF_BYTES = 64 * 1024
MAX_NAME_LENGTH = 500  # the default of TIETRACE_API_MAX_NAME_LENGTH: longer is a pasted paragraph, not a name
MAX_IDENTIFIER_LENGTH = 200
MAX_ERRORS = 50  # schema errors listed in one refusal
_ROWS = TypeAdapter(list[CollaboratorIn])

# Header names people use, compared after lower-casing and collapsing punctuation to single spaces ("Country/Region"
# is "country region", "Name:" is "name"). Sources: NSF's Collaborators and Other Affiliations (COA) template
# (Table 4: "Name:", "Organizational Affiliation", "Optional  (email, Department)", "Last Active"), NIH Other
# Support and university research-security exports (Partner Institution, Foreign Institution, Country/Region).
ORGANIZATION = {"organization", "organisation", "organization name", "organisation name", "name of organization",
                "name of organisation", "org", "org name", "institution", "institution name", "name of institution",
                "partner", "partner institution", "partner institution name", "partner organization",
                "partner organisation", "partner name", "collaborating institution", "collaborating organization",
                "collaborating organisation", "collaborator organization", "collaborator institution",
                "foreign institution", "foreign organization", "foreign organisation", "foreign entity", "university",
                "university name", "company", "company name", "entity", "entity name", "legal name", "employer",
                "sponsor", "sponsor name", "awardee", "supplier", "vendor", "counterparty"}  # fmt: skip
COUNTRY = {"country", "country code", "country name", "country region", "country or region", "country iso",
           "country iso code", "iso country", "iso country code", "organization country", "organisation country",
           "institution country", "country of institution", "country of organization", "country of organisation",
           "partner country", "nation", "location country"}  # fmt: skip
PERSON = {"person", "person name", "name of person", "collaborator name", "researcher", "researcher name",
          "investigator", "investigator name", "full name", "author", "co author", "coauthor", "individual",
          "name of individual", "pi name", "principal investigator", "advisor advisee name"}  # fmt: skip
AFFILIATION = {"affiliation", "organizational affiliation", "organisational affiliation", "institutional affiliation",
               "current affiliation", "current organizational affiliation", "person affiliation",
               "collaborator affiliation", "author affiliation", "institution of person",
               "home institution"}  # fmt: skip
# A bare "Name" or "Collaborator" is the person when the header also names an organization or an affiliation (the
# COA template, author lists), else the organization ("Name, Country" is a list of institutions).
PERSON_OR_ORGANIZATION = {"name", "collaborator", "collaborators", "partner or collaborator"}
LAST_ACTIVE = {"last active", "last active date", "date last active", "last collaboration", "last collaboration date",
               "active until", "end date", "collaboration end date", "last active mm dd yyyy"}  # fmt: skip
# Read and echoed, never matched: known, so they raise no "column not used" note.
ECHOED = {"optional email department", "email", "e mail", "email address", "department", "4"}
SCHEME_ALIASES = {"lei code": "lei", "ror id": "ror", "openalex id": "openalex", "wikidata id": "wikidata",
                  "qid": "wikidata", "uei code": "uei", "duns number": "duns", "grid id": "grid",
                  "registry id": "registry", "registration number": "registry", "orcid id": "orcid"}  # fmt: skip

_NON_WORD = re.compile(r"[^0-9a-z]+")


class InputProblem(Exception):
    """A list that cannot be screened as sent. status: 413 too large, 415 not a format we read, 422 invalid."""

    def __init__(self, status: int, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


@dataclass(frozen=True, slots=True)
class Collaborator:
    """One row: what is screened (organization or affiliation, the person, identifiers), the row as read, and, for a
    row that cannot be screened, why (`error`): such a row is answered with status `error`, never dropped."""

    row: int
    input: dict[str, Any]  # the row as read: the file's own column names (CSV) or fields (JSON)
    organization: str | None
    country: str | None
    identifiers: dict[str, str]
    person: str | None = None
    affiliation: str | None = None
    last_active: str | None = None
    error: str | None = None

    @property
    def name(self) -> str | None:
        """What is matched as an organization: the organization, or the person's affiliation when none is given."""
        return self.organization or self.affiliation

    def canonical(self) -> dict[str, Any]:
        """The row under tietrace's own keys (name, organization, country as ISO alpha-2, person, affiliation,
        identifiers, last_active), whatever the file called its columns; empty ones left out."""
        keys = {
            "name": self.name,
            "organization": self.organization,
            "country": self.country,
            "person": self.person,
            "affiliation": self.affiliation,
            "last_active": self.last_active,
        }
        found: dict[str, Any] = {k: v for k, v in keys.items() if v is not None}
        if self.identifiers:
            found["identifiers"] = dict(self.identifiers)
        return found


@dataclass(slots=True)
class Batch:
    rows: list[Collaborator]
    columns: list[str] = field(default_factory=list)  # the input columns in order, for CSV output
    encoding: str | None = None
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Collaborator]:
        """The rows that cannot be screened, each with its reason."""
        return [r for r in self.rows if r.error is not None]


# -- values -------------------------------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    """A cell as it is screened: its compatibility characters as their plain forms (NFKC: the full-width Latin letters
    and digits a Chinese or Japanese keyboard types, U+FF21 for "A"; the ideographic space; ligatures), its spaces
    collapsed."""
    text = " ".join(unicodedata.normalize("NFKC", value).split()) if value else ""
    return text or None


def collaborator(
    row: int,
    raw: dict[str, Any],
    values: Mapping[str, str | None],
    column_of: Mapping[str, str] | None = None,
    max_name_length: int = MAX_NAME_LENGTH,
) -> Collaborator:
    """Check one row's values (already picked from their columns). Every problem of the row is named in its
    `error` (column and reason, "; " between them); the row is still returned, to be answered as an error."""
    organization, affiliation = _clean(values.get("organization")), _clean(values.get("affiliation"))
    person, country_text = _clean(values.get("person")), _clean(values.get("country"))
    last_active = _clean(values.get("last_active"))
    identifiers = {s: v for s in SEARCHABLE_SCHEMES if (v := _clean(values.get(s)))}
    columns = column_of or {}
    problems: list[str] = []

    def problem(key: str, msg: str) -> None:
        problems.append(f"{columns.get(key, key)}: {msg}")

    for key, text in (("organization", organization), ("affiliation", affiliation), ("person", person)):
        if text is not None and len(text) > max_name_length:
            problem(key, f"longer than {max_name_length:,} characters ({len(text):,}; TIETRACE_API_MAX_NAME_LENGTH)")
    for scheme, value in identifiers.items():
        if len(value) > MAX_IDENTIFIER_LENGTH:
            problem(scheme, f"identifier longer than {MAX_IDENTIFIER_LENGTH} characters ({len(value):,})")
    country = None
    if country_text is not None:
        country = to_alpha2(country_text)
        if country is None:
            problem("country", f"{country_text[:60]!r} is not a country name or ISO 3166 code")
    if organization is None and affiliation is None and person is None and not identifiers:
        problems.append("no organization, affiliation, person or identifier: nothing to screen")
    return Collaborator(
        row, raw, organization, country, identifiers, person, affiliation, last_active, "; ".join(problems) or None
    )


def _too_many(count: int, max_rows: int | None) -> None:
    if max_rows is not None and count > max_rows:
        raise InputProblem(
            413, f"more than {max_rows:,} collaborators in one request (TIETRACE_API_MAX_ROWS); split the list"
        )


# -- JSON -------------------------------------------------------------------------------------------------------


def read_json(data: bytes, max_rows: int | None = None, max_name_length: int = MAX_NAME_LENGTH) -> Batch:
    """A JSON list of collaborator objects (see CollaboratorIn). A body that is not such a list, or breaks the
    schema, is refused; a valid object that cannot be screened becomes an error row."""
    try:
        parsed = json.loads(data)
    except UnicodeDecodeError as exc:
        raise InputProblem(
            422, f"the JSON body is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputProblem(422, f"the body is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise InputProblem(422, "the JSON is nested too deeply: expected a flat list of objects") from None
    if not isinstance(parsed, list):
        raise InputProblem(422, f"expected a JSON list of collaborators, got a {type(parsed).__name__}")
    if not parsed:
        raise InputProblem(422, "the list is empty: nothing to screen")
    _too_many(len(parsed), max_rows)
    try:
        items = _ROWS.validate_python(parsed)
    except ValidationError as exc:
        # A body that breaks the published schema (a wrong type, an unknown field or scheme) is a client's bug,
        # refused with every place named; what the schema cannot say (a row with nothing to screen, a name too
        # long, an unknown country) is an error row like a CSV file's.
        invalid = []
        for err in exc.errors(include_url=False, include_input=False):
            loc = list(err["loc"])
            row = loc[0] + 1 if loc and isinstance(loc[0], int) else None
            column = str(loc[1]) if len(loc) > 1 else None
            invalid.append(FieldError(loc=["body", *loc], msg=err["msg"], row=row, column=column))
        shown = "; ".join(f"row {e.row}" + (f", {e.column}" if e.column else "") + f": {e.msg}" for e in invalid[:3])
        more = f" (and {len(invalid) - 3} more)" if len(invalid) > 3 else ""
        raise InputProblem(
            422, f"the list breaks its schema in {len(invalid)} place(s): {shown}{more}", invalid[:MAX_ERRORS]
        ) from None
    rows = []
    for number, item in enumerate(items, start=1):
        values: dict[str, str | None] = {
            "organization": item.organization,
            "country": item.country,
            "person": item.person,
            "affiliation": item.affiliation,
            "last_active": item.last_active,
            **item.identifiers,
        }
        raw = item.model_dump(exclude_defaults=True)
        rows.append(collaborator(number, raw, values, max_name_length=max_name_length))
    columns = ["organization", "country", *SEARCHABLE_SCHEMES, "person", "affiliation", "last_active"]
    return Batch(rows=rows, columns=columns)


# -- CSV --------------------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): BOMs decide; else UTF-8; else Windows-1252, announced; else a clear refusal."""
    if data.startswith(b"PK\x03\x04"):
        raise InputProblem(415, "this is a spreadsheet workbook (xlsx/ods), not CSV: save it as CSV (UTF-8) first")
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in data[:SNIFF_BYTES]:
        offset = data.index(b"\x00")
        raise InputProblem(
            422,
            f"the file holds a NUL byte (offset {offset}): binary, or UTF-16/32 without a byte-order mark. "
            "Save it as CSV in UTF-8 (or UTF-16 with a BOM).",
        )
    else:
        candidates = ["utf-8", "cp1252"]
    first_error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        warnings = []
        if encoding == "cp1252" and first_error is not None:
            line = data.count(b"\n", 0, first_error.start) + 1
            warnings.append(
                f"the file is not valid UTF-8 (byte 0x{data[first_error.start]:02x} on line {line}); "
                "it was read as Windows-1252 (cp1252): check accented names in the results"
            )
        if "\x00" in text:
            raise InputProblem(422, "the file holds NUL characters: it is not a text CSV file")
        return text, encoding, warnings
    assert first_error is not None  # the loop ran at least once and every decoding failed
    line = data.count(b"\n", 0, first_error.start) + 1
    raise InputProblem(
        422,
        f"the file is not text in UTF-8, UTF-16 (with a BOM) or Windows-1252: byte 0x{data[first_error.start]:02x} "
        f"on line {line} cannot be decoded; save it as CSV in UTF-8",
    )


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:SNIFF_BYTES]
    header = sample.split("\n", 1)[0]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed.delimiter in header:
        return sniffed
    # One column, or a sample the sniffer could not read: take the delimiter the header uses most, else comma.
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])

    class Chosen(csv.excel):
        delimiter = best if counts[best] else ","

    return Chosen


def _key(title: str) -> str:
    return _NON_WORD.sub(" ", title.lower()).strip()


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """{role: column index} for the columns we read, and warnings about the ones we do not."""
    keys = [_key(title) for title in header]
    # "Name, Institution" and "Name:, Organizational Affiliation" list persons; "Name, Country" lists institutions.
    names_elsewhere = any(k in AFFILIATION or k in ORGANIZATION for k in keys)
    roles: dict[str, int] = {}
    unused = []
    for index, (title, key) in enumerate(zip(header, keys, strict=True)):
        compact = key.replace(" ", "")
        role = (
            "organization" if key in ORGANIZATION else
            ("person" if names_elsewhere else "organization") if key in PERSON_OR_ORGANIZATION else
            "country" if key in COUNTRY else
            "person" if key in PERSON else
            "affiliation" if key in AFFILIATION else
            "last_active" if key in LAST_ACTIVE else
            compact if compact in SEARCHABLE_SCHEMES else
            SCHEME_ALIASES.get(key)
        )  # fmt: skip
        if role is None or role in roles:
            if key not in ECHOED:
                unused.append(title)
            continue
        roles[role] = index
    warnings = [f"column(s) not used: {', '.join(repr(u) for u in unused)}"] if unused else []
    return roles, warnings


def accepted_headers() -> str:
    """The header names that say which column to screen, for an error message."""
    names = sorted(ORGANIZATION | PERSON_OR_ORGANIZATION | AFFILIATION | PERSON)
    return ", ".join(repr(n) for n in names) + f"; or an identifier column ({', '.join(SEARCHABLE_SCHEMES)})"


def _surplus(cells: list[str], width: int) -> str | None:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return f"{len(cells)} cells but the header has {width} columns (a delimiter inside an unquoted value?)"
    return None


def read_csv(data: bytes, max_rows: int | None = None, max_name_length: int = MAX_NAME_LENGTH) -> Batch:
    """Collaborators from CSV bytes. The header names the columns; see ORGANIZATION, COUNTRY... for the names.

    A file that cannot be read as a whole (encoding, quoting, no usable header) is refused; a row that cannot be
    screened (no name, a name too long, an unknown country, surplus cells) comes back as an error row."""
    if not data.strip():
        raise InputProblem(422, "the file is empty")
    text, encoding, warnings = decode(data)
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect, strict=True)
    number = 0  # the last row read; the one being read when the reader fails is number + 1
    try:
        header = next(reader, None)
        number = 1
        if header is None or not any(h.strip() for h in header):
            raise InputProblem(422, "the first line should be a header naming the columns, and it is empty")
        header = [h.strip() for h in header]
        duplicates = sorted({h for h in header if h and header.count(h) > 1})
        if duplicates:
            raise InputProblem(422, f"the header repeats column(s) {', '.join(duplicates)}")
        roles, unused = _columns(header)
        warnings += unused
        if not ({"organization", "affiliation", "person"} & set(roles) or set(SEARCHABLE_SCHEMES) & set(roles)):
            raise InputProblem(
                422,
                f"no column names the organization: found {', '.join(repr(h) for h in header)}; accepted (any case "
                f"and punctuation): {accepted_headers()}",
            )
        column_of = {role: header[index] for role, index in roles.items()}
        rows: list[Collaborator] = []
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            _too_many(len(rows) + 1, max_rows)
            surplus = _surplus(cells, len(header))
            cells = (cells + [""] * len(header))[: len(header)]
            raw = {title or f"column {i + 1}": cells[i] for i, title in enumerate(header)}
            found = collaborator(number, raw, {role: cells[index] for role, index in roles.items()}, column_of,
                                 max_name_length)  # fmt: skip
            if surplus is not None:  # the row is kept as read, so its name shows beside the reason
                found = replace(found, error="; ".join(e for e in (surplus, found.error) if e))
            rows.append(found)
    except csv.Error as exc:
        raise InputProblem(
            422,
            f"the CSV is malformed in row {number + 1} (line {reader.line_num}): {exc}; quote values that hold the "
            f"delimiter {str(dialect.delimiter)!r} or a line break, and double quotes inside quoted values",
            [FieldError(loc=["file", number + 1], msg=str(exc), row=number + 1)],
        ) from None
    if not rows:
        raise InputProblem(422, "the file has a header but no collaborators")
    delimiter = str(dialect.delimiter)
    return Batch(rows=rows, columns=[h or f"column {i + 1}" for i, h in enumerate(header)], encoding=encoding,
                 delimiter=delimiter, warnings=warnings)  # fmt: skip
