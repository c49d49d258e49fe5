"""Plotted progress: one function per figure (tables in, plotly figure out), the offline HTML dashboard
and static images. Which figures are drawn is the workspace's data (monitor.figure_plan).

    figures = dashboard_figures(data, as_of, lang)          # figure id -> plotly figure
    write_dashboard(data, as_of, path, lang)                 # one self-contained HTML file
    write_images(figures, folder, fmt="png")                 # kaleido with the machine's Chromium
"""

from ..labels import LANGUAGES, text, vocabulary_labels
from .figures import (
    evolution_figure,
    openers_figure,
    paragraph_map_figure,
    reporting_calendar_figure,
    status_history_figure,
    status_overview_figure,
    status_styles,
)
from .images import find_browser, start_image_server, stop_image_server, write_images
from .indicator_figures import count_figure, milestones_figure, panels_figure, percent_figure, yesno_figure
from .show import WithImage, notebook_figures, show_figures
from .page import (
    dashboard_figures,
    deadline_table,
    render_dashboard,
    summary,
    summary_table,
    write_dashboard,
)
from .tables import (
    as_of_date,
    change_counts,
    indicator_observations,
    opener_counts,
    paragraph_changes,
    paragraph_grid,
    reporting_items,
    schema_table,
    session_table,
    status_by,
    status_counts,
    status_history,
    value_observations,
)

__all__ = [
    "LANGUAGES", "as_of_date", "change_counts", "count_figure", "dashboard_figures", "deadline_table", "evolution_figure",
    "find_browser", "indicator_observations", "milestones_figure", "opener_counts",
    "openers_figure", "panels_figure", "paragraph_changes", "paragraph_grid", "paragraph_map_figure",
    "percent_figure", "render_dashboard", "reporting_calendar_figure", "reporting_items",
    "schema_table", "session_table", "show_figures", "notebook_figures", "WithImage", "start_image_server", "status_by", "status_counts", "status_history",
    "status_history_figure", "status_overview_figure", "status_styles", "stop_image_server", "summary",
    "summary_table", "text", "value_observations", "vocabulary_labels", "write_dashboard", "write_images",
    "yesno_figure",
]
