"""Assessments: dated status judgments on a commitment by an assessor, which may disagree."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ledger import read_ledger
from .schemas import Column, Schema

ASSESSMENTS_FILE = "assessments.csv"
ASSESSORS = ("analyst", "independent_expert", "government", "civil_society", "un")

ASSESSMENT_SCHEMA = Schema(
    "assessments",
    (
        Column("assessment_id", pattern=r"asm-\d{4,}"),
        Column("commitment_id"),
        Column("date", "date", description="the date the judgment holds for"),
        Column("assessor", choices=ASSESSORS),
        Column("status", choices="statuses"),
        Column("rationale"),
        Column("evidence", description="source: document symbol or address"),
        Column("recorded_at"),
        Column("recorded_by"),
    ),
    key=("assessment_id",),
    description="Append-only: who judged what status, when, why, on what evidence",
)


def load_assessments(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / ASSESSMENTS_FILE, ASSESSMENT_SCHEMA)
