"""What is in scope as of a date, and how statuses are counted: per status, per category, by paragraph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .dates import day_or_none
from .schemas import split_list
from .themes import sdg_order
from .vocab import load_vocabulary

NO_ADDRESSEE = ""  # the category of commitments whose opening verb addresses no one (positions)


def as_list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if str(v)]
    if value is None or (isinstance(value, float) and value != value):
        return []
    return split_list(value)


def in_order(values, order: list[str]) -> list[str]:
    """values in vocabulary order, then any unknown value, then the empty category last."""
    present = set(values)
    known = [v for v in order if v in present]
    extra = sorted(v for v in present if v not in order and v != NO_ADDRESSEE)
    return known + extra + ([NO_ADDRESSEE] if NO_ADDRESSEE in present else [])


def short_id(resolution_id: str, paragraph_id: str, several: bool = True) -> str:
    """'A/HRC/RES/46/28', 'OP19' -> '46/28 OP19' (or 'OP19' when one resolution is shown)."""
    if not several:
        return str(paragraph_id)
    return f"{str(resolution_id).rsplit('/RES/', 1)[-1]} {paragraph_id}"


def paragraph_labels(frame: pd.DataFrame) -> list[str]:
    several = frame["resolution_id"].nunique() > 1 if "resolution_id" in frame.columns else False
    if not several:
        return [str(p) for p in frame["paragraph_id"]]
    return [short_id(r, p) for r, p in zip(frame["resolution_id"], frame["paragraph_id"])]


def adoption_dates(metadata: pd.DataFrame) -> dict[str, dt.date]:
    if metadata.empty:
        return {}
    return {row["resolution_id"]: day_or_none(row["adoption_date"]) for row in metadata.to_dict("records")
            if day_or_none(row["adoption_date"])}


def adopted_by(status: pd.DataFrame, metadata: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Only the commitments of resolutions adopted by as_of (a later one has nothing to track yet)."""
    adopted = adoption_dates(metadata)
    keep = [adopted.get(r) is None or adopted[r] <= as_of for r in status["resolution_id"]]
    return status[keep].reset_index(drop=True)


def status_counts(status: pd.DataFrame, reference: Path | None = None) -> pd.DataFrame:
    """status, count and paragraphs, in the vocabulary's order (statuses with no paragraph kept, count 0)."""
    order = list(load_vocabulary("statuses", reference).sort_values("order", key=lambda s: s.astype(int))["status_id"])
    # each status's paragraphs in one pass (a history counts thousands of snapshots)
    labels: dict[str, list[str]] = {}
    for status_id, label in zip(status["status"].tolist(), paragraph_labels(status)):
        labels.setdefault(status_id, []).append(label)
    rows = [{"status": status_id, "count": len(labels.get(status_id, [])),
             "paragraphs": ", ".join(labels.get(status_id, []))} for status_id in order]
    return pd.DataFrame(rows, columns=["status", "count", "paragraphs"])


def status_by(status: pd.DataFrame, commitments: pd.DataFrame, dimension: str,
              reference: Path | None = None) -> pd.DataFrame:
    """Counts of commitments per category of `dimension` (resolution, kind, addressee, theme or sdg_target) and status.

    A commitment counts once under each of its themes (SDG targets); one with no addressee counts under ''.
    Categories come in the vocabulary's order, statuses too; empty combinations are left out.
    """
    column = {"resolution": "resolution_id", "kind": "kind", "addressee": "addressee", "theme": "themes",
              "sdg_target": "sdg_targets"}[dimension]
    joined = status[["commitment_id", "resolution_id", "paragraph_id", "status"]].merge(
        commitments[["commitment_id"] + ([column] if column != "resolution_id" else [])], on="commitment_id",
        how="left")
    joined["paragraph_id"] = paragraph_labels(joined)
    rows = []
    for row in joined.to_dict("records"):
        if dimension in ("theme", "sdg_target"):
            categories = as_list(row[column])
        else:
            value = row[column]
            categories = [NO_ADDRESSEE if value is None or (isinstance(value, float) and value != value) or value == ""
                          else str(value)]
        rows += [{"category": c, "status": row["status"], "paragraph_id": row["paragraph_id"]} for c in categories]
    long = pd.DataFrame(rows, columns=["category", "status", "paragraph_id"])
    if dimension == "resolution":
        categories = list(dict.fromkeys(status["resolution_id"]))
    else:
        vocabulary = {"kind": ("kinds", "kind_id"), "addressee": ("actors", "actor_id"),
                      "theme": ("themes", "theme_id"), "sdg_target": ("sdg_targets", "target")}
        name, id_column = vocabulary[dimension]
        frame = load_vocabulary(name, reference)
        if "order" in frame.columns:
            frame = frame.sort_values("order", key=lambda s: s.astype(int), kind="stable")
        elif dimension == "sdg_target":  # the UN's order, a workspace's own targets among the package's
            frame = frame.sort_values("target", key=lambda s: s.map(sdg_order), kind="stable")
        categories = in_order(long["category"], list(frame[id_column]))
    statuses = list(load_vocabulary("statuses", reference).sort_values("order", key=lambda s: s.astype(int))["status_id"])
    out = []
    for category in categories:
        for status_id in statuses:
            mine = long[(long["category"] == category) & (long["status"] == status_id)]
            if len(mine):
                out.append({"category": category, "status": status_id, "count": int(len(mine)),
                            "paragraphs": ", ".join(mine["paragraph_id"])})
    return pd.DataFrame(out, columns=["category", "status", "count", "paragraphs"]).assign(
        category=lambda f: pd.Categorical(f["category"], categories=categories, ordered=True))
