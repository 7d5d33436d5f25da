"""Reading a list of collaborators to screen: a CSV file (any common dialect and encoding) or a JSON list.

Everything is checked here, at the edge, before a single row is matched: the encoding (UTF-8, UTF-8 with a BOM,
UTF-16 with a BOM; Windows-1252 as an announced fallback), the dialect (sniffed among , ; tab |), the header
(which column is the organization, the country, each identifier), the quoting, and each row's values. Problems
come back together, each naming its row and column, rather than one at a time.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first collaborator of a CSV file is
row 2 (blank lines count, since a spreadsheet shows them too). A JSON list counts from 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from api.schemas import SEARCHABLE_SCHEMES, CollaboratorIn, FieldError
from ingest.countries import to_alpha2

MAX_ERRORS = 50
SNIFF_BYTES = 64 * 1024

# Header names people use, compared after lower-casing and collapsing punctuation to single spaces.
ORGANIZATION = {"organization", "organisation", "organization name", "organisation name", "org", "org name", "name",
                "institution", "institution name", "partner", "partner organization", "collaborator organization",
                "company", "company name", "entity", "entity name"}  # fmt: skip
COUNTRY = {"country", "country code", "country name", "organization country", "organisation country", "nation"}
PERSON = {"person", "person name", "collaborator", "collaborator name", "researcher", "investigator", "full name"}
AFFILIATION = {"affiliation", "person affiliation", "collaborator affiliation", "institution of person"}
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
    row: int
    input: dict[str, Any]
    organization: str | None
    country: str | None
    identifiers: dict[str, str]
    person: str | None = None
    affiliation: str | None = None

    @property
    def name(self) -> str | None:
        """What is matched: the organization, or the person's affiliation when no organization is given."""
        return self.organization or self.affiliation


@dataclass(slots=True)
class Batch:
    rows: list[Collaborator]
    columns: list[str] = field(default_factory=list)  # the input columns in order, for CSV output
    encoding: str | None = None
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)


# -- values -------------------------------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    text = " ".join(value.split()) if value else ""
    return text or None


def collaborator(
    row: int,
    raw: dict[str, Any],
    values: Mapping[str, str | None],
    where: str,
    errors: list[FieldError],
    column_of: dict[str, str],
) -> Collaborator | None:
    """Check one row's values (already picked from their columns); append its problems to errors."""
    organization, affiliation = _clean(values.get("organization")), _clean(values.get("affiliation"))
    person, country_text = _clean(values.get("person")), _clean(values.get("country"))
    identifiers = {s: v for s in SEARCHABLE_SCHEMES if (v := _clean(values.get(s)))}
    found = len(errors)

    def problem(key: str, msg: str) -> None:
        column = column_of.get(key, key)
        errors.append(FieldError(loc=[where, row, column], msg=msg, row=row, column=column))

    for key, text in (("organization", organization), ("affiliation", affiliation), ("person", person)):
        if text is not None and len(text) > 500:
            problem(key, f"longer than 500 characters ({len(text)})")
    for scheme, value in identifiers.items():
        if len(value) > 200:
            problem(scheme, f"identifier longer than 200 characters ({len(value)})")
    country = None
    if country_text is not None:
        country = to_alpha2(country_text)
        if country is None:
            problem("country", f"{country_text[:60]!r} is not a country name or ISO 3166 code")
    if organization is None and affiliation is None and not identifiers:
        errors.append(
            FieldError(
                loc=[where, row],
                msg="no organization name, affiliation or identifier: nothing to screen",
                row=row,
            )
        )
    if len(errors) > found:
        return None
    return Collaborator(row, raw, organization, country, identifiers, person, affiliation)


def _too_many(count: int, max_rows: int | None) -> None:
    if max_rows is not None and count > max_rows:
        raise InputProblem(413, f"more than {max_rows:,} collaborators in one request; split the list")


