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


def walk(records: list[list[str]], header: list[str], schema: Schema, optional: set[str],
         accepted: set[str], stop_at_first: bool = True) -> tuple[str, list[Break]]:
    """The chain's head (the digest to link the next row to) and its broken links, in one linear pass."""
    canonical = canonical_maker(header, schema, optional)
    at = header.index(DIGEST)
    previous, breaks = "", []
    for index, record in enumerate(records):
        expected = link(previous, canonical(record))
        stored = record[at]
        if stored != expected and expected not in accepted:
            breaks.append(Break(index, stored, expected))
            if stop_at_first:
                break
        # the next link is checked against what the file holds, so one edit breaks one link only
        previous = stored or expected
    return previous, breaks


def digests_for(records: list[list[str]], header: list[str], schema: Schema, optional: set[str],
                previous: str) -> list[str]:
    """The digests of new records (cells in header order) appended after a chain whose head is previous."""
    canonical = canonical_maker(header, schema, optional)
    out = []
    for record in records:
        previous = link(previous, canonical(record))
        out.append(previous)
    return out
