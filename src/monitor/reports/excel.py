"""The Excel workbook: About, Summary, Commitments, Asks, Indicators, Observations, Timeline, Changes, Assessments, Issues.

`workbook_content` computes every sheet as tables of display values (pure: no files);
`render_workbook` writes them with xlsxwriter, which is 2-3x faster than openpyxl and keeps
every feature used here (fills, frozen panes, filters, list validation, protection, charts,
document properties). Only features that Excel and LibreOffice Calc both read are used: no
table styles, no sparklines, no dynamic formulas; every value is written computed.
`write_workbook` does both, atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..actors import actor_labels
from ..assessments import ASSESSORS
from ..changes import paragraph_changes
from ..brief import Brief, build_brief, series_label
from ..citations import citation, citations
from ..commitments import commitment_id
from ..files import atomic_target, sha256_of
from ..pipeline import WorkspaceData
from ..provenance import stamp
from ..reasons import french as french_reason
from ..schemas import split_list
from ..sensitivity import DEFAULT, left_out_sentence
from ..scope import adoption_dates
from ..figure_plan import workspace_figures
from ..indicator_series import MAX_POINTS, shown_rows
from ..milestones import SCHEDULE, milestones_known_on
from ..vocab import load_vocabulary
from .. import labels as L
from .styles import StyleBook, edit_modifier, formula_like, text_colour_on

WORKBOOK_FORMAT = "1"  # the layout version; import keys on ids and header names, not positions
MAX_CELL_TEXT = 32767  # Excel's limit on the characters of a cell
EDITABLE_ASSESSMENT_COLUMNS = ("date", "assessor", "status", "rationale", "evidence", "sensitivity")


@dataclass
class Column:
    key: str  # the frame's column and the header's label key
    style: str = "text"  # a named style of styles.NAMED_STYLES
    width: float = 14
    kind: str = "text"  # text, date, number, integer, auto (a number when it reads as one)


@dataclass
class Table:
    key: str  # the sheet's key in labels.SHEETS
    frame: pd.DataFrame
    columns: list[Column]
    freeze_columns: int = 1
    fills: dict[str, list] = field(default_factory=dict)  # column key -> status id per row (or None)
    fill_family: dict[str, str] = field(default_factory=dict)  # column key -> "change" when not a status
    editable: dict[str, list] = field(default_factory=dict)  # column key -> bool per row
    note: str | None = None  # a line above the header, across the sheet, saying what the sheet holds


@dataclass
class Block:
    """One table of the Summary sheet: a label, a count and a share per row."""

    title: str
    frame: pd.DataFrame  # label, count, share
    fills: list = field(default_factory=list)
    chart: str | None = None  # "column" or "bar"
    chart_title: str = ""
    total: int = 0  # the commitments the shares are of


@dataclass
class WorkbookContent:
    lang: str
    as_of: dt.date
    statuses: pd.DataFrame
    about: list[tuple[str, object, str | None]]  # label, value, status id for a fill
    blocks: list[Block]
    overdue: pd.DataFrame
    overdue_fills: list
    tables: list[Table]
    properties: dict
    custom: dict
    status_labels: list[str]
    total: int = 0
    title: str = ""  # the workspace's title, on every printed page
    brief: Brief | None = None  # the first sheet
    sensitivity_labels: list[str] = field(default_factory=list)  # the Assessments sheet's list, in order


# ---------------------------------------------------------------------------- values


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "nan", "None")


def _text(value, separator: str = "; ") -> str | None:
    if isinstance(value, (list, tuple)):
        value = separator.join(str(v) for v in value if not _missing(v))
    if _missing(value):
        return None
    return str(value)


def _labels(vocabulary: pd.DataFrame, key: str, lang: str, column: str = "label") -> dict[str, str]:
    name = f"{column}_{lang}" if f"{column}_{lang}" in vocabulary.columns else f"{column}_en"
    return dict(zip(vocabulary[key], vocabulary[name]))


def _meanings(statuses: pd.DataFrame, lang: str) -> dict[str, str]:
    """status id -> its meaning in lang; an English meaning where the French one is missing, marked as such."""
    english = dict(zip(statuses["status_id"], statuses["meaning"]))
    if lang == "en" or "meaning_fr" not in statuses.columns:
        return english if lang == "en" else {k: _untranslated(t) for k, t in english.items()}
    return {k: f if not _missing(f) else _untranslated(english[k]) for k, f in zip(statuses["status_id"], statuses["meaning_fr"])}


def _untranslated(text: str) -> str:
    """English text in a French sheet, said to be so."""
    return f"{text} ({L.book_text('no_french', 'fr')})"


def _in_language(english, french, lang: str) -> tuple[object, str | None]:
    """The text to show in lang (the French where there is one) and, in French, which language it is in."""
    if lang != "fr":
        return english, None
    if not _missing(french):
        return french, L.book_text("text_in_french", lang)
    return english, L.book_text("text_in_english", lang) if not _missing(english) else None


def _reasons(frame: pd.DataFrame, lang: str) -> pd.Series:
    """A status table's reasons in lang (monitor.reasons: generated ones translated, typed ones marked)."""
    if lang == "fr" and "reason_fr" in frame.columns:
        return frame["reason_fr"].where(frame["reason_fr"].notna(), frame["reason"])
    return frame["reason"]


_JUDGMENT = re.compile(r"^(?P<assessor>[a-z_]+): (?P<status>[a-z_]+) \((?P<date>[^)]*)\)$")


def _judgments(value, v: "_Vocabularies") -> str | None:
    """'analyst: met (2024-12-31); un: in_progress (...)' with the assessors and statuses as labels of lang."""
    if _missing(value):
        return _text(value)
    lang = v.lang
    assessors = L.assessor_labels(lang)
    shown = []
    for part in str(value).split("; "):
        found = _JUDGMENT.match(part)
        if not found:
            shown.append(part)
            continue
        who = assessors.get(found["assessor"], found["assessor"])
        shown.append(f"{who}{L.book_text('colon', lang)}{v.status.get(found['status'], found['status'])} ({found['date']})")
    return (" ; " if lang == "fr" else "; ").join(shown)


def _word(prefix: str, value, lang: str):
    """A code as a reader reads it (labels.csv `book:<prefix>_<value>`; `type_<value>` for indicator types)."""
    if _missing(value):
        return value
    key = f"type_{value}" if prefix == "type" else f"book:{prefix}_{value}"
    return L.text(key, lang) if L.has(key) else value


_NOTE = re.compile(r"^(?P<field>[a-z_]+): (?P<note>.*)$", re.DOTALL)


def _notes(notes, lang: str):
    """Curation notes ('addressees: <the analyst's note>'): in French, the field's name in French and the note marked as typed."""
    if lang == "en" or not isinstance(notes, (list, tuple)):
        return notes
    shown = []
    for note in notes:
        found = _NOTE.match(str(note))
        field = found["field"] if found else None
        if field and L.has(f"header:{field}"):
            shown.append(f"{L.header(field, lang)} : {french_reason(found['note'])}")
        else:
            shown.append(french_reason(note))
    return shown


def _map_list(value, names: dict[str, str]) -> str | None:
    items = split_list(value) if not isinstance(value, (list, tuple)) else list(value)
    return _text([names.get(item, item) for item in items])


class _Vocabularies:
    def __init__(self, data: WorkspaceData, lang: str):
        reference = data.workspace.reference
        self.lang = lang
        self.statuses = load_vocabulary("statuses", reference).assign(
            order=lambda f: f["order"].astype(int)).sort_values("order").reset_index(drop=True)
        self.status = _labels(self.statuses, "status_id", lang)
        self.meaning = _meanings(self.statuses, lang)
        kinds = load_vocabulary("kinds", reference).assign(order=lambda f: f["order"].astype(int)).sort_values("order")
        self.kinds_order = list(kinds["kind_id"])
        self.kind = _labels(kinds, "kind_id", lang)
        themes = load_vocabulary("themes", reference).assign(order=lambda f: f["order"].astype(int)).sort_values("order")
        self.themes_order = list(themes["theme_id"])
        self.theme = _labels(themes, "theme_id", lang)
        self.sdg_target = L.sdg_target_labels(lang, reference)  # "16.3 ... (unverified)"
        self.actor = _labels(load_vocabulary("actors", reference), "actor_id", lang, "name")
        self.confidence = _labels(load_vocabulary("confidence", reference), "confidence_id", lang)
        self.event_type = _labels(load_vocabulary("event_types", reference), "event_type", lang)
        sensitivity = load_vocabulary("sensitivity", reference)
        self.sensitivity = _labels(sensitivity.sort_values("order", key=lambda o: o.astype(int)), "sensitivity_id", lang)
        self._reference = reference
        self._actors: dict = {}

    def french_opener(self, text_fr: str, paragraph_id: str) -> str | None:
        """The opening phrase of a paragraph's French text ("Condamne fermement"), None if none is known."""
        from ..parse.openers import opener_matcher

        matcher = opener_matcher("fr", str(self._reference) if self._reference else None)
        found = matcher.match(text_fr, "operative" if str(paragraph_id).startswith("OP") else "preambular")
        return found.opener if found else None

    def actors_for(self, country) -> dict[str, str]:
        """Actor labels bound to a country (a monitor.country.Country): "Government of Haiti"."""
        key = country
        if key not in self._actors:
            self._actors[key] = actor_labels(self.lang, self._reference, country)
        return self._actors[key]


