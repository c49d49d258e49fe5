"""`monitor build` and `monitor status` of the shipped workspace, cold and warm cache, against the bare import of
their libraries: processes, interleaved, median of N.

    .venv/bin/python benchmarks/build_speed.py [--repeats 5]

Each command runs as a new process on a copy of the repository's workspace (data/ and workspace.yml) in a
temporary folder, so the repository's own cache is left alone. A cold run starts with no <workspace>/.cache/;
a warm run follows a run of the same command. The reference is `python -c "import pandas, plotly.express,
openpyxl"`, the libraries a build needs (the issue's yardstick: a build within 2x of it, a query within 1.5x).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from timing import compile_package, interleaved_timings, process

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BARE = [PYTHON, "-c", "import pandas, plotly.express, openpyxl"]


def workspace_copy(into: Path) -> Path:
    target = into / "ws"
    shutil.copytree(ROOT / "data", target / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", target / "workspace.yml")
    (target / "exports").mkdir()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    compile_package()
    with tempfile.TemporaryDirectory(prefix="build-speed-") as tmp:
        ws = workspace_copy(Path(tmp))
        monitor = [PYTHON, "-m", "monitor.cli", "--workspace", str(ws)]
        build = process([*monitor, "build", "--out", str(Path(tmp) / "out")], cwd=tmp)
        status = process([*monitor, "status", "--format", "csv"], cwd=tmp)

        def cold() -> None:
            shutil.rmtree(ws / ".cache", ignore_errors=True)
        # each warm run follows its cold twin in the same round, so its cache is the one that command leaves
        runs = {"bare import": process(BARE, cwd=tmp), "status, cold cache": status, "status, warm cache": status,
                "build, cold cache": build, "build, warm cache": build}
        prepare = {"status, cold cache": cold, "build, cold cache": cold}
        build()  # once untimed: the first build also makes the deliverables' folders and fonts' caches
        timings = interleaved_timings(runs, args.repeats, prepare)
    bare = statistics.median(timings["bare import"])
    print(f"{'command':<22}{'median s':>10}{'x bare import':>15}   runs (s)")
    for name, times in timings.items():
        median = statistics.median(times)
        print(f"{name:<22}{median:>10.2f}{median / bare:>15.2f}   {' '.join(f'{t:.2f}' for t in times)}")
    print(f"\n{args.repeats} interleaved rounds; bare import = {' '.join(BARE[1:])!r}; targets (warm): build <= 2x, "
          "status <= 1.5x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
