"""Commitments followed across the yearly renewals: lineage ids, predecessors, and where an ask was dropped."""

from __future__ import annotations

import re

import pandas as pd

from .diff import align
from .parse.model import Resolution

LINEAGE_COLUMNS = ["commitment_id", "lineage_id", "previous_commitment", "change_from_previous", "dropped_in"]


def series_key(resolution: Resolution) -> tuple:
    """Renewals of one resolution share the body and the title."""
    title = re.sub(r"\W+", " ", (resolution.title or "").lower()).strip()
    return (resolution.body, title)


def strengths_of(commitments: pd.DataFrame) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for rid, pid, strength in zip(commitments["resolution_id"], commitments["paragraph_id"], commitments["strength"]):
        table.setdefault(rid, {})[pid] = int(strength)
    return table


def consecutive_pairs(resolutions: list[Resolution]) -> list[tuple[Resolution, Resolution]]:
    """Each resolution with the previous one of its series, by adoption date."""
    series: dict[tuple, list[Resolution]] = {}
    for resolution in resolutions:
        series.setdefault(series_key(resolution), []).append(resolution)
    pairs = []
    for members in series.values():
        members = sorted(members, key=lambda r: (r.adoption_date is None, r.adoption_date))
        pairs += list(zip(members, members[1:]))
    return pairs


def build_lineage(resolutions: list[Resolution], commitments: pd.DataFrame
                  ) -> tuple[pd.DataFrame, dict[tuple[str, str], pd.DataFrame]]:
    """Lineage columns per commitment, and the alignment of each consecutive pair it was read from.

    lineage_id is the commitment_id of the first commitment of the chain it belongs to. The
    alignments are returned so that the Changes sheet and the evolution figure reuse them.
    """
    lineage = {cid: cid for cid in commitments["commitment_id"]}
    previous: dict[str, str] = {}
    change: dict[str, str] = {}
    dropped: dict[str, str] = {}
    strengths = strengths_of(commitments)
    alignments: dict[tuple[str, str], pd.DataFrame] = {}
    ordered = sorted(consecutive_pairs(resolutions), key=lambda pair: (pair[1].adoption_date is None, pair[1].adoption_date))
    for old, new in ordered:
        alignments[(old.resolution_id, new.resolution_id)] = aligned = align(old, new, strengths)
        aligned = aligned[aligned["kind"] == "operative"]
        for row in aligned.to_dict("records"):
            if row["change"] == "dropped":
                dropped[f"{old.resolution_id}:{row['from_paragraph']}"] = new.resolution_id
            elif row["change"] != "new":
                before = f"{old.resolution_id}:{row['from_paragraph']}"
                after = f"{new.resolution_id}:{row['to_paragraph']}"
                lineage[after] = lineage.get(before, before)
                previous[after] = before
                change[after] = row["change"]
    frame = pd.DataFrame(
        [(cid, lineage[cid], previous.get(cid), change.get(cid), dropped.get(cid)) for cid in commitments["commitment_id"]],
        columns=LINEAGE_COLUMNS,
    )
    return frame, alignments
