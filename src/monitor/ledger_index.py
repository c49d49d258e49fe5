"""A ledger's sidecar index: what an append needs (last ids, the chain's head, digests of ids and rows) without reading a row.

The index lives beside the ledger (data/curated/.observations.csv.index, ignored by git) and is only a
shortcut: the CSV stays the source of truth. It holds the file's size, modification time, inode and the
digest of its last 64 KiB as it was when the index was written; a ledger that differs in any of them (an
edit by hand, a migration, a cut-off write, a writer that kept no index) is read in full, its chain
verified, and the index made again. The digests are 64-bit hashes: a new row whose hash is already there
is checked against the ledger itself (monitor.ledger.read_ledger), so a collision costs a read, never a row.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .files import atomic_target
from .ledger import append_rows, chain_head, read_ledger
from .schemas import Schema

_FORMAT = 1
_TAIL = 1 << 16
_NUMBERED = re.compile(r"([a-z]+)-(\d+)")


def index_path(path: Path) -> Path:
    return Path(path).with_name(f".{Path(path).name}.index")


def _stamp(path: Path) -> tuple:
    """What the index is valid for: the file's size, modification time, inode and last bytes."""
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        handle.seek(max(0, st.st_size - _TAIL))
        tail = hashlib.sha256(handle.read()).hexdigest()
    return st.st_size, st.st_mtime_ns, st.st_ino, tail


def hashes(frame: pd.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """One 64-bit hash per row of the columns' cells (surrounding blanks aside), as the index keeps them."""
    if frame.empty or not columns:
        return np.empty(0, dtype=np.uint64)
    cells = pd.DataFrame({c: frame[c].astype(str).str.strip() for c in columns}).astype(object)
    return pd.util.hash_pandas_object(cells, index=False).to_numpy(dtype=np.uint64)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # a sort and a comparison: numpy's unique hashes, several times slower on a million values
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _merged(known: np.ndarray, values: np.ndarray) -> np.ndarray:
    """known (sorted, unique) with values put in their places: one copy, not a sort of the whole."""
    values = _sorted_unique(values)
    values = values[~_present(known, values)]
    return np.insert(known, np.searchsorted(known, values), values) if len(values) else known


def _present(known: np.ndarray, values: np.ndarray) -> np.ndarray:
    at = np.searchsorted(known, values)
    return (at < len(known)) & (known[np.minimum(at, max(len(known) - 1, 0))] == values) if len(known) else \
        np.zeros(len(values), dtype=bool)


@dataclass
class LedgerIndex:
    """A chained ledger's rows, head and the sorted hashes of its ids, rows (by identity) and corrected ids."""

    key: str
    identity: tuple[str, ...]
    rows: int = 0
    head: str = ""
    numbers: dict[str, int] = field(default_factory=dict)  # prefix (obs, asm) -> the highest number given
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    identities: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    corrected: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    stamp: tuple = ()

    def has_ids(self, values: list[str]) -> list[bool]:
        """Whether each id may be in the ledger (a hash hit: the caller reads the ledger to be sure)."""
        frame = pd.DataFrame({self.key: list(values)})
        return _present(self.ids, hashes(frame, (self.key,))).tolist()

    def has_rows(self, rows: pd.DataFrame) -> list[bool]:
        """Whether each row's identity (what makes two rows the same record) may be in the ledger already."""
        return _present(self.identities, hashes(rows, self.identity)).tolist()

    def next_ids(self, prefix: str, count: int) -> list[str]:
        """The next count ids after the highest recorded (monitor.ledger.next_ids, without the rows)."""
        start = self.numbers.get(prefix, 0) + 1
        return [f"{prefix}-{n:04d}" for n in range(start, start + count)]

    def add(self, rows: pd.DataFrame, head: str) -> None:
        """Take appended rows in."""
        self.rows += len(rows)
        self.head = head
        self.numbers = _numbers(rows[self.key], self.numbers)
        self.ids = _merged(self.ids, hashes(rows, (self.key,)))
        self.identities = _merged(self.identities, hashes(rows, self.identity))
        self.corrected = _merged(self.corrected, _corrected(rows))


def _numbers(ids: pd.Series, numbers: dict[str, int]) -> dict[str, int]:
    found = ids.astype(str).str.fullmatch(_NUMBERED.pattern)
    numbers = dict(numbers)
    if found.any():
        parts = ids[found].astype(str).str.extract(_NUMBERED.pattern)
        for prefix, top in parts.groupby(0)[1].apply(lambda s: s.astype(int).max()).items():
            numbers[prefix] = max(numbers.get(prefix, 0), int(top))
    return numbers


def _corrected(frame: pd.DataFrame) -> np.ndarray:
    if "corrects" not in frame.columns:
        return np.empty(0, dtype=np.uint64)
    named = frame.loc[frame["corrects"].astype(str).str.strip() != "", ["corrects"]]
    return _sorted_unique(hashes(named.rename(columns={"corrects": "id"}), ("id",)))


def build_index(frame: pd.DataFrame, schema: Schema, identity: tuple[str, ...], head: str) -> LedgerIndex:
    """The index of a ledger read in full (and verified) as frame."""
    key = schema.key[0]
    index = LedgerIndex(key=key, identity=tuple(identity), rows=len(frame), head=head,
                        numbers=_numbers(frame[key], {}) if len(frame) else {},
                        ids=_sorted_unique(hashes(frame, (key,))), identities=_sorted_unique(hashes(frame, identity)),
                        corrected=_corrected(frame))
    return index


def load_index(path: Path, schema: Schema, identity: tuple[str, ...]) -> LedgerIndex:
    """Under the ledger's lock: its index where it matches the file as it is, else made again from a full read.

    The full read verifies the chain and refuses a torn last row, so an index is only ever made from, and
    only ever matches, a ledger that was whole and as recorded.
    """
    path = Path(path)
    if not path.is_file():
        return LedgerIndex(key=schema.key[0], identity=tuple(identity))
    stamp = _stamp(path)
    try:
        with open(index_path(path), "rb") as handle:
            found = pickle.load(handle)
        if found[0] == _FORMAT and found[1] == (pd.__version__, tuple(identity)) and found[2].stamp == stamp:
            return found[2]
    except Exception:  # missing, torn or foreign: made again below
        pass
    frame = read_ledger(path, schema)
    index = build_index(frame, schema, identity, chain_head(path, schema)[1] if len(frame) else "")
    index.stamp = stamp if _stamp(path) == stamp else ()
    _save(path, index)
    return index


def _save(path: Path, index: LedgerIndex) -> None:
    """Write the index beside the ledger; one that cannot be written only costs the next append a full read."""
    try:
        with atomic_target(index_path(path)) as tmp:
            tmp.write_bytes(pickle.dumps((_FORMAT, (pd.__version__, index.identity), index), protocol=5))
    except OSError:
        pass


def append_indexed(path: Path, schema: Schema, rows: pd.DataFrame, index: LedgerIndex) -> None:
    """Append rows (monitor.ledger.append_rows) linked to the index's head, then bring the index up to date."""
    path = Path(path)
    was = _stamp(path) if path.is_file() else None
    head = append_rows(path, schema, rows, head=index.head if was is not None and index.stamp == was else None)
    index.add(rows, head)
    index.stamp = _stamp(path)
    _save(path, index)
