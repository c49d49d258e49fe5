"""HXL-tagged CSV: the same rows with a row of HXL hashtags below the header (vocabularies/hxl_tags.csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .output import to_csv
from .vocab import load_vocabulary


def hashtags(table: str, columns, reference_dir: Path | None = None) -> list[str]:
    """The hashtag of each column of a table, '' for a column left untagged (HXL tools skip it)."""
    tags = load_vocabulary("hxl_tags", reference_dir)
    mine = tags[tags["table"] == table]
    by_column = dict(zip(mine["column"], mine["hashtag"]))
    return [by_column.get(str(c), "") for c in columns]


def to_hxl_csv(frame: pd.DataFrame, table: str, reference_dir: Path | None = None) -> str:
    """The table as the exports write it for spreadsheets (formula-like text quoted), its hashtag row second."""
    text = to_csv(frame, for_spreadsheets=True)
    header, _, rows = text.partition("\n")
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(hashtags(table, frame.columns, reference_dir))
    return f"{header}\n{line.getvalue()}{rows}"
