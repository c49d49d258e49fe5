"""One function per figure: tables in, plotly figure out.

Every figure has a title, the as-of date as its subtitle, axis titles with units and a source
line under the plot. Status colours, order and labels come from the statuses vocabulary, and
each colour has a second cue (the vocabulary's fill pattern, a marker symbol or a text label)
so that a greyscale print still reads.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..dates import day_or_none
from ..indicator_series import is_summarised, period_word, thinned
from ..observations import QUALIFIER_SIGNS
from ..schemas import split_list
from ..vocab import load_vocabulary
from . import tables
from .placement import CHAR, declutter, span_dates
from ..labels import (change_fills, check_language, month_year, number, sdg_target_labels, separators, text,
                      unverified_sdg_targets, vocabulary_labels)

TEMPLATE = "plotly_white"
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}
PATTERN_SHAPES = ("", "/", "\\", "x", "-", "|", "+", ".")
# Colours for series that are not statuses (Okabe-Ito, readable by colour-blind readers).
SERIES = {"main": "#0072B2", "second": "#D55E00", "third": "#009E73", "other": "#999999",
          "accent": "#CC79A7", "dark": "#333333"}
DAY_MS = 86_400_000
# A trace with more points than this is drawn with WebGL (plotly's Scattergl): SVG makes DOM nodes for every
# marker and label, and at thousands of them the browser takes seconds to draw and to hover.
SVG_POINTS = 150


# --------------------------------------------------------------------------- shared pieces

def status_styles(lang: str, reference: Path | None = None) -> pd.DataFrame:
    """status_id, label, colour, pattern (a plotly fill shape) and text colour, in the vocabulary's order."""
    frame = load_vocabulary("statuses", reference)
    frame = frame.assign(_order=frame["order"].astype(int)).sort_values("_order", kind="stable")
    labels = vocabulary_labels("statuses", lang, reference)
    return pd.DataFrame({
        "status_id": frame["status_id"].to_list(),
        "label": [labels[s] for s in frame["status_id"]],
        "colour": frame["colour"].to_list(),
        "pattern": [p if p in PATTERN_SHAPES else "" for p in frame["pattern"].fillna("")],
        "text_colour": [_contrast(c) for c in frame["colour"]],
    })


def _contrast(colour: str) -> str:
    """Black or white, whichever reads better on the colour."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "#ffffff"


def _counted_bar(style: dict, group: str, categories: list, counts: list, paragraphs, show_legend: bool, *,
                 hovertemplate: str, meta: dict, size: int, horizontal: bool = False) -> go.Bar:
    """A bar of counts in a style's colour and pattern, its count written on it, its paragraphs on hover."""
    axes = {"orientation": "h", "y": categories, "x": counts} if horizontal else {"x": categories, "y": counts}
    return go.Bar(
        **axes, name=style["label"], legendgroup=group, showlegend=show_legend,
        text=counts, textposition="inside", insidetextanchor="middle",
        textfont={"color": style["text_colour"], "size": size},
        marker={"color": style["colour"], "line": {"color": "#ffffff", "width": 0.5}, "pattern": _pattern(style["pattern"])},
        customdata=[[_wrap(p, 80)] for p in paragraphs], hovertemplate=hovertemplate, meta=meta,
    )


def _pattern(shape: str) -> dict:
    return {"shape": shape, "fgcolor": "#000000", "fgopacity": 0.45, "size": 7, "solidity": 0.25,
            "fillmode": "overlay"}


def _finish(fig: go.Figure, name: str, title: str, as_of: dt.date, lang: str, source: str, height: int,
            bottom: int = 110, scope: str = "", top: int = 90) -> go.Figure:
    subtitle = text("as_of", lang, date=as_of.isoformat()) + (f" · {scope}" if scope else "")
    fig.update_layout(
        template=TEMPLATE, font=FONT, height=height, separators=separators(lang),
        title={"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 16},
               "subtitle": {"text": subtitle}},
        margin={"l": 70, "r": 30, "t": top, "b": bottom},
        meta={"figure": name, "as_of": as_of.isoformat(), "lang": lang},
        hoverlabel={"align": "left"},
    )
    if not fig.data:
        fig.add_annotation(text=text("no_data_recorded", lang), xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False, font={"size": 13, "color": "#777777"}, name="empty")
    source = "<br>".join(textwrap.wrap(source, 170))
    fig.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(bottom - 30), showarrow=False, font={"size": 10, "color": "#555555"},
                       name="source")
    span_dates(fig)
    return declutter(fig)


