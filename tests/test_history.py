"""The status history: the same table as the engine applied to every resolution on every session's last day,
with each resolution evaluated only from its adoption on."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from monitor import pipeline
from monitor.history import _history, status_history
from monitor.reporting import session_table
from monitor.scope import adopted_by, adoption_dates, status_counts
from monitor.workspace import Workspace


def reference_history(data, as_of: dt.date) -> pd.DataFrame:
    """The implementation before the history became linear, kept here as the reference: the whole engine,
    every resolution, on every point."""
    adopted = adoption_dates(data.metadata)
    first = min(adopted.values()) if adopted else as_of
    sessions = session_table(data.workspace.reference)
    points = [(int(row["session"]), row["end"]) for row in sessions.to_dict("records")
              if first <= row["end"] <= as_of]
    if not points or points[-1][1] != as_of:
        points.append((None, as_of))
    rows = []
    for session, day in points:
        status = adopted_by(data.status(day), data.metadata, day)
        for resolution_id in dict.fromkeys(status["resolution_id"]):
            counts = status_counts(status[status["resolution_id"] == resolution_id], data.workspace.reference)
            for row in counts.to_dict("records"):
                rows.append({"session": session, "date": day, "resolution_id": resolution_id, **row})
    return pd.DataFrame(rows, columns=["session", "date", "resolution_id", "status", "count", "paragraphs"])


@pytest.fixture(scope="module")
def loaded():
    return pipeline.load_workspace(Workspace.locate())


def test_the_history_is_the_reference_table(monkeypatch, loaded):
    """Until 2024 only 46/28 is adopted, 55/25 joins in 2024 and 58/30 in 2025: the engine runs on those only."""
    as_of = dt.date(2025, 12, 31)
    expected = reference_history(loaded, as_of)
    evaluated = []
    engine = pipeline.status_as_of

    def counting(ledgers, day, known_on=None):
        evaluated.append((day, set(ledgers.commitments["resolution_id"])))
        return engine(ledgers, day, known_on)
    monkeypatch.setattr(pipeline, "status_as_of", counting)
    data = pipeline.load_workspace(Workspace.locate())  # another copy: the reference's statuses are its own
    found = _history(data, as_of)
    pd.testing.assert_frame_equal(found, expected)
    assert len(found) > 100 and set(found["status"]) >= {"met", "position", "in_progress"}
    assert set(found["resolution_id"]) == {"A/HRC/RES/46/28", "A/HRC/RES/55/25", "A/HRC/RES/58/30"}
    adopted = adoption_dates(data.metadata)
    assert any(len(resolutions) == 1 for _, resolutions in evaluated), "the early sessions saw one resolution"
    for day, resolutions in evaluated:
        assert resolutions == {r for r, on in adopted.items() if on <= day}, f"on {day}: only what was adopted"


def test_the_history_is_read_back_from_the_cache(monkeypatch, loaded):
    as_of = dt.date(2025, 12, 31)
    first = status_history(loaded, as_of)
    monkeypatch.setattr("monitor.history._history", lambda *a: pytest.fail("recomputed"))
    again = pipeline.load_workspace(Workspace.locate())
    pd.testing.assert_frame_equal(status_history(again, as_of), first)