# ---------------------------------------------------------------------------- content


def _as_of_filter(frame: pd.DataFrame, as_of: dt.date, column: str = "date") -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[frame[column].astype(str).str[:10] <= as_of.isoformat()]


def _commitments_table(data: WorkspaceData, status: pd.DataFrame, v: _Vocabularies) -> Table:
    lang = v.lang
    wanted = ["commitment_id", "status", "reason", "reason_fr", "evidence", "evidence_date", "deadline_state", "assessments"]
    merged = data.commitments.merge(status[[c for c in wanted if c in status.columns]], on="commitment_id", how="left")
    french = merged["text_fr"] if "text_fr" in merged.columns else pd.Series(None, index=merged.index, dtype=object)
    shown = [_in_language(t, f, lang) for t, f in zip(merged["text"], french)]
    openers = [(v.french_opener(f, p) or o) if lang == "fr" and not _missing(f) else o
               for o, f, p in zip(merged["opener"], french, merged["paragraph_id"])]
    frame = pd.DataFrame({
        "commitment_id": merged["commitment_id"],
        "opener": openers,
        "text": [text for text, _ in shown],
        "text_language": [language for _, language in shown],
        "kind": merged["kind"].map(lambda k: v.kind.get(k, k)),
        "addressees": [_map_list(a, v.actors_for(data.country_of(r)))
                       for a, r in zip(merged["addressees"], merged["resolution_id"])],
        "themes": merged["themes"].map(lambda t: _map_list(t, v.theme)),
        # one cell of codes and labels, so that the autofilter's "contains 16.3" finds every commitment it serves
        "sdg_targets": merged["sdg_targets"].map(lambda t: _map_list(t, v.sdg_target)),
        "subjects": merged["subjects"].map(lambda t: _map_list(t, {})),
        "deadline": merged["deadline"],
        "deadline_state": merged["deadline_state"].map(lambda s: L.deadline_state(s, lang) if isinstance(s, str) else None),
        "status": merged["status"].map(lambda s: v.status.get(s, s)),
        "reason": _reasons(merged, lang),
        "evidence": merged["evidence"],
        "evidence_date": merged["evidence_date"],
        "assessments": merged["assessments"].map(lambda a: _judgments(a, v)),
        "notes": merged["curation_notes"].map(lambda n: _text(_notes(n, lang), "\n")) if "curation_notes" in merged else None,
    })
    columns = [
        Column("commitment_id", "id", 21), Column("opener", "wrap", 16), Column("text", "wrap", 62),
        Column("kind", "wrap", 14), Column("addressees", "wrap", 22), Column("themes", "wrap", 22),
        Column("sdg_targets", "wrap", 30), Column("subjects", "wrap", 26),
        Column("deadline", "date", 11, "date"), Column("deadline_state", "wrap", 12), Column("status", "wrap", 14),
        Column("reason", "wrap", 36), Column("evidence", "wrap", 26), Column("evidence_date", "date", 11, "date"),
        Column("assessments", "wrap", 28), Column("notes", "wrap", 30),
        # last, so that the other columns keep their places: English text in a French sheet says so
        *([Column("text_language", "wrap", 16)] if lang == "fr" else []),
    ]
    return Table("commitments", frame, columns, freeze_columns=1, fills={"status": list(merged["status"])})


def _asks_table(data: WorkspaceData, as_of: dt.date, v: _Vocabularies) -> Table:
    """One row per ask under its paragraph's id, its status beside its paragraph's (monitor.ask_status)."""
    status = data.ask_status(as_of)
    asks = data.asks.set_index("ask_id") if not data.asks.empty else data.asks
    shown = [_in_language(asks.at[a, "text"], asks.at[a, "text_fr"], v.lang) for a in status["ask_id"]]
    french = [_french_ask(asks.at[a, "text_fr"], data) if v.lang == "fr" else None for a in status["ask_id"]]
    frame = pd.DataFrame({
        "ask_id": status["ask_id"], "paragraph_id": status["paragraph_id"],
        "verb": [f[0] if f else verb for f, verb in zip(french, status["verb"])],
        "addressee": [v.actors_for(data.country_of(r)).get(a, a) if not _missing(a) else None
                      for a, r in zip(status["addressee"], status["resolution_id"])],
        "object": [f[1] if f else o for f, o in zip(french, status["object"])],
        "text": [text for text, _ in shown], "text_language": [language for _, language in shown],
        "deadline": status["deadline"],
        "deadline_state": status["deadline_state"].map(lambda s: L.deadline_state(s, v.lang) if isinstance(s, str) else None),
        "status": status["status"].map(lambda s: v.status.get(s, s)),
        "paragraph_status": status["paragraph_status"].map(lambda s: v.status.get(s, s)),
        "reason": _reasons(status, v.lang), "evidence": status["evidence"],
    })
    columns = [
        Column("ask_id", "id", 24), Column("paragraph_id", "id", 10), Column("verb", "wrap", 14),
        Column("addressee", "wrap", 24), Column("object", "wrap", 30), Column("text", "wrap", 50),
        Column("deadline", "date", 11, "date"), Column("deadline_state", "wrap", 12), Column("status", "wrap", 14),
        Column("paragraph_status", "wrap", 14), Column("reason", "wrap", 36), Column("evidence", "wrap", 26),
        *([Column("text_language", "wrap", 16)] if v.lang == "fr" else []),
    ]
    return Table("asks", frame.reset_index(drop=True), columns, freeze_columns=1,
                 fills={"status": list(status["status"]), "paragraph_status": list(status["paragraph_status"])})


# In a French clause, what is asked starts at its infinitive: "Demande à toutes les parties de respecter ..."
_FRENCH_INFINITIVE = re.compile(r"\b(?:à|de|d['’])\s*(?=(?:[sl]['’]|se |s’)?\w+(?:er|ir|re)\b)", re.IGNORECASE)


def _french_ask(text_fr, data: WorkspaceData) -> tuple[str, str] | None:
    """A French clause's verb and the start of what it asks (a few words), None without a French clause."""
    from ..asks import OBJECT_WORDS, french_clauses

    if _missing(text_fr):
        return None
    uses = french_clauses(text_fr, data.workspace.reference)
    if not uses:
        return None
    rest = text_fr[uses[0].end:]
    found = _FRENCH_INFINITIVE.search(rest)
    words = (rest[found.end():] if found else rest).split()
    shortened = " ".join(words[:OBJECT_WORDS]).rstrip(",;.")
    return uses[0].phrase.lower(), shortened + (" …" if len(words) > OBJECT_WORDS else "")


def _trends(observations: pd.DataFrame, lang: str, types: dict[str, str] | None = None) -> dict[str, str]:
    """up, down or unchanged between the last two numeric values of each indicator.

    A cumulative count cannot go down: when its last value is lower, the sources disagree, and the
    trend says so instead of reading as a fall.
    """
    if observations.empty:
        return {}
    types = types or {}
    numbers = observations.assign(_value=pd.to_numeric(observations["value"], errors="coerce")).dropna(subset=["_value"])
    trends = {}
    for indicator_id, group in numbers.sort_values(["date", "recorded_at"]).groupby("indicator_id", sort=False):
        if len(group) < 2:
            continue
        before, last = group["_value"].iloc[-2], group["_value"].iloc[-1]
        key = "up" if last > before else "down" if last < before else "unchanged"
        if key == "down" and types.get(indicator_id) == "count":
            key = "sources_differ"
        trends[indicator_id] = L.book_text(key, lang)
    return trends


