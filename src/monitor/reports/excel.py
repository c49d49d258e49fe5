"""The Excel workbook: About, Summary, Commitments, Asks, Indicators, Observations, Timeline, Changes, Assessments, Issues.

`workbook_content` computes every sheet as tables of display values (pure: no files);
`render_workbook` writes them with xlsxwriter, which is 2-3x faster than openpyxl and keeps
every feature used here (fills, frozen panes, filters, list validation, protection, charts,
document properties). Only features that Excel and LibreOffice Calc both read are used: no
table styles, no sparklines, no dynamic formulas; every value is written computed.
`write_workbook` does both, atomically.
"""

from __future__ import annotations

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
from ..files import atomic_target, sha256_of
from ..pipeline import WorkspaceData
from ..provenance import stamp
from ..reasons import french as french_reason
from ..schemas import split_list
from ..figure_plan import workspace_figures
from ..milestones import SCHEDULE, milestones_known_on
from ..vocab import load_vocabulary
from .. import labels as L
from .styles import StyleBook, formula_like, text_colour_on

WORKBOOK_FORMAT = "1"  # the layout version; import keys on ids and header names, not positions
MAX_CELL_TEXT = 32767  # Excel's limit on the characters of a cell
EDITABLE_ASSESSMENT_COLUMNS = ("date", "assessor", "status", "rationale", "evidence")


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
    """'analyst: met (2024-12-31); un: in_progress (...)' with the assessors and statuses in words of lang."""
    if _missing(value) or v.lang == "en":
        return _text(value)
    shown = []
    for part in str(value).split("; "):
        found = _JUDGMENT.match(part)
        if not found:
            shown.append(part)
            continue
        who = L.text(f"reason:assessor_{found['assessor']}", "fr") if L.has(f"reason:assessor_{found['assessor']}") \
            else found["assessor"]
        shown.append(f"{L.book_text('assessment_by', 'fr')} {who} : "
                     f"{v.status.get(found['status'], found['status'])} ({found['date']})")
    return " ; ".join(shown)


def _word(prefix: str, value, lang: str):
    """A code shown in French (labels.csv `book:<prefix>_<value>`; `type_<value>` for indicator types); as is in English."""
    if lang == "en" or _missing(value):
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
        self.actor = _labels(load_vocabulary("actors", reference), "actor_id", lang, "name")
        self.confidence = _labels(load_vocabulary("confidence", reference), "confidence_id", lang)
        self.event_type = _labels(load_vocabulary("event_types", reference), "event_type", lang)
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


def _trends(observations: pd.DataFrame, lang: str) -> dict[str, str]:
    """up, down or unchanged between the last two numeric values of each indicator."""
    if observations.empty:
        return {}
    numbers = observations.assign(_value=pd.to_numeric(observations["value"], errors="coerce")).dropna(subset=["_value"])
    trends = {}
    for indicator_id, group in numbers.sort_values(["date", "recorded_at"]).groupby("indicator_id", sort=False):
        if len(group) < 2:
            continue
        before, last = group["_value"].iloc[-2], group["_value"].iloc[-1]
        trends[indicator_id] = L.book_text("up" if last > before else "down" if last < before else "unchanged", lang)
    return trends


