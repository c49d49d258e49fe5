"""monitor.output and monitor.readable: terminal tables that fit the width and show labels, not codes."""

from __future__ import annotations

import pandas as pd
import pytest

from monitor.cli import main
from monitor.output import to_table
from monitor.readable import readable

FRAME = pd.DataFrame({
    "commitment_id": ["A/HRC/RES/54/31:OP5", "A/HRC/RES/54/31:OP46"],
    "status": ["in_progress", "met"], "kind": ["action", "reporting"], "deadline_state": ["due", "met_on_time"],
    "themes": [["children", "sgbv"], []], "text": ["Calls upon the Government " * 10, "Requests an oral update"],
})


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_a_table_fits_the_width_and_cuts_the_text_first(width):
    lines = to_table(FRAME, width).splitlines()
    assert max(len(line) for line in lines) <= width
    assert "A/HRC/RES/54/31:OP46" in lines[3], "an id is never cut"


def test_columns_that_cannot_fit_are_named():
    wide = FRAME.assign(**{f"extra_{i}": "x" * 20 for i in range(6)})
    text = to_table(wide, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "more column(s) need a wider terminal" in text


def test_codes_become_labels():
    shown = readable(FRAME, "en")
    assert list(shown["status"]) == ["In progress", "Met"]
    assert list(shown["deadline_state"]) == ["due now", "met on time"]
    assert shown["themes"][0] == ["Children and armed conflict", "Sexual and gender-based violence"]
    french = readable(FRAME, "fr")
    assert list(french["status"]) == ["En cours", "Réalisé"]


def test_the_cli_shows_labels_on_a_terminal_and_codes_to_machines(capsys, monkeypatch, country_workspaces):
    monkeypatch.setenv("COLUMNS", "100")
    workspace = ["--workspace", str(country_workspaces["car"])]
    assert main(["status", "--as-of", "2025-06-30", *workspace]) == 0
    table = capsys.readouterr().out
    assert "Not met or reversed" in table and "not_met" not in table
    assert max(len(line) for line in table.splitlines()) <= 100
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["commitments", *workspace]) == 0
    assert "Government of the Central African Republic" in capsys.readouterr().out
    assert main(["status", "--as-of", "2025-06-30", "--format", "csv", *workspace]) == 0
    assert ",not_met," in capsys.readouterr().out
