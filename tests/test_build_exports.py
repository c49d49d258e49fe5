"""The build's deliverables folder: written whole, never inside data/, its CSVs safe in a spreadsheet."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from monitor.build import build
from monitor.cli import main
from monitor.workspace import Workspace
from cli_helpers import XML, copied, made_workspace

FIRST, SECOND = dt.date(2025, 6, 30), dt.date(2025, 9, 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return made_workspace(tmp_path_factory.mktemp("template"), "m", XML)


@pytest.fixture()
def ws(template, tmp_path) -> Path:
    return copied(template, tmp_path)


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_killed_build_leaves_old_or_new_folder(ws, tmp_path, monkeypatch):
    out = tmp_path / "report"
    build(Workspace(ws), FIRST, out, images=False)
    before = {name: (out / name).read_bytes() for name in _names(out)}

    def killed(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("monitor.reports.excel.render_workbook", killed)
    with pytest.raises(KeyboardInterrupt):
        build(Workspace(ws), SECOND, out, images=False)
    monkeypatch.undo()
    assert {name: (out / name).read_bytes() for name in _names(out)} == before  # the old build, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    build(Workspace(ws), SECOND, out, images=False)
    assert all(SECOND.isoformat() in name for name in _names(out) - {"manifest.json", "datapackage.json"})  # the new one, not mixed


def test_stale_build_staging_is_removed(ws, tmp_path):
    stale = tmp_path / ".report.building-killed"
    stale.mkdir()
    (stale / "manifest.json").write_text("{}")
    import os
    os.utime(stale, (0, 0))
    build(Workspace(ws), FIRST, tmp_path / "report", images=False)
    assert not stale.exists()


@pytest.mark.parametrize("inside", ["data", "data/raw/a-hrc-res-55-25", "data/curated/../generated"])
def test_out_inside_data_is_refused(ws, capsys, inside):
    code = main(["build", "--workspace", str(ws), "--as-of", "2025-06-30", "--no-images", "--out", str(ws / inside)])
    err = capsys.readouterr().err
    assert code == 2 and "inside the workspace's data/ folder" in err
    assert sorted(p.name for p in (ws / "data" / "raw" / "a-hrc-res-55-25").iterdir()) == \
        ["A_HRC_RES_55_25.xml", "source.yml"]


def test_out_over_a_folder_of_other_files_is_refused(ws, tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("mine")
    code = main(["build", "--workspace", str(ws), "--as-of", "2025-06-30", "--no-images", "--out", str(tmp_path / "mine")])
    assert code == 2 and "no manifest.json" in capsys.readouterr().err
    assert _names(tmp_path / "mine") == {"thesis.docx"}


RES = "A/HRC/RES/55/25"
HOSTILE_SOURCE = "=HYPERLINK(\"https://evil.example\",\"click\")"


def _csv(path: Path) -> list[dict]:
    return list(csv.DictReader(open(path, encoding="utf-8")))


def test_exported_csvs_neutralise_formulas(ws, tmp_path):
    assert main(["add-indicator", "balance", "--name", "Balance", "--type", "flow", "--unit", "persons",
                 "--direction", "increase", "--commitments", f"{RES}:OP3", "--workspace", str(ws)]) == 0
    assert main(["record", "balance", "-5", "--date", "2025-01-10", "--source", HOSTILE_SOURCE,
                 "--workspace", str(ws)]) == 0
    assert main(["assess", f"{RES}:OP5", "in_progress", "--date", "2025-02-01", "--rationale", "-2+3 steps",
                 "--evidence", "@SUM(A1:A9)", "--workspace", str(ws)]) == 0
    out = tmp_path / "report"
    build(Workspace(ws), FIRST, out, images=False)
    indicators = {r["indicator_id"]: r for r in _csv(out / f"indicators-{FIRST}.csv")}
    assert indicators["balance"]["latest_source"] == "'" + HOSTILE_SOURCE
    assert indicators["balance"]["latest_value"] in ("-5", "-5.0")  # a negative number stays a number
    status = {r["commitment_id"]: r for r in _csv(out / f"status-{FIRST}.csv")}
    assert status[f"{RES}:OP5"]["evidence"].startswith("'@SUM")
    for name in (p for p in out.iterdir() if p.suffix == ".csv"):
        for row in _csv(name):
            for value in row.values():
                assert not (value or "").startswith(("=", "@", "\t")), (name.name, value)
    generated = _csv(ws / "data" / "generated" / "indicators.csv")  # machine data for pandas: as recorded
    assert {r["latest_source"] for r in generated if r["indicator_id"] == "balance"} == {HOSTILE_SOURCE}


def test_new_folders_follow_the_umask(ws, tmp_path):
    import os
    import stat

    previous = os.umask(0o027)
    try:
        build(Workspace(ws), FIRST, tmp_path / "report", images=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report").stat().st_mode) == 0o750
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "report").iterdir()} == {0o640}
