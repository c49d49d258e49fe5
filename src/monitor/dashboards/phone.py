"""A dashboard figure's phone layout: the same data, fitted to a 390 px screen.

plotly has no media queries: the dashboard carries this second layout of every figure and draws it when
the figure is narrower than NARROW px (see page.py). Titles, annotations and category labels are wrapped
or shortened, the legend goes under the plot, the margins shrink, the axes take fewer ticks and the minor
point labels that would collide are left to hover (placement.declutter).
"""

from __future__ import annotations

import math
import re
import textwrap

import plotly.graph_objects as go

from ..labels import text
from .placement import CHAR, TAGS, Frame, _labelled, annotation_boxes, declutter, lines, text_size

NARROW = 600  # px: a figure narrower than this is drawn in its phone layout
WIDTH = 350  # px: the figure's width on a 390 px screen, less the page's padding
TITLE, SUBTITLE, SOURCE, LEGEND = 15, 11, 9, 11  # font sizes in px
CATEGORY_CHARS = 17  # a category label's line on the phone, in characters (two lines at most)


def _wrap(value: str, chars: int, limit: int | None = None) -> str:
    """A plotly label re-wrapped to lines of `chars` characters (tags dropped), `limit` lines at most."""
    rows = [row for line in lines(value) for row in (textwrap.wrap(line, chars, break_on_hyphens=False) or [""])]
    if limit and len(rows) > limit:
        rows = rows[:limit]
        rows[-1] = rows[-1][:max(chars - 1, 1)].rstrip() + "…"
    return "<br>".join(rows)


def _chars(width: float, size: float) -> int:
    """How many characters of a `size` px font fit in `width` px."""
    return max(int(width / (size * CHAR)), 8)


def _height(label: str, size: float) -> float:
    """A label's height in px."""
    return text_size(label, size)[1]


def _axes(fig: go.Figure, letter: str) -> list[str]:
    """The layout's x or y axes by key, in their order ('xaxis', 'xaxis2', ...): a layout iterates its
    properties in an order that changes from one process to the next."""
    keys = [k for k in fig.layout if k.startswith(f"{letter}axis") and fig.layout[k] is not None]
    return sorted(keys, key=lambda k: int(k[len(letter) + 4:] or 1))


# --------------------------------------------------------------------------- pieces

def _title(fig: go.Figure) -> float:
    """Wrap the title and subtitle to the screen; their height in px."""
    title = fig.layout.title
    bold = [f"<b>{line}</b>" for line in _wrap(title.text or "", _chars(WIDTH - 30, TITLE * 1.12)).split("<br>")]
    title.update(text="<br>".join(bold), font={"size": TITLE}, x=0.02, xanchor="left", yref="container",
                 yanchor="top")
    height = _height(title.text, TITLE) + 8
    if title.subtitle and title.subtitle.text:
        title.subtitle.update(text=_wrap(title.subtitle.text, _chars(WIDTH - 12, SUBTITLE)), font={"size": SUBTITLE})
        height += _height(title.subtitle.text, SUBTITLE) + 6
    return height


def _columns(fig: go.Figure) -> int:
    """How many subplots stand side by side."""
    return max(len({tuple(fig.layout[k].domain or (0, 1)) for k in _axes(fig, "x") if not fig.layout[k].overlaying}), 1)


def _annotations(fig: go.Figure, plot_width: float) -> float:
    """Wrap every annotation to the room it has; the height the labels above the plot take, in px."""
    above = 0.0
    for note in fig.layout.annotations:
        if not note.text or note.name == "source":
            continue
        size = note.font.size if note.font and note.font.size else 12
        paper = note.xref in (None, "paper") or "domain" in str(note.xref)
        if paper and note.yanchor == "bottom" and size > 11:  # a subplot's title
            size = 11
            note.font.size = size
        room = plot_width / _columns(fig) if paper else plot_width * 0.55
        note.text = _wrap(note.text, _chars(room, size))
        if note.yref == "paper" and (note.y or 0) < 0.5 and note.yanchor == "top":
            note.update(yanchor="bottom")  # a label at the foot of the plot grows upwards, not into the ticks
        elif note.yref == "paper" and 0.9 <= (note.y or 0) < 1 and note.yanchor == "top" and not paper:
            note.update(y=1, yanchor="bottom")  # a line's label at the top leaves the plot to the latest values
    # labels raised above a subplot title stay above it once the title takes more lines
    titles = [n for n in fig.layout.annotations if n.name != "source" and n.yanchor == "bottom" and not n.yshift
              and n.xref in (None, "paper")]
    taller = max((_height(n.text, 11) - 11 * 1.25 for n in titles), default=0)
    for note in fig.layout.annotations:
        if note.yshift and note.yshift > 0:
            note.yshift += taller
        if note.yref == "paper" and (note.y or 0) >= 1 and note.yanchor in ("bottom", None):
            size = note.font.size if note.font and note.font.size else 12
            above = max(above, _height(note.text, size) + (note.yshift or 0) + 4)
    return above


