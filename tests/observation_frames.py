"""Observation ledgers made in memory for the tests of long series: one indicator, several values a day."""

from __future__ import annotations

import numpy as np
import pandas as pd


def observation_frame(dates, per_day: int, indicator: str = "ind", seed: int = 0, values=None, high: int = 1000,
                      qualified: tuple[str, float] = ("about", 0.2), source: str = "https://example.org/s") -> pd.DataFrame:
    """One observation of indicator per date (each day's `per_day` in a row, the first from a primary source):
    values drawn below high unless given, a share of them qualified."""
    rng = np.random.default_rng(seed)
    count = len(dates)
    days = -(-count // per_day)
    confidence = np.tile(["primary"] + ["secondary"] * (per_day - 1), days)[:count]
    word, share = qualified
    return pd.DataFrame({
        "observation_id": [f"obs-{i:07d}" for i in range(1, count + 1)], "indicator_id": indicator, "date": dates,
        "date_end": "", "precision": "day",
        "value": [str(v) for v in (values if values is not None else rng.integers(0, high, count))],
        "qualifier": np.where(rng.random(count) < share, word, "exact"), "source": source,
        "source_date": "", "confidence": confidence, "sensitivity": "public", "note": "",
        "recorded_at": "2026-01-01", "recorded_by": "tester",
    })
