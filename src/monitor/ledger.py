"""Append-only CSV ledgers: read, validate, append under a lock, write atomically."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import fcntl
import hashlib
import io
import os
import re
import stat
from pathlib import Path

import pandas as pd

from . import cache as _cache
from . import forked
from .arrow_text import arrow_of, text_columns
from .cells import clean_rows
from .chain import ANCHOR_SCHEMA, ANCHORS_FILE, DIGEST, chained, digests_for, walk
from .errors import InputError
from .files import write_atomic
from .problems import Problem
from .schemas import Schema


# Columns added to the curated tables after files had been written: name -> (what added it, what its
# empty cell means). A file without one reads as if every cell were empty; appending to it is refused
# until `monitor migrate` adds it.
ADDED_COLUMNS = {
    "ask": ("asks", "the whole paragraph"),
    "corrects": ("corrections", "a row that corrects none"),
    "withdrawn": ("withdrawals", "a row that withdraws none"),
    "sensitivity": ("sensitivity", "internal: left out of a public build"),
    DIGEST: ("tamper-evident ledgers", "a row recorded before the chain (migrate computes it once)"),
}


def _migrated_sensitivity(schema: Schema):
    """The sensitivity `monitor migrate` gives an existing row: public where its source is the UN's, else internal."""
    from .sensitivity import SOURCE_COLUMNS, migrated_sensitivity

    column = SOURCE_COLUMNS.get(schema.name, "")
    return lambda row: migrated_sensitivity(row, column)


# How `monitor migrate` fills an added column in existing rows, where empty is not the right value.
ADDED_FILLS = {"sensitivity": _migrated_sensitivity}


