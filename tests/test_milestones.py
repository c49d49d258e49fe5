"""monitor.milestones: events and scheduled dates as they were known on a day, against a deadline."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from monitor.events import EVENT_SCHEMA
from monitor.indicators import INDICATOR_SCHEMA
from monitor.milestones import SCHEDULE, milestone_deadline, milestone_table
from monitor.observations import OBSERVATION_SCHEMA


def frame(schema, rows):
    return pd.DataFrame([{c: r.get(c, "") for c in schema.column_names} for r in rows], columns=schema.column_names)


EVENTS = frame(EVENT_SCHEMA, [
    {"event_id": "vote-set", "date": "2026-02-07", "type": "election_scheduled", "state": "scheduled",
     "title": "General elections set", "announced_on": "2025-06-01", "commitments": "R:OP9", "source": "S/1",
     "confidence": "primary"},
    {"event_id": "vote-held", "date": "2026-03-01", "type": "election_held", "state": "occurred",
     "title": "General elections held", "source": "S/2", "confidence": "secondary"},
    {"event_id": "referendum", "date": "2025-11-02", "type": "referendum_held", "state": "occurred",
     "title": "Constitutional referendum", "source": "S/3", "confidence": "primary"},
    {"event_id": "visit", "date": "2025-10-01", "type": "country_visit", "state": "occurred", "title": "Visit",
     "source": "S/4", "confidence": "primary"},
])
OBSERVATIONS = frame(OBSERVATION_SCHEMA, [
    {"observation_id": "obs-0001", "indicator_id": "vote_date", "date": "2025-01-10", "value": "2025-12-01",
     "source": "S/5", "confidence": "primary", "note": "first timetable"},
    {"observation_id": "obs-0002", "indicator_id": "vote_date", "date": "2025-06-01", "value": "2026-02-07",
     "source": "S/1", "confidence": "primary", "note": "moved"},
    {"observation_id": "obs-0003", "indicator_id": "killings", "date": "2025-06-01", "value": "40", "source": "S/6",
     "confidence": "primary"},
])
TYPES = ("election_scheduled", "election_held", "referendum_held")


def test_rows_in_date_order_with_their_lateness():
    table = milestone_table(EVENTS, OBSERVATIONS, TYPES, ("vote_date",), dt.date(2025, 12, 31))
    assert list(table["date"]) == sorted(table["date"])
    assert set(table["type"]) == {*TYPES, SCHEDULE}, "only the types asked for, and the schedules"
    lateness = dict(zip(table["title"], table["days_after_deadline"]))
    assert lateness["first timetable"] == -30 and lateness["moved"] == 38
    assert lateness["General elections held"] == 60 and lateness["General elections set"] == 38
    assert lateness["Constitutional referendum"] == -59


def test_as_known_on_a_day():
    table = milestone_table(EVENTS, OBSERVATIONS, TYPES, ("vote_date",), None, dt.date(2025, 7, 1))
    assert set(table["title"]) == {"first timetable", "moved", "General elections set"}, \
        "a scheduled event counts from its announcement; later events are not known yet"
    assert table["days_after_deadline"].isna().all(), "no deadline, no lateness"


def test_deadline_from_the_tracked_commitments():
    commitments = pd.DataFrame({"commitment_id": ["R:OP9", "R:OP10"], "deadline": ["2025-12-31", "2025-06-30"]})
    indicators = frame(INDICATOR_SCHEMA, [{"indicator_id": "vote_date", "type": "date", "commitments": "R:OP9",
                                           "target_date": "2030-01-01"}])
    assert milestone_deadline(commitments, indicators, EVENTS, TYPES, ("vote_date",)) == ("R:OP9", dt.date(2025, 12, 31))
    # no schedule: the commitments the events bear on
    assert milestone_deadline(commitments, indicators, EVENTS, TYPES, ()) == ("R:OP9", dt.date(2025, 12, 31))
    # nothing tracked with a deadline: the indicator's target date
    assert milestone_deadline(commitments.iloc[0:0], indicators, EVENTS, TYPES, ("vote_date",)) == \
        (None, dt.date(2030, 1, 1))
    assert milestone_deadline(commitments, indicators.iloc[0:0], EVENTS.iloc[0:0], TYPES, ()) == (None, None)
