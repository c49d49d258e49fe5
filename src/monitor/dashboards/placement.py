"""Where a figure's text lands on screen, estimated before plotly draws it, so that no two labels overlap.

plotly places the labels of scatter points (`mode="...text"`) where the points are and never moves them
apart: two nearby values print on top of each other. `declutter(fig, width)` estimates every label's box
from the axis ranges, the margins and the font size, keeps the labels that carry the message (a series'
latest and first value, the baseline) and drops a minor label that would overlap one kept before it:
its value stays on hover (`texttemplate` blanks the label, not the point's text).
"""

from __future__ import annotations

import datetime as dt
import re

import plotly.graph_objects as go

CHAR = 0.62  # a character's width, as a share of the font size (DejaVu Sans, digits and lower case)
LINE = 1.25  # a line's height, as a share of the font size
GAP = 2  # px kept free around each label
TAGS = re.compile(r"<[^>]+>")
DEFAULT_WIDTH = 1150  # px: a figure's width in the dashboard on a desktop screen (and in the 1200 px images)


# --------------------------------------------------------------------------- text sizes

def lines(label: str) -> list[str]:
    """The lines of a plotly label, tags removed."""
    return [TAGS.sub("", line) for line in re.split(r"<br\s*/?>", str(label or ""))]


def text_size(label: str, size: float) -> tuple[float, float]:
    """Width and height in px of a label in a font of `size` px."""
    rows = lines(label)
    return max((len(r) for r in rows), default=0) * size * CHAR, len(rows) * size * LINE


# --------------------------------------------------------------------------- axes

