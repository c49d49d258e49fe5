"""monitor.dates: the one reader of date values, ISO and day-first, and nothing that is not a real day."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.dates import day_or_none, parse_date


@pytest.mark.parametrize("value, expected", [
    ("2022-03-31", dt.date(2022, 3, 31)),
    ("2026-11-28T03:54:46+00:00", dt.date(2026, 11, 28)),
    ("2026-11-28 03:54:46", dt.date(2026, 11, 28)),
    ("31/03/2022", dt.date(2022, 3, 31)),
    ("1.4.2022", dt.date(2022, 4, 1)),
    (dt.datetime(2022, 3, 31, 12), dt.date(2022, 3, 31)),
    (dt.date(2022, 3, 31), dt.date(2022, 3, 31)),
    ("2022-02-30", None), ("31/02/2022", None), ("", None), ("nan", None), (None, None), (float("nan"), None),
    ("2022-03-31 and more", None), ("March 2022", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_a_table_cell_is_iso_only():
    assert day_or_none("2022-03-31") == dt.date(2022, 3, 31)
    assert day_or_none("31/03/2022") is None, "the ledgers store YYYY-MM-DD"


def test_implausible_dates_are_refused():
    from monitor.dates import implausible

    today = dt.date(2026, 12, 1)
    assert implausible(dt.date(1, 1, 1), today).startswith("0001-01-01 is before 1945")
    assert implausible(dt.date(1944, 12, 31), today) and implausible(dt.date(1945, 1, 1), today) is None
    assert "more than 10 years ahead" in implausible(dt.date(9999, 12, 31), today)
    assert implausible(dt.date(2036, 12, 1), today) is None and implausible(dt.date(2036, 12, 2), today)
    assert implausible(dt.date(2038, 2, 28), dt.date(2028, 2, 29)) is None  # a leap day today has a limit too
    assert parse_date("20221231") is None  # not ISO, not day-first: no date at all


def test_end_before_start_is_refused():
    from monitor.dates import date_problems

    [(column, why)] = date_problems({"date": "2022-05-01", "date_end": "2022-04-01"}, ("date", "date_end"))
    assert column == "date_end" and "before the start date 2022-05-01" in why
    assert date_problems({"date": "2022-05-01", "date_end": "2022-05-01"}, ("date", "date_end")) == []
