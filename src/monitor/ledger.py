"""Append-only CSV ledgers: read, validate, append under a lock, write atomically."""

from __future__ import annotations

import contextlib
import csv
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


# Columns added to the curated tables after files had been written: name -> (what added it, what its
# empty cell means). A file without one reads as if every cell were empty; appending to it is refused
# until `monitor migrate` adds it.
ADDED_COLUMNS = {
    "ask": ("asks", "the whole paragraph"),
    "corrects": ("corrections", "a judgment that corrects none"),
}


def read_ledger(path: Path, schema: Schema) -> pd.DataFrame:
    """A ledger as strings (empty cells are ''); a missing file is an empty ledger."""
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=schema.column_names)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    return with_added_columns(frame, schema)


def with_added_columns(frame: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """The frame with any of the schema's ADDED_COLUMNS it lacks, empty, in the schema's place."""
    for name in ADDED_COLUMNS:
        if name in schema.column_names and name not in frame.columns:
            frame = frame.copy()
            frame.insert(_place(list(frame.columns), schema, name), name, "")
    return frame


def _place(columns: list[str], schema: Schema, name: str) -> int:
    """Where a missing column goes: after the schema's column before it, if the file has that one."""
    names = schema.column_names
    before = names[names.index(name) - 1] if names.index(name) else None
    return columns.index(before) + 1 if before in columns else len(columns)


def file_header(path: Path) -> list[str]:
    """The header row of a CSV file ([] for a missing or empty file)."""
    path = Path(path)
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def missing_added_columns(path: Path, schema: Schema) -> list[str]:
    """The ADDED_COLUMNS of the schema that an existing file's header lacks."""
    header = file_header(path)
    return [c for c in ADDED_COLUMNS if header and c in schema.column_names and c not in header]


def migrate_file(path: Path, schema: Schema) -> list[str]:
    """Add the ADDED_COLUMNS a file lacks, empty in every row, under the lock; returns the columns added.

    Every other byte stays as it was: an empty cell is inserted into each record's first line
    (the columns before it, ids, are never quoted); a record whose leading cells are quoted is
    written again with csv's minimal quoting.
    """
    path = Path(path)
    if not missing_added_columns(path, schema):
        return []  # no lock file is left beside a file that needs nothing
    with locked(path):
        missing = missing_added_columns(path, schema)
        if not missing:
            return []
        text = path.read_text(encoding="utf-8")
        header = file_header(path)
        for name in missing:
            text = _insert_column(text, _place(header, schema, name))
            header = header[:_place(header, schema, name)] + [name] + header[_place(header, schema, name):]
            text = text.replace(text.split("\n", 1)[0], ",".join(header), 1)
        write_atomic(path, text)
    return missing


def _insert_column(text: str, at: int) -> str:
    """The CSV text with an empty cell before cell `at` of every record (header included, renamed after)."""
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    out, done = [], 0
    for record in reader:
        first, last = done, reader.line_num
        chunk = lines[first:last]
        done = last
        if not record:
            out += chunk
            continue
        prefix = chunk[0].split(",", at)
        if len(prefix) > at and '"' not in ",".join(prefix[:at]):
            out += [",".join(prefix[:at] + [""] + prefix[at:])] + chunk[1:]
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(record[:at] + [""] + record[at:])
            out += buffer.getvalue().rstrip("\n").split("\n")
    out += lines[done:]
    return "\n".join(out)


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
    missing = missing_added_columns(path, schema)
    if missing:
        since = " and ".join(ADDED_COLUMNS[m][0] for m in missing)
        meaning = "; ".join(f"an empty {m} is {ADDED_COLUMNS[m][1]}" for m in missing)
        raise InputError(f"{path}: nothing recorded: the file has no {', '.join(repr(m) for m in missing)} column "
                         f"(it was written before {since}); run 'monitor migrate' once to add it, empty in every "
                         f"existing row ({meaning})")
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
