"""Work handed to a forked copy gives what the process would have computed itself, and a ledger verified by a
copy while its rows are checked is refused, named and kept exactly as one verified in the process."""

import os
import shutil
import time

import pandas as pd
import pytest

from monitor import forked, ledger
from monitor.chain import walk
from monitor.ledger import ChainBroken, read_ledger, settle
from monitor.observations import OBSERVATION_SCHEMA, load_observations
from cli_helpers import curated, run


@pytest.fixture()
def fork_always(monkeypatch):
    """Every ledger's work shared with a copy, even in a test session that runs threads of its own."""
    monkeypatch.setenv(forked.ROWS, "1")
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    yield
    forked.wait_all()


def test_a_copy_sends_its_value_then_does_its_afterwards(tmp_path, fork_always):
    marker = tmp_path / "written"

    def afterwards(value):
        time.sleep(0.2)
        marker.write_text(str(value))
    copy = forked.start(lambda: sum(range(10)), afterwards, label="t")
    assert copy.result(lambda: "here") == 45
    forked.wait("t")
    assert marker.read_text() == "45"


def test_a_copy_that_fails_or_dies_leaves_the_work_to_the_process(fork_always):
    def fails():
        raise ValueError("no")
    assert forked.start(fails).result(lambda: "here") == "here"
    assert forked.start(lambda: os._exit(3)).result(lambda: "here") == "here"


def test_when_work_is_shared(monkeypatch):
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    monkeypatch.delenv(forked.ROWS, raising=False)
    assert forked.worth_it(forked.DEFAULT_ROWS) and not forked.worth_it(forked.DEFAULT_ROWS - 1)
    monkeypatch.setenv(forked.ROWS, "0")
    assert not forked.worth_it(10**9)  # 0: never
    monkeypatch.setenv(forked.ROWS, "5")
    assert forked.worth_it(5)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    assert not forked.worth_it(5)  # another thread runs: no fork
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    # a copy shares none of its own work
    assert forked.start(lambda: forked.worth_it(5)).result(lambda: None) is False