def _refuse_on(errors: list[FieldError], what: str) -> None:
    if errors:
        shown = "; ".join(f"row {e.row}" + (f", {e.column}" if e.column else "") + f": {e.msg}" for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise InputProblem(422, f"{what} has {len(errors)} invalid row(s): {shown}{more}", errors[:MAX_ERRORS])


# -- JSON -------------------------------------------------------------------------------------------------------

_ROWS = TypeAdapter(list[CollaboratorIn])


def read_json(data: bytes, max_rows: int | None = None) -> Batch:
    """A JSON list of collaborator objects (see CollaboratorIn)."""
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
        invalid = []
        for err in exc.errors(include_url=False, include_input=False):
            loc = list(err["loc"])
            row = loc[0] + 1 if loc and isinstance(loc[0], int) else None
            column = str(loc[1]) if len(loc) > 1 else None
            invalid.append(FieldError(loc=["body", *loc], msg=err["msg"], row=row, column=column))
        _refuse_on(invalid, "the list")
        raise AssertionError("unreachable") from exc  # _refuse_on raised: errors is never empty here
    errors: list[FieldError] = []
    rows = []
    for number, item in enumerate(items, start=1):
        values: dict[str, str | None] = {
            "organization": item.organization,
            "country": item.country,
            "person": item.person,
            "affiliation": item.affiliation,
            **item.identifiers,
        }
        found = collaborator(number, item.model_dump(exclude_defaults=True), values, "body", errors, {})
        if found is not None:
            rows.append(found)
    _refuse_on(errors, "the list")
    return Batch(rows=rows, columns=["organization", "country", *SEARCHABLE_SCHEMES, "person", "affiliation"])


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


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """{role: column index} for the columns we read, and warnings about the ones we do not."""
    roles: dict[str, int] = {}
    unused = []
    for index, title in enumerate(header):
        key = _NON_WORD.sub(" ", title.lower()).strip()
        compact = key.replace(" ", "")
        role = (
            "organization" if key in ORGANIZATION else
            "country" if key in COUNTRY else
            "person" if key in PERSON else
            "affiliation" if key in AFFILIATION else
            compact if compact in SEARCHABLE_SCHEMES else
            SCHEME_ALIASES.get(key)
        )  # fmt: skip
        if role is None or role in roles:
            unused.append(title)
            continue
        roles[role] = index
    warnings = [f"column(s) not used: {', '.join(repr(u) for u in unused)}"] if unused else []
    return roles, warnings


def read_csv(data: bytes, max_rows: int | None = None) -> Batch:
    """Collaborators from CSV bytes. The header names the columns; see ORGANIZATION, COUNTRY... for the names."""
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
        if not ({"organization", "affiliation"} & set(roles) or set(SEARCHABLE_SCHEMES) & set(roles)):
            raise InputProblem(
                422,
                f"no column names the organization: found {', '.join(repr(h) for h in header)}; name one "
                "'organization' (or 'name', 'institution', 'affiliation') or give an identifier column "
                f"({', '.join(SEARCHABLE_SCHEMES)})",
            )
        column_of = {role: header[index] for role, index in roles.items()}
        errors: list[FieldError] = []
        rows: list[Collaborator] = []
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                errors.append(
                    FieldError(
                        loc=["file", number],
                        msg=f"{len(cells)} cells but the header has {len(header)} columns (a delimiter inside an "
                        "unquoted value?)",
                        row=number,
                    )
                )
                continue
            cells = cells + [""] * (len(header) - len(cells))
            raw = {title or f"column {i + 1}": cells[i] for i, title in enumerate(header)}
            values = {role: cells[index] for role, index in roles.items()}
            found = collaborator(number, raw, values, "file", errors, column_of)
            if found is not None:
                rows.append(found)
            _too_many(len(rows) + len(errors), max_rows)
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as exc:
        raise InputProblem(
            422,
            f"the CSV is malformed in row {number + 1} (line {reader.line_num}): {exc}; quote values that hold the "
            f"delimiter {str(dialect.delimiter)!r} or a line break, and double quotes inside quoted values",
            [FieldError(loc=["file", number + 1], msg=str(exc), row=number + 1)],
        ) from None
    _refuse_on(errors, "the file")
    if not rows:
        raise InputProblem(422, "the file has a header but no collaborators")
    delimiter = str(dialect.delimiter)
    return Batch(rows=rows, columns=[h or f"column {i + 1}" for i, h in enumerate(header)], encoding=encoding,
                 delimiter=delimiter, warnings=warnings)  # fmt: skip
