"""monitor.corrections: a wrong observation or event is corrected or withdrawn by an appended row, never an edit."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from monitor.cli import main
from monitor.corrections import current_rows
from monitor.observations import load_observations
from monitor.pipeline import load_workspace
from monitor.workspace import Workspace


def _record(ws, value, *extra) -> int:
    return main(["record", "cvjr_testimonies", value, "--date", "2023-01-05", "--source", "https://example.org/x",
                 "--confidence", "primary", "--workspace", str(ws), "--by", "tester", *extra])


def _latest(ws) -> str:
    data = load_workspace(Workspace(ws))
    mine = data.curated.observations[data.curated.observations["indicator_id"] == "cvjr_testimonies"]
    return mine.sort_values(["date", "recorded_at"]).iloc[-1]["value"]


def test_a_correction_replaces_the_row_it_names_and_both_stay_recorded(workspace_copy):
    assert _record(workspace_copy, "31000") == 0
    first = load_observations(workspace_copy / "data" / "curated").iloc[-1]["observation_id"]
    assert _record(workspace_copy, "31500", "--corrects", first) == 0
    ledger = load_observations(workspace_copy / "data" / "curated")
    assert first in set(ledger["observation_id"]) and ledger.iloc[-1]["corrects"] == first
    assert _latest(workspace_copy) == "31500"
    data = load_workspace(Workspace(workspace_copy))
    assert first not in set(data.curated.observations["observation_id"])
    assert first in set(data.recorded.observations["observation_id"])  # kept for what was known before


def test_a_withdrawal_takes_a_row_back_and_is_no_value_of_its_own(workspace_copy, capsys):
    assert _record(workspace_copy, "99999") == 0
    wrong = load_observations(workspace_copy / "data" / "curated").iloc[-1]["observation_id"]
    assert main(["withdraw", wrong, "--reason", "typed in the wrong indicator", "--workspace", str(workspace_copy),
                 "--by", "tester"]) == 0
    assert f"withdrew {wrong}" in capsys.readouterr().out
    ledger = load_observations(workspace_copy / "data" / "curated")
    last = ledger.iloc[-1]
    assert (last["corrects"], last["withdrawn"], last["note"]) == (wrong, "yes", "typed in the wrong indicator")
    assert _latest(workspace_copy) != "99999"
    assert main(["validate", "--workspace", str(workspace_copy)]) == 0  # the chain holds: nothing was edited


def test_an_event_is_withdrawn_the_same_way(workspace_copy):
    data = load_workspace(Workspace(workspace_copy))
    event = data.curated.events.iloc[0]["event_id"]
    assert main(["withdraw", event, "--reason", "not this country's", "--workspace", str(workspace_copy)]) == 0
    after = load_workspace(Workspace(workspace_copy))
    assert event not in set(after.curated.events["event_id"]) and f"{event}-withdrawn" not in set(after.curated.events["event_id"])
    assert {event, f"{event}-withdrawn"} <= set(after.recorded.events["event_id"])


def test_a_status_as_known_before_the_correction_still_sees_the_row_it_replaced():
    frame = pd.DataFrame({"observation_id": ["obs-1", "obs-2"], "value": ["1", "2"], "corrects": ["", "obs-1"],
                          "withdrawn": ["", ""], "recorded_at": ["2024-01-01", "2024-06-01"]})
    assert list(current_rows(frame, "observation_id")["observation_id"]) == ["obs-2"]
    early = frame[frame["recorded_at"] <= "2024-03-01"]
    assert list(current_rows(early, "observation_id", dt.date(2024, 3, 1))["observation_id"]) == ["obs-1"]


def test_a_correction_of_nothing_or_of_a_replaced_row_is_refused(workspace_copy, capsys):
    assert _record(workspace_copy, "31000", "--corrects", "obs-9999") == 2
    assert "corrects: no recorded row 'obs-9999' to correct" in capsys.readouterr().err
    assert _record(workspace_copy, "31000") == 0
    first = load_observations(workspace_copy / "data" / "curated").iloc[-1]["observation_id"]
    assert _record(workspace_copy, "31100", "--corrects", first) == 0
    assert _record(workspace_copy, "31200", "--corrects", first) == 2
    assert "already corrected or withdrawn" in capsys.readouterr().err
    assert main(["withdraw", "obs-9999", "--reason", "x", "--workspace", str(workspace_copy)]) == 2
