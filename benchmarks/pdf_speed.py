"""PDF readers timed alike, each run a process: poppler's `pdftotext -layout` and monitor's PDF path per engine.

Usage: .venv/bin/python benchmarks/pdf_speed.py [--repeats N] [PDF ...]
Without PDFs it takes every PDF in tests/fixtures/corpus/pdf.

pdftotext is a program, so ours runs as one too: python, with MONITOR_PDF_ENGINE set to each engine,
imports monitor.parse and the engine's library, reads a two-paragraph text resolution (its vocabularies
loaded, its opener patterns compiled: what a process pays once, whatever the length of the PDF), then
`parse_path(PDF)`; its interpreter start and imports are timed with it. Each reader's start-up is timed
alongside each file the same way: `pdftotext -v` (poppler loaded), and the same python without the
parse_path. The runs are interleaved (pdftotext, ours, ours, the start-ups, then again) and medians
are taken. The first table is each whole process per page; below it the start-ups and the cost beyond
them per page, as the median of each run less the start-up run next to it, and for ours also as timed
inside the process around parse_path alone (the steadier figure on a busy machine: no difference of two
noisy process times); the last line sets our default engine's ratios against the aim of issue 14 (at
most 5x pdftotext per page). pdftotext only extracts text; ours also finds the paragraphs, openers and
footnotes, so the ratios are an upper bound on what reading the PDF costs. monitor's modules are
byte-compiled first, as a user's second run finds them: with PYTHONDONTWRITEBYTECODE set, every run
would otherwise compile each module edited since its .pyc was written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from timing import CommandFailed, compile_package, interleaved_timings, process, ratio

from monitor.parse.pdf import ENGINE_VARIABLE, ENGINES

_START = ("from monitor.parse import parse_path, parse_text; parse_text("
          "'The Human Rights Council,\\n\\nRecalling its resolutions,\\n\\n1. Decides to remain seized.\\n')")
# the same start-up, then parse_path timed inside the process and printed
_PARSE = ("import sys, time; {start}; "
          "began = time.perf_counter(); parse_path(sys.argv[1]); print(time.perf_counter() - began)")
_LIBRARIES = {"pypdfium2": "pypdfium2", "pdfplumber": "pdfplumber"}
TARGET = 5.0  # issue 14: our default engine at most five times pdftotext per page


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def _reporting(argv: list[str], env: dict[str, str], inside: list[float]):
    """A run of argv as a new process, like timing.process, the seconds it prints last appended to inside."""
    environment = {**os.environ, **env}

    def run() -> None:
        done = subprocess.run(argv, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if done.returncode:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise CommandFailed(f"{' '.join(argv)} exited {done.returncode}: {' / '.join(tail)}")
        inside.append(float(done.stdout.split()[-1]))
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus" / "pdf"
    pdfs = args.pdfs or sorted(corpus.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs given and none in {corpus}", file=sys.stderr)
        return 2
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("pdftotext not found (Debian: apt-get install poppler-utils); it is the baseline", file=sys.stderr)
        return 2
    readers = ["pdftotext -layout", *(f"ours, {engine}" for engine in ENGINES)]
    compile_package()

    def runs(path: Path, inside: dict[str, list[float]]) -> dict:
        commands = {"pdftotext -layout": process([pdftotext, "-layout", str(path), "-"])}
        for engine in ENGINES:
            start = f"import {_LIBRARIES[engine]}; {_START}"
            commands[f"ours, {engine}"] = _reporting([sys.executable, "-c", _PARSE.format(start=start), str(path)],
                                                     {ENGINE_VARIABLE: engine}, inside.setdefault(engine, []))
        commands[_start("pdftotext -layout")] = process([pdftotext, "-v"])
        for engine in ENGINES:
            start = f"import {_LIBRARIES[engine]}; {_START}"
            commands[_start(f"ours, {engine}")] = process([sys.executable, "-c", start])
        return commands

    print(f"each run a process; median of {args.repeats} interleaved runs; ms per page (ratio to pdftotext -layout)")
    print(f"{'file':<18} {'pages':>5} " + " ".join(f"{name:>22}" for name in readers))
    totals = dict.fromkeys([*readers, *map(_start, readers)], 0.0)
    beyond = dict.fromkeys(readers, 0.0)
    timed_inside = dict.fromkeys(readers, 0.0)
    total_pages = 0
    for path in pdfs:
        pages = _pages(path)
        inside: dict[str, list[float]] = {}
        timings = interleaved_timings(runs(path, inside), args.repeats)
        seconds = {name: statistics.median(times) for name, times in timings.items()}
        total_pages += pages
        for name in totals:
            totals[name] += seconds[name]
        # beyond start-up: each run less the start-up run taken next to it, so that both share the moment's load
        for name in readers:
            beyond[name] += statistics.median(a - b for a, b in zip(timings[name], timings[_start(name)]))
        for engine in ENGINES:
            timed_inside[f"ours, {engine}"] += statistics.median(inside[engine])
        print(_row(path.stem, pages, seconds, readers))
    if len(pdfs) > 1:
        print(_row("all", total_pages, totals, readers))
    starts = ", ".join(f"{name} {totals[_start(name)] / len(pdfs) * 1000:.0f} ms" for name in readers)
    print(f"\nstart-up per process (median): {starts}; beyond it (each run less its start-up run):")
    print(_row("all", total_pages, beyond, readers))
    timed_inside[readers[0]] = beyond[readers[0]]
    print("beyond it, ours timed inside the process around parse_path (pdftotext as above):")
    print(_row("all", total_pages, timed_inside, readers))
    ours, base = f"ours, {ENGINES[0]}", readers[0]
    print(f"\naim: {ENGINES[0]} at most {TARGET:g}x pdftotext per page: {_verdict(totals[ours], totals[base])} with "
          f"the start-up; beyond it {_verdict(beyond[ours], beyond[base])}, timed inside "
          f"{_verdict(timed_inside[ours], beyond[base])}")
    return 0


def _verdict(value: float, base: float) -> str:
    times = value / base if base else float("inf")
    return f"{times:.2f}x ({'met' if times <= TARGET else 'not met'})"


def _start(reader: str) -> str:
    return f"start-up: {reader}"


def _row(label: str, pages: int, seconds: dict, readers: list[str]) -> str:
    base = seconds[readers[0]]
    cells = [f"{seconds[name] / pages * 1000:>12.1f} ({ratio(seconds[name], base):>7})" for name in readers]
    return f"{label:<18} {pages:>5} " + " ".join(cells)


if __name__ == "__main__":
    sys.exit(main())
