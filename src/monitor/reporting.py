"""The reporting calendar: Council sessions, and the reports, dialogues and renewals asked for and delivered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .dates import day_or_none
from .schemas import split_list
from .scope import short_id
from .sessions import SessionCalendar
from .status import resolve_rules


def events_up_to(events: pd.DataFrame, as_of: dt.date, types: tuple[str, ...] | None = None,
                 states: tuple[str, ...] = ("occurred",)) -> pd.DataFrame:
    """Events of some types and states dated up to as_of (scheduled ones by their announcement)."""
    if events.empty:
        return events.copy()
    keep = []
    for row in events.to_dict("records"):
        if types is not None and row["type"] not in types:
            keep.append(False)
            continue
        if row["state"] not in states:
            keep.append(False)
            continue
        # a scheduled event is known from its announcement (else its date); one that occurred, from its date
        known = (day_or_none(row["announced_on"]) if row["state"] == "scheduled" else None) or day_or_none(row["date"])
        keep.append(known is not None and known <= as_of)
    return events[keep].sort_values("date").reset_index(drop=True)


def session_table(reference: Path | None = None) -> pd.DataFrame:
    """Every HRC session in the calendar: start, end, and whether the dates come from a source."""
    calendar = SessionCalendar(reference)
    rows = []
    for session in calendar.sessions():
        end = calendar.end_of(session)
        start = calendar.start_of(session)
        start = start or calendar.first_month_of(session)
        if end is None or start is None:
            continue
        rows.append({"session": session, "start": start, "end": end.date, "known": end.precision == "day",
                     "end_precision": end.precision, "source": end.source})
    return pd.DataFrame(rows, columns=["session", "start", "end", "known", "end_precision", "source"])


def reporting_items(commitments: pd.DataFrame, rules: pd.DataFrame, events: pd.DataFrame,
                    as_of: dt.date) -> pd.DataFrame:
    """Reports, dialogues and mandate renewals: asked for (reporting paragraphs and scheduled events) and delivered.

    Columns: row (reports, dialogues, renewals, other_reporting), state (asked_for, scheduled,
    delivered), date, label, detail, source, confidence.
    """
    row_of = {"report_presented": "reports", "dialogue_held": "dialogues", "mandate_renewed": "renewals"}
    rule_type = {cid: rule.get("event_type") or "" for cid, rule in resolve_rules(commitments, rules).items()}
    kinds = dict(zip(commitments["commitment_id"], commitments["kind"]))
    several = commitments["resolution_id"].nunique() > 1
    items = []
    reporting = commitments[commitments["kind"] == "reporting"] if not commitments.empty else commitments
    for row in reporting.to_dict("records"):
        deadline = day_or_none(row.get("deadline"))
        if deadline is None:
            continue
        items.append({"row": row_of.get(rule_type.get(row["commitment_id"], ""), "other_reporting"),
                      "state": "asked_for", "date": deadline,
                      "label": short_id(row["resolution_id"], row["paragraph_id"], several),
                      "detail": f"{row['resolution_id']} {row['paragraph_id']}: {row.get('deadline_text') or ''}".strip(),
                      "source": row["resolution_id"], "confidence": "primary"})
    for state in ("scheduled", "occurred"):
        for row in events_up_to(events, as_of, tuple(row_of), (state,)).to_dict("records"):
            linked = [kinds.get(c) for c in split_list(row["commitments"])]
            if row["type"] == "mandate_renewed" and "decision" not in linked:
                continue  # another body's mandate (a mission's), not one the Council renews here
            items.append({"row": row_of[row["type"]], "state": "delivered" if state == "occurred" else "scheduled",
                          "date": day_or_none(row["date"]), "label": row["event_id"], "detail": row["title"],
                          "source": row["source"], "confidence": row["confidence"]})
    columns = ["row", "state", "date", "label", "detail", "source", "confidence"]
    return pd.DataFrame(items, columns=columns).sort_values(["row", "date"]).reset_index(drop=True)
