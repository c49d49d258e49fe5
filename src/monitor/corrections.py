"""Corrections and withdrawals of ledger rows: appended rows that point to the row they replace, never edits."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .distinct import of_series, per_row
from .problems import Problem
from .schemas import Column

WITHDRAWN = "yes"  # the `withdrawn` cell of a row that takes the row it corrects back, with no value of its own

# the two columns of a ledger whose rows can be corrected or withdrawn (observations, events)
CORRECTION_COLUMNS = (
    Column("corrects", required=False, description="the id of the row this one replaces (that row no longer counts)"),
    Column("withdrawn", required=False, choices=(WITHDRAWN,),
           description="yes: this row takes the row it corrects back, with no value of its own"),
)


def _named(frame: pd.DataFrame, known_on: dt.date | None = None) -> set[str]:
    """The ids that a correction or withdrawal names (only those recorded by known_on, when given)."""
    if frame.empty or "corrects" not in frame.columns:
        return set()
    rows = frame if known_on is None else frame[frame["recorded_at"].astype(str).str[:10] <= known_on.isoformat()]
    # a ledger's corrects column is nearly all empty: each distinct cell is read once
    return {str(c).strip() for c in of_series(rows["corrects"])[1]} - {""}


def current_rows(frame: pd.DataFrame, id_column: str, known_on: dt.date | None = None) -> pd.DataFrame:
    """The rows that count: none that a later row corrects or withdraws, and no withdrawal itself."""
    if frame.empty or "corrects" not in frame.columns:
        return frame
    replaced = _named(frame, known_on)
    if "withdrawn" in frame.columns:  # each distinct cell read once: a ledger's are nearly all empty
        codes, cells = of_series(frame["withdrawn"])
        withdrawal = pd.Series(per_row([str(c).strip() == WITHDRAWN for c in cells], codes, bool), index=frame.index)
    else:
        withdrawal = pd.Series(False, index=frame.index)
    keep = ~frame[id_column].isin(replaced) & ~withdrawal
    return frame if bool(keep.all()) else frame[keep].reset_index(drop=True)


def is_correction(row: dict) -> bool:
    return bool(str(row.get("corrects") or "").strip())


def check_corrections(rows: pd.DataFrame, existing: pd.DataFrame, id_column: str, origin: str,
                      first_row: int = 2) -> list[Problem]:
    """A correction must name a recorded row that is not already replaced; a withdrawal must be a correction."""
    if rows.empty or "corrects" not in rows.columns:
        return []
    known = set(existing[id_column]) if not existing.empty else set()
    replaced = _named(existing)
    problems = []
    for offset, row in enumerate(rows.to_dict("records")):
        target = str(row.get("corrects") or "").strip()
        where = f"row {offset + first_row}"
        if str(row.get("withdrawn") or "").strip() == WITHDRAWN and not target:
            problems.append(Problem("error", origin, where, "withdrawn", "a withdrawal names the row it withdraws in corrects"))
        if not target:
            continue
        if target not in known:
            problems.append(Problem("error", origin, where, "corrects", f"no recorded row {target!r} to correct"))
        elif target in replaced:
            problems.append(Problem("error", origin, where, "corrects",
                                    f"{target} was already corrected or withdrawn: correct the row that replaced it"))
    return problems


def current_tables(curated):
    """A CuratedTables (monitor.curated) with only the observations and events that count now."""
    import dataclasses

    return dataclasses.replace(curated, observations=current_rows(curated.observations, "observation_id"),
                               events=current_rows(curated.events, "event_id"))