def read_ledger(path: Path, schema: Schema, defer: bool = False) -> pd.DataFrame:
    """A ledger as strings (empty cells are ''); a missing file is an empty ledger.

    A chained ledger (one with a row_digest column) must have its columns in the schema's order, and is
    refused naming the first row that is not as it was recorded, unless `monitor reanchor` accepted it,
    and naming its last line where a write was cut off. A verified ledger of a workspace is kept in the
    workspace's cache under the digest of its bytes (and of the anchors that accepted its edits), so the
    next read of the same bytes skips the parse and the chain; any edit is other bytes, read afresh.

    defer: a large ledger read afresh is returned before its chain is verified, which a forked copy of the
    process does meanwhile (monitor.forked), on the same parsed rows. The caller must call settle(path)
    before it trusts or keeps anything read from it: settle raises ChainBroken as this would.
    """
    path = Path(path)
    ahead = _AHEAD.pop(str(path), None)
    if ahead is not None and ahead[0] == _stat_of(path):  # read ahead (read_ahead) of these very bytes
        if not defer:
            settle(path)
        return ahead[1]
    _settled_quietly(path)
    if not path.is_file():
        return pd.DataFrame(columns=schema.column_names)
    header = file_header(path)
    check_header(path, header, schema)
    if not (chained(schema) and DIGEST in header):
        return with_added_columns(_parsed(path, None), schema)
    _HEADS.pop(str(path), None), _KEYS.pop(str(path), None)  # known again only once these bytes are verified
    before = path.stat()
    data = path.read_bytes()
    if b"\n" in data and not data.endswith(b"\n"):  # a header alone, as written by hand, is an empty ledger
        raise InputError(torn_message(path, data))
    workspace, slot = _cache_slot(path, schema)
    entry = _cache.load(workspace, _CACHE_KIND + path.name, slot) if workspace else None
    known = entry[0] if entry is not None and len(data) >= entry[0] else 0
    whole = _cache.known_sha256(before) if known in (0, len(data)) else None
    # the bytes digested a moment ago for the workspace's cache key, as they are: not hashed again (the prefix
    # is compared only where an entry verified some of them)
    prefix, key = (whole.hex(), whole.hex()) if whole is not None else _digests(data, known)
    found = None
    if known and prefix == entry[1]:  # the bytes verified before, as they were: only rows after them are read
        found = entry[2:] if known == len(data) else _extended(path, schema, header, data, known, *entry[2:])
    if found is None:
        raw = _parsed(path, data, header)  # a row short of cells reads as empty ones; its link does not match
        frame = with_added_columns(raw, schema)
        copy = None
        if defer and forked.worth_it(len(raw)):
            verify, keep = _verified_in_copy(path, schema, raw, frame, workspace, slot, key, len(data))
            copy = forked.start(verify, keep, label=str(_cache.entry_folder(workspace, _CACHE_KIND + path.name))
                                if workspace else None)
        if copy is not None:
            _PENDING[str(path)] = _Pending(copy, schema, raw, frame, before, workspace, slot, key, len(data))
            return frame
        head = _verified_here(path, schema, raw, frame, workspace, slot, key, len(data))
    else:
        frame, head = found
        grown = len(frame) - len(entry[2])
        if workspace and grown and grown >= max(1000, len(entry[2]) // 20):  # a few rows are cheaper read again
            _cache.store(workspace, _CACHE_KIND + path.name, slot, (len(data), key, frame, head), keep=1)
    _remember(path, before, frame, head, workspace, key,
              (entry[1], len(entry[2])) if found is not None and known < len(data) else None)
    return frame


# path -> (its state, monitor.cache.stat_key, and the frame) of a ledger read by read_ahead, for the next read of the same bytes
_AHEAD: dict[str, tuple] = {}
# the fewest bytes a chained ledger's row takes (its id, a date and its 64-digit digest at the least): a file's
# size over it bounds its rows from above, to decide from the size alone that a ledger is large
_FEWEST_ROW_BYTES = 100


def large(path: Path) -> bool:
    """Whether the ledger may be large enough for its work to be shared with a forked copy (forked.worth_it),
    judged from its size alone, before it is read."""
    try:
        return forked.worth_it(Path(path).stat().st_size // _FEWEST_ROW_BYTES)
    except OSError:
        return False


def read_ahead(path: Path, schema: Schema) -> None:
    """Read a ledger now, deferred (see read_ledger), for the next read_ledger of the same bytes to return,
    so that its parse overlaps other work a forked copy does meanwhile (monitor.pipeline). A ledger that
    cannot be read is left to that next read, which says why where it always does."""
    path = Path(path)
    before = _stat_of(path)
    try:
        frame = read_ledger(path, schema, defer=True)
    except InputError:
        _settled_quietly(path)
        return
    _AHEAD[str(path)] = (before, frame)


def _stat_of(path: Path) -> tuple | None:
    try:
        return _cache.stat_key(path.stat())
    except OSError:
        return None


def _verified_here(path: Path, schema: Schema, raw: pd.DataFrame, frame: pd.DataFrame, workspace, slot: str,
                   key: str, size: int) -> str:
    """The chain's head of a ledger parsed as raw (frame: with its added columns), kept in the cache once verified."""
    try:
        head = verify_chain(path, schema, raw)
    except ChainBroken as exc:
        exc.frame = frame
        raise
    if workspace:
        _cache.store(workspace, _CACHE_KIND + path.name, slot, (size, key, frame, head), keep=1, rows=len(frame))
    return head


def _verified_in_copy(path: Path, schema: Schema, raw: pd.DataFrame, frame: pd.DataFrame, workspace, slot: str,
                      key: str, size: int):
    """What a forked copy verifying a ledger parsed as raw does: verify() gives the chain's head (None where a
    link is broken); keep(head), once that is sent, keeps the verified ledger in the cache."""
    def verify() -> str | None:
        try:
            return verify_chain(path, schema, raw)
        except ChainBroken:
            return None

    def keep(head: str | None) -> None:
        if head is not None and workspace:
            _cache.store(workspace, _CACHE_KIND + path.name, slot, (size, key, frame, head), keep=1)
    return verify, keep


def _remember(path: Path, before, frame: pd.DataFrame, head: str, workspace, key: str, grown_from) -> None:
    """The verified ledger's head and cache key, while its file stays as it was read; grown_from: (the cached
    bytes' key, their rows) where the ledger was those bytes with rows appended."""
    after = path.stat()
    _GROWN.pop(str(path), None)
    if (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size):
        _HEADS[str(path)] = (after.st_mtime_ns, after.st_size, len(frame), head)
        if workspace:
            _KEYS[str(path)] = (after.st_mtime_ns, after.st_size, workspace, key)
            if grown_from is not None:  # the rows of the entry's bytes, then appended ones
                _GROWN[str(path)] = (after.st_mtime_ns, after.st_size, *grown_from)


class _Pending:
    """A ledger read with defer=True whose chain a forked copy is verifying, and the checks computed meanwhile."""

    def __init__(self, copy, schema, raw, frame, before, workspace, slot, key, size) -> None:
        self.copy, self.schema, self.raw, self.frame, self.before = copy, schema, raw, frame, before
        self.workspace, self.slot, self.key, self.size = workspace, slot, key, size
        self.checks: list[tuple[str, tuple, object]] = []  # (what, inputs, problems) of cached_check


# path -> the ledger read with defer=True, not yet settled
_PENDING: dict[str, _Pending] = {}


def settle(path: Path) -> None:
    """Wait for the verification of a ledger read with defer=True, if any is pending: raise ChainBroken as
    read_ledger would have, or know the ledger as verified (and keep the checks computed meanwhile)."""
    path = Path(path)
    pending = _PENDING.pop(str(path), None)
    if pending is None:
        return
    def here() -> str:
        return _verified_here(path, pending.schema, pending.raw, pending.frame, pending.workspace, pending.slot,
                              pending.key, pending.size)
    head = pending.copy.result(here)  # a copy that failed: verified here
    if head is None or not pending.workspace:  # nothing more for the copy to do
        pending.copy.end()
    if head is None:  # a broken link, found again here to be named as a read names it
        here()
    _remember(path, pending.before, pending.frame, head, pending.workspace, pending.key, None)
    for what, inputs, problems in pending.checks:
        _store_check(path, what, inputs, problems)


def _settled_quietly(path: Path) -> None:
    """A ledger read again while its verification is pending: settled first (a break is found again by the read)."""
    if str(Path(path)) in _PENDING:
        try:
            settle(path)
        except ChainBroken:
            pass


_CACHE_KIND = "ledger-"  # one kind per ledger file, one entry each: the ledger's current bytes
# path -> (mtime, size, workspace, cache key) of the ledger as last read: what its checks are cached under
_KEYS: dict[str, tuple] = {}
# path -> (mtime, size, cache key, rows) of the cached bytes a ledger last read had only rows appended to
_GROWN: dict[str, tuple] = {}


def cached_check(path: Path, what: str, inputs: tuple, compute, extend=None):
    """compute(), kept in the workspace's cache beside the ledger as last read (its bytes' key) and inputs
    (the other tables and the day the check depends on); computed afresh for a ledger not read as it is.

    extend(n) gives the problems of the rows after the first n, checked against those: for a ledger only
    appended to since the bytes of a kept check, that check's problems and extend's, not a whole check.
    """
    path = Path(path)
    pending = _PENDING.get(str(path))
    if pending is not None:  # computed while the chain is verified; kept once it is (settle)
        found = compute()
        pending.checks.append((what, inputs, found))
        return found
    known = _KEYS.get(str(path))
    now = path.stat() if path.is_file() else None
    if not known or now is None or known[:2] != (now.st_mtime_ns, now.st_size):
        return compute()
    workspace, (kind, key) = known[2], _check_slot(path, what, known[3], inputs)
    found = _cache.load(workspace, kind, key)
    if found is not None:
        return found
    grown = _GROWN.get(str(path))
    if extend is not None and grown and grown[:2] == known[:2]:
        earlier = _cache.load(workspace, *_check_slot(path, what, grown[2], inputs))
        if isinstance(earlier, list):
            # not stored: the kept check stays under the bytes the ledger's cache entry holds, for the next read
            return earlier + extend(grown[3])
    found = compute()
    _cache.store(workspace, kind, key, found, keep=1)
    return found


def _store_check(path: Path, what: str, inputs: tuple, found) -> None:
    """Keep a check's problems as cached_check would, for the ledger as last read."""
    known = _KEYS.get(str(path))
    if known:
        _cache.store(known[2], *_check_slot(path, what, known[3], inputs), found, keep=1)


def _check_slot(path: Path, what: str, bytes_key: str, inputs: tuple) -> tuple[str, str]:
    """The cache kind and key of a check of the ledger at path, for its bytes' key and the check's inputs."""
    return f"{_CACHE_KIND}{what}-{path.name}", _cache.digest(bytes_key, what, inputs)


def _parsed(path: Path, data: bytes | None, header: list[str] | None = None) -> pd.DataFrame:
    """The CSV's cells as strings, from its bytes where read already (header: its header row, known)."""
    if data is not None:
        found = text_columns(data, header if header is not None else file_header(path))
        if found is not None:
            return found
    try:
        # no missing-value markers: every cell is the text it holds, an empty one '' (and the parse is quicker)
        return pd.read_csv(io.BytesIO(data) if data is not None else path, dtype=str, keep_default_na=False,
                           na_filter=False, encoding="utf-8")
    except pd.errors.ParserError as exc:
        if data is not None and "EOF inside string" in str(exc):  # a quoted cell never closed: a cut-off write
            raise InputError(torn_message(path, data)) from None
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None


def _cache_slot(path: Path, schema: Schema):
    """The workspace whose data/curated/ holds the ledger (None elsewhere: nothing cached) and the key of its
    cache entry: the ledger's name, the anchors file beside it, the schema and the package's code. The entry
    says which bytes it verified (their length and digest), so a ledger appended to since reuses it."""
    from .workspace import Workspace

    root = path.resolve().parent.parent.parent
    workspace = Workspace(root)
    if workspace.curated != path.resolve().parent or not _cache.enabled():
        return None, ""
    anchors = path.with_name(ANCHORS_FILE)
    accepted = _cache.file_digest(anchors) if path.name != ANCHORS_FILE else ""
    return workspace, _cache.digest(path.name, accepted, schema.name, tuple(schema.column_names), _cache.code_digest())


def _digests(data: bytes, size: int) -> tuple[str, str]:
    """The sha256 of the first size bytes and of all of them, in one pass."""
    digest = hashlib.sha256(memoryview(data)[:size])
    prefix = digest.hexdigest()
    digest.update(memoryview(data)[size:])
    return prefix, digest.hexdigest()


def _extended(path: Path, schema: Schema, header: list[str], data: bytes, known: int, frame: pd.DataFrame,
              head: str):
    """The verified frame with the rows appended after its bytes, their links checked from its head; None
    where those rows are not whole and as recorded (the full read names what is wrong)."""
    try:
        tail = _parsed(path, data[:data.index(b"\n") + 1] + data[known:], header)
    except InputError:
        return None
    if list(tail.columns) != [c for c in frame.columns if c in tail.columns] or not len(tail):
        return None
    new_head, breaks = walk(_chain_columns(tail), list(tail.columns), schema, set(ADDED_COLUMNS), _anchored(path),
                            start=head)
    if breaks:
        return None
    return pd.concat([frame, with_added_columns(tail, schema)], ignore_index=True), new_head


def torn_message(path: Path, data: bytes) -> str:
    """What to say of a ledger whose last row is incomplete: its line, and the bytes that would put it right."""
    start = _last_record_start(data)
    line = data.count(b"\n", 0, start) + 1
    return (f"{path}: line {line} is incomplete (the file does not end with a whole row: no final line break, "
            "or a quoted cell never closed): a write was cut off, or the file was edited by hand. Nothing was read "
            f"or recorded. If line {line} is a whole row edited by hand, end it with a line break; if a write was "
            f"cut off, remove the incomplete row, bytes {start} to {len(data)} ('truncate -s {start} {path}'), "
            "and record it again")


def _last_record_start(data: bytes) -> int:
    """Where the file's last record begins: after the last line break outside a quoted cell."""
    quotes = data.count(b'"')
    end = len(data) - 1 if data.endswith(b"\n") else len(data)
    while True:
        at = data.rfind(b"\n", 0, end)
        if at < 0:
            return 0
        if (quotes - data.count(b'"', at + 1)) % 2 == 0:  # an even number of quotes before it: outside a cell
            return at + 1
        end = at


class ChainBroken(InputError):
    """A ledger row that is not as it was recorded; `validate` lists it with the file's other problems."""

    def __init__(self, message: str, line: int, row_id: str, detail: str):
        super().__init__(message)
        self.line, self.row_id, self.detail, self.frame = line, row_id, detail, None


# path -> (mtime, size, rows, head) of the last chain verified, so that an append under the lock, right
# after the caller read the ledger, does not walk a million rows a second time
_HEADS: dict[str, tuple[int, int, int, str]] = {}


def check_header(path: Path, header: list[str], schema: Schema) -> None:
    """Refuse a header that names a column twice, or, in a chained ledger, has its columns out of order."""
    seen = set()
    for name in header:
        if name in seen:
            raise InputError(f"{path}: the header names the column {name!r} twice")
        seen.add(name)
    if not chained(schema):
        return  # a table edited by hand may order its columns as its editor likes; rows follow the file
    removed = [c for c in schema.column_names if c not in header and c not in ADDED_COLUMNS]
    if DIGEST in header and removed:
        raise InputError(f"{path}: the column(s) {', '.join(removed)} are missing: a ledger's columns are never "
                         "removed; put the file back as it was ('git diff' shows the change)")
    found = [c for c in header if c in schema.column_names]
    expected = [c for c in schema.column_names if c in header]
    if found != expected:
        raise InputError(f"{path}: the columns are not in the ledger's order: expected {', '.join(expected)}; "
                         f"found {', '.join(found)}. A ledger's columns are never moved: put them back in this "
                         "order (a spreadsheet that sorted them may also have changed the rows)")


def _anchored(path: Path) -> set[str]:
    """The digests `monitor reanchor` accepted for this ledger (the anchors file beside it)."""
    if path.name == ANCHORS_FILE:
        return set()
    try:
        anchors = read_ledger(path.with_name(ANCHORS_FILE), ANCHOR_SCHEMA)
    except ChainBroken as exc:  # not a problem of the ledger read: nothing it holds can be trusted
        raise InputError(str(exc)) from None
    return set(anchors.loc[anchors["ledger"] == path.name, "accepts"]) if len(anchors) else set()


def _records(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return list(zip(*_columns(frame)))


def _columns(frame: pd.DataFrame) -> list[list[str]]:
    return [frame[c].tolist() for c in frame.columns]


def _chain_columns(frame: pd.DataFrame) -> list:
    """The frame's columns as the chain reads them: Arrow's own arrays where Arrow holds every one, else lists
    (a column of other objects, or with a missing cell, is read by Python)."""
    arrays = [arrow_of(frame[c]) for c in frame.columns]
    return arrays if all(a is not None for a in arrays) else _columns(frame)


def chain_breaks(path: Path, schema: Schema, frame: pd.DataFrame, stop_at_first: bool = True):
    """The chain's head and its broken links (monitor.chain.walk) for a ledger read as frame."""
    return walk(_chain_columns(frame), list(frame.columns), schema, set(ADDED_COLUMNS), _anchored(path), stop_at_first)


def verify_chain(path: Path, schema: Schema, frame: pd.DataFrame) -> str:
    """The chain's head; refuses the ledger naming the first row that is not as it was recorded."""
    head, breaks = chain_breaks(path, schema, frame)
    if breaks:
        key = schema.key[0] if schema.key else ""
        line, row_id = line_of(path, breaks[0].index), frame.iloc[breaks[0].index][key] if key else ""
        detail = _break_message(path, breaks[0], key, row_id)
        raise ChainBroken(f"{path}: line {line} {detail}", line, row_id, detail)
    return head


def _break_message(path: Path, found, key: str, row_id: str) -> str:
    if not found.stored:
        what = "has no row_digest: it was added by hand, not recorded by monitor"
    else:
        what = ("is not as it was recorded: this row was edited, or a row just before it was deleted, "
                "inserted or moved")
    if path.name == ANCHORS_FILE:
        return (f"({key} {row_id!r}) {what}. The anchors file is never edited: put it back as it was "
                "(git checkout, or 'git diff' to see the change)")
    return (f"({key} {row_id!r}) {what}. A ledger is never edited: "
            "a correction is a new row. Put the file back as it was ('git diff' shows the change), or, if the "
            f"edit was deliberate, accept it with 'monitor reanchor {path.name} --reason TEXT --by NAME'")


def line_of(path: Path, index: int) -> int:
    """The line of the file where data row `index` (from 0, blank lines skipped) begins; only for messages."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        start, count = 1, -1
        for record in reader:
            if record and count == index:
                return start
            count += 1 if record else 0
            start = reader.line_num + 1
    return start


def chain_head(path: Path, schema: Schema) -> tuple[int, str]:
    """The number of rows of a chained ledger and the digest of its last one ('' for none); verified."""
    path = Path(path)
    if not path.is_file() or DIGEST not in file_header(path):
        return 0, ""
    now = path.stat()
    cached = _HEADS.get(str(path))
    if cached and cached[:2] == (now.st_mtime_ns, now.st_size):
        return cached[2], cached[3]
    frame = read_ledger(path, schema)
    return len(frame), verify_chain(path, schema, frame)


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
    written again with csv's minimal quoting. A chained ledger is checked first; when row_digest is
    what is added (or a column filled with values), every row's digest is then computed, in the
    file's order, and the file written again whole.
    """
    path = Path(path)
    if not missing_added_columns(path, schema):
        return []  # no lock file is left beside a file that needs nothing
    with locked(path):
        missing = missing_added_columns(path, schema)
        if not missing:
            return []
        # a chained ledger is migrated only whole: an edit made before would be laundered by the new digests
        read_ledger(path, schema)
        text = path.read_text(encoding="utf-8")
        header = file_header(path)
        for name in missing:
            fill = ADDED_FILLS[name](schema) if name in ADDED_FILLS else None
            text = _insert_column(text, _place(header, schema, name), fill)
            header = header[:_place(header, schema, name)] + [name] + header[_place(header, schema, name):]
            text = text.replace(text.split("\n", 1)[0], ",".join(header), 1)
        if chained(schema) and (DIGEST in missing or set(missing) & set(ADDED_FILLS)):
            text = _chained_text(text, schema)
        write_atomic(path, text)
    return missing


def _chained_text(text: str, schema: Schema) -> str:
    """The ledger's text with every row's digest computed anew, in the file's order (`monitor migrate`)."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).fillna("")
    header = list(frame.columns)
    records = [list(r) for r in _records(frame)]
    at = header.index(DIGEST)
    for record, digest in zip(records, digests_for(records, header, schema, set(ADDED_COLUMNS), "")):
        record[at] = digest
    return _csv_text([header, *records])


def _csv_text(records) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    return buffer.getvalue()


def _insert_column(text: str, at: int, fill=None) -> str:
    """The CSV text with a cell before cell `at` of every record (header included, renamed after): empty, or
    fill(row as a dict by the header's names) in each row below the header."""
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    out, done, header = [], 0, None
    for record in reader:
        first, last = done, reader.line_num
        chunk = lines[first:last]
        done = last
        if not record:
            out += chunk
            continue
        value = fill(dict(zip(header, record))) if fill and header is not None else ""
        header = record if header is None else header
        prefix = chunk[0].split(",", at)
        if len(prefix) > at and '"' not in ",".join(prefix[:at]):
            out += [",".join(prefix[:at] + [value] + prefix[at:])] + chunk[1:]
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(record[:at] + [value] + record[at:])
            out += buffer.getvalue().rstrip("\n").split("\n")
    out += lines[done:]
    return "\n".join(out)


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock beside the ledger, so concurrent writers queue instead of losing rows.

    The lock file is opened without following a link and without truncating it: a lock planted as a
    link to another file would otherwise empty that file. Under the lock, the temporary files a killed
    writer of this ledger left behind are removed (only a lock holder writes them).
    """
    path = Path(path)
    lock_path = path.with_name(f".{path.name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{lock_path}: the lock file is a symbolic link (to {os.readlink(lock_path)}); "
                             "nothing was written through it: remove the link and retry") from None
        raise InputError(f"{lock_path}: cannot open the lock file ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{lock_path}: the lock file is not a plain file: remove it and retry")
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            _remove_stale_temporaries(path)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove .<stem>.XXXX.tmp beside the ledger: monitor.files.atomic_target's names, left by a killed writer."""
    for stale in path.parent.glob(f".{path.stem}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def append_rows(path: Path, schema: Schema, rows: pd.DataFrame, head: str | None = None) -> str:
    """Append rows to the ledger under the caller's lock; returns the chain's new head ('' if unchained).

    The existing bytes are never rewritten: the rows go in one write to the file opened for appending,
    flushed to the disk before the lock is let go. head, the digest of the ledger's last row, is given by
    a caller that holds it (monitor.ledger_index); otherwise the ledger is read for it. A new file is
    written whole, header first, through a temporary file.
    """
    path = Path(path)
    missing = missing_added_columns(path, schema)
    if missing:
        since = " and ".join(ADDED_COLUMNS[m][0] for m in missing)
        meaning = "; ".join(f"an empty {m} is {ADDED_COLUMNS[m][1]}" for m in missing)
        raise InputError(f"{path}: nothing recorded: the file has no {', '.join(repr(m) for m in missing)} column "
                         f"(it was written before {since}); run 'monitor migrate' once to add it, empty in every "
                         f"existing row ({meaning})")
    rows = clean_rows(rows, schema)
    header = file_header(path)
    check_header(path, header, schema)
    columns = header or schema.column_names
    # the file's own column order: a hand-ordered table gets each value under its own header
    records = [[str(row.get(c, "")) for c in columns] for row in rows.to_dict("records")]
    new_head = ""
    if chained(schema) and DIGEST in columns:
        at = columns.index(DIGEST)
        previous = (head if head is not None else chain_head(path, schema)[1]) if header else ""
        for record, digest in zip(records, digests_for(records, columns, schema, set(ADDED_COLUMNS), previous)):
            record[at] = new_head = digest
        new_head = new_head or previous
    if not header:
        write_atomic(path, _csv_text([columns, *records]))
    elif records:
        _append_bytes(path, _csv_text(records).encode("utf-8"), refuse_torn=chained(schema))
    return new_head


def _append_bytes(path: Path, payload: bytes, refuse_torn: bool) -> None:
    """One write at the end of the file, then fsync; a file not ending with a line break is not appended to
    where a torn row would be glued to the new one (a ledger), else it gets the line break first."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError as exc:  # a link in the ledger's place is not written through, as the lock is not
        raise InputError(f"{path}: cannot be opened to append to ({exc.strerror}); nothing was recorded") from None
    try:
        size = os.fstat(fd).st_size
        last = os.pread(fd, 1, size - 1) if size else b"\n"
        if last != b"\n":
            data = path.read_bytes()
            if refuse_torn and b"\n" in data:
                raise InputError(torn_message(path, data))
            payload = b"\n" + payload
        view = memoryview(payload)
        while view:  # a regular file takes it in one write; a short write is finished, never left torn
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


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
    rows = clean_rows(rows[schema.column_names].fillna("").astype(str), schema)
    rows["recorded_at"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rows["recorded_by"] = [r.strip() or who for r in rows["recorded_by"]]
    return rows


def refuse(problems: list[Problem]) -> None:
    """Raise one InputError naming every problem (up to twenty), so the user can fix all at once."""
    listing = "; ".join(str(p) for p in problems[:20])
    more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
    raise InputError(f"nothing recorded: {listing}{more}")


def reanchor(path: Path, schema: Schema, reason: str, who: str) -> list[dict]:
    """Accept a ledger edited by hand on purpose: one anchor row per broken link, with the reason and who.

    The ledger itself is left as it is; the anchors file (append-only and chained too) records which
    links were accepted, so the edit stays visible and a later edit of the same row breaks it again.
    """
    path = Path(path)
    if not reason.strip() or not who.strip():
        raise InputError("nothing re-anchored: give the reason of the edit (--reason) and who accepts it (--by)")
    anchors_path = path.with_name(ANCHORS_FILE)
    with locked(anchors_path), locked(path):
        frame = _read_unverified(path, schema)
        if DIGEST not in frame.columns:
            raise InputError(f"{path}: has no row_digest column yet: run 'monitor migrate' first")
        _, breaks = chain_breaks(path, schema, frame, stop_at_first=False)
        if not breaks:
            return []
        key = schema.key[0] if schema.key else ""
        rows = pd.DataFrame([{"ledger": path.name, "line": str(line_of(path, b.index)),
                              "row_id": frame.iloc[b.index][key] if key else "", "accepts": b.expected,
                              "reason": reason, "recorded_by": who} for b in breaks])
        rows = stamp_rows(rows, ANCHOR_SCHEMA, who)
        existing = read_ledger(anchors_path, ANCHOR_SCHEMA)
        rows["anchor_id"] = next_ids(existing, "anchor_id", "anc", len(rows))
        append_rows(anchors_path, ANCHOR_SCHEMA, rows)
    return rows.to_dict("records")


def _read_unverified(path: Path, schema: Schema) -> pd.DataFrame:
    """A ledger read without its chain checked: what `monitor reanchor` needs to find every broken link."""
    check_header(path, file_header(path), schema)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8").fillna("")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None


def ledger_heads(curated_dir: Path, files) -> dict[str, dict]:
    """Per chained ledger of files ((name, schema, ...) tuples): its rows and the digest of its last row."""
    heads = {}
    for name, schema, *_ in files:
        path = Path(curated_dir) / name
        if chained(schema) and path.is_file() and DIGEST in file_header(path):
            rows, head = chain_head(path, schema)
            heads[name] = {"rows": rows, "head": head}
    return heads
