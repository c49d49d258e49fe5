"""monitor.figure_plan: one figure per indicator by its type, unless workspace.yml groups, orders or hides them."""

from __future__ import annotations

import pandas as pd

from monitor.config import DashboardConfig, FigureConfig
from monitor.figure_plan import figure_names, plan_figures

ORDER = ["report_presented", "mandate_renewed", "election_scheduled", "election_held", "referendum_held", "other"]


def indicators(*rows):
    return pd.DataFrame([{"indicator_id": i, "type": t} for i, t in rows], columns=["indicator_id", "type"])


def events(*types):
    return pd.DataFrame({"type": list(types)}, columns=["type"])


def test_by_default_one_figure_per_indicator_chosen_by_type():
    table = indicators(("killings", "count"), ("budget", "stock"), ("returns", "flow"), ("quota", "plan"),
                       ("share", "percent"), ("law", "yesno"), ("vote", "date"), ("notes", "narrative"))
    planned = plan_figures(DashboardConfig(), table, events("report_presented", "election_held", "other"), ORDER)
    assert [(f.figure_id, f.kind) for f in planned] == [
        ("killings", "count"), ("budget", "count"), ("returns", "panels"), ("quota", "panels"), ("share", "percent"),
        ("law", "yesno"), ("vote", "date"), ("milestones", "milestones")]
    assert planned[-1].event_types == ("election_held",), "reports go to the calendar, 'other' to no figure"
    assert planned[6].schedules == ("vote",)


def test_the_file_groups_orders_and_hides():
    config = DashboardConfig(figures=(
        FigureConfig("votes", "milestones", event_types=("election_held",), schedules=("vote",)),
        FigureConfig("counts", "count", indicators=("killings",), markers=("massacres",)),
    ), hide=("budget", "reporting_calendar", "evolution"))
    table = indicators(("killings", "count"), ("massacres", "count"), ("budget", "stock"), ("share", "percent"),
                       ("vote", "date"))
    planned = plan_figures(config, table, events("election_held", "referendum_held"), ORDER)
    assert [f.figure_id for f in planned] == ["votes", "counts", "share"], \
        "named figures first, in order; drawn or hidden indicators get no other; no default milestones"
    assert figure_names(config, planned) == ["status_overview", "paragraph_map", "status_history", "votes", "counts",
                                             "share"]


def test_a_figure_id_never_clashes_with_a_status_figure():
    planned = plan_figures(DashboardConfig(), indicators(("evolution", "count")), events(), ORDER)
    assert [f.figure_id for f in planned] == ["indicator-evolution"]


def test_no_events_no_milestones():
    assert plan_figures(DashboardConfig(), indicators(), events(), ORDER) == []
