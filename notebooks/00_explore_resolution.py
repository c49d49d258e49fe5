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
# # Explore a resolution
#
# This notebook reads one resolution as published (by default **A/HRC/RES/46/28**, Mali,
# 24 March 2021) the way `monitor parse` does, and shows what the parser found: the
# resolution's metadata, every preambular and operative paragraph, the opening phrases
# and the references (document symbols, resolutions cited, dates, figures, deadlines).
# It only reads: nothing is written.

# %% [markdown]
# The parameters: which workspace (`None` is this repository, or `$MONITOR_WORKSPACE`),
# which raw file inside it, and the as-of date printed on the figure.

# %% tags=["parameters"]
workspace = None
resolution_file = "data/raw/a-hrc-res-46-28/A_HRC_RES_46_28-EN.md"
as_of = None

# %% [markdown]
# Locate the workspace first: its `data/reference/` vocabularies (openers, verbs, actors)
# are what the parser recognises, so a workspace's own additions count here too.

# %%
from monitor.dashboards import as_of_date, opener_counts, openers_figure
from monitor.parse import describe, paragraphs_frame, parse_path, references_frame
from monitor.workspace import Workspace

place = Workspace.locate(workspace)
resolution = parse_path(place.root / resolution_file, place.reference)

# %% [markdown]
# ## Metadata
# Symbol, title, session, adoption date, vote: what the monitor reads from the document
# itself, and checks against the file's `source.yml` when the workspace loads it.

# %%
describe(resolution)

# %% [markdown]
# ## Paragraphs
# One row per paragraph: `PP<n>` preambular, `OP<n>` operative. Each operative paragraph
# becomes a commitment, so this is the list the rest of the monitor tracks.

# %%
paragraphs = paragraphs_frame(resolution)
paragraphs[["paragraph_id", "kind", "opener", "lemma", "text"]]

# %% [markdown]
# ## Opening phrases
# The opening verb sets a paragraph's strength ("decides" > "urges" > "calls upon" >
# "encourages" > "welcomes"). Counting them shows at a glance how demanding the text is.

# %%
counts = opener_counts(paragraphs)
counts

# %% [markdown]
# The same counts drawn, preambular and operative apart.

# %%
openers_figure(counts, as_of_date(as_of), symbols=resolution.symbol)

# %% [markdown]
# ## References
# Document symbols, resolutions cited, dates, figures and deadlines found in the text:
# the deadlines ("at its forty-ninth session", "in the first quarter of 2022") are what the
# status engine later compares with the evidence.

# %%
references_frame(resolution, place.reference)