def _vline(fig: go.Figure, day: dt.date | str, label: str, colour: str = "#666666", dash: str = "dot",
           row: int | None = None, position: float = 1.0, anchor: str = "left", shift: int = 0) -> None:
    """A vertical line on a date axis with a label at its top (add_vline cannot label dates), `shift` px higher."""
    day = str(day)[:10]
    xref = "x" if row is None or row == 1 else f"x{row}"
    fig.add_shape(type="line", x0=day, x1=day, xref=xref, y0=0, y1=1, yref="paper",
                  line={"color": colour, "width": 1, "dash": dash})
    fig.add_annotation(x=day, xref=xref, y=position, yref="paper", text=label, showarrow=False,
                       xanchor=anchor, yanchor="bottom" if position >= 1 else "top", textangle=0, yshift=shift,
                       font={"size": 9, "color": colour}, bgcolor="rgba(255,255,255,0.7)")


def _wrap(value, width: int = 90) -> str:
    return "<br>".join(textwrap.wrap(str(value or ""), width)) if value else ""


def _date_axis(lang: str) -> dict:
    return {"type": "date", "tickformat": "%Y-%m", "hoverformat": "%Y-%m-%d",
            "title": {"text": text("axis_date", lang)}}


def _confidence_range(frame: pd.DataFrame, lang: str, reference: Path | None) -> str:
    if frame.empty:
        return "—"
    labels = vocabulary_labels("confidence", lang, reference)
    ranks = dict(zip(*[load_vocabulary("confidence", reference)[c] for c in ("confidence_id", "rank")]))
    present = sorted(set(frame["confidence"]), key=lambda c: int(ranks.get(c, 0)))
    names = [labels.get(c, c).lower() for c in present]
    return names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"


def _colon(lang: str) -> str:
    """': ', and in French ' : ' (French sets a space before the colon)."""
    return " : " if lang == "fr" else ": "


def _hover(lang: str) -> str:
    c = _colon(lang)
    return (f"%{{x|%Y-%m-%d}}{c}%{{text}}<br>{text('hover_source', lang)}{c}%{{customdata[0]}}"
            f"<br>{text('hover_confidence', lang)}{c}%{{customdata[1]}}<br>%{{customdata[2]}}<extra>%{{fullData.name}}</extra>")


def _custom(frame: pd.DataFrame, lang: str, reference: Path | None, flow: bool = False) -> list[list[str]]:
    """Source, confidence and note for each point's hover; a summarised point says what it stands for."""
    confidence = vocabulary_labels("confidence", lang, reference)
    rows = []
    for r in frame.to_dict("records"):
        note = r.get("note", "")
        summarised = r.get("summarised")
        if isinstance(summarised, (int, float)) and summarised > 1:
            chosen = bool(r.get("chosen", True))  # a yes/no tick has no other sources: it is its period's last
            key = "series_range" if not chosen else "series_sum" if flow else "series_latest"
            note = text(key, lang, count=number(summarised, lang), period=r["period"])
        rows.append([str(r["source"]), confidence.get(r["confidence"], r["confidence"]), _wrap(note, 70)])
    return rows


def _shown(value, qualifier: str, lang: str) -> str:
    return f"{QUALIFIER_SIGNS.get(qualifier, '')}{number(value, lang)}"


def _empty_note(fig: go.Figure, lang: str, row: int | None = None) -> None:
    suffix = "" if row in (None, 1) else str(row)
    fig.add_annotation(text=text("no_data_recorded", lang), xref=f"x{suffix} domain", yref=f"y{suffix} domain",
                       x=0.5, y=0.5, showarrow=False, font={"size": 11, "color": "#777777"})


# --------------------------------------------------------------------------- status

