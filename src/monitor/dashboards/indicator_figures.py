"""Figures of indicators and milestones, drawn by kind from the workspace's data (no indicator known by id).

Every function takes a figure's spec (monitor.config.FigureConfig), the tables it draws and the
as-of date, and returns a plotly figure with a title, the as-of subtitle, titled axes and a source line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..config import FigureConfig
from ..dates import day_or_none
from ..milestones import SCHEDULE
from . import tables
from ..indicator_series import MAX_POINTS, period_of, period_word, thinned
from .figures import (DAY_MS, SERIES, SVG_POINTS, _baseline, _changes, _confidence_range, _custom, _date_axis,
                      _empty_note, _colon, _finish, _hover, _pattern, _ranks, _series_traces, _shown, _vline, _wrap,
                      summarised_note)
from ..labels import month_year, number, text, vocabulary_labels

# Okabe-Ito colours and marker shapes in turn, one per indicator or event type of a figure.
CYCLE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#333333", "#F0E442")
SYMBOLS = ("circle", "x", "star", "diamond", "square", "triangle-up", "hexagon", "pentagon", "cross", "bowtie")
YESNO_COLOURS = {"yes": "#1a9850", "no": "#d73027"}
PANEL_TITLE = 22  # px: a subplot title's height, which the lines' labels of stacked panels stand above


def _row(indicators: pd.DataFrame, indicator_id: str) -> dict:
    rows = indicators[indicators["indicator_id"] == indicator_id].to_dict("records") if not indicators.empty else []
    return rows[0] if rows else {"indicator_id": indicator_id, "name_en": indicator_id, "name_fr": indicator_id,
                                 "unit": "", "type": "", "baseline_value": "", "baseline_date": "",
                                 "baseline_source": "", "target_value": "", "target_date": "", "commitments": ""}


def _name(indicator: dict, lang: str) -> str:
    return indicator.get(f"name_{lang}") or indicator["name_en"]


def _title(spec: FigureConfig, lang: str, default: str) -> str:
    return spec.title.get(lang) or spec.title.get("en") or default


def _axis_title(indicator: dict, lang: str) -> str:
    kind = text(f"type_{indicator['type']}", lang) if indicator.get("type") else ""
    unit = indicator.get("unit") or ""
    return f"{unit} ({kind})" if unit and kind else unit or kind


def _number(value) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


def _target(fig: go.Figure, indicator: dict, lang: str, colour: str, row: int | None = None) -> None:
    """The indicator's target as a dotted level, labelled with its value and date."""
    value = _number(indicator.get("target_value") or "")
    if value is None:
        return
    when = f", {month_year(indicator['target_date'], lang)}" if day_or_none(indicator.get("target_date")) else ""
    yref = "y" if not row or row == 1 else f"y{row}"
    xref = "x domain" if not row or row == 1 else f"x{row} domain"
    label = text("target_label", lang, value=number(value, lang), when=when)
    fig.add_shape(type="line", xref=xref, x0=0, x1=1, yref=yref, y0=value, y1=value,
                  line={"color": colour, "width": 1.5, "dash": "dot"}, name="target")
    fig.add_annotation(xref=xref, x=0.01, yref=yref, y=value, xanchor="left", yanchor="bottom", showarrow=False,
                       text=label, font={"size": 10, "color": colour}, name="target")


def _context(fig: go.Figure, as_of: dt.date, lang: str, adoption, events, rules, commitment_ids, row=None) -> None:
    """The first resolution's adoption, the events that superseded the tracked paragraphs, and as-of."""
    if adoption:
        _vline(fig, adoption[1], text("adoption_line", lang, symbol=adoption[0]), row=row)
    if events is not None and rules is not None:
        for event in tables.superseding_events(rules, events, commitment_ids, as_of).to_dict("records"):
            _vline(fig, event["date"], text("event_line", lang, title=event["title"], date=event["date"]),
                   colour=SERIES["second"], dash="dash", position=0.06, row=row)
    _vline(fig, as_of, text("as_of_line", lang, date=as_of.isoformat()), colour="#000000", position=0.97,
           anchor="right", row=row)


def _source(frames: list[pd.DataFrame], lang: str, reference: Path | None, approximate: bool = False) -> str:
    used = pd.concat([f for f in frames if not f.empty]) if any(not f.empty for f in frames) else frames[0]
    line = text("source_observations", lang, sources=used["source"].nunique() if not used.empty else 0,
                confidence=_confidence_range(used, lang, reference))
    many = summarised_note([f for f in frames if not f.empty and "chosen" in f.columns], lang)
    return line + (f". {text('approximate_note', lang)}." if approximate else "") + (f". {many}." if many else "")


