"""The one-page brief: per series, the resolution in force, its counts, its overdue asks and the key indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from . import labels as L
from .actors import actor_labels
from .citations import Citation, citations
from .indicators import latest_values
from .observations import QUALIFIER_SIGNS
from .schemas import split_list
from .scope import adoption_dates
from .snapshot import in_force
from .sources import symbol_id
from .vocab import load_vocabulary

COUNCIL = "hrc"  # the actor id of the Council itself: what it asks of itself is its own act
COUNCIL_KINDS = ("decision", "position")  # kinds where nothing is asked of anyone else
NUMERIC_TYPES = ("count", "stock", "flow", "plan", "percent")
MAX_OVERDUE = 8  # a brief is one page: the rest are named by count, with the sheet that lists them
MAX_TEXT = 180  # characters of an ask's text in the brief


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class OverdueAsk:
    ask_id: str
    paragraph: str
    addressee: str
    text: str
    deadline: dt.date
    status: str
    status_label: str


@dataclass(frozen=True)
class KeyValue:
    indicator_id: str
    name: str
    value: str  # as a reader reads it: "≥ 19,800 testimonies"
    date: str | None
    sources: list[Citation]
    confidence: str | None


@dataclass(frozen=True)
class SeriesBrief:
    series_id: str
    label: str  # the country, else the series' title
    resolution: str | None  # the resolution in force on the as-of date
    title: str
    adopted: dt.date | None
    predecessors: list[tuple[str, dt.date | None]]  # never summed into the counts
    asked: list[StatusCount]  # the paragraphs that ask something of the State and others
    council: list[StatusCount]  # the Council's own acts and stated positions
    overdue: list[OverdueAsk]
    more_overdue: int  # overdue asks past MAX_OVERDUE
    earlier_overdue: int  # asks of the predecessors whose deadline passed unmet
    indicators: list[KeyValue]

    @property
    def asked_total(self) -> int:
        return sum(c.count for c in self.asked)

    @property
    def council_total(self) -> int:
        return sum(c.count for c in self.council)


@dataclass(frozen=True)
class Brief:
    title: str
    as_of: dt.date
    lang: str
    series: list[SeriesBrief] = field(default_factory=list)


def _series_rows(data) -> pd.DataFrame:
    if not data.series.empty:
        return data.series
    return pd.DataFrame({"resolution_id": data.commitments["resolution_id"].unique(), "series_id": "", "position": 0})


def series_label(data, series_id: str, lang: str) -> str:
    """A series as a reader names it: its country, else its title, else its id."""
    members = data.series[data.series["series_id"] == series_id]
    if members.empty:
        return data.title(lang)
    first = members.iloc[0]
    for key in (f"country_{lang}" if lang != "en" else "country", "country", f"series_title_{lang}", "series_title_en"):
        value = first.get(key)
        if isinstance(value, str) and value:
            # "the Central African Republic" reads as a name inside a sentence; standing alone, as a heading,
            # it is "Central African Republic"
            return value[4:] if lang == "en" and value.startswith("the ") else value
    return str(series_id)


def _group_of(commitments: pd.DataFrame, asks: pd.DataFrame) -> dict[str, str]:
    """commitment_id -> 'council' (the Council's own act or position) or 'asked' (asks something of others)."""
    others = set(asks.loc[asks["addressee"].fillna("") != COUNCIL, "commitment_id"]) if not asks.empty else set()
    groups = {}
    for row in commitments.to_dict("records"):
        own = row["kind"] in COUNCIL_KINDS or (row["commitment_id"] not in others
                                                and COUNCIL in split_list(row.get("addressees")))
        groups[row["commitment_id"]] = "council" if own else "asked"
    return groups


def _counts(status: pd.DataFrame, statuses: pd.DataFrame, lang: str) -> list[StatusCount]:
    found = status["status"].value_counts()
    label = f"label_{lang}" if f"label_{lang}" in statuses.columns else "label_en"
    return [StatusCount(row["status_id"], row[label], int(found.get(row["status_id"], 0)))
            for row in statuses.to_dict("records") if int(found.get(row["status_id"], 0))]


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rsplit(" ", 1)[0] + " …"


def _ask_text(ask: dict, lang: str) -> str:
    if lang == "fr" and isinstance(ask.get("text_fr"), str) and ask["text_fr"].strip():
        return _clip(ask["text_fr"])
    return _clip(ask.get("text") or ask.get("object") or "")


def _overdue(data, resolution: str, as_of: dt.date, lang: str, status_labels: dict[str, str]) -> list[OverdueAsk]:
    """The asks of the resolution in force whose deadline passed unmet, of others than the Council, by deadline."""
    asks = data.ask_status(as_of)
    mine = asks[(asks["resolution_id"] == resolution) & (asks["deadline_state"] == "overdue")
                & (asks["addressee"].fillna("") != COUNCIL)]
    details = data.asks.set_index("ask_id") if not data.asks.empty else pd.DataFrame()
    actors = actor_labels(lang, data.workspace.reference, data.country_of(resolution))
    found = []
    for row in mine.sort_values("deadline").to_dict("records"):
        ask = details.loc[row["ask_id"]].to_dict() if row["ask_id"] in details.index else {}
        if ask.get("kind") in COUNCIL_KINDS:
            continue
        found.append(OverdueAsk(row["ask_id"], row["ask_id"].rsplit(":", 1)[-1],
                                actors.get(row["addressee"], row["addressee"] or ""), _ask_text(ask or row, lang),
                                dt.date.fromisoformat(str(row["deadline"])[:10]), row["status"],
                                status_labels.get(row["status"], row["status"])))
    return found


def _earlier_overdue(data, predecessors: list[str], as_of: dt.date) -> int:
    if not predecessors:
        return 0
    asks = data.ask_status(as_of)
    return int(((asks["resolution_id"].isin(predecessors)) & (asks["deadline_state"] == "overdue")
                & (asks["addressee"].fillna("") != COUNCIL)).sum())


def value_text(value, qualifier, unit, kind: str, lang: str) -> str:
    """An indicator's value as a reader reads it: thousands separated, qualified, with its unit."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return "—"
    if kind in NUMERIC_TYPES:
        shown = QUALIFIER_SIGNS.get(qualifier or "exact", "") + L.number(value, lang)
        unit = "" if not isinstance(unit, str) else unit
        # the unit in the reader's language where the labels have it (as the workbook's Indicators sheet shows it)
        unit = L.text(f"book:unit_{unit}", lang) if unit and L.has(f"book:unit_{unit}") else unit
        return f"{shown} {'%' if kind == 'percent' and unit in ('', '%') else unit}".strip() if unit or kind == "percent" else shown
    if kind == "date" and len(str(value)) >= 10 and str(value)[4] == "-":
        try:
            return L.long_date(str(value)[:10], lang)
        except ValueError:
            return str(value)
    if kind == "yesno":
        return L.book_text("yes" if str(value).strip().lower() in ("yes", "true", "1", "oui") else "no", lang)
    return str(value)


def _key_values(data, resolutions: set[str], as_of: dt.date, lang: str, several: bool) -> list[KeyValue]:
    """The latest value of each key indicator (the workspace file's, else all) that informs these resolutions."""
    indicators = data.curated.indicators
    if indicators.empty:
        return []
    chosen = list(data.config.dashboard.key_indicators) or list(indicators["indicator_id"])
    rows = indicators.set_index("indicator_id").loc[[i for i in chosen if i in set(indicators["indicator_id"])]]
    vocabulary = load_vocabulary("confidence", data.workspace.reference)
    ranks = dict(zip(vocabulary["confidence_id"], vocabulary["rank"].astype(int)))
    latest = latest_values(rows.reset_index(), data.curated.observations, as_of, ranks).set_index("indicator_id")
    confidence = dict(zip(vocabulary["confidence_id"], vocabulary[f"label_{lang}"]))
    found = []
    for indicator_id, row in rows.iterrows():
        linked = {c.rsplit(":", 1)[0] for c in split_list(row["commitments"])}
        if several and linked and not linked & {symbol_id(r) for r in resolutions}:
            continue
        last = latest.loc[indicator_id]
        name = row.get(f"name_{lang}") if isinstance(row.get(f"name_{lang}"), str) and row.get(f"name_{lang}") else row["name_en"]
        found.append(KeyValue(indicator_id, name,
                              value_text(last["latest_value"], last["latest_qualifier"], row["unit"], row["type"], lang),
                              None if pd.isna(last["latest_date"]) else str(last["latest_date"])[:10],
                              citations(last["latest_source"], lang),
                              confidence.get(last["latest_confidence"], None) if isinstance(last["latest_confidence"], str) else None))
    return found


def build_brief(data, as_of: dt.date, lang: str = "en") -> Brief:
    """The brief of the workspace as it stood on as_of (monitor.snapshot), one part per series."""
    L.check_language(lang)
    data = in_force(data, as_of)
    adopted = adoption_dates(data.metadata)
    statuses = load_vocabulary("statuses", data.workspace.reference)
    statuses = statuses.assign(order=statuses["order"].astype(int)).sort_values("order")
    status_labels = dict(zip(statuses["status_id"], statuses[f"label_{lang}"]))
    status = data.status(as_of)
    titles = {r.resolution_id: (getattr(r, "title_fr", None) if lang == "fr" else None) or r.title
              for r in data.resolutions}
    rows = _series_rows(data)
    several = rows["series_id"].nunique() > 1
    parts = []
    for series_id, members in rows.groupby("series_id", sort=False):
        order = sorted(members["resolution_id"], key=lambda r: (adopted.get(r) or dt.date.max, r))
        current = order[-1] if order else None
        predecessors = order[:-1]
        commitments = data.commitments[data.commitments["resolution_id"] == current]
        asks = data.asks[data.asks["resolution_id"] == current] if not data.asks.empty else data.asks
        groups = _group_of(commitments, asks)
        mine = status[status["commitment_id"].isin(groups)]
        in_group = mine["commitment_id"].map(groups)
        overdue = _overdue(data, current, as_of, lang, status_labels) if current else []
        parts.append(SeriesBrief(
            series_id=str(series_id), label=series_label(data, series_id, lang) if series_id else data.title(lang),
            resolution=current, title=titles.get(current, ""), adopted=adopted.get(current),
            predecessors=[(r, adopted.get(r)) for r in reversed(predecessors)],
            asked=_counts(mine[in_group == "asked"], statuses, lang),
            council=_counts(mine[in_group == "council"], statuses, lang),
            overdue=overdue[:MAX_OVERDUE], more_overdue=max(len(overdue) - MAX_OVERDUE, 0),
            earlier_overdue=_earlier_overdue(data, predecessors, as_of),
            indicators=_key_values(data, set(members["resolution_id"]), as_of, lang, several),
        ))
    return Brief(data.title(lang), as_of, lang, parts)
