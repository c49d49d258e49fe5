"""Append-only CSV ledgers: read, validate, append under a lock, write atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import re
from pathlib import Path

import pandas as pd

from .errors import InputError
from .files import write_atomic
from .problems import Problem
from .schemas import Schema


def read_ledger(path: Path, schema: Schema) -> pd.DataFrame:
    """A ledger as strings (empty cells are ''); a missing file is an empty ledger."""
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=schema.column_names)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    return frame


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock beside the ledger, so concurrent writers queue instead of losing rows."""
    lock_path = Path(path).with_name(f".{Path(path).name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def append_rows(path: Path, schema: Schema, rows: pd.DataFrame) -> None:
    """Append rows to the ledger: existing bytes are kept as they are, the file is replaced whole."""
    path = Path(path)
    rows = rows[schema.column_names]
    buffer = io.StringIO()
    if path.is_file() and path.stat().st_size > 0:
        existing = path.read_text(encoding="utf-8")
        if not existing.endswith("\n"):
            existing += "\n"
        buffer.write(existing)
        rows.to_csv(buffer, index=False, header=False, lineterminator="\n")
    else:
        rows.to_csv(buffer, index=False, header=True, lineterminator="\n")
    write_atomic(path, buffer.getvalue())


def next_ids(existing: pd.DataFrame, column: str, prefix: str, count: int) -> list[str]:
    """The next count ids after the highest in the ledger: obs-0065, obs-0066, ..."""
    numbers = [int(i.split("-")[1]) for i in existing[column] if re.fullmatch(rf"{prefix}-\d+", str(i))]
    start = max(numbers, default=0) + 1
    return [f"{prefix}-{n:04d}" for n in range(start, start + count)]


def stamp_rows(rows: pd.DataFrame, schema: Schema, who: str) -> pd.DataFrame:
    """Rows in the schema's columns, as text, with when and by whom they are recorded."""
    rows = rows.copy()
    for column in schema.column_names:
        if column not in rows.columns:
            rows[column] = ""
    rows = rows[schema.column_names].fillna("").astype(str)
    rows["recorded_at"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rows["recorded_by"] = [r.strip() or who for r in rows["recorded_by"]]
    return rows


def refuse(problems: list[Problem]) -> None:
    """Raise one InputError naming every problem (up to twenty), so the user can fix all at once."""
    listing = "; ".join(str(p) for p in problems[:20])
    more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
    raise InputError(f"nothing recorded: {listing}{more}")