def _indicators_table(data: WorkspaceData, observations: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    from ..indicators import latest_values

    indicators = data.curated.indicators
    latest = latest_values(indicators, observations, as_of)
    trends = _trends(observations, v.lang, dict(zip(indicators["indicator_id"], indicators["type"])))
    rows = []
    latest_by_id = {r["indicator_id"]: r for r in latest.to_dict("records")} if not latest.empty else {}
    for row in indicators.to_dict("records"):
        last = latest_by_id.get(row["indicator_id"], {})
        rows.append({
            "indicator_id": row["indicator_id"],
            "name": row.get(f"name_{v.lang}") or row["name_en"],
            "unit": _word("unit", row["unit"], v.lang), "type": _word("type", row["type"], v.lang),
            "direction": _word("direction", row["direction"], v.lang),
            "baseline": row["baseline_value"], "baseline_date": row["baseline_date"],
            "baseline_source": row["baseline_source"], "target": row["target_value"], "target_date": row["target_date"],
            "latest_value": last.get("latest_value"),
            "latest_qualifier": _word("qualifier", last.get("latest_qualifier"), v.lang),
            "latest_date": last.get("latest_date"), "latest_source": last.get("latest_source"),
            "latest_confidence": v.confidence.get(last.get("latest_confidence"), last.get("latest_confidence")),
            "trend": trends.get(row["indicator_id"]), "observations": last.get("observations", 0),
            "commitments": _text(split_list(row["commitments"])), "note": row["note"],
        })
    columns = [
        Column("indicator_id", "id", 24), Column("name", "wrap", 40), Column("unit", "text", 12),
        Column("type", "text", 10), Column("direction", "text", 10), Column("baseline", "number", 12, "auto"),
        Column("baseline_date", "date", 12, "date"), Column("baseline_source", "wrap", 20),
        Column("target", "number", 12, "auto"), Column("target_date", "date", 12, "date"),
        Column("latest_value", "number", 12, "auto"), Column("latest_qualifier", "text", 11),
        Column("latest_date", "date", 12, "date"), Column("latest_source", "wrap", 28),
        Column("latest_confidence", "text", 12), Column("trend", "text", 11),
        Column("observations", "integer", 12, "integer"), Column("commitments", "wrap", 24), Column("note", "wrap", 40),
    ]
    return Table("indicators", pd.DataFrame(rows, columns=[c.key for c in columns]), columns)


def _observations_table(data: WorkspaceData, observations: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    """The observations the report shows (indicator_series.shown_rows), not the whole ledger: that goes to the
    observations CSV and the data package, as the note above the header says."""
    indicators = data.curated.indicators
    names = dict(zip(indicators["indicator_id"], indicators.get(f"name_{v.lang}", indicators["name_en"])))
    columns = [
        Column("observation_id", "id", 11), Column("indicator_id", "id", 24), Column("name", "wrap", 30),
        Column("date", "date", 12, "date"), Column("date_end", "date", 12, "date"), Column("precision", "text", 10),
        Column("value", "number", 16, "auto"), Column("qualifier", "text", 10), Column("period", "text", 10),
        Column("summarised", "integer", 13, "integer"), Column("source", "wrap", 30),
        Column("source_date", "date", 12, "date"), Column("confidence", "text", 12),
        Column("sensitivity", "text", 12), Column("note", "wrap", 50),
        Column("recorded_at", "text", 20), Column("recorded_by", "text", 16),
    ]
    frame = _shown_observations(observations, indicators, as_of, data.workspace.reference)
    frame = frame.reindex(columns=[c.key for c in columns if c.key != "name"]).copy()
    frame.insert(2, "name", frame["indicator_id"].map(names))
    frame["confidence"] = frame["confidence"].map(lambda c: v.confidence.get(c, c))
    # who may see each row, so that a full workbook forwarded by mistake still says which rows are restricted
    frame["sensitivity"] = frame["sensitivity"].map(lambda c: v.sensitivity.get(c or DEFAULT, c))
    for column in ("qualifier", "precision"):
        frame[column] = frame[column].map(lambda c, column=column: _word(column, c, v.lang))
    frame["period"] = frame["period"].map(lambda p: p if isinstance(p, str) and p else None)
    note = L.book_text("observations_note", v.lang).format(
        limit=L.number(MAX_POINTS, v.lang), count=L.number(len(observations), v.lang),
        csv=f"observations-{as_of.isoformat()}.csv")
    return Table("observations", frame.reset_index(drop=True), columns, freeze_columns=1, note=note)


def _shown_observations(observations: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date,
                        reference) -> pd.DataFrame:
    """Every observation of an indicator with at most MAX_POINTS, in the ledger's order; an indicator's with more,
    as its figure draws them (one per period), after them."""
    if observations.empty:
        return observations.assign(period="", summarised=1)
    sizes = observations["indicator_id"].value_counts()
    many = list(sizes[sizes > MAX_POINTS].index)
    few = observations[~observations["indicator_id"].isin(many)].assign(period="", summarised=1)
    if not many:
        return few
    ranks = load_vocabulary("confidence", reference)
    rank = dict(zip(ranks["confidence_id"], ranks["rank"].astype(int)))
    types = dict(zip(indicators["indicator_id"], indicators["type"]))
    order = list(dict.fromkeys(observations["indicator_id"]))
    shown = [shown_rows(observations, i, types.get(i, ""), as_of, rank) for i in order if i in many]
    return pd.concat([few, *shown], ignore_index=True)


def _timeline_table(data: WorkspaceData, status: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    lang = v.lang
    rows, fills = [], []
    status_by_id = dict(zip(status["commitment_id"], status["status"]))
    state_by_id = dict(zip(status["commitment_id"], status["deadline_state"]))
    for row in data.commitments.to_dict("records"):
        if _missing(row.get("deadline")):
            continue
        title = row["opener"] + (f" ({row['deadline_text']})" if not _missing(row.get("deadline_text")) else "")
        if lang == "fr" and not _missing(row.get("text_fr")):  # the deadline's words are the English text's: not shown
            title = v.french_opener(row["text_fr"], row["paragraph_id"]) or title
        rows.append({"date": row["deadline"], "what": L.book_text("deadline_event", lang), "title": title,
                     "commitments": row["commitment_id"],
                     "state": L.deadline_state(state_by_id.get(row["commitment_id"], ""), lang),
                     "status": v.status.get(status_by_id.get(row["commitment_id"]))})
        fills.append(status_by_id.get(row["commitment_id"]))
    events = data.curated.events
    known = events
    if not events.empty:
        day = as_of.isoformat()
        known = events[(events["date"].astype(str).str[:10] <= day)
                       | ((events["state"] == "scheduled") & (events["announced_on"].astype(str).str[:10] <= day)
                          & (events["announced_on"].astype(str) != ""))]
    # each milestone figure's dates as announced, and how far each event lies past that figure's deadline
    lateness = {}
    for spec in workspace_figures(data):
        if spec.kind not in ("milestones", "date"):
            continue
        milestones, _, _ = milestones_known_on(data, spec, as_of)
        for row in milestones.to_dict("records"):
            if row["type"] == SCHEDULE:
                rows.append({"date": row["date"], "what": L.book_text("schedule_announced", lang), "title": row["title"],
                             "scheduled_for": row["scheduled_for"], "announced_on": row["announced_on"],
                             "days_after_deadline": row["days_after_deadline"], "source": row["source"],
                             "confidence": v.confidence.get(row["confidence"], row["confidence"])})
                fills.append(None)
            else:
                lateness.setdefault((row["date"], row["title"]), row["days_after_deadline"])
    for row in known.to_dict("records") if not known.empty else []:
        rows.append({"date": row["date"], "what": v.event_type.get(row["type"], row["type"]), "title": row["title"],
                     "commitments": _text(split_list(row["commitments"])), "state": _word("state", row["state"], lang),
                     "scheduled_for": row["date"] if row["state"] == "scheduled" else None,
                     "announced_on": row["announced_on"],
                     "days_after_deadline": lateness.get((row["date"], row["title"])),
                     "source": row["source"], "confidence": v.confidence.get(row["confidence"], row["confidence"])})
        fills.append(None)
    columns = [
        Column("date", "date", 12, "date"), Column("what", "wrap", 20), Column("title", "wrap", 50),
        Column("commitments", "wrap", 24), Column("state", "text", 14), Column("status", "wrap", 16),
        Column("scheduled_for", "date", 12, "date"), Column("announced_on", "date", 12, "date"),
        Column("days_after_deadline", "integer", 12, "integer"), Column("source", "wrap", 30),
        Column("confidence", "text", 12),
    ]
    frame = pd.DataFrame(rows, columns=[c.key for c in columns])
    frame["_fill"] = fills
    frame["_order"] = range(len(frame))
    frame = frame.sort_values(["date", "_order"], key=lambda s: s.astype(str) if s.name == "date" else s)
    fills = list(frame.pop("_fill"))
    frame = frame.drop(columns="_order").reset_index(drop=True)
    return Table("timeline", frame, columns, freeze_columns=1, fills={"status": fills})


def _changes_table(data: WorkspaceData, v: _Vocabularies) -> Table:
    lang = v.lang
    changes = paragraph_changes(data.resolutions, data.commitments, alignments=data.alignments,
                                series=data.series_of())
    frame = pd.DataFrame({
        "from_resolution": changes["from_resolution"], "to_resolution": changes["to_resolution"],
        "from_paragraph": changes["from_paragraph"], "to_paragraph": changes["to_paragraph"],
        "change": changes["change"].map(lambda c: L.change(c, lang)),
        "similarity": changes["similarity"],
        "reason": changes["reason_fr" if lang == "fr" else "reason"],
        "from_opener": changes["from_opener"], "to_opener": changes["to_opener"],
        "removed": changes["removed"], "added": changes["added"],
        "themes": changes["themes"].map(lambda t: _map_list(t, v.theme)),
    })
    if lang == "fr":
        frame = _changes_in_french(frame, data, v)
    columns = [
        Column("from_resolution", "id", 17), Column("to_resolution", "id", 17), Column("from_paragraph", "id", 11),
        Column("to_paragraph", "id", 11), Column("change", "wrap", 16), Column("similarity", "number", 11, "number"),
        Column("reason", "wrap", 40),
        Column("from_opener", "wrap", 18), Column("to_opener", "wrap", 18), Column("removed", "wrap", 48),
        Column("added", "wrap", 48), Column("themes", "wrap", 28),
    ]
    return Table("changes", frame, columns, freeze_columns=4, fills={"change": list(changes["change"])},
                 fill_family={"change": "change"})


def _changes_in_french(frame: pd.DataFrame, data: WorkspaceData, v: _Vocabularies) -> pd.DataFrame:
    """Openers and words removed or added read from the French versions; from an English text, said to be so."""
    from ..diff import word_changes

    french = dict(zip(data.commitments["commitment_id"], data.commitments["text_fr"])) \
        if "text_fr" in data.commitments.columns else {}

    def text_of(resolution, paragraph):
        found = french.get(commitment_id(resolution, paragraph)) if not _missing(paragraph) else None
        return None if _missing(found) else found

    frame = frame.copy()
    for index, row in frame.iterrows():
        old, new = text_of(row["from_resolution"], row["from_paragraph"]), text_of(row["to_resolution"], row["to_paragraph"])
        for side, text, paragraph in (("from", old, row["from_paragraph"]), ("to", new, row["to_paragraph"])):
            opener = row[f"{side}_opener"]
            if text is not None:
                frame.at[index, f"{side}_opener"] = v.french_opener(text, paragraph) or opener
            elif not _missing(opener):
                frame.at[index, f"{side}_opener"] = _untranslated(opener)
        if old is not None and new is not None:
            removed, added = word_changes(old, new)
            frame.at[index, "removed"], frame.at[index, "added"] = removed or None, added or None
        else:  # the words compared are the English texts' (one side has no French version)
            for column in ("removed", "added"):
                if not _missing(row[column]):
                    frame.at[index, column] = _untranslated(row[column])
    return frame


def _assessments_table(data: WorkspaceData, status: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    """Recorded assessments (open to a correction) and, after each commitment's, an empty row to fill in."""
    ledger = _as_of_filter(data.curated.assessments, as_of)
    by_commitment: dict[str, list[dict]] = {}
    for row in ledger.sort_values(["date", "recorded_at"]).to_dict("records") if not ledger.empty else []:
        by_commitment.setdefault(row["commitment_id"], []).append(row)
    current = dict(zip(status["commitment_id"], status["status"]))
    assessor = L.assessor_labels(v.lang)  # shown as labels; import-workbook reads labels and ids alike
    rows, status_fill, current_fill, editable = [], [], [], []
    for commitment in data.commitments[["commitment_id", "paragraph_id", "opener"]].to_dict("records"):
        cid = commitment["commitment_id"]
        base = {"commitment_id": cid, "paragraph_id": commitment["paragraph_id"], "opener": commitment["opener"],
                "current_status": v.status.get(current.get(cid), current.get(cid))}
        for row in by_commitment.get(cid, []):
            rows.append({**base, "assessment_id": row["assessment_id"], "date": row["date"],
                         "assessor": assessor.get(row["assessor"], row["assessor"]),
                         "status": v.status.get(row["status"], row["status"]), "rationale": row["rationale"],
                         "evidence": row["evidence"], "sensitivity": v.sensitivity.get(row.get("sensitivity") or DEFAULT),
                         "recorded_at": row["recorded_at"], "recorded_by": row["recorded_by"]})
            status_fill.append(row["status"])
            current_fill.append(current.get(cid))
            editable.append("correct")  # an edit here is imported as a correction that supersedes the row
        # an empty sensitivity is internal, or what import-workbook --sensitivity says
        rows.append({**base, "assessment_id": None, "date": as_of.isoformat(), "assessor": assessor["analyst"]})
        status_fill.append(None)
        current_fill.append(current.get(cid))
        editable.append(True)
    columns = [
        Column("assessment_id", "id", 12), Column("commitment_id", "id", 22), Column("paragraph_id", "id", 10),
        Column("opener", "wrap", 18), Column("current_status", "wrap", 16), Column("date", "date", 12, "date"),
        Column("assessor", "text", 18), Column("status", "wrap", 18), Column("rationale", "wrap", 50),
        Column("evidence", "wrap", 34), Column("sensitivity", "text", 14), Column("recorded_at", "text", 20),
        Column("recorded_by", "text", 16),
    ]
    frame = pd.DataFrame(rows, columns=[c.key for c in columns])
    return Table("assessments", frame, columns, freeze_columns=3,
                 fills={"status": status_fill, "current_status": current_fill},
                 editable={key: editable for key in EDITABLE_ASSESSMENT_COLUMNS})


def _issues_table(data: WorkspaceData) -> Table:
    issues = data.issues()
    root = f"{data.workspace.root}/"
    frame = issues.copy()
    frame["source"] = frame["source"].astype(str).str.replace(root, "", regex=False)
    columns = [Column("severity", "text", 10), Column("source", "wrap", 36), Column("location", "text", 14),
               Column("field", "text", 16), Column("message", "wrap", 90)]
    return Table("issues", frame.reset_index(drop=True), columns, freeze_columns=0)


def _share_block(title: str, counts: list[tuple[str, int, str | None]], total: int, chart=None, chart_title="") -> Block:
    frame = pd.DataFrame([(label, count, (count / total) if total else 0.0) for label, count, _ in counts],
                         columns=["label", "count", "share"])
    return Block(title, frame, [fill for _, _, fill in counts], chart, chart_title)


def _series_blocks(commitments: pd.DataFrame, status: pd.DataFrame, v: _Vocabularies, prefix: str,
                   actor_names: dict[str, str]) -> list[Block]:
    """Status, kind, addressee and theme counts of one series' commitments (prefix names the series)."""
    lang = v.lang
    total = len(commitments)
    mine = status[status["commitment_id"].isin(set(commitments["commitment_id"]))]
    by_status = mine["status"].value_counts()
    blocks = [_share_block(prefix + L.book_text("by_status", lang),
                           [(v.status[s], int(by_status.get(s, 0)), s) for s in v.statuses["status_id"]],
                           total, "column", prefix + L.book_text("chart_status", lang))]
    kinds = commitments["kind"].value_counts()
    blocks.append(_share_block(prefix + L.book_text("by_kind", lang),
                               [(v.kind[k], int(kinds.get(k, 0)), None) for k in v.kinds_order], total))
    addressees = commitments["addressees"].map(split_list)
    counts = addressees.explode().dropna().value_counts()
    rows = [(actor_names.get(a, a), int(n), None) for a, n in counts.items()]
    rows.append((L.book_text("no_addressee", lang), int((addressees.map(len) == 0).sum()), None))
    blocks.append(_share_block(prefix + L.book_text("by_addressee", lang), rows, total))
    themes = commitments["themes"].map(split_list)
    counts = themes.explode().dropna().value_counts()
    order = [t for t in v.themes_order if t in counts.index] + [t for t in counts.index if t not in v.themes_order]
    rows = [(v.theme.get(t, t), int(counts[t]), None) for t in order]
    rows.append((L.book_text("no_theme", lang), int((themes.map(len) == 0).sum()), None))
    blocks.append(_share_block(prefix + L.book_text("by_theme", lang), rows, total, "bar",
                               prefix + L.book_text("chart_theme", lang)))
    for block in blocks:
        block.total = total
    return blocks


def _summary(data: WorkspaceData, status: pd.DataFrame, v: _Vocabularies) -> tuple[list[Block], pd.DataFrame, list]:
    """The Summary's tables, per series and per resolution: renewals are set side by side, never added up.

    The resolution in force (the series' latest) has its counts by status, kind, addressee and
    theme; each predecessor its counts by status; no country's asks are counted under another's.
    """
    lang = v.lang
    series = data.series if not data.series.empty else pd.DataFrame(
        {"resolution_id": data.commitments["resolution_id"].unique(), "series_id": "", "country": None})
    several = series["series_id"].nunique() > 1
    adopted = adoption_dates(data.metadata)
    blocks: list[Block] = []
    for series_id, members in series.groupby("series_id", sort=False):
        order = sorted(members["resolution_id"], key=lambda r: (adopted.get(r) or dt.date.max, r), reverse=True)
        actors = v.actors_for(data.series_country(series_id))
        for position, resolution in enumerate(order):
            commitments = data.commitments[data.commitments["resolution_id"] == resolution]
            label = resolution + (f" ({L.text('brief:in_force', lang).lower()})" if position == 0 and len(order) > 1 else "")
            prefix = (f"{series_label(data, series_id, lang)} · " if several else "") + f"{label}{L.book_text('colon', lang)}"
            found = _series_blocks(commitments, status, v, prefix, actors)
            if position:  # a predecessor: its counts by status, without a chart of its own
                found = [dataclasses.replace(found[0], chart=None)]
            blocks += found
    overdue = status[status["deadline_state"] == "overdue"]
    texts = data.commitments.set_index("commitment_id")
    french = "text_fr" in texts.columns and lang == "fr"

    def named(cid: str) -> str:
        if cid not in texts.index:
            return cid
        text = texts.at[cid, "text_fr"] if french and not _missing(texts.at[cid, "text_fr"]) else texts.at[cid, "text"]
        text = " ".join(str(text).split())
        return f"{cid} — {text[:160].rsplit(' ', 1)[0] + ' …' if len(text) > 160 else text}"

    frame = pd.DataFrame({"commitment_id": overdue["commitment_id"].map(named), "deadline": overdue["deadline"],
                          "status": overdue["status"].map(lambda s: v.status.get(s, s)),
                          "reason": _reasons(overdue, lang)})
    return blocks, frame.reset_index(drop=True), list(overdue["status"])


def _title(data: WorkspaceData, meta: dict, lang: str) -> str:
    """A resolution's title in lang: in French, the French version's, else the English one said to be so."""
    title = meta.get("title") or ""
    if lang != "fr":
        return title
    found = next((getattr(r, "title_fr", None) for r in data.resolutions if r.resolution_id == meta["resolution_id"]), None)
    return found or (f"{title} ({L.book_text('title_missing', lang)})" if title else title)


def _about(data: WorkspaceData, as_of: dt.date, lang: str, provenance: dict, v: _Vocabularies) -> list:
    rows: list[tuple[str, object, str | None]] = [(L.book_text("title", lang), None, "title")]
    colon = " : " if lang == "fr" else ": "  # French sets a space before the colon
    for meta in data.metadata.to_dict("records") if not data.metadata.empty else []:
        rows.append((L.book_text("resolutions", lang), f"{meta['resolution_id']}{colon}{_title(data, meta, lang)} "
                     f"({meta.get('adoption_date') or ''})", None))
    rows += [
        (L.book_text("as_of", lang), as_of, None),
        (L.book_text("built_at", lang), provenance["built_at"], None),
        (L.book_text("version", lang), f"monitor {provenance['version']}", None),
        (L.book_text("commit", lang), provenance.get("commit") or "", None),
        (L.book_text("language", lang), lang, None),
    ]
    for item in provenance["inputs"]:
        # the digest on a line of its own: a long unbroken token wraps unpredictably and printed over the next row
        rows.append((L.book_text("inputs", lang), f"{item['file']}\nsha256 {item['sha256']}", None))
    rows += [
        (L.book_text("what", lang), L.book_text("what_text", lang), None),
        (L.book_text("how", lang), L.book_text("how_text", lang), None),
        (L.book_text("scope", lang), L.book_text("scope_text", lang), None),
        *([(L.book_text("public", lang), left_out_sentence(data.left_out, lang), None)] if data.left_out is not None else []),
        (L.book_text("legend", lang), None, "heading"),
    ]
    for row in v.statuses.to_dict("records"):
        rows.append((v.status[row["status_id"]], v.meaning[row["status_id"]], f"status:{row['status_id']}"))
    rows.append((L.book_text("edit_here", lang), None, "note"))
    return rows


def workbook_content(data: WorkspaceData, as_of: dt.date, lang: str = "en") -> WorkbookContent:
    """Every sheet's values, computed from the workspace as of a date (no file is written)."""
    if lang not in L.LANGUAGES:
        from ..errors import InputError

        raise InputError(f"unknown language {lang!r} for the workbook (have: {', '.join(L.LANGUAGES)})")
    v = _Vocabularies(data, lang)
    status = data.status(as_of)
    observations = _as_of_filter(data.curated.observations, as_of)
    root = data.workspace.root
    inputs = [{"file": str(s.file.relative_to(root)) if s.file.is_relative_to(root) else str(s.file), "sha256": s.sha256}
              for s in data.sources]
    curated = data.workspace.curated
    if curated.is_dir():
        inputs += [{"file": str(p.relative_to(root)), "sha256": sha256_of(p)} for p in sorted(curated.glob("*.csv"))]
    provenance = stamp(root, as_of, inputs)
    blocks, overdue, overdue_fills = _summary(data, status, v)
    tables = [
        _commitments_table(data, status, v),
        _asks_table(data, as_of, v),
        _indicators_table(data, observations, as_of, v),
        _observations_table(data, observations, as_of, v),
        _timeline_table(data, status, as_of, v),
        _changes_table(data, v),
        _assessments_table(data, status, as_of, v),
        _issues_table(data),
    ]
    symbols = list(data.metadata["resolution_id"]) if not data.metadata.empty else []
    titles = list(data.metadata["title"].fillna("")) if not data.metadata.empty else []
    properties = {
        "title": f"{L.book_text('title', lang)}: {', '.join(symbols)} ({as_of.isoformat()})",
        "subject": "; ".join(t for t in titles if t),
        "author": f"monitor {__version__}",
        "manager": "",
        "company": "",
        "category": L.book_text("title", lang),
        "keywords": ", ".join(symbols + ["human rights", "HRC", "monitoring"]),
        "comments": f"as of {as_of.isoformat()}; built {provenance['built_at']}; commit {provenance.get('commit') or 'n/a'}",
        "status": as_of.isoformat(),
        "created": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
    }
    custom = {
        "monitor_format": WORKBOOK_FORMAT,
        "monitor_version": __version__,
        "monitor_commit": provenance.get("commit") or "",
        "resolutions": "|".join(symbols),
        "as_of": as_of.isoformat(),
        "lang": lang,
    }
    return WorkbookContent(lang, as_of, v.statuses, _about(data, as_of, lang, provenance, v), blocks, overdue,
                           overdue_fills, tables, properties, custom, [v.status[s] for s in v.statuses["status_id"]],
                           len(data.commitments), data.title(lang), build_brief(data, as_of, lang),
                           list(v.sensitivity.values()))


# ---------------------------------------------------------------------------- rendering

_DATE_CACHE: dict[str, object] = {}


def _as_date(value):
    text = str(value)
    cached = _DATE_CACHE.get(text)
    if cached is None:
        try:
            cached = dt.date.fromisoformat(text[:10]) if len(text) >= 10 and text[4] == "-" else text
        except ValueError:
            cached = text
        if len(_DATE_CACHE) < 100_000:
            _DATE_CACHE[text] = cached
    return cached


def _as_number(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number) or text.lower() in ("nan", "inf", "-inf", "infinity"):
        return text
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def _cells(series: pd.Series, kind: str) -> list:
    """Display values of a column: None for empty, dates and numbers as such, text capped at Excel's limit."""
    values = []
    for value in series.tolist():
        if isinstance(value, (list, tuple)):
            value = _text(value)
        if _missing(value):
            values.append(None)
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            values.append(value)
            continue
        if kind == "date":
            value = _as_date(value)
        elif kind in ("number", "integer", "auto"):
            value = _as_number(value)
        elif not isinstance(value, str):
            value = str(value)
        if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            value = value[:MAX_CELL_TEXT - 1] + "…"
        values.append(value)
    return values


_LINE_HEIGHT = 15  # points per line of 11-point text
_MAX_LINES = 27  # Excel's highest row is 409 points


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column of this width (generous: LibreOffice's fallback fonts are wider)."""
    per_line = max(int(width * 1.2), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _row_heights(values: list[list], widths: list[float | None], count: int) -> list[int]:
    """Lines per row: set explicitly, since LibreOffice does not grow rows of wrapped text on opening."""
    heights = [1] * count
    for cells, width in zip(values, widths):
        if width is None:
            continue
        for r, value in enumerate(cells):
            if isinstance(value, str) and (len(value) > width or "\n" in value):
                heights[r] = max(heights[r], min(_lines(value, width), _MAX_LINES))
    return heights


# Printing. Calc lays a column of width w out wider than Excel (about 7.5 points a unit with its
# fallback fonts), so a landscape A4 page holds about 100 units between its margins at 100 % and a
# portrait one 68. Each sheet prints chosen columns (PRINTED, with the widths they print at) at a
# scale of at least 75 %, which keeps the workbook's 11-point text at 8.25 points or more; the other
# columns follow them on screen and are left out of the print area.
PAGE_UNITS = {"landscape": 100, "portrait": 68}
MIN_SCALE = 75
PRINTED = {
    "commitments": {"commitment_id": 18, "text": 44, "addressees": 15, "deadline": 10, "status": 11, "reason": 22,
                    "evidence": 13},
    "asks": {"ask_id": 20, "addressee": 14, "text": 42, "deadline": 10, "status": 11, "reason": 22, "evidence": 14},
    "indicators": {"indicator_id": 18, "name": 26, "unit": 9, "baseline": 9, "target": 9, "latest_value": 10,
                   "latest_qualifier": 8, "latest_date": 10, "latest_source": 16, "latest_confidence": 9, "trend": 8},
    "observations": {"observation_id": 8, "indicator_id": 18, "date": 10, "value": 11, "qualifier": 8, "source": 26,
                     "confidence": 10, "note": 42},
}
LINK_COLUMNS = ("evidence", "source", "latest_source", "baseline_source", "sources")
MAX_LINKS = 65_000  # Excel reads at most 65,530 hyperlinks a sheet; past that a source stays text


def printed_columns(table: Table) -> tuple[list[Column], int]:
    """The table's columns in sheet order (the printed ones first, at their printed widths) and how many print.

    A sheet of PRINTED prints the columns named there; another prints its leading columns that fit.
    """
    chosen = PRINTED.get(table.key)
    if chosen is None:
        return list(table.columns), len(_fitting(table.columns))
    first = [dataclasses.replace(c, width=chosen[c.key]) for c in table.columns if c.key in chosen]
    return first + [c for c in table.columns if c.key not in chosen], len(first)


def _fitting(columns: list[Column]) -> list[Column]:
    """The leading columns that fit across a landscape page at the smallest legible scale."""
    budget, used, chosen = PAGE_UNITS["landscape"] * 100 / MIN_SCALE, 0.0, []
    for column in columns:
        used += column.width
        if used > budget and chosen:
            break
        chosen.append(column)
    return chosen


def print_scale(widths, orientation: str = "landscape") -> int:
    """The scale at which these columns fill the page's width (never above 100, never below MIN_SCALE)."""
    return max(MIN_SCALE, min(100, int(PAGE_UNITS[orientation] * 100 / max(sum(widths), 1))))


def _header_text(text: str) -> str:
    """Text safe inside an Excel header or footer: '&' doubled (it starts a code), kept short."""
    return text.replace("&", "&&")[:80]


def _print_setup(ws, content: "WorkbookContent", rows: int, columns: int, widths, repeat_header: bool,
                 orientation: str = "landscape", header_row: int = 0) -> None:
    """A4, the printed columns at a legible scale, and on every page the title, the as-of date, the sheet and page n of m."""
    lang = content.lang
    if orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.set_print_scale(print_scale(widths, orientation))
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    as_of = L.book_text("as_of", lang) + L.book_text("colon", lang) + L.long_date(content.as_of, lang)
    # header and footer in the body's 11 points: the print scale shrinks them too
    ws.set_header(f"&L{_header_text(content.title)}&R{_header_text(as_of)}", {"margin": 0.3})
    ws.set_footer(f"&L&A&R{_header_text(L.book_text('page_of', lang)).replace('{page}', '&P').replace('{pages}', '&N')}",
                  {"margin": 0.3})
    ws.print_area(0, 0, max(rows, 1) - 1, columns - 1)
    if repeat_header:
        ws.repeat_rows(header_row)
        ws.repeat_columns(0)


def change_modifiers() -> dict[str, dict]:
    """One modifier per change category (labels.CHANGE_FILLS): its fill, a readable font colour."""
    return {f"change:{key}": {"bg_color": colour, "font_color": text_colour_on(colour)}
            for key, colour in L.change_fills().items()}


def _column_formats(styles: StyleBook, name: str, count: int, guard, fills, editable, family: str) -> list:
    """StyleBook.column for status fills; for another family, the same masks with `<family>:<id>` fills."""
    if family == "status" or fills is None:
        return styles.column(name, count, guard, fills, editable)
    editable = [editable] * count if isinstance(editable, bool) else editable
    return [styles.get(name, "guard" if g else None,
                       f"{family}:{f}" if f and f"{family}:{f}" in styles.modifiers else None,
                       edit_modifier(e))
            for g, f, e in zip(guard, fills, editable)]


def _cell_style(column: Column, cell) -> str:
    """The style of one cell: text in a date or number column (a malformed value) stays text; decimals keep theirs."""
    if column.kind in ("date", "number", "auto", "integer") and isinstance(cell, str):
        return "wrap"
    if column.kind in ("number", "auto") and isinstance(cell, float) and not cell.is_integer():
        return "decimal"
    return column.style


def _write_table(workbook, table: Table, styles: StyleBook, content: WorkbookContent):
    lang = content.lang
    ws = workbook.add_worksheet(L.sheet_name(table.key, lang))
    frame, count = table.frame, len(table.frame)
    columns, printed = printed_columns(table)
    header = styles.get("header")
    top = 1 if table.note else 0  # the header's row: under the note, when the sheet has one
    if table.note:  # across the printed columns, wrapped, so that it prints on the first page
        span = sum(c.width for c in columns[:printed])
        ws.set_row(0, _LINE_HEIGHT * min(_lines(table.note, span), _MAX_LINES) + 3)
        ws.merge_range(0, 0, 0, max(printed - 1, 1), table.note, styles.get("wrap"))
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width)
        ws.write_string(top, index, L.header(column.key, lang), header)
    ws.set_row(top, 30)
    writers, values, formats, blanks, links = [], [], [], [], []
    write = {str: ws.write_string, int: ws.write_number, float: ws.write_number,
             dt.date: ws.write_datetime, dt.datetime: ws.write_datetime}
    budget = [MAX_LINKS]
    for column in columns:
        cells = _cells(frame[column.key], column.kind) if column.key in frame else [None] * count
        names = [_cell_style(column, c) for c in cells]
        guard = formula_like(pd.Series(cells, dtype=object)).tolist() if count else []
        fills = table.fills.get(column.key)
        editable = table.editable.get(column.key, False)
        family = table.fill_family.get(column.key, "status")
        per_style = {name: _column_formats(styles, name, count, guard, fills, editable, family) for name in set(names)}
        formats.append([per_style[name][i] for i, name in enumerate(names)])
        writers.append([write.get(type(c), ws.write_string) if c is not None else None for c in cells])
        values.append(cells)
        blanks.append(editable if isinstance(editable, list) else [editable] * count)
        editable_any = any(blanks[-1])
        links.append(_links(cells, lang, budget, column.width) if column.key in LINK_COLUMNS and not editable_any
                     else None)
    link_format = styles.get("link")
    width = len(columns)
    heights = _row_heights(values, [c.width if c.style == "wrap" else None for c in columns], count)
    for r in range(count):
        row = r + 1 + top
        if heights[r] > 1:
            ws.set_row(row, _LINE_HEIGHT * heights[r] + 3)
        for c in range(width):
            value = values[c][r]
            if value is None:
                if blanks[c][r]:
                    ws.write_blank(row, c, None, formats[c][r])
            elif links[c] is not None and links[c][r] is not None:
                url, label = links[c][r]
                ws.write_url(row, c, url, link_format, string=label, tip=value[:255])
            else:
                writers[c][r](row, c, value, formats[c][r])
    ws.freeze_panes(1 + top, table.freeze_columns)
    ws.autofilter(top, 0, max(count, 1) + top, width - 1)
    _print_setup(ws, content, count + 1 + top, printed, [c.width for c in columns[:printed]], repeat_header=True,
                 header_row=top)
    return ws


def _links(cells: list, lang: str, budget: list[int], width: float) -> list:
    """Per cell, (address, short label) where the source's first part links somewhere, else None.

    Calc shows a hyperlink on one line and never wraps it, so a cell becomes a link only when its
    label fits the column; a longer source stays wrapped text.
    """
    out = []
    for value in cells:
        found = citations(value, lang) if isinstance(value, str) and budget[0] > 0 else []
        url = next((c.url for c in found if c.url), None)
        label = "; ".join(c.label for c in found)
        if url is None or len(label) > width:
            out.append(None)
            continue
        budget[0] -= 1
        out.append((url, label))
    return out


def _protect_assessments(ws, table: Table, content: WorkbookContent) -> None:
    lang = content.lang
    keys = [c.key for c in table.columns]
    last = max(len(table.frame), 1)
    status_col = keys.index("status")
    source = content.status_labels
    if len(",".join(source)) > 255 or any("," in s for s in source):
        # too long for a list written in the rule (or a label with a comma): point at the
        # status legend of the About sheet, which holds the same labels in the same order
        rows = [r for r, (_, _, style) in enumerate(content.about) if style and style.startswith("status:")]
        about = L.sheet_name("about", lang).replace("'", "''")
        source = f"='{about}'!$A${rows[0] + 1}:$A${rows[-1] + 1}"
    ws.data_validation(1, status_col, last, status_col, {
        "validate": "list", "source": source,
        "input_title": L.header("status", lang)[:32], "input_message": L.book_text("status_prompt", lang)[:255],
        "error_title": L.header("status", lang)[:32], "error_message": L.book_text("status_error", lang)[:255],
    })
    assessor_col = keys.index("assessor")
    # the labels in the workbook's language: import-workbook reads them back, as it reads the ids
    assessors = L.assessor_labels(lang)
    ws.data_validation(1, assessor_col, last, assessor_col,
                       {"validate": "list", "source": [assessors.get(a, a) for a in ASSESSORS]})
    if "sensitivity" in keys:
        column = keys.index("sensitivity")
        ws.data_validation(1, column, last, column, {"validate": "list", "source": content.sensitivity_labels})
    date_col = keys.index("date")
    ws.data_validation(1, date_col, last, date_col, {
        "validate": "date", "criteria": "between", "minimum": dt.date(1990, 1, 1), "maximum": dt.date(2100, 12, 31)})
    ws.protect("", {"autofilter": True, "sort": False, "format_columns": True, "format_rows": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})


ABOUT_WIDTHS = (26, 100)
SUMMARY_WIDTHS = (40, 10, 10, 60)


def _write_about(workbook, content: WorkbookContent, styles: StyleBook):
    ws = workbook.add_worksheet(L.sheet_name("about", content.lang))
    ws.set_column(0, 0, ABOUT_WIDTHS[0])
    ws.set_column(1, 1, ABOUT_WIDTHS[1])
    for r, (label, value, style) in enumerate(content.about):
        if style in ("title", "heading"):
            ws.write_string(r, 0, label, styles.get(style))
            continue
        if style == "note":  # across both columns, wrapped: printed, a long line would run off the page
            lines = _lines(label, sum(ABOUT_WIDTHS))
            if lines > 1:
                ws.set_row(r, _LINE_HEIGHT * min(lines, _MAX_LINES) + 3)
            ws.merge_range(r, 0, r, 1, label, styles.get("wrap"))
            continue
        label_format = styles.get("label", style) if style else styles.get("label")
        lines = max(_lines(str(value), ABOUT_WIDTHS[1]) if isinstance(value, str) else 1, _lines(label, ABOUT_WIDTHS[0]))
        if lines > 1:
            ws.set_row(r, _LINE_HEIGHT * min(lines, _MAX_LINES) + 3)
        ws.write_string(r, 0, label, label_format)
        if isinstance(value, dt.date):
            ws.write_datetime(r, 1, value, styles.get("date"))
        elif value is not None:
            guarded = "guard" if formula_like(pd.Series([value], dtype=object)).iloc[0] else None
            ws.write_string(r, 1, str(value), styles.get("wrap", guarded))
    _print_setup(ws, content, len(content.about), 2, ABOUT_WIDTHS, repeat_header=False)
    return ws


def _write_summary(workbook, content: WorkbookContent, styles: StyleBook):
    lang = content.lang
    name = L.sheet_name("summary", lang)
    ws = workbook.add_worksheet(name)
    for index, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(index, index, width)
    row = 0
    chart_row = 1
    for block in content.blocks:
        ws.write_string(row, 0, block.title, styles.get("heading"))
        row += 1
        for index, key in enumerate(("label", "count", "share")):
            ws.write_string(row, index, L.header(key, lang), styles.get("header"))
        first = row + 1
        for r, record in enumerate(block.frame.to_dict("records")):
            row += 1
            fill = block.fills[r] if r < len(block.fills) else None
            if _lines(record["label"], SUMMARY_WIDTHS[0]) > 1:
                ws.set_row(row, _LINE_HEIGHT * min(_lines(record["label"], SUMMARY_WIDTHS[0]), _MAX_LINES) + 3)
            ws.write_string(row, 0, record["label"], styles.get("wrap", f"status:{fill}" if fill else None))
            ws.write_number(row, 1, record["count"], styles.get("integer"))
            ws.write_number(row, 2, record["share"], styles.get("percent"))
        last = row
        if block.chart and last >= first:
            chart = workbook.add_chart({"type": block.chart})
            points = [{"fill": {"color": styles.modifiers[f"status:{f}"]["bg_color"]},
                       "border": {"color": "#404040"}} if f else {"fill": {"color": "#4472C4"}}
                      for f in block.fills]
            chart.add_series({
                "name": block.chart_title,
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
                "points": points,
                "data_labels": {"value": True},
                "gap": 60,
            })
            chart.set_title({"name": block.chart_title})
            chart.set_legend({"none": True})
            value_axis = {"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
            if block.chart == "bar":
                chart.set_x_axis(value_axis)
                chart.set_y_axis({"reverse": True})
            else:
                chart.set_y_axis(value_axis)
            height = max(15, len(block.frame)) * 20 + 80 if block.chart == "bar" else 320
            chart.set_size({"width": 620, "height": height})
            ws.insert_chart(chart_row, 5, chart)
            chart_row += int(height / 20) + 2
        row += 1
        ws.write_string(row, 0, L.book_text("total", lang), styles.get("total"))
        # the total is the number of commitments, the base of every share (a commitment may count twice
        # in a table by addressee or theme)
        ws.write_number(row, 1, block.total, styles.get("total"))
        row += 2
    ws.write_string(row, 0, L.book_text("overdue", lang), styles.get("heading"))
    row += 1
    for index, key in enumerate(("commitment_id", "deadline", "status", "reason")):
        ws.write_string(row, index, L.header(key, lang), styles.get("header"))
    if content.overdue.empty:
        row += 1
        ws.write_string(row, 0, L.book_text("none", lang), styles.get("text"))
    for r, record in enumerate(content.overdue.to_dict("records")):
        row += 1
        reason = _text(record["reason"]) or ""
        lines = max(_lines(reason, SUMMARY_WIDTHS[3]), _lines(record["commitment_id"], SUMMARY_WIDTHS[0]))
        if lines > 1:
            ws.set_row(row, _LINE_HEIGHT * min(lines, _MAX_LINES) + 3)
        ws.write_string(row, 0, record["commitment_id"], styles.get("wrap"))
        deadline = _as_date(record["deadline"]) if not _missing(record["deadline"]) else None
        if isinstance(deadline, dt.date):
            ws.write_datetime(row, 1, deadline, styles.get("date"))
        fill = content.overdue_fills[r]
        ws.write_string(row, 2, record["status"] or "", styles.get("wrap", f"status:{fill}" if fill else None))
        guarded = "guard" if reason.startswith(tuple("=+-@\t\r")) else None
        ws.write_string(row, 3, reason, styles.get("wrap", guarded))
    # the charts sit right of the tables, on screen only: the print holds the four columns of figures
    _print_setup(ws, content, row + 1, 4, SUMMARY_WIDTHS, repeat_header=False)
    return ws


BRIEF_WIDTHS = (30, 16, 10, 12)  # one A4 portrait page wide at 100 % (PAGE_UNITS)


class _BriefWriter:
    """Writes the brief row by row (xlsxwriter streams rows in order), one A4 page per series."""

    def __init__(self, ws, styles: StyleBook, lang: str):
        self.ws, self.styles, self.lang, self.row = ws, styles, lang, 0

    def height(self, *cells: tuple[str, float]) -> None:
        lines = max((_lines(text, width) for text, width in cells if text), default=1)
        if lines > 1:
            self.ws.set_row(self.row, _LINE_HEIGHT * min(lines, _MAX_LINES) + 3)

    def wide(self, text: str, style: str, first: int = 0) -> None:
        """Text across the columns from `first` to the last, wrapped."""
        self.height((text, sum(BRIEF_WIDTHS[first:])))
        if first == len(BRIEF_WIDTHS) - 1:
            self.ws.write_string(self.row, first, text, self.styles.get(style))
        else:
            self.ws.merge_range(self.row, first, self.row, len(BRIEF_WIDTHS) - 1, text, self.styles.get(style))

    def link(self, col: int, url: str | None, label: str, style: str = "wrap") -> None:
        if url:
            self.ws.write_url(self.row, col, url, self.styles.get("link"), string=label[:255])
        else:
            self.ws.write_string(self.row, col, label, self.styles.get(style))

    def next(self, rows: int = 1) -> None:
        self.row += rows


def _write_brief_series(w: _BriefWriter, brief: Brief, part, several: bool, sheet_names: dict[str, str]) -> None:
    lang, ws, styles = w.lang, w.ws, w.styles
    ws.write_string(w.row, 0, brief.title, styles.get("title"))
    w.next()
    as_of = L.text("brief:as_of", lang, date=L.long_date(brief.as_of, lang))
    w.wide(f"{part.label} · {as_of}" if several else as_of, "heading")
    w.next(2)
    adopted = L.text("brief:adopted", lang, date=L.long_date(part.adopted, lang)) if part.adopted else ""
    ws.write_string(w.row, 0, L.text("brief:in_force", lang), styles.get("label"))
    w.next()
    w.height((part.title or "", sum(BRIEF_WIDTHS[1:])))
    w.link(0, citation(part.resolution, lang).url if part.resolution else None, part.resolution or "—", "id")
    w.wide(f"{adopted}{L.book_text('colon', lang) if adopted and part.title else ''}{part.title or ''}", "wrap", 1)
    w.next()
    earlier = ", ".join(f"{r} ({day.year})" if day else r for r, day in part.predecessors) \
        or L.text("brief:no_predecessor", lang)
    w.height((L.text("brief:predecessors", lang), BRIEF_WIDTHS[0]), (earlier, sum(BRIEF_WIDTHS[1:])))
    ws.write_string(w.row, 0, L.text("brief:predecessors", lang), styles.get("wrap"))
    w.wide(earlier, "wrap", 1)
    w.next(2)
    for key, counts, total in (("brief:asked", part.asked, part.asked_total),
                               ("brief:council", part.council, part.council_total)):
        w.wide(L.text(key, lang, count=total), "small_heading")
        w.next()
        for count in counts:
            ws.write_string(w.row, 0, count.label, styles.get("wrap", f"status:{count.status}"))
            ws.write_number(w.row, 1, count.count, styles.get("integer"))
            w.next()
        w.next()
    total_overdue = len(part.overdue) + part.more_overdue
    w.wide(L.text("brief:overdue", lang, count=total_overdue), "small_heading")
    w.next()
    asks_sheet = sheet_names["asks"]
    if not part.overdue:
        w.wide(L.text("brief:overdue_none", lang), "wrap")
        w.next()
    else:
        for index, key in enumerate(("ask", "addressee_short", "deadline", "status")):
            ws.write_string(w.row, index, L.header(key, lang), styles.get("header"))
        w.next()
        for ask in part.overdue:
            text = f"{ask.paragraph} — {ask.text}"
            w.height((text, BRIEF_WIDTHS[0]), (ask.addressee, BRIEF_WIDTHS[1]))
            guarded = "guard" if text.startswith(tuple("=+-@")) else None
            ws.write_string(w.row, 0, text, styles.get("wrap", guarded))
            ws.write_string(w.row, 1, ask.addressee, styles.get("wrap"))
            ws.write_datetime(w.row, 2, ask.deadline, styles.get("date"))
            ws.write_string(w.row, 3, ask.status_label, styles.get("wrap", f"status:{ask.status}"))
            w.next()
        if part.more_overdue:
            w.wide(L.text("brief:more_overdue", lang, count=part.more_overdue, sheet=asks_sheet), "wrap")
            w.next()
    if part.earlier_overdue:
        w.wide(L.text("brief:earlier_overdue", lang, count=part.earlier_overdue, sheet=asks_sheet), "wrap")
        w.next()
    w.next()
    w.wide(L.text("brief:indicators", lang), "small_heading")
    w.next()
    if not part.indicators:
        w.wide(L.text("brief:no_indicator", lang), "wrap")
        w.next()
        return
    for index, key in enumerate(("indicator", "value", "date", "confidence")):
        ws.write_string(w.row, index, L.header(key, lang), styles.get("header"))
    w.next()
    for item in part.indicators:
        value = item.value if item.value != "—" else L.text("brief:no_value", lang)
        w.height((item.name, BRIEF_WIDTHS[0]), (value, BRIEF_WIDTHS[1]), (item.confidence or "", BRIEF_WIDTHS[3]))
        ws.write_string(w.row, 0, item.name, styles.get("wrap"))
        ws.write_string(w.row, 1, value, styles.get("wrap"))
        if item.date:
            ws.write_datetime(w.row, 2, dt.date.fromisoformat(item.date), styles.get("date"))
        if item.confidence:
            ws.write_string(w.row, 3, item.confidence, styles.get("wrap"))
        w.next()
        if item.sources:
            # the source on a line of its own, across the value columns: Calc never wraps a hyperlink
            label = "; ".join(c.label for c in item.sources)
            url = next((c.url for c in item.sources if c.url), None)
            ws.write_string(w.row, 0, L.header("source_short", lang), styles.get("note_label"))
            if len(label) <= sum(BRIEF_WIDTHS[1:]) and url:
                ws.merge_range(w.row, 1, w.row, 3, "", styles.get("link"))
                ws.write_url(w.row, 1, url, styles.get("link"), string=label[:255])
            else:
                w.wide(label, "wrap", 1)
            w.next()


def _write_brief(workbook, content: WorkbookContent, styles: StyleBook):
    """The first sheet: one A4 portrait page per series (monitor.brief)."""
    lang = content.lang
    ws = workbook.add_worksheet(L.sheet_name("brief", lang))
    for index, width in enumerate(BRIEF_WIDTHS):
        ws.set_column(index, index, width)
    writer = _BriefWriter(ws, styles, lang)
    parts = content.brief.series if content.brief else []
    breaks = []
    sheet_names = {key: L.sheet_name(key, lang) for key in ("asks",)}
    for index, part in enumerate(parts):
        if index:
            breaks.append(writer.row)
        _write_brief_series(writer, content.brief, part, len(parts) > 1, sheet_names)
        writer.next()
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.hide_gridlines(2)
    _print_setup(ws, content, writer.row, len(BRIEF_WIDTHS), BRIEF_WIDTHS, repeat_header=False,
                 orientation="portrait")
    return ws


MAX_PROPERTY = 255  # Excel's limit on a document property, in UTF-16 code units
ELLIPSIS = "…"
# custom properties that are lists: cut between items, so that each item left reads whole (import-workbook
# checks the resolutions one by one and skips the ellipsis)
PROPERTY_SEPARATORS = {"resolutions": "|"}


def _units(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def fit_property(value: str, separator: str | None = None, limit: int = MAX_PROPERTY) -> str:
    """A document property within Excel's limit: as it is when it fits, else cut and ended with an ellipsis
    (between whole items when the property is a list joined by `separator`)."""
    if _units(value) <= limit:
        return value
    if separator:
        kept = []
        for item in value.split(separator):
            if _units(separator.join([*kept, item, ELLIPSIS])) > limit:
                break
            kept.append(item)
        return separator.join([*kept, ELLIPSIS])
    cut = value[:limit - 1]
    while _units(cut) > limit - 1:  # a character outside the BMP takes two units
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def render_workbook(content: WorkbookContent, path: Path) -> Path:
    """Write the content as an xlsx file at path, through a temporary file in the same folder and a rename."""
    import xlsxwriter

    path = Path(path)
    # xlsxwriter's row files go to a scratch folder, removed in any case
    with atomic_target(path, suffix=".xlsx.tmp") as tmp, tempfile.TemporaryDirectory(prefix="monitor-xlsx-") as scratch:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True,  # rows are streamed to disk: memory stays flat at 300,000 rows
            "strings_to_formulas": False,  # text is never a formula ...
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": scratch,
        })
        styles = StyleBook(workbook, content.statuses, content.lang)
        styles.modifiers.update(change_modifiers())
        workbook.set_properties({k: fit_property(v) if isinstance(v, str) else v for k, v in content.properties.items()})
        for name, value in content.custom.items():
            workbook.set_custom_property(name, fit_property(str(value), PROPERTY_SEPARATORS.get(name)), "text")
        brief = _write_brief(workbook, content, styles)
        _write_about(workbook, content, styles)
        _write_summary(workbook, content, styles)
        for table in content.tables:
            ws = _write_table(workbook, table, styles, content)
            if table.key == "assessments":
                _protect_assessments(ws, table, content)
        brief.activate()
        workbook.close()
    return path


def write_workbook(data: WorkspaceData, as_of: dt.date, path: Path, lang: str = "en") -> Path:
    """The workbook of the workspace as of a date, in English or French, written atomically to path."""
    return render_workbook(workbook_content(data, as_of, lang), Path(path))