def _indicators_table(data: WorkspaceData, observations: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    from ..indicators import latest_values

    indicators = data.curated.indicators
    latest = latest_values(indicators, observations, as_of)
    trends = _trends(observations, v.lang)
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


def _observations_table(data: WorkspaceData, observations: pd.DataFrame, v: _Vocabularies) -> Table:
    indicators = data.curated.indicators
    names = dict(zip(indicators["indicator_id"], indicators.get(f"name_{v.lang}", indicators["name_en"])))
    columns = [
        Column("observation_id", "id", 11), Column("indicator_id", "id", 24), Column("name", "wrap", 30),
        Column("date", "date", 12, "date"), Column("date_end", "date", 12, "date"), Column("precision", "text", 10),
        Column("value", "number", 16, "auto"), Column("qualifier", "text", 10), Column("source", "wrap", 30),
        Column("source_date", "date", 12, "date"), Column("confidence", "text", 12), Column("note", "wrap", 50),
        Column("recorded_at", "text", 20), Column("recorded_by", "text", 16),
    ]
    frame = observations.reindex(columns=[c.key for c in columns if c.key != "name"]).copy()
    frame.insert(2, "name", frame["indicator_id"].map(names))
    frame["confidence"] = frame["confidence"].map(lambda c: v.confidence.get(c, c))
    for column in ("qualifier", "precision"):
        frame[column] = frame[column].map(lambda c, column=column: _word(column, c, v.lang))
    return Table("observations", frame.reset_index(drop=True), columns, freeze_columns=1)


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
    columns = [
        Column("from_resolution", "id", 17), Column("to_resolution", "id", 17), Column("from_paragraph", "id", 11),
        Column("to_paragraph", "id", 11), Column("change", "wrap", 16), Column("similarity", "number", 11, "number"),
        Column("reason", "wrap", 40),
        Column("from_opener", "wrap", 18), Column("to_opener", "wrap", 18), Column("removed", "wrap", 48),
        Column("added", "wrap", 48), Column("themes", "wrap", 28),
    ]
    return Table("changes", frame, columns, freeze_columns=4, fills={"change": list(changes["change"])},
                 fill_family={"change": "change"})


def _assessments_table(data: WorkspaceData, status: pd.DataFrame, as_of: dt.date, v: _Vocabularies) -> Table:
    """Recorded assessments (locked) and, after each commitment's, an empty row to fill in."""
    ledger = _as_of_filter(data.curated.assessments, as_of)
    by_commitment: dict[str, list[dict]] = {}
    for row in ledger.sort_values(["date", "recorded_at"]).to_dict("records") if not ledger.empty else []:
        by_commitment.setdefault(row["commitment_id"], []).append(row)
    current = dict(zip(status["commitment_id"], status["status"]))
    rows, status_fill, current_fill, editable = [], [], [], []
    for commitment in data.commitments[["commitment_id", "paragraph_id", "opener"]].to_dict("records"):
        cid = commitment["commitment_id"]
        base = {"commitment_id": cid, "paragraph_id": commitment["paragraph_id"], "opener": commitment["opener"],
                "current_status": v.status.get(current.get(cid), current.get(cid))}
        for row in by_commitment.get(cid, []):
            rows.append({**base, "assessment_id": row["assessment_id"], "date": row["date"], "assessor": row["assessor"],
                         "status": v.status.get(row["status"], row["status"]), "rationale": row["rationale"],
                         "evidence": row["evidence"], "recorded_at": row["recorded_at"], "recorded_by": row["recorded_by"]})
            status_fill.append(row["status"])
            current_fill.append(current.get(cid))
            editable.append(False)
        rows.append({**base, "assessment_id": None, "date": as_of.isoformat(), "assessor": "analyst"})
        status_fill.append(None)
        current_fill.append(current.get(cid))
        editable.append(True)
    columns = [
        Column("assessment_id", "id", 12), Column("commitment_id", "id", 22), Column("paragraph_id", "id", 10),
        Column("opener", "wrap", 18), Column("current_status", "wrap", 16), Column("date", "date", 12, "date"),
        Column("assessor", "text", 18), Column("status", "wrap", 18), Column("rationale", "wrap", 50),
        Column("evidence", "wrap", 34), Column("recorded_at", "text", 20), Column("recorded_by", "text", 16),
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
    """The Summary's tables, one set per series, so that no country's asks are counted under another's."""
    lang = v.lang
    series = data.series if not data.series.empty else pd.DataFrame(
        {"resolution_id": data.commitments["resolution_id"].unique(), "series_id": "", "country": None})
    several = series["series_id"].nunique() > 1
    blocks: list[Block] = []
    for series_id, members in series.groupby("series_id", sort=False):
        commitments = data.commitments[data.commitments["resolution_id"].isin(set(members["resolution_id"]))]
        prefix = f"{_series_label(members, lang)}: " if several else ""
        blocks += _series_blocks(commitments, status, v, prefix, v.actors_for(data.series_country(series_id)))
    overdue = status[status["deadline_state"] == "overdue"]
    frame = pd.DataFrame({"commitment_id": overdue["commitment_id"], "deadline": overdue["deadline"],
                          "status": overdue["status"].map(lambda s: v.status.get(s, s)),
                          "reason": _reasons(overdue, lang)})
    return blocks, frame.reset_index(drop=True), list(overdue["status"])


def _series_label(members: pd.DataFrame, lang: str) -> str:
    """A series as a reader names it: its country, else its title."""
    first = members.iloc[0]
    country = first.get("country_fr") if lang == "fr" else first.get("country")
    if isinstance(country, str) and country:
        return country
    return str(first.get(f"series_title_{lang}") or first.get("series_title_en") or first["series_id"])


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
        rows.append((L.book_text("inputs", lang), f"{item['file']} (sha256 {item['sha256']})", None))
    rows += [
        (L.book_text("what", lang), L.book_text("what_text", lang), None),
        (L.book_text("how", lang), L.book_text("how_text", lang), None),
        (L.book_text("scope", lang), L.book_text("scope_text", lang), None),
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
        _observations_table(data, observations, v),
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
                           len(data.commitments))


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


def _print_setup(ws, repeat_header: bool) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&RPage &P / &N")
    if repeat_header:
        ws.repeat_rows(0)


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
                       "editable" if e else None)
            for g, f, e in zip(guard, fills, editable)]


