"""What became of each operative paragraph from one resolution of a series to the next, and the counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .diff import CHANGES, DIFF_COLUMNS, align
from .lineage import consecutive_pairs, strengths_of
from .scope import NO_ADDRESSEE, as_list, in_order
from .vocab import load_vocabulary


CHANGE_COLUMNS = ["from_resolution", "to_resolution", *DIFF_COLUMNS, "themes"]


def paragraph_changes(resolutions: list, commitments: pd.DataFrame, as_of: dt.date | None = None,
                      alignments: dict | None = None, series: dict[str, str] | None = None) -> pd.DataFrame:
    """Every aligned pair or orphan of operative paragraphs between consecutive resolutions of a series.

    One row per operative row of monitor.diff.align, the pairs in order of the newer text's adoption
    (only those adopted by as_of, when given); `themes` (a list of theme ids) are those of the
    commitment in the newer text, or in the older one for a dropped paragraph. The workbook's
    Changes sheet lists these rows and the evolution figure counts them. `alignments` (the
    workspace's, keyed by (old, new) resolution ids) are reused instead of aligning again; `series`
    (resolution_id -> series id, monitor.series) says which resolutions renew which.
    """
    alignments = alignments or {}
    strengths = strengths_of(commitments)
    themes = {(r, p): as_list(t) for r, p, t in
              zip(commitments["resolution_id"], commitments["paragraph_id"], commitments["themes"])}
    pairs = sorted(consecutive_pairs(resolutions, series),
                   key=lambda pair: (pair[1].adoption_date is None, pair[1].adoption_date, pair[1].resolution_id))
    if as_of is not None:
        pairs = [(old, new) for old, new in pairs if new.adoption_date is None or new.adoption_date <= as_of]
    frames = []
    for old, new in pairs:
        aligned = alignments.get((old.resolution_id, new.resolution_id))
        if aligned is None:
            aligned = align(old, new, strengths)
        aligned = aligned[aligned["kind"] == "operative"].reset_index(drop=True)
        aligned.insert(0, "from_resolution", old.resolution_id)
        aligned.insert(1, "to_resolution", new.resolution_id)
        aligned["themes"] = [
            themes.get((new.resolution_id, b) if isinstance(b, str) else (old.resolution_id, a), [])
            for a, b in zip(aligned["from_paragraph"], aligned["to_paragraph"])]
        frames.append(aligned)
    if not frames:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[CHANGE_COLUMNS]


ALL_THEMES = "*"  # the category that counts every paragraph once, whatever its themes


def change_counts(changes: pd.DataFrame, reference: Path | None = None) -> pd.DataFrame:
    """Operative paragraphs per pair of texts, theme and change (monitor.diff.CHANGES order).

    A paragraph counts once under ALL_THEMES and once under each of its themes (those without a
    theme under ''). A merge counts once per older paragraph merged and a split once per newer part,
    as the alignment has one row per pair. Themes come in the vocabulary's order; empty combinations
    are left out.
    `paragraphs` names each paragraph by its id in the newer text, in the older one when dropped,
    and as OP31→OP26 when it moved.
    Columns: from_resolution, to_resolution, theme, change, count, paragraphs.
    """
    order = list(load_vocabulary("themes", reference).sort_values("order", key=lambda s: s.astype(int))["theme_id"])
    rows = []
    for row in changes.to_dict("records"):
        before, after = row["from_paragraph"], row["to_paragraph"]
        label = after if not isinstance(before, str) else before if not isinstance(after, str) or before == after \
            else f"{before}→{after}"
        for theme in [ALL_THEMES] + (list(row["themes"]) or [NO_ADDRESSEE]):
            rows.append({"from_resolution": row["from_resolution"], "to_resolution": row["to_resolution"],
                         "theme": theme, "change": row["change"], "paragraph": label})
    long = pd.DataFrame(rows, columns=["from_resolution", "to_resolution", "theme", "change", "paragraph"])
    themes = [ALL_THEMES] + in_order(long.loc[long["theme"] != ALL_THEMES, "theme"], order)
    # each (pair, theme, change)'s paragraphs in one pass, in the rows' order; then the pairs in the order they
    # come, each one's themes and changes in their vocabularies' orders
    theme_rank, change_rank = {t: i for i, t in enumerate(themes)}, {c: i for i, c in enumerate(CHANGES)}
    pairs: dict[tuple, int] = {}
    found: dict[tuple, list[str]] = {}
    for old, new, theme, change, paragraph in zip(*(long[c].tolist() for c in long.columns)):
        if pd.isna(old) or pd.isna(new):  # as a groupby leaves out a missing key
            continue
        pairs.setdefault((old, new), len(pairs))
        if theme in theme_rank and change in change_rank:
            found.setdefault((old, new, theme, change), []).append(paragraph)
    out = [{"from_resolution": old, "to_resolution": new, "theme": theme, "change": change,
            "count": len(paragraphs), "paragraphs": ", ".join(paragraphs)}
           for (old, new, theme, change), paragraphs in sorted(
               found.items(), key=lambda item: (pairs[item[0][:2]], theme_rank[item[0][2]], change_rank[item[0][3]]))]
    return pd.DataFrame(out, columns=["from_resolution", "to_resolution", "theme", "change", "count", "paragraphs"])