def edited(workspace, line: int):
    path = curated(workspace, "observations.csv")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line] = lines[line].replace(lines[line].split(",")[5], "99999", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("line", [6, 60])  # in the process's half of the links, and in the copy's
def test_links_checked_by_a_copy_break_where_they_break_here(workspace_copy, monkeypatch, line):
    path = edited(workspace_copy, line)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    columns, header = [raw[c].tolist() for c in raw.columns], list(raw.columns)
    monkeypatch.setenv(forked.ROWS, "0")
    alone = walk(columns, header, OBSERVATION_SCHEMA, set(ledger.ADDED_COLUMNS), set(), stop_at_first=False)
    monkeypatch.setenv(forked.ROWS, "1")
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    shared = walk(columns, header, OBSERVATION_SCHEMA, set(ledger.ADDED_COLUMNS), set(), stop_at_first=False)
    assert shared == alone and [b.index for b in alone[1]] == [line - 1]


def test_a_deferred_read_is_settled_as_a_read_verifies(workspace_copy, fork_always):
    folder = curated(workspace_copy, "observations.csv").parent
    frame = load_observations(folder, defer=True)
    assert str(folder / "observations.csv") in ledger._PENDING
    settle(folder / "observations.csv")
    assert str(folder / "observations.csv") not in ledger._PENDING
    forked.wait_all()
    entries = list((workspace_copy / ".cache" / "ledger-observations.csv").glob("*.pickle"))
    assert len(entries) == 1  # kept by the copy, once verified
    again = load_observations(folder)  # from the cache entry
    assert again.equals(frame) and len(frame) == 64


@pytest.mark.parametrize("line", [6, 60])
def test_a_deferred_read_of_a_broken_ledger_is_refused_on_settling(workspace_copy, fork_always, line):
    path = edited(workspace_copy, line)
    with pytest.raises(ChainBroken) as alone:
        read_ledger(path, OBSERVATION_SCHEMA)
    frame = read_ledger(path, OBSERVATION_SCHEMA, defer=True)
    with pytest.raises(ChainBroken) as deferred:
        settle(path)
    assert str(deferred.value) == str(alone.value) and f"line {line + 1}" in str(deferred.value)
    assert deferred.value.frame.equals(frame)
    forked.wait_all()
    assert not list((workspace_copy / ".cache" / "ledger-observations.csv").glob("*.pickle"))  # nothing kept


def test_validate_and_status_say_the_same_with_a_copy_verifying(capsys, workspace_copy, monkeypatch):
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    said = {}
    for rows in ("0", "1"):
        monkeypatch.setenv(forked.ROWS, rows)
        for cache in ("cold", "warm"):
            if cache == "cold":
                shutil.rmtree(workspace_copy / ".cache", ignore_errors=True)
            said[rows, cache] = run(capsys, "status", "--as-of", "2025-06-30", "--format", "csv",
                                    "--workspace", workspace_copy)
    assert said["0", "cold"][0] == 0 and "commitment_id" in said["0", "cold"][1]
    assert len({v for v in said.values()}) == 1
    edited(workspace_copy, 6)
    for rows in ("0", "1"):
        monkeypatch.setenv(forked.ROWS, rows)
        said[rows] = run(capsys, "validate", "--workspace", workspace_copy)
    assert said["0"] == said["1"] and said["1"][0] == 2
    assert "observations.csv, line 7, row_digest: (observation_id 'obs-0006')" in said["1"][1]


def test_a_ledger_read_ahead_is_what_the_next_read_of_its_bytes_returns(workspace_copy, fork_always, monkeypatch):
    path = curated(workspace_copy, "observations.csv")
    ledger.read_ahead(path, OBSERVATION_SCHEMA)
    ahead = ledger._AHEAD[str(path)][1]
    monkeypatch.setattr(ledger, "_parsed", lambda *a: pytest.fail("parsed again"))
    frame = load_observations(path.parent, defer=True)
    assert frame is ahead and len(frame) == 64 and str(path) in ledger._PENDING  # still to be settled
    settle(path)
    monkeypatch.undo()
    monkeypatch.setenv(forked.ROWS, "1")
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    ledger.read_ahead(path, OBSERVATION_SCHEMA)
    edited(workspace_copy, 6)  # the bytes read ahead are not the file's any more: read afresh, and refused
    with pytest.raises(ChainBroken, match="line 7"):
        read_ledger(path, OBSERVATION_SCHEMA)


def test_a_ledger_that_cannot_be_read_ahead_is_refused_by_the_next_read(workspace_copy, fork_always):
    path = curated(workspace_copy, "observations.csv")
    path.write_bytes(path.read_bytes()[:-30])  # a write cut off
    with pytest.raises(ledger.InputError) as alone:
        read_ledger(path, OBSERVATION_SCHEMA)
    ledger.read_ahead(path, OBSERVATION_SCHEMA)
    assert str(path) not in ledger._AHEAD
    with pytest.raises(ledger.InputError) as after:
        read_ledger(path, OBSERVATION_SCHEMA)
    assert str(after.value) == str(alone.value) and "is incomplete" in str(after.value)


def test_resolutions_made_by_a_copy_beside_a_large_ledger_fail_as_they_fail_here(workspace_copy, fork_always,
                                                                                 monkeypatch):
    from monitor import pipeline
    from monitor.errors import InputError
    from monitor.workspace import Workspace

    assert ledger.large(curated(workspace_copy, "observations.csv"))
    tried = workspace_copy / "tried"

    def failing(*args):
        with open(tried, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        raise InputError("a resolution that cannot be read")
    monkeypatch.setattr(pipeline, "_load_group", failing)
    with pytest.raises(InputError, match="a resolution that cannot be read"):
        pipeline.load_workspace(Workspace(workspace_copy))
    pids = tried.read_text().split()
    assert len(pids) == 2 and pids[0] != pids[1] == str(os.getpid())  # by the copy, then here, where it is raised
