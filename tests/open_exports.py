"""A small workspace with evidence in every ledger, public and internal, for the open-export tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.build import build
from monitor.cli import main
from monitor.workspace import Workspace
from cli_helpers import XML, made_workspace

AS_OF = dt.date(2025, 6, 30)
RES = "A/HRC/RES/55/25"  # adopted 2024-04-04
HOSTILE_SOURCE = "=HYPERLINK(\"https://evil.example\",\"click\")"

COMMANDS = [
    ["add-indicator", "hearings", "--name", "Public hearings held", "--type", "count", "--unit", "hearings",
     "--baseline", "0", "--baseline-date", "2024-04-04", "--baseline-source", RES, "--target", "10",
     "--direction", "increase", "--commitments", f"{RES}:OP3,{RES}:OP5", "--rule", "indicator"],
    ["record", "hearings", "4", "--date", "2024-09-30", "--source", "https://example.org/hearings",
     "--sensitivity", "public", "--confidence", "secondary"],
    ["record", "hearings", "12", "--date", "2025-03-31", "--source", HOSTILE_SOURCE, "--confidence", "secondary"],
    ["record", "hearings", "20", "--date", "2025-09-30", "--source", "https://example.org/later",
     "--sensitivity", "public", "--confidence", "secondary"],  # after the as-of date: in no export
    ["record-event", "report_presented", "--date", "2025-03-20", "--title", "Report of the Independent Expert",
     "--source", "A/HRC/58/73", "--commitments", f"{RES}:OP26", "--confidence", "primary", "--sensitivity", "public"],
    ["assess", f"{RES}:OP9", "in_progress", "--ask", "1", "--date", "2024-12-01", "--rationale", "A draft law",
     "--evidence", "https://example.org/draft", "--assessor", "civil_society"],
]


def make(root: Path) -> Path:
    """The workspace, built in full (exports/full) and public (exports/public) as of AS_OF, without images."""
    ws = made_workspace(root, "m", XML)
    for command in COMMANDS:
        by = ["--by", "tester"] if command[0] in ("record", "record-event", "assess") else []
        assert main([*command, "--workspace", str(ws), *by]) == 0, command
    build(Workspace(ws), AS_OF, ws / "exports" / "full", images=False)
    build(Workspace(ws), AS_OF, ws / "exports" / "public", images=False, public=True)
    return ws
