"""The status history: counts at the end of each Council session, per resolution."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .reporting import session_table
from .scope import adoption_dates, status_counts
from .snapshot import in_force

HISTORY_COLUMNS = ["session", "date", "resolution_id", "status", "count", "paragraphs"]


def status_history(data, as_of: dt.date) -> pd.DataFrame:
    """The status counts at the end of each Council session from adoption to as_of, and on as_of itself.

    `data` is a WorkspaceData; each point applies the status engine on that day with everything
    recorded so far, to the resolutions adopted by then, one set of counts per resolution.
    Columns: session (None for as_of itself), date, resolution_id, status, count, paragraphs.
    """
    return data.derived("history", (as_of,), lambda: _history(data, as_of))


def _history(data, as_of: dt.date) -> pd.DataFrame:
    adopted = adoption_dates(data.metadata)
    first = min(adopted.values()) if adopted else as_of
    sessions = session_table(data.workspace.reference)
    points = [(int(row["session"]), row["end"]) for row in sessions.to_dict("records")
              if first <= row["end"] <= as_of]
    if not points or points[-1][1] != as_of:
        points.append((None, as_of))
    rows = []
    for session, day in points:
        # the engine runs on the resolutions adopted by that day only (monitor.snapshot), so each resolution
        # costs the sessions since its adoption, not those since the workspace's first
        status = in_force(data, day).status(day)
        for resolution_id, own in status.groupby("resolution_id", sort=False):
            counts = status_counts(own, data.workspace.reference)
            rows += [{"session": session, "date": day, "resolution_id": resolution_id, **row}
                     for row in counts.to_dict("records")]
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