def _tracked(indicators: pd.DataFrame, ids) -> list[str]:
    found: list[str] = []
    for indicator_id in ids:
        found += [c for c in str(_row(indicators, indicator_id).get("commitments") or "").split("|") if c]
    return found


# --------------------------------------------------------------------------- counts and stocks

def _level_series(fig, ids, observations, indicators, as_of, lang, reference, rank) -> list[pd.DataFrame]:
    """Each indicator's values as a line in its own colour, with its baseline and target; the frames drawn."""
    frames = []
    for index, indicator_id in enumerate(ids):
        indicator = _row(indicators, indicator_id)
        colour = CYCLE[index % len(CYCLE)]
        series = tables.indicator_observations(observations, indicator_id, as_of, rank)
        frames.append(series)
        before = len(fig.data)
        _series_traces(fig, series, _name(indicator, lang), colour, lang, reference)
        for trace in fig.data[before:]:
            trace.meta = {**(trace.meta or {}), "indicator": indicator_id}
        if _number(indicator.get("baseline_value") or "") is not None and day_or_none(indicator.get("baseline_date")):
            _baseline(fig, indicator, lang, colour)
        _target(fig, indicator, lang, colour)
    return frames


def count_figure(spec: FigureConfig, observations: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date,
                 lang: str = "en", reference: Path | None = None, *, events: pd.DataFrame | None = None,
                 rules: pd.DataFrame | None = None, adoption: tuple[str, dt.date] | None = None,
                 confidence_rank: dict[str, int] | None = None) -> go.Figure:
    """Counts or stocks over time: the chosen value per date as a line, other sources' values as points,
    baseline and target marked; `markers` (other counts) as labelled points on a second axis."""
    rank = confidence_rank or _ranks(reference)
    fig = make_subplots(specs=[[{"secondary_y": bool(spec.markers)}]])
    frames = _level_series(fig, spec.indicators, observations, indicators, as_of, lang, reference, rank)
    for index, indicator_id in enumerate(spec.markers):
        indicator = _row(indicators, indicator_id)
        held = tables.indicator_observations(observations, indicator_id, as_of, rank)  # every source's value
        frames.append(held)
        if held.empty:
            continue
        held = thinned(held)
        colour = CYCLE[(len(spec.indicators) + index) % len(CYCLE)]
        unit = indicator.get("unit") or ""
        fig.add_trace((go.Scattergl if len(held) > SVG_POINTS else go.Scatter)(
            x=held["date"].to_list(), y=held["value"].to_list(), mode="markers+text", name=_name(indicator, lang),
            marker={"symbol": "diamond", "size": 12, "color": colour, "line": {"color": "#000000", "width": 1}},
            text=[text("marker_text", lang, value=_shown(v, q, lang), unit=unit)
                  for v, q in zip(held["value"], held["qualifier"])],
            textposition="top center", textfont={"size": 10, "color": colour}, customdata=_custom(held, lang, reference),
            hovertemplate=_hover(lang), meta={"series": "markers", "indicator": indicator_id},
        ), secondary_y=True)
    _context(fig, as_of, lang, adoption, events, rules, _tracked(indicators, spec.indicators))
    fig.update_xaxes(**_date_axis(lang))
    first = _row(indicators, spec.indicators[0]) if spec.indicators else {"type": "", "unit": ""}
    fig.update_yaxes(title={"text": _axis_title(first, lang)}, rangemode="tozero", secondary_y=False)
    if spec.markers:
        fig.update_yaxes(title={"text": _axis_title(_row(indicators, spec.markers[0]), lang)}, rangemode="tozero",
                         secondary_y=True, showgrid=False)
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"})
    names = [_name(_row(indicators, i), lang) for i in spec.indicators]
    return _finish(fig, spec.figure_id, _title(spec, lang, "; ".join(names)), as_of, lang,
                   _source(frames, lang, reference, approximate=True), 620, bottom=220)


