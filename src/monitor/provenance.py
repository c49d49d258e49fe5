"""Provenance stamp for every build: code version, commit, inputs and their hashes."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from . import __version__


def git_commit(root: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, timeout=5, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = result.stdout.strip()
    if result.returncode != 0 or not commit:
        return None
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, timeout=5, check=False).stdout.strip()
    return commit + ("+local changes" if dirty else "")


def stamp(root: Path, as_of: dt.date, inputs: list[dict]) -> dict:
    return {
        "tool": "monitor",
        "version": __version__,
        "commit": git_commit(root),
        "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "as_of": as_of.isoformat(),
        "workspace": str(root),
        "inputs": inputs,
    }
