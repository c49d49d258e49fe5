"""The election timeline: each scheduled date, when it was announced and moved, against OP26's deadline."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .dates import day_or_none
from .schemas import split_list

ELECTION_EVENT_TYPES = ("election_scheduled", "election_postponed", "election_held", "transition_extended",
                        "constitution_promulgated")
TIMELINE_COLUMNS = ["date", "what", "title", "scheduled_for", "announced_on", "days_after_deadline",
                    "source", "confidence"]


def election_timeline(events: pd.DataFrame, observations: pd.DataFrame, deadline: dt.date,
                      as_of: dt.date | None = None) -> pd.DataFrame:
    """Events and schedule announcements in date order; days_after_deadline for each scheduled or held date."""
    rows = []
    for event in events.to_dict("records") if not events.empty else []:
        if event["type"] not in ELECTION_EVENT_TYPES:
            continue
        rows.append({
            "date": event["date"], "what": event["type"].replace("_", " "), "title": event["title"],
            "scheduled_for": event["date"] if event["type"] == "election_scheduled" else None,
            "announced_on": event["announced_on"] or None,
            "source": event["source"], "confidence": event["confidence"],
        })
    schedules = observations[observations["indicator_id"] == "election_date_scheduled"] if not observations.empty else observations
    for obs in schedules.to_dict("records") if not schedules.empty else []:
        rows.append({
            "date": obs["date"], "what": "schedule announced", "title": obs["note"] or "scheduled date of the election",
            "scheduled_for": obs["value"], "announced_on": obs["date"],
            "source": obs["source"], "confidence": obs["confidence"],
        })
    frame = pd.DataFrame(rows, columns=[c for c in TIMELINE_COLUMNS if c != "days_after_deadline"])
    if as_of is not None and not frame.empty:
        frame = frame[frame["date"] <= as_of.isoformat()]

    def lateness(row) -> int | None:
        target = row["scheduled_for"] if isinstance(row["scheduled_for"], str) and row["scheduled_for"] else (
            row["date"] if row["what"] == "election held" else None)
        if not target:
            return None
        return (dt.date.fromisoformat(target) - deadline).days

    frame["days_after_deadline"] = pd.array(
        [lateness(row) for row in frame.to_dict("records")] if not frame.empty else [], dtype="Int64")
    return frame.sort_values(["date", "what"]).reset_index(drop=True)[TIMELINE_COLUMNS]


def election_deadline(commitments: pd.DataFrame, indicators: pd.DataFrame,
                      indicator_id: str = "election_date_scheduled") -> tuple[str | None, dt.date | None]:
    """(paragraph id, deadline) of the first commitment the election indicator tracks that has a deadline.

    Falls back to the indicator's target date; (None, None) where neither is recorded.
    """
    tracked = []
    if not indicators.empty:
        for row in indicators[indicators["indicator_id"] == indicator_id].to_dict("records"):
            tracked += split_list(row["commitments"])
    for row in commitments[commitments["commitment_id"].isin(tracked)].to_dict("records"):
        if day_or_none(row.get("deadline")):
            return row["paragraph_id"], day_or_none(row["deadline"])
    for row in indicators[indicators["indicator_id"] == indicator_id].to_dict("records"):
        if day_or_none(row.get("target_date")):
            return None, day_or_none(row["target_date"])
    return None, None
