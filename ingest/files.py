"""Reading bulk files: text with a clear error on a wrong encoding, CSV rows and JSON lines with locations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
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


def csv_rows(
    path: Path, encoding: str | None = None, required: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as in the file, 1 = first data row, row as a dict) for each CSV row."""
    csv.field_size_limit(MAX_CSV_FIELD)
    with open_text(path, encoding) as handle:
        try:
            sample = handle.read(64 * 1024)
            handle.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise SourceError(f"{path}: missing columns {', '.join(missing)} (found: {', '.join(header)})")
            for number, row in enumerate(reader, start=1):
                if None in row:  # more cells than header columns
                    row = {k: v for k, v in row.items() if k is not None}
                    row["__extra_cells__"] = "yes"
                yield number, {k: (v if v is not None else "") for k, v in row.items()}
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
