"""Timing helpers shared by the benchmark scripts: interleaved runs, medians, commands as processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def compile_package() -> None:
    """Byte-compile monitor first, as a user's second run finds it: with PYTHONDONTWRITEBYTECODE set (as here),
    every process would otherwise compile each module edited since its .pyc was written, on both sides of a
    pair, which flattens every ratio."""
    import compileall

    import monitor

    compileall.compile_dir(os.path.dirname(monitor.__file__), quiet=1)


def median_seconds(run, repeats: int) -> float:
    """The median of several runs: steadier than one run or the mean on a shared machine."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def interleaved_timings(runs: dict[str, Callable[[], object]], repeats: int,
                        prepare: dict[str, Callable[[], object]] | None = None) -> dict[str, list[float]]:
    """Every run's wall-clock seconds, taken in turn (A, B, A, B ...) so that a machine that gets busier
    or quieter meanwhile slows or speeds each alike; prepare[name] runs untimed before each of its runs."""
    prepare = prepare or {}
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            if name in prepare:
                prepare[name]()
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    return timings


def interleaved(runs: dict[str, Callable[[], object]], repeats: int,
                prepare: dict[str, Callable[[], object]] | None = None) -> dict[str, float]:
    """The median seconds of each run, the runs taken in turn (interleaved_timings)."""
    return {name: statistics.median(times) for name, times in interleaved_timings(runs, repeats, prepare).items()}


class CommandFailed(RuntimeError):
    pass


def process(argv: Sequence[str], env: dict[str, str] | None = None, cwd: str | None = None,
            timeout: float | None = None) -> Callable[[], None]:
    """A run of argv as a new process (its start, imports and exit timed with it), output discarded;
    a non-zero exit raises CommandFailed with the end of its stderr."""
    environment = {**os.environ, **(env or {})}

    def run() -> None:
        done = subprocess.run(list(argv), env=environment, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout)
        if done.returncode:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise CommandFailed(f"{' '.join(argv)} exited {done.returncode}: {' / '.join(tail)}")
    return run


def ratio(value: float, base: float) -> str:
    """value / base as '2.34x' ('-' without a base)."""
    return f"{value / base:.2f}x" if base else "-"