def status_overview_figure(status: pd.DataFrame, commitments: pd.DataFrame, as_of: dt.date, lang: str = "en",
                           reference: Path | None = None, scope: str = "",
                           actor_names: dict[str, str] | None = None) -> go.Figure:
    """Stacked bars of commitments per status: by resolution (when there are several), kind, addressee, theme,
    and SDG target (when a theme of the workspace serves one).

    actor_names: the addressees' labels, bound to their country (monitor.actors.actor_labels); an addressee
    may be '<actor>@<series>' where the workspace follows several countries.
    """
    styles = status_styles(lang, reference)
    axis_titles = {"resolution": "axis_resolution", "kind": "axis_kind", "addressee": "axis_addressee",
                   "theme": "axis_theme", "sdg_target": "axis_sdg_target"}
    dimensions = [("kind", "panel_kind", vocabulary_labels("kinds", lang, reference)),
                  ("addressee", "panel_addressee", actor_names or vocabulary_labels("actors", lang, reference)),
                  ("theme", "panel_theme", vocabulary_labels("themes", lang, reference))]
    if status["resolution_id"].nunique() > 1:
        dimensions.insert(0, ("resolution", "panel_resolution", {}))
    if "sdg_targets" in commitments.columns:
        shown = commitments.loc[commitments["commitment_id"].isin(set(status["commitment_id"])), "sdg_targets"]
        targets = {code for value in shown for code in split_list(value)}
        if targets:  # the panel's title says once what each bar's label would say: "(unverified)"
            key = "panel_sdg_target_unverified" if targets & unverified_sdg_targets(reference) else "panel_sdg_target"
            dimensions.append(("sdg_target", key, sdg_target_labels(lang, reference, marked=False)))
    counts = {d: tables.status_by(status, commitments, d, reference) for d, _, _ in dimensions}
    # a panel has room for three bars at least, so that its axis title (wrapped to its height) fits beside it
    sizes = [max(3, len(counts[d]["category"].cat.categories)) for d, _, _ in dimensions]
    height = 200 + 95 * len(dimensions) + 22 * sum(sizes)
    fig = make_subplots(rows=len(dimensions), cols=1, row_heights=sizes, vertical_spacing=90 / (height - 200),
                        subplot_titles=[text(key, lang) for _, key, _ in dimensions])
    for style in styles.to_dict("records"):
        shown = False
        for index, (dimension, _, names) in enumerate(dimensions, start=1):
            frame = counts[dimension]
            mine = frame[frame["status"] == style["status_id"]]
            if mine.empty:
                continue
            categories = [names.get(c, c) if c else text("no_addressee", lang) for c in mine["category"]]
            fig.add_trace(go.Bar(
                orientation="h", y=categories, x=mine["count"].to_list(), name=style["label"],
                legendgroup=style["status_id"], showlegend=not shown, text=mine["count"].to_list(),
                textposition="inside", insidetextanchor="middle",
                textfont={"color": style["text_colour"], "size": 10},
                marker={"color": style["colour"], "line": {"color": "#ffffff", "width": 0.5},
                        "pattern": _pattern(style["pattern"])},
                customdata=[[_wrap(p, 80)] for p in mine["paragraphs"]],
                hovertemplate=f"%{{y}}<br>{style['label']}{_colon(lang)}%{{x}}<br>{text('hover_paragraphs', lang)}"
                              f"{_colon(lang)}%{{customdata[0]}}<extra></extra>",
                meta={"status": style["status_id"], "dimension": dimension},
            ), row=index, col=1)
            shown = True
    for index, (dimension, _, names) in enumerate(dimensions, start=1):
        order = [names.get(c, c) if c else text("no_addressee", lang) for c in counts[dimension]["category"].cat.categories]
        title = _wrap(text(axis_titles[dimension], lang), int(22 * sizes[index - 1] / (10 * CHAR)))
        fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True, row=index, col=1,
                         tickfont={"size": 11}, title={"text": title, "font": {"size": 10}, "standoff": 4})
        fig.update_xaxes(title={"text": text("axis_commitments", lang), "font": {"size": 11}}, row=index, col=1)
    fig.update_layout(barmode="stack", legend={"traceorder": "normal", "title": {"text": text("hover_status", lang)}})
    return _finish(fig, "status_overview", text("title_status_overview", lang), as_of, lang,
                   text("source_status", lang), height, scope=scope)


def paragraph_map_figure(grid: pd.DataFrame, as_of: dt.date, lang: str = "en", reference: Path | None = None,
                         columns: int = 12, symbols: str = "") -> go.Figure:
    """A tile per operative paragraph, coloured and labelled by status, its text and reason on hover."""
    styles = status_styles(lang, reference)
    labels = dict(zip(styles["status_id"], styles["label"]))
    fig = go.Figure()
    for style in styles.to_dict("records"):
        mine = grid[grid["status"] == style["status_id"]]
        if mine.empty:
            continue
        label = "<br>".join(textwrap.wrap(style["label"], 13))
        fig.add_trace(go.Scatter(
            x=mine["column"].to_list(), y=mine["row"].to_list(), mode="markers+text", name=style["label"],
            marker={"symbol": "square", "size": 58, "color": style["colour"], "line": {"color": "#444444", "width": 1}},
            text=[f"<b>{p}</b><br><span style='font-size:8px'>{label}</span>" for p in mine["paragraph_id"]],
            textfont={"color": style["text_colour"], "size": 10}, textposition="middle center",
            customdata=[[r["resolution_id"], _wrap(r["text"]), _wrap(r["reason"]), _asks_hover(r.get("asks"), labels, lang),
                         _goals_hover(r, lang)]
                        for r in mine.to_dict("records")],
            hovertemplate=(f"<b>%{{customdata[0]}} %{{text}}</b><br>%{{customdata[1]}}<br><br>"
                           f"<b>{text('hover_reason', lang)}</b>{_colon(lang)}%{{customdata[2]}}%{{customdata[3]}}"
                           "%{customdata[4]}<extra></extra>"),
            meta={"status": style["status_id"]},
        ))
    rows = int(grid["row"].max()) + 1 if not grid.empty else 1
    several = grid["resolution_id"].nunique() > 1
    row_labels = []
    for row in range(rows):
        mine = grid[grid["row"] == row]
        ids = mine["paragraph_id"].to_list()
        prefix = tables.short_id(mine["resolution_id"].iloc[0], "", several).strip() + " " if ids and several else ""
        row_labels.append(f"{prefix}{ids[0]}–{ids[-1]}" if ids else "")
    fig.update_xaxes(range=[-0.6, columns - 0.4], tickvals=list(range(columns)),
                     ticktext=[str(i + 1) for i in range(columns)], showgrid=False, zeroline=False,
                     title={"text": text("axis_paragraph_column", lang, columns=columns)})
    fig.update_yaxes(range=[rows - 0.4, -0.6], tickvals=list(range(rows)), ticktext=row_labels, showgrid=False,
                     zeroline=False, title={"text": text("axis_paragraph_row", lang)})
    fig.update_layout(legend={"title": {"text": text("hover_status", lang)}})
    return _finish(fig, "paragraph_map", text("title_paragraph_map", lang), as_of, lang,
                   text("source_paragraphs", lang, symbols=symbols), 230 + 70 * rows, scope=symbols)


