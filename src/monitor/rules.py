"""Status rules: per commitment, what decides its status and what supersedes it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ledger import read_ledger
from .schemas import Column, Schema

RULES_FILE = "status_rules.csv"
RULE_KINDS = ("decision", "event", "indicator", "assessment", "position")
COMPARISONS = (">=", ">", "<=", "<", "==", "increase", "exists")

RULE_SCHEMA = Schema(
    "status_rules",
    (
        Column("commitment_id"),
        Column("rule", choices=RULE_KINDS, description=(
            "decision: met on adoption; event: met when an event of event_type linked to the commitment occurs; "
            "indicator: the latest observation compared with the target; assessment: the latest analyst assessment; "
            "position: not tracked")),
        Column("indicator_id", required=False),
        Column("event_type", required=False, choices="event_types"),
        Column("comparison", required=False, choices=COMPARISONS),
        Column("target", required=False),
        Column("partial", required=False, description="for indicators: the level that counts as partially met"),
        Column("min_confidence", choices="confidence", description="the lowest confidence allowed to change a status"),
        Column("superseded_by", "list", required=False, description="event ids that remove the commitment's object"),
        Column("reason", description="what the rule means, in words; for a position, why it is not tracked"),
    ),
    key=("commitment_id",),
    description="What decides each commitment's status",
)


def load_rules(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / RULES_FILE, RULE_SCHEMA)
