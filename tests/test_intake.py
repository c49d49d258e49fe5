"""`monitor add` writes whole or not at all: staging folders, hidden folders, permissions, symbols."""

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from monitor import intake
from monitor.cli import main
from monitor.sources import list_raw
from cli_helpers import XML, copied, made_workspace, run

@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    return made_workspace(tmp_path_factory.mktemp("empty"), "m", title="Monitoring")


@pytest.fixture()
def ws(empty, tmp_path) -> Path:
    return copied(empty, tmp_path)


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


SANCTIONS = "The Security Council,\n\nRecalling its resolutions,\n\n1. Decides to renew the measures;\n\n" \
            "2. Requests the Secretary-General to report;\n"


def _add_sanctions(capsys, ws, tmp_path, symbol):
    text = tmp_path / "sanctions.md"
    text.write_text(SANCTIONS, encoding="utf-8")
    return run(capsys, "add", text, "--workspace", ws, "--symbol", symbol, "--adopted", "2021-06-29",
               "--title", "Sanctions")


def test_symbol_with_a_space_is_accepted_as_printed_and_ids_have_none(capsys, ws, tmp_path):
    import json

    code, _, err = _add_sanctions(capsys, ws, tmp_path, "S/RES/2584 (2021)")
    assert code == 0, err
    assert list_raw(ws / "data" / "raw")[0].symbol == "S/RES/2584 (2021)"
    code, out, err = run(capsys, "commitments", "--workspace", ws, "--format", "json", "--all-columns")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["resolution_id"] for r in rows} == {"S/RES/2584 (2021)"}
    assert [r["commitment_id"] for r in rows] == ["S/RES/2584(2021):OP1", "S/RES/2584(2021):OP2"]
    assert run(capsys, "validate", "--workspace", ws)[0] == 0
    code, _, err = run(capsys, "assess", "S/RES/2584(2021):OP2", "in_progress", "--date", "2021-09-01",
                       "--rationale", "Report announced", "--evidence", "S/2021/800", "--workspace", ws)
    assert code == 0, err
    code, out, err = run(capsys, "status", "--workspace", ws, "--as-of", "2021-12-31", "--format", "json")
    assert code == 0, err
    assert "S/RES/2584(2021):OP2" in out


@pytest.mark.parametrize("symbol", ["s/res/2584", "S/RES/2584  (2021)", "S RES 2584", "S/RES/2584 (21)", "A//1", "A/HRC/\t1"])
def test_symbol_outside_the_un_forms_is_refused_with_the_rule(capsys, ws, tmp_path, symbol):
    code, _, err = _add_sanctions(capsys, ws, tmp_path, symbol)
    assert code == 2 and "is not a UN document symbol" in err and "S/RES/2584 (2021)" in err
    assert list_raw(ws / "data" / "raw") == []