def _goals_hover(tile: dict, lang: str) -> str:
    """A tile's SDG targets (codes: the labels are on the overview's panel) and its resolution's UNBIS subjects."""
    lines = []
    for key, label in (("sdg_targets", "hover_sdg_targets"), ("subjects", "hover_subjects")):
        values = tile.get(key)
        if isinstance(values, (list, tuple)) and values:
            lines.append(f"<b>{text(label, lang)}</b>{_colon(lang)}" + _wrap(", ".join(values), 80))
    return "".join(f"<br>{line}" for line in lines)


def _asks_hover(asks, labels: dict[str, str], lang: str) -> str:
    """The paragraph's asks for its tile's hover: one line each, addressee, what is asked and status."""
    if not isinstance(asks, (list, tuple)) or not asks:
        return ""
    c = _colon(lang)
    lines = [f"{ask}{c}{addressee or '–'} · {what} · <b>{labels.get(status, status)}</b>"
             for ask, addressee, what, status in asks]
    return f"<br><br><b>{text('hover_asks', lang)}</b>{c.rstrip()}<br>" + "<br>".join(lines)


EARLIER = ("", "earlier")  # the key (pair, resolution) of a panel that adds up the earlier pairs or resolutions
# The status history's panels at most: the resolutions adopted last each in its own, the others added up in the
# first; one 190 px panel per resolution would make a page of 150 resolutions 28,000 px tall.
HISTORY_PANELS = 6


def recent_history(history: pd.DataFrame, keep: int = HISTORY_PANELS) -> tuple[pd.DataFrame, int]:
    """The status history of the `keep` - 1 resolutions adopted last (the table's last), and the others' counts
    added up per point and status under the resolution EARLIER[1]; and how many were added up (0: none)."""
    resolutions = list(dict.fromkeys(history["resolution_id"]))
    if len(resolutions) <= keep:
        return history, 0
    older = resolutions[:len(resolutions) - keep + 1]
    mine = history[history["resolution_id"].isin(older)]
    summed = mine.groupby(["session", "date", "status"], sort=False, dropna=False, as_index=False)["count"].sum()
    summed = summed.assign(resolution_id=EARLIER[1], paragraphs="")
    rest = history[~history["resolution_id"].isin(older)]
    return pd.concat([summed.reindex(columns=history.columns), rest], ignore_index=True), len(older)


def status_history_figure(history: pd.DataFrame, as_of: dt.date, lang: str = "en",
                          reference: Path | None = None, scope: str = "") -> go.Figure:
    """Stacked bars: the status counts at the end of each Council session since adoption, one panel per resolution."""
    styles = status_styles(lang, reference)
    points = history[["session", "date"]].drop_duplicates().to_dict("records")

    def point_label(session, day) -> str:
        day = pd.Timestamp(day).date().isoformat()
        if session is None or pd.isna(session):
            return text("history_as_of", lang, date=day)
        return f"{text('session_short', lang, session=int(session))}<br>{day}"

    order = [point_label(p["session"], p["date"]) for p in points]
    history, earlier = recent_history(history)
    resolutions = list(dict.fromkeys(history["resolution_id"])) or [""]
    titles = [text("history_earlier", lang, count=earlier) if r == EARLIER[1] else r for r in resolutions]
    fig = make_subplots(rows=len(resolutions), cols=1, shared_xaxes=True, vertical_spacing=0.16 / len(resolutions),
                        subplot_titles=titles)
    for style in styles.to_dict("records"):
        shown = False
        for index, resolution_id in enumerate(resolutions, start=1):
            mine = history[(history["status"] == style["status_id"]) & (history["count"] > 0)
                           & (history["resolution_id"] == resolution_id)]
            if mine.empty:
                continue
            fig.add_trace(_counted_bar(
                style, style["status_id"], [point_label(s, d) for s, d in zip(mine["session"], mine["date"])],
                mine["count"].to_list(), mine["paragraphs"], not shown,
                hovertemplate=(f"{titles[index - 1]} · %{{x}}<br>{style['label']}{_colon(lang)}%{{y}}<br>"
                               f"{text('hover_paragraphs', lang)}{_colon(lang)}%{{customdata[0]}}<extra></extra>"),
                meta={"status": style["status_id"], "resolution_id": resolution_id}, size=9,
            ), row=index, col=1)
            shown = True
    for index in range(1, len(resolutions) + 1):
        fig.update_xaxes(categoryorder="array", categoryarray=order, tickfont={"size": 9}, row=index, col=1,
                         showticklabels=index == len(resolutions))
        fig.update_yaxes(title={"text": text("axis_paragraphs_short", lang), "font": {"size": 10}}, row=index, col=1)
    fig.update_xaxes(title={"text": text("axis_session_end", lang)}, row=len(resolutions), col=1)
    fig.update_layout(barmode="stack", legend={"title": {"text": text("hover_status", lang)}})
    source = f"{text('source_status', lang)}. {text('history_note', lang)}."
    return _finish(fig, "status_history", text("title_status_history", lang), as_of, lang, source,
                   260 + 190 * len(resolutions), bottom=150, scope=scope)


