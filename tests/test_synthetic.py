"""benchmarks/synthetic.py: a workspace of any size that validates, builds and varies its texts."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.observations import OBSERVATION_SCHEMA
from monitor.sources import list_raw

ROOT = Path(__file__).resolve().parents[1]


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return _synthetic().make_workspace(tmp_path_factory.mktemp("synthetic") / "ws", resolutions=5, observations=1000)


def test_validates_and_builds(workspace, tmp_path, capsys):
    assert main(["validate", "--workspace", str(workspace)]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["build", "--workspace", str(workspace), "--no-images", "--out", str(out)]) == 0
    with open(workspace / "data" / "generated" / "commitments.csv", encoding="utf-8", newline="") as handle:
        resolutions = {row["resolution_id"] for row in csv.DictReader(handle)}
    assert len(resolutions) == 5
    assert (out / "manifest.json").is_file()


def test_observations_are_chained_and_spread(workspace):
    from monitor.observations import load_observations

    frame = load_observations(workspace / "data" / "curated")  # refuses a broken chain
    assert len(frame) == 1000
    assert list(frame.columns) == OBSERVATION_SCHEMA.column_names
    assert frame["observation_id"].is_unique
    assert frame["indicator_id"].nunique() >= 20
    assert set(frame["confidence"]) == {"primary", "mirror", "secondary", "unverified"}
    assert set(frame["sensitivity"]) == {"public", "internal", "confidential"}
    assert frame["date"].str[:4].nunique() >= 10


def test_synthetic_resolutions_differ(tmp_path):
    synthetic = _synthetic()
    root = synthetic.make_workspace(tmp_path / "ws", resolutions=14, observations=300, seed=3)
    made = [r for r in list_raw(root / "data" / "raw") if r.format == "text" and "Synthetic" in r.description]
    assert len(made) == 14 - 9  # the shipped three, the other countries' six, then made-up ones
    texts = [r.file.read_text(encoding="utf-8") for r in made]
    assert len(set(texts)) == len(texts)
    assert len({t.count("\n\n") for t in texts}) > 1  # lengths vary
    assert len({r.title for r in made}) >= 2  # more than one series
    again = synthetic.make_workspace(tmp_path / "again", resolutions=14, observations=300, seed=3)
    assert (again / "data" / "curated" / "observations.csv").read_bytes() == \
        (root / "data" / "curated" / "observations.csv").read_bytes()


def test_benchmark_runs_are_interleaved():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from timing import interleaved, interleaved_timings
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    order = []
    runs = {"a": lambda: order.append("a"), "b": lambda: order.append("b")}
    times = interleaved_timings(runs, 3, prepare={"b": lambda: order.append("prepare b")})
    assert order == ["a", "prepare b", "b"] * 3
    assert [len(t) for t in times.values()] == [3, 3]
    assert set(interleaved(runs, 1)) == {"a", "b"}
