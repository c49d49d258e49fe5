"""What the CLI tests share: running a command, reading a curated file, small workspaces made once and copied."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from monitor.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
XML = FIXTURES / "resolutions" / "A_HRC_RES_55_25E.xml"  # one resolution, in the UN's XML


def run(capsys, *argv):
    """Exit code, stdout and stderr of one monitor command."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def curated(ws: Path, name: str) -> Path:
    return ws / "data" / "curated" / name


def rows(ws: Path, name: str) -> list[dict]:
    with open(curated(ws, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def made_workspace(root: Path, short_name: str, *files: Path, title: str = "Monitoring 55/25") -> Path:
    """A workspace made by `monitor init` (and `monitor add` of each file), as a new user makes one."""
    ws = root / "ws"
    assert main(["init", str(ws), "--title", title, "--short-name", short_name]) == 0
    for file in files:
        assert main(["add", str(file), "--workspace", str(ws)]) == 0
    return ws


def copied(template: Path, tmp_path: Path) -> Path:
    """A copy of a workspace made once per module, that one test may change."""
    target = tmp_path / "ws"
    shutil.copytree(template, target)
    return target
