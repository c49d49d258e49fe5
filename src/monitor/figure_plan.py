"""Which figures a dashboard draws: the workspace file's list, else one per indicator chosen by its type."""

from __future__ import annotations

import pandas as pd

from .config import STATUS_FIGURES, DashboardConfig, FigureConfig

# The figure kind that draws an indicator of each type when the workspace file does not say.
KIND_OF_TYPE = {"count": "count", "stock": "count", "flow": "panels", "plan": "panels", "percent": "percent",
                "yesno": "yesno", "date": "date"}
# Event types the reporting calendar draws; a default milestone figure leaves them to it.
CALENDAR_EVENT_TYPES = ("report_presented", "dialogue_held", "mandate_renewed", "resolution_adopted")
DEFAULT_MILESTONES = "milestones"


def plan_figures(config: DashboardConfig, indicators: pd.DataFrame, events: pd.DataFrame,
                 event_type_order: list[str]) -> list[FigureConfig]:
    """The data figures in the dashboard's order (the status figures are not listed here).

    Figures the workspace file lists come first, in its order; every indicator no listed figure draws
    (and none hidden) then gets a default figure by its type; narrative indicators have no figure. A
    milestone figure of every event type recorded (bar the reporting calendar's) is added when the file
    lists none.
    """
    hidden = set(config.hide)
    planned = [f for f in (config.figures or ()) if f.figure_id not in hidden]
    drawn = {i for f in planned for i in (*f.indicators, *f.markers, *f.schedules)}
    types = dict(zip(indicators["indicator_id"], indicators["type"])) if not indicators.empty else {}
    taken = set(STATUS_FIGURES) | {f.figure_id for f in planned}
    for indicator_id, indicator_type in types.items():
        kind = KIND_OF_TYPE.get(indicator_type)
        if kind is None or indicator_id in drawn or indicator_id in hidden:
            continue
        figure_id = indicator_id if indicator_id not in taken else f"indicator-{indicator_id}"
        taken.add(figure_id)
        if kind == "date":
            planned.append(FigureConfig(figure_id, "date", schedules=(indicator_id,)))
        else:
            planned.append(FigureConfig(figure_id, kind, indicators=(indicator_id,)))
    if not any(f.kind == "milestones" for f in (config.figures or ())) and DEFAULT_MILESTONES not in hidden:
        recorded = set(events["type"]) if not events.empty else set()
        wanted = tuple(t for t in event_type_order if t in recorded and t not in CALENDAR_EVENT_TYPES
                       and t != "other" and t not in hidden)
        if wanted and DEFAULT_MILESTONES not in taken:
            planned.append(FigureConfig(DEFAULT_MILESTONES, "milestones", event_types=wanted))
    return planned


def figure_names(config: DashboardConfig, planned: list[FigureConfig]) -> list[str]:
    """Every figure's id in the dashboard's order: the status figures, the data figures, the calendar."""
    hidden = set(config.hide)
    head = [n for n in STATUS_FIGURES if n != "reporting_calendar" and n not in hidden]
    tail = ["reporting_calendar"] if "reporting_calendar" not in hidden else []
    return head + [f.figure_id for f in planned] + tail


def workspace_figures(data) -> list[FigureConfig]:
    """A loaded workspace's data figures (monitor.pipeline.WorkspaceData), in the dashboard's order."""
    from .vocab import load_vocabulary

    order = list(load_vocabulary("event_types", data.workspace.reference)["event_type"])
    return plan_figures(data.config.dashboard, data.curated.indicators, data.curated.events, order)
