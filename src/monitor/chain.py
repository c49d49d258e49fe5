"""Chained row digests: each ledger row's digest covers its cells and the row before it, so an edit shows.

A row's digest is sha256(previous row's digest, this row's canonical cells); the first row's previous
digest is empty. The canonical cells are the schema's columns in the schema's order (so the file's own
column order does not matter), joined with a separator no cell may hold; a column added after files had
been written (ADDED_COLUMNS) counts only where its cell is not empty, so adding it empty to an old
ledger leaves every digest as it was. Each link is checked against the digest the file itself holds
for the row before, so every edited, deleted or moved row is found, not only the first.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass

from . import forked
from .arrow_text import after, any_filled, is_arrow, joined, utf8, with_tagged
from .schemas import Column, Schema

DIGEST = "row_digest"
ANCHORS_FILE = "anchors.csv"

DIGEST_COLUMN = Column(
    DIGEST, required=False, pattern=r"[0-9a-f]{64}",
    description="written by monitor: sha256 of the previous row's digest and this row's cells; "
                "an edited, deleted or moved row no longer matches it (never edit it)")

ANCHOR_SCHEMA = Schema(
    "anchors",
    (
        Column("anchor_id", pattern=r"anc-\d{4,}", description="anc-NNNN, given when recorded"),
        Column("ledger", description="the ledger file re-anchored (observations.csv, events.csv, assessments.csv)"),
        Column("line", "int", description="the line of the ledger where the accepted row began when re-anchored"),
        Column("row_id", required=False, description="the id of the row accepted as it now reads"),
        Column("accepts", pattern=r"[0-9a-f]{64}", description="the digest the row's link now has, accepted"),
        Column("reason", multiline=True, description="why the ledger was edited by hand"),
        Column("recorded_at", description="when it was re-anchored (ISO date-time)"),
        Column("recorded_by", description="who accepted the edit"),
        DIGEST_COLUMN,
    ),
    key=("anchor_id",),
    description="Append-only: each hand edit of a ledger accepted by `monitor reanchor`, with who and why",
)

_CELL, _TAGGED, _LINK = "\x1f", "\x1e", "\x1d"  # control characters: refused in every cell (monitor.cells)


def chained(schema: Schema) -> bool:
    return DIGEST in schema.column_names


def link(previous: str, canonical: str) -> str:
    return hashlib.sha256(f"{previous}{_LINK}{canonical}".encode("utf-8")).hexdigest()


def canonical_maker(header: list[str], schema: Schema, optional: set[str]):
    """A function from a record (cells in header order) to its canonical text; every fixed column is in header."""
    names = [n for n in schema.column_names if n != DIGEST]
    fixed = [header.index(n) for n in names if n not in optional]
    tagged = [(n, header.index(n)) for n in names if n in optional and n in header]
    pick = operator.itemgetter(*fixed) if len(fixed) > 1 else (lambda r: (r[fixed[0]],))

    def canonical(record: list[str]) -> str:
        text = _CELL.join(pick(record))
        for name, position in tagged:
            if record[position]:
                text += f"{_TAGGED}{name}{_CELL}{record[position]}"
        return text
    return canonical


@dataclass(frozen=True)
class Break:
    index: int  # the row's place among the data rows, from 0
    stored: str  # the digest the file holds for it
    expected: str  # the digest its link has now: what `monitor reanchor` accepts


def canonical_column(columns: list, header: list[str], schema: Schema, optional: set[str]) -> list[str]:
    """Every row's canonical text at once, from the ledger's columns (cells of each column, in header order:
    lists of texts, or Arrow arrays, monitor.arrow_text.arrow_of's).

    The same text as canonical_maker's, built column by column with C-speed joins, not row by row.
    """
    if any(map(is_arrow, columns)):
        return _canonical_arrow(columns, header, schema, optional).to_pylist()
    names = [n for n in schema.column_names if n != DIGEST]
    fixed = [columns[header.index(n)] for n in names if n not in optional]
    texts = list(map(_CELL.join, zip(*fixed))) if len(fixed) > 1 else list(fixed[0])
    for name in (n for n in names if n in optional and n in header):
        cells = columns[header.index(name)]
        if any(cells):  # most added columns are empty in most ledgers: nothing to add
            tag = f"{_TAGGED}{name}{_CELL}"
            texts = [f"{t}{tag}{c}" if c else t for t, c in zip(texts, cells)]
    return texts


def _canonical_arrow(columns: list, header: list[str], schema: Schema, optional: set[str]):
    """canonical_column's texts as one Arrow array, joined by Arrow."""
    names = [n for n in schema.column_names if n != DIGEST]
    texts = joined([columns[header.index(n)] for n in names if n not in optional], _CELL)
    for name in (n for n in names if n in optional and n in header):
        if any_filled(columns[header.index(name)]):
            texts = with_tagged(texts, columns[header.index(name)], f"{_TAGGED}{name}{_CELL}")
    return texts


def walk(columns: list, header: list[str], schema: Schema, optional: set[str],
         accepted: set[str], stop_at_first: bool = True, start: str = "") -> tuple[str, list[Break]]:
    """The chain's head (the digest to link the next row to) and its broken links, in one linear pass.

    Each link is checked against the digest the file holds for the row before, so the links do not depend
    on each other and are all computed in one pass over the rows' canonical texts; only a row the file
    holds no digest for links the next row to the digest it should have had. start is the digest the first
    row links to: '' for a whole ledger, the head of the rows before for rows appended to them.
    """
    stored = columns[header.index(DIGEST)]
    stored = stored.to_pylist() if is_arrow(stored) else stored
    if not stored:
        return start, []
    if "" in stored:  # rare: rows added by hand, each linking the next row to the digest it should have had
        expected = _expected(columns, header, schema, optional, stored, start, 0, len(stored))
        for index in (i for i, s in enumerate(stored) if not s):  # in file order
            if index + 1 < len(stored):
                texts = canonical_column([c[index + 1:index + 2] for c in columns], header, schema, optional)
                expected[index + 1] = link(expected[index], texts[0])
        mismatched = [(i, e) for i, (s, e) in enumerate(zip(stored, expected)) if s != e]
        last = expected[-1]
    else:
        mismatched = _mismatched_links(columns, header, schema, optional, stored, start)
        last = stored[-1]
    breaks = []
    for index, expected_digest in mismatched:
        if expected_digest not in accepted:
            breaks.append(Break(index, stored[index], expected_digest))
            if stop_at_first:
                break
    return stored[-1] or last, breaks


def _expected(columns, header, schema, optional, stored, start, low, high) -> list[str]:
    """The digests rows low to high should have, each linked to the digest the file holds for the row before."""
    sha = hashlib.sha256
    if any(map(is_arrow, columns)):  # the texts linked and encoded by Arrow: only the hashing is row by row
        part = [c[low:high] for c in columns]
        linked = joined([after(start if low == 0 else stored[low - 1], part[header.index(DIGEST)]),
                         _canonical_arrow(part, header, schema, optional)], _LINK)
        return list(map(operator.methodcaller("hexdigest"), map(sha, utf8(linked))))
    texts = canonical_column([c[low:high] for c in columns] if (low, high) != (0, len(stored)) else columns,
                             header, schema, optional)
    previous = [start if low == 0 else stored[low - 1], *stored[low:high - 1]]
    return [sha(f"{p}{_LINK}{t}".encode("utf-8")).hexdigest() for p, t in zip(previous, texts)]


def _mismatched(columns, header, schema, optional, stored, start, low, high) -> list[tuple[int, str]]:
    """(row, the digest it should have) of each row from low to high whose stored digest differs."""
    expected = _expected(columns, header, schema, optional, stored, start, low, high)
    if stored[low:high] == expected:  # the usual case, settled by one comparison at C speed
        return []
    return [(low + i, e) for i, (s, e) in enumerate(zip(stored[low:high], expected)) if s != e]


def _mismatched_links(columns, header, schema, optional, stored, start) -> list[tuple[int, str]]:
    """_mismatched over all rows; past forked.rows_from() rows a forked copy checks the second half of the links
    meanwhile (each link depends only on its row and the digest stored before it)."""
    size = len(stored)

    def rows(low: int, high: int) -> list[tuple[int, str]]:
        return _mismatched(columns, header, schema, optional, stored, start, low, high)
    copy = forked.start(lambda: rows(size // 2, size)) if forked.worth_it(size) else None
    if copy is None:
        return rows(0, size)
    first = rows(0, size // 2)
    second = copy.result(lambda: rows(size // 2, size))
    copy.end()
    return first + second


def digests_for(records: list[list[str]], header: list[str], schema: Schema, optional: set[str],
                previous: str) -> list[str]:
    """The digests of new records (cells in header order) appended after a chain whose head is previous."""
    canonical = canonical_maker(header, schema, optional)
    out = []
    for record in records:
        previous = link(previous, canonical(record))
        out.append(previous)
    return out
