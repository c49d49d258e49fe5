"""Time `monitor record` (one row) and `monitor status` on the shipped workspace grown to 10^5 and 10^6 observations.

Usage: .venv/bin/python benchmarks/ledger_speed.py [--sizes 64,100000,1000000] [--repeats N] [--status-repeats N]
                                                   [--keep DIR] [--reads-only]

Each size is a copy of this repository's workspace (data/ without data/generated, workspace.yml) whose
observations ledger is grown with synthetic, validly chained rows (the shipped indicators, dates over five
years, values and sources that vary) to the size asked; 64 is the ledger as shipped. Every timing is of
the CLI as a user runs it, a new process each time (process start, imports and workspace load included),
and the sizes are run interleaved, round by round, so that a busy machine slows each size alike. Each time
is printed with its ratio to the same command at the first size.

record: the first append at a size builds the ledger's index (a full read); it is shown apart, and the
median of the appends after it is the figure compared. status: the first run reads and verifies the
ledger and fills the cache; the median of the runs after it reuses the verified ledger; "after one record"
times a status right after an append (the cached ledger is extended by the new row, the other caches miss).
--reads-only times the ledger read alone, in one process, so that an edit of the package's code between two
runs (which changes every cache key) does not turn a cached read into a cold one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import compile_package

from monitor.chain import DIGEST
from monitor.ledger import ADDED_COLUMNS, file_header
from monitor.chain import digests_for
from monitor.observations import OBSERVATION_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
MONITOR = ROOT / ".venv" / "bin" / "monitor"
# the shipped indicators whose values are numbers, with a value range each
NUMERIC = {"cvjr_testimonies": (19_000, 40_000), "cvjr_public_hearings": (2, 40), "ddr_integrated_cumulative": (0, 30_000),
           "ie_reports_presented": (0, 20)}
# each names its row (m): two rows alike in indicator, date, value and source are one duplicate, refused
SOURCES = ("A/HRC/{n}/{m}", "https://example.org/reports/{n}-{m}", "S/{y}/{m}", "https://example.org/news/{y}/{m}")
NOTES = ("", "", "", "as reported", "figure rounded by the source", "mid-year update; see the annex, table {m}")


def shipped_copy(target: Path) -> Path:
    """The repository's workspace copied to target (what `monitor` reads: data/ less generated, workspace.yml)."""
    shutil.copytree(ROOT / "data", target / "data", ignore=shutil.ignore_patterns("generated", ".*"))
    shutil.copy2(ROOT / "workspace.yml", target / "workspace.yml")
    (target / "exports").mkdir()
    return target


