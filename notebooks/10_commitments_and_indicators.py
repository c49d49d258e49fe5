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
# # Commitments and indicators
#
# This notebook loads the whole workspace (every resolution, the analysts' corrections and
# the curated ledgers) and shows the tables the monitor works from: the commitments, the
# indicators that measure them, their latest observed values, and the observation ledger.
# It ends with how to record a new observation. It only reads: nothing is written.

# %% [markdown]
# The parameters: which workspace (`None` is this repository, or `$MONITOR_WORKSPACE`),
# the as-of date (`None` is today) for the latest values, and `public`: `True` shows only the
# rows marked public, as `monitor build --public` does.

# %% tags=["parameters"]
workspace = None
as_of = None
public = False

# %% [markdown]
# Load the workspace the way every `monitor` command does: raw texts are checked against
# their hashes, curated data against its schemas, so a bad row stops here, named.

# %%
from monitor.dashboards import as_of_date, dashboard_figures, schema_table, show_figures
from monitor.figure_plan import workspace_figures
from monitor.indicators import latest_values
from monitor.observations import OBSERVATION_SCHEMA
from monitor.pipeline import load_workspace
from monitor.readable import readable
from monitor.sensitivity import as_shared
from monitor.workspace import Workspace

data = as_shared(load_workspace(Workspace.locate(workspace)), public)
day = as_of_date(as_of)

# %% [markdown]
# ## Commitments
# One per operative paragraph: the opening verb and its strength, the kind (action,
# decision, reporting, position), the addressee, the themes and any deadline.
# `curated_fields` names what an analyst corrected.

# %%
readable(data.commitments, country_of=data.country_of)[
    ["commitment_id", "verb", "strength", "kind", "addressee", "themes", "deadline", "curated_fields"]]

# %% [markdown]
# ## Indicators
# What is measured, its unit and type, the baseline the resolution gives, and which
# commitments each indicator tracks.

# %%
data.curated.indicators[["indicator_id", "name_en", "unit", "type", "baseline_value", "baseline_date",
                         "target_value", "commitments"]]

# %% [markdown]
# ## Latest values
# Each indicator's latest observation up to the as-of date, with its source and confidence:
# the first thing to check before a report.

# %%
readable(latest_values(data.curated.indicators, data.curated.observations, day))

# %% [markdown]
# The indicators drawn: the figures `workspace.yml` names (its `dashboard.figures`), then one
# figure for every other indicator, chosen by its type (counts and stocks as lines against their
# baseline and target, flows and plans in panels that are never added up, percentages, yes/no,
# dates as announced). The same figures as in the dashboard.

# %%
figures = dashboard_figures(data, day)
show_figures(figures, workspace_figures(data));

# %% [markdown]
# ## The observation ledger
# Append-only: one row per value per source. Where sources disagree, both rows stay.

# %%
readable(data.curated.observations)

# %% [markdown]
# ## How to record an observation
# Never edit `data/curated/observations.csv` by hand: append through the command line,
# which checks the row against the columns below and refuses it, naming the problem,
# if anything is wrong. For example:
#
# ```sh
# .venv/bin/monitor record INDICATOR_ID 30000 --date 2022-12-31 --precision month \
#     --qualifier over --confidence secondary \
#     --source https://example.org/the-report-that-gives-it \
#     --note "what the source says, in its words"
# ```
#
# Many rows at once, from a spreadsheet (French headers and number formats are read too):
# `.venv/bin/monitor import-observations new-rows.csv`. Then `monitor validate`.

# %%
schema_table(OBSERVATION_SCHEMA)
