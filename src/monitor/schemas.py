"""Table schemas: column types, required values, vocabularies and keys, checked lazily."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .arrow_text import all_full_match, all_not_blank, arrow_of
from .dates import day_or_none
from .distinct import Columns, mostly_distinct
from .problems import Problem


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "str"
    required: bool = True
    choices: tuple[str, ...] | str | None = None  # literal values or a vocabulary name
    pattern: str | None = None
    description: str = ""
    # prose (a note, a rationale): line breaks are kept, as LF; every other text field is one line
    multiline: bool = False


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    extra_columns: bool = False  # tolerate columns the schema does not name

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def check(
        self,
        frame: pd.DataFrame,
        source: str,
        vocabularies: dict[str, set[str]] | None = None,
        first_row: int = 2,
        columns: Columns | None = None,
    ) -> list[Problem]:
        """Every problem in frame; row numbers count as in the file (header is row 1). columns: the frame's
        distinct cells (monitor.distinct.Columns) when the caller reads them too."""
        problems: list[Problem] = []
        missing = [c for c in self.column_names if c not in frame.columns]
        for name in missing:
            problems.append(Problem("error", source, "header", name, "required column is missing"))
        if not self.extra_columns:
            for name in frame.columns:
                if name not in self.column_names:
                    problems.append(
                        Problem("error", source, "header", str(name), "unknown column")
                    )
        if missing:
            return problems
        vocabularies = vocabularies or {}
        for column in self.columns:
            allowed = _allowed(column, vocabularies)
            found = columns or Columns(frame)
            # a column of ids or digests holds a million values, each once: tested whole, not value by value
            if not found.has(column.name) and _valid_whole(column, frame[column.name], allowed):
                continue
            # a ledger repeats its values: each distinct one is checked once, and only failing rows are visited
            codes, uniques = found(column.name)
            messages = _messages(column, uniques, allowed)
            failing = [code for code, message in enumerate(messages) if message]
            for offset in np.flatnonzero(np.isin(codes, failing)) if failing else ():
                problems.append(
                    Problem("error", source, f"row {offset + first_row}", column.name, messages[codes[offset]])
                )
        if self.key and len(frame):
            parts = [frame[name].astype(str) for name in self.key]
            keys = parts[0].str.cat(parts[1:], sep="|") if len(parts) > 1 else parts[0]
            duplicated = keys.iloc[:0] if keys.is_unique else keys[keys.duplicated(keep="first")]
            for offset, value in duplicated.items():
                position = frame.index.get_loc(offset) + first_row
                problems.append(
                    Problem(
                        "error", source, f"row {position}", ",".join(self.key),
                        f"duplicate key {value!r}",
                    )
                )
        return problems


# the issues table (monitor.problems.problems_frame), in the order of PROBLEM_COLUMNS
ISSUE_SCHEMA = Schema(
    "issues",
    (
        Column("severity", choices=("error", "warning"), description="an error stops a load; a warning is shown and kept"),
        Column("source", description="the file, table or resolution it is about"),
        Column("location", required=False, description="the row, paragraph or cell"),
        Column("field", required=False),
        Column("message"),
    ),
    description="Every problem found in the workspace's data and texts",
)


def _allowed(column: Column, vocabularies: dict[str, set[str]]) -> set[str] | None:
    if column.choices is None:
        return None
    if isinstance(column.choices, str):
        return vocabularies.get(column.choices)
    return set(column.choices)


def _messages(column: Column, uniques: list, allowed: set[str] | None) -> list[str | None]:
    """_check_value of each distinct value. Many distinct texts of a text column (ids, digests, notes) are
    first tested as a whole column: a text that is not blank, fits the pattern and is in the vocabulary
    passes without the value-by-value check, which is left for the rest and names their fault."""
    if not _long_text(column, uniques):
        return [_check_value(column, value, allowed) for value in uniques]
    if _plainly_valid(column, uniques, allowed):
        return [None] * len(uniques)
    stripped = [value.strip() for value in uniques]
    plain = [bool(value) for value in stripped]
    if column.pattern:
        fits = re.compile(column.pattern).fullmatch
        plain = [passes and fits(value) is not None for passes, value in zip(plain, uniques)]
    if allowed is not None:
        plain = [passes and value in allowed for passes, value in zip(plain, stripped)]
    return [None if passes else _check_value(column, value, allowed) for passes, value in zip(plain, uniques)]


def _valid_whole(column: Column, series: pd.Series, allowed: set[str] | None) -> bool:
    """Whether a long column of mostly distinct texts is plainly valid, tested as a whole (by Arrow, where it
    holds the column); False leaves it to the test of each distinct value."""
    if len(series) < 256 or column.type != "str" or not mostly_distinct(series.iloc[:1024].to_numpy(dtype=object)):
        return False
    array = arrow_of(series)
    if array is None:
        values = series.to_numpy(dtype=object)
        return _long_text(column, values) and _plainly_valid(column, values, allowed)
    return allowed is None and all_not_blank(array) and (not column.pattern or all_full_match(array, column.pattern))


def _long_text(column: Column, values) -> bool:
    """Whether values are many texts of a text column: worth the whole-column tests."""
    return len(values) >= 256 and column.type == "str" and pd.api.types.infer_dtype(values, skipna=False) == "string"


def _plainly_valid(column: Column, values, allowed: set[str] | None) -> bool:
    """Whether every value (all texts, _long_text) is not blank, fits the pattern and is in the vocabulary: the
    usual case, settled in passes over the whole column that stop at the first doubtful value."""
    return all(map(str.strip, values)) and (not column.pattern or all(map(re.compile(column.pattern).fullmatch, values))) \
        and (allowed is None or allowed.issuperset(map(str.strip, values)))


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return isinstance(value, str) and value.strip() == ""


def _check_value(column: Column, value, allowed: set[str] | None) -> str | None:
    if is_empty(value):
        return "value is required" if column.required else None
    kind = column.type
    if kind == "int":
        try:
            if float(str(value)) != int(float(str(value))):
                raise ValueError
        except (ValueError, OverflowError):  # int(inf) overflows, int(nan) is a ValueError
            return f"not a whole number: {value!r}"
    elif kind == "float":
        try:
            number = float(str(value).replace(",", ""))
            if not math.isfinite(number):
                raise ValueError
        except ValueError:
            return f"not a number: {value!r}"
    elif kind == "date":
        if not isinstance(value, (dt.date, pd.Timestamp)) and day_or_none(value) is None:
            return f"not a date (YYYY-MM-DD): {value!r}"
    elif kind == "bool":
        if str(value).strip().lower() not in {"true", "false", "yes", "no", "1", "0"}:
            return f"not yes/no: {value!r}"
    if column.pattern and not re.fullmatch(column.pattern, str(value)):
        return f"does not match the expected form {column.pattern}: {value!r}"
    if allowed is not None:
        values = value if isinstance(value, (list, tuple)) else (
            split_list(value) if kind == "list" else [str(value).strip()]
        )
        unknown = [v for v in values if v not in allowed]
        if unknown:
            shown = ", ".join(sorted(allowed)[:12]) + (" ..." if len(allowed) > 12 else "")
            return f"unknown value {unknown[0]!r} (allowed: {shown})"
    return None


def split_list(value) -> list[str]:
    """A list cell in CSV: values separated by '|'."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if is_empty(value):
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]
