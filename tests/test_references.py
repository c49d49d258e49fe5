"""References: symbols, resolutions, figures and time expressions normalised to dates."""

import datetime as dt

from monitor.references import find_references, find_symbols, find_time_expressions
from monitor.sessions import SessionCalendar

ADOPTED = dt.date(2021, 3, 24)


def test_symbols():
    text = "see A/HRC/46/68, S/AC.51/2020/11 and A/80/L.2/Rev.1; not and/or 60/251."
    assert [r.value for r in find_symbols(text)] == ["A/HRC/46/68", "S/AC.51/2020/11", "A/80/L.2/Rev.1"]


def test_session_dates_come_from_the_calendar():
    calendar = SessionCalendar()
    [known] = find_time_expressions("at its forty-ninth session", ADOPTED, calendar, "HRC")
    assert (known.date, known.precision) == (dt.date(2022, 4, 1), "day")
    # the 62nd session's last day is not known: the end of its last month stands in
    [estimated] = find_time_expressions("at its sixty-second session", ADOPTED, calendar, "HRC")
    assert (estimated.date, estimated.precision) == (dt.date(2026, 7, 31), "month")
    assert estimated.detail["confidence"] == "unverified"


def test_other_time_expressions():
    found = find_time_expressions(
        "no later than 15 August 2020, within eleven months of the adoption, by the end of September 2020, every 90 days",
        dt.date(2020, 5, 29),
    )
    assert [(r.value, r.date) for r in found] == [
        ("2020-08-15", dt.date(2020, 8, 15)),
        ("11 months", dt.date(2021, 4, 29)),
        ("2020-09-30", dt.date(2020, 9, 30)),
        ("every 90 days", None),
    ]


def test_figures_skip_dates_symbols_and_resolutions():
    refs = find_references(
        "integration of 1,730 former members, resolution 2374 (2017) of 5 September 2017, A/HRC/46/68, "
        "over 30,000 depositions and 65.4 per cent",
        own_body="HRC",
    )
    figures = [(r.value, r.detail["qualifier"], r.detail["unit"]) for r in refs if r.type == "figure"]
    assert figures == [("1730", "exact", ""), ("30000", "over", ""), ("65.4", "exact", "percent")]
