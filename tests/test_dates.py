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