def _number(value) -> float | None:
    """An axis value as a number: dates as days, numbers as themselves, categories as None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return float(dt.date.fromisoformat(value.isoformat()[:10]).toordinal())
    try:
        return float(dt.date.fromisoformat(str(value)[:10]).toordinal())
    except ValueError:
        try:
            return float(str(value))
        except ValueError:
            return None


def _axis_key(ref: str | None, letter: str) -> str:
    """'x2' -> 'xaxis2', None or 'x' -> 'xaxis'."""
    ref = (ref or letter).split(" ")[0]
    return f"{letter}axis{ref[1:]}"


def _domain(fig: go.Figure, key: str) -> tuple[float, float]:
    """The share of the plot area an axis spans (an overlaying axis spans the one it overlays)."""
    axis = fig.layout[key]
    if axis.overlaying:
        return _domain(fig, _axis_key(axis.overlaying, key[0]))
    return tuple(axis.domain) if axis.domain else (0.0, 1.0)


def _matched(fig: go.Figure, key: str) -> set[str]:
    """The axis and those that match it (shared axes of subplots)."""
    ref = key[0] + key[5:]
    return {key} | {k for k in fig.layout if k.startswith(key[:5]) and fig.layout[k] is not None
                    and fig.layout[k].matches == ref}


def axis_range(fig: go.Figure, key: str) -> tuple[float, float] | None:
    """An axis' range as numbers: the one set, else the data's (and its shapes') with plotly's padding."""
    axis = fig.layout[key]
    if axis.matches:
        return axis_range(fig, _axis_key(axis.matches, key[0]))
    keys = _matched(fig, key)
    if axis.range is not None and None not in axis.range:
        low, high = (_number(v) for v in axis.range)
        return None if low is None or high is None else (min(low, high), max(low, high))
    letter = key[0]
    values = []
    for trace in fig.data:
        if _axis_key(getattr(trace, f"{letter}axis", None), letter) not in keys:
            continue
        values += [_number(v) for v in (getattr(trace, letter, None) or ())]
    for shape in fig.layout.shapes:
        if _axis_key(getattr(shape, f"{letter}ref", None), letter) in keys and "domain" not in str(shape[f"{letter}ref"]):
            values += [_number(shape[f"{letter}0"]), _number(shape[f"{letter}1"])]
    values = [v for v in values if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    if axis.rangemode == "tozero":
        low, high = min(low, 0.0), max(high, 0.0)
    pad = (high - low) * 0.06 or 1.0
    return low - (0 if axis.rangemode == "tozero" and low == 0 else pad), high + pad


class Frame:
    """A figure's plot area in px at a given width, to turn data values into screen positions."""

    def __init__(self, fig: go.Figure, width: float):
        margin = fig.layout.margin
        self.fig, self.width = fig, width
        self.height = fig.layout.height or 450
        self.left = (margin.l if margin.l is not None else 80) + (30 if _has_second_y(fig) else 0)
        self.right = (margin.r if margin.r is not None else 80) + (30 if _has_second_y(fig) else 0)
        self.top, self.bottom = (margin.t if margin.t is not None else 100), (margin.b if margin.b is not None else 80)
        self.ranges: dict[str, tuple[float, float] | None] = {}

    def _range(self, key: str):
        if key not in self.ranges:
            self.ranges[key] = axis_range(self.fig, key)
        return self.ranges[key]

    def x(self, value, ref: str | None = "x") -> float | None:
        """The px column of a value on an x axis ('x', 'x2', 'x domain', 'paper')."""
        span = self.width - self.left - self.right
        if ref == "paper":
            return self.left + float(value) * span
        key = _axis_key(ref, "x")
        low, high = _domain(self.fig, key)
        if ref and ref.endswith("domain"):
            return self.left + span * (low + float(value) * (high - low))
        limits, number = self._range(key), _number(value)
        if limits is None or number is None or limits[1] == limits[0]:
            return None
        return self.left + span * (low + (number - limits[0]) / (limits[1] - limits[0]) * (high - low))

    def y(self, value, ref: str | None = "y") -> float | None:
        """The px row (from the top) of a value on a y axis ('y', 'y2', 'y domain', 'paper')."""
        span = self.height - self.top - self.bottom
        if ref == "paper":
            return self.top + (1 - float(value)) * span
        key = _axis_key(ref, "y")
        low, high = _domain(self.fig, key)
        if ref and ref.endswith("domain"):
            return self.top + span * (1 - (low + float(value) * (high - low)))
        limits, number = self._range(key), _number(value)
        if limits is None or number is None or limits[1] == limits[0]:
            return None
        return self.top + span * (1 - (low + (number - limits[0]) / (limits[1] - limits[0]) * (high - low)))


def _has_second_y(fig: go.Figure) -> bool:
    """Whether the figure has a y axis on the right (it takes its own margin)."""
    return any(fig.layout[k].overlaying for k in fig.layout if k.startswith("yaxis") and fig.layout[k] is not None)


# --------------------------------------------------------------------------- boxes

def _overlap(a, b) -> bool:
    """Whether two (left, top, right, bottom) boxes overlap (touching is not overlapping)."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 0 and min(a[3], b[3]) - max(a[1], b[1]) > 0


def _label_box(x: float, y: float, label: str, size: float, position: str, radius: float):
    """(left, top, right, bottom) of a point's label placed at `position` ('top left', 'middle right', ...)."""
    width, height = text_size(label, size)
    vertical, _, horizontal = (position or "middle center").partition(" ")
    horizontal = horizontal or "center"
    left = {"left": x - radius - width, "right": x + radius}.get(horizontal, x - width / 2)
    top = {"top": y - radius - height, "bottom": y + radius}.get(vertical, y - height / 2)
    return left - GAP, top - GAP, left + width + GAP, top + height + GAP


def annotation_boxes(fig: go.Figure, frame: Frame) -> list[tuple]:
    """The boxes of the figure's annotations that sit on or next to the plot (not the source line)."""
    boxes = []
    for note in fig.layout.annotations:
        if not note.text or note.name == "source":
            continue
        x, y = frame.x(note.x if note.x is not None else 0.5, note.xref), frame.y(note.y if note.y is not None else 0.5, note.yref)
        if x is None or y is None:
            continue
        size = (note.font.size if note.font and note.font.size else 12)
        width, height = text_size(note.text, size)
        x += note.xshift or 0
        y -= note.yshift or 0
        left = {"left": x, "right": x - width}.get(note.xanchor or "center", x - width / 2)
        top = {"top": y, "bottom": y - height}.get(note.yanchor or "middle", y - height / 2)
        boxes.append((left, top, left + width, top + height))
    return boxes


def _labelled(trace) -> bool:
    """A scatter trace whose labels sit beside its points (labels centred on their own mark, tiles, are not)."""
    return isinstance(trace, go.Scatter) and "text" in (trace.mode or "") and trace.text is not None \
        and not isinstance(trace.text, str) and trace.visible in (None, True) \
        and set(_positions(trace, 1)) != {"middle center"}


def _rank(trace, index: int, count: int) -> int:
    """0 for the baseline, 1 for a series' latest value, 2 for its first, 3 for the rest."""
    if (trace.meta or {}).get("series") == "baseline":
        return 0
    return 1 if index == count - 1 else 2 if index == 0 else 3


def _positions(trace, count: int) -> list[str]:
    position = trace.textposition
    return list(position) if isinstance(position, (list, tuple)) else [position or "middle center"] * count


def declutter(fig: go.Figure, width: float = DEFAULT_WIDTH, minor: bool = True) -> go.Figure:
    """Move a point's label to another side of it, or blank it when minor, where it would overlap another
    label or an annotation, or stand over the axes. Without `minor`, only the labels that carry the message
    (baseline, first and latest value of each series) are candidates."""
    frame = Frame(fig, width)
    kept = annotation_boxes(fig, frame)
    candidates = []
    for number, trace in enumerate(fig.data):
        if not _labelled(trace):
            continue
        labels = list(trace.text)
        count = len(labels)
        size = trace.textfont.size if trace.textfont and trace.textfont.size else 12
        radius = (trace.marker.size if trace.marker and isinstance(trace.marker.size, (int, float)) else 6) / 2
        positions = _positions(trace, count)
        xs, ys = list(trace.x or ()), list(trace.y or ())
        for index, label in enumerate(labels):
            if not label or index >= len(xs):
                continue
            x, y = frame.x(xs[index], trace.xaxis), frame.y(ys[index], trace.yaxis)
            if x is None or y is None:
                continue
            rank = _rank(trace, index, count)
            if rank == 3 and not minor:
                continue
            candidates.append((rank, number, -index if rank == 3 else index, index, x, y, label, size,
                               positions[index], radius))
    shown: dict[int, set[int]] = {}
    moved: dict[int, dict[int, str]] = {}
    for rank, number, _, index, x, y, label, size, position, radius in sorted(candidates, key=lambda c: c[:3]):
        boxes = [(p, _label_box(x, y, label, size, p, radius)) for p in _alternatives(position)]
        inside = [(p, b) for p, b in boxes if b[0] >= frame.left and b[2] <= width - frame.right / 2] or boxes[:1]
        free = [(p, b) for p, b in inside if not any(_overlap(b, other) for other in kept)]
        if not free and rank > 1:
            continue  # a minor value: its label is left to hover
        chosen, box = (free or inside)[0]  # a value that carries the message is shown, wherever it fits best
        if chosen != position:
            moved.setdefault(number, {})[index] = chosen
        kept.append(box)
        shown.setdefault(number, set()).add(index)
    for number, trace in enumerate(fig.data):
        if not _labelled(trace):
            continue
        visible = shown.get(number, set())
        if len(visible) < len([t for t in trace.text if t]):
            trace.texttemplate = ["%{text}" if i in visible else "" for i in range(len(trace.text))]
        if number in moved:
            positions = _positions(trace, len(trace.text))
            for index, position in moved[number].items():
                positions[index] = position
            trace.textposition = positions
    return fig


def _alternatives(position: str) -> list[str]:
    """A label's position, then the point's other side, then above or below instead, then both swapped."""
    vertical, _, horizontal = (position or "middle center").partition(" ")
    sides = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}
    options = [(vertical, horizontal), (vertical, sides.get(horizontal, horizontal)),
               (sides.get(vertical, vertical), horizontal),
               (sides.get(vertical, vertical), sides.get(horizontal, horizontal))]
    return list(dict.fromkeys(f"{v} {h}" for v, h in options))


def span_dates(fig: go.Figure, share: float = 0.04) -> go.Figure:
    """Set each date x axis left to autorange (points and lines only) to its data and lines, padded on both
    sides, so that no point sits on the edge and the last tick label stays clear of a right-hand axis."""
    for key in [k for k in fig.layout if k.startswith("xaxis") and fig.layout[k] is not None]:
        axis = fig.layout[key]
        keys = _matched(fig, key)
        traces = [t for t in fig.data if _axis_key(getattr(t, "xaxis", None), "x") in keys]
        points = (go.Scatter, go.Scattergl)  # a long series is drawn with WebGL, and padded the same
        if axis.type != "date" or axis.range is not None or axis.matches or any(not isinstance(t, points) for t in traces):
            continue
        limits = axis_range(fig, key)
        if limits is None:
            continue
        low, high = limits
        pad = max((high - low) * share, 20)
        axis.range = [dt.date.fromordinal(int(low - pad)).isoformat(), dt.date.fromordinal(int(high + pad)).isoformat()]
    return fig
