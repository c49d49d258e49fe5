"""Commitments followed across the yearly renewals: lineage ids, predecessors, and where an ask was dropped."""

from __future__ import annotations

import pandas as pd

from .commitments import commitment_id
from .diff import align
from .parse.model import Resolution
from .series import title_key

LINEAGE_COLUMNS = ["commitment_id", "lineage_id", "previous_commitment", "change_from_previous", "dropped_in",
                   "merged_into", "split_from"]


def strengths_of(commitments: pd.DataFrame) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for rid, pid, strength in zip(commitments["resolution_id"], commitments["paragraph_id"], commitments["strength"]):
        table.setdefault(rid, {})[pid] = int(strength)
    return table


def consecutive_pairs(resolutions: list[Resolution], series: dict[str, str] | None = None
                      ) -> list[tuple[Resolution, Resolution]]:
    """Each resolution with the previous one of its series (resolution_id -> series id), by adoption date.

    Without a series map, renewals are those of the same body and title (monitor.series.title_key).
    """
    groups: dict[object, list[Resolution]] = {}
    for resolution in resolutions:
        key = series.get(resolution.resolution_id) if series else None
        groups.setdefault(key if key is not None else title_key(resolution), []).append(resolution)
    pairs = []
    for members in groups.values():
        members = sorted(members, key=lambda r: (r.adoption_date is None, r.adoption_date))
        pairs += list(zip(members, members[1:]))
    return pairs


def build_lineage(resolutions: list[Resolution], commitments: pd.DataFrame, series: dict[str, str] | None = None,
                  aligner=align) -> tuple[pd.DataFrame, dict[tuple[str, str], pd.DataFrame]]:
    """Lineage columns per commitment, and the alignment of each consecutive pair it was read from.

    lineage_id is the commitment_id of the first commitment of the chain it belongs to. A chain goes on
    through the pair the alignment marks `continues` (monitor.matching picks it: the mandate renewal,
    else the larger part): of two paragraphs merged into one, the other ends with `merged_into` (its ask
    lives on there, so it is not dropped); of a paragraph split in two, the other part starts a chain
    of its own with `split_from`, so that it does not inherit a status rule written for another ask.
    The alignments are returned so that the Changes sheet and the evolution figure reuse them. `aligner` is
    monitor.diff.align or one that reads it from a cache (monitor.pipeline).
    """
    lineage = {cid: cid for cid in commitments["commitment_id"]}
    previous: dict[str, str] = {}
    change: dict[str, str] = {}
    dropped: dict[str, str] = {}
    merged_into: dict[str, str] = {}
    split_from: dict[str, str] = {}
    strengths = strengths_of(commitments)
    alignments: dict[tuple[str, str], pd.DataFrame] = {}
    ordered = sorted(consecutive_pairs(resolutions, series), key=lambda pair: (pair[1].adoption_date is None, pair[1].adoption_date))
    for old, new in ordered:
        alignments[(old.resolution_id, new.resolution_id)] = aligned = aligner(old, new, strengths)
        aligned = aligned[aligned["kind"] == "operative"]
        for row in aligned.to_dict("records"):
            before = commitment_id(old.resolution_id, row['from_paragraph'])
            after = commitment_id(new.resolution_id, row['to_paragraph'])
            if row["change"] == "dropped":
                dropped[before] = new.resolution_id
            elif row["change"] == "new":
                continue
            elif not row["continues"]:
                if row["change"] == "merged":
                    merged_into[before] = after
                else:
                    split_from[after] = before
            else:
                lineage[after] = lineage.get(before, before)
                previous[after] = before
                change[after] = row["change"]
    frame = pd.DataFrame(
        [(cid, lineage[cid], previous.get(cid), change.get(cid), dropped.get(cid), merged_into.get(cid),
          split_from.get(cid)) for cid in commitments["commitment_id"]],
        columns=LINEAGE_COLUMNS,
    )
    return frame, alignments
