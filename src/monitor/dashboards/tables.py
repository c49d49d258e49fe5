"""The small tables the figures draw: aggregated from the workspace, nothing a figure does not show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..dates import day_or_none
from ..diff import CHANGES, DIFF_COLUMNS, align
from ..lineage import consecutive_pairs, strengths_of
from ..schemas import split_list
from ..sessions import SessionCalendar
from ..status import resolve_rules
from ..vocab import load_vocabulary

NO_ADDRESSEE = ""  # the category of commitments whose opening verb addresses no one (positions)


def as_of_date(value: dt.date | str | None = None) -> dt.date:
    """A notebook parameter as a date: None is today, a string is YYYY-MM-DD."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if str(v)]
    if value is None or (isinstance(value, float) and value != value):
        return []
    return split_list(value)


def _ordered(values, order: list[str]) -> list[str]:
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


def adopted_by(status: pd.DataFrame, metadata: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Only the commitments of resolutions adopted by as_of (a later one has nothing to track yet)."""
    adopted = adoption_dates(metadata)
    keep = [adopted.get(r) is None or adopted[r] <= as_of for r in status["resolution_id"]]
    return status[keep].reset_index(drop=True)


def status_counts(status: pd.DataFrame, reference: Path | None = None) -> pd.DataFrame:
    """status, count and paragraphs, in the vocabulary's order (statuses with no paragraph kept, count 0)."""
    order = list(load_vocabulary("statuses", reference).sort_values("order", key=lambda s: s.astype(int))["status_id"])
    rows = []
    ids = pd.Series(paragraph_labels(status), index=status.index, dtype=object)
    for status_id in order:
        mine = status["status"] == status_id
        rows.append({"status": status_id, "count": int(mine.sum()), "paragraphs": ", ".join(ids[mine])})
    return pd.DataFrame(rows, columns=["status", "count", "paragraphs"])


def status_by(status: pd.DataFrame, commitments: pd.DataFrame, dimension: str,
              reference: Path | None = None) -> pd.DataFrame:
    """Counts of commitments per category of `dimension` (resolution, kind, addressee or theme) and status.

    A commitment counts once under each of its themes; one with no addressee counts under ''.
    Categories come in the vocabulary's order, statuses too; empty combinations are left out.
    """
    column = {"resolution": "resolution_id", "kind": "kind", "addressee": "addressee", "theme": "themes"}[dimension]
    joined = status[["commitment_id", "resolution_id", "paragraph_id", "status"]].merge(
        commitments[["commitment_id"] + ([column] if column != "resolution_id" else [])], on="commitment_id",
        how="left")
    joined["paragraph_id"] = paragraph_labels(joined)
    rows = []
    for row in joined.to_dict("records"):
        if dimension == "theme":
            categories = _list(row[column])
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
                      "theme": ("themes", "theme_id")}
        name, id_column = vocabulary[dimension]
        frame = load_vocabulary(name, reference)
        if "order" in frame.columns:
            frame = frame.sort_values("order", key=lambda s: s.astype(int), kind="stable")
        categories = _ordered(long["category"], list(frame[id_column]))
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


def indicator_observations(observations: pd.DataFrame, indicator_id: str, as_of: dt.date,
                           confidence_rank: dict[str, int]) -> pd.DataFrame:
    """One indicator's observations up to as_of, numeric, with `chosen` marking one per date.

    Where several sources give a value for the same date, the most reliable (then the latest
    recorded) is chosen for the line; the others stay as points of their own.
    """
    columns = ["date", "value", "qualifier", "source", "confidence", "note", "chosen"]
    if observations.empty:
        return pd.DataFrame(columns=columns)
    mine = observations[observations["indicator_id"] == indicator_id]
    mine = mine[[(day_or_none(d) is not None and day_or_none(d) <= as_of) for d in mine["date"]]]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    mine = mine.assign(value=pd.to_numeric(mine["value"], errors="coerce"),
                       _rank=mine["confidence"].map(lambda c: confidence_rank.get(c, 0)))
    mine = mine[mine["value"].notna()].sort_values(["date", "_rank", "recorded_at"])
    chosen = ~mine.duplicated("date", keep="last")
    mine = mine.assign(chosen=chosen.to_numpy(), date=mine["date"].str[:10])
    return mine[columns].reset_index(drop=True)


