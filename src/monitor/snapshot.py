"""The as-of snapshot both deliverables render: the workspace as it stood on a date, computed once."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from .scope import adoption_dates


def in_force(data, as_of: dt.date):
    """The workspace (a monitor.pipeline.WorkspaceData) with only the resolutions adopted by as_of.

    A later resolution's commitments, paragraphs, references, series rows and alignments are left out,
    so that the workbook, the dashboard, the CSVs and the manifest count the same commitments; the
    curated ledgers stay whole (the status engine reads them as of the date). The status cache is the
    snapshot's own.
    """
    adopted = adoption_dates(data.metadata)
    keep = {r for r, day in adopted.items() if day <= as_of}
    keep |= {r.resolution_id for r in data.resolutions if r.resolution_id not in adopted}  # undated: kept

    def only(frame, column="resolution_id"):
        return frame[frame[column].isin(keep)].reset_index(drop=True) if column in frame.columns else frame

    if keep >= {r.resolution_id for r in data.resolutions}:
        return data
    # every table of the workspace that names a resolution (commitments, asks, paragraphs, ...) is cut to it
    tables = {f.name: only(getattr(data, f.name)) for f in dataclasses.fields(data)
              if isinstance(getattr(data, f.name), pd.DataFrame)}
    return dataclasses.replace(
        data,
        **tables,
        sources=[s for s in data.sources if s.symbol in keep],
        resolutions=[r for r in data.resolutions if r.resolution_id in keep],
        alignments={pair: frame for pair, frame in data.alignments.items() if set(pair) <= keep},
        problems=[p for p in data.problems if not _names_other(p, keep, data)],
        _statuses={},
    )


def _names_other(problem, keep: set[str], data) -> bool:
    """Whether a warning is about a resolution outside the snapshot (it names one of its ids)."""
    others = {r.resolution_id for r in data.resolutions} - keep
    said = f"{problem.source} {problem.location} {problem.message}"
    return any(other in said for other in others)
