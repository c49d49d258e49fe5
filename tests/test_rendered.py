"""A build kept in the cache: written again byte for byte when nothing it renders changed, rendered afresh when
anything did (a recorded row, the language, the date, a public build, a damaged entry, the cache turned off)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_helpers import FIXTURES, copied, made_workspace, run
from monitor import cache, rendered
from monitor.build import build
from monitor.workspace import Workspace

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    resolutions = FIXTURES / "resolutions"
    return made_workspace(tmp_path_factory.mktemp("rendered"), "mali", resolutions / "A_HRC_RES_55_25E.xml",
                          resolutions / "A_HRC_RES_58_30E.xml")


@pytest.fixture()
def ws(template, tmp_path):
    return copied(template, tmp_path)


@pytest.fixture()
def renders(monkeypatch):
    """How many workbooks and dashboards were rendered: a build written from the cache renders neither."""
    from monitor import dashboards
    from monitor.reports import excel

    seen = {"workbook": 0, "dashboard": 0}
    workbook, dashboard = excel.render_workbook, dashboards.render_dashboard

    def counted_workbook(*args, **kwargs):
        seen["workbook"] += 1
        return workbook(*args, **kwargs)

    def counted_dashboard(*args, **kwargs):
        seen["dashboard"] += 1
        return dashboard(*args, **kwargs)
    monkeypatch.setattr(excel, "render_workbook", counted_workbook)
    monkeypatch.setattr(dashboards, "render_dashboard", counted_dashboard)
    return seen


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_with_nothing_changed_writes_the_same_bytes_without_rendering(ws, tmp_path, renders, capsys):
    argv = ["build", "--workspace", ws, "--as-of", AS_OF.isoformat(), "--no-images"]
    assert run(capsys, *argv, "--out", tmp_path / "first")[0] == 0
    first, generated = files(tmp_path / "first"), files(ws / "data" / "generated")
    assert renders == {"workbook": 1, "dashboard": 1}
    (ws / "data" / "generated" / "status.csv").write_text("edited by hand\n")  # an output, not an input
    code, _, err = run(capsys, *argv, "--out", tmp_path / "second")
    assert code == 0 and renders == {"workbook": 1, "dashboard": 1}, "nothing rendered again"
    built_at = json.loads(first["manifest.json"])["built_at"]
    assert f"nothing changed since the build of {built_at}" in err
    assert files(tmp_path / "second") == first
    assert files(ws / "data" / "generated") == generated, "the datasets written again, the hand edit replaced"
    assert any(name.endswith(".xlsx") for name in first) and any(name.startswith("dashboard-") for name in first)


def test_a_recorded_row_renders_the_build_again(ws, tmp_path, renders, capsys):
    out = tmp_path / "out"
    assert run(capsys, "build", "--workspace", ws, "--as-of", AS_OF.isoformat(), "--no-images", "--out", out)[0] == 0
    before = files(out)
    status = json.loads((ws / "data" / "generated" / "status.json").read_text())
    target = next(row["commitment_id"] for row in status if row["status"] == "no_data")
    assert run(capsys, "assess", target, "in_progress", "--rationale", "A plan is drafted", "--evidence",
               "https://example.org/plan", "--date", "2025-05-01", "--workspace", ws)[0] == 0
    assert run(capsys, "build", "--workspace", ws, "--as-of", AS_OF.isoformat(), "--no-images", "--out", out)[0] == 0
    assert renders == {"workbook": 2, "dashboard": 2}
    after = files(out)
    assert after["status-2025-06-30.csv"] != before["status-2025-06-30.csv"]
    assert "in_progress" in after["status-2025-06-30.csv"].decode()


@pytest.mark.parametrize("change", [{"lang": "fr"}, {"as_of": dt.date(2025, 7, 1)}, {"public": True}])
def test_another_option_renders_again(ws, tmp_path, renders, change):
    build(Workspace(ws), AS_OF, tmp_path / "one", images=False)
    options = {"as_of": AS_OF, "lang": "en", "public": False, **change}
    build(Workspace(ws), options.pop("as_of"), tmp_path / "two", images=False, **options)
    assert renders == {"workbook": 2, "dashboard": 2}
    # and each is kept apart: the first one's options are written from the cache again
    build(Workspace(ws), AS_OF, tmp_path / "three", images=False)
    assert renders == {"workbook": 2, "dashboard": 2}
    assert files(tmp_path / "three") == files(tmp_path / "one")


@pytest.mark.parametrize("damage", [b"", b"not a pickle"])
def test_a_damaged_entry_renders_again(ws, tmp_path, renders, damage):
    build(Workspace(ws), AS_OF, tmp_path / "one", images=False)
    entries = list((ws / cache.FOLDER / rendered.KIND).glob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(damage)
    build(Workspace(ws), AS_OF, tmp_path / "two", images=False)
    assert renders == {"workbook": 2, "dashboard": 2}
    assert files(tmp_path / "two")["status-2025-06-30.csv"] == files(tmp_path / "one")["status-2025-06-30.csv"]
    assert entries[0].stat().st_size > 10_000, "the entry was written again"


def test_no_cache_renders_every_time(ws, tmp_path, renders, monkeypatch):
    monkeypatch.setenv(cache.DISABLE, "1")
    build(Workspace(ws), AS_OF, tmp_path / "one", images=False)
    build(Workspace(ws), AS_OF, tmp_path / "two", images=False)
    assert renders == {"workbook": 2, "dashboard": 2}
    assert not (ws / cache.FOLDER).exists()
