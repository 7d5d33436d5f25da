"""Reading bulk files: text with a clear error on a wrong encoding, CSV rows and JSON lines with locations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

from ingest.errors import RecordRejected, SourceError

MAX_CSV_FIELD = 10 * 1024 * 1024


def open_text(path: Path, encoding: str | None = None) -> io.TextIOWrapper:
    """Open a text file strictly; an undecodable byte becomes a SourceError naming its offset, not mojibake."""
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if path.is_dir():
        raise SourceError(f"{path}: is a folder, expected a file")
    chosen = encoding or "utf-8-sig"
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from exc
    return io.TextIOWrapper(raw, encoding=chosen, errors="strict", newline="")


def _decode_error(path: Path, exc: UnicodeDecodeError, encoding: str | None) -> SourceError:
    return SourceError(
        f"{path}: not valid {encoding or 'UTF-8'} (byte 0x{exc.object[exc.start]:02x} near offset {exc.start} of a "
        f"read block); pass --encoding (e.g. --encoding cp1252) if the file uses another encoding"
    )


SNIFF_CHARS = 64 * 1024
SNIFF_DELIMITERS = ",;\t|"
RFC4180 = "RFC 4180 (comma, double quote, doubled quotes inside)"


class _StrictRfc4180(csv.excel):
    """RFC 4180 as a probe: comma, double quote, a quote inside a quoted field written twice (`""E""`), and strict,
    so a sample that is not RFC 4180 fails instead of being read some other way."""

    strict = True


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """The dialect a file is read with, and how it was chosen in words for the ingest summary."""

    dialect: type[csv.Dialect] | csv.Dialect
    description: str


def _complete_rows(sample: str) -> str:
    """The sample up to its last line break, so a row cut by the sample's end does not count against a dialect.

    A line break inside a quoted field may be cut too; the strict probe then fails on the sample only, and the
    dialect falls back to sniffing, which is what a sample too short to judge deserves."""
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    return sample[: cut + 1] if cut >= 0 else sample


def _parses_as_rfc4180(sample: str) -> bool:
    """True when the standard dialect reads the sample consistently: every row as wide as the header, and the
    header has more than one column (a one-column reading says nothing about the delimiter)."""
    try:
        rows = [row for row in csv.reader(io.StringIO(_complete_rows(sample), newline=""), _StrictRfc4180) if row]
    except csv.Error:
        return False
    if not rows or len(rows[0]) < 2:
        return False
    return all(len(row) == len(rows[0]) for row in rows)


def _sniffed(dialect: type[csv.Dialect] | csv.Dialect) -> str:
    if dialect.doublequote:
        inside = "doubled"
    elif dialect.escapechar:
        inside = f"escaped with {dialect.escapechar!r}"
    else:
        inside = "not escaped"
    return f"sniffed: delimiter {dialect.delimiter!r}, quote {dialect.quotechar!r}, quotes inside {inside}"


def choose_dialect(sample: str) -> CsvDialect:
    """RFC 4180 whenever it reads the sample consistently; otherwise the sniffer's guess (delimiter , ; tab |, quote
    handling), else Excel's comma dialect. Sniffing a fully quoted file can guess doublequote=False and split a
    field holding `""E""` into the wrong columns, which is why the standard is tried first. The file itself is
    then read leniently (csv.excel), so one malformed row later on is a bad record, not a stopped job."""
    if _parses_as_rfc4180(sample):
        return CsvDialect(csv.excel, RFC4180)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=SNIFF_DELIMITERS)
    except csv.Error:
        return CsvDialect(csv.excel, "comma (not RFC 4180, and sniffing recognised nothing else)")
    return CsvDialect(sniffed, _sniffed(sniffed))


def csv_rows(
    path: Path,
    encoding: str | None = None,
    required: tuple[str, ...] = (),
    notes: dict[str, Any] | None = None,
    skip_empty: bool = False,
) -> Generator[tuple[int, dict[str, str]], None, None]:
    """(row number as in the file, 1 = first data row, row as a dict) for each CSV row.

    The dialect is chosen by `choose_dialect` from the first 64 KB; when `notes` is given (sources pass their
    ctx.state) the dialect used is written to notes['csvDialect'], which the ingest summary reports. With
    `skip_empty` a row holds only its non-empty cells: for wide, mostly empty files (GLEIF's ~330 columns) whose
    reader treats an absent column as an empty one, this skips building the full row."""
    csv.field_size_limit(MAX_CSV_FIELD)
    with open_text(path, encoding) as handle:
        try:
            sample = handle.read(SNIFF_CHARS)
            handle.seek(0)
            chosen = choose_dialect(sample)
            if notes is not None:
                notes["csvDialect"] = chosen.description
            # restval "": a short row's missing cells read as empty, so rows need no second pass to replace None
            reader = csv.DictReader(handle, dialect=chosen.dialect, restval="")
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise SourceError(f"{path}: missing columns {', '.join(missing)} (found: {', '.join(header)})")
            number = 0
            try:
                if skip_empty:
                    for cells in reader.reader:  # past the header already; DictReader's own loop, without the dict
                        if not cells:
                            continue  # a blank line is no row (as DictReader skips it)
                        number += 1
                        # compress keeps the (column, cell) pairs whose cell is not empty, in C: a third of the time
                        sparse = dict(compress(zip(header, cells, strict=False), cells))
                        if len(cells) > len(header):
                            sparse["__extra_cells__"] = "yes"
                        yield number, sparse
                    return
                for number, row in enumerate(reader, start=1):
                    if None in row:  # more cells than header columns
                        row = {k: v for k, v in row.items() if k is not None}
                        row["__extra_cells__"] = "yes"
                    yield number, row
            except csv.Error as exc:
                raise SourceError(
                    f"{path}: malformed CSV after data row {number} (line {reader.line_num}): {exc}; "
                    f"read as {chosen.description}"
                ) from exc
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc, encoding) from exc


def json_lines(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict[str, Any] | RecordRejected]]:
    """(line number, object) per line; a line that is not a JSON object comes back as RecordRejected."""
    with open_text(path, encoding) as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, RecordRejected(f"not JSON: {exc.msg} at column {exc.colno}")
                    continue
                if not isinstance(value, dict):
                    yield number, RecordRejected(f"expected a JSON object, got {type(value).__name__}")
                    continue
                yield number, value
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc, encoding) from exc


def json_document(path: Path, encoding: str | None = None) -> Any:
    with open_text(path, encoding) as handle:
        try:
            return json.load(handle)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc, encoding) from exc
        except ValueError as exc:
            raise SourceError(f"{path}: not valid JSON ({exc})") from exc