def _axis_titles(fig: go.Figure, plot_width: float) -> float:
    """Wrap the axis titles to their axis (one title for subplots side by side); the extra height in px."""
    extra = 0.0
    side_by_side = _columns(fig) > 1
    for number, key in enumerate(_axes(fig, "x")):
        axis = fig.layout[key]
        if not (axis.title and axis.title.text):
            continue
        if side_by_side and number:
            axis.title.text = ""
            continue
        size = axis.title.font.size if axis.title.font and axis.title.font.size else 12
        room = plot_width / _columns(fig) if side_by_side else plot_width - 40
        axis.title.text = _wrap(axis.title.text, _chars(room, size))
        extra = max(extra, _height(axis.title.text, size) - size * 1.25)
    return extra


def _stack(fig: go.Figure, plot_height: float, axis_titles: float = 0.0) -> float:
    """Rows of subplots set apart enough for their wrapped titles; the plot height that needs, in px."""
    keys = sorted((k for k in _axes(fig, "y") if not fig.layout[k].overlaying and fig.layout[k].domain),
                  key=lambda k: -fig.layout[k].domain[1])
    rows = list(dict.fromkeys(tuple(fig.layout[k].domain) for k in keys))
    if len(rows) < 2:
        return plot_height
    titles = [n for n in fig.layout.annotations if n.name != "source" and n.yanchor == "bottom" and n.xref == "paper"]
    gap = 46 + axis_titles + max((_height(n.text, 11) for n in titles), default=0)
    sizes = [(high - low) * plot_height for low, high in rows]
    total = sum(sizes) + gap * (len(rows) - 1)
    top, domains = total, {}
    for (low, high), size in zip(rows, sizes):
        domains[(low, high)] = [max((top - size) / total, 0), top / total]
        top -= size + gap
    for key in keys:
        fig.layout[key].domain = domains[tuple(fig.layout[key].domain)]
    for note in titles:  # subplot titles follow their row
        for (low, high), (new_low, new_high) in domains.items():
            if abs((note.y or 0) - high) < 0.02 and note.yref == "paper":
                note.y = new_high
    return total


def _categories(fig: go.Figure) -> int:
    """Shorten the labels of every category axis to two short lines; how many lines were added."""
    added = 0
    for key in _axes(fig, "y"):
        axis = fig.layout[key]
        if axis.categoryarray is None or axis.tickmode == "array" or axis.showticklabels is False:
            continue
        values = list(axis.categoryarray)
        shortened = [_wrap(v, CATEGORY_CHARS, 2) for v in values]
        added += sum(s.count("<br>") for s in shortened) - sum(len(lines(v)) - 1 for v in values)
        axis.update(tickmode="array", tickvals=values, ticktext=shortened, tickfont={"size": 10})
    return max(added, 0)


def _label_margin(fig: go.Figure) -> float:
    """The left margin in px that the widest category label and its axis title take."""
    widest = 0.0
    for key in _axes(fig, "y"):
        axis = fig.layout[key]
        if axis.ticktext is not None and axis.showticklabels is not False and not axis.overlaying:
            size = axis.tickfont.size if axis.tickfont and axis.tickfont.size else 12
            widest = max([widest] + [text_size(t, size)[0] for t in axis.ticktext])
    return widest + 36 if widest else 0.0


