"""monitor.snapshot: a build as of a date shows, in every deliverable, only the resolutions adopted by then."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import openpyxl

from monitor.build import build
from monitor.pipeline import load_workspace
from monitor.snapshot import in_force
from monitor.workspace import Workspace


def test_a_resolution_not_yet_adopted_is_in_no_output(workspace_copy, tmp_path):
    as_of = dt.date(2022, 6, 30)  # before 55/25 (2024) and 58/30 (2025)
    result = build(Workspace(workspace_copy), as_of, tmp_path / "out", images=False)
    out = tmp_path / "out"
    with open(out / f"commitments-{as_of}.csv", encoding="utf-8") as handle:
        commitments = list(csv.DictReader(handle))
    with open(out / f"status-{as_of}.csv", encoding="utf-8") as handle:
        status = list(csv.DictReader(handle))
    assert len(commitments) == len(status) == 36
    assert {r["resolution_id"] for r in commitments} == {"A/HRC/RES/46/28"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["commitments"] == 36 and [i["symbol"] for i in manifest["inputs"]] == ["A/HRC/RES/46/28"]
    book = openpyxl.load_workbook(out / f"mali-monitor-{as_of}.xlsx", read_only=True)
    rows = [r for r in book["Commitments"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(rows) == 36
    cells = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "55/25" not in cells and "58/30" not in cells
    html = (out / f"dashboard-{as_of}.html").read_text(encoding="utf-8")
    summary = html[html.index('id="summary"'):html.index("</div>", html.index('id="summary"'))]
    assert "the 36 operative paragraphs tracked (A/HRC/RES/46/28)" in summary
    assert not re.search(r"A/HRC/RES/(55/25|58/30)", html[html.index("</script>"):])
    assert result.data.commitments["resolution_id"].unique().tolist() == ["A/HRC/RES/46/28"]


def test_the_snapshot_is_the_whole_workspace_once_everything_is_adopted():
    data = load_workspace(Workspace.locate(None))
    assert in_force(data, dt.date(2025, 12, 31)) is data
    early = in_force(data, dt.date(2021, 3, 23))
    assert early.commitments.empty and early.resolutions == []
