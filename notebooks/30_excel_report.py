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
# # The deliverables: Excel report and exports
#
# This notebook builds the deliverables for an as-of date exactly as `monitor build` does:
# the datasets in `data/generated/` and, in the export folder, the Excel workbook, the CSV
# tables, the dashboard and the manifest with its provenance stamp. It then lists the files
# it wrote. **It writes files**: into `exports/<as-of>/` unless `out` names another folder.

# %% [markdown]
# The parameters: the as-of date (`None` is today), the export folder (`None` is
# `exports/<as-of>/` of the workspace, `exports/<as-of>-public/` for a public build), the
# workspace (`None` is this repository, or `$MONITOR_WORKSPACE`), and `public`: `True` builds
# from the rows marked public only, as `monitor build --public` does.

# %% tags=["parameters"]
as_of = None
out = None
workspace = None
public = False

# %% [markdown]
# Build everything through the same function as the command line, so the notebook and
# `monitor build` can never disagree. Every input is checked before the first write: if
# one is bad, the build stops here and nothing is written.

# %%
from monitor.build import build
from monitor.dashboards import as_of_date
from monitor.workspace import Workspace

result = build(Workspace.locate(workspace), as_of_date(as_of), out, public=public)

# %% [markdown]
# ## Files written
# The deliverables to send (the export folder), then the datasets for machines.

# %%
result.exported

# %% [markdown]
# The datasets in `data/generated/`: every table as CSV and JSON, for other tools.

# %%
result.generated