def _x_ticks(fig: go.Figure, plot_width: float) -> float:
    """Fewer ticks on value axes, category labels turned upright when they do not fit; their height."""
    height = 0.0
    for key in _axes(fig, "x"):
        axis = fig.layout[key]
        low, high = axis.domain or (0, 1)
        room = plot_width * (high - low)
        labels = list(axis.categoryarray) if axis.categoryarray is not None else []
        if labels:
            size = axis.tickfont.size if axis.tickfont and axis.tickfont.size else 12
            widths = [text_size(label, size)[0] for label in labels]
            if sum(widths) + 6 * len(widths) > room:
                first = [lines(label)[0] for label in labels]  # the rest is on hover
                axis.update(tickangle=-90, tickmode="array", tickvals=labels, ticktext=first)
                if axis.showticklabels is not False:
                    height = max(height, max(text_size(f, size)[0] for f in first) - 20)
        elif axis.tickmode != "array":
            axis.nticks = max(2, int(room / 80))
    return height


def _legend(fig: go.Figure) -> float:
    """Wrap the legend's entries; the legend's height in px once set under the plot (0 without a legend)."""
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    groups = {}
    for trace in shown:
        groups.setdefault(trace.legendgroup or id(trace), trace)
    if fig.layout.showlegend is False or (len(fig.data) < 2 and fig.layout.showlegend is None):
        return 0.0
    for trace in fig.data:
        if trace.name:
            trace.name = _wrap(trace.name, _chars(WIDTH - 60, LEGEND))
    title = fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title else ""
    rows = sum(len(lines(t.name)) for t in groups.values())
    # a big marker (a tick, a star) makes its entry taller than its text
    marks = sum(max(min(_marker(t), 16) - 8, 0) for t in groups.values())  # plotly draws 16 px at most
    return rows * LEGEND * 1.9 + len(groups) * 4 + marks + (LEGEND * 2 if title else 0) + 12


def _marker(trace) -> float:
    """A trace's marker size in px (0 when it has none, or one per point)."""
    marker = getattr(trace, "marker", None)
    size = getattr(marker, "size", None)  # bars have no marker size
    size = size if isinstance(size, (int, float)) else 0
    return float(size)


def _source(fig: go.Figure) -> float:
    """Wrap the source line to the screen; its height in px."""
    for note in fig.layout.annotations:
        if note.name == "source":
            paragraph = " ".join(lines(note.text))  # the desktop's line breaks, undone
            note.update(text=_wrap(paragraph, _chars(WIDTH - 24, SOURCE * 1.08)), font={"size": SOURCE}, align="left")
            return _height(note.text, SOURCE)
    return 0.0


