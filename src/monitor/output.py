"""Tables out: a readable terminal table, CSV with a header row, or JSON records."""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd

FORMATS = ("table", "csv", "json")
LIST_SEPARATOR = " | "
# Columns of prose share the terminal's width; the others are cut at 28 characters.
WIDE_COLUMNS = ("text", "reason", "removed", "added", "title", "message")


def _cell_for_csv(value):
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def _cell_for_json(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def to_csv(frame: pd.DataFrame) -> str:
    flat = frame.copy()
    for column in flat.columns:
        flat[column] = flat[column].map(_cell_for_csv)
    return flat.to_csv(index=False, lineterminator="\n")


def to_json(frame: pd.DataFrame) -> str:
    records = [
        {key: _cell_for_json(value) for key, value in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_table(frame: pd.DataFrame, width: int | None = None) -> str:
    """Readable fixed-width table; long text is cut to fit the terminal."""
    if frame.empty:
        return "(no rows)\n"
    width = width or shutil.get_terminal_size((160, 40)).columns
    shown = frame.copy().astype(object)
    for column in shown.columns:
        shown[column] = shown[column].map(
            lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple))
            else ("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
        )
    wide = [c for c in shown.columns if c in WIDE_COLUMNS]
    fixed = sum(min(int(shown[c].str.len().max() or 0), 28) + 2 for c in shown.columns if c not in wide)
    wide_width = max(30, (width - fixed) // max(1, len(wide)) - 2)
    for column in shown.columns:
        limit = wide_width if column in wide else 28
        shown[column] = shown[column].str.replace("\n", " ", regex=False)
        shown[column] = shown[column].map(lambda v, n=limit: v if len(v) <= n else v[: n - 1] + "…")
    widths = {c: max(len(str(c)), int(shown[c].str.len().max() or 0)) for c in shown.columns}
    lines = ["  ".join(str(c).ljust(widths[c]) for c in shown.columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in shown.columns))
    for row in shown.itertuples(index=False):
        lines.append("  ".join(str(v).ljust(widths[c]) for c, v in zip(shown.columns, row)).rstrip())
    return "\n".join(lines) + "\n"


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return to_json(frame)
    return to_table(frame)