# --------------------------------------------------------------------------- across the years

def change_styles(lang: str) -> pd.DataFrame:
    """change, label, colour, pattern and text colour, in monitor.diff's order (kept, reworded, ... dropped)."""
    labels = vocabulary_labels("changes", check_language(lang))
    fills = change_fills()
    patterns = dict(zip(*[load_vocabulary("changes")[c] for c in ("change_id", "pattern")]))
    return pd.DataFrame({
        "change": list(fills),
        "label": [labels[c] for c in fills],
        "colour": list(fills.values()),
        "pattern": [patterns.get(c, "") for c in fills],
        "text_colour": [_contrast(colour) for colour in fills.values()],
    })


# The evolution figure's panels at most: the most recent pairs of texts each in its own, the earlier ones added
# up in the first; past a handful, a reader compares the latest renewals, not every one since the first.
EVOLUTION_PAIRS = 6
# Panels side by side in a row of the evolution figure: two keep each wide enough for its bars on a phone
# (phone.py draws the figure 350 px wide) and plotly's spacing between columns within its 1/(cols - 1) limit.
EVOLUTION_COLUMNS = 2


def recent_pairs(counts: pd.DataFrame, adopted: dict[str, dt.date] | None = None,
                 keep: int = EVOLUTION_PAIRS) -> pd.DataFrame:
    """The change counts of the `keep` most recent pairs (by the newer text's adoption, else their order),
    and the earlier pairs' counts added up per theme and change under the pair EARLIER."""
    pairs = list(dict.fromkeys(zip(counts["from_resolution"], counts["to_resolution"])))
    if len(pairs) <= keep:
        return counts
    if adopted:
        order = {pair: index for index, pair in enumerate(pairs)}
        pairs = sorted(pairs, key=lambda p: (adopted.get(p[1]) or dt.date.min, order[p]))
    earlier, recent = pairs[:len(pairs) - keep + 1], pairs[len(pairs) - keep + 1:]
    key = pd.Series(list(zip(counts["from_resolution"], counts["to_resolution"])), index=counts.index)
    old = counts[key.isin(earlier)]
    summed = old.groupby(["theme", "change"], sort=False, as_index=False)["count"].sum()
    summed = summed.assign(from_resolution=EARLIER[0], to_resolution=EARLIER[1], paragraphs="",
                           pairs=len(earlier))
    chosen = [counts[key == pair] for pair in recent]
    return pd.concat([summed, *chosen], ignore_index=True).reindex(columns=[*counts.columns, "pairs"])


