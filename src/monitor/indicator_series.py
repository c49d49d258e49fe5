"""Each indicator's series as the deliverables show it: every value while they are few, one per period when many."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from .sensitivity import DEFAULT
from .vocab import load_vocabulary

# A series drawn or listed with more points than this is summarised per period: a 1,150 px plot gives each of
# 400 points under 3 px, the least in which a line's steps still read apart; more add ink, not information.
MAX_POINTS = 400
# Periods tried in turn, finest first (pandas period codes and the words the labels use for them).
PERIODS = (("W", "week"), ("M", "month"), ("Q", "quarter"), ("Y", "year"))
SERIES_COLUMNS = ["observation_id", "date", "value", "qualifier", "source", "confidence", "sensitivity", "note",
                  "recorded_at", "chosen", "period", "summarised"]


def up_to(observations: pd.DataFrame, indicator_id: str, as_of: dt.date) -> pd.DataFrame:
    """One indicator's observations dated up to as_of (a whole column compared once, not row by row)."""
    if observations.empty:
        return observations
    mine = observations[observations["indicator_id"] == indicator_id]
    if mine.empty:
        return mine
    days = mine["date"].astype(str).str[:10]
    # ISO dates compare as text; a value that is no date (refused by validate) is left out, as before
    valid = days.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & (days <= as_of.isoformat())
    return mine[valid].assign(date=days[valid])


def numeric_series(observations: pd.DataFrame, indicator_id: str, as_of: dt.date,
                   confidence_rank: dict[str, int]) -> pd.DataFrame:
    """One indicator's numeric observations up to as_of, `chosen` marking one per date.

    Where several sources give a value for the same date, the most reliable (then the latest
    recorded) is chosen for the line; the others stay as points of their own.
    """
    mine = up_to(observations, indicator_id, as_of)
    if mine.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    mine = mine.assign(value=pd.to_numeric(mine["value"], errors="coerce"),
                       _rank=mine["confidence"].map(lambda c: confidence_rank.get(c, 0)))
    mine = mine[mine["value"].notna()].sort_values(["date", "_rank", "recorded_at"], kind="stable")
    chosen = ~mine.duplicated("date", keep="last")
    mine = mine.assign(chosen=chosen.to_numpy(), period="", summarised=1)
    return mine.reindex(columns=SERIES_COLUMNS).reset_index(drop=True)


def period_of(dates: pd.Series, limit: int = MAX_POINTS) -> tuple[str, str] | None:
    """The finest period (code, word) in which the dates fall into at most `limit` periods; None when
    the dates are that few already. The coarsest (a year) when none is fine enough."""
    days = pd.to_datetime(dates)
    if days.nunique() <= limit:
        return None
    for code, word in PERIODS:
        if days.dt.to_period(code).nunique() <= limit:
            return code, word
    return PERIODS[-1]


def period_word(label) -> str:
    """The period a label names (2024-W05 a week, 2024Q1 a quarter, 2024-03 a month, 2024 a year); '' for none."""
    if not isinstance(label, str) or not label:
        return ""
    return "week" if "-W" in label else "quarter" if "Q" in label else "month" if "-" in label else "year"


def _label(days: pd.Series, code: str) -> pd.Series:
    """A period as a reader writes it: 2024-W05, 2024-03, 2024-Q1, 2024."""
    periods = pd.to_datetime(days).dt.to_period(code)
    if code == "W":
        start = periods.dt.start_time
        return start.dt.strftime("%G-W%V")
    return periods.astype(str)


def thinned(series: pd.DataFrame, flow: bool = False, limit: int = MAX_POINTS) -> pd.DataFrame:
    """A numeric_series with at most `limit` chosen and 2 × `limit` other points.

    Chosen values beyond the limit become one per period: a level's last value in the period (the real
    observation), a flow's sum (no observation of its own, so no id; its qualifier 'about' unless every
    value summed was exact). Other sources' values beyond the limit become each period's lowest and
    highest. `period` names the period and `summarised` counts the observations a row stands for.
    """
    chosen, others = series[series["chosen"].astype(bool)], series[~series["chosen"].astype(bool)]
    if len(chosen) <= limit and len(others) <= 2 * limit:
        return series
    return pd.concat([_chosen_per_period(chosen, flow, limit), _range_per_period(others, limit)],
                     ignore_index=True).reindex(columns=SERIES_COLUMNS)


