"""Parsing the date forms UN documents use ("24 March 2021", "March 2021")."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS_FR = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
MONTH_NAME = "|".join(name for name in calendar.month_name if name)
_ANY_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:er)?\s+([^\W\d_]+)\s+(\d{4})\b")


def parse_day_month_year(text: str) -> dt.date | None:
    """The first valid 'D Month YYYY' date in text (English or French month names)."""
    for match in _ANY_DAY_MONTH_YEAR.finditer(text):
        name = match.group(2).lower()
        month = MONTHS.get(name) or MONTHS_FR.get(name)
        if month:
            try:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    return None


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_date(value, day_first: bool = True) -> dt.date | None:
    """The one reader of dates given as values: a date or datetime, 'YYYY-MM-DD' (a time may follow) and,
    with day_first, 'DD/MM/YYYY' or 'DD.MM.YYYY' as a French-locale spreadsheet writes them.

    None for empty and missing values (None, NaN, 'nan', 'NaT') and for anything that is not a real date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    match = _ISO.fullmatch(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and day_first:
        match = _DAY_FIRST.fullmatch(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def day_or_none(value) -> dt.date | None:
    """A table cell as a date (YYYY-MM-DD, a time may follow): None for empty, missing or unreadable values."""
    if isinstance(value, str):  # a ledger repeats its dates: each text is read once
        return _text_day(value)
    return parse_date(value, day_first=False)


@functools.lru_cache(maxsize=1 << 16)
def _text_day(text: str) -> dt.date | None:
    return parse_date(text, day_first=False)


# Dates outside this window are typos or placeholders (9999-12-31, 0001-01-01), not facts: nothing this tool
# tracks predates the United Nations, and no scheduled event, target or deadline is planned a decade ahead.
EARLIEST_DATE = dt.date(1945, 1, 1)
FUTURE_YEARS = 10


def latest_plausible(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today.replace(year=today.year + FUTURE_YEARS, day=28 if (today.month, today.day) == (2, 29) else today.day)


def implausible(day: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why a date cannot be one this tool tracks (before 1945, more than 10 years after today), or None."""
    if day is None:
        return None
    if day < EARLIEST_DATE:
        return f"{day.isoformat()} is before {EARLIEST_DATE.year}: no date this tool tracks is that old (a typo?)"
    latest = latest_plausible(today)
    if day > latest:
        return (f"{day.isoformat()} is more than {FUTURE_YEARS} years ahead (after {latest.isoformat()}): "
                "a placeholder or a typo, not a date to track")
    return None


def date_problems(row: dict, columns: tuple[str, ...], today: dt.date | None = None,
                  start: str = "date", end: str = "date_end") -> list[tuple[str, str]]:
    """(column, reason) for each implausible date in row's columns, and for a range that ends before it starts."""
    found = []
    for column in columns:
        why = implausible(day_or_none(row.get(column)), today)
        if why:
            found.append((column, why))
    first, last = day_or_none(row.get(start)), day_or_none(row.get(end))
    if end in columns and first and last and last < first:
        found.append((end, f"{last.isoformat()} is before the start date {first.isoformat()}: a range ends after it starts"))
    return found
