"""Reading input files defensively and writing outputs atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from .errors import InputError

# Text inputs beyond this size are not resolutions; refusing early keeps a
# mistaken multi-gigabyte argument from exhausting memory.
MAX_TEXT_BYTES = 20 * 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_input_bytes(path: Path) -> bytes:
    """Read a user-named input file, refusing missing paths, folders and empty files."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError(f"{path}: file is {size:,} bytes, too large for a resolution")
        data = path.read_bytes()
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