def _paragraph_map(fig: go.Figure) -> int:
    """Tiles in rows half as long, numbered by paragraph only; the number of rows."""
    axis = fig.layout.xaxis
    columns = len(axis.tickvals or ()) or 12
    half = math.ceil(columns / 2)
    old_labels = list(fig.layout.yaxis.ticktext or ())
    rows: dict[int, list[tuple[int, str]]] = {}
    for trace in fig.data:
        xs, ys = list(trace.x), list(trace.y)
        trace.x = [x % half for x in xs]
        trace.y = [2 * y + x // half for x, y in zip(xs, ys)]
        ids = [re.search(r"<b>(.*?)</b>", t).group(1) if re.search(r"<b>(.*?)</b>", t) else TAGS.sub("", t)
               for t in trace.text]
        trace.texttemplate = [f"<b>{i}</b>" for i in ids]
        trace.marker.size = int((WIDTH - 130) / half) - 4
        for x, y, i in zip(trace.x, trace.y, ids):
            rows.setdefault(y, []).append((x, i))
    count = (max(rows) + 1) if rows else 1
    labels = []
    for row in range(count):
        mine = [i for _, i in sorted(rows.get(row, []))]
        prefix = old_labels[row // 2].split(" ")[0] + " " if row // 2 < len(old_labels) and " " in old_labels[row // 2] else ""
        labels.append(f"{prefix}{mine[0]}–{mine[-1]}" if mine else "")
    lang = (fig.layout.meta or {}).get("lang", "en")
    axis.update(range=[-0.6, half - 0.4], tickvals=list(range(half)), ticktext=[str(i + 1) for i in range(half)],
                title={"text": text("axis_paragraph_column", lang, columns=half)})
    fig.layout.yaxis.update(range=[count - 0.4, -0.6], tickvals=list(range(count)), ticktext=labels,
                            tickfont={"size": 10})
    return count


def _keep_inside(fig: go.Figure) -> float:
    """Turn a line's label to the line's other side where it would run off the plot, and raise a label
    above the plot over the one it would cover; how much higher the highest now stands, in px."""
    frame = Frame(fig, WIDTH)
    for note in fig.layout.annotations:
        if not note.text or "domain" in str(note.xref) or note.xref in (None, "paper"):
            continue
        x = frame.x(note.x, note.xref)
        width = text_size(note.text, note.font.size if note.font and note.font.size else 12)[0]
        if x is None:
            continue
        if note.xanchor == "left" and x + width > WIDTH - frame.right:
            note.xanchor = "right"
        elif note.xanchor == "right" and x - width < frame.left:
            note.xanchor = "left"
    raised, placed = 0.0, []
    for note in fig.layout.annotations:
        if not note.text or note.yref != "paper" or (note.y or 0) < 1 or note.yanchor != "bottom" \
                or "domain" in str(note.xref) or note.xref in (None, "paper"):
            continue
        box = annotation_boxes(_only(fig, note), frame)
        if not box:
            continue
        left, top, right, bottom = box[0]
        added = 0.0
        for other in placed:
            if min(right, other[2]) > max(left, other[0]) and min(bottom, other[3]) > max(top, other[1]):
                shift = bottom - other[1] + 2
                added += shift
                top, bottom = top - shift, bottom - shift
        note.yshift = (note.yshift or 0) + added
        raised = max(raised, added)
        placed.append((left, top, right, bottom))
    return raised


def _only(fig: go.Figure, note) -> go.Figure:
    """A figure with the layout of `fig` and one annotation, to measure it alone."""
    alone = go.Figure(layout=fig.layout)
    alone.layout.annotations = [note]
    return alone


# --------------------------------------------------------------------------- the whole figure

def phone_figure(fig: go.Figure) -> go.Figure:
    """A copy of a dashboard figure laid out for a phone screen."""
    phone = go.Figure(fig)
    old = phone.layout.margin
    plot_height = (phone.layout.height or 450) - (old.t or 0) - (old.b or 0)
    second_y = any(phone.layout[k].overlaying for k in _axes(phone, "y"))
    rows = _paragraph_map(phone) if (phone.layout.meta or {}).get("figure") == "paragraph_map" else 0
    if rows:
        plot_height = rows * ((WIDTH - 130) / math.ceil(len(phone.layout.xaxis.tickvals) or 12)) + 20
    added = _categories(phone)
    left, right = max(52, int(_label_margin(phone))), 48 if second_y else 12
    plot_width = WIDTH - left - right
    for trace in phone.data:
        if _labelled(trace):
            trace.text = [_wrap(t, 24) if t else t for t in trace.text]
    top = _title(phone) + _annotations(phone, plot_width) + 22
    titles = _axis_titles(phone, plot_width)
    plot_height = _stack(phone, plot_height + 11 * added, titles)
    axis_height = 58 + _x_ticks(phone, plot_width) + titles
    legend, source = _legend(phone), _source(phone)
    bottom = axis_height + legend + source + 18
    height = int(top + plot_height + bottom)
    phone.update_layout(height=height, margin={"l": left, "r": right, "t": int(top), "b": int(bottom)},
                        font={"size": 11}, title_y=1 - 22 / height)
    if legend:
        phone.update_layout(legend={"orientation": "v", "x": -(left - 6) / plot_width, "xanchor": "left",
                                    "yref": "container", "y": (source + 14) / height, "yanchor": "bottom",
                                    "font": {"size": LEGEND}})
    for note in phone.layout.annotations:
        if note.name == "source":
            note.update(x=0, xref="paper", y=0, yref="paper", yanchor="top", xanchor="left",
                        yshift=-(bottom - source - 6), xshift=-(left - 6))
    raised = _keep_inside(phone)
    if raised:  # the raised labels take room above the plot
        height += int(raised)
        phone.update_layout(height=height, margin_t=int(top + raised), title_y=1 - 22 / height)
        if legend:
            phone.layout.legend.y = (source + 14) / height
    for trace in phone.data:
        if trace.texttemplate is not None and rows == 0:
            trace.texttemplate = None  # the desktop's choice of labels; the phone makes its own
    return declutter(phone, WIDTH, minor=False)  # on a phone the values between first and latest are on hover