def panels_figure(spec: FigureConfig, observations: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date,
                  lang: str = "en", reference: Path | None = None, *, adoption: tuple[str, dt.date] | None = None,
                  confidence_rank: dict[str, int] | None = None) -> go.Figure:
    """One panel per indicator, never added up: stocks and counts as lines, flows as one bar per batch,
    plans as open diamonds (what was announced, not achieved)."""
    rank = confidence_rank or _ranks(reference)
    rows = max(len(spec.indicators), 1)
    info = [_row(indicators, i) for i in spec.indicators]
    titles = [text("panel_title", lang, name=_name(i, lang), kind=text(f"panel_{i['type']}", lang))
              if f"panel_{i['type']}" in _PANEL_KEYS else _name(i, lang) for i in info]
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=min(0.1, 0.3 / rows),
                        subplot_titles=titles)
    frames = []
    for row, indicator in enumerate(info, start=1):
        indicator_id = indicator["indicator_id"]
        data = tables.indicator_observations(observations, indicator_id, as_of, rank)
        frames.append(data)
        colour = CYCLE[(row - 1) % len(CYCLE)]
        meta = {"indicator": indicator_id, "type": indicator["type"]}
        if data.empty:
            _empty_note(fig, lang, row)
        elif indicator["type"] == "flow":
            chosen = thinned(data, flow=True)
            chosen = chosen[chosen["chosen"]]
            fig.add_trace(go.Bar(
                x=chosen["date"].to_list(), y=chosen["value"].to_list(), width=[_bar_days(chosen) * DAY_MS] * len(chosen),
                name=_name(indicator, lang), marker={"color": colour, "pattern": _pattern("/")},
                text=[_shown(v, q, lang) for v, q in zip(chosen["value"], chosen["qualifier"])],
                textposition="outside" if len(chosen) <= SVG_POINTS else "none", textfont={"size": 10},
                customdata=_custom(chosen, lang, reference, flow=True),
                hovertemplate=_hover(lang), meta={**meta, "series": "flow"}, cliponaxis=False,
            ), row=row, col=1)
        elif indicator["type"] == "plan":
            data = thinned(data)
            many = len(data) > SVG_POINTS  # WebGL: no labels beside the points, no drawing outside the axes
            fig.add_trace((go.Scattergl if many else go.Scatter)(
                x=data["date"].to_list(), y=data["value"].to_list(), mode="markers" if many else "markers+text",
                name=_name(indicator, lang),
                marker={"symbol": "diamond-open", "size": 8 if many else 13, "color": colour, "line": {"width": 2}},
                text=[text("planned_text", lang, value=_shown(v, q, lang)) for v, q in zip(data["value"], data["qualifier"])],
                customdata=_custom(data, lang, reference), hovertemplate=_hover(lang), meta={**meta, "series": "plan"},
                **({} if many else {"cliponaxis": False, "textposition": "middle right",
                                    "textfont": {"size": 10, "color": colour}}),
            ), row=row, col=1)
        else:
            before = len(fig.data)
            _series_traces(fig, data, _name(indicator, lang), colour, lang, reference, row=row)
            for trace in fig.data[before:]:
                trace.meta = {**(trace.meta or {}), **meta}
        if indicator["type"] in ("count", "stock") and _number(indicator.get("baseline_value") or "") is not None \
                and day_or_none(indicator.get("baseline_date")):
            _baseline(fig, indicator, lang, colour, row=row)
        if indicator["type"] in ("count", "stock", "percent"):
            _target(fig, indicator, lang, colour, row=row)
        fig.update_yaxes(title={"text": _axis_title(indicator, lang), "font": {"size": 11}}, rangemode="tozero",
                         row=row, col=1)
        fig.update_xaxes(type="date", tickformat="%Y-%m", hoverformat="%Y-%m-%d", row=row, col=1, showticklabels=True)
    # the lines' labels stand above the first panel's title, one above the other, so that none covers another
    if adoption:
        _vline(fig, adoption[1], text("adoption_line", lang, symbol=adoption[0]), shift=PANEL_TITLE)
    _vline(fig, as_of, text("as_of_line", lang, date=as_of.isoformat()), colour="#000000", position=1.0,
           anchor="right", shift=PANEL_TITLE + 13)
    fig.update_xaxes(title={"text": text("axis_date", lang)}, row=rows, col=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.14, "x": 0, "yanchor": "top"}, bargap=0.1)
    default = "; ".join(_name(i, lang) for i in info)
    return _finish(fig, spec.figure_id, _title(spec, lang, default), as_of, lang,
                   _source(frames or [pd.DataFrame(columns=["source", "confidence"])], lang, reference),
                   260 + 170 * rows, bottom=170, top=90 + PANEL_TITLE + 13)