def evolution_figure(counts: pd.DataFrame, as_of: dt.date, lang: str = "en", reference: Path | None = None,
                     scope: str = "", adopted: dict[str, dt.date] | None = None) -> go.Figure:
    """One panel per pair of consecutive texts: operative paragraphs per theme, stacked by what became of them.

    Panels wrap into rows of EVOLUTION_COLUMNS; past EVOLUTION_PAIRS pairs, the earlier ones are added up
    in the first panel (recent_pairs; `adopted`, each resolution's adoption date, decides which are recent).
    """
    styles = change_styles(lang)
    names = vocabulary_labels("themes", lang, reference)
    counts = recent_pairs(counts, adopted)
    earlier = int(counts["pairs"].dropna().iloc[0]) if "pairs" in counts.columns and counts["pairs"].notna().any() else 0
    pairs = list(dict.fromkeys(zip(counts["from_resolution"], counts["to_resolution"]))) or [("", "")]

    def category(theme: str) -> str:
        if theme == tables.ALL_THEMES:
            return "<br>".join(f"<b>{line}</b>" for line in textwrap.wrap(text("evolution_all", lang), 34))
        return "<br>".join(textwrap.wrap(names.get(theme, theme), 34, break_on_hyphens=False)) if theme \
            else text("no_theme", lang)

    def title(old: str, new: str) -> str:
        if (old, new) == EARLIER:
            return text("evolution_earlier", lang, count=earlier)
        return text("evolution_pair", lang, old=tables.short_id(old, "").strip(),
                    new=tables.short_id(new, "").strip()) if old else ""

    themes = list(dict.fromkeys(counts["theme"])) if not counts.empty else []
    order = [category(t) for t in themes]
    titles = [title(old, new) for old, new in pairs]
    columns = min(len(pairs), EVOLUTION_COLUMNS)
    rows = -(-len(pairs) // columns)
    panel = 30 * max(len(order), 1)  # px: a panel's height, a bar per theme
    gap = 70  # px between rows: the x axis' title and the next row's panel titles
    fig = make_subplots(rows=rows, cols=columns, shared_yaxes=True, horizontal_spacing=0.04,
                        vertical_spacing=gap / (rows * panel + (rows - 1) * gap) if rows > 1 else 0.0,
                        subplot_titles=titles)
    place = {pair: divmod(index, columns) for index, pair in enumerate(pairs)}
    for style in styles.to_dict("records"):
        shown = False
        for index, (old, new) in enumerate(pairs):
            mine = counts[(counts["from_resolution"] == old) & (counts["to_resolution"] == new)
                          & (counts["change"] == style["change"])]
            if mine.empty:
                continue
            pair = titles[index]
            paragraphs = mine["paragraphs"] if (old, new) != EARLIER else \
                [text("evolution_earlier_hover", lang, count=c) for c in mine["count"]]
            row, column = place[(old, new)]
            fig.add_trace(_counted_bar(
                style, style["change"], [category(t) for t in mine["theme"]], mine["count"].to_list(),
                paragraphs, not shown,
                hovertemplate=(f"{pair}<br>%{{y}}<br>{style['label']}{_colon(lang)}%{{x}}<br>"
                               f"{text('hover_paragraphs', lang)}{_colon(lang)}%{{customdata[0]}}<extra></extra>"),
                meta={"change": style["change"], "from_resolution": old, "to_resolution": new}, size=10,
                horizontal=True,
            ), row=row + 1, col=column + 1)
            shown = True
    first = 1 if pairs[0] == EARLIER else 0  # subplots' axes are numbered row by row: x, x2, x3 ...
    for index, (old, new) in enumerate(pairs):
        row, column = place[(old, new)]
        # one scale for every pair's panel, so that they compare at a glance; the summed panel has its own
        matches = None if index == first or (old, new) == EARLIER else "x" if first == 0 else "x2"
        fig.update_xaxes(title={"text": text("axis_operative_paragraphs", lang), "font": {"size": 11}},
                         rangemode="tozero", matches=matches, row=row + 1, col=column + 1)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True, tickfont={"size": 11})
    for row in range(1, rows + 1):
        fig.update_yaxes(title={"text": text("axis_theme", lang)}, row=row, col=1)
    fig.update_layout(barmode="stack", legend={"traceorder": "normal", "title": {"text": text("hover_change", lang)}},
                      uniformtext={"minsize": 8, "mode": "hide"})  # a bar too narrow for its count keeps its pattern
    height = 240 + rows * panel + (rows - 1) * gap + 60
    fig = _finish(fig, "evolution", text("title_evolution", lang), as_of, lang,
                  text("source_evolution", lang, symbols=scope), height, bottom=150, scope=scope)
    # the theme names take a wide left margin: the source line, which starts at the plot's left edge, is
    # wrapped narrower and set just under the axis titles so that its three lines fit
    for note in fig.layout.annotations:
        if note.name == "source":
            note.update(text="<br>".join(textwrap.wrap(text("source_evolution", lang, symbols=scope), 125)),
                        yshift=-62, align="left")
    return fig


# --------------------------------------------------------------------------- indicators

def _ranks(reference: Path | None) -> dict[str, int]:
    frame = load_vocabulary("confidence", reference)
    return dict(zip(frame["confidence_id"], frame["rank"].astype(int)))


