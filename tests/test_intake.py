"""`monitor add` writes whole or not at all: staging folders, hidden folders, permissions, symbols."""

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from monitor import intake
from monitor.cli import main
from monitor.sources import list_raw

XML = FIXTURES / "resolutions" / "A_HRC_RES_55_25E.xml"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("empty") / "ws"
    assert main(["init", str(ws), "--title", "Monitoring", "--short-name", "m"]) == 0
    return ws


@pytest.fixture()
def ws(empty, tmp_path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(empty, target)
    return target


def _kill_during_rename(monkeypatch):
    """What a SIGKILL between writing the staging folder and renaming it leaves: the staging folder."""
    def killed(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(intake.os, "rename", killed)
    monkeypatch.setattr(intake.shutil, "rmtree", lambda *a, **k: None)


def test_killed_add_leaves_no_live_hidden_resolution(capsys, ws, monkeypatch):
    _kill_during_rename(monkeypatch)
    assert main(["add", str(XML), "--workspace", str(ws)]) != 0
    monkeypatch.undo()
    raw = ws / "data" / "raw"
    staged = list(raw.glob(".adding-*"))
    assert len(staged) == 1 and (staged[0] / "source.yml").is_file()
    assert list_raw(raw) == []  # the old state: no resolution
    old = time.time() - 60
    os.utime(staged[0], (old, old))
    code, _, err = run(capsys, "add", XML, "--workspace", ws)
    assert code == 0, err  # the retry is not refused as a duplicate
    assert not list(raw.glob(".adding-*"))  # and the stale staging folder is gone
    assert [r.symbol for r in list_raw(raw)] == ["A/HRC/RES/55/25"]


def test_hidden_folders_are_never_loaded(ws):
    raw = ws / "data" / "raw"
    assert main(["add", str(XML), "--workspace", str(ws)]) == 0
    shutil.copytree(raw / "a-hrc-res-55-25", raw / ".a-hrc-res-55-25-copy")
    assert [r.folder.name for r in list_raw(raw)] == ["a-hrc-res-55-25"]
    assert main(["validate", "--workspace", str(ws)]) == 0


def test_staging_of_a_running_add_is_kept(ws):
    raw = ws / "data" / "raw"
    running = raw / ".adding-running"
    running.mkdir(parents=True)
    assert intake.remove_stale_staging(raw, time.time() - 60) == []
    assert running.is_dir()


def test_new_folders_follow_the_umask(ws):
    previous = os.umask(0o022)
    try:
        assert main(["add", str(XML), "--workspace", str(ws)]) == 0
    finally:
        os.umask(previous)
    folder = ws / "data" / "raw" / "a-hrc-res-55-25"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o644 for f in folder.iterdir())