def _bar_days(chosen: pd.DataFrame) -> int:
    """A flow's bar width in days: 20 for a batch, a little less than its period when summarised."""
    words = [period_word(p) for p in chosen["period"]] if "period" in chosen.columns else []
    return {"week": 6, "month": 26, "quarter": 80, "year": 330}.get(words[-1] if words else "", 20)


_PANEL_KEYS = {"panel_count", "panel_stock", "panel_flow", "panel_plan", "panel_percent"}


def percent_figure(spec: FigureConfig, observations: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date,
                   lang: str = "en", reference: Path | None = None, *, adoption: tuple[str, dt.date] | None = None,
                   confidence_rank: dict[str, int] | None = None) -> go.Figure:
    """Shares in per cent (0 to 100) over time, baseline and target marked."""
    rank = confidence_rank or _ranks(reference)
    fig = go.Figure()
    frames = _level_series(fig, spec.indicators, observations, indicators, as_of, lang, reference, rank)
    _context(fig, as_of, lang, adoption, None, None, [])
    fig.update_xaxes(**_date_axis(lang))
    fig.update_yaxes(title={"text": text("axis_percent", lang)}, range=[0, 105], ticksuffix=" %")
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"})
    names = [_name(_row(indicators, i), lang) for i in spec.indicators]
    return _finish(fig, spec.figure_id, _title(spec, lang, "; ".join(names)), as_of, lang,
                   _source(frames, lang, reference), 520, bottom=200)


def yesno_figure(spec: FigureConfig, observations: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date,
                 lang: str = "en", reference: Path | None = None, *,
                 confidence_rank: dict[str, int] | None = None) -> go.Figure:
    """One band per yes/no indicator: each value recorded holds until the next, green yes and red no,
    hatched no; a point per observation with its source."""
    rank = confidence_rank or _ranks(reference)
    fig = go.Figure()
    names, frames = [], []
    labels = {"yes": text("yes", lang), "no": text("no", lang)}
    shown = set()
    for indicator_id in spec.indicators:
        indicator = _row(indicators, indicator_id)
        target = str(indicator.get("target_value") or "").lower()
        name = _name(indicator, lang) + (f" ({text('target_short', lang)}: {labels[target]})" if target in labels else "")
        name = _wrap(name, 40)
        names.append(name)
        mine = observations[observations["indicator_id"] == indicator_id] if not observations.empty else observations
        mine = mine[[(day_or_none(d) is not None and day_or_none(d) <= as_of) for d in mine["date"]]] \
            if not mine.empty else mine
        if mine.empty:
            continue
        mine = mine.assign(_rank=mine["confidence"].map(lambda c: rank.get(c, 0)), value=mine["value"].str.lower(),
                           date=mine["date"].str[:10])
        mine = mine.sort_values(["date", "_rank", "recorded_at"])
        chosen = mine[~mine.duplicated("date", keep="last")]
        frames.append(mine)
        ticks = mine
        if len(chosen) > MAX_POINTS:
            # many values: each period's last (what held at its end), and one band per run of the same value
            chosen, ticks = _yesno_per_period(mine, chosen)
        days = [day_or_none(d) for d in chosen["date"]] + [as_of]
        for value in ("yes", "no"):
            spans = [(days[i], days[i + 1]) for i, v in enumerate(chosen["value"]) if v == value and days[i + 1] >= days[i]]
            if not spans:
                continue
            fig.add_trace(go.Bar(
                orientation="h", y=[name] * len(spans), base=[s.isoformat() for s, _ in spans],
                x=[max((e - s).days, 1) * DAY_MS for s, e in spans], name=labels[value], legendgroup=value,
                showlegend=value not in shown,
                marker={"color": YESNO_COLOURS[value], "pattern": _pattern("x" if value == "no" else ""),
                        "line": {"color": "#ffffff", "width": 0.5}},
                hovertemplate=f"{name}{_colon(lang)}{labels[value]}<extra></extra>", meta={"series": "span", "value": value,
                                                                                 "indicator": indicator_id},
            ))
            shown.add(value)
        fig.add_trace((go.Scattergl if len(ticks) > SVG_POINTS else go.Scatter)(
            x=ticks["date"].to_list(), y=[name] * len(ticks), mode="markers", name=text("observation", lang),
            legendgroup="observation", showlegend="observation" not in shown,
            marker={"symbol": "line-ns-open", "size": 16, "color": "#000000", "line": {"width": 2}},
            text=[labels.get(v, v) for v in ticks["value"]], customdata=_custom(ticks, lang, reference),
            hovertemplate=_hover(lang), meta={"series": "observations", "indicator": indicator_id},
        ))
        shown.add("observation")
    _vline(fig, as_of, text("as_of_line", lang, date=as_of.isoformat()), colour="#000000", position=1.0,
           anchor="right")
    fig.update_xaxes(**_date_axis(lang))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], automargin=True,
                     title={"text": text("axis_indicator", lang)})
    fig.update_layout(barmode="overlay", bargap=0.35, legend={"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"})
    default = text("title_yesno", lang) if len(spec.indicators) > 1 else (names[0] if names else "")
    return _finish(fig, spec.figure_id, _title(spec, lang, default), as_of, lang,
                   _source(frames or [pd.DataFrame(columns=["source", "confidence"])], lang, reference),
                   300 + 60 * max(len(names), 1), bottom=180)  # room for the axis title beside one band