def _write_table(workbook, table: Table, styles: StyleBook, lang: str):
    ws = workbook.add_worksheet(L.sheet_name(table.key, lang))
    frame, count = table.frame, len(table.frame)
    header = styles.get("header")
    for index, column in enumerate(table.columns):
        ws.set_column(index, index, column.width)
        ws.write_string(0, index, L.header(column.key, lang), header)
    ws.set_row(0, 30)
    writers, values, formats, blanks = [], [], [], []
    write = {str: ws.write_string, int: ws.write_number, float: ws.write_number,
             dt.date: ws.write_datetime, dt.datetime: ws.write_datetime}
    for column in table.columns:
        cells = _cells(frame[column.key], column.kind) if column.key in frame else [None] * count
        kind_style = column.style
        if column.kind == "date" or column.kind in ("number", "auto"):
            # text in a date or number column (a malformed value) keeps the text style
            styles_per_cell = [kind_style if not isinstance(c, str) else "wrap" for c in cells]
        else:
            styles_per_cell = None
        guard = formula_like(pd.Series(cells, dtype=object)).tolist() if count else []
        fills = table.fills.get(column.key)
        editable = table.editable.get(column.key, False)
        family = table.fill_family.get(column.key, "status")
        if styles_per_cell is None:
            formats.append(_column_formats(styles, kind_style, count, guard, fills, editable, family))
        else:
            per_style = {}
            for name in set(styles_per_cell):
                per_style[name] = _column_formats(styles, name, count, guard, fills, editable, family)
            formats.append([per_style[name][i] for i, name in enumerate(styles_per_cell)])
        writers.append([write.get(type(c), ws.write_string) if c is not None else None for c in cells])
        values.append(cells)
        blanks.append(editable if isinstance(editable, list) else [editable] * count)
    width = len(table.columns)
    heights = _row_heights(values, [c.width if c.style == "wrap" else None for c in table.columns], count)
    for r in range(count):
        row = r + 1
        if heights[r] > 1:
            ws.set_row(row, _LINE_HEIGHT * heights[r] + 3)
        for c in range(width):
            value = values[c][r]
            if value is None:
                if blanks[c][r]:
                    ws.write_blank(row, c, None, formats[c][r])
            else:
                writers[c][r](row, c, value, formats[c][r])
    ws.freeze_panes(1, table.freeze_columns)
    ws.autofilter(0, 0, max(count, 1), width - 1)
    _print_setup(ws, repeat_header=True)
    return ws


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
    ws.data_validation(1, assessor_col, last, assessor_col, {"validate": "list", "source": list(ASSESSORS)})
    date_col = keys.index("date")
    ws.data_validation(1, date_col, last, date_col, {
        "validate": "date", "criteria": "between", "minimum": dt.date(1990, 1, 1), "maximum": dt.date(2100, 12, 31)})
    ws.protect("", {"autofilter": True, "sort": False, "format_columns": True, "format_rows": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})


