"""Time to implementation per ask: adopted, deadline, the first day it was met, how long that took and on whose evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from .assessments import ASSESSORS
from .dates import day_or_none
from .schemas import Column, Schema
from .scope import adoption_dates

IMPLEMENTATION_SCHEMA = Schema(
    "implementation",
    (
        Column("ask_id", pattern=r"\S+:OP\d+\.\d+", description="<commitment_id>.<n>"),
        Column("commitment_id", pattern=r"\S+:OP\d+"),
        Column("resolution_id"),
        Column("adopted", "date", required=False, description="the resolution's adoption date"),
        Column("deadline", "date", required=False, description="the earliest date after adoption the clause sets"),
        Column("first_met", "date", required=False,
               description="the first day its status was met, by the date (empty: never met by then)"),
        Column("days_to_met", "int", required=False, description="days from adoption to first_met"),
        Column("met_on_time", "bool", required=False, description="first met on or before its deadline (empty: no deadline, or never met)"),
        Column("met_rule", required=False, description="the rule that decided it was met (decision, event, indicator, assessment)"),
        Column("met_evidence", required=False, description="the source of the evidence that met it"),
        Column("met_assessor", required=False, choices=ASSESSORS, description="whose assessment met it, where one did"),
        Column("status", choices="statuses", description="its status on the as-of date"),
        Column("as_of", "date"),
    ),
    key=("ask_id",),
    description="Time to implementation: one row per ask, from adoption to the first day it was met",
)


def _days(values, as_of: dt.date) -> set[dt.date]:
    return {d for d in (day_or_none(v) for v in values) if d is not None and d <= as_of}


def met_candidates(data, as_of: dt.date) -> list[dt.date]:
    """The days on which a status can turn met: a status is a function of the evidence dated by the day, so it
    changes only on an evidence date; of those, only the ones that can meet a rule (an adoption for a
    decision, an occurred event of a rule's type, an observation of a ruled indicator or its target date, an
    assessment judging met). Linear in the evidence."""
    curated = data.curated
    rules = curated.rules
    days = _days(adoption_dates(data.metadata).values(), as_of)
    if not curated.events.empty:
        types = set(rules["event_type"]) - {""} if not rules.empty else set()
        events = curated.events[(curated.events["state"] == "occurred") & curated.events["type"].isin(types)]
        days |= _days(events["date"], as_of)
    ruled = set(rules["indicator_id"]) - {""} if not rules.empty else set()
    if not curated.observations.empty:
        days |= _days(curated.observations.loc[curated.observations["indicator_id"].isin(ruled), "date"], as_of)
    if not curated.indicators.empty:  # a date indicator is met once its target date has come
        days |= _days(curated.indicators.loc[curated.indicators["indicator_id"].isin(ruled), "target_date"], as_of)
    if not curated.assessments.empty:
        days |= _days(curated.assessments.loc[curated.assessments["status"] == "met", "date"], as_of)
    return sorted(days)


def _assessor(assessments: pd.DataFrame, ask: dict, evidence, day) -> str | None:
    """Whose met judgment of the ask (or of its whole paragraph) on that day rests on that evidence."""
    if assessments.empty or not evidence:
        return None
    judged = assessments["ask"].astype(str).str.strip() if "ask" in assessments.columns else ""
    found = assessments[(assessments["commitment_id"] == ask["commitment_id"]) & judged.isin(["", str(ask["n"])])
                        & (assessments["status"] == "met") & (assessments["evidence"] == evidence)
                        & (assessments["date"].astype(str) == str(day))]
    return None if found.empty else str(found.iloc[-1]["assessor"])


def implementation_table(data, as_of: dt.date) -> pd.DataFrame:
    """Every ask of the workspace (a monitor.pipeline.WorkspaceData) with the first day its status was met.

    The ask status engine runs once per candidate day (met_candidates), in order, and stops when every ask
    has been met; each run's statuses are dropped once read, so memory stays that of one run.
    """
    columns = IMPLEMENTATION_SCHEMA.column_names
    if data.asks.empty:
        return pd.DataFrame(columns=columns)
    probe = dataclasses.replace(data, _statuses={})  # the runs at past days are not kept in the build's cache
    first: dict[str, tuple[dt.date, dict]] = {}
    remaining = set(data.asks["ask_id"])
    for day in met_candidates(data, as_of):
        if not remaining:
            break
        table = probe.ask_status(day)
        probe._statuses.clear()
        for row in table[(table["status"] == "met") & table["ask_id"].isin(remaining)].to_dict("records"):
            first[row["ask_id"]] = (day, row)
            remaining.discard(row["ask_id"])
    now = data.ask_status(as_of).set_index("ask_id")["status"].to_dict()
    adopted = adoption_dates(data.metadata)
    rows = []
    for ask in data.asks.to_dict("records"):
        day, met = first.get(ask["ask_id"], (None, None))
        adoption = adopted.get(ask["resolution_id"])
        deadline = day_or_none(ask.get("deadline"))
        rows.append({
            "ask_id": ask["ask_id"], "commitment_id": ask["commitment_id"], "resolution_id": ask["resolution_id"],
            "adopted": adoption.isoformat() if adoption else None,
            "deadline": deadline.isoformat() if deadline else None,
            "first_met": day.isoformat() if day else None,
            "days_to_met": (day - adoption).days if day and adoption else None,
            "met_on_time": (day <= deadline) if day and deadline else None,
            "met_rule": met["rule"] if met else None,
            "met_evidence": met["evidence"] if met else None,
            "met_assessor": _assessor(data.curated.assessments, ask, met["evidence"], met["evidence_date"])
            if met else None,
            "status": now.get(ask["ask_id"], "no_data"),
            "as_of": as_of.isoformat(),
        })
    frame = pd.DataFrame(rows, columns=columns)
    frame["days_to_met"] = frame["days_to_met"].astype("Int64")  # whole days, empty where never met
    return frame
