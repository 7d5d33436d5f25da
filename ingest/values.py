"""Cleaning the scalar values sources send: text with folded whitespace, amounts written as numbers or text."""

from __future__ import annotations

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
