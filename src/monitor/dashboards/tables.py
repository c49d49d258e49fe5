"""The small tables the figures alone draw; the tables both deliverables show live in the domain modules."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..changes import ALL_THEMES, CHANGE_COLUMNS, change_counts, paragraph_changes  # noqa: F401 (the figures' inputs)
from ..dates import day_or_none, parse_date
from ..history import status_history  # noqa: F401
from ..indicator_series import numeric_series
from ..labels import text
from ..reporting import events_up_to, reporting_items, session_table  # noqa: F401
from ..schemas import split_list
from ..scope import (NO_ADDRESSEE, adopted_by, adoption_dates, paragraph_labels, short_id,  # noqa: F401
                     status_by, status_counts)


def as_of_date(value: dt.date | str | None = None) -> dt.date:
    """A notebook parameter as a date: None is today, a string is YYYY-MM-DD."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    day = parse_date(value)
    if day is None:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}")
    return day


def indicator_observations(observations: pd.DataFrame, indicator_id: str, as_of: dt.date,
                           confidence_rank: dict[str, int]) -> pd.DataFrame:
    """One indicator's numeric observations up to as_of, `chosen` marking one per date
    (monitor.indicator_series.numeric_series: the most reliable source, then the latest recorded)."""
    return numeric_series(observations, indicator_id, as_of, confidence_rank)


def value_observations(observations: pd.DataFrame, indicator_id: str, as_of: dt.date) -> pd.DataFrame:
    """Observations of an indicator whose value is a date (a schedule), announced up to as_of."""
    columns = ["date", "value", "qualifier", "source", "confidence", "note"]
    if observations.empty:
        return pd.DataFrame(columns=columns)
    mine = observations[observations["indicator_id"] == indicator_id]
    mine = mine[[(day_or_none(d) is not None and day_or_none(d) <= as_of and day_or_none(v) is not None)
                 for d, v in zip(mine["date"], mine["value"])]]
    return mine.sort_values(["date", "recorded_at"])[columns].reset_index(drop=True)


def superseding_events(rules: pd.DataFrame, events: pd.DataFrame, commitment_ids: list[str],
                       as_of: dt.date) -> pd.DataFrame:
    """The events, up to as_of, that the status rules name as removing these commitments' object."""
    ids = set()
    for row in rules.to_dict("records"):
        if row["commitment_id"] in commitment_ids:
            ids.update(split_list(row["superseded_by"]))
    if not ids or events.empty:
        return events.iloc[0:0]
    chosen = events[events["event_id"].isin(ids)]
    return events_up_to(chosen, as_of)


def paragraph_grid(status: pd.DataFrame, commitments: pd.DataFrame, columns: int = 12,
                   lang: str = "en", asks: pd.DataFrame | None = None,
                   actors: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """Each operative paragraph's place on a grid (column, row; a resolution starts a new row), its status,
    text (French where lang is fr and the workspace has the French text) and reason; with asks (the
    ask status table, with the asks' object and text_fr), the paragraph's asks as (ask, addressee's label,
    what is asked, status) in its `asks` column, labels from actors (resolution_id -> actor_id -> label);
    its SDG targets and its resolution's UNBIS subjects as lists."""
    wanted = ["commitment_id", "number", "text"] + [c for c in ("text_fr", "sdg_targets", "subjects")
                                                    if c in commitments.columns]
    reasons = ["reason_fr"] if "reason_fr" in status.columns else []
    joined = status[["commitment_id", "resolution_id", "paragraph_id", "status", "reason", *reasons]].merge(
        commitments[wanted], on="commitment_id", how="left")
    if lang == "fr":
        french = joined["text_fr"].fillna("").astype(str) if "text_fr" in joined.columns else pd.Series("", index=joined.index)
        # a paragraph with no French version shows its English text, and says so
        english = "(" + text("no_french_text", lang) + ") " + joined["text"].astype(str)
        joined["text"] = french.where(french.str.strip() != "", english)
        if reasons:
            joined["reason"] = joined["reason_fr"].where(joined["reason_fr"].notna(), joined["reason"])
    listed = _asks_by_paragraph(asks, actors, lang)
    rows = []
    offset = 0
    for resolution_id in dict.fromkeys(joined["resolution_id"]):
        mine = joined[joined["resolution_id"] == resolution_id].copy()
        mine["_n"] = pd.to_numeric(mine["number"], errors="coerce")
        mine = mine.sort_values("_n", kind="stable")
        for index, row in enumerate(mine.to_dict("records")):
            rows.append({"resolution_id": resolution_id, "paragraph_id": row["paragraph_id"],
                         "column": index % columns, "row": offset + index // columns,
                         "status": row["status"], "reason": row["reason"], "text": row["text"],
                         "asks": listed.get(row["commitment_id"], []),
                         "sdg_targets": split_list(row.get("sdg_targets")), "subjects": split_list(row.get("subjects"))})
        offset += (len(mine) + columns - 1) // columns
    return pd.DataFrame(rows, columns=["resolution_id", "paragraph_id", "column", "row", "status", "reason", "text",
                                       "asks", "sdg_targets", "subjects"])


def _asks_by_paragraph(asks: pd.DataFrame | None, actors: dict[str, dict[str, str]] | None,
                       lang: str) -> dict[str, list[tuple]]:
    """commitment_id -> [(ask, addressee label, what is asked, status id)], in the asks' order."""
    if asks is None or asks.empty:
        return {}
    listed: dict[str, list[tuple]] = {}
    for ask in asks.to_dict("records"):
        names = (actors or {}).get(ask["resolution_id"], {})
        addressee = names.get(ask["addressee"], ask["addressee"]) if isinstance(ask["addressee"], str) else ""
        what = ask.get("object")
        french = ask.get("text_fr")
        if lang == "fr" and isinstance(french, str) and french:  # the French clause's first words, not the English object
            words = french.split()
            what = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
        listed.setdefault(ask["commitment_id"], []).append(
            (f"{ask['paragraph_id']}.{ask['n']}", addressee, what if isinstance(what, str) else "", ask["status"]))
    return listed


def opener_counts(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """How many preambular and operative paragraphs open with each verb (lemma), most frequent first."""
    if paragraphs.empty:
        return pd.DataFrame(columns=["lemma", "part", "count"])
    frame = paragraphs.assign(lemma=paragraphs["lemma"].fillna("").replace("", "(none)"))
    counts = frame.groupby(["lemma", "kind"]).size().rename("count").reset_index().rename(columns={"kind": "part"})
    totals = counts.groupby("lemma")["count"].sum()
    counts["_total"] = counts["lemma"].map(totals)
    return counts.sort_values(["_total", "lemma"], ascending=[False, True]).drop(columns="_total").reset_index(drop=True)


def schema_table(schema) -> pd.DataFrame:
    """A ledger's columns as a table a reader can follow: name, type, required, allowed values, meaning."""
    rows = [{"column": c.name, "type": c.type, "required": c.required,
             "allowed": (", ".join(c.choices) if isinstance(c.choices, tuple)
                         else f"vocabulary '{c.choices}'" if c.choices else ""),
             "meaning": c.description} for c in schema.columns]
    return pd.DataFrame(rows, columns=["column", "type", "required", "allowed", "meaning"])
