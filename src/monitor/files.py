"""Reading input files defensively and writing outputs atomically."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from .errors import InputError

# Text inputs beyond this size are not resolutions; refusing early keeps a
# mistaken multi-gigabyte argument from exhausting memory.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# An import CSV may hold a million observations (about 150 bytes each); more is not one workspace's data.
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_input_bytes(path: Path, limit: int | None = None, what: str = "a resolution") -> bytes:
    """Read a user-named input file, refusing missing paths, folders, empty files and more than limit bytes."""
    path = Path(path)
    limit = MAX_TEXT_BYTES if limit is None else limit
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: file is {size:,} bytes, above the limit of {limit:,} bytes for {what}")
        # a device or a pipe (/dev/zero) has no size to check first: read one byte past the limit at most
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"{path}: more than {limit:,} bytes, the limit for {what}")
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    return data


def decode_text(data: bytes, origin: str) -> str:
    """Decode UTF-8 text, refusing binary content with a reason."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{origin}: binary file (contains NUL bytes), not a text resolution")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not UTF-8 text (undecodable byte at offset {exc.start}); "
            "save the resolution as UTF-8 text, markdown or PDF"
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 200):
        raise InputError(f"{origin}: binary content (control characters), not a text resolution")
    return text


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def creatable_mode(mode: int = 0o666) -> int:
    """The permissions open() or mkdir() would give under the user's umask (mkstemp and mkdtemp ignore it)."""
    return mode & ~_umask()


@contextlib.contextmanager
def atomic_target(path: Path, suffix: str = ".tmp"):
    """A temporary sibling of path to write to; renamed over path on success, removed on failure.

    For writers that want a file name (xlsxwriter, kaleido), so a reader never sees half a file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, creatable_mode())  # mkstemp makes 0600; deliverables are for sharing
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a file through a temporary sibling and rename, so it is never half-written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_target(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


_STAGING = ".building-"  # hidden: nothing reads a folder whose name starts with '.'


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system has no such call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    return False


def replace_folder(staging: Path, folder: Path) -> None:
    """Put the complete staging folder in folder's place; the old folder's content goes with the staging name."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    if _exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)
        return
    # without an atomic swap a kill between the two renames leaves the old build under a hidden name, not mixed
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}old-", dir=folder.parent))
    os.rename(folder, retired / folder.name)
    os.rename(staging, folder)
    shutil.rmtree(retired, ignore_errors=True)


def remove_stale_folders(parent: Path, prefix: str, started: float) -> list[Path]:
    """Remove the hidden staging folders a killed command left: those last touched before this one began."""
    removed = []
    for folder in sorted(Path(parent).glob(f"{prefix}*")) if Path(parent).is_dir() else []:
        if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < started:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def staged_folder(folder: Path):
    """A hidden sibling to write a whole folder into; it takes folder's place only once complete.

    A killed writer leaves the old folder as it was (and a hidden staging folder the next run removes).
    """
    started = time.time()
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(folder.parent, f".{folder.name}{_STAGING}", started)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}", dir=folder.parent))
    try:
        os.chmod(staging, creatable_mode(0o777))  # mkdtemp makes 0700; a build is for sharing
        yield staging
        replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