def _write_about(workbook, content: WorkbookContent, styles: StyleBook):
    ws = workbook.add_worksheet(L.sheet_name("about", content.lang))
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 110)
    for r, (label, value, style) in enumerate(content.about):
        if style in ("title", "heading"):
            ws.write_string(r, 0, label, styles.get(style))
            continue
        if style == "note":
            ws.write_string(r, 0, label, styles.get("text"))
            continue
        label_format = styles.get("label", style) if style else styles.get("label")
        lines = max(_lines(str(value), 110) if isinstance(value, str) else 1, _lines(label, 28))
        if lines > 1:
            ws.set_row(r, _LINE_HEIGHT * min(lines, _MAX_LINES) + 3)
        ws.write_string(r, 0, label, label_format)
        if isinstance(value, dt.date):
            ws.write_datetime(r, 1, value, styles.get("date"))
        elif value is not None:
            guarded = "guard" if formula_like(pd.Series([value], dtype=object)).iloc[0] else None
            ws.write_string(r, 1, str(value), styles.get("wrap", guarded))
    _print_setup(ws, repeat_header=False)
    return ws


def _write_summary(workbook, content: WorkbookContent, styles: StyleBook):
    lang = content.lang
    name = L.sheet_name("summary", lang)
    ws = workbook.add_worksheet(name)
    for index, width in enumerate((46, 12, 22, 60)):
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
            if _lines(record["label"], 46) > 1:
                ws.set_row(row, _LINE_HEIGHT * min(_lines(record["label"], 46), _MAX_LINES) + 3)
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
        if _lines(reason, 60) > 1:
            ws.set_row(row, _LINE_HEIGHT * min(_lines(reason, 60), _MAX_LINES) + 3)
        ws.write_string(row, 0, record["commitment_id"], styles.get("id"))
        deadline = _as_date(record["deadline"]) if not _missing(record["deadline"]) else None
        if isinstance(deadline, dt.date):
            ws.write_datetime(row, 1, deadline, styles.get("date"))
        fill = content.overdue_fills[r]
        ws.write_string(row, 2, record["status"] or "", styles.get("wrap", f"status:{fill}" if fill else None))
        guarded = "guard" if reason.startswith(tuple("=+-@\t\r")) else None
        ws.write_string(row, 3, reason, styles.get("wrap", guarded))
    _print_setup(ws, repeat_header=False)
    return ws


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
        workbook.set_properties(content.properties)
        for name, value in content.custom.items():
            workbook.set_custom_property(name, str(value), "text")
        about = _write_about(workbook, content, styles)
        _write_summary(workbook, content, styles)
        for table in content.tables:
            ws = _write_table(workbook, table, styles, content.lang)
            if table.key == "assessments":
                _protect_assessments(ws, table, content)
        about.activate()
        workbook.close()
    return path


def write_workbook(data: WorkspaceData, as_of: dt.date, path: Path, lang: str = "en") -> Path:
    """The workbook of the workspace as of a date, in English or French, written atomically to path."""
    return render_workbook(workbook_content(data, as_of, lang), Path(path))
