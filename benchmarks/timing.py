"""Timing helper shared by the benchmark scripts."""

import statistics
import time


def median_seconds(run, repeats: int) -> float:
    """The median of several runs: steadier than one run or the mean on a shared machine."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)
