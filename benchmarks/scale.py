"""`./dev bench scale`: record, status and build as the workspace grows, each as a ratio to the shipped workspace.

Usage: .venv/bin/python benchmarks/scale.py [--repeats N] [--quick] [--keep DIR] [--timeout S]
                                           [--commands record,status,build] [--sizes RxO,...] [--no-bare]

Workspaces (benchmarks/synthetic.py): the shipped one (a copy of this repository's workspace.yml and
data/: 3 resolutions, 64 observations), then 3 resolutions with 10^3, 10^5 and 10^6 observations and
10^3 observations with 30 and 157 resolutions (--quick: 10^3 and 10^5 observations, 3 and 30
resolutions). Every figure is a median of N runs of the installed CLI (.venv/bin/monitor), a new
process each time, interleaved with the same command on the shipped workspace (shipped, size,
shipped, size ...), and printed as a ratio to it. Cold: <workspace>/.cache removed before every run;
warm: after one untimed run, nothing removed. `monitor record` appends one row with a source of its
own; the first append to each ledger (which may build the ledger's index) is untimed and shown apart.
The shipped build and status are also timed against `python -c "import pandas, plotly.express,
openpyxl"`, interleaved. Nothing is asserted: the targets of issue 14 are printed beside the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import copy_shipped, make_workspace
from timing import compile_package, interleaved_timings, process, ratio

ROOT = Path(__file__).resolve().parent.parent
MONITOR = ROOT / ".venv" / "bin" / "monitor"
PYTHON = ROOT / ".venv" / "bin" / "python"
BARE_IMPORT = [str(PYTHON), "-c", "import pandas, plotly.express, openpyxl"]
AS_OF = dt.date.today().isoformat()

# (resolutions, observations): the observations axis at 3 resolutions, the resolutions axis at 10^3 observations
SIZES = ((3, 1_000), (3, 100_000), (3, 1_000_000), (30, 1_000), (157, 1_000))
QUICK = ((3, 1_000), (3, 100_000), (30, 1_000))
COMMANDS = ("record", "status", "build")
_SOURCES = itertools.count()


def label(size: tuple[int, int] | None) -> str:
    return "shipped (3 res, 64 obs)" if size is None else f"{size[0]} res, {size[1]:,} obs"


def command(name: str, ws: Path, out: Path):
    """The CLI run timed for a command on a workspace (record: a new source each time, never a duplicate)."""
    if name == "record":
        stamp = time.time_ns()

        def run():
            n = next(_SOURCES)
            process([str(MONITOR), "record", "ie_reports_presented", str(n % 40), "--date", "2024-06-01",
                     "--source", f"https://example.org/bench-scale/{stamp}/{n}", "--confidence", "secondary",
                     "--by", "bench", "--workspace", str(ws)], timeout=TIMEOUT)()
        return run
    if name == "status":
        return process([str(MONITOR), "status", "--as-of", AS_OF, "--format", "csv", "--workspace", str(ws)],
                       timeout=TIMEOUT)
    return process([str(MONITOR), "build", "--as-of", AS_OF, "--no-images", "--out", str(out), "--workspace", str(ws)],
                   timeout=TIMEOUT)


def cold(ws: Path):
    return lambda: shutil.rmtree(ws / ".cache", ignore_errors=True)


class Result:
    def __init__(self):
        self.times: dict[str, list[float]] = {}
        self.failed: dict[str, str] = {}

    def median(self, key: str) -> float | None:
        return None if key in self.failed or not self.times.get(key) else statistics.median(self.times[key])


def pair(runs: dict, repeats: int, prepare: dict | None = None) -> Result:
    """Interleaved timings of runs; a run that fails (exit code, timeout) is reported, not raised."""
    result = Result()
    try:
        result.times = interleaved_timings(runs, repeats, prepare)
    except Exception as exc:  # CommandFailed, a subprocess timeout: printed, the benchmark goes on
        for name in runs:
            result.failed[name] = str(exc)[:300]
    return result


def progress(row) -> None:
    """Each figure on stderr as soon as it is measured: a long run shows what it has so far."""
    name, cache, size, median, base, result = row
    shown = ratio(median, base) if median is not None and base else "-"
    print(f"  {name} {cache} {label(size)}: {fmt(median).strip()} s, shipped {fmt(base).strip()} s, {shown}"
          + (f" ({next(iter(result.failed.values()))})" if result.failed else ""), file=sys.stderr, flush=True)


def fmt(seconds: float | None) -> str:
    return "failed" if seconds is None else f"{seconds:8.2f}"


def main(argv: list[str] | None = None) -> int:
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs per figure (median; default 3)")
    parser.add_argument("--quick", action="store_true", help="only the smaller sizes (10^3, 10^5 obs; 3, 30 res)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="make the workspaces here (or reuse those made there before) and keep them")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run counts as failed")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="which of record,status,build")
    parser.add_argument("--sizes", default=None, metavar="RxO,...",
                        help="only these workspaces, resolutions x observations (3x1000000,157x1000)")
    parser.add_argument("--no-bare", action="store_true", help="leave out the shipped-against-bare-import runs")
    args = parser.parse_args(argv)
    TIMEOUT = args.timeout
    names = [c for c in args.commands.split(",") if c in COMMANDS]
    sizes = QUICK if args.quick else SIZES
    if args.sizes:
        sizes = tuple(tuple(int(n) for n in item.split("x")) for item in args.sizes.split(","))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    compile_package()
    load_before = os.getloadavg()
    started = time.perf_counter()

    print(f"making workspaces in {folder} ...", file=sys.stderr, flush=True)
    shipped = folder / "shipped"
    if not shipped.exists():
        copy_shipped(shipped)
    workspaces = {}
    for size in sizes:
        ws = folder / f"ws-{size[0]}-{size[1]}"
        if not ws.exists():
            t = time.perf_counter()
            make_workspace(ws, *size)
            print(f"  {label(size)}: made in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
        workspaces[size] = ws
    out = folder / "out"

    rows = []  # (command, cache, size, median, shipped median)
    first = {}
    for name in names:
        for size, ws in workspaces.items():
            print(f"{name} @ {label(size)} ...", file=sys.stderr, flush=True)
            a, b = command(name, shipped, out / "shipped"), command(name, ws, out / ws.name)
            if name == "record":  # the first append to each ledger is shown apart
                first[size] = pair({"shipped": a, "size": b}, 1, {"shipped": cold(shipped), "size": cold(ws)})
            result = pair({"shipped": a, "size": b}, args.repeats, {"shipped": cold(shipped), "size": cold(ws)})
            rows.append((name, "cold", size, result.median("size"), result.median("shipped"), result))
            progress(rows[-1])
            if name != "record":
                pair({"shipped": a, "size": b}, 1)  # fills the cache, untimed
                result = pair({"shipped": a, "size": b}, args.repeats)
                rows.append((name, "warm", size, result.median("size"), result.median("shipped"), result))
                progress(rows[-1])

    print("bare import, shipped status and build ...", file=sys.stderr, flush=True)
    bare = process(BARE_IMPORT)
    against_bare = []
    for name in () if args.no_bare else ("status", "build"):
        run = command(name, shipped, out / "shipped")
        result = pair({"bare": bare, name: run}, args.repeats, {name: cold(shipped)})
        against_bare.append((name, "cold", result.median(name), result.median("bare")))
        print(f"  {name} cold shipped / bare import: {fmt(result.median(name)).strip()} s / "
              f"{fmt(result.median('bare')).strip()} s", file=sys.stderr, flush=True)
        pair({name: run}, 1)
        result = pair({"bare": bare, name: run}, args.repeats)
        against_bare.append((name, "warm", result.median(name), result.median("bare")))
        print(f"  {name} warm shipped / bare import: {fmt(result.median(name)).strip()} s / "
              f"{fmt(result.median('bare')).strip()} s", file=sys.stderr, flush=True)

    load_after = os.getloadavg()
    print(f"./dev bench scale {' '.join(argv if argv is not None else sys.argv[1:])}: medians of {args.repeats} "
          f"interleaved runs, a process each, as of {AS_OF}")
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (other work on the machine slows both sides "
          "of a pair alike)")
    print()
    print(f"{'command':<8} {'cache':<5} {'workspace':<24} {'median s':>9} {'shipped s':>9} {'ratio':>8}")
    for name, cache, size, median, base, result in rows:
        shown = ratio(median, base) if median is not None and base else "-"
        print(f"{name:<8} {cache:<5} {label(size):<24} {fmt(median):>9} {fmt(base):>9} {shown:>8}")
        for why in dict.fromkeys(result.failed.values()):
            print(f"         failed: {why}")
    if first:
        print()
        print("first append to each ledger (untimed above; may build the ledger's index):")
        for size, result in first.items():
            print(f"  record @ {label(size):<24} {fmt(result.median('size'))} s "
                  f"(shipped {fmt(result.median('shipped')).strip()} s)")
    print()
    print(f"{'shipped':<8} {'cache':<5} {'vs bare import':<24} {'median s':>9} {'import s':>9} {'ratio':>8}")
    for name, cache, median, base in against_bare:
        shown = ratio(median, base) if median is not None and base else "-"
        print(f"{name:<8} {cache:<5} {'':<24} {fmt(median):>9} {fmt(base):>9} {shown:>8}")

    print()
    print("issue 14's targets (measured above; nothing asserted):")
    lookup = {(n, c, s): (m, b) for n, c, s, m, b, _ in rows}
    bare_lookup = {(n, c): (m, b) for n, c, m, b in against_bare}

    def target(text: str, pair_: tuple | None, limit: float) -> None:
        if not pair_ or pair_[0] is None or not pair_[1]:
            print(f"  {text:<58} {'not measured':>12}  target <= {limit}x")
            return
        value = pair_[0] / pair_[1]
        print(f"  {text:<58} {value:>11.2f}x  target <= {limit}x  {'met' if value <= limit else 'NOT met'}")

    target("shipped build (warm cache) / bare import", bare_lookup.get(("build", "warm")), 2)
    target("shipped build (cold cache) / bare import", bare_lookup.get(("build", "cold")), 2)
    target("shipped status (warm cache) / bare import", bare_lookup.get(("status", "warm")), 1.5)
    biggest = max((s for s in workspaces if s[0] == 3), key=lambda s: s[1], default=None)
    if biggest:
        target(f"record at {biggest[1]:,} rows / record at 64 rows", lookup.get(("record", "cold", biggest)), 1.5)
        target(f"status (cold) at {biggest[1]:,} obs / shipped", lookup.get(("status", "cold", biggest)), 5)
        target(f"status (warm) at {biggest[1]:,} obs / shipped", lookup.get(("status", "warm", biggest)), 5)
    most = max(workspaces, key=lambda s: s[0])
    built = lookup.get(("build", "cold", most))
    if built:
        print(f"  build at {most[0]} resolutions, {most[1]:,} observations: "
              f"{'succeeded' if built[0] is not None else 'FAILED'}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s; workspaces in {folder}"
          f"{'' if args.keep else ' (removed)'}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


TIMEOUT = 1800.0

if __name__ == "__main__":
    sys.exit(main())
