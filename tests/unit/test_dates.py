"""One date reader for every source: each form a publisher has used, on real values."""

from __future__ import annotations

import pytest

from ingest.errors import RecordRejected
from ingest.values import parse_day


def test_iso_dates_full_and_partial() -> None:
    assert parse_day("2016-05-20", "d") == "2016-05-20"
    assert parse_day("2016-05", "d") == "2016-05"
    assert parse_day("2016", "d") == "2016"
    assert parse_day("", "d") is None and parse_day(None, "d") is None


def test_datetimes_keep_the_day_written_in_their_own_offset() -> None:
    # GLEIF golden copy 2024-05-05 (Becura AB): midnight in Stockholm is 19 September in UTC; the day is the 20th.
    assert parse_day("2019-09-20T00:00:00+02:00", "d") == "2019-09-20"
    # the same instant written in UTC, as other LOUs publish it, is the day written: 11 January (issue 16)
    assert parse_day("2009-01-11T23:00:00Z", "d") == "2009-01-11"
    assert parse_day("2009-01-12T00:00:00+01:00", "d") == "2009-01-12"
    # fractions of a second, as the GLEIF golden copy writes them
    assert parse_day("2024-05-03T08:31:20.554+02:00", "d") == "2024-05-03"
    assert parse_day("2011-08-11T00:00:00.000Z", "d") == "2011-08-11"


def test_epoch_milliseconds_only_where_the_publisher_used_them() -> None:
    # GLEIF's 2019 files (issue 19): 1494979200000 ms since 1970 is 17 May 2017, UTC
    assert parse_day("1494979200000", "d", epoch_ms=True) == "2017-05-17"
    assert parse_day(1494979200000, "d", epoch_ms=True) == "2017-05-17"
    with pytest.raises(RecordRejected, match=r"d is not a date: '1494979200000'"):
        parse_day("1494979200000", "d")


def test_anything_else_is_refused_with_the_field_named() -> None:
    with pytest.raises(RecordRejected, match=r"startDate is not a date: '2016-05-20Tgarbage'"):
        parse_day("2016-05-20Tgarbage", "startDate")
    with pytest.raises(RecordRejected, match="not a date: 'third of January'"):
        parse_day("third of January", "d")
    with pytest.raises(RecordRejected, match="not a date: '2016-13-01'"):
        parse_day("2016-13-01", "d")
    with pytest.raises(RecordRejected, match="not a date: '2016-13'"):
        parse_day("2016-13", "d")
