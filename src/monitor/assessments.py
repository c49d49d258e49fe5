"""Assessments: dated status judgments on a commitment by an assessor, which may disagree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .dates import date_problems, day_or_none
from .asks import check_ask
from .ledger import locked, read_ledger, refuse, stamp_rows
from .ledger_index import append_indexed, load_index
from .problems import Problem
from .chain import DIGEST_COLUMN
from .schemas import Column, Schema
from .sensitivity import with_default

ASSESSMENTS_FILE = "assessments.csv"
ASSESSORS = ("analyst", "independent_expert", "government", "civil_society", "un")

ASSESSMENT_SCHEMA = Schema(
    "assessments",
    (
        Column("assessment_id", pattern=r"asm-\d{4,}", description="asm-NNNN, given when recorded"),
        Column("commitment_id", description="the commitment judged"),
        Column("ask", "int", required=False,
               description="the ask judged (its number in the paragraph, 'monitor asks'); empty: the whole paragraph"),
        Column("corrects", required=False, pattern=r"asm-\d{4,}",
               description="the assessment this one corrects (its id): that one no longer counts; empty: none"),
        Column("date", "date", description="the date the judgment holds for"),
        Column("assessor", choices=ASSESSORS, description="whose judgment it is"),
        Column("status", choices="statuses", description="the status judged"),
        Column("rationale", multiline=True, description="why, in a sentence or two"),
        Column("evidence", description="source: document symbol or address"),
        Column("sensitivity", required=False, choices="sensitivity",
               description="public, internal or confidential: only public rows go into a public build; empty: internal"),
        Column("recorded_at", description="when it was recorded (ISO date or date-time)"),
        Column("recorded_by", description="who recorded it"),
        DIGEST_COLUMN,
    ),
    key=("assessment_id",),
    description="Append-only: who judged what status, when, why, on what evidence",
)


def load_assessments(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / ASSESSMENTS_FILE, ASSESSMENT_SCHEMA)


# what makes two assessments the same judgment (ids and recording times aside)
IDENTITY_COLUMNS = ("commitment_id", "ask", "corrects", "date", "assessor", "status", "rationale", "evidence")


def assessment_identity(row: dict) -> tuple:
    """What makes two assessments the same judgment (ids and recording times aside)."""
    return tuple(str(row.get(k, "") or "").strip() for k in IDENTITY_COLUMNS)


def current_assessments(frame: pd.DataFrame, known_on: dt.date | None = None) -> pd.DataFrame:
    """The assessments no other corrects (only corrections recorded by known_on count): each judgment once."""
    if frame.empty or "corrects" not in frame.columns:
        return frame
    correcting = frame if known_on is None else frame[frame["recorded_at"].astype(str).str[:10] <= known_on.isoformat()]
    corrected = {str(c).strip() for c in correcting["corrects"]} - {""}
    if not corrected:
        return frame
    return frame[~frame["assessment_id"].isin(corrected)]


def corrections_of(frame: pd.DataFrame, assessment_id: str) -> pd.DataFrame:
    """The rows of the ledger that correct an assessment."""
    if frame.empty or "corrects" not in frame.columns:
        return frame.iloc[0:0]
    return frame[frame["corrects"].astype(str).str.strip() == assessment_id]


def check_assessments(rows: pd.DataFrame, source: str, commitment_ids: set[str], existing: pd.DataFrame | None,
                      today: dt.date, vocabularies: dict[str, set[str]], first_row: int = 2,
                      ask_counts: dict[str, int] | None = None) -> list[Problem]:
    """Every problem in rows: schema, unknown commitments and asks, dates in the future, judgments already recorded."""
    problems = [p for p in ASSESSMENT_SCHEMA.check(rows, source, vocabularies, first_row=first_row)
                if p.field != "ask" or p.location == "header"]
    if any(p.location == "header" for p in problems):
        return problems
    seen = {assessment_identity(r) for r in existing.to_dict("records")} if existing is not None else set()
    for offset, row in enumerate(rows.to_dict("records")):
        where = f"row {offset + first_row}"
        if row["commitment_id"] not in commitment_ids:
            problems.append(Problem("error", source, where, "commitment_id", f"no such commitment {row['commitment_id']!r}"))
        elif str(row.get("ask", "") or "").strip():
            why = check_ask(row["commitment_id"], row["ask"], ask_counts)
            if why:
                problems.append(Problem("error", source, where, "ask", why))
        day = day_or_none(row["date"])  # None where the schema check has named a bad date
        if day and day > today:
            problems.append(Problem("error", source, where, "date",
                                    f"{day.isoformat()} is in the future: a judgment holds for a past or present date"))
        for field, why in date_problems(row, ("date",), today):
            problems.append(Problem("error", source, where, field, why))
        why = bad_correction(row, existing)
        if why:
            problems.append(Problem("error", source, where, "corrects", why))
        identity = assessment_identity(row)
        if identity in seen:
            problems.append(Problem("error", source, where, "", "the same judgment is already recorded"))
        seen.add(identity)
    return problems


def bad_correction(row: dict, existing: pd.DataFrame | None) -> str | None:
    """Why a row's corrects cell is bad: it names no recorded assessment, or one of another commitment."""
    target = str(row.get("corrects", "") or "").strip()
    if not target or existing is None:
        return None
    found = existing[existing["assessment_id"] == target] if not existing.empty else existing
    if found.empty:
        return f"corrects {target!r}, which is not in the ledger"
    if found.iloc[0]["commitment_id"] != row["commitment_id"]:
        return f"corrects {target}, an assessment of {found.iloc[0]['commitment_id']}, not of {row['commitment_id']}"
    return None


def append_assessments(curated_dir: Path, rows: pd.DataFrame, commitment_ids: set[str],
                       vocabularies: dict[str, set[str]], origin: str, who: str,
                       today: dt.date | None = None, first_row: int = 2, skip_recorded: bool = False,
                       ask_counts: dict[str, int] | None = None) -> pd.DataFrame:
    """Validate rows and append them all (ids asm-NNNN), or refuse them all naming every bad row.

    With skip_recorded, a row identical to a judgment already in the ledger is left out instead of
    refused, so that reading the same file twice adds nothing the second time. Returns the rows added.
    """
    path = Path(curated_dir) / ASSESSMENTS_FILE
    today = today or dt.date.today()
    rows = stamp_rows(rows, ASSESSMENT_SCHEMA, who)
    for column in ("commitment_id", "ask", "corrects", "date", "assessor", "status", "rationale", "evidence"):
        rows[column] = rows[column].str.strip()
    rows["sensitivity"] = with_default(rows["sensitivity"])
    with locked(path):
        index = load_index(path, ASSESSMENT_SCHEMA, IDENTITY_COLUMNS)
        # the ledger's rows are read only where the index cannot settle it: a correction names a recorded
        # assessment, and a row whose hash is already there may be the same judgment
        whole = bool(len(rows)) and (any(rows["corrects"] != "") or any(index.has_rows(rows)))
        existing = load_assessments(curated_dir) if whole else None
        if skip_recorded and whole:
            recorded = {assessment_identity(r) for r in existing.to_dict("records")}
            rows = rows[[assessment_identity(r) not in recorded for r in rows.to_dict("records")]]
        rows = rows.reset_index(drop=True)
        if rows.empty:
            return rows
        rows["assessment_id"] = index.next_ids("asm", len(rows))
        problems = check_assessments(rows, origin, set(commitment_ids), existing, today, vocabularies, first_row,
                                     ask_counts)
        if problems:
            refuse(problems)
        append_indexed(path, ASSESSMENT_SCHEMA, rows, index)
    return rows
