"""Tables out: a readable terminal table, CSV with a header row, or JSON records."""

from __future__ import annotations

import json
import math
import re
import shutil

import pandas as pd

from .reports.styles import FORMULA_PREFIXES

FORMATS = ("table", "csv", "json")
LIST_SEPARATOR = " | "
# Columns of prose share the terminal's width; the others are cut at 28 characters.
WIDE_COLUMNS = ("text", "reason", "removed", "added", "title", "message")


def _cell_for_csv(value):
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


# A text cell that a spreadsheet would run as a formula gets a leading quote (the OWASP rule for CSV
# injection, the prefixes the workbook guards); a number written as text ('-5', '+3.5') is left a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """The cell as a spreadsheet may open it: formula-like text quoted, every other value as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
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


def to_csv(frame: pd.DataFrame, for_spreadsheets: bool = False) -> str:
    """CSV with a header row; for_spreadsheets (the exports people open) neutralises formula-like text."""
    flat = frame.copy()
    for column in flat.columns:
        flat[column] = flat[column].map(_cell_for_csv)
        if for_spreadsheets and not pd.api.types.is_numeric_dtype(flat[column]):  # numbers stay numbers
            flat[column] = flat[column].map(neutralise)
    return flat.to_csv(index=False, lineterminator="\n")


def to_json(frame: pd.DataFrame) -> str:
    records = [
        {key: _cell_for_json(value) for key, value in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


MIN_WIDE = 12  # a prose column is never cut below this
MIN_OTHER = 6  # nor another column below this (or its header)


def _fit(natural: dict[str, int], width: int, wide: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column widths that fit `width`, and the columns left out.

    Prose columns give way first (down to MIN_WIDE), then the others, widest first (down to MIN_OTHER or
    their header); ids keep their width, since a cut id names nothing. If that is still too wide, the
    last columns that are neither ids nor prose are left out.
    """
    widths = dict(natural)
    ids = [c for c in widths if c.endswith("_id") and c not in wide]
    others = [c for c in widths if c not in wide and c not in ids]

    def excess() -> int:
        return sum(widths.values()) + 2 * (len(widths) - 1) - width

    for group, floor in ((wide, MIN_WIDE), (others, MIN_OTHER)):
        while excess() > 0:
            shrinkable = [c for c in group if widths[c] > (floor if c in wide else max(floor, len(c)))]
            if not shrinkable:
                break
            widths[max(shrinkable, key=lambda c: widths[c])] -= 1
    dropped = []
    for column in reversed(others):
        if excess() <= 0:
            break
        dropped.insert(0, column)
        del widths[column]
    return widths, dropped


def to_table(frame: pd.DataFrame, width: int | None = None) -> str:
    """Readable fixed-width table that fits the terminal's width: the text columns are cut first."""
    if frame.empty:
        return "(no rows)\n"
    width = width or shutil.get_terminal_size((160, 40)).columns
    shown = frame.copy().astype(object)
    for column in shown.columns:
        shown[column] = shown[column].map(
            lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple))
            else ("" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v))
        ).str.replace("\n", " ", regex=False)
    wide = [c for c in shown.columns if c in WIDE_COLUMNS]
    natural = {c: max(len(str(c)), int(shown[c].str.len().max() or 0)) for c in shown.columns}
    natural = {c: (n if c in wide else min(n, max(28, len(str(c))))) for c, n in natural.items()}
    widths, dropped = _fit(natural, width, wide)
    shown = shown[[c for c in shown.columns if c in widths]]
    for column in shown.columns:
        limit = widths[column]
        shown[column] = shown[column].map(lambda v, n=limit: v if len(v) <= n else v[: max(n - 1, 0)] + "…")
    header = {c: (str(c) if len(str(c)) <= widths[c] else str(c)[: widths[c] - 1] + "…") for c in shown.columns}
    lines = ["  ".join(header[c].ljust(widths[c]) for c in shown.columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in shown.columns))
    for row in shown.itertuples(index=False):
        lines.append("  ".join(str(v).ljust(widths[c]) for c, v in zip(shown.columns, row)).rstrip())
    if dropped:
        lines.append(f"({len(dropped)} more column(s) need a wider terminal: {', '.join(dropped)}; "
                     "or --format csv)"[:max(width, 20)])
    return "\n".join(lines) + "\n"


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return to_json(frame)
    return to_table(frame)
