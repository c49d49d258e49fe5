"""monitor.indicator_series: every value while few, one per period when many (levels' last, flows' sum, ranges)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from monitor.indicator_series import MAX_POINTS, numeric_series, period_of, period_word, shown_rows, thinned
from observation_frames import observation_frame

RANK = {"primary": 3, "mirror": 2, "secondary": 1}
AS_OF = dt.date(2025, 12, 31)


def ledger(days: int, per_day: int = 1, indicator: str = "ind", start: str = "2015-01-01", seed: int = 0,
           values=None) -> pd.DataFrame:
    """`per_day` observations on each of `days` consecutive days, the first of each day from a primary source."""
    dates = np.repeat(pd.date_range(start, periods=days, freq="D").strftime("%Y-%m-%d"), per_day)
    return observation_frame(dates, per_day, indicator, seed, values)


def test_a_short_series_is_every_value_as_recorded():
    frame = ledger(30, 2)
    series = numeric_series(frame, "ind", AS_OF, RANK)
    assert len(series) == 60 and series["chosen"].sum() == 30
    assert thinned(series).equals(series)
    # the primary source's value is the chosen one of each day
    chosen = series[series["chosen"]]
    assert (chosen["confidence"] == "primary").all()


def test_a_long_level_series_keeps_each_periods_last_real_value():
    frame = ledger(3000, 1)  # more than eight years of daily values
    series = numeric_series(frame, "ind", AS_OF, RANK)
    drawn = thinned(series)
    chosen = drawn[drawn["chosen"]]
    assert len(chosen) <= MAX_POINTS < len(series)
    assert period_of(series["date"]) == ("M", "month")  # 99 months; 429 weeks would be too many
    assert set(chosen["observation_id"]) <= set(frame["observation_id"])
    last_of_june = frame[frame["date"].str.startswith("2017-06")].iloc[-1]
    row = chosen[chosen["period"] == "2017-06"].iloc[0]
    assert row["observation_id"] == last_of_june["observation_id"] and row["summarised"] == 30
    assert chosen["summarised"].sum() == len(series)
    assert period_word(row["period"]) == "month"


def test_a_long_flow_series_sums_each_period():
    frame = ledger(3000, 1, values=[1] * 3000)
    drawn = thinned(numeric_series(frame, "ind", AS_OF, RANK), flow=True)
    assert drawn["value"].sum() == 3000
    january = drawn[drawn["period"] == "2015-01"].iloc[0]
    assert january["value"] == 31 and january["observation_id"] == "" and january["qualifier"] == "about"


def test_other_sources_become_each_periods_range():
    frame = ledger(1000, 100)  # 100,000 observations, 99 of each day's from other sources
    series = numeric_series(frame, "ind", AS_OF, RANK)
    drawn = thinned(series)
    others = drawn[~drawn["chosen"]]
    assert len(others) <= 2 * MAX_POINTS and len(drawn) <= 3 * MAX_POINTS
    first_week = series[~series["chosen"] & (series["date"] <= "2015-01-04")]  # 2015-01-01 is a Thursday
    week = others[others["period"] == "2015-W01"]
    assert sorted(week["value"]) == [first_week["value"].min(), first_week["value"].max()]


def test_shown_rows_are_all_while_few_and_real_rows_beyond():
    few = ledger(50, 2)
    assert len(shown_rows(few, "ind", "count", AS_OF, RANK)) == 100
    many = ledger(2000, 5)
    rows = shown_rows(many, "ind", "count", AS_OF, RANK)
    assert len(rows) <= 3 * MAX_POINTS
    assert set(rows["observation_id"]) <= set(many["observation_id"])
    assert rows["summarised"].max() > 1 and list(rows.columns[:3]) == list(many.columns[:3])
    text = ledger(2000, 1, values=["yes", "no"] * 1000)
    shown = shown_rows(text, "ind", "yesno", AS_OF, RANK)
    assert len(shown) <= MAX_POINTS and shown["summarised"].sum() == 2000


def test_only_values_up_to_the_date():
    frame = ledger(100, 1, start="2025-12-01")
    assert numeric_series(frame, "ind", AS_OF, RANK)["date"].max() == "2025-12-31"
    assert len(shown_rows(frame, "ind", "count", AS_OF, RANK)) == 31


@pytest.mark.parametrize("label, word", [("2024-W05", "week"), ("2024-03", "month"), ("2024Q1", "quarter"),
                                         ("2024", "year"), ("", "")])
def test_period_words(label, word):
    assert period_word(label) == word
