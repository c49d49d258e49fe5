"""Events: dated milestones that change what a paragraph can mean (append-only ledger)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ledger import read_ledger
from .observations import PRECISIONS
from .schemas import Column, Schema

EVENTS_FILE = "events.csv"
EVENT_STATES = ("scheduled", "occurred", "cancelled")

EVENT_SCHEMA = Schema(
    "events",
    (
        Column("event_id", pattern=r"[a-z0-9][a-z0-9_-]*"),
        Column("date", "date", description="when it happened or is scheduled (start of a range)"),
        Column("date_end", "date", required=False),
        Column("precision", choices=PRECISIONS),
        Column("type", choices="event_types"),
        Column("state", choices=EVENT_STATES, description="a scheduled event may lie in the future"),
        Column("title"),
        Column("commitments", "list", required=False, description="commitment ids it bears on, separated by |"),
        Column("announced_on", "date", required=False),
        Column("source"),
        Column("source_date", "date", required=False),
        Column("confidence", choices="confidence"),
        Column("note", required=False),
        Column("recorded_at"),
        Column("recorded_by"),
    ),
    key=("event_id",),
    description="Milestones: mandates, bodies, agreements, elections, judgments",
)


def load_events(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / EVENTS_FILE, EVENT_SCHEMA)