def value_observations(observations: pd.DataFrame, indicator_id: str, as_of: dt.date) -> pd.DataFrame:
    """Observations of an indicator whose value is a date (a schedule), announced up to as_of."""
    columns = ["date", "value", "qualifier", "source", "confidence", "note"]
    if observations.empty:
        return pd.DataFrame(columns=columns)
    mine = observations[observations["indicator_id"] == indicator_id]
    mine = mine[[(day_or_none(d) is not None and day_or_none(d) <= as_of and day_or_none(v) is not None)
                 for d, v in zip(mine["date"], mine["value"])]]
    return mine.sort_values(["date", "recorded_at"])[columns].reset_index(drop=True)


def events_up_to(events: pd.DataFrame, as_of: dt.date, types: tuple[str, ...] | None = None,
                 states: tuple[str, ...] = ("occurred",)) -> pd.DataFrame:
    """Events of some types and states dated up to as_of (scheduled ones by their announcement)."""
    if events.empty:
        return events.copy()
    keep = []
    for row in events.to_dict("records"):
        if types is not None and row["type"] not in types:
            keep.append(False)
            continue
        if row["state"] not in states:
            keep.append(False)
            continue
        # a scheduled event is known from its announcement (else its date); one that occurred, from its date
        known = (day_or_none(row["announced_on"]) if row["state"] == "scheduled" else None) or day_or_none(row["date"])
        keep.append(known is not None and known <= as_of)
    return events[keep].sort_values("date").reset_index(drop=True)


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


def session_table(reference: Path | None = None) -> pd.DataFrame:
    """Every HRC session in the calendar: start, end, and whether the dates come from a source."""
    calendar = SessionCalendar(reference)
    rows = []
    for session in calendar.sessions():
        end = calendar.end_of(session)
        start = calendar.start_of(session)
        start = start or calendar.first_month_of(session)
        if end is None or start is None:
            continue
        rows.append({"session": session, "start": start, "end": end.date, "known": end.precision == "day",
                     "end_precision": end.precision, "source": end.source})
    return pd.DataFrame(rows, columns=["session", "start", "end", "known", "end_precision", "source"])


def adoption_dates(metadata: pd.DataFrame) -> dict[str, dt.date]:
    if metadata.empty:
        return {}
    return {row["resolution_id"]: day_or_none(row["adoption_date"]) for row in metadata.to_dict("records")
            if day_or_none(row["adoption_date"])}


def status_history(data, as_of: dt.date) -> pd.DataFrame:
    """The status counts at the end of each Council session from adoption to as_of, and on as_of itself.

    `data` is a WorkspaceData; each point applies the status engine on that day with everything
    recorded so far, to the resolutions adopted by then, one set of counts per resolution.
    Columns: session (None for as_of itself), date, resolution_id, status, count, paragraphs.
    """
    adopted = adoption_dates(data.metadata)
    first = min(adopted.values()) if adopted else as_of
    sessions = session_table(data.workspace.reference)
    points = [(int(row["session"]), row["end"]) for row in sessions.to_dict("records")
              if first <= row["end"] <= as_of]
    if not points or points[-1][1] != as_of:
        points.append((None, as_of))
    rows = []
    for session, day in points:
        status = adopted_by(data.status(day), data.metadata, day)
        for resolution_id in dict.fromkeys(status["resolution_id"]):
            counts = status_counts(status[status["resolution_id"] == resolution_id], data.workspace.reference)
            for row in counts.to_dict("records"):
                rows.append({"session": session, "date": day, "resolution_id": resolution_id, **row})
    return pd.DataFrame(rows, columns=["session", "date", "resolution_id", "status", "count", "paragraphs"])


