"""What a ledger cell may hold: every text a writer appends is normalised or refused here first."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .errors import InputError
from .schemas import Schema

# A note or a rationale is prose: a page of text is 3,000 characters, so 10,000 leaves room for quotes and
# lists. A single-line field is an id, a name, a date, a document symbol or an address: 2,000 covers the
# longest address a browser keeps. Beyond that, a cell is a paste gone wrong, and it would slow every build.
MULTILINE_LIMIT = 10_000
SINGLE_LINE_LIMIT = 2_000

# C0 and C1 control characters and DEL. A single-line field takes none of them; a multi-line field keeps
# line feeds and tabs (its carriage returns have become line feeds by then).
_SINGLE_LINE_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MULTILINE_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def limit_of(column) -> int:
    return MULTILINE_LIMIT if column.multiline else SINGLE_LINE_LIMIT


def _named(char: str) -> str:
    names = {"\x00": "NUL", "\r": "carriage return", "\n": "line feed", "\t": "tab"}
    return f"U+{ord(char):04X} ({names.get(char) or unicodedata.name(char, 'control character')})"


def _refusal(field: str, row: int, value: str, char: str, multiline: bool) -> InputError:
    where = value.index(char)
    if char == "\x00":
        why = "NUL is refused in every field"
    elif multiline:
        why = "a multi-line field keeps line breaks and tabs, no other control character"
    else:
        why = "a single-line field takes no control character (no line break, tab or carriage return)"
    return InputError(f"nothing recorded: row {row}, {field}: {_named(char)} at character {where + 1} of "
                      f"{value[:40]!r}{'...' if len(value) > 40 else ''}: {why}")


def clean_column(values: list[str], name: str, multiline: bool, limit: int, first_row: int = 2) -> list[str]:
    """The column's cells, multi-line ones with CR and CRLF as LF; refuses controls, NUL and overlong cells.

    One regular-expression search over the joined column finds a bad character in a million cells at
    C speed; only then is the row looked for.
    """
    try:
        "".join(values)
    except TypeError:  # not all text: None and NaN are empty cells
        values = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
    # surrounding blanks of a one-line value, a trailing CR from a Windows file among them, are not part of it
    if not multiline:
        values = list(map(str.strip, values))
    elif "\r" in "".join(values):
        values = [v.replace("\r\n", "\n").replace("\r", "\n") for v in values]
    joined = "".join(values)  # joining creates no character: a clean join means clean cells
    bad = _MULTILINE_BAD if multiline else _SINGLE_LINE_BAD
    if not joined.isprintable() and bad.search(joined):  # isprintable: the common case, at C speed
        for offset, value in enumerate(values):
            found = "\x00" if "\x00" in value else next((c for c in value if bad.match(c)), None)
            if found:
                raise _refusal(name, offset + first_row, value, found, multiline)
    longest = max(map(len, values), default=0)
    if longest > limit:
        offset = next(i for i, v in enumerate(values) if len(v) > limit)
        kind = "multi-line" if multiline else "single-line"
        raise InputError(f"nothing recorded: row {offset + first_row}, {name}: {len(values[offset]):,} characters, "
                         f"over the limit of {limit:,} for a {kind} field; shorten it, or put the long text in a "
                         "document and give its address")
    return values


def clean_rows(rows: pd.DataFrame, schema: Schema, first_row: int = 2) -> pd.DataFrame:
    """The rows with every schema column as clean text (clean_column), in place of what was typed."""
    rows = rows.copy()
    for column in schema.columns:
        if column.name in rows.columns:
            given = rows[column.name].tolist()
            cleaned = clean_column(given, column.name, column.multiline, limit_of(column), first_row)
            if cleaned != given:  # a column put back only where it changed: building one costs more than checking it
                rows[column.name] = cleaned
    return rows
