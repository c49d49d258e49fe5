"""Events: dated milestones that change what a paragraph can mean (append-only ledger)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from .dates import date_problems, day_or_none
from .ledger import locked, read_ledger, refuse, stamp_rows
from .ledger_index import append_indexed, load_index
from .observations import PRECISIONS
from .corrections import CORRECTION_COLUMNS, check_corrections, is_correction
from .problems import Problem
from .chain import DIGEST_COLUMN
from .schemas import Column, Schema, split_list
from .sensitivity import with_default

EVENTS_FILE = "events.csv"
EVENT_STATES = ("scheduled", "occurred", "cancelled")

EVENT_SCHEMA = Schema(
    "events",
    (
        Column("event_id", pattern=r"[a-z0-9][a-z0-9_-]*", description="short id: lower-case letters, digits, _ and -"),
        Column("date", "date", description="when it happened or is scheduled (start of a range)"),
        Column("date_end", "date", required=False, description="end of a range; empty otherwise"),
        Column("precision", choices=PRECISIONS, description="how exactly the source dates it"),
        Column("type", choices="event_types", description="what kind of milestone it is"),
        Column("state", choices=EVENT_STATES, description="a scheduled event may lie in the future"),
        Column("title", description="what happened, in a line"),
        Column("commitments", "list", required=False, description="commitment ids it bears on, separated by |"),
        Column("announced_on", "date", required=False, description="when it was announced, if before it happened"),
        Column("source", description="UN document symbol or address"),
        Column("source_date", "date", required=False, description="date of the source document"),
        Column("confidence", choices="confidence", description="how directly the source was seen"),
        Column("sensitivity", required=False, choices="sensitivity",
               description="public, internal or confidential: only public rows go into a public build; empty: internal"),
        Column("note", required=False, multiline=True, description="anything a reader needs to weigh it"),
        *CORRECTION_COLUMNS,
        Column("recorded_at", description="when it was recorded (ISO date or date-time)"),
        Column("recorded_by", description="who recorded it"),
        DIGEST_COLUMN,
    ),
    key=("event_id",),
    description="Milestones: mandates, bodies, agreements, elections, judgments",
)


def load_events(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / EVENTS_FILE, EVENT_SCHEMA)


# what makes two events the same record: one recorded twice is refused
IDENTITY_COLUMNS = ("date", "type", "state", "title", "source")


def _identity(row: dict) -> tuple:
    return tuple(str(row.get(k, "")).strip() for k in IDENTITY_COLUMNS)


def check_events(rows: pd.DataFrame, origin: str, commitment_ids: set[str], existing: pd.DataFrame | None,
                 today: dt.date, vocabularies: dict[str, set[str]], first_row: int = 2) -> list[Problem]:
    """Every problem in new events: schema, ids taken, unknown commitments, impossible dates, events already recorded."""
    problems = EVENT_SCHEMA.check(rows, origin, vocabularies, first_row=first_row)
    if any(p.location == "header" for p in problems):
        return problems
    previous = existing if existing is not None else pd.DataFrame(columns=EVENT_SCHEMA.column_names)
    taken = set(previous["event_id"])
    seen = {_identity(r): r["event_id"] for r in previous.to_dict("records")}
    for offset, row in enumerate(rows.to_dict("records")):
        where = f"row {offset + first_row}"

        def fail(field: str, message: str) -> None:
            problems.append(Problem("error", origin, where, field, message))
        if row["event_id"] in taken:
            fail("event_id", f"{row['event_id']!r} is already in the events ledger: choose another id")
        taken.add(row["event_id"])
        for cid in split_list(row["commitments"]):
            if cid not in commitment_ids:
                fail("commitments", f"no such commitment {cid!r} in the workspace")
        start, end, announced = (day_or_none(row[c]) for c in ("date", "date_end", "announced_on"))
        if row["state"] == "occurred":
            for field, day in (("date", start), ("date_end", end)):
                if day and day > today:
                    fail(field, f"{day.isoformat()} is in the future: only a scheduled event may be")
        if announced and announced > today:
            fail("announced_on", f"{announced.isoformat()} is in the future: an announcement is made before it is recorded")
        if start and end and end < start:
            fail("date_end", f"{end.isoformat()} is before the date {start.isoformat()}")
        if row["precision"] == "range" and not row["date_end"].strip():
            fail("date_end", "a range needs date_end")
        for field, why in date_problems(row, ("date", "date_end", "announced_on", "source_date"), today, end=""):
            fail(field, why)
        identity = _identity(row)
        if identity in seen and not is_correction(row):  # a withdrawal repeats the row it takes back
            fail("", f"the same event is already recorded as {seen[identity]!r}")
        seen.setdefault(identity, row["event_id"])
    return problems


def event_ids_for(rows: pd.DataFrame, taken: set[str], recorded=lambda event_id: False) -> list[str]:
    """Each row's event_id: its own, else <type>-<date>, with -2, -3 ... where that is already taken
    (in taken, or recorded: a ledger index's answer for the ids it holds)."""
    taken, ids = set(taken), []
    for given, kind, date in zip(rows["event_id"], rows["type"], rows["date"]):
        chosen = given.strip()
        if not chosen:
            base = re.sub(r"[^a-z0-9_-]+", "-", f"{kind}-{date}".strip().lower()).strip("-") or "event"
            chosen, number = base, 1
            while chosen in taken or recorded(chosen):
                number += 1
                chosen = f"{base}-{number}"
        taken.add(chosen)
        ids.append(chosen)
    return ids


def append_events(curated_dir: Path, rows: pd.DataFrame, commitment_ids: set[str], vocabularies: dict[str, set[str]],
                  origin: str, who: str, today: dt.date | None = None, first_row: int = 2) -> pd.DataFrame:
    """Validate events and append them all, or refuse them all naming every problem; returns the rows added."""
    path = Path(curated_dir) / EVENTS_FILE
    today = today or dt.date.today()
    rows = stamp_rows(rows, EVENT_SCHEMA, who)
    rows["precision"] = [p or "day" for p in rows["precision"]]
    rows["state"] = [s or "occurred" for s in rows["state"]]
    rows["sensitivity"] = with_default(rows["sensitivity"])
    with locked(path):
        index = load_index(path, EVENT_SCHEMA, IDENTITY_COLUMNS)
        given = {i.strip() for i in rows["event_id"] if i.strip()}
        # the ledger's rows are read only where the index cannot settle it: a correction names a recorded
        # row; a given id or a row whose hash is already there may be taken or recorded
        whole = any(is_correction(r) for r in rows.to_dict("records")) or any(index.has_rows(rows)) \
            or any(index.has_ids(sorted(given)))
        existing = load_events(curated_dir) if whole else rows.iloc[0:0]
        # a given id is checked against the ledger; a generated one is made unique under the lock
        rows["event_id"] = event_ids_for(rows, set(existing["event_id"]) | given,
                                         recorded=(lambda i: False) if whole else (lambda i: index.has_ids([i])[0]))
        problems = check_events(rows, origin, commitment_ids, existing if whole else None, today, vocabularies,
                                first_row)
        problems += check_corrections(rows, existing, "event_id", origin, first_row)
        if problems:
            refuse(problems)
        append_indexed(path, EVENT_SCHEMA, rows, index)
    return rows
