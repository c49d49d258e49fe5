"""The workspace's cache of derived results, in <workspace>/.cache/, keyed on the digests of their inputs."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import threading
from pathlib import Path

from . import forked
from .files import atomic_target

FOLDER = ".cache"
DISABLE = "MONITOR_NO_CACHE"  # set to 1 (or `monitor --no-cache`) to compute everything afresh
KEEP = 8  # entries kept per kind: a few recent states of the workspace, not its whole history
_FORMAT = 1


def enabled() -> bool:
    return os.environ.get(DISABLE, "").strip().lower() in ("", "0", "no", "false")


def digest(*parts) -> str:
    """One sha256 over parts (str, bytes, numbers, None, or tuples of these), each length-prefixed so that
    ('ab', 'c') and ('a', 'bc') differ."""
    h = hashlib.sha256()

    def feed(part) -> None:
        if isinstance(part, (tuple, list)):
            h.update(b"(%d" % len(part))
            for item in part:
                feed(item)
            h.update(b")")
            return
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)
    for part in parts:
        feed(part)
    return h.hexdigest()


def _skipped(name: str) -> bool:
    # locks and temporary siblings a writer leaves beside a file say nothing about its content
    return name.startswith(".") or name.endswith(".tmp") or name == "__pycache__"


def files_digest(folder: Path) -> str:
    """The digest of every file under folder, by relative name and bytes ('' parts where it does not exist)."""
    folder = Path(folder)
    if not folder.is_dir():
        return digest("missing", str(folder.name))
    entries = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
        for name in sorted(filenames):
            if not _skipped(name):
                path = Path(dirpath) / name
                entries.append((str(path.relative_to(folder)), file_sha256(path)))
    return digest(sorted(entries))


# (device, inode, size, mtime) -> sha256: a command that digests a ledger for its cache key and then reads it
# hashes its bytes once, not twice (hundreds of MB at 10^6 observations); held for this process only
_SHA256: dict[tuple, bytes] = {}


def file_sha256(path: Path) -> bytes:
    """The sha256 of a file's bytes, remembered while its inode, size and modification time stay the same."""
    wait_prefetch()  # a file hashed meanwhile (prefetch_sha256) is not hashed twice
    key = stat_key(os.stat(path))
    found = _SHA256.get(key)
    if found is None:
        found = hashlib.sha256(Path(path).read_bytes()).digest()
        if len(_SHA256) > 256:
            _SHA256.clear()
        _SHA256[key] = found
    return found


PREFETCH_BYTES = 32 << 20  # files from this size are hashed in a thread while a command starts
_HASHING: list[threading.Thread] = []  # the thread hashing them, until file_sha256 waits for it


def prefetch_sha256(paths) -> None:
    """Hash the large files among paths in a thread, for file_sha256 to find: reading a file and hashing it
    release the interpreter, so a million-row ledger's third of a second overlaps the loading of modules."""
    big = []
    for path in paths:
        try:
            if os.stat(path).st_size >= PREFETCH_BYTES:
                big.append(path)
        except OSError:
            pass
    wait_prefetch()  # one at a time: a command run again in the same process waits for the last one's
    if not big:
        return

    def hash_all() -> None:
        for path in big:
            try:
                before = os.stat(path)
                found = hashlib.sha256(Path(path).read_bytes()).digest()
                after = os.stat(path)
            except OSError:  # gone or unreadable: file_sha256 says so when it is asked
                continue
            if stat_key(after) == stat_key(before):  # not written meanwhile
                _SHA256[stat_key(after)] = found
    thread = threading.Thread(target=hash_all, name="monitor-prefetch-sha256", daemon=True)
    thread.start()
    _HASHING.append(thread)


def wait_prefetch() -> None:
    """Wait for the thread prefetch_sha256 started, if any."""
    while _HASHING:
        _HASHING.pop().join()


def known_sha256(stat) -> bytes | None:
    """The sha256 file_sha256 found for the file as stat describes it, or None."""
    return _SHA256.get(stat_key(stat))


def stat_key(stat) -> tuple:
    """What tells a file's state apart: its device, inode, size and modification time."""
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def file_digest(path: Path) -> str:
    path = Path(path)
    return digest(path.read_bytes()) if path.is_file() else digest("missing")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own code and vocabularies with the interpreter's and pandas' versions: a change to any
    of them changes what would be computed, or how a pickle reads back."""
    import pandas

    from . import __version__

    return digest(__version__, sys.version, pandas.__version__, files_digest(Path(__file__).resolve().parent))


def entry_folder(workspace, kind: str) -> Path:
    """Where the entries of a kind are kept (and the label a copy writing one is waited for under)."""
    return Path(workspace.root) / FOLDER / kind


def _path(workspace, kind: str, key: str) -> Path:
    return entry_folder(workspace, kind) / f"{key}.pickle"


def load(workspace, kind: str, key: str):
    """The value stored under (kind, key), else None: a missing, unreadable, corrupt or foreign entry is a miss."""
    if not enabled():
        return None
    path = _path(workspace, kind, key)
    forked.wait(str(path.parent))  # an entry of this kind being written in the background is read once written
    try:
        with open(path, "rb") as handle:
            entry = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or corrupt file, or one pickled by other code: recomputed and overwritten
        return None
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == _FORMAT and entry[1] == key):
        return None
    return entry[2]


def store(workspace, kind: str, key: str, value, keep: int | None = KEEP, rows: int = 0) -> None:
    """Keep value under (kind, key), atomically; a cache that cannot be written only costs the next run time.
    rows: the rows value holds; past forked.rows_from() it is written by a forked copy while this process
    goes on (a million-row ledger takes a second to pickle), and read back only once written."""
    if not enabled():
        return
    path = _path(workspace, kind, key)
    if rows and forked.worth_it(rows) and forked.in_background(str(path.parent), lambda: _write(path, key, value, keep)):
        return
    _write(path, key, value, keep)


def _write(path: Path, key: str, value, keep: int | None) -> None:
    try:
        from . import packed  # pandas, imported only by a command that stores an entry

        # temporary sibling and rename, without fsync: an entry lost to a crash is only recomputed
        with atomic_target(path) as tmp, open(tmp, "wb") as handle:
            packed.dump((_FORMAT, key, value), handle)  # pickle, with a frame's columns of distinct texts packed
        if keep is not None:
            _prune(path.parent, keep)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass


def retain(workspace, kind: str, keys) -> None:
    """Remove the entries of a kind whose key is not among keys (a resolution no longer in the workspace)."""
    if not enabled():
        return
    keep = {f"{key}.pickle" for key in keys}
    folder = Path(workspace.root) / FOLDER / kind
    for entry in folder.glob("*.pickle") if folder.is_dir() else []:
        if entry.name not in keep:
            try:
                entry.unlink()
            except OSError:
                pass


def _prune(folder: Path, keep: int) -> None:
    """Leave the most recent entries of a kind, so the cache follows the workspace, not its history."""
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except FileNotFoundError:
            pass
