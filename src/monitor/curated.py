"""The curated tables of a workspace as one typed bundle: indicators, the three ledgers and the status rules."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .assessments import ASSESSMENT_SCHEMA
from .events import EVENT_SCHEMA
from .indicators import INDICATOR_SCHEMA
from .observations import OBSERVATION_SCHEMA
from .rules import RULE_SCHEMA


def _empty(schema):
    return field(default_factory=lambda: pd.DataFrame(columns=schema.column_names))


@dataclass
class CuratedTables:
    """What analysts recorded, each table as strings in its schema's columns ('' for empty cells)."""

    indicators: pd.DataFrame = _empty(INDICATOR_SCHEMA)
    observations: pd.DataFrame = _empty(OBSERVATION_SCHEMA)
    events: pd.DataFrame = _empty(EVENT_SCHEMA)
    assessments: pd.DataFrame = _empty(ASSESSMENT_SCHEMA)
    rules: pd.DataFrame = _empty(RULE_SCHEMA)

    def indicator_types(self) -> dict[str, str]:
        """indicator_id -> its type (count, stock, flow, plan, percent, date, yesno, narrative)."""
        if self.indicators.empty:
            return {}
        return dict(zip(self.indicators["indicator_id"], self.indicators["type"]))