def _schedule_steps(mine: pd.DataFrame) -> pd.DataFrame:
    """A long schedule as its steps: each announcement that moves the date and the last one; past MAX_POINTS
    steps still, each period's last (the date as it stood at the period's end)."""
    moved = mine["scheduled_for"].astype(str) != mine["scheduled_for"].astype(str).shift()
    steps = mine[moved.to_numpy() | (mine.index == mine.index[-1])]
    period = period_of(steps["announced_on"].astype(str).str[:10])
    if period is None:
        return steps
    keys = pd.to_datetime(steps["announced_on"].astype(str).str[:10]).dt.to_period(period[0]).astype(str).to_numpy()
    return steps.assign(_period=keys).drop_duplicates("_period", keep="last").drop(columns="_period")


def _yesno_per_period(mine: pd.DataFrame, chosen: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A long yes/no series as runs: the value that held at each period's end, kept where it changes
    (the band), and each period's last value with how many observations it stands for (the ticks)."""
    code, _ = period_of(chosen["date"]) or ("W", "week")
    periods = pd.to_datetime(chosen["date"]).dt.to_period(code).astype(str).to_numpy()
    counts = mine.assign(_p=pd.to_datetime(mine["date"]).dt.to_period(code).astype(str)).groupby("_p").size()
    ends = chosen.assign(period=periods).drop_duplicates("period", keep="last")
    ticks = ends.assign(summarised=ends["period"].map(counts).to_numpy())
    runs = ends[ends["value"] != ends["value"].shift()]
    return runs, ticks


# --------------------------------------------------------------------------- milestones and dates

def milestones_figure(spec: FigureConfig, table: pd.DataFrame, indicators: pd.DataFrame,
                      deadline: dt.date | None, deadline_label: str, as_of: dt.date, lang: str = "en",
                      reference: Path | None = None) -> go.Figure:
    """Scheduled dates against the day they were announced; what took place on the diagonal; the deadline.

    `table` is monitor.milestones.milestone_table(...) as known on as_of. Each date indicator is a step
    line (a date that moves); each event type has its own mark, filled when it took place, open when
    only planned, dotted when cancelled: a referendum is never drawn as an election held.
    """
    types = vocabulary_labels("event_types", lang, reference)
    fig = go.Figure()
    schedules = table[table["type"] == SCHEDULE]
    for index, indicator_id in enumerate(spec.schedules):
        mine = schedules[schedules["indicator_id"] == indicator_id].sort_values(["announced_on", "date"])
        if mine.empty:
            continue
        if len(mine) > MAX_POINTS:
            mine = _schedule_steps(mine)
        colour = CYCLE[index % len(CYCLE)]
        fig.add_trace((go.Scattergl if len(mine) > SVG_POINTS else go.Scatter)(
            x=mine["announced_on"].astype(str).str[:10].to_list(), y=mine["scheduled_for"].astype(str).str[:10].to_list(),
            mode="lines+markers" + ("" if len(mine) > SVG_POINTS else "+text"), name=text("trace_schedule", lang, name=_name(_row(indicators, indicator_id), lang)),
            line={"shape": "hv", "color": colour, "dash": "solid" if index == 0 else "dash"},
            marker={"symbol": "circle" if index == 0 else "square", "size": 10, "color": colour},
            text=_changes(mine["scheduled_for"]),
            **({} if len(mine) > SVG_POINTS else {"cliponaxis": False, "textposition": "top right",
                                                  "textfont": {"size": 10, "color": colour}}),
            customdata=_custom(mine.assign(note=mine["title"]), lang, reference),
            hovertemplate=(f"%{{x|%Y-%m-%d}} → %{{y|%Y-%m-%d}}<br>{text('hover_source', lang)}{_colon(lang)}%{{customdata[0]}}"
                           f"<br>{text('hover_confidence', lang)}{_colon(lang)}%{{customdata[1]}}<br>%{{customdata[2]}}"
                           "<extra>%{fullData.name}</extra>"),
            meta={"series": "schedule", "indicator": indicator_id},
        ))
    happenings = table[table["type"] != SCHEDULE]
    for index, event_type in enumerate(spec.event_types):
        for state in ("occurred", "scheduled", "cancelled"):
            mine = happenings[(happenings["type"] == event_type) & (happenings["state"] == state)]
            if mine.empty:
                continue
            symbol = SYMBOLS[index % len(SYMBOLS)] + {"occurred": "", "scheduled": "-open", "cancelled": "-open-dot"}[state]
            days = mine["date"].astype(str).str[:10].to_list()
            announced = [str(a)[:10] if state == "scheduled" and day_or_none(a) else d
                         for a, d in zip(mine["announced_on"], days)]
            label = types.get(event_type, event_type) + ("" if state == "occurred" else f" ({text(f'state_{state}', lang)})")
            fig.add_trace(go.Scatter(
                x=announced, y=days, mode="markers", name=label,
                marker={"symbol": symbol, "size": 13, "color": CYCLE[index % len(CYCLE)],
                        "line": {"width": 1.5, "color": "#000000" if state == "occurred" else CYCLE[index % len(CYCLE)]}},
                text=[_wrap(t, 60) for t in mine["title"]], customdata=_custom(mine.assign(note=""), lang, reference),
                hovertemplate=(f"%{{y|%Y-%m-%d}}{_colon(lang)}%{{text}}<br>{text('hover_source', lang)}{_colon(lang)}"
                               f"%{{customdata[0]}}<br>{text('hover_confidence', lang)}{_colon(lang)}%{{customdata[1]}}"
                               "<extra>%{fullData.name}</extra>"),
                meta={"series": "event", "event_type": event_type, "state": state}, cliponaxis=False,
            ))
    days = [day_or_none(v) for v in list(table["date"]) + list(table["announced_on"]) + list(table["scheduled_for"])]
    days = [d for d in days if d] + [as_of] + ([deadline] if deadline else [])
    low, high = min(days) - dt.timedelta(days=90), max(days) + dt.timedelta(days=240)
    fig.add_trace(go.Scatter(
        x=[low.isoformat(), high.isoformat()], y=[low.isoformat(), high.isoformat()], mode="lines",
        name=text("trace_diagonal", lang), line={"color": "#aaaaaa", "dash": "dot", "width": 1}, hoverinfo="skip",
        meta={"series": "diagonal"},
    ))
    if deadline:
        fig.add_shape(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=deadline.isoformat(),
                      y1=deadline.isoformat(), line={"color": "#d73027", "width": 2, "dash": "dash"}, name="deadline")
        fig.add_annotation(xref="x domain", x=1.0, yref="y", y=deadline.isoformat(), xanchor="right", yanchor="bottom",
                           showarrow=False, font={"size": 10, "color": "#d73027"},
                           text=text("deadline_label", lang, paragraph=deadline_label, date=deadline.isoformat()),
                           name="deadline")
    _vline(fig, as_of, text("as_of_line", lang, date=as_of.isoformat()), colour="#000000", position=0.99,
           anchor="right")
    fig.update_xaxes(type="date", tickformat="%Y-%m", range=[low.isoformat(), high.isoformat()],
                     title={"text": text("axis_announced", lang)})
    fig.update_yaxes(type="date", tickformat="%Y-%m", range=[low.isoformat(), high.isoformat()],
                     title={"text": text("axis_scheduled", lang)})
    fig.update_layout(legend={"orientation": "h", "y": -0.16, "x": 0, "yanchor": "top"})
    named = [types.get(t, t) for t in spec.event_types] + [_name(_row(indicators, i), lang) for i in spec.schedules]
    default = text("title_milestones", lang, what=", ".join(named))
    return _finish(fig, spec.figure_id, _title(spec, lang, default), as_of, lang,
                   text("source_timeline", lang, sources=table["source"].nunique()), 700, bottom=190)
