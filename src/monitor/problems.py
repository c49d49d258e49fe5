"""Problems found in data or text: collected, never thrown one by one."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

PROBLEM_COLUMNS = ["severity", "source", "location", "field", "message"]


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" stops a load; "warning" is shown and kept
    source: str  # file path or table/resolution name
    location: str  # "row 12", "OP7", "cell C5"
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.source, self.location, self.field) if part)
        return f"{where}: {self.message}"


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame([asdict(p) for p in problems], columns=PROBLEM_COLUMNS)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
