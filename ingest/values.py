"""Cleaning the scalar values sources send: text with folded whitespace, amounts written as numbers or text, dates
in every form their publishers have used (one date reader shared by all sources)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from ingest.errors import RecordRejected


def clean_text(value: Any) -> str | None:
    """The value as text with whitespace folded, or None when there is nothing in it."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_amount(value: Any, field: str) -> int | float | None:
    """An amount given as a number or as text such as '1,250,000' or '$3,000.50'; None when absent.

    Whole numbers come back as int. Anything else is a RecordRejected naming the field."""
    if isinstance(value, bool):
        raise RecordRejected(f"{field} is not a number: {value!r}")
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else value
    text = clean_text(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", "").removeprefix("$"))
    except ValueError:
        raise RecordRejected(f"{field} is not a number: {value!r}") from None
    return int(number) if number.is_integer() else number


_EPOCH_MS = re.compile(r"^-?\d{11,14}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


def parse_day(value: Any, field: str, *, epoch_ms: bool = False) -> str | None:
    """The calendar day a publisher wrote, as an ISO date ('YYYY-MM-DD'); None when blank.

    Accepted forms, each one a publisher has used:
    - ISO dates, also partial ('2016-05-20', '2016-05', '2016');
    - ISO datetimes with or without an offset ('2016-05-20T00:00:00Z', '2017-09-20T08:00:00+02:00',
      '2024-05-03T08:31:20.554+02:00'): the day is the one written in the publisher's own offset, never shifted
      to another zone. '2009-01-11T23:00:00Z' is 11 January (UTC, as written) even when the registrant meant
      midnight in CET; '2009-01-12T00:00:00+01:00' is 12 January. The whole value is checked, not cut to ten
      characters, so '2016-05-20Tgarbage' is refused;
    - epoch milliseconds, only where the source says its publisher used them (`epoch_ms=True`, e.g. GLEIF's
      2019 files: '1494979200000' is 2017-05-17, UTC), as text or as a number.
    Anything else is a RecordRejected naming the field and the value."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and epoch_ms:
        return _from_epoch_ms(float(value), field, value)
    if not isinstance(value, str):
        raise RecordRejected(f"{field} is not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    if epoch_ms and _EPOCH_MS.match(text):
        return _from_epoch_ms(float(text), field, value)
    if _PARTIAL_DATE.match(text):
        return text
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise RecordRejected(f"{field} is not a date: {value!r}") from None


def _from_epoch_ms(millis: float, field: str, original: Any) -> str:
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise RecordRejected(f"{field} is not a date: {original!r}") from None
