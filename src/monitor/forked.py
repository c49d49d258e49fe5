"""Work handed to a forked copy of the process, so that a million-row ledger uses a second core."""

from __future__ import annotations

import atexit
import os
import pickle
import sys
import threading

ROWS = "MONITOR_FORK_ROWS"  # rows from which a ledger's work is shared with a copy; 0: never
DEFAULT_ROWS = 100_000
_FAILED = object()


def rows_from() -> int:
    """The rows from which a ledger's work is shared (MONITOR_FORK_ROWS, default 100,000; 0 never)."""
    text = os.environ.get(ROWS, "").strip()
    try:
        return int(text) if text else DEFAULT_ROWS
    except ValueError:
        return DEFAULT_ROWS


def worth_it(rows: int) -> bool:
    """Whether work on rows rows goes to a forked copy: on Linux, where fork is safe while this process runs
    no other thread (none does in the CLI; a test session's browser driver does), and past rows_from()."""
    limit = rows_from()
    return (limit > 0 and rows >= limit and not _IN_COPY and sys.platform.startswith("linux")
            and hasattr(os, "fork") and threading.active_count() == 1)


_IN_COPY = False  # a copy shares none of its own work: the machine's two cores are busy already


class Copy:
    """A forked copy computing one value."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe, self._value = pid, pipe, None
        self._done = self._ended = False

    def result(self, otherwise):
        """The copy's value, once sent; otherwise() where the copy failed or died first (computed here)."""
        if not self._done:
            with os.fdopen(self.pipe, "rb") as pipe:
                data = pipe.read()
            try:
                ok, value = pickle.loads(data)
            except Exception:  # the copy died before it sent its value (killed, out of memory)
                ok, value = False, None
            self._value, self._done = (value if ok else _FAILED), True
        return otherwise() if self._value is _FAILED else self._value

    def end(self) -> None:
        """Wait for the copy to finish what it does after sending its value."""
        self.result(lambda: None)
        if not self._ended:
            os.waitpid(self.pid, 0)
            self._ended = True


def start(compute, afterwards=None, label: str | None = None) -> Copy | None:
    """compute() in a forked copy of this process, its value sent back pickled; None where no copy could be
    made (the caller computes it itself). afterwards(value) runs in the copy once the value is sent (writing
    a cache entry): wait(label) waits for it, and so does the end of this process."""
    if label is not None:
        wait(label)
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read), os.close(write)
        return None
    if pid == 0:  # the copy: compute, send, and leave without the parent's exit handlers or buffered output
        global _IN_COPY
        _IN_COPY, status = True, 0
        try:
            os.close(read)
            value = ok = None
            try:
                value = compute()
                payload, ok = pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL), True
            except BaseException:
                payload = pickle.dumps((False, None))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
            if ok and afterwards is not None:
                afterwards(value)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    copy = Copy(pid, read)
    if label is None:
        return copy
    if not _BACKGROUND:
        atexit.register(wait_all)
    _BACKGROUND[label] = copy
    return copy


# label -> the copy doing work in the background (writing a cache entry) while this process goes on
_BACKGROUND: dict[str, Copy] = {}


def in_background(label: str, work) -> bool:
    """work() in a forked copy while this process goes on; False where none could be made. The copy is waited
    for by wait(label) and, at the latest, when the process ends."""
    return start(lambda: None, lambda _: work(), label) is not None


def wait(label: str) -> None:
    """Wait for the background work under label, if any (a cache entry is read only once it is written)."""
    copy = _BACKGROUND.pop(label, None)
    if copy is not None:
        copy.end()


def wait_all() -> None:
    for label in list(_BACKGROUND):
        wait(label)
