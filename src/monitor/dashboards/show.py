"""Showing several figures from one notebook cell, in the dashboard's order."""

from __future__ import annotations


def show_figures(figures: dict, names) -> list[str]:
    """Display each named figure (a notebook draws only a cell's last value otherwise); returns the names shown."""
    from IPython.display import display  # the notebook's own display; only imported where one runs

    shown = []
    for name in names:
        name = getattr(name, "figure_id", name)
        if name in figures:
            display(figures[name])
            shown.append(name)
    return shown