def _series_traces(fig, series: pd.DataFrame, name: str, colour: str, lang: str, reference, row: int | None = None,
                   flow: bool = False):
    """The chosen value per date as a line; other sources' values as grey points; open markers when not exact.

    A long series is summarised per period first (indicator_series.thinned); a trace of more than SVG_POINTS
    points is drawn with WebGL, its latest value then labelled by a point of its own.
    """
    place = {"row": row, "col": 1} if row else {}
    if series.empty:
        return
    series = thinned(series, flow)
    chosen = series[series["chosen"]]
    many = len(chosen) > SVG_POINTS
    fig.add_trace((go.Scattergl if many else go.Scatter)(
        x=chosen["date"].to_list(), y=chosen["value"].to_list(), mode="lines+markers" if many else "lines+markers+text",
        name=name, line={"color": colour, "width": 2},
        marker={"size": 5 if many else 9, "color": colour, "line": {"width": 1 if many else 2},
                "symbol": ["circle" if q == "exact" else "circle-open" for q in chosen["qualifier"]]},
        text=[_shown(v, q, lang) for v, q in zip(chosen["value"], chosen["qualifier"])],
        **({} if many else {"textposition": "top left", "textfont": {"size": 10, "color": colour}}),
        customdata=_custom(chosen, lang, reference, flow), hovertemplate=_hover(lang), meta={"series": "chosen"},
    ), **place)
    if many:
        _latest_label(fig, chosen, name, colour, lang, reference, place)
    others = series[~series["chosen"]]
    if not others.empty:
        fig.add_trace((go.Scattergl if len(others) > SVG_POINTS else go.Scatter)(
            x=others["date"].to_list(), y=others["value"].to_list(), mode="markers",
            name=text("other_sources", lang, name=name),
            marker={"size": 8 if len(others) <= SVG_POINTS else 5, "color": SERIES["other"],
                    "symbol": ["square" if q == "exact" else "square-open" for q in others["qualifier"]]},
            text=[_shown(v, q, lang) for v, q in zip(others["value"], others["qualifier"])],
            customdata=_custom(others, lang, reference), hovertemplate=_hover(lang), meta={"series": "other"},
        ), **place)


def _latest_label(fig, chosen: pd.DataFrame, name: str, colour: str, lang: str, reference, place: dict) -> None:
    """The latest value of a line drawn with WebGL, as a labelled SVG point over it (WebGL draws no labels
    that the page can place apart from the others)."""
    last = chosen.tail(1)
    value = _shown(last["value"].iloc[0], last["qualifier"].iloc[0], lang)
    fig.add_trace(go.Scatter(
        x=last["date"].to_list(), y=last["value"].to_list(), mode="markers+text", name=name, showlegend=False,
        marker={"size": 9, "color": colour}, text=[text("series_latest_label", lang, value=value)],
        textposition="top left", textfont={"size": 10, "color": colour},
        customdata=_custom(last, lang, reference), hovertemplate=_hover(lang), meta={"series": "latest"},
    ), **place)


def drawn_points(fig: go.Figure) -> int:
    """How many points a figure's traces draw (bars, markers and line vertices alike)."""
    return sum(len(trace.x) if trace.x is not None else len(trace.y or ()) for trace in fig.data)


def summarised_note(series: list[pd.DataFrame], lang: str) -> str:
    """'' or, when some of a figure's series (numeric_series tables) are summarised per period to be drawn,
    a sentence saying how many observations and per which period, for its source line."""
    count, words = 0, []
    for frame in series:
        drawn = thinned(frame)
        if is_summarised(drawn):
            count += len(frame)
            words += [period_word(p) for p in drawn.loc[drawn["summarised"] > 1, "period"]]
    if not count:
        return ""
    return text("series_summarised_note", lang, count=number(count, lang), period=text(f"period:{words[-1]}", lang))


def _baseline(fig, indicator: dict, lang: str, colour: str, row: int | None = None) -> None:
    """The resolution's baseline: a dashed level line and a star on its date, labelled with value and month."""
    value, day = float(indicator["baseline_value"]), indicator["baseline_date"]
    label = text("baseline_label", lang, value=number(value, lang), month=month_year(day, lang),
                 source=indicator["baseline_source"])
    place = {"row": row, "col": 1} if row else {}
    fig.add_trace(go.Scatter(
        x=[day], y=[value], mode="markers+text", name=text("baseline_trace", lang),
        marker={"symbol": "star", "size": 16, "color": "#ffffff", "line": {"color": colour, "width": 2}},
        text=[label], textposition="bottom right", textfont={"size": 10, "color": "#000000"},
        hovertemplate=f"{label}<extra></extra>", meta={"series": "baseline", "value": value, "date": day},
    ), **place)
    yref = "y" if not row or row == 1 else f"y{row}"
    xref = "x domain" if not row or row == 1 else f"x{row} domain"
    fig.add_shape(type="line", xref=xref, x0=0, x1=1, yref=yref, y0=value, y1=value,
                  line={"color": colour, "width": 1, "dash": "dash"}, name="baseline")


# --------------------------------------------------------------------------- the reporting calendar

def _changes(values) -> list[str]:
    """Each value as YYYY-MM-DD where it differs from the one before, else '' (labels only where a date moves)."""
    shown, previous = [], None
    for value in values:
        value = str(value)[:10]
        shown.append(value if value != previous else "")
        previous = value
    return shown