def grow(ledger: Path, rows: int, seed: int = 1) -> None:
    """Append synthetic observations, chained as monitor chains them, until the ledger holds `rows` rows."""
    header = file_header(ledger)
    with open(ledger, encoding="utf-8", newline="") as handle:
        existing = list(csv.reader(handle))[1:]
    have = len(existing)
    if rows <= have:
        return
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    records = []
    for n in range(have + 1, rows + 1):
        indicator = rng.choice(list(NUMERIC))
        low, high = NUMERIC[indicator]
        day = start + dt.timedelta(days=rng.randrange(0, 5 * 365))
        values = {
            "observation_id": f"obs-{n:07d}", "indicator_id": indicator, "date": day.isoformat(), "date_end": "",
            "precision": "day", "value": str(rng.randrange(low, high)), "qualifier": rng.choice(("exact", "exact", "over", "about")),
            "source": rng.choice(SOURCES).format(n=rng.randrange(40, 60), m=n, y=day.year), "source_date": "",
            "confidence": rng.choice(("primary", "secondary", "mirror")), "sensitivity": rng.choice(("public", "internal")),
            "note": rng.choice(NOTES).format(m=rng.randrange(1, 9)), "corrects": "", "withdrawn": "",
            "recorded_at": f"{day + dt.timedelta(days=rng.randrange(1, 30))}T09:00:00+00:00", "recorded_by": "bench",
            DIGEST: "",
        }
        records.append([values[c] for c in header])
    previous = existing[-1][header.index(DIGEST)] if existing else ""
    at = header.index(DIGEST)
    for record, digest in zip(records, digests_for(records, header, OBSERVATION_SCHEMA, set(ADDED_COLUMNS), previous)):
        record[at] = digest
    with open(ledger, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    return took


def record_command(ws: Path, n: int) -> list[str]:
    # a value and a source of its own each time: an exact duplicate would be refused
    return [str(MONITOR), "record", "cvjr_public_hearings", str(1000 + n), "--date", "2024-06-01",
            "--source", f"https://example.org/bench/{n}", "--by", "bench", "--workspace", str(ws)]


def status_command(ws: Path) -> list[str]:
    return [str(MONITOR), "status", "--as-of", "2025-06-30", "--format", "csv", "--workspace", str(ws)]


def ledger_reads(ws: Path, repeats: int) -> dict[str, list[float]]:
    """In one process (the package's code digest fixed): the ledger read as status reads it, cold (no cache),
    from the cache, and after one append (the cached ledger extended by the new row)."""
    from monitor import cache, ledger
    from monitor.observations import load_observations

    curated = ws / "data" / "curated"
    times = {"cold": [], "cached": [], "after one append": []}
    for n in range(repeats):
        shutil.rmtree(ws / cache.FOLDER / "ledger-observations.csv", ignore_errors=True)
        ledger._KEYS.clear(), ledger._HEADS.clear()
        for label in ("cold", "cached"):
            start = time.perf_counter()
            load_observations(curated)
            times[label].append(time.perf_counter() - start)
        subprocess.run(record_command(ws, 10**8 + n), check=True, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        load_observations(curated)
        times["after one append"].append(time.perf_counter() - start)
    return times


def _row(label: str, times: list[float], base: float | None) -> str:
    median = statistics.median(times)
    ratio = f"{median / base:6.2f}x" if base else "     -"
    return f"{label:<34} {median:8.3f} s {ratio}   ({', '.join(f'{t:.3f}' for t in times)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64,100000,1000000", help="observations per ledger, comma-separated")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds of one append each")
    parser.add_argument("--status-repeats", type=int, default=3, help="interleaved rounds of status (after a first)")
    parser.add_argument("--reads-only", action="store_true",
                        help="only the in-process ledger reads (cold, cached, after one append)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="make the workspaces here and keep them")
    args = parser.parse_args(argv)
    compile_package()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ledger-speed-"))
    workspaces = {}
    for size in sizes:
        ws = folder / f"ws-{size}"
        if not ws.exists():
            shipped_copy(ws)
            grow(ws / "data" / "curated" / "observations.csv", size)
        workspaces[size] = ws
        print(f"{size:>9,} observations: {(ws / 'data' / 'curated' / 'observations.csv').stat().st_size / 1e6:7.1f} MB",
              file=sys.stderr)
    if args.reads_only:
        reads = {size: ledger_reads(ws, args.status_repeats) for size, ws in workspaces.items()}
        print(f"the observations ledger read as status reads it, in one process; ratio to {sizes[0]:,} observations")
        for label in ("cold", "cached", "after one append"):
            for size in sizes:
                print(_row(f"read, {label} @ {size:,}", reads[size][label], statistics.median(reads[sizes[0]][label])))
        return 0
    counter = iter(range(10**9))
    first = {size: [timed(record_command(ws, next(counter)))] for size, ws in workspaces.items()}
    appends = {size: [] for size in sizes}
    for _ in range(args.repeats):
        for size, ws in workspaces.items():
            appends[size].append(timed(record_command(ws, next(counter))))
    cold = {size: [timed(status_command(ws))] for size, ws in workspaces.items()}
    warm = {size: [] for size in sizes}
    for _ in range(args.status_repeats):
        for size, ws in workspaces.items():
            warm[size].append(timed(status_command(ws)))
    after_record = {size: [] for size in sizes}
    for _ in range(args.status_repeats):
        for size, ws in workspaces.items():
            timed(record_command(ws, next(counter)))
            after_record[size].append(timed(status_command(ws)))
    base = sizes[0]
    print(f"monitor record (one row) and monitor status, a process each; ratio to {base:,} observations")
    for title, table in (("record, first (index built)", first), ("record, median", appends),
                         ("status, first (ledger read)", cold), ("status, median after", warm),
                         ("status, after one record", after_record)):
        for size in sizes:
            print(_row(f"{title} @ {size:,}", table[size], statistics.median(table[base])))
    if args.keep is None:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
