"""Indicators: what is measured for a commitment, its unit, baseline, target and direction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ledger import read_ledger
from .schemas import Column, Schema

INDICATORS_FILE = "indicators.csv"
INDICATOR_TYPES = ("count", "stock", "flow", "percent", "date", "yesno", "narrative")

INDICATOR_SCHEMA = Schema(
    "indicators",
    (
        Column("indicator_id", pattern=r"[a-z0-9_]+"),
        Column("name_en"),
        Column("name_fr"),
        Column("unit"),
        Column("type", choices=INDICATOR_TYPES,
               description="count: a cumulative count; stock: a level; flow: per batch or period; percent: a share from 0 to 100, decimals allowed; date: a milestone date; yesno; narrative"),
        Column("baseline_value", required=False),
        Column("baseline_date", "date", required=False),
        Column("baseline_source", required=False),
        Column("target_value", required=False),
        Column("target_date", "date", required=False),
        Column("direction", choices=("increase", "decrease", "reach", "none")),
        Column("commitments", "list", description="commitment ids this indicator tracks, separated by |"),
        Column("note", required=False),
    ),
    key=("indicator_id",),
    description="What is measured, and for which commitments",
)


def load_indicators(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / INDICATORS_FILE, INDICATOR_SCHEMA)


def latest_values(indicators: pd.DataFrame, observations: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """Each indicator with its latest observed value, date, source and confidence (as of a date)."""
    rows = []
    for indicator in indicators.to_dict("records"):
        mine = observations[observations["indicator_id"] == indicator["indicator_id"]] if not observations.empty else observations
        if as_of is not None and not mine.empty:
            mine = mine[mine["date"] <= as_of.isoformat()]
        latest = mine.sort_values(["date", "recorded_at"]).iloc[-1] if not mine.empty else None
        rows.append({
            "indicator_id": indicator["indicator_id"],
            "name": indicator["name_en"],
            "unit": indicator["unit"],
            "type": indicator["type"],
            "baseline": indicator["baseline_value"],
            "baseline_date": indicator["baseline_date"],
            "target": indicator["target_value"],
            "latest_value": None if latest is None else latest["value"],
            "latest_qualifier": None if latest is None else latest["qualifier"],
            "latest_date": None if latest is None else latest["date"],
            "latest_source": None if latest is None else latest["source"],
            "latest_confidence": None if latest is None else latest["confidence"],
            "observations": int(len(mine)),
            "commitments": indicator["commitments"],
        })
    return pd.DataFrame(rows)