def reporting_calendar_figure(sessions: pd.DataFrame, items: pd.DataFrame, as_of: dt.date, lang: str = "en",
                              reference: Path | None = None, start: dt.date | None = None) -> go.Figure:
    """Council sessions as bars on a time line; reports, dialogues and renewals asked for and delivered."""
    rows = ["sessions", "renewals", "reports", "dialogues"]
    if (items["row"] == "other_reporting").any():
        rows.append("other_reporting")
    names = {r: text(f"row_{r}", lang) for r in rows}
    begin = start or (min(items["date"]) if not items.empty else as_of - dt.timedelta(days=365))
    horizon = max([as_of] + list(items["date"])) + dt.timedelta(days=100)
    shown = sessions[(sessions["end"] >= begin - dt.timedelta(days=31)) & (sessions["start"] <= horizon)]
    fig = go.Figure()
    for known in (True, False):
        mine = shown[shown["known"] == known]
        if mine.empty:
            continue
        fig.add_trace(go.Bar(
            orientation="h", y=[names["sessions"]] * len(mine),
            base=[d.isoformat() for d in mine["start"]],
            x=[((e - s).days + 1) * DAY_MS for s, e in zip(mine["start"], mine["end"])],
            name=text("session_known" if known else "session_estimated", lang),
            marker={"color": "#4d4d4d" if known else "#bdbdbd", "pattern": _pattern("" if known else "/"),
                    "line": {"color": "#000000", "width": 0.5}},
            text=[str(s) for s in mine["session"]], textposition="inside", insidetextanchor="middle",
            textfont={"size": 9, "color": "#ffffff" if known else "#000000"},
            customdata=[[text("session_short", lang, session=s), a.isoformat(), b.isoformat(), src or ""]
                        for s, a, b, src in zip(mine["session"], mine["start"], mine["end"], mine["source"])],
            hovertemplate=(f"%{{customdata[0]}}{_colon(lang)}%{{customdata[1]}} – %{{customdata[2]}}<br>"
                           f"{text('hover_source', lang)}{_colon(lang)}%{{customdata[3]}}<extra></extra>"),
            meta={"series": "sessions", "known": known},
        ))
    styles = {"asked_for": ("circle-open", 15, SERIES["second"]), "scheduled": ("square-open", 13, SERIES["accent"]),
              "delivered": ("circle", 12, SERIES["main"])}
    for state, (symbol, size, colour) in styles.items():
        mine = items[items["state"] == state]
        if mine.empty:
            continue
        label = text({"asked_for": "asked_for", "scheduled": "scheduled", "delivered": "delivered"}[state], lang)
        fig.add_trace(go.Scatter(
            x=[d.isoformat() for d in mine["date"]], y=[names.get(r, r) for r in mine["row"]], mode="markers+text",
            name=label, marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 2}},
            text=[str(t) if state == "asked_for" else "" for t in mine["label"]], textposition="top center",
            textfont={"size": 10, "color": colour},
            customdata=[[_wrap(d, 60), s, c] for d, s, c in zip(mine["detail"], mine["source"], mine["confidence"])],
            hovertemplate=(f"%{{x|%Y-%m-%d}} · {label}<br>%{{customdata[0]}}<br>{text('hover_source', lang)}"
                           f"{_colon(lang)}%{{customdata[1]}} (%{{customdata[2]}})<extra></extra>"),
            meta={"series": state},
        ))
    _vline(fig, as_of, text("as_of_line", lang, date=as_of.isoformat()), colour="#000000", position=1.0,
           anchor="right")
    fig.update_xaxes(type="date", tickformat="%Y-%m", hoverformat="%Y-%m-%d",
                     range=[(begin - dt.timedelta(days=45)).isoformat(), horizon.isoformat()],
                     title={"text": text("axis_date", lang)})
    fig.update_yaxes(categoryorder="array", categoryarray=[names[r] for r in rows][::-1],
                     title={"text": text("axis_calendar_rows", lang)}, automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.45,
                      legend={"orientation": "h", "y": -0.3, "x": 0, "yanchor": "top"})
    return _finish(fig, "reporting_calendar", text("title_calendar", lang), as_of, lang,
                   text("source_calendar", lang), 470, bottom=170)


# --------------------------------------------------------------------------- the resolution itself

def openers_figure(counts: pd.DataFrame, as_of: dt.date, lang: str = "en", symbols: str = "") -> go.Figure:
    """How many preambular and operative paragraphs open with each verb."""
    order = list(dict.fromkeys(counts["lemma"]))
    fig = go.Figure()
    for part, colour, shape in (("preambular", SERIES["other"], "."), ("operative", SERIES["main"], "")):
        mine = counts[counts["part"] == part]
        if mine.empty:
            continue
        fig.add_trace(go.Bar(
            orientation="h", y=mine["lemma"].to_list(), x=mine["count"].to_list(), name=text(f"part_{part}", lang),
            marker={"color": colour, "pattern": _pattern(shape)}, text=mine["count"].to_list(),
            textposition="inside", meta={"part": part},
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title={"text": text("axis_opener", lang)},
                     automargin=True, tickfont={"size": 11})
    fig.update_xaxes(title={"text": text("axis_paragraphs", lang)})
    fig.update_layout(barmode="stack")
    return _finish(fig, "openers", text("title_openers", lang), as_of, lang,
                   text("source_openers", lang, symbols=symbols), 220 + 20 * max(1, len(order)))