def _chosen_per_period(chosen: pd.DataFrame, flow: bool, limit: int) -> pd.DataFrame:
    period = period_of(chosen["date"], limit) if len(chosen) > limit else None
    if period is None:
        return chosen
    marked = chosen.assign(period=_label(chosen["date"], period[0]).to_numpy())
    groups = marked.groupby("period", sort=False)
    last = marked.assign(summarised=groups["value"].transform("size").to_numpy()).drop_duplicates("period", keep="last")
    if not flow:
        return last
    exact = groups["qualifier"].agg(lambda q: bool((q == "exact").all()))
    sums = groups["value"].sum()
    # a sum is as restricted as the most restricted value in it
    order = _sensitivity_order()
    strictest = groups["sensitivity"].agg(lambda s: max(s.fillna(DEFAULT).replace("", DEFAULT), key=lambda x: order.get(x, 0)))
    return last.assign(value=last["period"].map(sums).to_numpy(), observation_id="", note="",
                       qualifier=["exact" if exact[p] else "about" for p in last["period"]],
                       sensitivity=last["period"].map(strictest).to_numpy())


@functools.lru_cache(maxsize=1)
def _sensitivity_order() -> dict[str, int]:
    frame = load_vocabulary("sensitivity", None)
    return dict(zip(frame["sensitivity_id"], frame["order"].astype(int)))


def _range_per_period(others: pd.DataFrame, limit: int) -> pd.DataFrame:
    if len(others) <= 2 * limit:
        return others
    period = period_of(others["date"], limit) or PERIODS[0]
    marked = others.assign(period=_label(others["date"], period[0]).to_numpy())
    size = marked.groupby("period")["value"].transform("size")
    marked = marked.assign(summarised=size.to_numpy())
    low = marked.loc[marked.groupby("period", sort=False)["value"].idxmin()]
    high = marked.loc[marked.groupby("period", sort=False)["value"].idxmax()]
    return pd.concat([low, high]).drop_duplicates("observation_id").sort_values(["date", "value"], kind="stable")


def shown_rows(observations: pd.DataFrame, indicator_id: str, indicator_type: str, as_of: dt.date,
               confidence_rank: dict[str, int], limit: int = MAX_POINTS) -> pd.DataFrame:
    """The ledger rows of one indicator that the deliverables show as of a date, with `period` and
    `summarised`: all of them while at most `limit`; else, for a number, the rows its figure draws
    (thinned) and, for any other value (yes/no, a date, text), each period's last observation."""
    mine = up_to(observations, indicator_id, as_of)
    if len(mine) <= limit:
        return mine.assign(period="", summarised=1)
    numbers = pd.to_numeric(mine["value"], errors="coerce")
    if indicator_type not in ("date", "yesno", "text", "narrative") and numbers.notna().any():
        drawn = thinned(numeric_series(mine, indicator_id, as_of, confidence_rank), indicator_type == "flow", limit)
        real = drawn[drawn["observation_id"].astype(str) != ""]
        rows = mine.set_index("observation_id").loc[real["observation_id"]].reset_index()
        rows = rows.assign(period=real["period"].to_numpy(), summarised=real["summarised"].to_numpy())
        sums = drawn[drawn["observation_id"].astype(str) == ""]
        sums = sums.assign(indicator_id=indicator_id, value=sums["value"].map(_plain))
        return pd.concat([rows, sums.reindex(columns=rows.columns)], ignore_index=True).sort_values(
            ["date", "observation_id"], kind="stable").reset_index(drop=True)
    period = period_of(mine["date"], limit) or PERIODS[0]
    ordered = mine.sort_values(["date", "recorded_at"], kind="stable")
    keys = _label(ordered["date"], period[0]).to_numpy()
    ordered = ordered.assign(period=keys, summarised=ordered.groupby(keys)["date"].transform("size").to_numpy())
    return ordered.drop_duplicates("period", keep="last").reset_index(drop=True)


def _plain(value) -> str:
    """A sum as the ledger writes a number: 12 rather than 12.0."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def is_summarised(frame: pd.DataFrame) -> bool:
    """Whether any row of a series stands for more than one observation."""
    return not frame.empty and "summarised" in frame.columns and bool((frame["summarised"] > 1).any())


