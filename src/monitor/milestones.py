"""Milestones: events of the types a workspace names and the dates it schedules, as they were known on a day."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .dates import day_or_none
from .schemas import split_list

MILESTONE_COLUMNS = ["date", "type", "state", "title", "scheduled_for", "announced_on", "indicator_id",
                     "days_after_deadline", "commitments", "source", "confidence"]
SCHEDULE = "schedule"  # the `type` of a row that is a date indicator's observation (a date as announced)


def milestone_table(events: pd.DataFrame, observations: pd.DataFrame, event_types: tuple[str, ...],
                    schedules: tuple[str, ...], deadline: dt.date | None = None,
                    as_of: dt.date | None = None) -> pd.DataFrame:
    """Events of `event_types` and observations of the date indicators `schedules`, in date order.

    A scheduled event counts from its announcement (its date may lie after as_of); an occurred or
    cancelled one from its date; a schedule from the day it was announced (its observation date).
    days_after_deadline: for a scheduled date or an event that took place, how far it lies past the deadline.
    """
    rows = []
    for event in events.to_dict("records") if not events.empty else []:
        if event["type"] not in event_types:
            continue
        scheduled = event["state"] == "scheduled"
        rows.append({
            "date": event["date"], "type": event["type"], "state": event["state"], "title": event["title"],
            "scheduled_for": event["date"] if scheduled else None,
            "announced_on": event.get("announced_on") or None, "indicator_id": None,
            "commitments": event.get("commitments") or "", "source": event["source"],
            "confidence": event["confidence"],
            "_known": (day_or_none(event.get("announced_on")) if scheduled else None) or day_or_none(event["date"]),
        })
    wanted = observations[observations["indicator_id"].isin(schedules)] if not observations.empty else observations
    for obs in wanted.to_dict("records") if not wanted.empty else []:
        if day_or_none(obs["value"]) is None:
            continue
        rows.append({
            "date": obs["date"], "type": SCHEDULE, "state": "scheduled", "title": obs.get("note") or obs["indicator_id"],
            "scheduled_for": str(obs["value"])[:10], "announced_on": obs["date"], "indicator_id": obs["indicator_id"],
            "commitments": "", "source": obs["source"], "confidence": obs["confidence"],
            "_known": day_or_none(obs["date"]),
        })
    frame = pd.DataFrame(rows, columns=[c for c in MILESTONE_COLUMNS if c != "days_after_deadline"] + ["_known"])
    if as_of is not None and not frame.empty:
        frame = frame[[k is not None and k <= as_of for k in frame["_known"]]]

    def lateness(row) -> int | None:
        day = day_or_none(row["scheduled_for"]) or (day_or_none(row["date"]) if row["state"] == "occurred" else None)
        return None if deadline is None or day is None else (day - deadline).days

    frame = frame.drop(columns="_known")
    frame["days_after_deadline"] = pd.array([lateness(r) for r in frame.to_dict("records")], dtype="Int64")
    return frame.sort_values(["date", "type"], kind="stable").reset_index(drop=True)[MILESTONE_COLUMNS]


def milestone_deadline(commitments: pd.DataFrame, indicators: pd.DataFrame, events: pd.DataFrame,
                       event_types: tuple[str, ...], schedules: tuple[str, ...]
                       ) -> tuple[str | None, dt.date | None]:
    """(commitment id, deadline) that the milestones are measured against.

    The earliest deadline among the commitments the schedule indicators track, else among those the
    events of these types bear on; else a schedule indicator's target date (with no commitment).
    """
    tracked: list[str] = []
    chosen = indicators[indicators["indicator_id"].isin(schedules)] if not indicators.empty else indicators
    for row in chosen.to_dict("records") if not chosen.empty else []:
        tracked += split_list(row["commitments"])
    if not tracked and not events.empty:
        for row in events[events["type"].isin(event_types)].to_dict("records"):
            tracked += split_list(row["commitments"])
    candidates = [(day_or_none(r.get("deadline")), r["commitment_id"])
                  for r in commitments[commitments["commitment_id"].isin(tracked)].to_dict("records")]
    candidates = sorted((d, c) for d, c in candidates if d)
    if candidates:
        return candidates[0][1], candidates[0][0]
    targets = sorted(d for d in (day_or_none(r.get("target_date")) for r in chosen.to_dict("records")) if d) \
        if not chosen.empty else []
    return (None, targets[0]) if targets else (None, None)


def milestones_known_on(data, spec, as_of: dt.date) -> tuple[pd.DataFrame, dt.date | None, str]:
    """A milestones or date figure's rows as known on as_of, its deadline and the deadline's paragraph label.

    `data` is a monitor.pipeline.WorkspaceData, `spec` a monitor.config.FigureConfig; with a series
    named, only that series' commitments give the deadline.
    """
    from .scope import short_id

    events = data.curated.events
    commitments = data.commitments
    if spec.series:
        members = set(data.series.loc[data.series["series_id"] == spec.series, "resolution_id"])
        commitments = commitments[commitments["resolution_id"].isin(members)]
    commitment, deadline = milestone_deadline(commitments, data.curated.indicators, events, spec.event_types,
                                              spec.schedules)
    frame = milestone_table(events, data.curated.observations, spec.event_types, spec.schedules, deadline, as_of)
    label = short_id(*commitment.rsplit(":", 1)) if commitment else ""
    return frame, deadline, label
