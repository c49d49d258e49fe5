"""Human Rights Council sessions: when a session named in a text takes place."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .dates import end_of_month
from .vocab import load_vocabulary

_MONTH_ABBR = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}


@dataclass(frozen=True)
class SessionDate:
    session: int
    date: dt.date
    precision: str  # "day" when a source gives the day, "month" when estimated from the pattern
    source: str
    confidence: str


class SessionCalendar:
    def __init__(self, reference_dir: Path | None = None):
        self._rows = {
            int(row["session"]): row
            for row in load_vocabulary("hrc-sessions", reference_dir).to_dict("records")
        }

    def end_of(self, session: int) -> SessionDate | None:
        """The last day of a session (its last adoption day), exact or estimated."""
        row = self._rows.get(int(session))
        if row is None:
            return None
        if row["last_adoption_day"]:
            return SessionDate(session, dt.date.fromisoformat(row["last_adoption_day"]), "day",
                               row["source"], row["confidence"])
        last_month = row["period"].split("-")[-1].strip().lower()[:3]
        month = _MONTH_ABBR.get(last_month)
        if not month:
            return None
        return SessionDate(session, end_of_month(int(row["year"]), month), "month",
                           row["source"] or "regular pattern of Council sessions", row["confidence"])

    def first_month_of(self, session: int) -> dt.date | None:
        """First day of the session's first month, from its period ("Feb-Apr" -> 1 February)."""
        row = self._rows.get(int(session))
        if row is None:
            return None
        month = _MONTH_ABBR.get(row["period"].split("-")[0].strip().lower()[:3])
        return dt.date(int(row["year"]), month, 1) if month else None

    def start_of(self, session: int) -> dt.date | None:
        row = self._rows.get(int(session))
        if row and row["opens_on"]:
            return dt.date.fromisoformat(row["opens_on"])
        return None

    def opening_of(self, session: int) -> SessionDate | None:
        """The opening day of a session ("before its sixtieth session"), exact or estimated.

        Without an opening day in the calendar, the first day of the session's first month stands in
        ("Feb-Apr" -> 1 February): earlier than the real opening, so never a deadline later than the text's.
        """
        row = self._rows.get(int(session))
        if row is None:
            return None
        opens = self.start_of(session)
        if opens:
            return SessionDate(session, opens, "day", row["source"], row["confidence"])
        first_month = self.first_month_of(session)
        if first_month is None:
            return None
        return SessionDate(session, first_month, "month", row["source"] or "regular pattern of Council sessions",
                           row["confidence"])

    def sessions(self) -> list[int]:
        return sorted(self._rows)