def reporting_items(commitments: pd.DataFrame, rules: pd.DataFrame, events: pd.DataFrame,
                    as_of: dt.date) -> pd.DataFrame:
    """Reports, dialogues and mandate renewals: asked for (reporting paragraphs and scheduled events) and delivered.

    Columns: row (reports, dialogues, renewals, other_reporting), state (asked_for, scheduled,
    delivered), date, label, detail, source, confidence.
    """
    row_of = {"report_presented": "reports", "dialogue_held": "dialogues", "mandate_renewed": "renewals"}
    rule_type = {cid: rule.get("event_type") or "" for cid, rule in resolve_rules(commitments, rules).items()}
    kinds = dict(zip(commitments["commitment_id"], commitments["kind"]))
    several = commitments["resolution_id"].nunique() > 1
    items = []
    reporting = commitments[commitments["kind"] == "reporting"] if not commitments.empty else commitments
    for row in reporting.to_dict("records"):
        deadline = day_or_none(row.get("deadline"))
        if deadline is None:
            continue
        items.append({"row": row_of.get(rule_type.get(row["commitment_id"], ""), "other_reporting"),
                      "state": "asked_for", "date": deadline,
                      "label": short_id(row["resolution_id"], row["paragraph_id"], several),
                      "detail": f"{row['resolution_id']} {row['paragraph_id']}: {row.get('deadline_text') or ''}".strip(),
                      "source": row["resolution_id"], "confidence": "primary"})
    for state in ("scheduled", "occurred"):
        for row in events_up_to(events, as_of, tuple(row_of), (state,)).to_dict("records"):
            linked = [kinds.get(c) for c in split_list(row["commitments"])]
            if row["type"] == "mandate_renewed" and "decision" not in linked:
                continue  # another body's mandate (a mission's), not one the Council renews here
            items.append({"row": row_of[row["type"]], "state": "delivered" if state == "occurred" else "scheduled",
                          "date": day_or_none(row["date"]), "label": row["event_id"], "detail": row["title"],
                          "source": row["source"], "confidence": row["confidence"]})
    columns = ["row", "state", "date", "label", "detail", "source", "confidence"]
    return pd.DataFrame(items, columns=columns).sort_values(["row", "date"]).reset_index(drop=True)


def paragraph_grid(status: pd.DataFrame, commitments: pd.DataFrame, columns: int = 12,
                   lang: str = "en") -> pd.DataFrame:
    """Each operative paragraph's place on a grid (column, row; a resolution starts a new row), its status,
    text (French where lang is fr and the workspace has the French text) and reason."""
    wanted = ["commitment_id", "number", "text"] + (["text_fr"] if "text_fr" in commitments.columns else [])
    joined = status[["commitment_id", "resolution_id", "paragraph_id", "status", "reason"]].merge(
        commitments[wanted], on="commitment_id", how="left")
    if lang == "fr" and "text_fr" in joined.columns:
        french = joined["text_fr"].fillna("").astype(str)
        joined["text"] = french.where(french.str.strip() != "", joined["text"])
    rows = []
    offset = 0
    for resolution_id in dict.fromkeys(joined["resolution_id"]):
        mine = joined[joined["resolution_id"] == resolution_id].copy()
        mine["_n"] = pd.to_numeric(mine["number"], errors="coerce")
        mine = mine.sort_values("_n", kind="stable")
        for index, row in enumerate(mine.to_dict("records")):
            rows.append({"resolution_id": resolution_id, "paragraph_id": row["paragraph_id"],
                         "column": index % columns, "row": offset + index // columns,
                         "status": row["status"], "reason": row["reason"], "text": row["text"]})
        offset += (len(mine) + columns - 1) // columns
    return pd.DataFrame(rows, columns=["resolution_id", "paragraph_id", "column", "row", "status", "reason", "text"])


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


CHANGE_COLUMNS = ["from_resolution", "to_resolution", *DIFF_COLUMNS, "themes"]


def paragraph_changes(resolutions: list, commitments: pd.DataFrame, as_of: dt.date | None = None,
                      alignments: dict | None = None) -> pd.DataFrame:
    """Every aligned pair or orphan of operative paragraphs between consecutive resolutions of a series.

    One row per operative row of monitor.diff.align, the pairs in order of the newer text's adoption
    (only those adopted by as_of, when given); `themes` (a list of theme ids) are those of the
    commitment in the newer text, or in the older one for a dropped paragraph. The workbook's
    Changes sheet lists these rows and the evolution figure counts them. `alignments` (the
    workspace's, keyed by (old, new) resolution ids) are reused instead of aligning again.
    """
    alignments = alignments or {}
    strengths = strengths_of(commitments)
    themes = {(r, p): _list(t) for r, p, t in
              zip(commitments["resolution_id"], commitments["paragraph_id"], commitments["themes"])}
    pairs = sorted(consecutive_pairs(resolutions),
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
    theme under ''). Themes come in the vocabulary's order; empty combinations are left out.
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
    themes = [ALL_THEMES] + _ordered(long.loc[long["theme"] != ALL_THEMES, "theme"], order)
    out = []
    for (old, new), group in long.groupby(["from_resolution", "to_resolution"], sort=False):
        for theme in themes:
            for change in CHANGES:
                mine = group[(group["theme"] == theme) & (group["change"] == change)]
                if len(mine):
                    out.append({"from_resolution": old, "to_resolution": new, "theme": theme, "change": change,
                                "count": int(len(mine)), "paragraphs": ", ".join(mine["paragraph"])})
    return pd.DataFrame(out, columns=["from_resolution", "to_resolution", "theme", "change", "count", "paragraphs"])
