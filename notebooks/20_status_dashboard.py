# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (monitor)
#     language: python
#     name: monitor
# ---

# %% [markdown]
# # Status dashboard
#
# This notebook draws the dashboard's figures for one as-of date and language: the status
# of every commitment by kind, addressee and theme; the paragraph map; the status at the
# end of each Council session; what changed between renewals; the workspace's indicators
# and milestones; and the reporting calendar. They are the same figures `monitor build` puts in
# the offline HTML file. It only reads: nothing is written.

# %% [markdown]
# The parameters: the as-of date (`None` is today), the language (`"en"` or `"fr"`),
# the workspace (`None` is this repository, or `$MONITOR_WORKSPACE`), and `public`: `True`
# shows what `monitor build --public` shows, every figure from the rows marked public only.

# %% tags=["parameters"]
as_of = None
lang = "en"
workspace = None
public = False

# %% [markdown]
# Load the workspace and compute every figure once: the status engine runs for the as-of
# date and for the end of each Council session since adoption.

# %%
from monitor.dashboards import (as_of_date, dashboard_figures, deadline_table, notebook_figures, show_figures,
                                summary_table)
from monitor.figure_plan import workspace_figures
from monitor.pipeline import load_workspace
from monitor.sensitivity import as_shared
from monitor.workspace import Workspace

data = as_shared(load_workspace(Workspace.locate(workspace)), public)
day = as_of_date(as_of)
figures = notebook_figures(dashboard_figures(data, day, lang))  # each with a static image beside it

# %% [markdown]
# ## Summary
# How many paragraphs stand at each status, and which deadlines are overdue: the dashboard's
# opening lines.

# %%
summary_table(data, day, lang)

# %% [markdown]
# The deadlines: overdue, due now, upcoming and met, and the paragraphs on which assessors disagree.

# %%
deadline_table(data, day, lang)

# %% [markdown]
# ## Status by kind, addressee and theme
# Colours and order come from the status vocabulary; each status also has its own fill
# pattern so a greyscale print still reads. Hover a bar for its paragraphs.

# %%
figures["status_overview"]

# %% [markdown]
# ## Paragraph map
# Every operative paragraph at a glance; hover a tile for its text and the reason for its status.

# %%
figures["paragraph_map"]

# %% [markdown]
# ## Status at the end of each Council session
# How the picture looked over time, with what is recorded today.

# %%
figures["status_history"]

# %% [markdown]
# ## What changed from one renewal to the next
# Each operative paragraph of a renewal compared with the previous text: kept, reworded,
# strengthened, weakened, new or dropped, overall and by theme.

# %%
figures["evolution"]

# %% [markdown]
# ## Indicators and milestones
# The figures the workspace file names, then one per other indicator, chosen by its type;
# the milestone timeline draws each scheduled date against the day it was announced.

# %%
show_figures(figures, workspace_figures(data));

# %% [markdown]
# ## Reporting calendar
# Council sessions, the reports and dialogues the resolutions ask for, and those delivered.

# %%
figures["reporting_calendar"]
